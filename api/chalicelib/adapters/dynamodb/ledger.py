"""Ledger (ports.storage.Ledger): each orderer's 受領台帳 (its rows are written with the receipt,
in guarantees.py)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pynamodb.exceptions import TransactWriteError

from ...domain import ledger_query
from ...domain.formatting import iso_utc_precise
from ...usecases.ports.records import OutboxMail, Record
from . import keys
from .engine import CANCELLED, Engine, bound, error_code, plain, unavailable_on_engine_errors
from .items import mail_item
from .models import Item, LedgerItem


def _range(attr: Any, lower: str | None, upper: str | None, at: str | None,
           forward: bool) -> tuple[Any, int]:
    """The sort key's condition: ``lower`` inclusive, ``upper`` exclusive (a bare bound: no row's
    key equals it), ``at`` the last row read (exclusive: past it in the order read). False when
    nothing can be in range; the int is the rows to read beyond the limit (the row at ``at``,
    when a two-sided range must include it)."""
    if at is not None:
        if forward and (lower is None or at >= lower):
            if upper is None:
                return attr > at, 0
            lower = at
        elif not forward and (upper is None or at <= upper):
            if lower is None:
                return attr < at, 0
            upper = at
    if lower is not None and upper is not None:
        return (False, 0) if lower > upper else (attr.between(lower, upper), 1)
    if lower is not None:
        return attr >= lower, 0
    if upper is not None:
        return attr < upper, 0
    return None, 0


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

    @unavailable_on_engine_errors
    def page(self, orderer_id: str, order: str, start: Record | None, limit: int,
             received_from: str | None = None, received_to: str | None = None,
             ends_before: str | None = None) -> tuple[list[Record], Record | None]:
        """One Query of an index (gsi1 by when received, gsi2 by the period's end): the dates and
        ``start`` are its key condition, so it reads ``limit`` rows (one more when ``start`` is
        inside a range: the row at ``start`` itself is dropped). Eventually consistent."""
        if order == "period_end_asc":
            index, pk, attr = self._Ledger.gsi2, keys.ledger_end_pk(orderer_id), LedgerItem.gsi2sk
            lower, upper, forward = None, ends_before, True
            at = keys.ledger_end_sk(start["end"], start["recorded_at"], start["guarantee_id"], int(start["version"])) \
                if start else None
        else:
            index, pk, attr = self._Ledger.gsi1, keys.ledger_at_pk(orderer_id), LedgerItem.gsi1sk
            lower, upper = ledger_query.received_bounds(received_from, received_to)
            forward = order == "received_asc"
            at = keys.ledger_at_sk(start["recorded_at"], start["guarantee_id"], int(start["version"])) if start else None
        condition, extra = _range(attr, lower, upper, at, forward)
        if condition is False:
            return [], None
        result = index.query(pk, condition, scan_index_forward=forward, limit=limit + extra)
        found = next(result.page_iter)
        items = [self._Ledger.from_raw_data(raw) for raw in found.get("Items", [])]
        kept = [plain(item.data.as_dict()) for item in items
                if (item.gsi2sk if order == "period_end_asc" else item.gsi1sk) != at]
        more = bool(found.get("LastEvaluatedKey")) or len(kept) > limit
        rows = kept[:limit]
        return rows, (ledger_query.position(rows[-1]) if more and rows else None)

    @unavailable_on_engine_errors
    def of_guarantee(self, orderer_id: str, guarantee_id: str) -> list[Record]:
        """One Query of the ledger's partition: the guarantee's rows (its versions) only."""
        return [plain(item.data.as_dict()) for item in self._Ledger.query(
            keys.ledger_pk(orderer_id), LedgerItem.sk.startswith(f"{guarantee_id}#"), consistent_read=True)]

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
