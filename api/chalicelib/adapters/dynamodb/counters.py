"""Counters (ports.storage.Counters): failure counters per window (the domain names them,
keys.counter_pk makes their key) and bursts of wrong keys to tell sureties of."""
from __future__ import annotations

import datetime as dt
import logging
import random
import time
from collections.abc import Sequence

from pynamodb.exceptions import PynamoDBException, TransactWriteError

from ...usecases.ports.records import Burst, Record, StoreUnavailable
from ...usecases.ports.counters import CounterKey, LimitedCounter
from . import keys as table_keys
from .engine import (CANCELLED, CONDITION_FAILED, Engine, bound, error_code, plain, saved_if,
                     unavailable_on_engine_errors, updated_if)
from .models import BurstItem, CounterItem

log = logging.getLogger("portal.store")

# Tries of a counting transaction that met another one on the same counter.
COUNTER_TRIES = 3


class Counters:
    _Counter = bound(CounterItem)
    _Burst = bound(BurstItem)

    def __init__(self, engine: Engine):
        self._engine = engine

    def _item(self, name: str, window: str) -> CounterItem:
        return self._Counter(table_keys.counter_pk(name), window)

    @unavailable_on_engine_errors
    def counts(self, keys: Sequence[CounterKey]) -> dict[CounterKey, int]:
        """Strongly consistent; a missing one is 0."""
        found = {(item.pk, item.sk): int(item.count) for item in self._Counter.batch_get(
            [(table_keys.counter_pk(name), window) for name, window in keys], consistent_read=True)}
        return {(name, window): found.get((table_keys.counter_pk(name), window), 0) for name, window in keys}

    @unavailable_on_engine_errors
    def take(self, limited: Sequence[LimitedCounter], expires_at: dt.datetime) -> bool:
        """All together in one conditional write, no read first, so a parallel burst passes
        exactly the limit, never more. Only a failed condition means a limit: two requests
        counting on the same counter at the same instant (TransactionConflict, e.g. two clerks
        behind one town hall's address) are tried again, and a conflict that persists is the
        store being unavailable, never a 429."""
        for attempt in range(COUNTER_TRIES):
            try:
                with self._engine.transaction() as tx:
                    for name, window, limit in limited:
                        tx.update(self._item(name, window),
                                  actions=[CounterItem.count.add(1), CounterItem.expires_at.set(expires_at)],
                                  condition=CounterItem.count.does_not_exist() | (CounterItem.count < limit))
            except TransactWriteError as e:
                if error_code(e) != CANCELLED:
                    raise
                reasons = [r.code for r in (e.cancellation_reasons or []) if r is not None]
                if CONDITION_FAILED in reasons:
                    return False
                if attempt + 1 < COUNTER_TRIES:
                    time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))  # noqa: S311 - jitter, not a secret
                    continue
                raise StoreUnavailable("take_from_counters") from e
            return True
        raise AssertionError("unreachable")

    def give_back(self, keys: Sequence[CounterKey]) -> None:
        """For what turned out not to count (a right sign-in code). Best effort: by now the right
        code has signed in; a give-back lost to a concurrent write or an engine error leaves one
        count too many for at most the hour, which must not turn the sign-in into an error."""
        for name, window in keys:
            try:
                updated_if(self._item(name, window), [CounterItem.count.add(-1)], CounterItem.count > 0)
            except (PynamoDBException, StoreUnavailable) as e:
                log.warning("counter give-back skipped: %s", type(e).__name__)

    @unavailable_on_engine_errors
    def count_wrong_key(self, limited: Sequence[LimitedCounter], signal: CounterKey,
                        expires_at: dt.datetime) -> int | None:
        """Each limited counter goes up only while below its limit, all together, then the signal
        counter. The same writes whatever the number: nothing here depends on whether it exists."""
        if not self.take(limited, expires_at):
            return None
        item = self._item(*signal)
        item.update(actions=[CounterItem.count.add(1), CounterItem.expires_at.set(expires_at)])
        return int(item.count)

    @unavailable_on_engine_errors
    def note_burst(self, number: str, window: str, at: str, until: str, count: int, actor: Record,
                   keep_until: dt.datetime) -> bool:
        """Written by the request that got to the signal, the same write whether the number exists
        or not; the sweep tells the guarantees' sureties and removes it."""
        item = self._Burst(table_keys.BURSTS_PK, table_keys.burst_sk(window, number), at=at, until=until, count=count,
                           actor=actor, expires_at=keep_until)
        return saved_if(item, BurstItem.pk.does_not_exist())

    @unavailable_on_engine_errors
    def pending_bursts(self, limit: int = 100) -> list[Burst]:
        out = []
        for item in self._Burst.query(table_keys.BURSTS_PK, consistent_read=True, limit=limit):
            window, number = table_keys.parse_burst_sk(item.sk)
            out.append(Burst(item.sk, number, window, item.at, item.until, int(item.count),
                             plain(item.actor.as_dict())))
        return out

    @unavailable_on_engine_errors
    def clear_burst(self, key: str) -> None:
        self._Burst(table_keys.BURSTS_PK, key).delete()
