"""The SDK's generated layer is not committed: `make install` (or `make client`) writes it into
clients/python/src/, where these tests import the SDK from. Without it, say so once, plainly,
rather than as an ImportError in every file."""
from store_wiring import module_wiring, store, wiring  # noqa: F401 - the store of each test (tests/store_wiring.py)
from support import REPO

LAYER = REPO / "clients" / "python" / "src" / "e_guarantee_portal_client" / "__init__.py"

if not LAYER.is_file():
    raise RuntimeError(f"{LAYER.parent.relative_to(REPO)} is missing: run `make client` (make install does it)")
