"""Which 受領台帳 an orderer's staff read: their orderer's own and its predecessors'
(PublicBody.predecessors: the bodies merged into it, whose receipts stay under their own ids)."""
from __future__ import annotations

from typing import Any

from ...domain.staff import Staff
from . import orderers
from .dependencies import get as deps


def ledger_ids(staff: Staff) -> tuple[str, ...]:
    """Their orderer's, then its predecessors' (from the registry now)."""
    body = orderers.body(staff.orderer_id)
    return (staff.orderer_id, *(body.predecessors if body else ()))


def find_entry(staff: Staff, guarantee_id: str, version: int) -> tuple[str, dict[str, Any]] | None:
    """(the ledger's orderer id, the row) of a receipt the staff may read."""
    ledger = deps().store.ledger
    for orderer_id in ledger_ids(staff):
        entry = ledger.entry(orderer_id, guarantee_id, version)
        if entry is not None:
            return orderer_id, entry
    return None
