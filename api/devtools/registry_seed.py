"""Demo and test data of the registry, written through the store's ports with the setup
actor's audit entries (the operator's use cases do the same for real enrolments):
the national list (or a part of it) and the enrolments of data/demo_enrolments.json."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path

from chalicelib.domain import audit
from chalicelib.domain.orderers import Enrolment, PublicBody
from chalicelib.usecases.ports.records import EnrolmentWrite

from devtools import public_bodies

DEMO_ENROLMENTS = Path(__file__).parent / "data" / "demo_enrolments.json"


def demo_enrolments() -> list[dict]:
    return json.loads(DEMO_ENROLMENTS.read_text(encoding="utf-8"))["enrolments"]


def seed(store, now: dt.datetime, *, everything: bool = True, enrolments: Iterable[dict] | None = None,
         by: str = "demo data") -> int:
    """Write the bodies not yet in the registry (all of the national list, or only the enrolled
    ones and their prefectures when ``everything`` is False: quick, for tests) and the enrolments
    not yet there. A body or an enrolment already there is left as it is (an operator may have
    changed it: a rename or a merger comes with `devtools.operator bodies import`/`body merge`).
    Returns the number of bodies written. Safe to repeat."""
    actor = audit.setup_actor(by)
    wanted = list(enrolments if enrolments is not None else demo_enrolments())
    bodies = list(public_bodies.national_list())
    if not everything:
        enrolled = {e["orderer_id"] for e in wanted}
        prefectures = {b.prefecture for b in bodies if b.id in enrolled}
        bodies = [b for b in bodies if b.id in enrolled or (b.category == "prefecture" and b.name in prefectures)]
    known = {b.id: b for b in store.registry.bodies()}
    missing = [b for b in bodies if b.id not in known]
    for start in range(0, len(missing), 90):
        batch = missing[start:start + 90]
        entry = audit.next_entry(store.audit.head(), now, actor, "bodies.import", "bodies",
                                 {"count": len(batch), "first": batch[0].id, "last": batch[-1].id,
                                  "source": batch[0].source})
        store.registry.put_bodies(batch, entry)
    for raw in wanted:
        if store.registry.enrolment(raw["orderer_id"]) is not None:
            continue
        enrolment = Enrolment.from_record({**raw, "revision": 1, "changed_at": now.isoformat(), "changed_by": actor})
        write_enrolment(store, enrolment, now, actor)
    return len(missing)


def add_missing_kinds(*, enrolments: Iterable[dict] | None = None, by: str = "demo data") -> list[str]:
    """Bring the enrolments an earlier run left up to the kinds of data/demo_enrolments.json (佐久市
    and 長野県 came to accept the insurers' and banks' instruments): the kinds missing are added
    through the operator's own change, as the setup actor — one audited change each, checked as
    any change is. A kind is never taken away (the operator may have added one). Needs the
    store installed (bootstrap.install). Returns the orderers changed."""
    from chalicelib.usecases.common.dependencies import get as deps
    from chalicelib.usecases.operator import enrolments as operator_enrolments
    changed = []
    for raw in (enrolments if enrolments is not None else demo_enrolments()):
        current = deps().store.registry.enrolment(raw["orderer_id"])
        missing = [k for k in raw["kinds"] if current is not None and k not in current.kinds]
        if current is None or not missing:
            continue
        operator_enrolments.change(raw["orderer_id"], {"revision": current.revision, "kinds": [*current.kinds, *missing]},
                                   audit.setup_actor(by))
        changed.append(raw["orderer_id"])
    return changed


def write_enrolment(store, enrolment: Enrolment, now: dt.datetime, actor: dict) -> None:
    changes = enrolment.changes_from(None)
    entry = audit.next_entry(store.audit.head(), now, actor, "orderer.enrol", f"orderer:{enrolment.orderer_id}",
                             {"changes": changes})
    change = {"revision": enrolment.revision, "at": now.isoformat(), "actor": actor, "action": "orderer.enrol",
              "changes": changes}
    store.registry.put_enrolments([EnrolmentWrite(enrolment, None, change, enrolment.staff_email_domains)], entry)


def bodies_by_id(bodies: Iterable[PublicBody]) -> dict[str, PublicBody]:
    return {b.id: b for b in bodies}


def enrol_every_body(store, now: dt.datetime) -> int:
    """The registry at full size (the bench, the full-size tests): the whole national list, and
    every body not yet enrolled enrolled for all three kinds from 2025-04-01, ten at a time with
    one audit entry each (no staff domains: nobody signs in for them). Returns how many."""
    seed(store, now, everything=True)
    actor = audit.setup_actor("full-size registry")
    pending = [b for b in public_bodies.national_list() if store.registry.enrolment(b.id) is None]
    for start in range(0, len(pending), 10):
        batch = [Enrolment(b.id, dt.date(2025, 4, 1), ("advance_payment", "interim_advance_payment", "contract"),
                           scope=f"{b.name}が電子保証の利用を認めた工事・業務委託", paper_still_accepted=True,
                           revision=1, changed_at=now, changed_by=actor) for b in pending[start:start + 10]]
        entry = audit.next_entry(store.audit.head(), now, actor, "orderer.enrol", "orderers",
                                 {"count": len(batch), "first": batch[0].orderer_id, "last": batch[-1].orderer_id})
        store.registry.put_enrolments(
            [EnrolmentWrite(e, None, {"revision": 1, "at": now.isoformat(), "actor": actor, "action": "orderer.enrol",
                                      "changes": e.changes_from(None)}, ()) for e in batch], entry)
    return len(pending)
