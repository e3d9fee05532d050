"""Fixtures of the API tests beyond tests/conftest.py's."""
from __future__ import annotations

import pytest

from store_wiring import module_wiring, store, wiring  # noqa: F401 - the store of each test (tests/store_wiring.py)

from openapi_document import new_surety


@pytest.fixture(scope="module")
def other_token(surety_token) -> str:
    """A second surety: it must never see the test surety's guarantees."""
    return new_surety("other-surety", "別保証株式会社")
