"""A reply of the portal as JSON in the portal's own form. The generated models give times
back as Python writes them (`2026-12-01T01:15:42.123456+00:00`); the portal writes UTC with
`Z`, to the second, or to the microsecond where it keeps them (an event's `at`):
`2026-12-01T01:15:42Z`, `2026-12-01T01:15:42.123456Z`. What the CLI prints is what the API
documents, so a script reads both alike."""
from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import attrs


def api_time(moment: dt.datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        return dt.datetime.isoformat(moment)  # not the portal's (it writes every time in UTC): as it is
    utc = dt.datetime.astimezone(moment, dt.timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ" if utc.microsecond else "%Y-%m-%dT%H:%M:%SZ")


class _ApiTime(dt.datetime):
    """A datetime whose isoformat() is the portal's form (what the generated to_dict calls)."""

    def isoformat(self, sep: str = "T", timespec: str = "auto") -> str:
        return api_time(self)


def _with_api_times(value: Any) -> Any:
    """A copy of a model with its datetimes as `_ApiTime` (shallow copies along the way: the
    generated code tells an absent field by the identity of its UNSET, which a deep copy breaks)."""
    if isinstance(value, dt.datetime):
        return _ApiTime(value.year, value.month, value.day, value.hour, value.minute, value.second,
                        value.microsecond, value.tzinfo, fold=value.fold)
    if isinstance(value, list):
        return [_with_api_times(item) for item in value]
    if attrs.has(type(value)):
        value = copy.copy(value)
        for field in attrs.fields(type(value)):
            setattr(value, field.name, _with_api_times(getattr(value, field.name)))
    return value


def api_json(value: Any) -> Any:
    """A generated model (or a plain dict: `NewerEvent`, which is the portal's JSON as it came)
    as the portal's JSON."""
    if isinstance(value, dict):
        return value.to_dict() if hasattr(value, "to_dict") else value
    if hasattr(value, "to_dict"):
        return _with_api_times(value).to_dict()
    return value
