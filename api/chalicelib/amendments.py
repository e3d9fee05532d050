"""Changing a guarantee (変更: 増額・減額・保証期限変更) and cancelling it (解約).

An amendment never edits a version: it adds a new, immutable one with its own 認証キー
and notice, as the contractor must submit the changed guarantee again. Concurrency is
optimistic: the surety names the version it amends, and a stale one is a 409.
"""
from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass

from . import authkey, clock, events, idempotency, keyed_hash, store
from .errors import FieldError, PortalError, conflict, not_found, validation_failed
from .guarantee import (AMENDMENT_REASONS, Version, describe_changes, format_date_ja, iso_utc, parse_iso_utc,
                        read_terms, today_in_japan)
from .issuance import Issued, check_printable, finish, issued_reply, new_version_key, raced_reply, signed_record
from .sureties import Caller
from .validation import Reader

AMEND_FIELDS = {"base_version", "reason", "effective_date", "note", "changes", "completion_notice_email"}
CHANGEABLE = {"amount", "guarantee_period", "project", "contractor"}
_GUARANTEE_ID = re.compile(r"g[0-9A-HJKMNP-TV-Z]{25}")


def own_head(caller: Caller, guarantee_id: str) -> dict:
    """The guarantee's head if it belongs to the caller's surety; 404 otherwise (no hint
    whether another surety's guarantee exists)."""
    head = store.get_head(guarantee_id) if _GUARANTEE_ID.fullmatch(guarantee_id or "") else None
    if head is None or head["surety_id"] != caller.surety.id:
        raise not_found("保証契約が見つかりません。", "guarantee_not_found")
    return head


def no_changes() -> FieldError:
    return FieldError("no_changes", "変更する内容がありません。changes に変更後の値を指定してください。", "changes")


