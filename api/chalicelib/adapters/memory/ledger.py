"""Each orderer's 受領台帳: rows by guarantee id and version (written and removed with the
receipt, by MemoryGuarantees), and the note that a row's staff were told of the period's end."""
from __future__ import annotations

from collections.abc import Sequence

from ...domain.formatting import iso_utc_precise
from ...usecases.ports.records import OutboxMail, Record, StoreUnavailable
from .outbox import put_mails
from .state import Item, State, Tx, page, plain


def _sk(guarantee_id: str, version: int) -> str:
    return f"{guarantee_id}#{version:04d}"


class MemoryLedger:
    def __init__(self, state: State):
        self._s = state

    def entries(self, orderer_id: str) -> list[Record]:
        with self._s.lock:
            rows = [((sk,), plain(item["data"]), None) for (o, sk), item in self._s.ledger.items() if o == orderer_id]
        return page(rows, None, None)[0]

    def entry(self, orderer_id: str, guarantee_id: str, version: int) -> Record | None:
        with self._s.lock:
            item = self._s.ledger.get((orderer_id, _sk(guarantee_id, version)))
            return plain(item["data"]) if item is not None else None

    def page(self, orderer_id: str, order: str, start: Record | None, limit: int,
             received_from: str | None = None, received_to: str | None = None,
             ends_before: str | None = None) -> tuple[list[Record], Record | None]:
        """CONTRACT VERSION (reads every row; the register helper reads the indexes instead)."""
        rows = self.entries(orderer_id)
        if order == "period_end_asc":
            rows.sort(key=lambda r: (r["guarantee_period"]["end"], r["recorded_at"]))
        else:
            rows.sort(key=lambda r: r["recorded_at"], reverse=order == "received_desc")
        offset = int(start["offset"]) if start else 0
        chunk = rows[offset:offset + limit]
        return chunk, ({"offset": offset + limit} if offset + limit < len(rows) else None)

    def of_guarantee(self, orderer_id: str, guarantee_id: str) -> list[Record]:
        return [r for r in self.entries(orderer_id) if r["guarantee_id"] == guarantee_id]

    def mark_expiry_told(self, orderer_id: str, guarantee_id: str, version: int, day: str,
                         mails: Sequence[OutboxMail]) -> bool:
        key = (orderer_id, _sk(guarantee_id, version))

        def told(item: Item) -> Item:
            return {**item, "data": {**item["data"], "expiry_told": day}}
        with self._s.lock:
            if key not in self._s.ledger:
                # The engine cannot set a field of a row that is not there: a refused request.
                raise StoreUnavailable("mark_expiry_told")
            tx = Tx(self._s, "mark_expiry_told")
            tx.update("row", "ledger", key, lambda item: item is not None and "expiry_told" not in item["data"], told)
            put_mails(tx, "mail", mails, guarantee_id, iso_utc_precise(self._s.now()))
            return tx.committed()
