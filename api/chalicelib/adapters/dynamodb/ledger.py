"""Ledger (ports.storage.Ledger): each orderer's 受領台帳 (its rows are written with the receipt,
in guarantees.py)."""
from __future__ import annotations

from collections.abc import Sequence

from pynamodb.exceptions import TransactWriteError

from ...domain.formatting import iso_utc_precise
from ...usecases.ports.records import OutboxMail, Record
from . import keys
from .engine import CANCELLED, Engine, bound, error_code, plain, unavailable_on_engine_errors
from .items import mail_item
from .models import Item, LedgerItem


class Ledger:
    _Ledger = bound(LedgerItem)

    def __init__(self, engine: Engine):
        self._engine = engine

    @unavailable_on_engine_errors
    def entries(self, orderer_id: str) -> list[Record]:
        """Every row of an orderer's 受領台帳 (a city's receipts: a few thousand a year at most)."""
        return [plain(item.data) for item in self._Ledger.query(keys.ledger_pk(orderer_id), consistent_read=True)]

    @unavailable_on_engine_errors
    def entry(self, orderer_id: str, guarantee_id: str, version: int) -> Record | None:
        try:
            return plain(self._Ledger.get(keys.ledger_pk(orderer_id), keys.guarantee_version_sk(guarantee_id, version),
                                          consistent_read=True).data)
        except self._Ledger.DoesNotExist:
            return None

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

    @unavailable_on_engine_errors
    def mark_expiry_told(self, orderer_id: str, guarantee_id: str, version: int, day: str,
                         mails: Sequence[OutboxMail]) -> bool:
        """False if that was done already (the mail is then not written)."""
        row = self._Ledger(keys.ledger_pk(orderer_id), keys.guarantee_version_sk(guarantee_id, version))
        try:
            with self._engine.transaction() as tx:
                tx.update(row, actions=[LedgerItem.data["expiry_told"].set(day)],
                          condition=LedgerItem.data["expiry_told"].does_not_exist())
                for m in mails:
                    tx.save(mail_item(self._engine, m, guarantee_id, iso_utc_precise(self._engine.now())),
                            condition=Item.pk.does_not_exist())
        except TransactWriteError as e:
            if error_code(e) == CANCELLED:
                return False
            raise
        return True
