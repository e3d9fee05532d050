"""Guarantees: issuance, amendment, cancellation and receipts are each one write, all or
nothing; conditions name what failed; reads return the domain's values."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.usecases.ports.records import ConditionFailed, GuaranteeHead
from contract_support import START, UTC, event, issue, mail, new_guarantee, new_version, result, uid


def _conflict(call) -> str:
    with pytest.raises(ConditionFailed) as failed:
        call()
    return failed.value.what


def test_issuance_writes_state_head_version_key_number_event_expiry_answer_and_mail(store):
    new = new_guarantee(uid("s"), corporate_number="1234567890123", contractor_email="c@example.jp")
    sent = mail()
    store.guarantees.create(new, result(new.surety_id, "idem-1", new.guarantee_id), sent)

    state = store.guarantees.get_state(new.guarantee_id)
    assert (state.guarantee_id, state.surety_id, state.contract_number, state.latest_version, state.status) == \
        (new.guarantee_id, new.surety_id, new.contract_number, 1, "active")
    assert state.history == [new.history_entry] and state.receipts == {} and state.cancellation is None
    assert state.contractor_email == "c@example.jp"
    assert store.guarantees.get_head(new.guarantee_id) == GuaranteeHead(
        new.guarantee_id, new.surety_id, new.contract_number, 1, "active", new.issued_at)
    signed = store.guarantees.get_version(new.guarantee_id, 1)
    assert signed.version.guarantee_id == new.guarantee_id and signed.version.version == 1
    assert signed.version.as_record() == {k: v for k, v in new.version_record.items() if k != "jws"}
    assert signed.jws == "sig"
    assert store.guarantees.get_version(new.guarantee_id, 2) is None
    assert store.guarantees.find_guarantee_id(new.surety_id, new.contract_number) == new.guarantee_id
    assert [e["type"] for e in store.events.list(new.guarantee_id)] == ["issued"]
    assert (new.guarantee_id, 1, new.surety_id) in store.expiries.ending_on("2027-09-07", limit=1000)
    kept = store.guarantees.idempotent_result(new.surety_id, "idem-1", START)
    assert (kept.guarantee_id, kept.status_code, kept.sealed_body, kept.fingerprint) == \
        (new.guarantee_id, 201, b"sealed", "fp")
    written = store.outbox.get(sent.mail_id)
    assert (written.to, written.status, written.attempts, written.guarantee_id, written.kept_until) == \
        (sent.to, "pending", 0, new.guarantee_id, None)


def test_a_key_opens_its_version_only_with_its_number(store):
    new = issue(store)
    match = store.guarantees.find_by_key(new.contract_number, new.key_hash)
    assert match.guarantee_id == new.guarantee_id and match.signed.version.version == 1 and match.signed.jws == "sig"
    assert store.guarantees.find_by_key("other-number", new.key_hash) is None
    assert store.guarantees.find_by_key(new.contract_number, uid("unknown")) is None
    found, state = store.guarantees.read_for_key(new.contract_number, new.key_hash)
    assert found == match and state == store.guarantees.get_state(new.guarantee_id)
    assert store.guarantees.read_for_key("other-number", new.key_hash) is None
    assert store.guarantees.read_for_key(new.contract_number, uid("unknown")) is None


def test_a_used_idempotency_key_writes_nothing(store):
    first = new_guarantee(uid("s"))
    store.guarantees.create(first, result(first.surety_id, "k", first.guarantee_id))
    second = new_guarantee(first.surety_id)
    sent = mail()
    assert _conflict(lambda: store.guarantees.create(second, result(second.surety_id, "k", second.guarantee_id),
                                                     sent)) == "idempotency"
    assert store.guarantees.get_state(second.guarantee_id) is None
    assert store.guarantees.get_head(second.guarantee_id) is None
    assert store.guarantees.find_guarantee_id(second.surety_id, second.contract_number) is None
    assert store.guarantees.find_by_key(second.contract_number, second.key_hash) is None
    assert store.events.list(second.guarantee_id) == []
    assert store.outbox.get(sent.mail_id) is None
    # The first answer is kept as it was.
    assert store.guarantees.idempotent_result(first.surety_id, "k", START).guarantee_id == first.guarantee_id


def test_a_number_is_unique_per_surety_only(store):
    first = issue(store)
    again = new_guarantee(first.surety_id, number=first.contract_number)
    assert _conflict(lambda: store.guarantees.create(again, result(again.surety_id, uid(), again.guarantee_id))) \
        == "contract_number"
    assert store.guarantees.get_state(again.guarantee_id) is None
    assert store.guarantees.find_by_key(again.contract_number, again.key_hash) is None
    # Both taken: the idempotency key, first in the write, is named.
    used = _idempotency_key_of(store, first)
    assert _conflict(lambda: store.guarantees.create(
        new_guarantee(first.surety_id, number=first.contract_number),
        result(first.surety_id, used, first.guarantee_id))) == "idempotency"
    # Another surety may use the same number.
    other = issue(store, uid("a"), number=first.contract_number)
    assert sorted(store.guarantees.guarantees_numbered(first.contract_number)) == sorted(
        [(first.surety_id, first.guarantee_id), (other.surety_id, other.guarantee_id)])
    assert store.guarantees.guarantees_numbered(first.contract_number)[0][0] == min(first.surety_id, other.surety_id)
    assert store.guarantees.guarantees_numbered(uid("none")) == []


def _idempotency_key_of(store, issued) -> str:
    """Issue once more under a known key and return it (the key is then taken)."""
    key = uid("idem")
    extra = new_guarantee(issued.surety_id)
    store.guarantees.create(extra, result(issued.surety_id, key, extra.guarantee_id))
    return key


def test_a_key_or_an_id_in_use_writes_nothing(store):
    first = issue(store)
    same_key = new_guarantee(uid("s"), key_hash=first.key_hash)
    assert _conflict(lambda: store.guarantees.create(same_key, result(same_key.surety_id, uid(),
                                                                      same_key.guarantee_id))) == "key"
    same_id = new_guarantee(uid("s"), guarantee_id=first.guarantee_id)
    assert _conflict(lambda: store.guarantees.create(same_id, result(same_id.surety_id, uid(),
                                                                     same_id.guarantee_id))) == "state"
    assert store.guarantees.find_guarantee_id(same_key.surety_id, same_key.contract_number) is None
    assert store.guarantees.find_guarantee_id(same_id.surety_id, same_id.contract_number) is None
    assert store.guarantees.find_by_key(first.contract_number, first.key_hash).guarantee_id == first.guarantee_id
    assert store.guarantees.get_state(first.guarantee_id).surety_id == first.surety_id


def test_an_idempotent_answer_expires_at_its_second(store):
    new = new_guarantee(uid("s"))
    expires = dt.datetime(2026, 12, 2, 3, 4, 5, 600_000, tzinfo=UTC)
    store.guarantees.create(new, result(new.surety_id, "k", new.guarantee_id, expires_at=expires))
    kept = store.guarantees.idempotent_result(new.surety_id, "k", expires - dt.timedelta(seconds=1))
    # Kept to the whole second, as a time-to-live is.
    assert kept.expires_at == expires.replace(microsecond=0)
    assert store.guarantees.idempotent_result(new.surety_id, "k", expires.replace(microsecond=0)) is None
    assert store.guarantees.idempotent_result(new.surety_id, "k", expires + dt.timedelta(days=1)) is None
    assert store.guarantees.idempotent_result(new.surety_id, "other", START) is None
    assert store.guarantees.idempotent_result(uid("s"), "k", START) is None


def test_an_expired_answer_still_holds_its_key_until_the_engine_removes_it(store):
    new = new_guarantee(uid("s"))
    store.guarantees.create(new, result(new.surety_id, "k", new.guarantee_id, expires_at=START))
    assert store.guarantees.idempotent_result(new.surety_id, "k", START + dt.timedelta(hours=1)) is None
    again = new_guarantee(new.surety_id)
    assert _conflict(lambda: store.guarantees.create(again, result(again.surety_id, "k", again.guarantee_id))) \
        == "idempotency"


def test_an_amendment_adds_a_version_and_its_key(store):
    issued = issue(store, contractor_email="first@example.jp")
    amendment = new_version(issued, contractor_email="second@example.jp")
    sent, notices = mail(), [mail("a@example.jp"), mail("b@example.jp")]
    store.guarantees.add_version(amendment, result(issued.surety_id, "amend", issued.guarantee_id), sent, notices)

    state = store.guarantees.get_state(issued.guarantee_id)
    assert state.latest_version == 2 and [h["version"] for h in state.history] == [1, 2]
    assert state.contractor_email == "second@example.jp"
    assert store.guarantees.get_head(issued.guarantee_id).latest_version == 2
    assert [s.version.version for s in store.guarantees.list_versions(issued.guarantee_id)] == [1, 2]
    assert store.guarantees.find_by_key(issued.contract_number, issued.key_hash).signed.version.version == 1
    assert store.guarantees.find_by_key(issued.contract_number, amendment.key_hash).signed.version.version == 2
    assert [e["type"] for e in store.events.list(issued.guarantee_id)] == ["issued", "amended"]
    assert all(store.outbox.get(m.mail_id).status == "pending" for m in [sent, *notices])
    assert store.guarantees.idempotent_result(issued.surety_id, "amend", START).guarantee_id == issued.guarantee_id
    # No address given: the one on record stays.
    store.guarantees.add_version(new_version(issued, 2), result(issued.surety_id, uid(), issued.guarantee_id))
    assert store.guarantees.get_state(issued.guarantee_id).contractor_email == "second@example.jp"


def test_an_amendment_of_a_stale_version_writes_nothing(store):
    issued = issue(store)
    store.guarantees.add_version(new_version(issued), result(issued.surety_id, uid(), issued.guarantee_id))
    stale = new_version(issued, 1)
    notice = mail()
    # Version 2 is there already: its item is the first of the write to fail.
    assert _conflict(lambda: store.guarantees.add_version(
        stale, result(issued.surety_id, uid(), issued.guarantee_id), None, [notice])) == "version"
    ahead = new_version(issued, 5)
    assert _conflict(lambda: store.guarantees.add_version(
        ahead, result(issued.surety_id, uid(), issued.guarantee_id))) == "state"
    assert store.guarantees.get_state(issued.guarantee_id).latest_version == 2
    assert store.guarantees.get_head(issued.guarantee_id).latest_version == 2
    assert store.guarantees.find_by_key(issued.contract_number, stale.key_hash) is None
    assert store.guarantees.find_by_key(issued.contract_number, ahead.key_hash) is None
    assert store.guarantees.get_version(issued.guarantee_id, 6) is None
    assert store.outbox.get(notice.mail_id) is None
    assert len(store.events.list(issued.guarantee_id)) == 2


def test_an_amendment_needs_an_active_guarantee_and_a_fresh_key(store):
    issued = issue(store)
    used = _idempotency_key_of(store, issued)
    assert _conflict(lambda: store.guarantees.add_version(
        new_version(issued), result(issued.surety_id, used, issued.guarantee_id))) == "idempotency"
    store.guarantees.cancel(issued.guarantee_id, issued.surety_id, {"date": "2026-12-01", "reason": "r"},
                            event("cancelled"))
    assert _conflict(lambda: store.guarantees.add_version(
        new_version(issued), result(issued.surety_id, uid(), issued.guarantee_id))) == "state"
    unknown = new_guarantee(uid("s"))
    assert _conflict(lambda: store.guarantees.add_version(
        new_version(unknown), result(unknown.surety_id, uid(), unknown.guarantee_id))) == "state"
    assert store.guarantees.get_state(issued.guarantee_id).latest_version == 1
    assert store.guarantees.get_version(unknown.guarantee_id, 2) is None


def test_a_cancellation_is_written_once(store):
    issued = issue(store)
    notices = [mail()]
    store.guarantees.cancel(issued.guarantee_id, issued.surety_id, {"date": "2026-12-01", "reason": "契約解除"},
                            event("cancelled"), notices)
    state = store.guarantees.get_state(issued.guarantee_id)
    assert state.status == "cancelled" and state.cancellation == {"date": "2026-12-01", "reason": "契約解除"}
    assert store.guarantees.get_head(issued.guarantee_id).status == "cancelled"
    assert store.outbox.get(notices[0].mail_id).status == "pending"
    again = [mail()]
    assert _conflict(lambda: store.guarantees.cancel(issued.guarantee_id, issued.surety_id,
                                                     {"date": "2026-12-02", "reason": "x"}, event("cancelled"),
                                                     again)) == "state"
    assert store.guarantees.get_state(issued.guarantee_id).cancellation["date"] == "2026-12-01"
    assert [e["type"] for e in store.events.list(issued.guarantee_id)] == ["issued", "cancelled"]
    assert store.outbox.get(again[0].mail_id) is None
    assert _conflict(lambda: store.guarantees.cancel(uid("g"), issued.surety_id, {"date": "2026-12-01"},
                                                     event("cancelled"))) == "state"


def _receipt(at: str = "2026-12-01T02:00:00.000000Z") -> dict:
    return {"orderer": "佐久市", "department": "建設課", "date": "2026-12-01", "recorded_at": at}


def test_a_receipt_is_recorded_once_per_version_with_its_ledger_row(store):
    issued = issue(store)
    orderer = uid("o")
    row = {"guarantee_id": issued.guarantee_id, "version": 1, "contract_number": issued.contract_number}
    sent = [mail()]
    store.guarantees.record_receipt(issued.guarantee_id, issued.surety_id, 1, _receipt(), event("receipt"), sent,
                                    (orderer, row))
    assert store.guarantees.get_state(issued.guarantee_id).receipts == {"1": _receipt()}
    assert store.ledger.entry(orderer, issued.guarantee_id, 1) == row
    assert store.outbox.get(sent[0].mail_id).status == "pending"
    # Again: its ledger row is there already, the first item of the write to fail.
    again = [mail()]
    assert _conflict(lambda: store.guarantees.record_receipt(
        issued.guarantee_id, issued.surety_id, 1, _receipt("2026-12-01T03:00:00.000000Z"), event("receipt"), again,
        (orderer, {**row, "second": True}))) == "ledger"
    # By another orderer's staff: the state says no.
    assert _conflict(lambda: store.guarantees.record_receipt(
        issued.guarantee_id, issued.surety_id, 1, _receipt("2026-12-01T03:00:00.000000Z"), event("receipt"), again,
        (uid("o"), row))) == "state"
    assert store.guarantees.get_state(issued.guarantee_id).receipts == {"1": _receipt()}
    assert store.ledger.entry(orderer, issued.guarantee_id, 1) == row
    assert store.outbox.get(again[0].mail_id) is None
    assert [e["type"] for e in store.events.list(issued.guarantee_id)] == ["issued", "receipt"]


def test_a_receipt_needs_the_latest_version_of_an_active_guarantee(store):
    issued = issue(store)
    store.guarantees.add_version(new_version(issued), result(issued.surety_id, uid(), issued.guarantee_id))
    orderer = uid("o")
    assert _conflict(lambda: store.guarantees.record_receipt(
        issued.guarantee_id, issued.surety_id, 1, _receipt(), event("receipt"), [], (orderer, {"v": 1}))) == "state"
    assert store.ledger.entry(orderer, issued.guarantee_id, 1) is None
    store.guarantees.cancel(issued.guarantee_id, issued.surety_id, {"date": "2026-12-01"}, event("cancelled"))
    assert _conflict(lambda: store.guarantees.record_receipt(
        issued.guarantee_id, issued.surety_id, 2, _receipt(), event("receipt"), [], (orderer, {"v": 2}))) == "state"
    assert store.ledger.entries(orderer) == []
    assert store.guarantees.get_state(issued.guarantee_id).receipts == {}


def test_a_withdrawal_removes_that_receipt_and_its_row_together(store):
    issued = issue(store)
    orderer = uid("o")
    store.guarantees.record_receipt(issued.guarantee_id, issued.surety_id, 1, _receipt(), event("receipt"), [],
                                    (orderer, {"v": 1}))
    wrong = [mail()]
    assert _conflict(lambda: store.guarantees.withdraw_receipt(
        issued.guarantee_id, issued.surety_id, 1, orderer, "2026-12-01T09:00:00.000000Z", event("withdrawn"),
        wrong)) == "state"
    assert store.guarantees.get_state(issued.guarantee_id).receipts == {"1": _receipt()}
    assert store.ledger.entry(orderer, issued.guarantee_id, 1) == {"v": 1}
    assert store.outbox.get(wrong[0].mail_id) is None
    sent = [mail()]
    store.guarantees.withdraw_receipt(issued.guarantee_id, issued.surety_id, 1, orderer,
                                      _receipt()["recorded_at"], event("withdrawn"), sent)
    assert store.guarantees.get_state(issued.guarantee_id).receipts == {}
    assert store.ledger.entry(orderer, issued.guarantee_id, 1) is None
    assert store.outbox.get(sent[0].mail_id).status == "pending"
    assert _conflict(lambda: store.guarantees.withdraw_receipt(
        issued.guarantee_id, issued.surety_id, 1, orderer, _receipt()["recorded_at"], event("withdrawn"),
        [])) == "state"
    assert [e["type"] for e in store.events.list(issued.guarantee_id)] == ["issued", "receipt", "withdrawn"]
    # Withdrawn, it can be recorded again.
    store.guarantees.record_receipt(issued.guarantee_id, issued.surety_id, 1, _receipt(), event("receipt"), [],
                                    (orderer, {"v": 1, "again": True}))
    assert store.ledger.entry(orderer, issued.guarantee_id, 1) == {"v": 1, "again": True}


def test_states_are_read_several_at_once(store):
    a, b = issue(store), issue(store)
    unknown = uid("g")
    states = store.guarantees.get_states([a.guarantee_id, unknown, b.guarantee_id, a.guarantee_id])
    assert set(states) == {a.guarantee_id, b.guarantee_id}
    assert states[a.guarantee_id] == store.guarantees.get_state(a.guarantee_id)
    assert store.guarantees.get_states([]) == {}
    assert store.guarantees.get_state(unknown) is None and store.guarantees.get_head(unknown) is None


def _pages(listing, limit: int) -> list[list[str]]:
    pages, start = [], None
    while True:
        heads, start = listing(limit, start)
        pages.append([h.guarantee_id for h in heads])
        if start is None:
            return pages


def test_heads_of_an_orderer_newest_first_in_pages(store):
    surety, orderer = uid("s"), uid("o")
    issued = [issue(store, surety, orderer_id=orderer, issued_at=START + dt.timedelta(minutes=n))
              for n in (3, 1, 4, 0, 2)]
    issue(store, uid("s"), orderer_id=orderer)  # another surety's: never listed
    issue(store, surety)                        # another orderer's
    newest_first = [g.guarantee_id for g in sorted(issued, key=lambda g: g.issued_at, reverse=True)]

    def listing(limit, start):
        return store.guarantees.heads_by_orderer(surety, orderer, limit, start)
    assert _pages(listing, 2) == [newest_first[:2], newest_first[2:4], newest_first[4:]]
    assert _pages(listing, 10) == [newest_first]
    # A limit that ends exactly at the end still gives a cursor; the page after it is empty.
    assert _pages(listing, 5) == [newest_first, []]
    heads, _ = listing(1, None)
    assert heads[0] == store.guarantees.get_head(newest_first[0])
    assert store.guarantees.heads_by_orderer(surety, uid("none"), 5, None) == ([], None)


def test_heads_of_a_contractor_follow_its_latest_version(store):
    surety, corporate, other = uid("s"), uid("c"), uid("c")
    old = issue(store, surety, corporate_number=corporate, issued_at=START)
    new = issue(store, surety, corporate_number=corporate, issued_at=START + dt.timedelta(minutes=5))
    issue(store, surety)  # no contractor number: in no contractor's listing

    def listing(number):
        return [h.guarantee_id for h in store.guarantees.heads_by_contractor(surety, number, 10, None)[0]]
    assert listing(corporate) == [new.guarantee_id, old.guarantee_id]
    # Amended later, the older guarantee comes first (by the amendment's time).
    store.guarantees.add_version(new_version(old, corporate_number=corporate, at=START + dt.timedelta(hours=2)),
                                 result(surety, uid(), old.guarantee_id))
    assert listing(corporate) == [old.guarantee_id, new.guarantee_id]
    # A new 法人番号 moves it; none takes it out.
    store.guarantees.add_version(new_version(old, 2, corporate_number=other), result(surety, uid(), old.guarantee_id))
    assert listing(corporate) == [new.guarantee_id] and listing(other) == [old.guarantee_id]
    store.guarantees.add_version(new_version(new, corporate_number=None), result(surety, uid(), new.guarantee_id))
    assert listing(corporate) == []
    heads, cursor = store.guarantees.heads_by_contractor(surety, other, 1, None)
    assert [h.latest_version for h in heads] == [3] and cursor is not None
    assert store.guarantees.heads_by_contractor(surety, other, 1, cursor) == ([], None)
