"""Each orderer's 受領台帳: rows by guarantee id and version (written and removed with the
receipt, by MemoryGuarantees), and the note that a row's staff were told of the period's end."""
from __future__ import annotations

from collections.abc import Sequence

from ...domain import ledger_query
from ...domain.formatting import iso_utc_precise
from ...usecases.ports.records import OutboxMail, Record, StoreUnavailable
from .outbox import put_mails
from .state import Item, State, Tx, page, plain


def _sk(guarantee_id: str, version: int) -> str:
    return f"{guarantee_id}#{version:04d}"


def _index_key(at: Record, by_end: bool) -> str:
    """The row's key in the engine's index of that order (adapters/dynamodb/keys.py's shape)."""
    received = f"{at['recorded_at']}#{_sk(at['guarantee_id'], int(at['version']))}"
    return f"{at['end']}#{received}" if by_end else received


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
        """As the engine's indexes answer (adapters/dynamodb/ledger.py): rows by their key in the
        order's index, the dates and ``start`` bounding it, at most ``limit``."""
        by_end = order == "period_end_asc"
        forward = order != "received_desc"
        lower, upper = (None, ends_before) if by_end else ledger_query.received_bounds(received_from, received_to)
        at = _index_key(start, by_end) if start else None
        with self._s.lock:
            rows = [plain(item["data"]) for (o, _), item in self._s.ledger.items() if o == orderer_id]
        keyed = sorted(((_index_key(ledger_query.position(r), by_end), r) for r in rows), key=lambda kr: kr[0],
                       reverse=not forward)
        wanted = [r for k, r in keyed if (lower is None or k >= lower) and (upper is None or k < upper)
                  and (at is None or (k > at if forward else k < at))]
        taken = wanted[:limit]
        # As the engine: a read that filled its limit gives a key to go on from (maybe to nothing).
        return taken, (ledger_query.position(taken[-1]) if taken and len(wanted) >= limit else None)

    def of_guarantee(self, orderer_id: str, guarantee_id: str) -> list[Record]:
        with self._s.lock:
            return [plain(item["data"]) for (o, sk), item in sorted(self._s.ledger.items())
                    if o == orderer_id and sk.startswith(f"{guarantee_id}#")]

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
