"""The audit chain: one chain across the ports that write it (sureties and the registry), each
entry written with its change or neither (ConditionFailed("audit") when the head moved on),
read newest first in pages or oldest first after a number, and an edit of a stored entry
found by audit.verify. Staff activity per orderer, newest first, with its time-to-live."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.domain import audit
from chalicelib.domain.sureties import Surety
from chalicelib.usecases.ports.records import ConditionFailed
from contract_support import START, body, enrolment, enrolment_write, entry, uid


def test_writes_of_every_port_extend_one_chain(store):
    start = store.audit.head()
    surety, token, orderer = uid("s"), uid("t"), uid("o-")
    store.sureties.put(Surety(surety, "連鎖保証株式会社"), entry(store, "surety.register", f"surety:{surety}"))
    store.registry.put_bodies([body(orderer)], entry(store, "body.add", f"orderer:{orderer}"))
    store.sureties.put_token(token, surety, "h" * 64, ["read"], None, entry(store, "token.issue", f"token:{token}"))
    store.registry.put_enrolments([enrolment_write(enrolment(orderer))], entry(store, "orderer.enrol", f"orderer:{orderer}"))
    store.sureties.revoke_token(token, entry(store, "token.revoke", f"token:{token}", {"surety_id": surety}))
    written = store.audit.after(start.seq, 100)
    assert [(e.action, e.target) for e in written] == [
        ("surety.register", f"surety:{surety}"), ("body.add", f"orderer:{orderer}"), ("token.issue", f"token:{token}"),
        ("orderer.enrol", f"orderer:{orderer}"), ("token.revoke", f"token:{token}")]
    assert [e.seq for e in written] == list(range(start.seq + 1, start.seq + 6))
    assert written[-1].details == {"surety_id": surety} and written[-1].actor == audit.setup_actor("tests")
    assert audit.verify(written, start) is None
    assert store.audit.head() == audit.head_after(written[-1])
    assert store.audit.after(start.seq, 2) == written[:2]
    assert store.audit.after(start.seq + 5, 10) == []
    newest, cursor = store.audit.page(3, None)
    assert newest == written[:-4:-1] and cursor is not None
    more, _ = store.audit.page(2, cursor)
    assert more == written[1::-1]


def _stale(store):
    """An entry made from the head before another write took its place."""
    stale = entry(store)
    store.sureties.put(Surety(uid("s"), "先行保証株式会社"), entry(store, "surety.register"))
    return stale


def test_a_write_after_a_stale_head_writes_nothing(store):
    surety, token, orderer, work = uid("s"), uid("t"), uid("o-"), f"{uid()}.example.jp"
    store.sureties.put_token(token, surety, "h" * 64, ["read"], None, entry(store, "token.issue"))
    writes = {
        "surety": lambda e: store.sureties.put(Surety(surety, "遅参保証株式会社"), e),
        "token": lambda e: store.sureties.put_token(uid("t"), surety, "h" * 64, ["read"], None, e),
        "revoke": lambda e: store.sureties.revoke_token(token, e),
        "bodies": lambda e: store.registry.put_bodies([body(orderer)], e),
        "enrolment": lambda e: store.registry.put_enrolments(
            [enrolment_write(enrolment(orderer, domains=(work,)), claim=(work,))], e),
    }
    for name, write in writes.items():
        stale = _stale(store)
        head = store.audit.head()
        with pytest.raises(ConditionFailed) as moved:
            write(stale)
        assert moved.value.what == "audit", name
        assert store.audit.head() == head, name
    assert store.sureties.get(surety) is None and store.sureties.tokens_of(surety)[0].token_id == token
    assert store.sureties.get_token(token).revoked is False
    assert store.registry.body(orderer) is None and store.registry.enrolment(orderer) is None
    assert store.registry.orderer_by_domain(work) is None and store.registry.history(orderer) == []


def test_the_first_entry_starts_the_chain_once(fresh_store):
    assert fresh_store.audit.head() == audit.EMPTY
    assert fresh_store.audit.page(10, None) == ([], None) and fresh_store.audit.after(0, 10) == []
    first = entry(fresh_store, "surety.register")
    fresh_store.sureties.put(Surety(uid("s"), "一番保証株式会社"), first)
    assert first.seq == 1 and fresh_store.audit.head() == audit.AuditHead(1, first.hash)
    with pytest.raises(ConditionFailed) as again:
        fresh_store.sureties.put(Surety(uid("s"), "二番保証株式会社"), entry(fresh_store, head=audit.EMPTY))
    assert again.value.what == "audit"
    # An entry numbered 1 that does not start from the genesis hash does not start a chain either.
    forged = audit.next_entry(audit.AuditHead(0, "f" * 64), START, audit.setup_actor("tests"), "surety.change",
                              "tests", {})
    with pytest.raises(ConditionFailed):
        fresh_store.registry.put_bodies([body()], forged)
    assert fresh_store.audit.after(0, 10) == [first]


def test_pages_of_the_chain_end_with_no_cursor(fresh_store):
    for i in range(5):
        fresh_store.registry.put_bodies([body()], entry(fresh_store, "body.add", f"orderer:{i}"))
    first, cursor = fresh_store.audit.page(2, None)
    second, cursor = fresh_store.audit.page(2, cursor)
    third, cursor = fresh_store.audit.page(2, cursor)
    assert [e.seq for e in first + second + third] == [5, 4, 3, 2, 1] and cursor is None
    assert [e.seq for e in fresh_store.audit.after(2, 2)] == [3, 4]


def _edit_entry(store, backend: str, seq: int, details: dict) -> None:
    """Change a stored entry behind the store's back, as someone with access to the engine could."""
    if backend == "memory":
        store._state.audit[seq]["details"] = details
        return
    from chalicelib.adapters.dynamodb import keys
    store.engine.connection.dispatch("UpdateItem", {
        "TableName": store.engine.table_name,
        "Key": {"pk": {"S": keys.AUDIT_PK}, "sk": {"S": keys.audit_sk(seq)}},
        "UpdateExpression": "SET #data.#details = :details",
        "ExpressionAttributeNames": {"#data": "data", "#details": "details"},
        "ExpressionAttributeValues": {":details": {"M": {k: {"N": str(v)} for k, v in details.items()}}}})


