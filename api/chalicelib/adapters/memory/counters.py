"""Failure counters per window (all-or-nothing against their limits), and bursts of wrong
keys to tell sureties of, once per number and window."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ...usecases.ports.records import Burst, Record
from ...usecases.ports.counters import CounterKey, LimitedCounter
from .state import Condition, Item, State, Tx, page, plain, ttl


def _below(limit: int) -> Condition:
    """The engine's condition: no count yet, or a count below the limit."""
    return lambda item: item is None or item["count"] < limit


class MemoryCounters:
    def __init__(self, state: State):
        self._s = state

    def counts(self, keys: Sequence[CounterKey]) -> dict[CounterKey, int]:
        with self._s.lock:
            return {(name, window): int(self._s.counters.get((name, window), {}).get("count", 0))
                    for name, window in keys}

    def take(self, limited: Sequence[LimitedCounter], expires_at: dt.datetime) -> bool:
        until = ttl(expires_at)

        def one_more(item: Item) -> Item:
            return {"count": item.get("count", 0) + 1, "expires_at": until}
        with self._s.lock:
            tx = Tx(self._s, "take_from_counters")
            for name, window, limit in limited:
                tx.update("counter", "counters", (name, window), _below(limit), one_more)
            return tx.committed()

    def give_back(self, keys: Sequence[CounterKey]) -> None:
        with self._s.lock:
            for name, window in keys:
                item = self._s.counters.get((name, window))
                if item is not None and item["count"] > 0:
                    item["count"] -= 1

    def count_wrong_key(self, limited: Sequence[LimitedCounter], signal: CounterKey,
                        expires_at: dt.datetime) -> int | None:
        with self._s.lock:
            if not self.take(limited, expires_at):
                return None
            item = self._s.counters.setdefault(tuple(signal), {"count": 0})
            item.update(count=item["count"] + 1, expires_at=ttl(expires_at))
            return int(item["count"])

    def note_burst(self, number: str, window: str, at: str, until: str, count: int, actor: Record,
                   keep_until: dt.datetime) -> bool:
        with self._s.lock:
            return Tx(self._s, "note_burst").put("burst", "bursts", f"{window}#{number}", {
                "at": at, "until": until, "count": count, "actor": actor,
                "expires_at": ttl(keep_until)}).committed()

    def pending_bursts(self, limit: int = 100) -> list[Burst]:
        with self._s.lock:
            rows = [((key,), (key, plain(item)), None) for key, item in self._s.bursts.items()]
        out = []
        for key, item in page(rows, limit, None)[0]:
            window, number = key.split("#", 1)
            out.append(Burst(key, number, window, item["at"], item["until"], int(item["count"]), item["actor"]))
        return out

    def clear_burst(self, key: str) -> None:
        with self._s.lock:
            self._s.bursts.pop(key, None)
