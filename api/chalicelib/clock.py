"""The time source, injectable so rules that depend on dates can be tested."""
from __future__ import annotations

import datetime as dt
from typing import Callable

Clock = Callable[[], dt.datetime]


def system_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


_now: Clock = system_now


def now() -> dt.datetime:
    return _now()


def set_clock(clock: Clock | None) -> None:
    """Tests only: fix the time the portal sees (None restores the system clock)."""
    global _now
    _now = clock or system_now