def test_verify_finds_an_entry_edited_in_the_store(fresh_store, backend):
    for count in (1, 2, 3):
        fresh_store.registry.put_bodies([body()], entry(fresh_store, "bodies.import", "bodies", {"count": count}))
    assert audit.verify(fresh_store.audit.after(0, 100)) is None
    _edit_entry(fresh_store, backend, 2, {"count": 20})
    stored = fresh_store.audit.after(0, 100)
    assert stored[1].details == {"count": 20}  # the edit is what the store now holds
    assert audit.verify(stored) == 2


def test_activity_is_read_newest_first_per_orderer(store):
    orderer, other = uid("o-"), uid("o-")
    keep = START + dt.timedelta(days=400)
    made = [{"at": f"2026-12-01T0{i}:00:00.000000Z", "email": "clerk@city.example.jp", "action": "signed_in"}
            for i in range(4)]
    for record in (made[2], made[0], made[3], made[1]):
        store.activity.add(orderer, record, keep)
    twin = {**made[3], "email": "other@city.example.jp"}
    store.activity.add(orderer, twin, keep)  # the same moment: both kept
    store.activity.add(other, made[0], keep)
    page, cursor = store.activity.page(orderer, 3, None)
    assert page[2:] == [made[2]] and sorted(page[:2], key=lambda r: r["email"]) == [made[3], twin]
    assert cursor is not None
    rest, cursor = store.activity.page(orderer, 3, cursor)
    assert rest == [made[1], made[0]] and cursor is None
    assert store.activity.page(other, 10, None) == ([made[0]], None)
    assert store.activity.page(uid("o-"), 10, None) == ([], None)


def test_activity_refuses_what_the_engine_cannot_store(store):
    orderer = uid("o-")
    with pytest.raises(ValueError):
        store.activity.add(orderer, {"at": "2026-12-01T00:00:00.000000Z", "pair": ("a", "b")}, START)
    assert store.activity.page(orderer, 10, None) == ([], None)
