"""Fixtures of tests/integration beyond tests/conftest.py's."""
from store_wiring import module_wiring, store, wiring  # noqa: F401 - the store of each test (tests/store_wiring.py)
