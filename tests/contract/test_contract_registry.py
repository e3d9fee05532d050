"""The registry of orderers: the national list of bodies, enrolments at a revision with their
history, staff e-mail domains held by one orderer at a time (moved between two in one write),
and the marks of issuance by kind and contract date. Every write with its audit entry, all or
nothing."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from chalicelib.usecases.ports.records import ConditionFailed, StoreUnavailable
from contract_support import body, domain, enrolment, enrolment_write, entry, uid


def _raises(what: str, write) -> None:
    with pytest.raises(ConditionFailed) as failed:
        write()
    assert failed.value.what == what


def test_bodies_are_added_and_replaced(store):
    made = sorted((body(name=f"市{i}") for i in range(3)), key=lambda b: b.id)
    store.registry.put_bodies(made, entry(store, "bodies.import", "bodies"))
    assert store.registry.body(made[0].id) == made[0]
    assert [b for b in store.registry.bodies() if b.id in {m.id for m in made}] == made
    renamed = replace(made[1], name="新市", abolished_on=dt.date(2026, 4, 1), succeeded_by=made[2].id,
                      predecessors=("000001",))
    store.registry.put_bodies([renamed], entry(store, "body.change", f"orderer:{renamed.id}"))
    assert store.registry.body(made[1].id) == renamed
    assert store.registry.body(uid("b-")) is None


def test_more_bodies_than_one_write_holds_are_refused_whole(store):
    head = store.audit.head()
    too_many = [body() for _ in range(91)]
    with pytest.raises(StoreUnavailable):
        store.registry.put_bodies(too_many, entry(store, "bodies.import", "bodies"))
    assert store.audit.head() == head and store.registry.body(too_many[0].id) is None
    store.registry.put_bodies(too_many[:90], entry(store, "bodies.import", "bodies"))  # 90 + entry + head
    assert store.registry.body(too_many[89].id) is not None


def test_an_enrolment_is_written_with_its_history_and_domains(store):
    orderer, work = uid("o-"), domain()
    first = enrolment(orderer, domains=(work,))
    write = enrolment_write(first, None, claim=(work,))
    store.registry.put_enrolments([write], entry(store, "orderer.enrol", f"orderer:{orderer}"))
    assert store.registry.enrolment(orderer) == first
    assert first in store.registry.enrolments()
    assert store.registry.history(orderer) == [write.change]
    assert store.registry.orderer_by_domain(work) == orderer
    assert store.registry.orderer_by_domain(work.upper()) == orderer  # domains are read in lower case
    assert store.registry.enrolment(uid("o-")) is None and store.registry.history(uid("o-")) == []
    second = first.next({"kind": "setup", "id": "tests"}, first.changed_at, scope="変更後の範囲")
    change = enrolment_write(second, 1)
    store.registry.put_enrolments([change], entry(store, "orderer.change", f"orderer:{orderer}"))
    assert store.registry.enrolment(orderer).scope == "変更後の範囲"
    assert store.registry.history(orderer) == [write.change, change.change]
    assert store.registry.orderer_by_domain(work) == orderer  # kept: neither claimed again nor released


def test_enrolments_are_listed_by_orderer_id(store):
    ids = sorted(uid("o-") for _ in range(3))
    store.registry.put_enrolments([enrolment_write(enrolment(i)) for i in reversed(ids)], entry(store, "orderer.enrol"))
    assert [e.orderer_id for e in store.registry.enrolments() if e.orderer_id in ids] == ids


def test_an_enrolment_not_at_its_base_revision_writes_nothing(store):
    orderer = uid("o-")
    first = enrolment(orderer)
    store.registry.put_enrolments([enrolment_write(first)], entry(store, "orderer.enrol"))
    head = store.audit.head()
    free = domain()
    # New, but there already.
    _raises("revision", lambda: store.registry.put_enrolments(
        [enrolment_write(enrolment(orderer, domains=(free,)), None, claim=(free,))], entry(store, "orderer.enrol")))
    assert store.audit.head() == head and store.registry.orderer_by_domain(free) is None
    # Changed from a revision it is no longer at (revision 1 read twice; one change won).
    winner = first.next({"kind": "setup", "id": "tests"}, first.changed_at, scope="先に変更")
    store.registry.put_enrolments([enrolment_write(winner, 1)], entry(store, "orderer.change"))
    head = store.audit.head()
    loser = first.next({"kind": "setup", "id": "tests"}, first.changed_at, scope="後から変更")
    _raises("revision", lambda: store.registry.put_enrolments([enrolment_write(loser, 1)], entry(store, "orderer.change")))
    # An enrolment that is not there, changed from a revision.
    missing = uid("o-")
    _raises("revision", lambda: store.registry.put_enrolments(
        [enrolment_write(enrolment(missing, revision=2), 1)], entry(store, "orderer.change")))
    assert store.audit.head() == head
    assert store.registry.enrolment(orderer).scope == "先に変更" and len(store.registry.history(orderer)) == 2
    assert store.registry.orderer_by_domain(free) is None and store.registry.enrolment(missing) is None


def test_a_domain_another_orderer_holds_is_refused(store):
    holder, other, work = uid("o-"), uid("o-"), domain()
    store.registry.put_enrolments([enrolment_write(enrolment(holder, domains=(work,)), claim=(work,))],
                                  entry(store, "orderer.enrol"))
    head = store.audit.head()
    _raises("staff_domain", lambda: store.registry.put_enrolments(
        [enrolment_write(enrolment(other, domains=(work,)), claim=(work,))], entry(store, "orderer.enrol")))
    assert store.audit.head() == head
    assert store.registry.enrolment(other) is None and store.registry.history(other) == []
    assert store.registry.orderer_by_domain(work) == holder
    # Claimed again by the orderer that holds it: no obstacle.
    again = enrolment(holder, 2, domains=(work,))
    store.registry.put_enrolments([enrolment_write(again, 1, claim=(work,))], entry(store, "orderer.staff_domains"))
    assert store.registry.orderer_by_domain(work) == holder


def test_a_domain_moves_between_two_orderers_in_one_write(store):
    old, new, moved, dropped = uid("o-"), uid("o-"), domain(), domain()
    store.registry.put_enrolments([enrolment_write(enrolment(old, domains=(moved, dropped)), claim=(moved, dropped))],
                                  entry(store, "orderer.enrol"))
    successor = body(new, "新設市")
    giving_up = enrolment(old, 2, suspended=True)
    taking = enrolment(new, domains=(moved,))
    store.registry.put_enrolments(
        [enrolment_write(giving_up, 1, release=(moved, dropped)), enrolment_write(taking, None, claim=(moved,))],
        entry(store, "body.merge", f"orderer:{old}"), bodies=[successor])
    assert store.registry.orderer_by_domain(moved) == new
    assert store.registry.orderer_by_domain(dropped) is None
    assert store.registry.enrolment(old).suspended is True and store.registry.enrolment(new) == taking
    assert store.registry.body(new) == successor


def test_a_domain_moves_only_from_the_orderer_that_holds_it(store):
    holder, releaser, taker, work = uid("o-"), uid("o-"), uid("o-"), domain()
    store.registry.put_enrolments([enrolment_write(enrolment(holder, domains=(work,)), claim=(work,)),
                                   enrolment_write(enrolment(releaser))], entry(store, "orderer.enrol"))
    head = store.audit.head()
    _raises("staff_domain", lambda: store.registry.put_enrolments(
        [enrolment_write(enrolment(releaser, 2), 1, release=(work,)),
         enrolment_write(enrolment(taker, domains=(work,)), claim=(work,))], entry(store, "orderer.staff_domains")))
    assert store.audit.head() == head
    assert store.registry.orderer_by_domain(work) == holder and store.registry.enrolment(taker) is None
    assert store.registry.enrolment(releaser).revision == 1


def test_more_enrolments_than_one_write_holds_are_refused(store):
    head = store.audit.head()
    with pytest.raises(StoreUnavailable):
        store.registry.put_enrolments([enrolment_write(enrolment(uid("o-"))) for _ in range(11)],
                                      entry(store, "orderer.enrol"))
    assert store.audit.head() == head


def test_issued_before_reads_the_marks_of_one_kind_strictly_before_the_day(store):
    orderer = uid("o-")
    day = dt.date(2026, 12, 10)
    assert store.registry.issued_before(orderer, "contract", None) is False
    store.registry.note_issuance(orderer, "contract", day)
    store.registry.note_issuance(orderer, "contract", day)  # repeated: nothing changes
    assert store.registry.issued_before(orderer, "contract", day) is False  # not before its own day
    assert store.registry.issued_before(orderer, "contract", day + dt.timedelta(days=1)) is True
    assert store.registry.issued_before(orderer, "contract", None) is True
    assert store.registry.issued_before(orderer, "contract", dt.date(2027, 12, 31)) is True
    # Other kinds, sorting before and after this one, see none of these marks.
    for kind in ("advance_payment", "interim_advance_payment", "contract_x"):
        assert store.registry.issued_before(orderer, kind, dt.date(2027, 1, 1)) is False
        assert store.registry.issued_before(orderer, kind, None) is False
    store.registry.note_issuance(orderer, "advance_payment", dt.date(2026, 1, 5))
    assert store.registry.issued_before(orderer, "contract", dt.date(2026, 12, 10)) is False
    assert store.registry.issued_before(orderer, "advance_payment", dt.date(2026, 1, 6)) is True
    assert store.registry.issued_before(orderer, "advance_payment", dt.date(2026, 1, 5)) is False
    assert store.registry.issued_before(orderer, "interim_advance_payment", None) is False
    assert store.registry.issued_before(uid("o-"), "contract", None) is False


def test_the_whole_national_list_is_read_back(fresh_store, backend, monkeypatch):
    from devtools import public_bodies
    national = public_bodies.national_list()
    for start in range(0, len(national), 90):
        fresh_store.registry.put_bodies(national[start:start + 90], entry(fresh_store, "bodies.import", "bodies"))
    queries: list[str] = []
    if backend == "dynamodb":
        from chalicelib.adapters.dynamodb import registry as dynamodb_registry
        monkeypatch.setattr(dynamodb_registry, "BODIES_PAGE_SIZE", 500)  # several pages of one Query
        queries = _operations(monkeypatch)
    read = fresh_store.registry.bodies()
    assert len(read) == len(national) == 1804
    assert read == sorted(national, key=lambda b: b.id)
    if backend == "dynamodb":
        assert queries == ["Query"] * 4  # 1,804 items, 500 a page: one read, four pages


def _operations(monkeypatch) -> list[str]:
    import botocore.endpoint
    sent: list[str] = []
    original = botocore.endpoint.Endpoint._send

    def counting(endpoint, request):
        target = request.headers.get("X-Amz-Target", b"")
        sent.append((target.decode() if isinstance(target, bytes) else target).rsplit(".", 1)[-1])
        return original(endpoint, request)
    monkeypatch.setattr(botocore.endpoint.Endpoint, "_send", counting)
    return sent
