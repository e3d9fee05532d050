"""Fixtures of tests/site beyond tests/conftest.py's."""
from store_wiring import module_wiring, store, wiring  # noqa: E402,F401 - the store of each test (tests/store_wiring.py)
