"""Fixtures of tests/integration beyond tests/conftest.py's."""
import pytest

from store_wiring import module_wiring, store, wiring  # noqa: F401 - the store of each test (tests/store_wiring.py)


@pytest.fixture(scope="session")
def engine(dynamodb):
    """The DynamoDB adapter's own tests (test_store.py, test_migrations.py): the session's DynamoDB
    Local, each module on a table of its own (dynamo_support.new_store); no second engine to start."""
    return dynamodb
