"""The national list of public bodies as the operator keeps it: add a body with an id of its
own (national bodies, 一部事務組合, 広域連合 …), bring in the published list in batches (new
bodies and changed names or kana; nothing is ever deleted), and record a merger or a new
code (the old body stays, abolished and pointing at its successor; its receipts keep its id)."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any, cast

from ...domain import audit, orderers
from ...domain.errors import Conflict, invalid
from ...domain.formatting import date_ja, today_in_japan
from ...domain.orderers import Enrolment, PublicBody
from ..common.audited import audited
from ..common.dependencies import get as deps
from ..ports.records import ConditionFailed, EnrolmentWrite
from . import checks
from .enrolment_writes import body_of, change_record, refused

MAX_BATCH = 90  # one store write (the engine's transaction, with the audit entry)
LOCAL_CATEGORIES = ("prefecture", "municipality", "special_ward")


def _actor(actor: dict[str, Any] | None) -> dict[str, Any]:
    return actor or audit.setup_actor("setup")


def _checked(p: checks.Problems, raw: dict[str, Any], field: str, source: str) -> PublicBody | None:
    body_id = str(raw["id"])
    category = raw["category"]
    before = len(p.found)
    if category not in orderers.CATEGORIES:
        checks.fail(p, "invalid_value", f"{category} は発注者の区分ではありません（{', '.join(orderers.CATEGORIES)}）。",
                    f"{field}.category")
    elif category in LOCAL_CATEGORIES:
        if not orderers.local_government_code_valid(body_id):
            checks.orderer_id(p, body_id, f"{field}.id")
            if len(p.found) == before:  # an own id given to a local government
                checks.fail(p, "invalid_orderer_id", f"{category} の発注者の ID は全国地方公共団体コード（6桁）です。", f"{field}.id")
    elif not orderers.own_id_valid(body_id):
        checks.orderer_id(p, body_id, f"{field}.id")
        if len(p.found) == before:  # a 6-digit code given to a national or other body
            checks.fail(p, "invalid_orderer_id", "国の機関・その他の公共機関には、英小文字で始まる独自の ID（mlit-kanto など）を"
                        "指定してください。", f"{field}.id")
    if category == "other" and raw.get("body_type") not in orderers.OTHER_BODY_TYPES:
        checks.fail(p, "invalid_value", f"その他の公共機関の種別（body_type）は次のいずれかです: {', '.join(orderers.OTHER_BODY_TYPES)}。",
                    f"{field}.body_type")
    name, kana = str(raw["name"]).strip(), str(raw.get("kana") or "").strip()
    if not name:
        checks.fail(p, "invalid_value", "名称を指定してください。", f"{field}.name")
    if len(p.found) > before:
        return None
    return PublicBody(id=body_id, name=name, kana=kana, prefecture=str(raw.get("prefecture") or "").strip(),
                      category=category, body_type=raw.get("body_type"), corporate_number=raw.get("corporate_number"),
                      source=str(raw.get("source") or source))


def add(raw: dict[str, Any], actor: dict[str, Any] | None = None) -> dict[str, Any]:
    """One body the published list does not have (409 `body_exists` for an id in use)."""
    p = checks.Problems()
    body = _checked(p, raw, "body", "operator")
    p.raise_any()
    body = cast(PublicBody, body)  # no problem found: the body was made
    if deps().store.registry.body(body.id) is not None:
        raise Conflict("body_exists", f"ID {body.id} の発注者はすでに一覧にあります（ID は使い回せません）。")
    audited(lambda entry: deps().store.registry.put_bodies([body], entry), _actor(actor), "body.add",
            f"orderer:{body.id}", {"body": body.as_record()})
    return {"orderer": {**body.as_record(), "written_name": body.written_name}}


def import_batch(raw: dict[str, Any], actor: dict[str, Any] | None = None) -> dict[str, Any]:
    """Up to 90 bodies of the published list: new ones added, names and kana brought up to date;
    a body left out is kept as it is (never deleted), and a merger is recorded by `merge`."""
    items = raw["bodies"]
    if len(items) > MAX_BATCH:
        raise invalid("too_many_bodies", f"一度に取り込めるのは {MAX_BATCH} 件までです。", "bodies")
    p = checks.Problems()
    wanted = [_checked(p, item, f"bodies[{i}]", str(raw.get("source") or "operator")) for i, item in enumerate(items)]
    checks.texts(p, [b.id for b in wanted if b is not None], "bodies")
    p.raise_any()
    registry = deps().store.registry
    added, changed, writes = [], {}, []
    for body in (b for b in wanted if b is not None):  # all of them: no problem was found
        known = registry.body(body.id)
        if known is None:
            added.append(body.id)
            writes.append(body)
            continue
        diff = {f: [getattr(known, f), getattr(body, f)] for f in ("name", "kana") if getattr(known, f) != getattr(body, f)}
        if diff:
            changed[body.id] = diff
            writes.append(replace(known, name=body.name, kana=body.kana, source=body.source or known.source))
    if writes:
        audited(lambda entry: registry.put_bodies(writes, entry), _actor(actor), "bodies.import", "bodies",
                {"added": added, "changed": changed, "source": raw.get("source")})
    return {"added": added, "changed": sorted(changed), "unchanged": len(wanted) - len(writes)}


def listing() -> dict[str, Any]:
    return {"bodies": [b.as_record() for b in deps().store.registry.bodies()]}


def merge(old_id: str, raw: dict[str, Any], actor: dict[str, Any] | None = None) -> dict[str, Any]:
    """``old_id`` is succeeded by ``raw["successor"]`` from ``raw["on"]`` (a merger, a new code).
    The old body is kept, abolished; if it was enrolled, its staff domains move to the
    successor's enrolment in the same write and the old enrolment is suspended (its receipts
    and history stay under its id, and the successor's staff read them as its predecessor's)."""
    p = checks.Problems()
    checks.orderer_id(p, old_id, "orderer_id")
    checks.orderer_id(p, raw["successor"], "successor")
    on = checks.day(p, raw["on"], "on")
    if old_id == raw["successor"]:
        checks.fail(p, "invalid_merge", "合併先には別の発注者を指定してください。", "successor")
    # The domains move and the old enrolment stops at once: a merger is recorded on or after
    # the day it takes effect, never ahead of it.
    if on is not None and on > today_in_japan(deps().clock.now()):
        checks.fail(p, "invalid_merge", f"合併・コード変更の日（{date_ja(on.isoformat())}）が未来の日付です。"
                    "その日以降に登録してください。", "on")
    p.raise_any()
    on = cast(dt.date, on)  # no problem found: the date was read
    old, successor = body_of(old_id), body_of(raw["successor"])
    for b in (old, successor):
        if b.abolished_on is not None:
            raise Conflict("orderer_abolished", f"{b.written_name}（{b.id}）はすでに廃止されています"
                           f"（後継: {b.succeeded_by or 'なし'}）。")
    who, now = _actor(actor), deps().clock.now()
    old_after = replace(old, abolished_on=on, succeeded_by=successor.id)
    successor_after = replace(successor, predecessors=(*successor.predecessors, old.id))
    registry = deps().store.registry
    details = {"orderer_id": old.id, "successor": successor.id, "on": on.isoformat()}
    old_enrolment, successor_enrolment = registry.enrolment(old.id), registry.enrolment(successor.id)
    if old_enrolment is None:
        audited(lambda entry: registry.put_bodies([old_after, successor_after], entry), who, "body.merge",
                f"orderer:{old.id}", details)
        return {"orderer": old_after.as_record(), "successor": successor_after.as_record()}
    moving = old_enrolment.staff_email_domains
    if moving and successor_enrolment is None:
        raise Conflict("successor_not_enrolled", f"{old.written_name}の職員のドメインを引き継ぐため、先に"
                       f"{successor.written_name}（{successor.id}）を電子保証の受付に登録してください。")
    reason = f"{on.isoformat()} {successor.written_name}に合併（コード変更）"
    writes = [_suspended(old_enrolment, who, now, reason)]
    if successor_enrolment is not None:
        writes.append(_taking(successor_enrolment, moving, who, now))
    try:
        audited(lambda entry: registry.put_enrolments(writes, entry, [old_after, successor_after]), who,
                "body.merge", f"orderer:{old.id}", {**details, "moved_staff_domains": list(moving)})
    except ConditionFailed as failed:
        raise refused(successor, failed, False, moving) from None
    return {"orderer": old_after.as_record(), "successor": successor_after.as_record(),
            "moved_staff_domains": list(moving)}


def _suspended(before: Enrolment, who: dict[str, Any], now: dt.datetime, reason: str) -> EnrolmentWrite:
    after = before.next(who, now, suspended=True, suspension_reason=reason, staff_email_domains=())
    return EnrolmentWrite(after, before.revision, change_record(after, before, "body.merge", who),
                          release_domains=before.staff_email_domains)


def _taking(before: Enrolment, moving: tuple[str, ...], who: dict[str, Any], now: dt.datetime) -> EnrolmentWrite:
    domains = (*before.staff_email_domains, *(d for d in moving if d not in before.staff_email_domains))
    after = before.next(who, now, staff_email_domains=domains)
    return EnrolmentWrite(after, before.revision, change_record(after, before, "body.merge", who),
                          claim_domains=tuple(d for d in moving if d not in before.staff_email_domains))
