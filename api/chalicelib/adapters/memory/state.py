"""The one shared state of a MemoryStore, its lock, and the all-or-nothing write.

Each aggregate keeps its items in a dict of its own (a "table" here), keyed the way the
DynamoDB table keys them, so that what is unique there is unique here. Values go in and
come out as copies: a caller never holds a reference into the store.

What the fake copies from the engine on purpose (tests/contract holds both to it):
- a transaction checks every condition before it writes anything, and names the first
  item whose condition failed, in the order DynamoDB's adapter sends them (condition
  checks, then puts, then updates);
- a transaction of nothing, of more than 100 actions, or of two actions on one item, is
  refused by the engine (a validation error, not a condition): StoreUnavailable; except that
  DynamoDB Local first fails the "not there yet" condition of a put of an item the write
  touched before (ConditionFailed);
- a query stopped by its limit returns a cursor even when nothing follows (DynamoDB's
  LastEvaluatedKey), and a cursor is the engine's key of the last item, by position;
- time-to-live deletes nothing a test can see (DynamoDB deletes lazily, DynamoDB Local
  not at all): an expired item is still read unless the method filters it;
- expiry times are kept to the whole second (a TTL attribute is epoch seconds);
- a value PynamoDB cannot serialise (a tuple inside a record) is a ValueError, nothing written.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ...usecases.ports.records import ConditionFailed, Cursor, StoreUnavailable

Item = dict[str, Any]
Key = Any


def plain(value: Any) -> Any:
    """A deep copy of a stored value, as the engine hands it back."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, set):
        return set(value)
    return value


_STORABLE = (str, int, float, bool, bytes)


def storable(value: Any) -> Any:
    """A deep copy of a value as the engine would store it; ValueError (nothing written) for
    what PynamoDB cannot serialise: any type but dict, list, str, int, float, bool, bytes, None
    and non-empty sets (exactly those types: a tuple or a str subclass is refused)."""
    if value is None or type(value) in _STORABLE:
        return value
    if type(value) is dict:
        return {k: storable(v) for k, v in value.items()}
    if type(value) is list:
        return [storable(v) for v in value]
    if type(value) is set and value and len({type(v) for v in value} - {int, float}) <= 1 \
            and {type(v) for v in value} <= {str, int, float, bytes}:
        return set(value)
    raise ValueError(f"Unsupported value type '{type(value)}'")


def ttl(moment: dt.datetime) -> int:
    """A TTL attribute's value: epoch seconds of an aware time (PynamoDB refuses a naive one)."""
    if moment.tzinfo is None:
        raise ValueError("datetime must be timezone-aware")
    return int(moment.timestamp())


def expiry(seconds: int) -> dt.datetime:
    """A TTL attribute's value as the engine reads it back (UTC, to the second)."""
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)


def from_ttl(seconds: int | None) -> dt.datetime | None:
    return None if seconds is None else expiry(seconds)


@dataclass
class State:
    """Every table of one store; hold ``lock`` for any read or write of them."""
    now: Callable[[], dt.datetime]
    lock: threading.RLock = field(default_factory=threading.RLock)
    idempotency: dict[Key, Item] = field(default_factory=dict)    # (surety, key)
    numbers: dict[Key, str] = field(default_factory=dict)         # (number, surety) -> guarantee id
    states: dict[Key, Item] = field(default_factory=dict)         # guarantee id
    heads: dict[Key, Item] = field(default_factory=dict)          # guarantee id
    versions: dict[Key, Item] = field(default_factory=dict)       # (guarantee id, version)
    keys: dict[Key, Item] = field(default_factory=dict)           # key hash
    events: dict[Key, Item] = field(default_factory=dict)         # (guarantee id, sk)
    expiries: dict[Key, Item] = field(default_factory=dict)       # (day, "<guarantee id>#<0000v>")
    expired: dict[Key, Item] = field(default_factory=dict)        # (guarantee id, day): event written
    ledger: dict[Key, Item] = field(default_factory=dict)         # (orderer, "<guarantee id>#<0000v>")
    jobs: dict[Key, Item] = field(default_factory=dict)           # (job, day)
    sureties: dict[Key, Item] = field(default_factory=dict)       # surety id
    tokens: dict[Key, Item] = field(default_factory=dict)         # token id
    codes: dict[Key, Item] = field(default_factory=dict)          # address hash
    sessions: dict[Key, Item] = field(default_factory=dict)       # token hash
    mails: dict[Key, Item] = field(default_factory=dict)          # mail id
    counters: dict[Key, Item] = field(default_factory=dict)       # (name, window)
    bursts: dict[Key, Item] = field(default_factory=dict)         # "<window>#<number>"
    signing_keys: dict[Key, Item] = field(default_factory=dict)   # kid
    webhooks: dict[Key, Item] = field(default_factory=dict)       # (surety, webhook id)
    bodies: dict[Key, Item] = field(default_factory=dict)         # body id
    enrolments: dict[Key, Item] = field(default_factory=dict)     # orderer id
    enrolment_history: dict[Key, Item] = field(default_factory=dict)  # (orderer id, revision)
    domains: dict[Key, Item] = field(default_factory=dict)        # staff e-mail domain -> {orderer_id}
    issued: dict[Key, Item] = field(default_factory=dict)         # (orderer id, kind, contract date)
    audit: dict[Key, Item] = field(default_factory=dict)          # seq
    audit_head: dict[Key, Item] = field(default_factory=dict)     # "HEAD"
    activity: dict[Key, Item] = field(default_factory=dict)       # (orderer id, "<at>#<n>")
    submissions: dict[Key, Item] = field(default_factory=dict)    # 受付番号
    submission_claims: dict[Key, Item] = field(default_factory=dict)  # (guarantee id, orderer id) -> 受付番号
    digests: dict[Key, Item] = field(default_factory=dict)        # (day, "<orderer id>#<department>")


