"""発注者の管理者: a member of an orderer's staff whom the operator named keeps the orderer's
departments (担当部署), notification addresses (通知先) and 電子提出 settings, and reads what its staff did.

Every answer is about the signed-in member's own orderer (the session's): no request names an
orderer, so another orderer's session can neither read nor change this one. A change is
written only on the revision it was made from, with its history entry and audit entry in the
same store write; its staff see it on their next request (sign-in, the receipt form)."""
from __future__ import annotations

from typing import Any

from ..domain import audit, orderer_settings, staff_activity
from ..domain.errors import Conflict, Forbidden, Invalid
from ..domain.formatting import iso_utc, time_ja
from ..domain.orderers import Orderer
from ..domain.staff import Staff
from .common import orderers, paging
from .common.audited import audited
from .common.dependencies import get as deps
from .ports.records import ConditionFailed, EnrolmentWrite

ACTION = "orderer.own_settings"


def _administered(staff: Staff) -> Orderer:
    """The member's orderer, when they are one of its administrators; Forbidden otherwise."""
    orderer = orderers.find(staff.orderer_id)
    if orderer is None or not orderer.administered_by(staff.email):
        raise Forbidden(orderer_settings.NOT_ADMINISTRATOR, code="not_administrator")
    return orderer


def _view(orderer: Orderer) -> dict[str, Any]:
    e = orderer.enrolment
    return {"orderer": {"id": orderer.id, "name": orderer.written_name},
            "departments": list(e.departments), "notification_addresses": list(e.notification_addresses),
            "staff_email_domains": list(e.staff_email_domains), "administrators": list(e.administrators),
            "staff_email_domains_note": orderer_settings.STAFF_DOMAINS_NOTE,
            "limits": orderer_settings.limits(), "inbox": e.inbox.as_record(),
            "inbox_options": orderer_settings.inbox_options(), "revision": e.revision,
            "changed_at": iso_utc(e.changed_at) if e.changed_at else None,
            "changed_at_label": time_ja(e.changed_at) if e.changed_at else None}


def settings(staff: Staff) -> dict[str, Any]:
    return _view(_administered(staff))


def change(staff: Staff, body: dict[str, Any]) -> dict[str, Any]:
    """``body`` as checked against `OrdererSettingsChange`: the base ``revision`` and the new
    ``departments``, ``notification_addresses`` (each the whole list, in its order) and/or
    ``inbox`` (電子提出: the whole object). A department taken off the list takes its mail setting with it."""
    orderer = _administered(staff)
    before = orderer.enrolment
    if body["revision"] != before.revision:
        raise Conflict("revision_conflict", orderer_settings.REVISION_CONFLICT)
    departments = tuple(body["departments"]) if "departments" in body else before.departments
    addresses = tuple(a.lower() for a in body["notification_addresses"]) if "notification_addresses" in body \
        else before.notification_addresses
    inbox = orderer_settings.read_inbox(body["inbox"]) if "inbox" in body \
        else orderer_settings.kept_for(before.inbox, departments)
    problems = [*(orderer_settings.department_problems(departments) if "departments" in body else []),
                *(orderer_settings.address_problems(addresses, before.staff_email_domains)
                  if "notification_addresses" in body else []),
                *(orderer_settings.inbox_problems(inbox, departments, before.staff_email_domains)
                  if "inbox" in body else [])]
    if problems:
        raise Invalid(problems)
    if (departments, addresses, inbox) == (before.departments, before.notification_addresses, before.inbox):
        return _view(orderer)  # nothing to change: no revision, no history, no audit entry
    d = deps()
    now = d.clock.now()
    actor = audit.administrator_actor(staff.email, orderer.id)
    after = before.next(actor, now, departments=departments, notification_addresses=addresses, inbox=inbox)
    changes = after.changes_from(before)
    write = EnrolmentWrite(after, before.revision, {"revision": after.revision, "at": now.isoformat(), "actor": actor,
                                                    "action": ACTION, "changes": changes})
    try:
        audited(lambda entry: d.store.registry.put_enrolments([write], entry), actor, ACTION,
                f"orderer:{orderer.id}", {"changes": changes})
    except ConditionFailed as failed:
        if failed.what == "revision":  # changed meanwhile (the operator, or another administrator)
            raise Conflict("revision_conflict", orderer_settings.REVISION_CONFLICT) from None
        raise
    return _view(Orderer(orderer.body, after))


def activity(staff: Staff, cursor: str | None, limit: str | None) -> dict[str, Any]:
    """One page of the staff's activity, newest first; the cursor continues this orderer's list only."""
    orderer = _administered(staff)
    scope = f"staff-activity:{orderer.id}"
    size, start = paging.limit(limit), paging.decode(cursor, scope)
    entries, last = deps().store.activity.page(orderer.id, size, start)
    return {"entries": [staff_activity.view(e) for e in entries], "next_cursor": paging.encode(last, scope)}
