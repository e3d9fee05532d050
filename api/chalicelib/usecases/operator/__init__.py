"""The operator's (運営者) use cases: the national list of public bodies (bodies), enrolments in
電子保証 (enrolments, enrolment_writes), sureties and their API tokens (sureties), the audit log
(audit_log). Each write carries its audit entry (usecases/common/audited.py).

A module is imported on its first use (PEP 562), as usecases/ does."""
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
