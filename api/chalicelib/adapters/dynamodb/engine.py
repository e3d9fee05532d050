"""The connection to the one table and what every repository here shares: models bound to
this store's table, the engine's errors mapped to the ports' (records.StoreUnavailable,
records.ConditionFailed), the transaction helper and the conditional put and update.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from functools import cached_property, wraps
from typing import Any, TypeVar

from botocore.exceptions import BotoCoreError, ClientError
from pynamodb.attributes import MapAttribute
from pynamodb.connection import Connection
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.exceptions import (PutError, PynamoDBConnectionError, PynamoDBException, TransactWriteError,
                                 UpdateError)
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from ...usecases.ports.records import ConditionFailed, StoreUnavailable
from .models import Item

CONDITION_FAILED = "ConditionalCheckFailed"
CANCELLED = "TransactionCanceledException"

M = TypeVar("M", bound=Model)
F = TypeVar("F", bound=Callable[..., Any])

# Deliberate: a verification must answer quickly or fail clearly, not hang. DynamoDB answers
# in milliseconds; a call that hangs costs at most 4 attempts × 3 s plus standard-mode backoff
# (≤ 1 + 2 + 4 s) ≈ 19 s, so the 503 leaves API Gateway's 29 s limit 10 s of margin (with 5 s
# it was ≈ 27 s: a 504 with no Retry-After).
CONNECT_TIMEOUT_SECONDS = 2
READ_TIMEOUT_SECONDS = 3
MAX_RETRY_ATTEMPTS = 3
MAX_TRANSACTION_ACTIONS = 100  # DynamoDB's limit for one TransactWriteItems


def error_code(e: PynamoDBException) -> str | None:
    """The DynamoDB error code behind a PynamoDB error, or None when DynamoDB never answered.
    Not `e.cause_response_code`: that raises AttributeError when the cause is a botocore
    HTTP error without a response (a read timeout), which turned a timeout into a 500."""
    response = getattr(e.cause, "response", None)
    if not isinstance(response, dict):
        return None
    return (response.get("Error") or {}).get("Code")


def unavailable_on_engine_errors(fn: F) -> F:
    """An engine that cannot answer is StoreUnavailable (503); a cancelled transaction is
    left to the caller, which knows which condition it was."""
    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except TransactWriteError as e:
            if error_code(e) == CANCELLED:
                raise
            raise StoreUnavailable(fn.__name__) from e
        except PynamoDBConnectionError as e:
            raise StoreUnavailable(fn.__name__) from e
    return wrapper  # type: ignore[return-value]


class Engine:
    """One store's table: its name, region and endpoint, bound when the store is built."""

    def __init__(self, table_name: str, region: str, endpoint: str | None, now: Callable[[], dt.datetime]):
        self.table_name = table_name
        self.region = region
        self.endpoint = endpoint
        self.now = now
        self._bound: dict[type, type] = {}
        self._lock = threading.Lock()

    @cached_property
    def connection(self) -> Connection:
        """One connection for transactions, batch and raw reads (creating a botocore client per
        call would cost more than the call). TransactWrite does not inherit Meta.host: pass it."""
        return Connection(region=self.region, host=self.endpoint,
                          connect_timeout_seconds=CONNECT_TIMEOUT_SECONDS,
                          read_timeout_seconds=READ_TIMEOUT_SECONDS, max_retry_attempts=MAX_RETRY_ATTEMPTS)

    def bound(self, model: type[M]) -> type[M]:
        """``model`` on this store's table: a subclass with its own Meta, and so its own
        PynamoDB connection (PynamoDB caches one per model class in ``_connection``)."""
        cls = self._bound.get(model)
        if cls is None:
            with self._lock:
                cls = self._bound.get(model)
                if cls is None:
                    meta = type("Meta", (), {
                        "table_name": self.table_name, "region": self.region, "host": self.endpoint,
                        "connect_timeout_seconds": CONNECT_TIMEOUT_SECONDS,
                        "read_timeout_seconds": READ_TIMEOUT_SECONDS, "max_retry_attempts": MAX_RETRY_ATTEMPTS})
                    cls = type(model.__name__, (model,), {"Meta": meta, "__module__": model.__module__,
                                                          "__qualname__": model.__qualname__})
                    self._bound[model] = cls
        return cls

    def get_raw(self, operation: str, pk: str, sk: str) -> dict | None:
        """One strongly consistent GetItem, straight to the API (PynamoDB's Model.get would
        first build its table connection: more work on a cold start)."""
        request = {"TableName": self.table_name, "Key": {"pk": {"S": pk}, "sk": {"S": sk}}, "ConsistentRead": True}
        try:
            return self.connection.dispatch("GetItem", request).get("Item")
        except (BotoCoreError, ClientError) as e:
            raise StoreUnavailable(operation) from e

    def transaction(self) -> TransactWrite:
        return TransactWrite(connection=self.connection)

    def transact(self, operation: str, puts: Sequence[tuple[str, Model]],
                 updates: Sequence[tuple[str, Model, Sequence[Action], Condition | None]] = (),
                 checks: Sequence[tuple[str, type[Model], str, str, Condition]] = (),
                 replaces: Sequence[tuple[str, Model, Condition | None]] = (),
                 deletes: Sequence[Model] = ()) -> None:
        """One DynamoDB transaction: puts of new items, conditional updates of existing ones,
        condition checks (name, bound model, pk, sk, condition) of items left as they are,
        puts that replace an item (on a condition, or none) and deletes (unconditional).
        Raises ConditionFailed(name of the first item whose condition failed); more than the
        engine's 100 actions is StoreUnavailable, as the engine would refuse them."""
        if len(puts) + len(updates) + len(checks) + len(replaces) + len(deletes) > MAX_TRANSACTION_ACTIONS:
            raise StoreUnavailable(operation)
        try:
            with self.transaction() as tx:
                for _, model, pk, sk, condition in checks:
                    tx.condition_check(model, pk, sk, condition=condition)
                for item in deletes:
                    tx.delete(item)
                for _, item in puts:
                    tx.save(item, condition=Item.pk.does_not_exist())
                for _, item, replace_condition in replaces:
                    tx.save(item, condition=replace_condition)
                for _, item, actions, update_condition in updates:
                    tx.update(item, actions=list(actions), condition=update_condition)
        except TransactWriteError as e:
            if error_code(e) != CANCELLED:
                raise
            reasons = e.cancellation_reasons or []
            # DynamoDB reports one reason per item, in the order sent: PynamoDB sends condition
            # checks, then deletes, then puts (here new items before replaced ones), then updates.
            names = [c[0] for c in checks] + ["delete" for _ in deletes] + [name for name, _ in puts] + \
                [r[0] for r in replaces] + [u[0] for u in updates]
            for name, reason in zip(names, reasons):
                if reason is not None and reason.code == CONDITION_FAILED:
                    raise ConditionFailed(name) from e
            conflicts = [name for name, reason in zip(names, reasons)
                         if reason is not None and reason.code == "TransactionConflict"]
            if conflicts:
                # Another transaction was writing the same items at that instant. On the audit
                # chain's head that is another audited write moving it: as when it has moved
                # ("audit": read the head again and retry).
                raise ConditionFailed("audit" if "audit" in conflicts else "transaction") from e
            raise StoreUnavailable(operation) from e


class bound:
    """A repository's model on its store's table, bound on first use (a cold start that only
    verifies binds the two models it reads, not every model of the repository)."""

    def __init__(self, model: type[Model]):
        self.model = model

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, repository, owner=None):
        if repository is None:
            return self
        cls = repository._engine.bound(self.model)
        repository.__dict__[self.name] = cls  # from now on a plain attribute
        return cls


def saved_if(item: Model, condition) -> bool:
    """Save the item if the condition holds; False (nothing written) if it does not."""
    try:
        item.save(condition=condition)
    except PutError as e:
        if error_code(e) == "ConditionalCheckFailedException":
            return False
        raise
    return True


def updated_if(item: Model, actions: list, condition) -> bool:
    """Update the item if the condition holds; False (nothing written) if it does not."""
    try:
        item.update(actions=actions, condition=condition)
    except UpdateError as e:
        if error_code(e) == "ConditionalCheckFailedException":
            return False
        raise
    return True


def plain(value):
    """Raw map/list attributes back to plain dicts and lists."""
    if isinstance(value, MapAttribute):
        return {k: plain(v) for k, v in value.as_dict().items()}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
