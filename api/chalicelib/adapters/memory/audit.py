"""The audit chain (domain/audit.py) in memory: entries by number and the head, appended
only inside the write of the change they record (``append``)."""
from __future__ import annotations

from ...domain.audit import EMPTY, AuditEntry, AuditHead
from ...usecases.ports.records import Cursor
from .state import State, Tx, dynamo_key, page, plain, position_of


def append(tx: Tx, entry: AuditEntry) -> Tx:
    """Add the entry to a write: it succeeds only while the chain's head is the entry's
    predecessor (ConditionFailed("audit") otherwise)."""
    tx.update("audit", "audit_head", "HEAD", lambda item: (item or {}).get("seq", 0) == entry.seq - 1
              and (item or {}).get("hash", EMPTY.hash) == entry.previous_hash,
              lambda item: {"seq": entry.seq, "hash": entry.hash})
    return tx.put("audit", "audit", entry.seq, entry.as_record())


class MemoryAudit:
    def __init__(self, state: State):
        self._s = state

    def head(self) -> AuditHead:
        with self._s.lock:
            item = self._s.audit_head.get("HEAD")
        return AuditHead(item["seq"], item["hash"]) if item else EMPTY

    def page(self, limit: int, start: Cursor | None) -> tuple[list[AuditEntry], Cursor | None]:
        with self._s.lock:
            rows = [((f"{seq:012d}",), AuditEntry.from_record(plain(item)), dynamo_key(pk="AUDIT", sk=f"{seq:012d}"))
                    for seq, item in self._s.audit.items()]
        return page(rows, limit, start, descending=True, start_position=position_of("sk"))

    def after(self, seq: int, limit: int) -> list[AuditEntry]:
        with self._s.lock:
            numbers = sorted(n for n in self._s.audit if n > seq)[:limit]
            return [AuditEntry.from_record(plain(self._s.audit[n])) for n in numbers]
