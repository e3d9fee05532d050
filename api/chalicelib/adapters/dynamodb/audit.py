"""Audit (ports.storage.Audit): the chain of audit entries (domain/audit.py), by number in one
partition, and its head. An entry is written only by ``append``, inside the transaction of
the change it records: the entry (a new item) and the head moved on the condition that it
still stands where the entry follows, so two writers never fork the chain."""
from __future__ import annotations

import builtins

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.models import Model

from ...domain.audit import EMPTY, GENESIS, AuditEntry, AuditHead
from ...usecases.ports.records import Cursor
from . import keys
from .engine import Engine, bound, plain, unavailable_on_engine_errors
from .models import AuditHeadItem, DataItem

AUDIT = "audit"  # what a write names when the chain moved on meanwhile: ConditionFailed("audit")


def append(engine: Engine, entry: AuditEntry) -> tuple[tuple[str, Model], tuple[str, Model, list[Action], Condition]]:
    """The entry's put and the head's update, for a transaction (Engine.transact's puts and
    updates): both fail, named "audit", when the head is no longer the entry's predecessor."""
    put = (AUDIT, engine.bound(DataItem)(keys.AUDIT_PK, keys.audit_sk(entry.seq), data=entry.as_record()))
    head = engine.bound(AuditHeadItem)(keys.AUDIT_HEAD_PK, keys.HEAD_SK)
    condition: Condition = (AuditHeadItem.seq == entry.seq - 1) & (AuditHeadItem.hash == entry.previous_hash)
    if entry.seq == 1 and entry.previous_hash == GENESIS:
        condition = AuditHeadItem.pk.does_not_exist()  # the first entry: no head yet
    return put, (AUDIT, head, [AuditHeadItem.seq.set(entry.seq), AuditHeadItem.hash.set(entry.hash)], condition)


def _entry(item: DataItem) -> AuditEntry:
    return AuditEntry.from_record(plain(item.data.as_dict()))


class Audit:
    _Entry = bound(DataItem)
    _Head = bound(AuditHeadItem)

    def __init__(self, engine: Engine):
        self._engine = engine

    @unavailable_on_engine_errors
    def head(self) -> AuditHead:
        try:
            item = self._Head.get(keys.AUDIT_HEAD_PK, keys.HEAD_SK, consistent_read=True)
        except self._Head.DoesNotExist:
            return EMPTY
        return AuditHead(int(item.seq), item.hash)

    @unavailable_on_engine_errors
    def page(self, limit: int, start: Cursor | None) -> tuple[builtins.list[AuditEntry], Cursor | None]:
        result = self._Entry.query(keys.AUDIT_PK, consistent_read=True, scan_index_forward=False, limit=limit,
                                   last_evaluated_key=start)
        return [_entry(item) for item in result], result.last_evaluated_key

    @unavailable_on_engine_errors
    def after(self, seq: int, limit: int) -> builtins.list[AuditEntry]:
        return [_entry(item) for item in self._Entry.query(
            keys.AUDIT_PK, DataItem.sk > keys.audit_sk(seq), consistent_read=True, limit=limit)]
