"""Privileged writes with their audit entry (domain/audit.py): shared by the use cases that
change the registry or the sureties (an operator's, an orderer's administrator's, the setup's)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ...domain import audit
from ...domain.audit import AuditEntry
from ..ports.records import ConditionFailed
from .dependencies import get as deps

T = TypeVar("T")


def audited(write: Callable[[AuditEntry], T], actor: dict[str, Any] | None, action: str, target: str,
            details: dict[str, Any]) -> T:
    """Run ``write(entry)`` with the audit entry after the chain's head, reading the head again
    when another change took its place meanwhile (``actor`` None: the product's own setup)."""
    d = deps()
    for _ in range(5):
        entry = audit.next_entry(d.store.audit.head(), d.clock.now(), actor or audit.setup_actor("setup"),
                                 action, target, details)
        try:
            return write(entry)
        except ConditionFailed as failed:
            if failed.what != "audit":
                raise
    raise ConditionFailed("audit")
