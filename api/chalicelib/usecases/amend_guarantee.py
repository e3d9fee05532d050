"""Changing a guarantee (変更: 増額・減額・保証期限変更).

An amendment never edits a version: it adds a new, immutable one with its own 認証キー
and notice, as the contractor must submit the changed guarantee again. Concurrency is
optimistic: the surety names the version it amends, and a stale one is a Conflict.
"""
from __future__ import annotations

from typing import Any

from ..domain import authkey, events, mail_messages
from ..domain.amendments import (
    CHANGEABLE,
    check_reason,
    merge,
    no_changes,
    read_amendment,
)
from ..domain.errors import Conflict, Invalid
from ..domain.errors import Problem as FieldError
from ..domain.formatting import today_in_japan
from ..domain.guarantee import Terms, Version, describe_changes
from ..domain.terms_rules import amendment_orderer_problem, parse_terms
from ..domain.sureties import Caller
from .common import idempotency, orderers, outbox
from .common.certificates import certificate
from .common.dependencies import get as deps
from .common.ownership import own_head
from .common.receipt_followups import staff_notices
from .common.states import live_state
from .common.versions import (
    Issued,
    finish,
    issued_reply,
    new_version_key,
    raced_reply,
    signed_record,
    unprintable,
)
from .ports.records import ConditionFailed, NewVersion


def amend(caller: Caller, guarantee_id: str, idempotency_key: str | None, body: dict[str, Any]) -> Issued:
    key = idempotency.check_key(idempotency_key)
    request_fingerprint = idempotency.fingerprint(f"amend:{guarantee_id}", body)
    kept = idempotency.previous(caller.surety.id, key, request_fingerprint)
    if kept is not None:
        return Issued(issued_reply(kept), replayed=True)
    head = own_head(caller, guarantee_id)
    number = head.contract_number

    d = deps()
    now = d.clock.now()
    today = today_in_japan(now)
    request = read_amendment(body)
    base_version, reason, effective_date = request.base_version, request.reason, request.effective_date

    state = live_state(guarantee_id)
    if state.status == "cancelled":
        raise Conflict("guarantee_cancelled", "この保証契約は解約されているため、変更できません。")
    if base_version > state.latest_version:
        raise Invalid([FieldError("invalid_version",
                                            f"第{base_version}版はありません（最新は第{state.latest_version}版）。",
                                            "base_version")])
    if base_version != state.latest_version:
        raise _stale(state.latest_version)
    # The version named, not the newest read: another amendment may have landed meanwhile,
    # and the transaction's condition then turns this one into a 409.
    before = next(s.version for s in d.store.guarantees.list_versions(guarantee_id) if s.version.version == base_version)

    merged = merge(before.terms.as_dict(), request.changes)
    terms: Terms | None
    try:
        terms = parse_terms(merged, today)
        problems = unprintable(terms)
    except Invalid as e:
        terms, problems = None, e.problems
    listed = orderers.body(before.terms.orderer_id)
    refusal = amendment_orderer_problem(before.terms.kind, listed, orderers.find(listed.id) if listed else None)
    if refusal:
        problems = [*problems, refusal]
    # Errors in fields the request can change point into `changes`; others keep their own name.
    problems = [FieldError(e.code, e.message, f"changes.{e.field}" if e.field and e.field.split(".")[0] in CHANGEABLE else e.field)
                for e in problems]
    if terms is not None:
        changed = describe_changes(before.terms, terms)
        if not changed:
            problems.append(no_changes())
        mismatch = check_reason(reason, before, terms)
        if mismatch:
            problems.append(mismatch)
        if effective_date < before.effective_date:
            problems.append(FieldError("invalid_effective_date",
                                       "変更日は、変更前の版の日付以降にしてください。", "effective_date"))
    if problems or terms is None:
        raise Invalid(problems)

    # The branch that handles the guarantee stays the one named at issuance.
    branch = (before.surety_profile or {}).get("branch")
    version = Version(
        guarantee_id=guarantee_id, version=base_version + 1,
        surety_id=caller.surety.id, surety_name=caller.surety.name, terms=terms,
        issued_at=now.replace(microsecond=0), surety_contact=caller.surety.contact_for(branch),
        surety_profile=caller.surety.profile(branch),
        amendment={"reason": reason, "effective_date": effective_date.isoformat(), "note": request.note,
                   "changes": changed},
    )
    auth_key, outbox_mail = new_version_key(version, request.email, now)
    notices = staff_notices(state, mail_messages.staff_amended_notice(certificate(version, today), effective_date), now)
    record = signed_record(version)
    kept = {"guarantee": certificate(version, today), "auth_key": authkey.display(auth_key),
            "version": version.version, "version_record": record}
    try:
        d.store.guarantees.add_version(
            NewVersion(
                guarantee_id=guarantee_id, contract_number=number, base_version=base_version,
                version_record=record, key_hash=d.hashes.auth_key(auth_key),
                event=events.amended(now, version.version, caller.actor(), reason),
                history_entry=version.history_entry(), contractor_email=request.email, surety_id=caller.surety.id,
                corporate_number=terms.contractor.corporate_number, created_at=head.created_at),
            idempotency.record(caller.surety.id, key, request_fingerprint, kept, guarantee_id, now),
            outbox_mail, notices,
        )
    except ConditionFailed as e:
        raced = raced_reply(e, caller, key, request_fingerprint)
        if raced is not None:
            return raced
        latest = live_state(guarantee_id)
        if latest.status == "cancelled":
            raise Conflict("guarantee_cancelled", "この保証契約は解約されているため、変更できません。") from e
        raise _stale(latest.latest_version) from e
    for message in notices:
        outbox.deliver(message.mail_id, now)  # best effort: the sweep retries what fails
    return Issued(finish(version, auth_key, outbox_mail, now), replayed=False)


def _stale(latest: int) -> Conflict:
    return Conflict("stale_version",
                    f"この保証契約は既に変更されています（最新は第{latest}版）。最新の内容を取得してから変更してください。",
                    "base_version")
