"""Each orderer's 受領台帳 (storage.py states the rules every store keeps)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from .records import OutboxMail, Record


class Ledger(Protocol):
    """Each orderer's 受領台帳 (its rows are written with the receipt: Guarantees.record_receipt)."""

    def entries(self, orderer_id: str) -> list[Record]:
        """Every row of the orderer's ledger, by guarantee id and version."""

    def entry(self, orderer_id: str, guarantee_id: str, version: int) -> Record | None: ...

    def page(self, orderer_id: str, order: str, start: Record | None, limit: int,
             received_from: str | None = None, received_to: str | None = None,
             ends_before: str | None = None) -> tuple[list[Record], Record | None]:
        """Up to ``limit`` rows in ``order`` (domain/ledger_query.SORTS: by recorded_at newest or
        oldest first, or by the guarantee period's end), from ``start`` (the previous call's last
        key, None at first), and the key to go on from (None at the end). The dates (JST days,
        ISO) narrow the read by the index itself: received_from/to on the received order,
        ends_before on the period-end order (ignored otherwise; the caller filters the rest)."""

    def of_guarantee(self, orderer_id: str, guarantee_id: str) -> list[Record]:
        """The rows of one guarantee (any version) in the orderer's ledger: an exact 保証契約番号."""

    def mark_expiry_told(self, orderer_id: str, guarantee_id: str, version: int, day: str,
                         mails: Sequence[OutboxMail]) -> bool:
        """Note that the row's staff were told of the period's end, with their mail; False (and
        no mail) if that was done already."""
