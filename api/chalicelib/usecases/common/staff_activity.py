"""Noting what a member of an orderer's staff did, for its administrator's activity list
(usecases/orderer_admin.py reads it). Noted after the act succeeded, and only noted: a store
that refuses the note does not undo a sign-in or a receipt already made (it is logged)."""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from ...domain import retention, staff_activity
from ..ports.records import StoreUnavailable
from .dependencies import get as deps

log = logging.getLogger("portal.staff")


def note(orderer_id: str, email: str, action: str, at: dt.datetime, **receipt: Any) -> None:
    """``receipt``: guarantee_id, version, contract_number, department, name (never a key or code)."""
    try:
        deps().store.activity.add(orderer_id, staff_activity.entry(at, email, action, **receipt),
                                  at + retention.STAFF_ACTIVITY)
    except StoreUnavailable:
        log.warning("staff activity not noted (%s of orderer %s): the store was unavailable", action, orderer_id)
