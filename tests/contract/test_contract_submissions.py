"""電子提出: the orderers' inboxes. One entry per guarantee and orderer; every write of an entry
expects the revision it read and carries its event and mails; the inbox reads newest first in
pages that filters may leave short; a day's digest is settled once, with its mails; the inbox's
受領 is written with the receipt."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest

from chalicelib.domain.formatting import iso_utc_precise
from chalicelib.domain.submissions import Contact, Decision, Submission, new_submission_id
from chalicelib.usecases.ports.records import ConditionFailed
from contract_support import START, UTC, event, issue, mail, uid

FAR = iso_utc_precise(dt.datetime(2100, 1, 1, tzinfo=UTC))


def _conflict(call) -> str:
    with pytest.raises(ConditionFailed) as failed:
        call()
    return failed.value.what


def _at(minutes: int) -> str:
    return iso_utc_precise(START + dt.timedelta(minutes=minutes))


def _day() -> str:
    """A digest day no other test marks."""
    return (dt.date(2100, 1, 1) + dt.timedelta(days=random.randrange(300 * 365))).isoformat()


def entry(orderer_id: str, guarantee_id: str | None = None, *, surety_id: str = "test-surety", minutes: int = 0,
          department: str = "建設課", kind: str = "advance_payment", state: str = "pending",
          reference: str | None = "R8-土木-12") -> Submission:
    """A new entry as the submission use case makes it."""
    at = _at(minutes)
    submission = Submission(
        submission_id=new_submission_id(START), orderer_id=orderer_id, guarantee_id=guarantee_id or uid("g"),
        surety_id=surety_id, version=1, contract_number=uid("N-"), kind=kind,
        project_name="市道岩村田1号線道路改良工事", contractor="浅間建設株式会社", amount=22_000_000,
        surety_name="テスト保証株式会社", department=department, reference=reference,
        contact=Contact("佐久 花子", "hanako@asama.example.jp", "0267-00-0000"), submitted_at=at,
        first_submitted_at=at, history=({"action": "submitted", "at": at, "version": 1},))
    return submission if state == "pending" else submission.decided(_decision(state, at))


def _decision(action: str, at: str, reason: str | None = None) -> Decision:
    return Decision(action, at, "建設課", "岩村田 一郎", "staff-hash", reason)


def submitted(s: Submission) -> dict:
    return event("submitted", version=s.version, submission_id=s.submission_id, orderer_id=s.orderer_id)


def put(store, s: Submission, mails=(), digest_day: str | None = None) -> Submission:
    store.submissions.submit(s, None, submitted(s), list(mails), digest_day)
    return s


def types(store, guarantee_id: str) -> list[str]:
    return [e["type"] for e in store.events.list(guarantee_id)]


def feed(store, surety_id: str) -> list[tuple[str, str]]:
    return [(e.guarantee_id, e.event["type"]) for e in store.events.page_feed(surety_id, FAR, 100, None)[0]]


# ---- an entry -------------------------------------------------------------------------------

def test_a_new_entry_is_written_with_its_claim_event_and_mails(store):
    surety, orderer = uid("s"), uid("o")
    s = entry(orderer, surety_id=surety)
    sent = [mail("hanako@asama.example.jp"), mail("kensetsu@city.example.lg.jp")]
    put(store, s, sent)
    assert store.submissions.get(s.submission_id) == s
    assert store.submissions.of_guarantee(orderer, s.guarantee_id) == s
    assert store.submissions.of_guarantee(uid("o"), s.guarantee_id) is None
    assert store.submissions.of_guarantee(orderer, uid("g")) is None
    assert store.submissions.get(new_submission_id(START)) is None
    assert [store.outbox.get(m.mail_id).status for m in sent] == ["pending", "pending"]
    assert store.outbox.get(sent[0].mail_id).guarantee_id == s.guarantee_id
    # The event is on the guarantee's log and in the surety's feed.
    [logged] = store.events.list(s.guarantee_id)
    assert logged["type"] == "submitted" and logged["submission_id"] == s.submission_id
    assert feed(store, surety) == [(s.guarantee_id, "submitted")]


def test_an_entry_keeps_every_value_of_the_record(store):
    orderer = uid("o")
    plain = entry(orderer, reference=None)
    plain = replace(plain, contact=Contact("佐久 花子", "h@asama.example.jp"))
    put(store, plain)
    assert store.submissions.get(plain.submission_id) == plain
    assert store.submissions.get(plain.submission_id).as_record() == plain.as_record()


def test_a_guarantee_is_one_entry_per_orderer(store):
    surety, orderer = uid("s"), uid("o")
    first = put(store, entry(orderer, surety_id=surety))
    again = entry(orderer, first.guarantee_id, surety_id=surety, minutes=5)
    sent = [mail()]
    assert _conflict(lambda: put(store, again, sent, _day())) == "submission"
    # Nothing of the refused write is there: no entry, no event, no mail.
    assert store.submissions.get(again.submission_id) is None
    assert store.submissions.of_guarantee(orderer, first.guarantee_id) == first
    assert types(store, first.guarantee_id) == ["submitted"]
    assert store.outbox.get(sent[0].mail_id) is None
    assert store.submissions.page(orderer, 10, None) == ([first], None)
    # Another orderer's inbox may have the same guarantee.
    other = put(store, entry(uid("o"), first.guarantee_id, surety_id=surety))
    assert store.submissions.of_guarantee(other.orderer_id, first.guarantee_id) == other
    assert types(store, first.guarantee_id) == ["submitted", "submitted"]


def test_a_resubmission_reopens_the_entry_at_the_revision_read(store):
    surety, orderer = uid("s"), uid("o")
    first = put(store, entry(orderer, surety_id=surety))
    returned = first.decided(_decision("returned", _at(10), "金額の記載が契約書と異なります"))
    store.submissions.decide(returned, first, event("returned", submission_id=first.submission_id), [])
    later = put(store, entry(orderer, surety_id=surety, minutes=20))
    copied = {"contract_number": "R08-0002", "amount": 23_000_000}
    again = returned.resubmitted(version=2, department="道路課", reference=None,
                                 contact=Contact("浅間 次郎", "jiro@asama.example.jp"), at=_at(30), copied=copied)
    sent = [mail("jiro@asama.example.jp")]
    store.submissions.submit(again, returned, submitted(again), sent, None)
    assert store.submissions.get(first.submission_id) == again
    assert store.submissions.of_guarantee(orderer, first.guarantee_id) == again
    assert (again.revision, again.state, again.version, again.first_submitted_at) == (3, "pending", 2, first.submitted_at)
    assert store.outbox.get(sent[0].mail_id).status == "pending"
    assert types(store, first.guarantee_id) == ["submitted", "returned", "submitted"]
    # Submitted again: first in the inbox, by its new time.
    assert [s.submission_id for s in store.submissions.page(orderer, 10, None)[0]] == \
        [again.submission_id, later.submission_id]
    assert store.submissions.page(orderer, 10, None, department="道路課")[0] == [again]
    # Written from what was read before (revision 2): refused, nothing written.
    stale = returned.resubmitted(version=2, department="建設課", reference="x", contact=first.contact, at=_at(40),
                                 copied=copied)
    late = [mail()]
    assert _conflict(lambda: store.submissions.submit(stale, returned, submitted(stale), late, _day())) == "submission"
    assert store.submissions.get(first.submission_id) == again
    assert store.outbox.get(late[0].mail_id) is None
    assert types(store, first.guarantee_id) == ["submitted", "returned", "submitted"]
    # An entry that is not there cannot be reopened.
    ghost = entry(orderer)
    assert _conflict(lambda: store.submissions.submit(
        ghost.resubmitted(version=2, department="建設課", reference=None, contact=ghost.contact, at=_at(50),
                          copied={}), ghost, submitted(ghost), [], None)) == "submission"
    assert store.submissions.get(ghost.submission_id) is None


def test_a_return_is_written_at_the_revision_read_with_its_event_and_mail(store):
    surety, orderer = uid("s"), uid("o")
    first = put(store, entry(orderer, surety_id=surety))
    returned = first.decided(_decision("returned", _at(10), "添付の契約番号が違います"))
    sent = [mail("hanako@asama.example.jp")]
    store.submissions.decide(returned, first, event("returned", submission_id=first.submission_id), sent)
    got = store.submissions.get(first.submission_id)
    assert got == returned and got.state == "returned" and got.decision.reason == "添付の契約番号が違います"
    assert store.outbox.get(sent[0].mail_id).status == "pending"
    assert feed(store, surety) == [(first.guarantee_id, "submitted"), (first.guarantee_id, "returned")]
    # Decided from the entry as it was before (another clerk was first): refused, nothing written.
    twice = first.decided(_decision("returned", _at(11), "別の理由"))
    late = [mail()]
    assert _conflict(lambda: store.submissions.decide(twice, first, event("returned"), late)) == "submission"
    assert store.submissions.get(first.submission_id) == returned
    assert store.outbox.get(late[0].mail_id) is None
    assert types(store, first.guarantee_id) == ["submitted", "returned"]


# ---- the inbox's pages ----------------------------------------------------------------------

def _ids(found: list[Submission]) -> list[str]:
    return [s.submission_id for s in found]


def test_the_inbox_is_newest_first_in_pages(store):
    orderer = uid("o")
    made = [put(store, entry(orderer, minutes=m)) for m in (3, 1, 4, 0, 2)]
    put(store, entry(uid("o"), minutes=9))  # another orderer's inbox
    newest = sorted(made, key=lambda s: s.submitted_at, reverse=True)
    assert store.submissions.page(orderer, 10, None) == (newest, None)
    found, cursor = store.submissions.page(orderer, 2, None)
    assert _ids(found) == _ids(newest[:2]) and cursor is not None
    found, cursor = store.submissions.page(orderer, 2, cursor)
    assert _ids(found) == _ids(newest[2:4]) and cursor is not None
    found, cursor = store.submissions.page(orderer, 2, cursor)
    assert _ids(found) == _ids(newest[4:]) and cursor is None
    # A page stopped by its limit has a cursor even when nothing follows (the engine's way).
    found, cursor = store.submissions.page(orderer, 5, None)
    assert len(found) == 5 and store.submissions.page(orderer, 5, cursor) == ([], None)
    assert store.submissions.page(uid("o"), 10, None) == ([], None)


def test_the_inbox_is_bounded_by_submission_time(store):
    orderer = uid("o")
    made = {m: put(store, entry(orderer, minutes=m)) for m in range(5)}
    page = store.submissions.page
    assert _ids(page(orderer, 10, None, since=_at(1), until=_at(3))[0]) == _ids([made[2], made[1]])
    assert _ids(page(orderer, 10, None, since=_at(3))[0]) == _ids([made[4], made[3]])
    assert _ids(page(orderer, 10, None, until=_at(1))[0]) == _ids([made[0]])
    # A day's bounds as the inbox sends them (times of one format, to the microsecond).
    day = page(orderer, 10, None, since=iso_utc_precise(START), until=iso_utc_precise(START + dt.timedelta(days=1)))
    assert _ids(day[0]) == _ids([made[m] for m in (4, 3, 2, 1, 0)])
    assert page(orderer, 10, None, since=_at(3), until=_at(3)) == ([], None)
    assert page(orderer, 10, None, since=_at(4), until=_at(2)) == ([], None)
    # Pages within bounds.
    found, cursor = page(orderer, 2, None, since=_at(1))
    assert _ids(found) == _ids([made[4], made[3]])
    found, cursor = page(orderer, 2, cursor, since=_at(1))
    assert _ids(found) == _ids([made[2], made[1]]) and cursor is not None
    assert page(orderer, 2, cursor, since=_at(1)) == ([], None)


def test_filters_apply_to_the_page_read_so_a_page_may_be_short(store):
    orderer = uid("o")
    # Newest first: m=5 … m=0.
    specs = {5: ("建設課", "advance_payment", "pending"), 4: ("道路課", "advance_payment", "pending"),
             3: ("道路課", "contract", "received"), 2: ("建設課", "contract", "returned"),
             1: ("道路課", "advance_payment", "pending"), 0: ("建設課", "advance_payment", "received")}
    made = {m: put(store, entry(orderer, minutes=m, department=d, kind=k, state=st)) for m, (d, k, st) in specs.items()}
    page = store.submissions.page

    def pages(limit: int, **filters) -> list[list[str]]:
        out, cursor = [], None
        while True:
            found, cursor = page(orderer, limit, cursor, **filters)
            out.append(_ids(found))
            if cursor is None:
                return out
            assert len(out) < 10
    # Two read per page: 道路課 is [4] of (5, 4), [3] of (3, 2), [1] of (1, 0).
    assert pages(2, department="道路課") == [[made[4].submission_id], [made[3].submission_id],
                                              [made[1].submission_id], []]
    assert pages(3, kind="contract") == [[made[3].submission_id], [made[2].submission_id], []]
    assert pages(4, state="pending", department="建設課") == [[made[5].submission_id], []]
    assert pages(2, state="received", kind="advance_payment") == [[], [], [made[0].submission_id], []]
    assert pages(10, state="returned") == [[made[2].submission_id]]
    assert page(orderer, 10, None, department="総務課") == ([], None)
    # Filters within bounds.
    assert _ids(page(orderer, 10, None, since=_at(1), until=_at(5), department="道路課")[0]) == \
        _ids([made[4], made[3], made[1]])
    assert page(orderer, 10, None, department="建設課", kind="contract", state="returned")[0] == [made[2]]


# ---- the daily digest -----------------------------------------------------------------------

def test_departments_are_marked_for_a_days_digest_and_settled_once_with_their_mails(store):
    day, other_day = _day(), _day()
    orderer, another = uid("o"), uid("o")
    put(store, entry(orderer, department="道路課"), digest_day=day)
    put(store, entry(orderer, department="建設課"), digest_day=day)
    put(store, entry(orderer, department="建設課", minutes=1), digest_day=day)  # the same mark
    put(store, entry(another, department="建設課"), digest_day=day)
    put(store, entry(orderer, department="水道課"), digest_day=other_day)
    put(store, entry(orderer, department="総務課"))  # not marked
    expected = sorted([(orderer, "道路課"), (orderer, "建設課"), (another, "建設課")],
                      key=lambda mark: f"{mark[0]}#{mark[1]}")
    assert store.submissions.digest_marks(day) == expected
    assert store.submissions.digest_marks(day, limit=2) == expected[:2]
    assert store.submissions.digest_marks(other_day) == [(orderer, "水道課")]
    assert store.submissions.digest_marks(_day()) == []

    digest = [mail("kensetsu@city.example.lg.jp"), mail("kensetsu2@city.example.lg.jp")]
    assert store.submissions.settle_digest(day, orderer, "建設課", digest) is True
    assert [store.outbox.get(m.mail_id).status for m in digest] == ["pending", "pending"]
    assert store.outbox.get(digest[0].mail_id).guarantee_id == f"digest:{orderer}"
    again = [mail()]
    assert store.submissions.settle_digest(day, orderer, "建設課", again) is False
    assert store.outbox.get(again[0].mail_id) is None
    assert store.submissions.digest_marks(day) == [m for m in expected if m != (orderer, "建設課")]
    # Settled only once even if the day sees one more submission.
    put(store, entry(orderer, department="建設課", minutes=2), digest_day=day)
    assert (orderer, "建設課") not in store.submissions.digest_marks(day)
    assert store.submissions.settle_digest(day, orderer, "建設課", []) is False
    # A mark never made is not settled.
    never = [mail()]
    assert store.submissions.settle_digest(day, orderer, "総務課", never) is False
    assert store.outbox.get(never[0].mail_id) is None
    assert store.submissions.settle_digest(day, another, "建設課", []) is True
    assert store.submissions.digest_marks(day) == [(orderer, "道路課")]


# ---- the inbox's 受領, with the receipt -----------------------------------------------------

def _receipt(at: str = "2026-12-01T02:00:00.000000Z") -> dict:
    return {"orderer": "佐久市", "department": "建設課", "date": "2026-12-01", "recorded_at": at}


def test_the_inbox_receipt_writes_the_receipt_and_the_entry_together(store):
    issued = issue(store)
    orderer = uid("o")
    read = put(store, entry(orderer, issued.guarantee_id, surety_id=issued.surety_id))
    received = read.decided(_decision("received", _at(10)))
    row = {"guarantee_id": issued.guarantee_id, "version": 1}
    sent = [mail()]
    store.guarantees.record_receipt(issued.guarantee_id, issued.surety_id, 1, _receipt(),
                                    event("receipt", submission_id=read.submission_id), sent, (orderer, row),
                                    submission=(read, received))
    assert store.guarantees.get_state(issued.guarantee_id).receipts == {"1": _receipt()}
    assert store.ledger.entry(orderer, issued.guarantee_id, 1) == row
    assert store.submissions.get(read.submission_id) == received
    assert store.outbox.get(sent[0].mail_id).status == "pending"
    assert types(store, issued.guarantee_id) == ["issued", "submitted", "receipt"]
    assert feed(store, issued.surety_id)[-1] == (issued.guarantee_id, "receipt")
    # Its place in the inbox stays (submitted_at did not move).
    assert store.submissions.page(orderer, 10, None, state="received") == ([received], None)


def test_the_inbox_receipt_of_a_changed_entry_writes_nothing(store):
    issued = issue(store)
    orderer = uid("o")
    read = put(store, entry(orderer, issued.guarantee_id, surety_id=issued.surety_id))
    returned = read.decided(_decision("returned", _at(5), "理由"))
    store.submissions.decide(returned, read, event("returned"), [])
    sent = [mail()]
    assert _conflict(lambda: store.guarantees.record_receipt(
        issued.guarantee_id, issued.surety_id, 1, _receipt(), event("receipt"), sent,
        (orderer, {"v": 1}), submission=(read, read.decided(_decision("received", _at(10)))))) == "submission"
    assert store.guarantees.get_state(issued.guarantee_id).receipts == {}
    assert store.ledger.entry(orderer, issued.guarantee_id, 1) is None
    assert store.submissions.get(read.submission_id) == returned
    assert store.outbox.get(sent[0].mail_id) is None
    assert types(store, issued.guarantee_id) == ["issued", "submitted", "returned"]


def test_the_guarantees_state_is_named_before_the_entry(store):
    issued = issue(store)
    orderer = uid("o")
    read = put(store, entry(orderer, issued.guarantee_id, surety_id=issued.surety_id))
    store.guarantees.cancel(issued.guarantee_id, issued.surety_id, {"date": "2026-12-01"}, event("cancelled"))
    # Both conditions fail (cancelled, and an entry at another revision): "state" is named.
    stale = read.decided(_decision("returned", _at(5)))
    store.submissions.decide(stale, read, event("returned"), [])
    assert _conflict(lambda: store.guarantees.record_receipt(
        issued.guarantee_id, issued.surety_id, 1, _receipt(), event("receipt"), [], (orderer, {"v": 1}),
        submission=(read, read.decided(_decision("received", _at(10)))))) == "state"
    # The entry as it is, the guarantee cancelled: still "state".
    assert _conflict(lambda: store.guarantees.record_receipt(
        issued.guarantee_id, issued.surety_id, 1, _receipt(), event("receipt"), [], (orderer, {"v": 1}),
        submission=(stale, stale.decided(_decision("received", _at(10)))))) == "state"
    assert store.submissions.get(read.submission_id) == stale
    assert store.ledger.entry(orderer, issued.guarantee_id, 1) is None


# ---- the two stores side by side ------------------------------------------------------------

def _answer(call, store):
    try:
        return ("ok", call(store))
    except ConditionFailed as e:
        return ("condition", e.what)


def _walk(store, orderer: str, limit: int, filters: dict) -> list:
    """Every page of a read of the inbox, with its cursor."""
    out, cursor = [], None
    while True:
        found, cursor = store.submissions.page(orderer, limit, cursor, **filters)
        out.append((found, cursor))
        if cursor is None or len(out) > 20:
            return out


def _submission_calls(rng: random.Random, orderers: list[str], guarantees: list, days: list[str], known: list):
    departments, kinds = ["建設課", "道路課"], ["advance_payment", "contract"]
    choice = rng.randrange(8)
    if choice == 0 or not known:
        g = rng.choice(guarantees)
        new = entry(rng.choice(orderers), g.guarantee_id, surety_id=g.surety_id, minutes=rng.choice([0, 1, 2]),
                    department=rng.choice(departments), kind=rng.choice(kinds))
        known.append(new)
        sent, day = [mail()] if rng.random() < 0.5 else [], rng.choice([None, *days])
        return "submit", lambda s: s.submissions.submit(new, None, submitted(new), sent, day)
    read = rng.choice(known)
    if choice == 1:
        again = read.resubmitted(version=read.version + rng.randint(0, 1), department=rng.choice(departments),
                                 reference=rng.choice([None, "R8-1"]), contact=read.contact,
                                 at=_at(rng.choice([0, 1, 2, 3])), copied={"kind": rng.choice(kinds)})
        known.append(again)
        day = rng.choice([None, *days])
        return "resubmit", lambda s: s.submissions.submit(again, read, submitted(again), [mail()], day)
    if choice == 2:
        returned = read.decided(_decision("returned", _at(5), "理由"))
        known.append(returned)
        return "decide", lambda s: s.submissions.decide(returned, read, event("returned"), [mail()])
    if choice == 3:
        received = read.decided(_decision("received", _at(6)))
        known.append(received)
        return "record_receipt", lambda s: s.guarantees.record_receipt(
            read.guarantee_id, read.surety_id, 1, _receipt(), event("receipt"), [mail()],
            (read.orderer_id, {"v": 1}), submission=(read, received))
    if choice == 4:
        filters = {name: rng.choice([None, value]) for name, value in
                   (("department", rng.choice(departments)), ("kind", rng.choice(kinds)),
                    ("state", rng.choice(["pending", "received", "returned"])),
                    ("since", _at(rng.choice([0, 1, 2]))), ("until", _at(rng.choice([1, 2, 3, 4]))))}
        orderer, limit = rng.choice(orderers), rng.randint(1, 4)
        return "page", lambda s: _walk(s, orderer, limit, filters)
    if choice == 5:
        day, limit = rng.choice(days), rng.randint(1, 3)
        return "digest_marks", lambda s: s.submissions.digest_marks(day, limit)
    if choice == 6:
        day, orderer, department = rng.choice(days), rng.choice(orderers), rng.choice(departments)
        sent = [mail()]
        return "settle_digest", lambda s: (s.submissions.settle_digest(day, orderer, department, sent),
                                           s.outbox.get(sent[0].mail_id) is not None)
    return "get", lambda s: (s.submissions.get(read.submission_id),
                             s.submissions.of_guarantee(read.orderer_id, read.guarantee_id))


@pytest.mark.dynamodb
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_fake_answers_as_the_engine_does(seed, dynamodb_store, contract_clock):
    from chalicelib.adapters.memory import MemoryStore
    from contract_support import new_guarantee, result
    memory = MemoryStore(contract_clock.now)
    rng = random.Random(seed)
    orderers, days, known = [uid("o"), uid("o")], [_day(), _day()], []
    guarantees = [new_guarantee(uid("s")) for _ in range(3)]
    for g in guarantees:
        for store in (memory, dynamodb_store):
            store.guarantees.create(g, result(g.surety_id, "idem", g.guarantee_id))
    seen = set()
    for step in range(120):
        name, call = _submission_calls(rng, orderers, guarantees, days, known)
        fake, real = _answer(call, memory), _answer(call, dynamodb_store)
        assert fake == real, f"step {step}: {name}"
        seen.add((name, fake[0]))
    # The sequence met refusals as well as writes.
    assert {("submit", "condition"), ("resubmit", "condition"), ("decide", "ok"), ("page", "ok")} <= seen
