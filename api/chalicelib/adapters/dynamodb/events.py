"""Events (ports.storage.Events): a guarantee's event log, and each surety's feed of the events
of its guarantees (gsi2, in the order written)."""
from __future__ import annotations

import builtins
from collections.abc import Sequence

from pynamodb.models import Model

from ...usecases.ports.records import Cursor, FeedEntry, OutboxMail, Record
from . import keys
from .engine import Engine, bound, plain, unavailable_on_engine_errors
from .items import event_item, mail_puts
from .models import EventItem, Item


def _entry(item: EventItem) -> FeedEntry:
    return FeedEntry(event_id=item.gsi2sk, guarantee_id=keys.parse_guarantee_pk(item.pk),
                     event=plain(item.data.as_dict()))


def _cursor(item: EventItem) -> Cursor:
    """Where a reader that got this event stands: the index's key of it."""
    return {"pk": {"S": item.pk}, "sk": {"S": item.sk}, "gsi2pk": {"S": item.gsi2pk}, "gsi2sk": {"S": item.gsi2sk}}


class Events:
    _Event = bound(EventItem)

    def __init__(self, engine: Engine):
        self._engine = engine

    @unavailable_on_engine_errors
    def add(self, guarantee_id: str, surety_id: str, event: Record, mails: Sequence[OutboxMail] = ()) -> None:
        """An event, and the mails it sends, together."""
        if not mails:
            event_item(self._engine, guarantee_id, event, surety_id).save(condition=Item.pk.does_not_exist())
            return
        puts: list[tuple[str, Model]] = [("event", event_item(self._engine, guarantee_id, event, surety_id))]
        puts += mail_puts(self._engine, "mail", mails, guarantee_id, event["at"])
        self._engine.transact("add_event", puts)

    @unavailable_on_engine_errors
    def list(self, guarantee_id: str) -> builtins.list[Record]:
        return [plain(item.data.as_dict()) for item in self._Event.query(
            keys.guarantee_pk(guarantee_id), EventItem.sk.startswith(keys.EVENT_PREFIX), consistent_read=True)]

    @unavailable_on_engine_errors
    def page(self, guarantee_id: str, limit: int, start: Cursor | None) -> tuple[builtins.list[Record], Cursor | None]:
        result = self._Event.query(keys.guarantee_pk(guarantee_id), EventItem.sk.startswith(keys.EVENT_PREFIX),
                                   consistent_read=True, limit=limit, last_evaluated_key=start)
        return [plain(item.data.as_dict()) for item in result], result.last_evaluated_key

    def _feed(self, surety_id: str, before: str, limit: int, start: Cursor | None, since: str | None):
        # An event's index key is "<written>#…": a bare time sorts before every event written at that instant.
        condition = EventItem.gsi2sk.between(since, before) if since else EventItem.gsi2sk < before
        return self._Event.feed.query(keys.feed_pk(surety_id), condition, limit=limit, last_evaluated_key=start)

    @unavailable_on_engine_errors
    def page_feed(self, surety_id: str, before: str, limit: int,
                  start: Cursor | None) -> tuple[builtins.list[FeedEntry], Cursor | None, bool]:
        result = self._feed(surety_id, before, limit, start, None)
        items = list(result)
        last = result.last_evaluated_key
        more = last is not None
        if last is None and items:
            last = _cursor(items[-1])  # the end for now: a cursor after the last event, to come back for newer ones
        return [_entry(item) for item in items], last, more

    @unavailable_on_engine_errors
    def feed_after(self, surety_id: str, since: str | None, before: str, start: Cursor | None,
                   limit: int) -> builtins.list[tuple[FeedEntry, Cursor]]:
        if since and since >= before:
            return []  # nothing can be between (and DynamoDB refuses such a range)
        return [(_entry(item), _cursor(item)) for item in self._feed(surety_id, before, limit, start, since)]
