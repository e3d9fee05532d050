"""The use cases, one module each (common/ holds what several share).

`usecases.<name>` imports a module on its first use (PEP 562), so a cold start imports only
what its first request needs: a verification never loads the issuance, amendment or
ledger code. Modules can still be imported by name as usual."""
from __future__ import annotations

import importlib
from types import ModuleType


def __getattr__(name: str) -> ModuleType:
    if name.startswith("_"):
        raise AttributeError(name)
    try:
        module = importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as e:
        if e.name == f"{__name__}.{name}":
            raise AttributeError(f"module {__name__!r} has no use case {name!r}") from None
        raise
    globals()[name] = module
    return module
