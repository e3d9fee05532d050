"""The expiry job's entries (settled one by one, the event once per guarantee and day), the
orderers' ledgers and the daily runs."""
from __future__ import annotations

import datetime as dt
import random

import pytest

from chalicelib.usecases.ports.records import StoreUnavailable
from contract_support import START, event, issue, mail, new_version, result, uid


def _day() -> str:
    """A day no other test's guarantee ends on."""
    return (dt.date(2100, 1, 1) + dt.timedelta(days=random.randrange(300 * 365))).isoformat()


def test_versions_ending_on_a_day_until_settled(store):
    day, later = _day(), _day()
    issued = [issue(store, end=day) for _ in range(3)]
    issue(store, end=later)
    expected = sorted((g.guarantee_id, 1, g.surety_id) for g in issued)
    assert store.expiries.ending_on(day) == expected
    assert store.expiries.ending_on(day, limit=2) == expected[:2]
    # An amendment that moves the end adds an entry for its version; the old one stays till the job.
    moved = issued[0]
    store.guarantees.add_version(new_version(moved, end=later), result(moved.surety_id, uid(), moved.guarantee_id))
    assert (moved.guarantee_id, 2, moved.surety_id) in store.expiries.ending_on(later)
    assert store.expiries.ending_on(day) == expected
    store.expiries.settle_ending(day, expected[1][0], 1)
    store.expiries.settle_ending(day, uid("g"), 1)  # nothing there: nothing happens
    assert store.expiries.ending_on(day) == [expected[0], expected[2]]
    assert store.expiries.ending_on(_day()) == []


def test_the_expired_event_is_written_once_per_guarantee_and_day(store):
    issued = issue(store)
    day = "2027-09-07"
    assert store.expiries.add_expiry_event(issued.guarantee_id, issued.surety_id, day, event("expired")) is True
    assert store.expiries.add_expiry_event(issued.guarantee_id, issued.surety_id, day, event("expired")) is False
    assert store.expiries.add_expiry_event(issued.guarantee_id, issued.surety_id, "2027-10-01",
                                           event("expired")) is True
    assert [e["type"] for e in store.events.list(issued.guarantee_id)] == ["issued", "expired", "expired"]


def test_a_ledger_lists_its_rows_by_guarantee_and_version(store):
    orderer = uid("o")
    issued = sorted((issue(store) for _ in range(3)), key=lambda g: g.guarantee_id)
    for g in reversed(issued):
        store.guarantees.record_receipt(g.guarantee_id, g.surety_id, 1, {"recorded_at": "t"}, event("receipt"), [],
                                        (orderer, {"id": g.guarantee_id, "version": 1}))
    amended = issued[0]
    store.guarantees.add_version(new_version(amended), result(amended.surety_id, uid(), amended.guarantee_id))
    store.guarantees.record_receipt(amended.guarantee_id, amended.surety_id, 2, {"recorded_at": "t"},
                                    event("receipt"), [], (orderer, {"id": amended.guarantee_id, "version": 2}))
    assert [(r["id"], r["version"]) for r in store.ledger.entries(orderer)] == \
        [(issued[0].guarantee_id, 1), (issued[0].guarantee_id, 2), (issued[1].guarantee_id, 1),
         (issued[2].guarantee_id, 1)]
    assert store.ledger.entry(orderer, amended.guarantee_id, 2) == {"id": amended.guarantee_id, "version": 2}
    assert store.ledger.entry(orderer, amended.guarantee_id, 3) is None
    assert store.ledger.entries(uid("o")) == []


def test_staff_are_told_of_a_periods_end_once(store):
    orderer, issued = uid("o"), issue(store)
    store.guarantees.record_receipt(issued.guarantee_id, issued.surety_id, 1, {"recorded_at": "t"}, event("receipt"),
                                    [], (orderer, {"id": issued.guarantee_id}))
    first, second = [mail()], [mail()]
    assert store.ledger.mark_expiry_told(orderer, issued.guarantee_id, 1, "2027-09-07", first) is True
    assert store.ledger.mark_expiry_told(orderer, issued.guarantee_id, 1, "2027-09-08", second) is False
    assert store.ledger.entry(orderer, issued.guarantee_id, 1) == {"id": issued.guarantee_id,
                                                                   "expiry_told": "2027-09-07"}
    assert store.outbox.get(first[0].mail_id).status == "pending"
    assert store.outbox.get(second[0].mail_id) is None


def test_the_mail_of_a_periods_end_is_due_from_the_stores_clock(store, clock):
    orderer, issued = uid("o"), issue(store)
    store.guarantees.record_receipt(issued.guarantee_id, issued.surety_id, 1, {"recorded_at": "t"}, event("receipt"),
                                    [], (orderer, {"id": issued.guarantee_id}))
    told = dt.datetime(2027, 9, 8, 0, 5, tzinfo=dt.timezone.utc)
    clock.set(told)
    [m] = [mail()]
    assert store.ledger.mark_expiry_told(orderer, issued.guarantee_id, 1, "2027-09-07", [m]) is True
    assert store.outbox.claim(m.mail_id, told - dt.timedelta(microseconds=1)) is None
    assert store.outbox.claim(m.mail_id, told + dt.timedelta(seconds=1)) == m


def test_telling_of_a_row_that_is_not_there_is_refused(store):
    # The engine cannot set a field inside an item that does not exist (a validation error).
    with pytest.raises(StoreUnavailable):
        store.ledger.mark_expiry_told(uid("o"), uid("g"), 1, "2027-09-07", [])


def test_a_daily_run_is_claimed_once_per_job_and_day(store):
    job = uid("job")
    keep = START + dt.timedelta(days=2)
    assert store.jobs.claim_daily_run(job, "2026-12-01", keep) is True
    assert store.jobs.claim_daily_run(job, "2026-12-01", keep) is False
    assert store.jobs.claim_daily_run(job, "2026-12-02", keep) is True
    assert store.jobs.claim_daily_run(uid("job"), "2026-12-01", keep) is True
