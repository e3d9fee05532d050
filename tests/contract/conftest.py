"""The contract suite's stores: every test here runs once on the in-memory fake and once on
the DynamoDB adapter on the session's DynamoDB Local, in a table of its own (one for the
session: the tests use ids of their own, see contract_support.uid).

Both stores read one clock, which a test sets (contract_support.Clock); nothing takes the
time from the machine.
"""
from __future__ import annotations

import uuid

import pytest

from contract_support import Clock

BACKENDS = [
    pytest.param("memory", id="memory"),
    pytest.param("dynamodb", id="dynamodb", marks=pytest.mark.dynamodb),
]


@pytest.fixture(scope="session")
def contract_clock() -> Clock:
    return Clock()


@pytest.fixture(scope="session")
def contract_engine(dynamodb):
    """The session's DynamoDB Local (started only if a test needs it); the suite's table is its own."""
    return dynamodb


@pytest.fixture(scope="session")
def dynamodb_store(contract_engine, contract_clock):
    from chalicelib.adapters.dynamodb import DynamoDBStore
    store = DynamoDBStore(f"contract-{uuid.uuid4().hex[:8]}", "ap-northeast-1", contract_engine.endpoint,
                          contract_clock.now)
    assert store.ensure_table() is True
    return store


@pytest.fixture(params=BACKENDS)
def store(request, contract_clock):
    """A Store (ports.storage.Store): a fresh MemoryStore, or the session's DynamoDBStore."""
    contract_clock.reset()
    if request.param == "memory":
        from chalicelib.adapters.memory import MemoryStore
        return MemoryStore(contract_clock.now)
    return request.getfixturevalue("dynamodb_store")


@pytest.fixture
def clock(contract_clock) -> Clock:
    return contract_clock


@pytest.fixture
def backend(request, store) -> str:
    """Which store this run of the test has: "memory" or "dynamodb"."""
    return request.node.callspec.params["store"]



@pytest.fixture
def fresh_store(request, store, contract_clock):
    """A store of this test's alone (a new table on DynamoDB Local): for what reads a whole
    table's worth (the full list of bodies, the whole audit chain) or edits it behind its back."""
    if request.node.callspec.params["store"] == "memory":
        from chalicelib.adapters.memory import MemoryStore
        yield MemoryStore(contract_clock.now)
        return
    from chalicelib.adapters.dynamodb import DynamoDBStore
    own = DynamoDBStore(f"contract-{uuid.uuid4().hex[:8]}", "ap-northeast-1", store.engine.endpoint,
                        contract_clock.now)
    assert own.ensure_table() is True
    yield own
    own.engine.connection.delete_table(own.engine.table_name)
