"""A guarantee's event log and each surety's feed of the events of its guarantees.

An event sorts in its guarantee's log by its own time ("EVT#<at>#<tail>") and in the
surety's feed by when it was written ("<written>#<guarantee id>#<tail>", the store's clock
just before the write), as the DynamoDB table keys them; the random tail keeps two events
of one moment apart."""
from __future__ import annotations

import builtins
import secrets
from collections.abc import Sequence

from ...domain.formatting import iso_utc_precise
from ...usecases.ports.records import Cursor, FeedEntry, OutboxMail, Record
from .outbox import put_mails
from .state import Item, State, Tx, dynamo_key, page, plain, position_of


def _feed_pk(surety_id: str) -> str:
    return f"FEED#{surety_id}"


def put_event(tx: Tx, state: State, guarantee_id: str, event: Record, surety_id: str, name: str = "event") -> Tx:
    tail = secrets.token_hex(4)
    written = iso_utc_precise(state.now())
    sk = f"EVT#{event['at']}#{tail}"
    return tx.put(name, "events", (guarantee_id, sk),
                  {"data": event, "feed": _feed_pk(surety_id), "feed_sk": f"{written}#{guarantee_id}#{tail}"})


def _log_cursor(guarantee_id: str, sk: str) -> Cursor:
    return dynamo_key(pk=f"GUAR#{guarantee_id}", sk=sk)


def _feed_cursor(guarantee_id: str, sk: str, item: Item) -> Cursor:
    return dynamo_key(pk=f"GUAR#{guarantee_id}", sk=sk, gsi2pk=item["feed"], gsi2sk=item["feed_sk"])


def _feed_entry(guarantee_id: str, item: Item) -> FeedEntry:
    return FeedEntry(event_id=item["feed_sk"], guarantee_id=guarantee_id, event=plain(item["data"]))


class MemoryEvents:
    def __init__(self, state: State):
        self._s = state

    def add(self, guarantee_id: str, surety_id: str, event: Record, mails: Sequence[OutboxMail] = ()) -> None:
        with self._s.lock:
            tx = put_event(Tx(self._s, "add_event"), self._s, guarantee_id, event, surety_id)
            put_mails(tx, "mail", mails, guarantee_id, event["at"]).commit()

    def _log(self, guarantee_id: str) -> builtins.list[tuple[tuple[str, ...], Record, Cursor | None]]:
        return [((sk,), plain(item["data"]), _log_cursor(guarantee_id, sk))
                for (g, sk), item in self._s.events.items() if g == guarantee_id and sk.startswith("EVT#")]

    def list(self, guarantee_id: str) -> list[Record]:
        with self._s.lock:
            return page(self._log(guarantee_id), None, None)[0]

    def page(self, guarantee_id: str, limit: int,
             start: Cursor | None) -> tuple[builtins.list[Record], Cursor | None]:
        with self._s.lock:
            return page(self._log(guarantee_id), limit, start, start_position=position_of("sk"))

    def _feed(self, surety_id: str, since: str | None, before: str, limit: int,
              start: Cursor | None) -> tuple[builtins.list[tuple[FeedEntry, Cursor]], Cursor | None]:
        feed = _feed_pk(surety_id)
        rows = []
        with self._s.lock:
            for (guarantee_id, sk), item in self._s.events.items():
                # As the engine's key condition: "< before", or "between since and before" (both ends in).
                inside = item["feed_sk"] < before if since is None else since <= item["feed_sk"] <= before
                if item.get("feed") == feed and inside:
                    cursor = _feed_cursor(guarantee_id, sk, item)
                    rows.append(((item["feed_sk"], f"GUAR#{guarantee_id}", sk),
                                 (_feed_entry(guarantee_id, item), cursor), cursor))
        return page(rows, limit, start, start_position=position_of("gsi2sk", "pk", "sk"))

    def page_feed(self, surety_id: str, before: str, limit: int,
                  start: Cursor | None) -> tuple[builtins.list[FeedEntry], Cursor | None, bool]:
        found, last = self._feed(surety_id, None, before, limit, start)
        more = last is not None
        if last is None and found:
            last = found[-1][1]  # the end for now: after the last entry, to come back for newer ones
        return [entry for entry, _ in found], last, more

    def feed_after(self, surety_id: str, since: str | None, before: str, start: Cursor | None,
                   limit: int) -> builtins.list[tuple[FeedEntry, Cursor]]:
        if since and since >= before:
            return []
        return self._feed(surety_id, since or None, before, limit, start)[0]
