"""The operator's enrolments: enrol an orderer in 電子保証, change what it accepts, suspend and
resume it, set its staff e-mail domains and its administrators. Each change is made against
the revision the caller read (409 `revision_conflict` when another came first), kept in the
enrolment's history and in the audit log, and refused whole — nothing written — when it is
wrong: an unknown orderer, a second enrolment, a domain another orderer holds, or a change
that would strand guarantees already issued (a later start, a kind dropped)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ...domain import audit, orderer_settings
from ...domain.errors import Conflict, invalid
from ...domain.guarantee import KINDS
from ...domain.orderers import Enrolment, PublicBody, domain_of
from ..common.dependencies import get as deps
from . import checks
from .enrolment_writes import already_enrolled, at_revision, body_of, enrolment_of, write

# What `change` may set (the staff domains and administrators have their own operations).
CHANGEABLE = ("accepts_from", "kinds", "scope", "paper_still_accepted", "departments", "contact",
              "notification_addresses")


def _actor(actor: dict[str, Any] | None) -> dict[str, Any]:
    return actor or audit.setup_actor("setup")


def _fields(p: checks.Problems, body: dict[str, Any]) -> dict[str, Any]:
    """The enrolment's fields present in ``body``, checked and as stored."""
    out: dict[str, Any] = {}
    if "accepts_from" in body:
        out["accepts_from"] = checks.day(p, body["accepts_from"], "accepts_from")
    if "kinds" in body:
        out["kinds"] = checks.kinds(p, body["kinds"])
    if "scope" in body:
        out["scope"] = str(body["scope"]).strip()
    if "paper_still_accepted" in body:
        out["paper_still_accepted"] = bool(body["paper_still_accepted"])
    if "staff_email_domains" in body:
        out["staff_email_domains"] = checks.domains(p, body["staff_email_domains"])
    if "departments" in body:
        out["departments"] = checks.texts(p, body["departments"], "departments")
    if "contact" in body:
        out["contact"] = checks.contact(p, body["contact"])
    if "administrators" in body:
        out["administrators"] = checks.addresses(p, body["administrators"], "administrators")
    if "notification_addresses" in body:
        out["notification_addresses"] = checks.addresses(p, body["notification_addresses"], "notification_addresses")
    return out


def _staff_only(p: checks.Problems, administrators: tuple[str, ...], domains: tuple[str, ...]) -> None:
    for i, address in enumerate(administrators):
        if domain_of(address) not in domains:
            checks.fail(p, "administrator_not_staff", f"{address} はこの発注者の職員のメールのドメイン（{', '.join(domains) or 'なし'}）"
                  "のアドレスではありません。管理者には職員のアドレスを指定してください。", f"administrators[{i}]")


def _open_body(orderer_id: str) -> PublicBody:
    p = checks.Problems()
    checks.orderer_id(p, orderer_id)
    p.raise_any()
    return body_of(orderer_id)


def enrol(orderer_id: str, body: dict[str, Any], actor: dict[str, Any] | None = None) -> dict[str, Any]:
    """A new enrolment (409 `already_enrolled` when there is one)."""
    p = checks.Problems()
    checks.orderer_id(p, orderer_id)
    fields = _fields(p, body)
    for required in ("accepts_from", "kinds"):
        if required not in body:
            checks.fail(p, "missing_field", f"{required} を指定してください。", required)
    _staff_only(p, fields.get("administrators", ()), fields.get("staff_email_domains", ()))
    p.raise_any()
    listed = body_of(orderer_id)
    if listed.abolished_on is not None:
        raise Conflict("orderer_abolished", f"{listed.written_name}（{listed.id}）は{listed.abolished_on.isoformat()}に"
                       f"廃止されています（後継: {listed.succeeded_by or 'なし'}）。後継の発注者を登録してください。")
    if deps().store.registry.enrolment(orderer_id) is not None:
        raise already_enrolled(listed)
    who = _actor(actor)
    enrolment = Enrolment(orderer_id=orderer_id, revision=1, changed_at=deps().clock.now(), changed_by=who, **fields)
    return view_of(listed, write(listed, None, enrolment, "orderer.enrol", who))


def change(orderer_id: str, body: dict[str, Any], actor: dict[str, Any] | None = None) -> dict[str, Any]:
    """Change what the orderer accepts, from the revision the caller read."""
    listed, before = _current(orderer_id, body)
    p = checks.Problems()
    fields = {k: v for k, v in _fields(p, body).items() if k in CHANGEABLE}
    p.raise_any()
    _not_stranding(listed, before, fields.get("accepts_from", before.accepts_from), fields.get("kinds", before.kinds))
    if "departments" in fields:  # a department taken off the list takes its 電子提出 mail with it
        fields["inbox"] = orderer_settings.kept_for(before.inbox, fields["departments"])
    return _write(listed, before, "orderer.change", actor, **fields)


