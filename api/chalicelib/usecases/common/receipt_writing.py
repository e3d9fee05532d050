"""Writing a receipt (受領): one statement for the verification page (usecases/record_receipt.py)
and the inbox (usecases/inbox_decisions.py), so a 受領 from the inbox is exactly the receipt the
verification page records — the ledger row, the `receipt` event, the mails to the contractor and
the surety — with, from the inbox, its entry received in the same write."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...domain import events, mail_messages, views
from ...domain.errors import Conflict, invalid
from ...domain.formatting import iso_utc, today_in_japan
from ...domain.guarantee import Version
from ...domain.orderers import Orderer
from ...domain.staff import Staff
from ...domain.submissions import Submission
from ...domain.views import GuaranteeState
from ..ports.records import ConditionFailed, OutboxMail
from . import orderers, outbox, staff_activity
from .certificates import certificate as certificate_of
from .dependencies import get as deps
from .states import live_state


SUBMISSION_CHANGED = "ほかの方が先にこの提出を処理しました。受付箱を読み込み直して、状態を確かめてください。"


def not_allowed(status: str) -> Conflict:
    reasons = {"superseded": "この電子保証は変更されています。最新の電子保証で受領を記録してください。",
               "cancelled": "この保証契約は解約されているため、受領を記録できません。",
               "expired": "この電子保証は保証期間が終了しているため、受領を記録できません。"}
    return Conflict("receipt_not_allowed", reasons.get(status, "受領を記録できません。"))


def ledger_entry(version: Version, receipt: dict[str, Any], submission: Submission | None = None) -> dict[str, Any]:
    """The row of the orderer's 受領台帳: what the paper register said, fixed at receipt. Received
    from the inbox, the row keeps the 受付番号 and the orderer's own 工事番号・契約番号 the contractor
    typed, so the register can be matched with the inbox and the orderer's own files."""
    t = version.terms
    from_inbox = {"submission_id": submission.submission_id, "orderer_reference": submission.reference} \
        if submission is not None else {}
    return {**from_inbox, "guarantee_id": version.guarantee_id, "version": version.version, "contract_number": t.contract_number,
            "kind": t.kind, "project_name": t.project.name, "project_number": t.project.number,
            "contractor": t.contractor.name, "amount": t.amount, "guarantee_period": t.guarantee_period.as_dict(),
            "surety_name": version.surety_name,
            # What the register's checks need (domain/contract_checks.py), kept on the row so a page
            # of the register is checked without reading each version (issue 30).
            "contract_price": t.project.contract_price, "works_period": t.project.period.as_dict(),
            "advance_amount": t.advance.amount if t.advance else None,
            "department": receipt["department"], "name": receipt["name"], "staff": receipt["staff"],
            "date": receipt["date"], "recorded_at": receipt["recorded_at"],
            **({"note": receipt["note"]} if receipt.get("note") else {})}


def receiving_orderer(staff: Staff, department: str) -> Orderer:
    """The staff's orderer, with ``department`` among its departments as the registry has them now
    (the verification page's receipt and the inbox's 受領・差戻し check it alike)."""
    orderer = orderers.find(staff.orderer_id)
    if orderer is None or department not in orderer.departments:
        raise invalid("unknown_department", "担当部署は、一覧から選んでください。", "department")
    return orderer


def recipients(version: Version, state: GuaranteeState) -> list[str]:
    return list(dict.fromkeys(a for a in (state.contractor_email, (version.surety_contact or {}).get("email")) if a))


@dataclass(frozen=True)
class Receiving:
    """Who records a receipt, and into which 受領台帳 (the version's orderer, or its predecessor's)."""
    department: str
    name: str
    note: str | None
    client: str
    ledger_of: str
    orderer_name: str


# From the inbox: given the receipt being written, (the entry as read, the entry received) and the
# mails of the entry (to its contact), written with the receipt.
WithEntry = Callable[[dict[str, Any]], tuple[tuple[Submission, Submission], list[OutboxMail]]]


def write(staff: Staff, version: Version, state: GuaranteeState, receiving: Receiving,
          with_entry: WithEntry | None = None, submission_id: str | None = None,
          deliver: bool = True) -> tuple[dict[str, Any] | None, bool]:
    """A receipt of ``version`` as the verification page and the inbox both record it (the ledger
    row, the `receipt` event, the mails to the contractor and the surety): (the receipt as shown,
    whether it was recorded just now). ConditionFailed("submission") of the inbox's entry, or
    ("transaction") with an entry (two writes colliding, DynamoDB), is Conflict("submission_changed").
    ``deliver``: send the mails now (else the outbox sweep sends them, as written)."""
    named = receiving.orderer_name
    already = state.receipts.get(str(version.version))
    if already:
        return views.receipt_view(already, named), False
    d = deps()
    store, mail = d.store, d.mail
    now = d.clock.now()
    today = today_in_japan(now)
    status = views.status_of(version, state, today)
    if status != "valid":
        raise not_allowed(status)
    department, name = receiving.department, receiving.name
    receipt: dict[str, Any] = {"orderer": named, "department": department, "name": name,
               "date": today.isoformat(), "recorded_at": iso_utc(now), "staff": staff.email}
    if receiving.note:
        receipt["note"] = receiving.note
    entry, entry_mails = with_entry(receipt) if with_entry is not None else (None, [])
    told = {m.to for m in entry_mails}  # the contact hears once, by the inbox's own mail
    certificate = certificate_of(version, today, status)
    outbox_mails = [OutboxMail(mail.new_mail_id(), to,
                               mail.compose(to, mail_messages.receipt_notice(certificate, receipt, version.version),
                                            now).as_bytes())
                    for to in recipients(version, state) if to not in told] + entry_mails
    actor = {"kind": "orderer", "client": d.hashes.client_address(receiving.client),
             "department": department, "name": name}
    try:
        store.guarantees.record_receipt(version.guarantee_id, state.surety_id, version.version, receipt,
                                        events.receipt(now, version.version, actor, submission_id), outbox_mails,
                                        (receiving.ledger_of, ledger_entry(version, receipt, entry[1] if entry else None)), entry)
    except ConditionFailed as failed:
        if changed_meanwhile(failed) and entry is not None:
            raise submission_changed() from None
        # Someone recorded it (or the guarantee changed) at the same moment: say which.
        latest = live_state(version.guarantee_id)
        first = latest.receipts.get(str(version.version)) if latest else None
        if first:
            return views.receipt_view(first, named), False
        raise not_allowed(views.status_of(version, latest or state, today)) from None
    for message in outbox_mails if deliver else ():
        outbox.deliver(message.mail_id, now)
    staff_activity.note(staff.orderer_id, staff.email, "receipt_recorded", now, guarantee_id=version.guarantee_id,
                        version=version.version, contract_number=version.terms.contract_number,
                        department=department, name=name, submission_id=submission_id)
    return views.receipt_view(receipt, named), True


def submission_changed() -> Conflict:
    return Conflict("submission_changed", SUBMISSION_CHANGED)


def changed_meanwhile(failed: ConditionFailed) -> bool:
    """An inbox entry's write refused because it changed since it was read ("submission"), or
    because another write hit the same items at the same instant ("transaction", DynamoDB only):
    either way someone else acted first, and the entry is to be read again."""
    return failed.what in ("submission", "transaction")
