"""Read and write units DynamoDB consumed, as it reports them (ReturnConsumedCapacity=TOTAL), for
the benchmarks and the load test (issue 30): what an operation costs on demand, counted by the
engine itself rather than estimated.

Measuring code, never the product's: it wraps botocore's one call path for every client of the
process (PynamoDB makes a client per connection), only inside ``tally()`` or when
PORTAL_CONSUMED_CAPACITY=1 is set for a whole process (``install_from_environment``).
"""
from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from botocore.client import BaseClient

# The operations that accept ReturnConsumedCapacity (the others would refuse the parameter).
_OPERATIONS = {"GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem",
               "BatchWriteItem", "TransactGetItems", "TransactWriteItems"}


@dataclass
class Units:
    read: float = 0.0
    write: float = 0.0
    calls: int = 0
    by_operation: dict[str, list[float]] = field(default_factory=dict)  # name → [read, write, calls]

    def add(self, operation: str, read: float, write: float) -> None:
        self.read += read
        self.write += write
        self.calls += 1
        entry = self.by_operation.setdefault(operation, [0.0, 0.0, 0])
        entry[0] += read
        entry[1] += write
        entry[2] += 1


_lock = threading.Lock()
_open: list[Units] = []
# Told of each call (operation, read, write) in the calling thread: the load server charges a call to
# the request being served on that thread.
_listeners: list[Callable[[str, float, float], None]] = []
_original = BaseClient._make_api_call
_installed = False


def _consumed(reply: dict[str, Any]) -> tuple[float, float]:
    read = write = 0.0
    consumed = reply.get("ConsumedCapacity")
    for entry in consumed if isinstance(consumed, list) else [consumed] if consumed else []:
        total = float(entry.get("CapacityUnits") or 0.0)
        r, w = entry.get("ReadCapacityUnits"), entry.get("WriteCapacityUnits")
        if r is None and w is None:
            # Only the total is given: reads report it for reads, writes for writes.
            r, w = (0.0, total) if reply.get("_write") else (total, 0.0)
        read += float(r or 0.0)
        write += float(w or 0.0)
    return read, write


_WRITES = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}


def _make_api_call(self: BaseClient, operation_name: str, api_params: dict[str, Any]) -> Any:
    counting = operation_name in _OPERATIONS and self.meta.service_model.service_name == "dynamodb" and \
        (_open or _listeners)
    if counting:
        api_params = {**api_params, "ReturnConsumedCapacity": "TOTAL"}
    reply = _original(self, operation_name, api_params)
    if counting:
        read, write = _consumed({**reply, "_write": operation_name in _WRITES})
        with _lock:
            for units in _open:
                units.add(operation_name, read, write)
        for listener in _listeners:
            listener(operation_name, read, write)
    return reply


def _install() -> None:
    global _installed
    if not _installed:
        BaseClient._make_api_call = _make_api_call
        _installed = True


def listen(listener: Callable[[str, float, float], None]) -> Callable[[], None]:
    """Call ``listener(operation, read, write)`` after each DynamoDB call, in the calling thread;
    returns what stops it."""
    _install()
    _listeners.append(listener)
    return lambda: _listeners.remove(listener)


@contextlib.contextmanager
def tally() -> Iterator[Units]:
    """The units of every DynamoDB call made by this process while inside (all threads)."""
    _install()
    units = Units()
    with _lock:
        _open.append(units)
    try:
        yield units
    finally:
        with _lock:
            _open.remove(units)


_process_units: Units | None = None


def install_from_environment() -> Units | None:
    """PORTAL_CONSUMED_CAPACITY=1: count the whole process (the local server under a load test)."""
    global _process_units
    if os.environ.get("PORTAL_CONSUMED_CAPACITY") != "1" or _process_units is not None:
        return _process_units
    _install()
    _process_units = Units()
    with _lock:
        _open.append(_process_units)
    return _process_units