Condition = Callable[[Item | None], bool]
Change = Callable[[Item], Item]  # given a copy of the item ({} if there is none), returns it as it is to be


class Tx:
    """One write of several items, all or nothing (a DynamoDB transaction). Use under the lock."""

    def __init__(self, state: State, operation: str):
        self.state, self.operation = state, operation
        self._checks: list[tuple[str, str, Key, Condition]] = []
        self._puts: list[tuple[str, str, Key, Any]] = []
        self._updates: list[tuple[str, str, Key, Condition, Change]] = []
        self._deletes: list[tuple[str, Key]] = []

    def check(self, name: str, table: str, key: Key, condition: Condition) -> Tx:
        self._checks.append((name, table, key, condition))
        return self

    def put(self, name: str, table: str, key: Key, item: Any) -> Tx:
        """A new item: its condition is that none is there under this key."""
        self._puts.append((name, table, key, storable(item)))
        return self

    def update(self, name: str, table: str, key: Key, condition: Condition, change: Change) -> Tx:
        """``change`` gets a copy of the item ({} if there is none, as the engine creates an item an
        update finds missing) and returns it as it is to be."""
        self._updates.append((name, table, key, condition, change))
        return self

    def delete(self, table: str, key: Key) -> Tx:
        self._deletes.append((table, key))
        return self

    def _first_failed(self) -> str | None:
        failed = [name for name, table, key, condition in self._checks if not condition(self._get(table, key))]
        # As DynamoDB Local judges it: an item an earlier action of the write touches is there
        # for a later put's "not there yet".
        touched = {(table, key) for _, table, key, _ in self._checks} | set(self._deletes)
        for name, table, key, _ in self._puts:
            if key in self._table(table) or (table, key) in touched:
                failed.append(name)
            touched.add((table, key))
        failed += [name for name, table, key, condition, _ in self._updates if not condition(self._get(table, key))]
        return failed[0] if failed else None

    def commit(self) -> None:
        targets = [(t, k) for _, t, k, _ in self._checks] + [(t, k) for _, t, k, _ in self._puts]
        targets += [(t, k) for _, t, k, _, _ in self._updates] + list(self._deletes)
        if not targets:
            raise StoreUnavailable(self.operation)  # the engine refuses a transaction of nothing
        if len(targets) > 100:
            raise StoreUnavailable(self.operation)  # and one of more than 100 actions
        failed = self._first_failed()
        if failed is not None:
            raise ConditionFailed(failed)
        if len(set(targets)) != len(targets):
            raise StoreUnavailable(self.operation)  # the engine refuses two actions on one item
        changed = [(table, key, storable(change(plain(self._get(table, key) or {}))))
                   for _, table, key, _, change in self._updates]
        for _, table, key, item in self._puts:
            self._table(table)[key] = item
        for table, key, item in changed:
            self._table(table)[key] = item
        for table, key in self._deletes:
            self._table(table).pop(key, None)

    def committed(self) -> bool:
        """Commit; False (nothing written) when a condition did not hold."""
        try:
            self.commit()
        except ConditionFailed:
            return False
        return True

    def _table(self, table: str) -> dict[Key, Item]:
        return getattr(self.state, table)

    def _get(self, table: str, key: Key) -> Item | None:
        return self._table(table).get(key)


def dynamo_key(**attributes: str) -> Cursor:
    """A cursor in the engine's shape (its LastEvaluatedKey): opaque to the use cases, JSON."""
    return {name: {"S": value} for name, value in attributes.items()}


def page(rows: Iterable[tuple[tuple[str, ...], Any, Cursor | None]], limit: int | None, start: Cursor | None,
         descending: bool = False, start_position: Callable[[Cursor], tuple[str, ...]] | None = None,
         ) -> tuple[list[Any], Cursor | None]:
    """A query: rows are (position, value, cursor of the row); sorted by position, those after
    ``start`` (by position: the row itself may be gone), at most ``limit``. The cursor is the
    last row's when the limit stopped the query, None otherwise."""
    ordered = sorted(rows, key=lambda row: row[0], reverse=descending)
    if start is not None and start_position is not None:
        at = start_position(start)
        ordered = [row for row in ordered if (row[0] < at if descending else row[0] > at)]
    if limit is not None and len(ordered) >= limit:
        taken = ordered[:limit]
        return [value for _, value, _ in taken], taken[-1][2]
    return [value for _, value, _ in ordered], None


def position_of(*names: str) -> Callable[[Cursor], tuple[str, ...]]:
    """Where a cursor in the engine's shape stands: its attributes' values in ``names`` order."""
    def position(cursor: Cursor) -> tuple[str, ...]:
        return tuple(cursor[name]["S"] for name in names)
    return position
