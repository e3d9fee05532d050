"""Activity (ports.storage.Activity): what an orderer's staff did, per orderer in time order,
each entry gone after its time-to-live (domain/retention.py)."""
from __future__ import annotations

import builtins
import datetime as dt
import secrets

from ...domain.formatting import iso_utc_precise
from ...usecases.ports.records import Cursor, Record
from . import keys
from .engine import Engine, bound, plain, unavailable_on_engine_errors
from .models import ActivityItem, Item


class Activity:
    _Entry = bound(ActivityItem)

    def __init__(self, engine: Engine):
        self._engine = engine

    @unavailable_on_engine_errors
    def add(self, orderer_id: str, entry: Record, keep_until: dt.datetime) -> None:
        # After the entry's own time, when it was written and a random part: two entries of one
        # moment neither overwrite each other nor change places.
        tail = f"{iso_utc_precise(self._engine.now())}#{secrets.token_hex(4)}"
        self._Entry(keys.activity_pk(orderer_id), keys.activity_sk(entry["at"], tail), data=entry,
                    expires_at=keep_until).save(condition=Item.pk.does_not_exist())

    @unavailable_on_engine_errors
    def page(self, orderer_id: str, limit: int, start: Cursor | None) -> tuple[builtins.list[Record], Cursor | None]:
        result = self._Entry.query(keys.activity_pk(orderer_id), consistent_read=True, scan_index_forward=False,
                                   limit=limit, last_evaluated_key=start)
        return [plain(item.data.as_dict()) for item in result], result.last_evaluated_key
