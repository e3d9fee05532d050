"""What anyone may read of the registry, without signing in: the orderers enrolled in 電子保証
(the list, and one orderer's page) and the sureties that issue through the portal.

Read from the store on every request (the routes let browsers keep an answer a minute): an
orderer the operator enrols is on the list at the next read, on every Lambda, without a
rebuild or a restart. The whole list (about 1,800 orderers, half a megabyte to read) is kept by
each Lambda for as long as the audit chain's head stays where it was: every change of the
registry moves it, so one small read of the head tells whether the kept list is still true —
anyone may ask for the list, and it must not cost a scan of the registry each time. Never shown: staff e-mail domains, departments, administrators and
notification addresses (who acts for an orderer is not public), nor a surety's tokens."""
from __future__ import annotations

import weakref
from typing import Any

from ..domain import formatting, guarantee
from ..domain.errors import NotFound
from ..domain.instruments import ISSUER_TYPES
from ..domain.orderers import CATEGORIES, Enrolment, PublicBody, id_valid
from ..domain.sureties import Surety
from .common import orderers
from .common.dependencies import get as deps
from .ports.registry import Registry

NOT_FOUND_MESSAGE = "この発注者は、電子保証の対応先として登録されていません。"


def _entry(body: PublicBody, enrolment: Enrolment) -> dict[str, Any]:
    """One line of the list: what a contractor needs to find the orderer and see whether it
    takes 電子保証 (the rest is on the orderer's own page)."""
    return {"id": body.id, "written_name": body.written_name, "name": body.name, "kana": body.kana,
            "prefecture": body.prefecture, "category": body.category,
            "accepts_from": enrolment.accepts_from.isoformat(), "kinds": list(enrolment.kinds),
            "scope": enrolment.scope, "paper_still_accepted": enrolment.paper_still_accepted,
            "suspended": enrolment.suspended,
            # 電子提出 (its administrator turns it on): named only where true, as few orderers take it
            # yet and the list must stay a phone's download (the orderer's page always says it).
            **({"accepts_submissions": True} if enrolment.inbox.accepts else {})}


_kept: weakref.WeakKeyDictionary[Any, tuple[tuple[int, str], dict[str, Any]]] = weakref.WeakKeyDictionary()


def listing() -> dict[str, Any]:
    """Every enrolled orderer of a body still in the list (a merged-away body's enrolment stays
    for its history, not on the list), by id: 都道府県 and 市区町村 in code order (which is
    prefecture order), then the national bodies and the others."""
    store = deps().store
    head = store.audit.head()
    kept = _kept.get(store)
    if kept is not None and kept[0] == (head.seq, head.hash):
        return kept[1]
    answer = _listing(store.registry)
    _kept[store] = ((head.seq, head.hash), answer)
    return answer


def _listing(registry: Registry) -> dict[str, Any]:
    enrolments = registry.enrolments()
    bodies = {b.id: b for b in registry.bodies()} if enrolments else {}
    entries = [_entry(bodies[e.orderer_id], e) for e in enrolments
               if e.orderer_id in bodies and bodies[e.orderer_id].abolished_on is None]
    entries.sort(key=lambda o: (not o["id"].isdigit(), o["id"]))
    return {"orderers": entries, "kind_labels": dict(guarantee.KINDS), "category_labels": dict(CATEGORIES)}


def _reference(body_id: str) -> dict[str, str]:
    """Another body named on a page (a predecessor, the successor): its id and written name."""
    body = deps().store.registry.body(body_id)
    return {"id": body_id, "written_name": body.written_name if body is not None else body_id}


def orderer(orderer_id: str) -> dict[str, Any]:
    """One enrolled orderer's public page: what it accepts, from when, for what, paper or not,
    and whom a contractor asks. 404 orderer_not_found for an id that is no id, a body the list
    does not know, or one not enrolled (all alike: the page says only that it is not listed)."""
    if not id_valid(orderer_id):
        raise NotFound("orderer_not_found", NOT_FOUND_MESSAGE)
    registry = deps().store.registry
    enrolment = registry.enrolment(orderer_id)
    body = registry.body(orderer_id) if enrolment is not None else None
    if body is None or enrolment is None:
        raise NotFound("orderer_not_found", NOT_FOUND_MESSAGE)
    return {"orderer": {
        **_entry(body, enrolment),
        "accepts_submissions": enrolment.inbox.accepts,
        "category_label": CATEGORIES.get(body.category, body.category),
        "body_type": body.body_type,
        "accepts_from_label": formatting.date_ja(enrolment.accepts_from),
        "kind_labels": [guarantee.KINDS.get(k, k) for k in enrolment.kinds],
        "contact": orderers.public_contact(enrolment),
        "abolished_on": body.abolished_on.isoformat() if body.abolished_on else None,
        "successor": _reference(body.succeeded_by) if body.succeeded_by else None,
        "predecessors": [_reference(p) for p in body.predecessors],
    }}


def _issuer(surety: Surety) -> dict[str, Any]:
    branches = [{"id": branch, **{k: v for k, v in contact.items() if v}}
                for branch, contact in sorted(surety.branches.items())]
    return {"id": surety.id, "name": surety.name, "issuer_type": surety.issuer_type,
            "issuer_type_label": surety.issuer_type_label, "kinds": list(surety.kinds),
            "kind_labels": [guarantee.KINDS[k] for k in surety.kinds], "representative": surety.representative,
            "head_office": surety.head_office, "contact": surety.contact or None, "branches": branches}


def issuers() -> dict[str, Any]:
    """The issuers registered to issue through the portal: 商号, 代表者, 本店所在地, the instruments
    each may issue and the 取扱支店 with their contacts, as their notices print them; by type in
    the order of ISSUER_TYPES (the page groups them so), then by name."""
    order = list(ISSUER_TYPES)
    return {"issuers": sorted((_issuer(s) for s in deps().store.sureties.all()),
                              key=lambda i: (order.index(i["issuer_type"]), i["name"], i["id"]))}
