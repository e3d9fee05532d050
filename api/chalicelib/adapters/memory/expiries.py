"""The last day of each version's guarantee period, for the daily expiry job, and the marker
that writes its `expired` event once per guarantee and day."""
from __future__ import annotations

import datetime as dt

from ...usecases.ports.records import Record
from .events import put_event
from .state import State, Tx, page, ttl

# An entry outlives its day by the job's look-back and a margin (as the table's TTL).
_KEPT = dt.timedelta(days=40)


def _kept(day: str) -> int:
    return ttl(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), dt.timezone.utc) + _KEPT)


def put_expiry(tx: Tx, guarantee_id: str, version: int, surety_id: str, version_record: Record) -> Tx:
    end = version_record["terms"]["guarantee_period"]["end"]
    return tx.put("expiry", "expiries", (end, f"{guarantee_id}#{version:04d}"),
                  {"surety_id": surety_id, "guarantee_id": guarantee_id, "expires_at": _kept(end)})


class MemoryExpiries:
    def __init__(self, state: State):
        self._s = state

    def ending_on(self, day: str, limit: int = 100) -> list[tuple[str, int, str]]:
        with self._s.lock:
            rows = [((sk,), (item["guarantee_id"], int(sk.rsplit("#", 1)[1]), item["surety_id"]), None)
                    for (d, sk), item in self._s.expiries.items() if d == day]
        return page(rows, limit, None)[0]

    def settle_ending(self, day: str, guarantee_id: str, version: int) -> None:
        with self._s.lock:
            self._s.expiries.pop((day, f"{guarantee_id}#{version:04d}"), None)

    def add_expiry_event(self, guarantee_id: str, surety_id: str, day: str, event: Record) -> bool:
        with self._s.lock:
            tx = Tx(self._s, "add_expiry_event")
            tx.put("marker", "expired", (guarantee_id, day), {"count": 1, "expires_at": _kept(day)})
            return put_event(tx, self._s, guarantee_id, event, surety_id).committed()
