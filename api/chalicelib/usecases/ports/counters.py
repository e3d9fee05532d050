"""Counts in windows of time: wrong keys, wrong codes, acts limited an hour (storage.py states the
rules every store keeps). A counter key is (name, window): the name as the domain builds it
(domain/attempts.py), the window a label; a counter never seen is 0."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from .records import Burst, Record

CounterKey = tuple[str, str]             # (name, window)
LimitedCounter = tuple[str, str, int]    # (name, window, limit)


class Counters(Protocol):
    """Failure counters per window, and bursts of wrong keys to tell sureties of."""

    def counts(self, keys: Sequence[CounterKey]) -> dict[CounterKey, int]: ...

    def take(self, limited: Sequence[LimitedCounter], expires_at: dt.datetime) -> bool:
        """One more on each counter, only while every one is below its limit, all together:
        False (nothing counted) when a limit is reached. A concurrent count on the same
        counter is retried, never reported as a limit."""

    def give_back(self, keys: Sequence[CounterKey]) -> None:
        """Undo ``take`` (best effort, never fails the caller)."""

    def count_wrong_key(self, limited: Sequence[LimitedCounter], signal: CounterKey,
                        expires_at: dt.datetime) -> int | None:
        """``take``, then one more on the signal counter: its new value, or None at a limit."""

    def note_burst(self, number: str, window: str, at: str, until: str, count: int, actor: Record,
                   keep_until: dt.datetime) -> bool:
        """Once per number and window; False if noted already."""

    def pending_bursts(self, limit: int = 100) -> list[Burst]: ...

    def clear_burst(self, key: str) -> None: ...
