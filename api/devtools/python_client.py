"""Make the surety SDK's generated layer in the repository, from the OpenAPI document:

    PYTHONPATH=api .venv/bin/python -m devtools.python_client      (make client; make install)

The layer (`e_guarantee_portal_client` and `request_fields.json`, clients/python/sdk_layer.py
says what each is) is never committed: the SDK's build makes its own for the wheel, and this
writes it into clients/python/src/, in folders .gitignore ignores, for what imports the SDK
from the repository (the tests, devtools.webhook_receiver, the site's CSV template). A test
regenerates it into a temporary folder and fails if this copy differs (the document changed,
`make client` was not run).
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SDK = REPO / "clients" / "python"
SOURCE = SDK / "src"


def _layer():
    # The SDK's build module, the one statement of how the layer is made (it is no package).
    spec = importlib.util.spec_from_file_location("sdk_layer", SDK / "sdk_layer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


layer = _layer()
PACKAGE = layer.PACKAGE
TARGET = SOURCE / PACKAGE
FIELDS = SOURCE / layer.FIELDS


def generate(into: Path) -> Path:
    """The generated package, written under `into`; returns its folder."""
    return layer.generate(REPO, into)


def request_fields() -> dict:
    return layer.request_fields(REPO)


def main() -> int:
    layer.write(REPO, SOURCE)
    print(f"{TARGET.relative_to(REPO)}, {FIELDS.relative_to(REPO)}: made from {layer.DOCUMENT.as_posix()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
