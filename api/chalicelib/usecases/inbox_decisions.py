"""受領 and 差戻し from the inbox (受付箱), one at a time or many at once.

受領 is a receipt exactly as the verification page records it (receipt_writing.write: the ledger
row, the `receipt` event, the mails to the contractor and the surety), written with the entry
received and a 受領 mail to the submission's contact. 差戻し writes the entry returned with a
`returned` event and a mail giving the reason. Every write expects the entry's revision as read:
two members of staff deciding at once, the second hears submission_changed.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from ..domain import events, inbox_mails, receipts
from ..domain.errors import Conflict, Invalid, PortalError, invalid
from ..domain.errors import Problem as FieldError
from ..domain.formatting import iso_utc, parse_iso_utc
from ..domain.mail_messages import MailText
from ..domain.orderers import Orderer
from ..domain.staff import Staff
from ..domain.submissions import RETURN_REASON_MAX_LINES, Decision, Submission, own_state, reason_as_kept
from ..domain.validation import unusable_characters
from .common import outbox, receipt_writing, staff_activity
from .common.inbox_entries import find, shown_entry
from .common.dependencies import get as deps
from .common.states import live_state, stored_version
from .ports.records import ConditionFailed, OutboxMail

RETURN_NOT_ALLOWED = ("受領を記録した提出は、差し戻せません。記録を誤った場合は、受領台帳から受領の記録を取り消してください"
                      f"（記録から{receipts.WITHDRAWAL_WINDOW // dt.timedelta(hours=1)}時間以内）。")
SUBMISSION_RETURNED = ("この提出は差し戻したため、受領を記録できません。受注者がもう一度提出すると、"
                       "受付箱で受領を記録できるようになります。")
REASON_MISSING = "差戻しの理由を入力してください。"


def _checked(body: dict[str, Any]) -> str | None:
    """The reason as kept (reason_as_kept: lines by LF), once every text is usable. Only the
    reason may hold line breaks; the other fields are one line."""
    reason = reason_as_kept(body["reason"]) if body.get("reason") else None
    problems = unusable_characters({k: body.get(k) for k in ("department", "name", "note")})
    problems += unusable_characters({"reason": reason.replace("\n", "") if reason else None})
    if reason and reason.count("\n") >= RETURN_REASON_MAX_LINES:
        problems.append(FieldError("too_long", f"差戻しの理由は{RETURN_REASON_MAX_LINES}行以内で入力してください。",
                                   "reason"))
    if problems:
        raise Invalid(problems)
    return reason or None


def _mail(to: str, text: MailText, at: str) -> OutboxMail:
    mail = deps().mail
    return OutboxMail(mail.new_mail_id(), to, mail.compose(to, text, parse_iso_utc(at)).as_bytes())


def receive(staff: Staff, submission_id: str, body: dict[str, Any], client: str) -> tuple[dict[str, Any], bool]:
    """({submission, receipt}, whether it was recorded just now). ``body`` as the schema checked it."""
    _checked(body)
    orderer = receipt_writing.receiving_orderer(staff, body["department"])
    return _receive(staff, orderer, submission_id, body["department"], body["name"], body.get("note") or None, client)


def _receive(staff: Staff, orderer: Orderer, submission_id: str, department: str, name: str, note: str | None,
             client: str, deliver: bool = True) -> tuple[dict[str, Any], bool]:
    read = find(staff, submission_id)
    state = live_state(read.guarantee_id)
    if str(read.version) not in state.receipts and read.state == "returned":
        raise Conflict("submission_returned", SUBMISSION_RETURNED)
    version = stored_version(read.guarantee_id, read.version).version

    def with_entry(receipt: dict[str, Any]) -> tuple[tuple[Submission, Submission], list[OutboxMail]]:
        received = read.decided(Decision("received", receipt["recorded_at"], department, name, staff.email))
        text = inbox_mails.received(received, orderer.written_name, receipt["date"])
        return (read, received), [_mail(read.contact.email, text, receipt["recorded_at"])]
    receiving = receipt_writing.Receiving(department, name, note, client, version.terms.orderer_id,
                                         orderer.written_name)
    receipt, newly = receipt_writing.write(staff, version, state, receiving, with_entry, read.submission_id, deliver)
    after = deps().store.submissions.get(submission_id) or read
    return {"submission": shown_entry(after), "receipt": receipt}, newly


def return_(staff: Staff, submission_id: str, body: dict[str, Any], client: str) -> dict[str, Any]:
    """{submission}: returned now, or as it was returned before (nothing written again)."""
    reason = _checked(body)
    if reason is None:
        raise invalid("missing_field", REASON_MISSING, "reason")
    orderer = receipt_writing.receiving_orderer(staff, body["department"])
    returned, _ = _return(staff, orderer, submission_id, body["department"], body["name"], reason, client)
    return returned


def _return(staff: Staff, orderer: Orderer, submission_id: str, department: str, name: str, reason: str,
            client: str, deliver: bool = True) -> tuple[dict[str, Any], bool]:
    d = deps()
    read = find(staff, submission_id)
    state = live_state(read.guarantee_id)
    # A receipt withdrawn on the 受領台帳 leaves the entry pending again (own_state): it can be returned.
    if own_state(read, str(read.version) in state.receipts) == "received":
        raise Conflict("return_not_allowed", RETURN_NOT_ALLOWED)
    if read.state == "returned":
        return {"submission": shown_entry(read, state)}, False
    now = d.clock.now()
    decision = Decision("returned", iso_utc(now), department, name, staff.email, reason)
    returned = read.decided(decision)
    actor = {"kind": "orderer", "client": d.hashes.client_address(client), "department": department, "name": name}
    mails = [_mail(read.contact.email, inbox_mails.returned(returned, orderer.written_name, decision), decision.at)]
    try:
        d.store.submissions.decide(returned, read, events.returned(now, read.version, submission_id, reason, actor),
                                   mails)
    except ConditionFailed as failed:
        if receipt_writing.changed_meanwhile(failed):
            raise receipt_writing.submission_changed() from None
        raise
    for message in mails if deliver else ():
        outbox.deliver(message.mail_id, now)
    staff_activity.note(staff.orderer_id, staff.email, "submission_returned", now, guarantee_id=read.guarantee_id,
                        version=read.version, contract_number=read.contract_number, department=department,
                        name=name, submission_id=submission_id)
    return {"submission": shown_entry(returned, state)}, True


def decide_many(staff: Staff, body: dict[str, Any], client: str) -> dict[str, Any]:
    """受領 or 差戻し of each entry named, each its own write: {results: [one per entry, in order]}.
    What concerns the whole request (the department, a missing reason) refuses it all; what
    concerns one entry refuses that one only. The mails are written with each entry's write and
    left to the outbox sweep: up to 50 entries, each with its mails, must answer within API
    Gateway's 29 seconds (the single-entry routes send theirs at once)."""
    reason = _checked(body)
    action, department, name = body["action"], body["department"], body["name"]
    if action == "return" and reason is None:
        raise invalid("missing_field", REASON_MISSING, "reason")
    orderer = receipt_writing.receiving_orderer(staff, department)
    results = []
    for submission_id in body["submission_ids"]:
        try:
            if action == "receive":
                shown, newly = _receive(staff, orderer, submission_id, department, name, body.get("note") or None,
                                        client, deliver=False)
                outcome = "received" if newly else "unchanged"
            else:
                shown, newly = _return(staff, orderer, submission_id, department, name, reason or "", client,
                                       deliver=False)
                outcome = "returned" if newly else "unchanged"
        except (PortalError, ConditionFailed) as failed:  # this entry only (a conflict, not found, the store busy)
            # A write refused for a reason not named above: this entry changed meanwhile, as far as
            # its staff can tell; the entries before it are written and said so, never lost in a 500.
            refused = failed if isinstance(failed, PortalError) else receipt_writing.submission_changed()
            results.append({"submission_id": submission_id, "outcome": "refused",
                            "error": {"code": refused.code, "message": refused.message}})
            continue
        results.append({"submission_id": submission_id, "outcome": outcome, "submission": shown["submission"]})
    return {"results": results}
