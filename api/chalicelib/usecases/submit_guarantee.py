"""電子提出, the contractor's side: open the notice (number and key) to see what would be submitted
and to whom, then hand the guarantee to its orderer's 受付箱 (domain/submissions.py).

Holding the key is the proof, as on every key route (key_access.find, purpose "submission": wrong
keys are counted there). One entry per guarantee and orderer: the same version with the same
details changes nothing; with other details while pending it corrects the entry (the first key
holder does not own it); a newer version, or the same one after a 差戻し, reopens the entry with
its 受付番号 (domain/submissions.resubmission). The 工事番号 and the contact are shown only to
whoever just typed them (contractor_view): every key holder, the issuer too, opens the rest. Each
write sends a mail to the contact address typed in it, so successful submissions are limited per
client (SUBMISSIONS_PER_CLIENT_PER_HOUR over the sliding hour), whatever keys the client holds.
The key itself is never stored, mailed or logged here: only the entry's copy of the terms is.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from ..domain import attempts, events, links, submission_mails, views
from ..domain.errors import Conflict, PortalError, invalid
from ..domain.formatting import iso_utc, iso_utc_precise, parse_iso_utc, parse_iso_utc_precise, time_ja, today_in_japan
from ..domain.guarantee import KINDS, Version
from ..domain.number_and_key import read_number_and_key
from ..domain.orderers import Orderer, PublicBody
from ..domain.submission_requests import SubmissionRequest, read_submission
from ..domain.submissions import (
    INBOX_STATES,
    SUBMISSIONS_PER_CLIENT_PER_HOUR,
    Submission,
    inbox_state,
    new_submission_id,
    resubmission,
)
from ..domain.views import GuaranteeState
from .common import hourly_allowance, key_access, orderers, outbox
from .common.dependencies import get as deps
from .ports.records import ConditionFailed, OutboxMail
from .ports.counters import CounterKey

GUIDE = "受注者の方へ › 発注者への提出"


def _not_accepted(orderer_name: str) -> Conflict:
    return Conflict("submissions_not_accepted",
                    f"{orderer_name}は、ポータルでの電子提出をまだ受け付けていません。"
                    "これまでどおり、「認証キーのお知らせ」（PDF）を電子メールで発注者へ提出してください"
                    f"（提出の方法は「{GUIDE}」をご覧ください）。")


_NOT_ALLOWED = {
    "superseded": "この電子保証は変更されています。新しい「認証キーのお知らせ」で提出してください。",
    "cancelled": "この保証契約は解約されているため、電子提出できません。",
    "expired": "この電子保証は保証期間が終了しているため、電子提出できません。",
}
ALREADY_RECEIVED = "この電子保証は、発注者がすでに受領を記録しています。もう一度提出する必要はありません。"
CHANGED = "同じ電子保証の提出が同時に行われました。画面を読み込み直して、提出の状況をご確認ください。"


def _refusal(version: Version, state: GuaranteeState, orderer: Orderer | None, orderer_name: str,
             today: dt.date) -> PortalError | None:
    """Why this version cannot be submitted to its orderer now (None: it can)."""
    if orderer is None or not orderer.inbox.accepts:
        return _not_accepted(orderer_name)
    status = views.status_of(version, state, today)
    if status != "valid":
        return Conflict("submission_not_allowed", _NOT_ALLOWED.get(status, "この電子保証は電子提出できません。"))
    if str(version.version) in state.receipts:
        return Conflict("already_received", ALREADY_RECEIVED)
    return None


def _moment(text: str) -> dt.datetime:
    return parse_iso_utc_precise(text) if "." in text else parse_iso_utc(text)


def _received(entry: Submission, state: GuaranteeState) -> bool:
    return str(entry.version) in state.receipts


def contractor_view(entry: Submission, state: GuaranteeState, orderer_name: str,
                    typed_now: bool = False) -> dict[str, Any]:
    """ContractorSubmission (openapi.yaml): the entry as its contractor sees it (not who at the
    orderer decided, only the department). The 工事番号 and the contact only to the caller who has
    just typed them (``typed_now``: the 201 answer): any holder of the key (the issuer among them)
    may open the preview or submit the same again, and must not read the orderer's 工事番号 or the
    contractor's contact."""
    shown = inbox_state(entry, state.latest_version, state.status == "cancelled", _received(entry, state))
    submitted = _moment(entry.submitted_at)
    decision = None
    if entry.decision is not None:
        at = _moment(entry.decision.at)
        decision = {"action": entry.decision.action, "at": iso_utc(at), "at_label": time_ja(at),
                    "department": entry.decision.department}
        if entry.decision.reason:
            decision["reason"] = entry.decision.reason
    view: dict[str, Any] = {
        "submission_id": entry.submission_id, "orderer_id": entry.orderer_id, "orderer_name": orderer_name,
        "department": entry.department, "version": entry.version, "version_label": submission_mails.version_label(entry.version),
        "contract_number": entry.contract_number, "kind": entry.kind, "kind_label": KINDS.get(entry.kind, entry.kind),
        "project_name": entry.project_name, "submitted_at": iso_utc(submitted),
        "submitted_at_label": time_ja(submitted), "state": shown, "state_label": INBOX_STATES[shown],
        "decision": decision}
    if typed_now:
        view["reference"] = entry.reference
        view["contact"] = entry.contact.as_record()
    return view


