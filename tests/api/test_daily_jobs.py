"""The daily jobs cost their day's work (issue 30): the staff's mail of a period's end comes from the
EXPIRY#<day> entries, in the same pass as the `expired` event (expiries.record_expired), exactly
once through interruptions — never from reading every orderer's whole 受領台帳 — and the reads of
a day's run are the same with 10 or with 1,000 other rows in the ledger.

Every test writes under its own orderer ("jobs-…"), its own surety id and numbers, and its
guarantees end on a day of their own (far ahead, drawn at random), so the job's run reads nothing
of another test's, and no other test reads what these write."""
from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass

import pytest

from support import clock_at, mails_sent_to

SURETY = "jobs-tests"  # not the API tests' shared surety: nothing else reads its feed
JST = dt.timezone(dt.timedelta(hours=9))


def own(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def a_day_of_its_own() -> dt.date:
    return dt.date(2100, 1, 1) + dt.timedelta(days=random.randrange(300 * 365))


def run_time(day: dt.date, hour: int = 0, minute: int = 30) -> dt.datetime:
    """A moment of the Japanese day ``day`` (the job's "today"), in UTC."""
    return dt.datetime.combine(day, dt.time(hour, minute), JST).astimezone(dt.timezone.utc)


# ---- guarantees as issuance, amendment and 受領 write them (the store's own atomic writes) -------

def event(kind: str, at: dt.datetime | None = None, **more) -> dict:
    from chalicelib.domain.formatting import iso_utc_precise
    return {"type": kind, "at": iso_utc_precise(at or dt.datetime(2026, 12, 1, 1, tzinfo=dt.timezone.utc)), **more}


def version_record(guarantee_id: str, number: str, orderer_id: str, end: dt.date, version: int = 1) -> dict:
    from chalicelib.domain.guarantee import Version
    from chalicelib.domain.terms_rules import parse_terms
    start = end - dt.timedelta(days=200)
    body = {
        "kind": "advance_payment", "contract_number": number, "orderer_id": orderer_id, "amount": 22_000_000,
        "guarantee_period": {"start": start.isoformat(), "end": end.isoformat()},
        "project": {"name": "ジョブ市道1号線道路改良工事", "location": "長野県佐久市岩村田地内",
                    "contract_price": 55_000_000,
                    "period": {"start": start.isoformat(), "end": (end - dt.timedelta(days=30)).isoformat()}},
        "contractor": {"name": "浅間建設株式会社", "address": "長野県佐久市中込1丁目1番1号",
                       "representative": "代表取締役 佐久 太郎"},
        "contract_date": start.isoformat(),
        "advance": {"amount": 22_000_000, "redeposit": False,
                    "deposit_bank": {"bank_name": "八十二銀行", "branch_name": "佐久支店",
                                     "bank_code": "0143", "branch_code": "301"}},
    }
    issued_at = dt.datetime.combine(start, dt.time(1), dt.timezone.utc)
    record = Version(guarantee_id, version, SURETY, "ジョブ保証株式会社", parse_terms(body, start), issued_at).as_record()
    if version > 1:
        record["amendment"] = {"reason": "extension", "effective_date": start.isoformat(), "note": None,
                               "changes": [{"field": "guarantee_period"}]}
    record["jws"] = "sig"
    return record


def answer(guarantee_id: str):
    from chalicelib.usecases.ports.records import IdempotentResult
    return IdempotentResult(SURETY, own("idem"), "fp", 201, b"sealed", guarantee_id,
                            dt.datetime(2026, 12, 2, tzinfo=dt.timezone.utc))


def history(version: int) -> dict:
    return {"version": version, "kind": "issued" if version == 1 else "amended", "label": f"v{version}",
            "date": "2026-12-01", "reason": None, "reason_label": None, "changes": []}


@dataclass(frozen=True)
class Written:
    guarantee_id: str
    staff: str | None
    contract_number: str
    orderer_id: str


def write_guarantee(store, orderer_id: str, end: dt.date, staff: str | None) -> Written:
    """A guarantee of the orderer (its own number) ending on ``end``, received by ``staff`` if given:
    written as issuance and 受領 write them (the store's own atomic writes)."""
    from chalicelib.domain.formatting import iso_utc
    from chalicelib.usecases.ports.records import NewGuarantee
    issued_at = dt.datetime.combine(end - dt.timedelta(days=200), dt.time(1), dt.timezone.utc)
    guarantee_id, number = own("gjobs"), own("JOBS")
    record = version_record(guarantee_id, number, orderer_id, end)
    new = NewGuarantee(guarantee_id=guarantee_id, surety_id=SURETY, contract_number=number, orderer_id=orderer_id,
                       corporate_number=None, issued_at=iso_utc(issued_at), version_record=record,
                       key_hash=own("k"), event=event("issued", issued_at, version=1), history_entry=history(1))
    store.guarantees.create(new, answer(guarantee_id))
    terms = record["terms"]
    if staff is not None:
        recorded_at = (issued_at + dt.timedelta(days=1)).isoformat().replace("+00:00", "Z")
        receipt = {"orderer": "ジョブ市", "department": "契約検査課", "name": "佐久 花子",
                   "date": (end - dt.timedelta(days=199)).isoformat(), "recorded_at": recorded_at, "staff": staff}
        row = {"guarantee_id": new.guarantee_id, "version": 1, "contract_number": new.contract_number,
               "guarantee_period": dict(terms["guarantee_period"]), **receipt}
        store.guarantees.record_receipt(new.guarantee_id, SURETY, 1, receipt, event("receipt", version=1), [],
                                        (orderer_id, row))
    return Written(new.guarantee_id, staff, number, orderer_id)


def a_day_with_expiries(store, orderer_id: str, day: dt.date, expiring: int = 4, received: int = 3) -> list[Written]:
    """``expiring`` guarantees of the orderer end on ``day``; the first ``received`` were received."""
    return [write_guarantee(store, orderer_id, day, f"{own('clerk')}@jobs.example" if i < received else None)
            for i in range(expiring)]


def expiry_mails(address: str) -> list:
    return [m for m in mails_sent_to(address) if m["Subject"].startswith("受領済みの電子保証の保証期間の終了")]


def run_job(now: dt.datetime) -> int:
    from chalicelib.usecases.common import expiries
    with clock_at(now):
        return expiries.record_expired(now)


def sweep(now: dt.datetime) -> None:
    from chalicelib.usecases import deliver_mail
    with clock_at(now):
        deliver_mail.deliver_pending(now)


def types_of_events(store, guarantee_id: str) -> list[str]:
    return [e["type"] for e in store.events.list(guarantee_id)]


# ---- exactly once ------------------------------------------------------------------------------

def test_a_days_expiries_tell_each_receiving_clerk_once_with_the_expired_event(store):
    orderer, day = own("jobs"), a_day_of_its_own()
    written = a_day_with_expiries(store, orderer, day)
    # The last day itself: still running, nothing told.
    assert run_job(run_time(day, 23, 50)) == 0
    assert all(expiry_mails(w.staff) == [] for w in written if w.staff)

    after = run_time(day + dt.timedelta(days=1))
    assert run_job(after) == 4
    for w in written:
        assert types_of_events(store, w.guarantee_id).count("expired") == 1
    told = [w for w in written if w.staff]
    assert len(told) == 3
    for w in told:
        [mail] = expiry_mails(w.staff)
        assert "期限満了" in mail.get_content()
        assert store.ledger.entry(orderer, w.guarantee_id, 1)["expiry_told"] == (day + dt.timedelta(days=1)).isoformat()
    # The next runs of that day, and of the days after (the look-back): nothing again.
    for later in (after + dt.timedelta(minutes=5), after + dt.timedelta(days=1), after + dt.timedelta(days=6)):
        assert run_job(later) == 0
    assert [len(expiry_mails(w.staff)) for w in told] == [1, 1, 1]
    assert all(types_of_events(store, w.guarantee_id).count("expired") == 1 for w in written)


def test_a_cancelled_or_amended_guarantee_tells_nobody_of_the_old_versions_end(store):
    from chalicelib.domain.formatting import iso_utc
    from chalicelib.usecases.ports.records import NewVersion
    orderer, day = own("jobs"), a_day_of_its_own()
    cancelled, moved = a_day_with_expiries(store, orderer, day, expiring=2, received=2)
    store.guarantees.cancel(cancelled.guarantee_id, SURETY, {"date": day.isoformat()}, event("cancelled"))
    # Amended (a later end): the staff heard of the change then; the new version's day is its own.
    later = day + dt.timedelta(days=400)
    store.guarantees.add_version(NewVersion(
        guarantee_id=moved.guarantee_id, contract_number=moved.contract_number, base_version=1,
        version_record=version_record(moved.guarantee_id, moved.contract_number, orderer, later, version=2),
        key_hash=own("k"), event=event("amended", version=2), history_entry=history(2), contractor_email=None,
        surety_id=SURETY, corporate_number=None, created_at=iso_utc(run_time(day - dt.timedelta(days=10)))),
        answer(moved.guarantee_id))
    assert run_job(run_time(day + dt.timedelta(days=1))) == 0
    assert expiry_mails(cancelled.staff) == [] and expiry_mails(moved.staff) == []


class Interrupted(Exception):
    pass


def test_a_run_interrupted_after_the_event_tells_once_on_the_next_run(store, monkeypatch):
    # The Lambda stops (a timeout, the store busy) between the event and the staff's mail, on the
    # second guarantee: the next run takes the entry up again and tells its clerk, once.
    orderer, day = own("jobs"), a_day_of_its_own()
    written = a_day_with_expiries(store, orderer, day)
    ledger = store.ledger
    real = ledger.mark_expiry_told
    calls = []

    def stops_at_the_second(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise Interrupted
        return real(*args, **kwargs)
    monkeypatch.setattr(ledger, "mark_expiry_told", stops_at_the_second)
    after = run_time(day + dt.timedelta(days=1))
    with pytest.raises(Interrupted):
        run_job(after)
    monkeypatch.setattr(ledger, "mark_expiry_told", real)
    told = [w for w in written if w.staff]
    # The first told (the entries come in the index's order), the second stopped, the third not reached.
    assert {w.guarantee_id: len(expiry_mails(w.staff)) for w in told} == \
        {w.guarantee_id: int(w.guarantee_id == calls[0][1]) for w in told}

    run_job(after + dt.timedelta(minutes=5))
    assert [len(expiry_mails(w.staff)) for w in told] == [1, 1, 1]
    assert all(types_of_events(store, w.guarantee_id).count("expired") == 1 for w in written)
    run_job(after + dt.timedelta(days=2))  # a later day's look-back: nothing again
    assert [len(expiry_mails(w.staff)) for w in told] == [1, 1, 1]


def test_a_run_interrupted_after_the_mail_was_written_sends_it_once(store, monkeypatch):
    # Stopped after the mark and its mail were written, before they were sent or the entry settled:
    # the outbox sweep sends the mail; the next run tells nobody again.
    orderer, day = own("jobs"), a_day_of_its_own()
    written = a_day_with_expiries(store, orderer, day)
    from chalicelib.usecases.common import outbox

    def not_sent(mail_id, now):
        raise Interrupted
    monkeypatch.setattr(outbox, "deliver", not_sent)
    after = run_time(day + dt.timedelta(days=1))
    with pytest.raises(Interrupted):
        run_job(after)
    monkeypatch.undo()
    told = [w for w in written if w.staff]
    assert [len(expiry_mails(w.staff)) for w in told] == [0, 0, 0]
    sweep(after + dt.timedelta(minutes=1))  # the outbox sweep sends what was written
    assert sorted(len(expiry_mails(w.staff)) for w in told) == [0, 0, 1]
    run_job(after + dt.timedelta(minutes=5))
    sweep(after + dt.timedelta(minutes=6))
    assert [len(expiry_mails(w.staff)) for w in told] == [1, 1, 1]
    assert all(types_of_events(store, w.guarantee_id).count("expired") == 1 for w in written)


def test_the_sweep_no_longer_reads_any_ledger_whole(store, monkeypatch):
    # The expiry mails come from the day's entries: the ledgers' rows and the enrolments are never listed.
    from chalicelib.usecases import deliver_mail
    orderer, day = own("jobs"), a_day_of_its_own()
    written = a_day_with_expiries(store, orderer, day, expiring=1, received=1)

    def refused(*args, **kwargs):
        raise AssertionError("a daily job read a whole ledger or the list of enrolments")
    monkeypatch.setattr(store.ledger, "entries", refused)
    monkeypatch.setattr(store.registry, "enrolments", refused)
    after = run_time(day + dt.timedelta(days=1))
    with clock_at(after):
        deliver_mail.sweep(after)
    assert len(expiry_mails(written[0].staff)) == 1


# ---- cost independent of history ---------------------------------------------------------------

def _measured_run(store, others: int) -> tuple[object, list[Written]]:
    from devtools import capacity
    orderer, day = own("jobs"), a_day_of_its_own()
    # The ledger's history: rows of guarantees of their own numbers ending on other days (long
    # ago and ahead), as the orderer's 受領台帳 holds them.
    for i in range(others):
        end = day + dt.timedelta(days=(-400 if i % 2 else 400) - i % 300)
        write_guarantee(store, orderer, end, f"{own('history')}@jobs.example")
    written = a_day_with_expiries(store, orderer, day)
    after = run_time(day + dt.timedelta(days=1))
    with capacity.tally() as units:
        assert run_job(after) == 4
    assert all(len(expiry_mails(w.staff)) == 1 for w in written if w.staff)
    return units, written


@pytest.mark.dynamodb
def test_a_days_expiry_run_reads_the_same_with_10_or_1000_other_rows_in_the_ledger(store, request):
    small, _ = _measured_run(store, 10)
    large, _ = _measured_run(store, 1000)
    assert small.read > 0
    assert (large.read, large.write, large.calls) == (small.read, small.write, small.calls)
    assert "Scan" not in large.by_operation
    from support import report_line
    report_line(request, f"expiry run, 4 expiries / 3 received: {small.read} RCU, {small.write} WCU, "
                         f"{small.calls} calls with 10 other rows; {large.read} RCU, {large.write} WCU, "
                         f"{large.calls} calls with 1,000 ({sorted(large.by_operation.items())})")


# ---- the digest: a sweep reads the marks left to settle, not the day's settled ones -------------

def _marked(store, orderer_id: str, department: str, day: str) -> None:
    from chalicelib.domain.submissions import Contact, Submission, new_submission_id
    from chalicelib.domain.formatting import iso_utc_precise
    at_moment = dt.datetime(2026, 12, 1, 1, tzinfo=dt.timezone.utc)
    at = iso_utc_precise(at_moment)
    s = Submission(
        submission_id=new_submission_id(at_moment), orderer_id=orderer_id, guarantee_id=own("gjobs"),
        surety_id=SURETY, version=1, contract_number=own("JOBS"), kind="advance_payment",
        project_name="ジョブ市道1号線道路改良工事", contractor="浅間建設株式会社", amount=22_000_000,
        surety_name="ジョブ保証株式会社", department=department, reference=None,
        contact=Contact("佐久 花子", "hanako@jobs.example", "0267-00-0000"), submitted_at=at,
        first_submitted_at=at, history=({"action": "submitted", "at": at, "version": 1},))
    store.submissions.submit(s, None, event("submitted", version=1, submission_id=s.submission_id,
                                            orderer_id=orderer_id), [], day)


@pytest.mark.dynamodb
def test_a_settled_digest_day_costs_a_sweep_the_same_with_1_or_60_departments_marked(store, request):
    from devtools import capacity
    measured = []
    for departments in (1, 60):
        orderer, day = own("jobs"), a_day_of_its_own().isoformat()
        for i in range(departments):
            _marked(store, orderer, f"課{i:02d}", day)
        assert len(store.submissions.digest_marks(day)) == min(departments, 100)
        for i in range(departments):
            assert store.submissions.settle_digest(day, orderer, f"課{i:02d}", []) is True
        with capacity.tally() as units:
            assert store.submissions.digest_marks(day) == []
        measured.append((units.read, units.calls))
    assert measured[0] == measured[1]
    from support import report_line
    report_line(request, f"digest marks of a settled day, read by a sweep: {measured} (1 and 60 departments)")
