"""Changing the registry in a test's store as the operator's use cases do: through the
Registry port, each write with its audit entry (devtools/registry_seed.py writes the same way).
The stores live for the session, so each change is a context manager that puts back what it
found (as a further revision: the history only grows)."""
from __future__ import annotations

import contextlib
import dataclasses

ACTOR = {"kind": "setup", "id": "tests"}


def _now(store):
    from chalicelib.usecases.common import dependencies
    return dependencies.get().clock.now()


def put_body(store, body) -> None:
    from chalicelib.domain import audit
    entry = audit.next_entry(store.audit.head(), _now(store), ACTOR, "body.change", f"body:{body.id}",
                             {"name": body.name, "prefecture": body.prefecture})
    store.registry.put_bodies([body], entry)


def write_enrolment(store, enrolment, action: str = "orderer.change") -> None:
    """``enrolment`` as the orderer's next revision (its first when there is none)."""
    from chalicelib.domain import audit
    from chalicelib.usecases.ports.records import EnrolmentWrite
    now = _now(store)
    old = store.registry.enrolment(enrolment.orderer_id)
    new = dataclasses.replace(enrolment, revision=(old.revision + 1) if old else 1, changed_at=now, changed_by=ACTOR)
    changes = new.changes_from(old)
    entry = audit.next_entry(store.audit.head(), now, ACTOR, action if old else "orderer.enrol",
                             f"orderer:{new.orderer_id}", {"changes": changes})
    before = set(old.staff_email_domains) if old else set()
    after = set(new.staff_email_domains)
    store.registry.put_enrolments([EnrolmentWrite(new, old.revision if old else None,
                                                  {"revision": new.revision, "at": now.isoformat(), "actor": ACTOR,
                                                   "action": action, "changes": changes},
                                                  tuple(sorted(after - before)), tuple(sorted(before - after)))], entry)


@contextlib.contextmanager
def enrolment_changed(store, orderer_id: str, **changes):
    """The orderer's enrolment with ``changes`` for the duration."""
    kept = store.registry.enrolment(orderer_id)
    write_enrolment(store, dataclasses.replace(kept, **changes))
    try:
        yield store.registry.enrolment(orderer_id)
    finally:
        write_enrolment(store, kept)


@contextlib.contextmanager
def body_changed(store, body_id: str, **changes):
    """The listed body with ``changes`` (a new name, predecessors …) for the duration."""
    kept = store.registry.body(body_id)
    put_body(store, dataclasses.replace(kept, **changes))
    try:
        yield store.registry.body(body_id)
    finally:
        put_body(store, kept)


def listed(store, body_id: str):
    """The body of the national list in the store (written there if the seed left it out)."""
    from devtools import public_bodies
    found = store.registry.body(body_id)
    if found is None:
        found = next(b for b in public_bodies.national_list() if b.id == body_id)
        put_body(store, found)
    return found


@contextlib.contextmanager
def enrolled(store, body_id: str, **fields):
    """``body_id`` (listed first) enrolled like 佐久市 but with ``fields`` (no staff domain unless
    given) for the duration; then suspended without domains, since an enrolment stays in the
    registry's history for good."""
    from chalicelib.domain.orderers import Enrolment
    listed(store, body_id)
    saku = store.registry.enrolment("202177")
    write_enrolment(store, dataclasses.replace(
        Enrolment(body_id, saku.accepts_from, saku.kinds, "", True, (), saku.departments), **fields))
    try:
        yield store.registry.enrolment(body_id)
    finally:
        write_enrolment(store, dataclasses.replace(store.registry.enrolment(body_id), suspended=True,
                                                   staff_email_domains=()), "orderer.suspend")
