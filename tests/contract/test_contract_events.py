"""Events: a guarantee's log in the order of the events' own times, and each surety's feed in
the order written (the store's clock), paged by cursors."""
from __future__ import annotations

import datetime as dt

from chalicelib.domain.formatting import iso_utc_precise
from contract_support import START, event, mail, uid


def test_a_log_is_oldest_first_and_events_of_one_moment_never_overwrite(store):
    guarantee, surety = uid("g"), uid("s")
    for minute in (5, 1, 3):
        store.events.add(guarantee, surety, event("verification", START + dt.timedelta(minutes=minute), n=minute))
    same = event("verification", START)
    for _ in range(3):
        store.events.add(guarantee, surety, same)
    assert [e.get("n") for e in store.events.list(guarantee)] == [None, None, None, 1, 3, 5]
    assert store.events.list(uid("g")) == []


def test_an_event_and_its_mails_are_written_together(store):
    guarantee, surety = uid("g"), uid("s")
    sent = [mail("a@example.jp"), mail("b@example.jp")]
    store.events.add(guarantee, surety, event("notice", dt.datetime(2026, 12, 3, tzinfo=dt.timezone.utc)), sent)
    assert [store.outbox.get(m.mail_id).to for m in sent] == ["a@example.jp", "b@example.jp"]
    assert all(store.outbox.get(m.mail_id).guarantee_id == guarantee for m in sent)
    assert [e["type"] for e in store.events.list(guarantee)] == ["notice"]


def test_a_log_comes_in_pages(store):
    guarantee = uid("g")
    for n in range(5):
        store.events.add(guarantee, uid("s"), event("e", START + dt.timedelta(seconds=n), n=n))
    seen, start, pages = [], None, 0
    while True:
        events, start = store.events.page(guarantee, 2, start)
        seen += [e["n"] for e in events]
        pages += 1
        if start is None:
            break
    assert seen == [0, 1, 2, 3, 4] and pages == 3
    events, start = store.events.page(guarantee, 5, None)
    assert len(events) == 5 and start is not None  # the limit reached: a cursor, and then nothing
    assert store.events.page(guarantee, 5, start) == ([], None)


def _written(entry) -> str:
    return entry.event_id.split("#", 1)[0]


def test_the_feed_is_in_the_order_written_by_the_stores_clock(store, clock):
    surety = uid("s")
    first, second = uid("g"), uid("g")
    clock.set(dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.timezone.utc))
    # Written first, though dated later (a request that waited on retries is dated earlier).
    store.events.add(first, surety, event("late", dt.datetime(2026, 12, 5, 9, 30, tzinfo=dt.timezone.utc)))
    clock.set(dt.datetime(2026, 12, 5, 9, 1, tzinfo=dt.timezone.utc))
    store.events.add(second, surety, event("early", dt.datetime(2026, 12, 5, 8, 0, tzinfo=dt.timezone.utc)))
    store.events.add(uid("g"), uid("s"), event("another surety's"))
    before = iso_utc_precise(dt.datetime(2026, 12, 6, tzinfo=dt.timezone.utc))
    entries, cursor, more = store.events.page_feed(surety, before, 10, None)
    assert [(e.guarantee_id, e.event["type"]) for e in entries] == [(first, "late"), (second, "early")]
    assert not more and cursor is not None  # the end for now, to come back from
    assert "2026-12-05T09:00:00" <= _written(entries[0]) < "2026-12-05T09:00:01"
    assert "2026-12-05T09:01:00" <= _written(entries[1]) < "2026-12-05T09:01:01"
    assert entries[0].event_id != entries[1].event_id and entries[0].guarantee_id in entries[0].event_id
    # Only what was written before `before`.
    cut = iso_utc_precise(dt.datetime(2026, 12, 5, 9, 0, 30, tzinfo=dt.timezone.utc))
    entries, _, more = store.events.page_feed(surety, cut, 10, None)
    assert [e.event["type"] for e in entries] == ["late"] and not more
    assert store.events.page_feed(surety, _written_of(store, surety, 0), 10, None)[0] == []


def _written_of(store, surety: str, n: int) -> str:
    far = iso_utc_precise(dt.datetime(2100, 1, 1, tzinfo=dt.timezone.utc))
    return _written(store.events.page_feed(surety, far, 100, None)[0][n])


def test_the_feed_comes_in_pages_and_continues_with_newer_events(store, clock):
    surety = uid("s")
    clock.set(dt.datetime(2026, 12, 7, tzinfo=dt.timezone.utc))
    for n in range(5):
        store.events.add(uid("g"), surety, event("e", n=n))
    far = iso_utc_precise(dt.datetime(2100, 1, 1, tzinfo=dt.timezone.utc))
    entries, cursor, more = store.events.page_feed(surety, far, 2, None)
    assert [e.event["n"] for e in entries] == [0, 1] and more
    entries, cursor, more = store.events.page_feed(surety, far, 2, cursor)
    assert [e.event["n"] for e in entries] == [2, 3] and more
    entries, cursor, more = store.events.page_feed(surety, far, 2, cursor)
    assert [e.event["n"] for e in entries] == [4] and not more and cursor is not None
    # From the end: nothing new is no entry and no cursor; a newer event comes next.
    assert store.events.page_feed(surety, far, 2, cursor) == ([], None, False)
    store.events.add(uid("g"), surety, event("e", n=5))
    entries, _, more = store.events.page_feed(surety, far, 2, cursor)
    assert [e.event["n"] for e in entries] == [5] and not more
    # A limit that ends exactly at the end says "more" (the engine cannot know), and then nothing.
    entries, cursor, more = store.events.page_feed(surety, far, 6, None)
    assert len(entries) == 6 and more
    assert store.events.page_feed(surety, far, 6, cursor) == ([], None, False)
    assert store.events.page_feed(uid("s"), far, 2, None) == ([], None, False)


def test_the_feed_after_a_time_or_a_cursor(store, clock):
    surety = uid("s")
    clock.set(dt.datetime(2026, 12, 8, tzinfo=dt.timezone.utc))
    for n in range(4):
        store.events.add(uid("g"), surety, event("e", n=n))
    far = iso_utc_precise(dt.datetime(2100, 1, 1, tzinfo=dt.timezone.utc))
    after = store.events.feed_after(surety, None, far, None, 10)
    assert [entry.event["n"] for entry, _ in after] == [0, 1, 2, 3]
    # Each entry's cursor continues just after it, in the feed and in its pages.
    assert [e.event["n"] for e, _ in store.events.feed_after(surety, None, far, after[1][1], 10)] == [2, 3]
    assert [e.event["n"] for e in store.events.page_feed(surety, far, 10, after[1][1])[0]] == [2, 3]
    assert store.events.feed_after(surety, None, far, after[3][1], 10) == []
    assert [e.event["n"] for e, _ in store.events.feed_after(surety, None, far, None, 2)] == [0, 1]
    # After a time: what was written at that time or later.
    since = _written(after[2][0])
    assert [e.event["n"] for e, _ in store.events.feed_after(surety, since, far, None, 10)] == [2, 3]
    assert [e.event["n"] for e, _ in store.events.feed_after(surety, since, far, after[2][1], 10)] == [3]
    assert [e.event["n"] for e, _ in store.events.feed_after(surety, since, _written(after[3][0]), None, 10)] == [2]
    assert store.events.feed_after(surety, far, far, None, 10) == []
    assert store.events.feed_after(surety, far, since, None, 10) == []
    assert store.events.feed_after(surety, "", far, None, 1)[0][0] == after[0][0]
