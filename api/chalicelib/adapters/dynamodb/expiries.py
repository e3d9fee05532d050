"""Expiries (ports.storage.Expiries): the last day of each version's guarantee period, so the
daily job finds the guarantees whose period ended without reading them all. An entry of a
version whose end moved later stays until that day; the job compares with the latest
version and removes each entry it has dealt with."""
from __future__ import annotations

from ...usecases.ports.records import ConditionFailed, Record
from . import keys
from .engine import Engine, bound, unavailable_on_engine_errors
from .items import event_item, expiry_kept
from .models import CounterItem, ExpiryItem


class Expiries:
    _Expiry = bound(ExpiryItem)
    _Marker = bound(CounterItem)

    def __init__(self, engine: Engine):
        self._engine = engine

    @unavailable_on_engine_errors
    def ending_on(self, day: str, limit: int = 100) -> list[tuple[str, int, str]]:
        """(guarantee id, version, surety id) of versions whose guarantee period ends on ``day``,
        not yet settled by the daily job."""
        return [(item.guarantee_id, keys.parse_guarantee_version_sk(item.sk)[1], item.surety_id)
                for item in self._Expiry.query(keys.expiry_pk(day), consistent_read=True, limit=limit)]

    @unavailable_on_engine_errors
    def settle_ending(self, day: str, guarantee_id: str, version: int) -> None:
        """The job has dealt with this entry (event written, or not due: cancelled or moved)."""
        self._Expiry(keys.expiry_pk(day), keys.guarantee_version_sk(guarantee_id, version)).delete()

    @unavailable_on_engine_errors
    def add_expiry_event(self, guarantee_id: str, surety_id: str, day: str, event: Record) -> bool:
        """The `expired` event, once per guarantee and end day; False if it was written already."""
        marker = self._Marker(keys.guarantee_pk(guarantee_id), keys.expired_sk(day), count=1,
                              expires_at=expiry_kept(day))
        try:
            self._engine.transact("add_expiry_event", [
                ("marker", marker), ("event", event_item(self._engine, guarantee_id, event, surety_id))])
        except ConditionFailed:
            return False
        return True
