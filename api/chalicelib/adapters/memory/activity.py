"""What an orderer's staff did, in memory, newest first."""
from __future__ import annotations

import datetime as dt
import itertools

from ...usecases.ports.records import Cursor, Record
from .state import State, dynamo_key, page, plain, position_of, storable, ttl


class MemoryActivity:
    def __init__(self, state: State):
        self._s = state
        self._n = itertools.count()

    def add(self, orderer_id: str, entry: Record, keep_until: dt.datetime) -> None:
        with self._s.lock:
            sk = f"{entry['at']}#{next(self._n):08d}"
            self._s.activity[(orderer_id, sk)] = storable({**entry, "expires_at": ttl(keep_until)})

    def page(self, orderer_id: str, limit: int, start: Cursor | None) -> tuple[list[Record], Cursor | None]:
        with self._s.lock:
            rows = [((sk,), {k: v for k, v in plain(item).items() if k != "expires_at"}, dynamo_key(pk=f"ACTIVITY#{oid}", sk=sk))
                    for (oid, sk), item in self._s.activity.items() if oid == orderer_id]
        return page(rows, limit, start, descending=True, start_position=position_of("sk"))