def _orderer_view(orderer_id: str, orderer: Orderer | None, orderer_name: str) -> dict[str, Any]:
    return {"id": orderer_id, "written_name": orderer_name,
            "accepts_submissions": bool(orderer and orderer.inbox.accepts),
            "departments": list(orderer.departments) if orderer else [],
            "contact": orderers.public_contact(orderer.enrolment) if orderer else None}


def _orderer(version: Version) -> tuple[Orderer | None, PublicBody | None, str]:
    """The version's orderer (None unless enrolled), its body, and its name as the portal writes it."""
    orderer = orderers.find(version.terms.orderer_id)
    body = orderer.body if orderer is not None else orderers.body(version.terms.orderer_id)
    return orderer, body, views.orderer_name(version, body)


def preview(body: dict[str, Any], client: str | None) -> dict[str, Any]:
    """What the key opens, as a verification shows it, and whether (and where) it can be submitted."""
    number, key = read_number_and_key(body)
    signed, state = key_access.find(number, key, client, "submission")
    version = signed.version
    now = deps().clock.now()
    orderer_id = version.terms.orderer_id
    orderer, body_, name = _orderer(version)
    entry = deps().store.submissions.of_guarantee(orderer_id, version.guarantee_id)
    refusal = _refusal(version, state, orderer, name, today_in_japan(now))
    # The same version waiting in the inbox can still be corrected (other details): it can be submitted.
    return {"verification": views.for_key(version, state, now, signed.jws, body_),
            "orderer": _orderer_view(orderer_id, orderer, name),
            "submission": contractor_view(entry, state, name) if entry is not None else None,
            "can_submit": refusal is None,
            "refusal": {"code": refusal.code, "message": refusal.message} if refusal else None}


def _take_allowance(client_hash: str, now: dt.datetime) -> CounterKey:
    """One more submission for this client in the sliding hour, or Throttled with the wait."""
    return hourly_allowance.take(
        lambda window: attempts.submission_counter(client_hash, window), SUBMISSIONS_PER_CLIENT_PER_HOUR, now,
        lambda minutes: f"この接続からの電子提出が1時間の上限（{SUBMISSIONS_PER_CLIENT_PER_HOUR}件）に達しました。"
                        f"約{minutes}分後に再度お試しください。")


def _copied(version: Version) -> dict[str, Any]:
    """What the inbox lists of the guarantee, as of the version submitted."""
    t = version.terms
    return {"contract_number": t.contract_number, "kind": t.kind, "project_name": t.project.name,
            "contractor": t.contractor.name, "amount": t.amount, "surety_name": version.surety_name}


def _entry(request: SubmissionRequest, version: Version, state: GuaranteeState, entry: Submission | None,
           now: dt.datetime) -> Submission:
    at = iso_utc_precise(now)
    if entry is not None:
        return entry.resubmitted(version=version.version, department=request.department, reference=request.reference,
                                 contact=request.contact, at=at, copied=_copied(version))
    return Submission(submission_id=new_submission_id(now), orderer_id=request.orderer_id,
                      guarantee_id=version.guarantee_id, surety_id=state.surety_id, version=version.version,
                      **_copied(version), department=request.department, reference=request.reference,
                      contact=request.contact, submitted_at=at, first_submitted_at=at,
                      history=({"action": "submitted", "at": at, "version": version.version},))


