"""Entries of a guarantee's event log. Times are UTC; no entry ever holds a key or token."""
from __future__ import annotations

import datetime as dt


def _at(now: dt.datetime) -> str:
    return now.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def issued(now: dt.datetime, version: int, actor: dict) -> dict:
    return {"type": "issued", "at": _at(now), "version": version, "actor": actor}


def verification(now: dt.datetime, outcome: str, actor: dict, version: int | None = None,
                 purpose: str = "verify") -> dict:
    """A check by number and key: to view the certificate ("verify") or to get the notice ("notice")."""
    event = {"type": "verification", "at": _at(now), "outcome": outcome, "actor": actor, "purpose": purpose}
    if version is not None:
        event["version"] = version
    return event
