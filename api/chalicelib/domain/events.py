"""Entries of a guarantee's event log. Times are UTC; no entry ever holds a key or token."""
from __future__ import annotations

import datetime as dt
from typing import Any

from .formatting import iso_utc_precise as _at


def issued(now: dt.datetime, version: int, actor: dict[str, Any]) -> dict[str, Any]:
    return {"type": "issued", "at": _at(now), "version": version, "actor": actor}


def verification(now: dt.datetime, outcome: str, actor: dict[str, Any], version: int | None = None,
                 purpose: str = "verify") -> dict[str, Any]:
    """A check by number and key: to view the certificate ("verify") or to get the notice ("notice")."""
    event: dict[str, Any] = {"type": "verification", "at": _at(now), "outcome": outcome, "actor": actor, "purpose": purpose}
    if version is not None:
        event["version"] = version
    return event


def receipt(now: dt.datetime, version: int, actor: dict[str, Any], submission_id: str | None = None) -> dict[str, Any]:
    """受領: recorded on the verification page, or from the inbox (``submission_id``: the 電子提出 it answers)."""
    event: dict[str, Any] = {"type": "receipt", "at": _at(now), "version": version, "actor": actor}
    if submission_id:
        event["submission_id"] = submission_id
    return event


def receipt_withdrawn(now: dt.datetime, version: int, actor: dict[str, Any]) -> dict[str, Any]:
    """A receipt recorded by mistake, withdrawn by its department (within a day)."""
    return {"type": "receipt_withdrawn", "at": _at(now), "version": version, "actor": actor}


def amended(now: dt.datetime, version: int, actor: dict[str, Any], reason: str) -> dict[str, Any]:
    return {"type": "amended", "at": _at(now), "version": version, "actor": actor, "reason": reason}


def cancelled(now: dt.datetime, actor: dict[str, Any], date: str) -> dict[str, Any]:
    return {"type": "cancelled", "at": _at(now), "actor": actor, "date": date}


def expired(now: dt.datetime, version: int, date: str) -> dict[str, Any]:
    """The guarantee period ended on ``date`` (its last day) while the guarantee was in force;
    noticed by the daily job the next day (Japan's)."""
    return {"type": "expired", "at": _at(now), "version": version, "date": date,
            "actor": {"kind": "system", "job": "expiry"}}


def lockout(now: dt.datetime, scope: str, actor: dict[str, Any], until: dt.datetime) -> dict[str, Any]:
    """Checks for this number (or from this client) are refused until ``until``."""
    return {"type": "lockout", "at": _at(now), "scope": scope, "actor": actor, "until": _at(until)}


def submitted(now: dt.datetime, version: int, submission_id: str, orderer_id: str, department: str,
              actor: dict[str, Any], reference: str | None = None) -> dict[str, Any]:
    """電子提出: the contractor handed the version to its orderer in the portal. ``reference`` (the
    orderer's own 工事番号・契約番号) only where the orderer lets its issuers see it."""
    event: dict[str, Any] = {"type": "submitted", "at": _at(now), "version": version,
                             "submission_id": submission_id, "orderer_id": orderer_id,
                             "department": department, "actor": actor}
    if reference:
        event["reference"] = reference
    return event


def returned(now: dt.datetime, version: int, submission_id: str, reason: str, actor: dict[str, Any]) -> dict[str, Any]:
    """差戻し: the orderer returned the submission to the contractor, with its reason."""
    return {"type": "returned", "at": _at(now), "version": version, "submission_id": submission_id,
            "reason": reason, "actor": actor}
