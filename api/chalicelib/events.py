"""Entries of a guarantee's event log. Times are UTC; no entry ever holds a key or token."""
from __future__ import annotations

import datetime as dt


def _at(now: dt.datetime) -> str:
    return now.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def issued(now: dt.datetime, version: int, actor: dict) -> dict:
    return {"type": "issued", "at": _at(now), "version": version, "actor": actor}


def verification(now: dt.datetime, outcome: str, actor: dict, version: int | None = None) -> dict:
    event = {"type": "verification", "at": _at(now), "outcome": outcome, "actor": actor}
    if version is not None:
        event["version"] = version
    return event