def suspend(orderer_id: str, body: dict[str, Any], actor: dict[str, Any] | None = None) -> dict[str, Any]:
    listed, before = _current(orderer_id, body)
    reason = str(body.get("reason") or "").strip()
    if not reason:
        raise invalid("missing_field", "停止の理由を指定してください。", "reason")
    if before.suspended:
        raise Conflict("already_suspended", f"{listed.written_name}の受付はすでに停止しています。")
    return _write(listed, before, "orderer.suspend", actor, {"reason": reason}, suspended=True,
                  suspension_reason=reason)


def resume(orderer_id: str, body: dict[str, Any], actor: dict[str, Any] | None = None) -> dict[str, Any]:
    listed, before = _current(orderer_id, body)
    if not before.suspended:
        raise Conflict("not_suspended", f"{listed.written_name}の受付は停止していません。")
    return _write(listed, before, "orderer.resume", actor, suspended=False, suspension_reason=None)


def set_staff_domains(orderer_id: str, body: dict[str, Any], actor: dict[str, Any] | None = None) -> dict[str, Any]:
    listed, before = _current(orderer_id, body)
    p = checks.Problems()
    domains = checks.domains(p, body["staff_email_domains"])
    _staff_only(p, before.administrators, domains)  # an administrator left without a work address: refused
    p.raise_any()
    return _write(listed, before, "orderer.staff_domains", actor, staff_email_domains=domains)


def set_administrators(orderer_id: str, body: dict[str, Any], actor: dict[str, Any] | None = None) -> dict[str, Any]:
    listed, before = _current(orderer_id, body)
    p = checks.Problems()
    administrators = checks.addresses(p, body["administrators"], "administrators")
    _staff_only(p, administrators, before.staff_email_domains)
    p.raise_any()
    return _write(listed, before, "orderer.administrators", actor, administrators=administrators)


def _current(orderer_id: str, body: dict[str, Any]) -> tuple[PublicBody, Enrolment]:
    listed = _open_body(orderer_id)
    before = enrolment_of(listed)
    at_revision(listed, before, int(body["revision"]))
    return listed, before


def _write(listed: PublicBody, before: Enrolment, action: str, actor: dict[str, Any] | None,
           extra: dict[str, Any] | None = None, **changes: Any) -> dict[str, Any]:
    who = _actor(actor)
    after = before.next(who, deps().clock.now(), **changes)
    if not after.changes_from(before):
        raise Conflict("no_change", f"{listed.written_name}の受付内容は、指定の内容から変わりません。")
    return view_of(listed, write(listed, before, after, action, who, extra))


def _not_stranding(listed: PublicBody, before: Enrolment, accepts_from: dt.date, kinds: tuple[str, ...]) -> None:
    """A guarantee issued for the orderer stays covered: its kind is not dropped, and the start
    does not move past its contract date (409 `enrolment_strands_guarantees`, the kind named)."""
    registry = deps().store.registry
    for kind in before.kinds:
        if kind not in kinds and registry.issued_before(listed.id, kind, None):
            raise _strands(listed, f"{KINDS.get(kind, kind)}（{kind}）はすでに発行されているため、受け付ける種類から外せません。")
    if accepts_from > before.accepts_from:
        for kind in kinds:
            if registry.issued_before(listed.id, kind, accepts_from):
                raise _strands(listed, f"{KINDS.get(kind, kind)}（{kind}）は{accepts_from.isoformat()}より前の契約日で"
                               "発行されているため、受付開始日をそれより後にできません。")


def _strands(listed: PublicBody, why: str) -> Conflict:
    return Conflict("enrolment_strands_guarantees", f"{listed.written_name}: {why}")


def view_of(listed: PublicBody, enrolment: Enrolment | None) -> dict[str, Any]:
    return {"orderer": {**listed.as_record(), "written_name": listed.written_name},
            "enrolment": enrolment.as_record() if enrolment else None}


def get(orderer_id: str) -> dict[str, Any]:
    listed = _open_body(orderer_id)
    registry = deps().store.registry
    return {**view_of(listed, registry.enrolment(orderer_id)), "history": registry.history(orderer_id)}


def listing() -> dict[str, Any]:
    registry = deps().store.registry
    out = []
    for e in registry.enrolments():
        listed = registry.body(e.orderer_id)
        if listed is not None:
            out.append(view_of(listed, e))
    return {"enrolments": out}
