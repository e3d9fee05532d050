"""受領確認: the orderer records that it received a guarantee (once per version), so nobody
has to phone the contractor to confirm the submission arrived."""
from __future__ import annotations

from typing import Any

from ..domain import events, mail_messages, receipts, views
from ..domain.errors import Conflict, Forbidden, NotFound, invalid
from ..domain.formatting import iso_utc, parse_iso_utc, today_in_japan
from ..domain.guarantee import Version
from ..domain.receipts import read_receipt
from ..domain.staff import Staff
from ..domain.views import GuaranteeState
from .common import key_access, orderers, outbox, staff_activity
from .common.certificates import certificate as certificate_of
from .common.dependencies import get as deps
from .common.ledgers import find_entry, ledger_ids
from .common.states import live_state, stored_version
from .ports.records import ConditionFailed, OutboxMail


def _not_allowed(status: str) -> Conflict:
    reasons = {"superseded": "この電子保証は変更されています。最新の電子保証で受領を記録してください。",
               "cancelled": "この保証契約は解約されているため、受領を記録できません。",
               "expired": "この電子保証は保証期間が終了しているため、受領を記録できません。"}
    return Conflict("receipt_not_allowed", reasons.get(status, "受領を記録できません。"))


def ledger_entry(version: Version, receipt: dict[str, Any]) -> dict[str, Any]:
    """The row of the orderer's 受領台帳: what the paper register said, fixed at receipt."""
    t = version.terms
    return {"guarantee_id": version.guarantee_id, "version": version.version, "contract_number": t.contract_number,
            "kind": t.kind, "project_name": t.project.name, "project_number": t.project.number,
            "contractor": t.contractor.name, "amount": t.amount, "guarantee_period": t.guarantee_period.as_dict(),
            "surety_name": version.surety_name,
            "department": receipt["department"], "name": receipt["name"], "staff": receipt["staff"],
            "date": receipt["date"], "recorded_at": receipt["recorded_at"]}


def _recipients(version: Version, state: GuaranteeState) -> list[str]:
    return list(dict.fromkeys(a for a in (state.contractor_email, (version.surety_contact or {}).get("email")) if a))


def withdraw(staff: Staff, guarantee_id: str, version_number: int, department: str) -> None:
    """Take back a receipt recorded by mistake: its own department, within receipts.WITHDRAWAL_WINDOW;
    the event log keeps both, and the contractor and the surety are told."""
    d = deps()
    store, mail = d.store, d.mail
    now = d.clock.now()
    found = find_entry(staff, guarantee_id, version_number)
    if found is None:
        raise NotFound("not_found", "この受領の記録は見つかりません。")
    ledger_id, entry = found
    if department != entry["department"]:
        raise Forbidden(f"受領を記録した担当部署（{entry['department']}）だけが取り消せます。", code="wrong_department")
    # Accounts are not bound to a department: the one who recorded it stands for its department.
    if staff.email != entry["staff"]:
        raise Forbidden("受領の記録を取り消せるのは、記録した職員の方だけです。", code="not_recorder")
    if now > receipts.withdrawal_deadline(parse_iso_utc(entry["recorded_at"])):
        raise Conflict("withdrawal_period_over", receipts.WITHDRAWAL_PERIOD_OVER)
    version = stored_version(guarantee_id, version_number).version
    state = live_state(guarantee_id)
    receipt = state.receipts.get(str(version_number))
    if receipt is None:
        raise NotFound("not_found", "この受領の記録は見つかりません。")
    certificate = certificate_of(version, today_in_japan(now))
    mails = [OutboxMail(mail.new_mail_id(), to,
                        mail.compose(to, mail_messages.receipt_withdrawn_notice(certificate, receipt, version_number,
                                                                                today_in_japan(now)),
                                     now).as_bytes())
             for to in _recipients(version, state)]
    actor = {"kind": "orderer", "client": d.hashes.client_address(f"staff:{staff.email}"),
             "department": department, "name": receipt["name"]}  # the same account that recorded it
    try:
        store.guarantees.withdraw_receipt(guarantee_id, state.surety_id, version_number, ledger_id,
                                          receipt["recorded_at"], events.receipt_withdrawn(now, version_number, actor), mails)
    except ConditionFailed:
        raise NotFound("not_found", "この受領の記録は見つかりません。") from None
    for message in mails:
        outbox.deliver(message.mail_id, now)
    staff_activity.note(staff.orderer_id, staff.email, "receipt_withdrawn", now, guarantee_id=guarantee_id,  # orderer-admin
                        version=version_number, contract_number=version.terms.contract_number, department=department)


def record(body: dict[str, Any], staff: Staff, client: str) -> tuple[dict[str, Any] | None, bool]:
    """Returns (the receipt as shown, whether it was recorded just now). ``staff`` is the
    signed-in member of the orderer's staff who records it."""
    number, key, department, name, note = read_receipt(body)
    orderer = orderers.find(staff.orderer_id)  # its departments as the registry has them now
    if orderer is None or department not in orderer.departments:
        raise invalid("unknown_department", "担当部署は、一覧から選んでください。", "department")
    signed, state = key_access.find(number, key, client, "receipt")
    version = signed.version
    # After a merger the successor's staff receive what was addressed to a predecessor, into the
    # predecessor's 受領台帳 (which they read as their own): nobody else could any longer.
    ledger_of = version.terms.orderer_id
    if ledger_of not in ledger_ids(staff):
        raise Forbidden("この保証契約の発注者の職員ではないため、受領を記録できません。"
                        "発注者あての電子保証か、サインインしたメールアドレスをご確認ください。", code="wrong_orderer")
    named = orderer.written_name
    already = state.receipts.get(str(version.version))
    if already:
        return views.receipt_view(already, named), False
    d = deps()
    store, mail = d.store, d.mail
    now = d.clock.now()
    today = today_in_japan(now)
    status = views.status_of(version, state, today)
    if status != "valid":
        raise _not_allowed(status)
    receipt: dict[str, Any] = {"orderer": named, "department": department, "name": name,
               "date": today.isoformat(), "recorded_at": iso_utc(now), "staff": staff.email}
    if note:
        receipt["note"] = note
    certificate = certificate_of(version, today, status)
    outbox_mails = [OutboxMail(mail.new_mail_id(), to,
                               mail.compose(to, mail_messages.receipt_notice(certificate, receipt, version.version),
                                            now).as_bytes())
                    for to in _recipients(version, state)]
    actor = {"kind": "orderer", "client": d.hashes.client_address(client),
             "department": department, "name": name}
    try:
        store.guarantees.record_receipt(version.guarantee_id, state.surety_id, version.version, receipt,
                                        events.receipt(now, version.version, actor), outbox_mails,
                                        (ledger_of, ledger_entry(version, receipt)))
    except ConditionFailed:
        # Someone recorded it (or the guarantee changed) at the same moment: say which.
        latest = live_state(version.guarantee_id)
        first = latest.receipts.get(str(version.version)) if latest else None
        if first:
            return views.receipt_view(first, named), False
        raise _not_allowed(views.status_of(version, latest or state, today)) from None
    for message in outbox_mails:
        outbox.deliver(message.mail_id, now)
    staff_activity.note(staff.orderer_id, staff.email, "receipt_recorded", now, guarantee_id=version.guarantee_id,
                        version=version.version, contract_number=version.terms.contract_number,
                        department=department, name=name)
    return views.receipt_view(receipt, named), True