def _mails(submission: Submission, orderer: Orderer, orderer_name: str, now: dt.datetime,
           change: str | None) -> list[OutboxMail]:
    """The 受付 mail to the contact address, and the department's own when it hears of each one.
    ``change``: None for a new entry, else what resubmission() said ("reopened" or "corrected")."""
    mail = deps().mail
    again, corrected = change is not None, change == "corrected"
    texts = [(submission.contact.email,
              submission_mails.submission_received(submission, orderer_name, now, again, corrected))]
    addresses = orderers.department_addresses(orderer.enrolment, submission.department, "each")
    if addresses:
        text = submission_mails.new_submission(submission, orderer_name, now, again,
                                               links.inbox_url(deps().settings.site_url), corrected)
        texts += [(address, text) for address in addresses]
    return [OutboxMail(mail.new_mail_id(), to, mail.compose(to, text, now).as_bytes()) for to, text in texts]


def submit(body: dict[str, Any], client: str | None) -> tuple[dict[str, Any], bool]:
    """Returns (the entry as its contractor sees it, whether it was submitted just now)."""
    request = read_submission(body)
    signed, state = key_access.find(request.contract_number, request.auth_key, client, "submission")
    version = signed.version
    d = deps()
    store = d.store
    now = d.clock.now()
    orderer_id = version.terms.orderer_id
    orderer, _, name = _orderer(version)
    if request.orderer_id != orderer_id:
        raise Conflict("orderer_mismatch", f"この電子保証の発注者は{name}です。提出先の発注者をご確認ください。")
    refusal = _refusal(version, state, orderer, name, today_in_japan(now))
    if refusal is not None or orderer is None:  # an orderer not enrolled is refused as not accepting
        raise refusal or _not_accepted(name)
    if request.department not in orderer.departments:
        raise invalid("unknown_department", "提出先の担当部署は、一覧から選んでください。", "department")
    entry = store.submissions.of_guarantee(orderer_id, version.guarantee_id)
    change = _change(entry, request, version, state)
    if entry is not None and change is None:
        return contractor_view(entry, state, name), False
    client_hash = d.hashes.client_address(client or "unknown")  # as key_access counts it
    taken = _take_allowance(client_hash, now)
    told = orderer.inbox.mail_for(request.department)
    actor = {"kind": "key_holder", "client": client_hash}
    digest_day = today_in_japan(now).isoformat() if told is not None and told.frequency == "daily" else None
    submission = _entry(request, version, state, entry, now)
    for attempt in (1, 2):
        event = events.submitted(now, version.version, submission.submission_id, orderer_id, request.department,
                                 actor, request.reference if orderer.inbox.shares_reference else None)
        mails = _mails(submission, orderer, name, now, change)
        try:
            store.submissions.submit(submission, entry, event, mails, digest_day)
            break
        except ConditionFailed as failed:
            if failed.what == "entry" and entry is None and attempt == 1:
                # The 受付番号 drawn is another entry's (40 random bits: rare): draw another once.
                submission = _entry(request, version, state, None, now)
                continue
            store.counters.give_back([taken])
            # Another submission of this guarantee at the same moment: if it is this one, say so.
            latest = store.submissions.of_guarantee(orderer_id, version.guarantee_id)
            if latest is not None and _change(latest, request, version, state) is None:
                return contractor_view(latest, state, name), False
            raise Conflict("submission_changed", CHANGED) from None
    for message in mails:
        outbox.deliver(message.mail_id, now)
    return contractor_view(submission, state, name, typed_now=True), True


def _change(entry: Submission | None, request: SubmissionRequest, version: Version,
            state: GuaranteeState) -> str | None:
    """What this submission does to the guarantee's entry (domain/submissions.resubmission)."""
    if entry is None:
        return None
    return resubmission(entry, version.version, _received(entry, state), request.department, request.reference,
                        request.contact)
