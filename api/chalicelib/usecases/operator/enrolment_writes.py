"""Writing enrolments: the EnrolmentWrite with its history `change` and the audit entry, in one
store write; the store's refusals as the operator's conflicts, each naming the orderer."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...domain.errors import Conflict, NotFound
from ...domain.orderers import Enrolment, PublicBody
from ..common.audited import audited
from ..common.dependencies import get as deps
from ..ports.records import ConditionFailed, EnrolmentWrite


def body_of(orderer_id: str) -> PublicBody:
    body = deps().store.registry.body(orderer_id)
    if body is None:
        raise NotFound("unknown_orderer", f"{orderer_id} は発注者の一覧にありません。全国地方公共団体コードを確かめるか、"
                       "先に発注者を追加してください。")
    return body


def enrolment_of(body: PublicBody) -> Enrolment:
    enrolment = deps().store.registry.enrolment(body.id)
    if enrolment is None:
        raise NotFound("not_enrolled", f"{body.written_name}（{body.id}）は電子保証の受付に登録されていません。")
    return enrolment


def at_revision(body: PublicBody, enrolment: Enrolment, revision: int) -> None:
    if enrolment.revision != revision:
        raise revision_conflict(body, enrolment.revision)


def revision_conflict(body: PublicBody, current: int | None = None) -> Conflict:
    now = f"（現在の版は {current}）" if current is not None else ""
    return Conflict("revision_conflict", f"{body.written_name}の受付内容は、読み込んだ後に変更されています{now}。"
                    "もう一度読み込んでから変更してください。")


def domains_free(body: PublicBody, wanted: Sequence[str]) -> None:
    """409 `staff_domain_taken` for a domain another orderer holds, naming that orderer."""
    registry = deps().store.registry
    for domain in wanted:
        holder = registry.orderer_by_domain(domain)
        if holder is not None and holder != body.id:
            raise domain_taken(domain, holder)


def domain_taken(domain: str, holder: str | None) -> Conflict:
    registry = deps().store.registry
    held = registry.body(holder) if holder else None
    name = f"{held.written_name}（{held.id}）" if held else (holder or "ほかの発注者")
    return Conflict("staff_domain_taken", f"メールのドメイン {domain} は{name}の職員のドメインとして登録されています。"
                    "1つのドメインは1つの発注者にだけ登録できます。")


def change_record(after: Enrolment, before: Enrolment | None, action: str, actor: dict[str, Any],
                  extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"revision": after.revision, "at": after.changed_at.isoformat() if after.changed_at else None,
            "actor": actor, "action": action, "changes": after.changes_from(before), **(extra or {})}


def write(body: PublicBody, before: Enrolment | None, after: Enrolment, action: str, actor: dict[str, Any],
          extra: dict[str, Any] | None = None) -> Enrolment:
    """One enrolment's change: its domains claimed and released as they differ, the history
    entry and the audit entry, all or nothing."""
    old_domains = set(before.staff_email_domains) if before else set()
    claim = tuple(d for d in after.staff_email_domains if d not in old_domains)
    release = tuple(d for d in (before.staff_email_domains if before else ()) if d not in after.staff_email_domains)
    domains_free(body, claim)
    change = change_record(after, before, action, actor, extra)
    details = {"changes": change["changes"], "revision": after.revision, **(extra or {})}
    enrolment_write = EnrolmentWrite(after, before.revision if before else None, change, claim, release)
    try:
        audited(lambda entry: deps().store.registry.put_enrolments([enrolment_write], entry), actor, action,
                f"orderer:{body.id}", details)
    except ConditionFailed as failed:
        raise refused(body, failed, before is None, claim) from None
    return after


def refused(body: PublicBody, failed: ConditionFailed, new: bool, claimed: Sequence[str]) -> Exception:
    """The store's refusal (a change that raced another) as the conflict the caller can act on."""
    if failed.what == "revision":
        if new:
            return already_enrolled(body)
        current = deps().store.registry.enrolment(body.id)
        return revision_conflict(body, current.revision if current else None)
    if failed.what == "staff_domain":
        registry = deps().store.registry
        for domain in claimed:
            holder = registry.orderer_by_domain(domain)
            if holder != body.id:
                return domain_taken(domain, holder)
        return domain_taken(claimed[0] if claimed else "", None)
    return failed


def already_enrolled(body: PublicBody) -> Conflict:
    return Conflict("already_enrolled", f"{body.written_name}（{body.id}）はすでに電子保証の受付に登録されています。"
                    "変更は版（revision）を指定して行ってください。")
