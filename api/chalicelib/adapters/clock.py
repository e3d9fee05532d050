"""The time source, injectable so rules that depend on dates can be tested.

Every business rule judges dates in Japan: `today()` is the one business date, the JST
date of `now()`. Nothing in the product, its tests, demo data or benchmarks takes the
date from the machine (its UTC date differs from Japan's nine hours a day)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Clock = Callable[[], dt.datetime]
JST = dt.timezone(dt.timedelta(hours=9), "JST")


def system_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


_now: Clock = system_now


def now() -> dt.datetime:
    return _now()


def today() -> dt.date:
    """The business date: today in Japan, by the product's clock."""
    return now().astimezone(JST).date()


def set_clock(clock: Clock | None) -> None:
    """Tests only: fix the time the portal sees (None restores the system clock)."""
    global _now
    _now = clock or system_now