def _merge(base: dict, changes: dict) -> dict:
    merged = copy.deepcopy(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _check_reason(reason: str, before: Version, terms) -> FieldError | None:
    amount_before, amount_after = before.terms.amount, terms.amount
    end_before, end_after = before.terms.guarantee_period.end, terms.guarantee_period.end
    expected = {
        "increase": (amount_after > amount_before, "増額では、保証金額を増やしてください。"),
        "decrease": (amount_after < amount_before, "減額では、保証金額を減らしてください。"),
        "extension": (end_after != end_before, "保証期限変更では、保証期間の終期を変更してください。"),
    }
    if reason in expected and not expected[reason][0]:
        return FieldError("reason_mismatch", expected[reason][1], "reason")
    return None


@dataclass(frozen=True)
class AmendmentRequest:
    base_version: int
    reason: str
    effective_date: dt.date
    note: str | None
    email: str | None
    changes: dict  # checked against the version it changes, once that is read


def read_amendment(body: object) -> AmendmentRequest:
    """The request's own fields (pure: nothing is read from the store)."""
    r = Reader()
    top = r.object(body, "", "", AMEND_FIELDS)
    if top is None:
        r.raise_if_failed()
    request = AmendmentRequest(
        base_version=r.version_number(top, "base_version", "base_version"),
        reason=r.choice(top, "reason", "reason", AMENDMENT_REASONS),
        effective_date=r.date(top, "effective_date", "effective_date"),
        note=r.text(top, "note", "note", 200, required=False),
        email=r.email(top, "completion_notice_email", "completion_notice_email"),
        changes=r.object(top, "changes", "changes", CHANGEABLE),
    )
    r.raise_if_failed()
    return request


def amend(caller: Caller, guarantee_id: str, idempotency_key: str | None, body: object) -> Issued:
    key = idempotency.check_key(idempotency_key)
    request_fingerprint = idempotency.fingerprint(f"amend:{guarantee_id}", body)
    kept = idempotency.previous(caller.surety.id, key, request_fingerprint)
    if kept is not None:
        return Issued(issued_reply(kept), replayed=True)
    head = own_head(caller, guarantee_id)
    number = head["contract_number"]

    now = clock.now()
    today = today_in_japan(now)
    request = read_amendment(body)
    base_version, reason, effective_date = request.base_version, request.reason, request.effective_date

    state = store.get_state(number)
    if state.status == "cancelled":
        raise conflict("guarantee_cancelled", "この保証契約は解約されているため、変更できません。")
    if base_version > state.latest_version:
        raise validation_failed([FieldError("invalid_version",
                                            f"第{base_version}版はありません（最新は第{state.latest_version}版）。",
                                            "base_version")])
    if base_version != state.latest_version:
        raise _stale(state.latest_version)
    # The version named, not the newest read: another amendment may have landed meanwhile,
    # and the transaction's condition then turns this one into a 409.
    before = Version.from_record(next(r for r in store.list_versions(guarantee_id) if r["version"] == base_version))

    merged = _merge(before.terms.as_dict(), request.changes)
    terms_reader = Reader()
    terms = read_terms(terms_reader, merged, today)
    if terms is not None:
        check_printable(terms_reader, terms)
    # Errors in fields the request can change point into `changes`; others keep their own name.
    problems = [FieldError(e.code, e.message,
                           f"changes.{e.field}" if e.field.split(".")[0] in CHANGEABLE else e.field)
                for e in terms_reader.errors]
    if terms is not None:
        changed = describe_changes(before.terms, terms)
        if not changed:
            problems.append(no_changes())
        mismatch = _check_reason(reason, before, terms)
        if mismatch:
            problems.append(mismatch)
        if effective_date < before.effective_date:
            problems.append(FieldError("invalid_effective_date",
                                       "変更日は、変更前の版の日付以降にしてください。", "effective_date"))
    if problems:
        raise validation_failed(problems)

    version = Version(
        guarantee_id=guarantee_id, version=base_version + 1,
        surety_id=caller.surety.id, surety_name=caller.surety.name, terms=terms,
        issued_at=now.replace(microsecond=0), surety_contact=caller.surety.contact,
        amendment={"reason": reason, "effective_date": effective_date.isoformat(), "note": request.note,
                   "changes": changed},
    )
    auth_key, outbox = new_version_key(version, request.email, now)
    record = signed_record(version)
    kept = {"guarantee": version.certificate(today), "auth_key": authkey.display(auth_key),
            "version": version.version, "version_record": record}
    try:
        store.add_version(
            store.NewVersion(
                guarantee_id=guarantee_id, contract_number=number, base_version=base_version,
                version_record=record, key_hash=keyed_hash.auth_key(auth_key),
                event=events.amended(now, version.version, caller.actor(), reason),
                history_entry=version.history_entry(), contractor_email=request.email, surety_id=caller.surety.id,
                corporate_number=terms.contractor.corporate_number, created_at=head["created_at"]),
            idempotency.record(caller.surety.id, key, request_fingerprint, kept, guarantee_id, now),
            outbox,
        )
    except store.Conflict as e:
        raced = raced_reply(e, caller, key, request_fingerprint)
        if raced is not None:
            return raced
        latest = store.get_state(number)
        if latest.status == "cancelled":
            raise conflict("guarantee_cancelled", "この保証契約は解約されているため、変更できません。") from e
        raise _stale(latest.latest_version) from e
    return Issued(finish(version, auth_key, outbox, now), replayed=False)


def _stale(latest: int) -> PortalError:
    return conflict("stale_version",
                    f"この保証契約は既に変更されています（最新は第{latest}版）。最新の内容を取得してから変更してください。",
                    "base_version")


def read_cancellation(body: object) -> tuple[str, dt.date]:
    """解約の理由と解約日 (pure: nothing is read from the store)."""
    r = Reader()
    top = r.object(body, "", "", {"reason", "date"})
    if top is None:
        r.raise_if_failed()
    reason = r.text(top, "reason", "reason", 200)
    date = r.date(top, "date", "date")
    r.raise_if_failed()
    return reason, date


def cancel(caller: Caller, guarantee_id: str, body: object) -> None:
    head = own_head(caller, guarantee_id)
    reason, date = read_cancellation(body)
    issued_on = today_in_japan(parse_iso_utc(head["created_at"]))
    if date < issued_on:
        raise validation_failed([FieldError(
            "invalid_cancellation_date",
            f"解約日は、電子保証の発行日（{format_date_ja(issued_on)}）以降の日付にしてください。", "date")])
    now = clock.now()
    cancellation = {"date": date.isoformat(), "reason": reason, "recorded_at": iso_utc(now)}
    try:
        store.cancel_guarantee(guarantee_id, head["contract_number"], cancellation,
                               events.cancelled(now, caller.actor(), date.isoformat()))
    except store.Conflict as e:
        raise conflict("already_cancelled", "この保証契約は既に解約されています。") from e
