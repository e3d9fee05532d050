"""受領 and 差戻し from the inbox (受付箱), one at a time or many at once.

受領 is a receipt exactly as the verification page records it (receipt_writing.write: the ledger
row, the `receipt` event, the mails to the contractor and the surety), written with the entry
received and a 受領 mail to the submission's contact. 差戻し writes the entry returned with a
`returned` event and a mail giving the reason. Every write expects the entry's revision as read:
two members of staff deciding at once, the second hears submission_changed.
"""
from __future__ import annotations

from typing import Any

from ..domain import events, inbox_mails
from ..domain.errors import Conflict, Invalid, PortalError, invalid
from ..domain.formatting import iso_utc, parse_iso_utc
from ..domain.mail_messages import MailText
from ..domain.orderers import Orderer
from ..domain.staff import Staff
from ..domain.submissions import Decision, Submission
from ..domain.validation import unusable_characters
from .common import orderers, outbox, receipt_writing, staff_activity
from .common.inbox_entries import find, shown_entry
from .common.dependencies import get as deps
from .common.states import live_state, stored_version
from .ports.records import ConditionFailed, OutboxMail

RETURN_NOT_ALLOWED = ("受領を記録した提出は、差し戻せません。記録を誤った場合は、受領台帳から受領の記録を取り消してください"
                      "（記録から24時間以内）。")
SUBMISSION_RETURNED = ("この提出は差し戻したため、受領を記録できません。受注者がもう一度提出すると、"
                       "受付箱で受領を記録できるようになります。")
REASON_MISSING = "差戻しの理由を入力してください。"


def _checked(body: dict[str, Any]) -> None:
    problems = unusable_characters({k: body.get(k) for k in ("department", "name", "note", "reason")})
    if problems:
        raise Invalid(problems)


def _orderer(staff: Staff, department: str) -> Orderer:
    """The staff's orderer, with ``department`` among its departments as the registry has them now."""
    orderer = orderers.find(staff.orderer_id)
    if orderer is None or department not in orderer.departments:
        raise invalid("unknown_department", "担当部署は、一覧から選んでください。", "department")
    return orderer


def _mail(to: str, text: MailText, at: str) -> OutboxMail:
    mail = deps().mail
    return OutboxMail(mail.new_mail_id(), to, mail.compose(to, text, parse_iso_utc(at)).as_bytes())


def receive(staff: Staff, submission_id: str, body: dict[str, Any], client: str) -> tuple[dict[str, Any], bool]:
    """({submission, receipt}, whether it was recorded just now). ``body`` as the schema checked it."""
    _checked(body)
    orderer = _orderer(staff, body["department"])
    return _receive(staff, orderer, submission_id, body["department"], body["name"], body.get("note") or None, client)


def _receive(staff: Staff, orderer: Orderer, submission_id: str, department: str, name: str, note: str | None,
             client: str) -> tuple[dict[str, Any], bool]:
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
    receipt, newly = receipt_writing.write(staff, version, state, receiving, with_entry, read.submission_id)
    after = deps().store.submissions.get(submission_id) or read
    return {"submission": shown_entry(after), "receipt": receipt}, newly


def return_(staff: Staff, submission_id: str, body: dict[str, Any], client: str) -> dict[str, Any]:
    """{submission}: returned now, or as it was returned before (nothing written again)."""
    _checked(body)
    orderer = _orderer(staff, body["department"])
    returned, _ = _return(staff, orderer, submission_id, body["department"], body["name"], body["reason"], client)
    return returned


def _return(staff: Staff, orderer: Orderer, submission_id: str, department: str, name: str, reason: str,
            client: str) -> tuple[dict[str, Any], bool]:
    d = deps()
    read = find(staff, submission_id)
    state = live_state(read.guarantee_id)
    if str(read.version) in state.receipts or read.state == "received":
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
        if failed.what == "submission":
            raise receipt_writing.submission_changed() from None
        raise
    for message in mails:
        outbox.deliver(message.mail_id, now)
    staff_activity.note(staff.orderer_id, staff.email, "submission_returned", now, guarantee_id=read.guarantee_id,
                        version=read.version, contract_number=read.contract_number, department=department,
                        name=name, submission_id=submission_id)
    return {"submission": shown_entry(returned, state)}, True


def decide_many(staff: Staff, body: dict[str, Any], client: str) -> dict[str, Any]:
    """受領 or 差戻し of each entry named, each its own write: {results: [one per entry, in order]}.
    What concerns the whole request (the department, a missing reason) refuses it all; what
    concerns one entry refuses that one only."""
    _checked(body)
    action, department, name = body["action"], body["department"], body["name"]
    reason = body.get("reason") or None
    if action == "return" and reason is None:
        raise invalid("missing_field", REASON_MISSING, "reason")
    orderer = _orderer(staff, department)
    results = []
    for submission_id in body["submission_ids"]:
        try:
            if action == "receive":
                shown, newly = _receive(staff, orderer, submission_id, department, name, body.get("note") or None,
                                        client)
                outcome = "received" if newly else "unchanged"
            else:
                shown, newly = _return(staff, orderer, submission_id, department, name, reason or "", client)
                outcome = "returned" if newly else "unchanged"
        except PortalError as refused:  # this entry only (a conflict, not found, the store busy)
            results.append({"submission_id": submission_id, "outcome": "refused",
                            "error": {"code": refused.code, "message": refused.message}})
            continue
        results.append({"submission_id": submission_id, "outcome": outcome, "submission": shown["submission"]})
    return {"results": results}
