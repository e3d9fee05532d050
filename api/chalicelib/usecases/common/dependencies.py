"""The one installed set of dependencies the use cases reach (ports/services.Dependencies).

The composition root (chalicelib/bootstrap.py) installs it: the product's adapters for the
API and the tools, the in-memory store for tests. Installing builds nothing: each member is
made when first used."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # not at run time: importing the app stays as lean as before
    from ..ports.services import Dependencies

_installed: Dependencies | None = None


def install(dependencies: Dependencies | None) -> None:
    """Make these the dependencies of every use case (None: none, until installed again)."""
    global _installed
    _installed = dependencies


def get() -> Dependencies:
    if _installed is None:
        raise RuntimeError("no dependencies installed: call chalicelib.bootstrap.install() first")
    return _installed


def is_installed() -> bool:
    return _installed is not None
