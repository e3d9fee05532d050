"""受領確認: the orderer records that it received a guarantee (once per version), so nobody
has to phone the contractor to confirm the submission arrived."""
from __future__ import annotations

from ..adapters import clock, keyed_hash, mail, store
from ..domain import events, views
from ..domain.errors import Conflict, Forbidden, invalid
from ..domain.staff import Staff
from ..domain.formatting import iso_utc, today_in_japan
from ..domain.receipts import read_receipt
from .common import key_access, outbox


def _not_allowed(status: str) -> Conflict:
    reasons = {"superseded": "この電子保証は変更されています。最新の電子保証で受領を記録してください。",
               "cancelled": "この保証契約は解約されているため、受領を記録できません。",
               "expired": "この電子保証は保証期間が終了しているため、受領を記録できません。"}
    return Conflict("receipt_not_allowed", reasons.get(status, "受領を記録できません。"))


def ledger_entry(version, receipt: dict) -> dict:
    """The row of the orderer's 受領台帳: what the paper register said, fixed at receipt."""
    t = version.terms
    return {"guarantee_id": version.guarantee_id, "version": version.version, "contract_number": t.contract_number,
            "kind": t.kind, "project_name": t.project.name, "project_number": t.project.number,
            "contractor": t.contractor.name, "amount": t.amount, "guarantee_period": t.guarantee_period.as_dict(),
            "department": receipt["department"], "name": receipt["name"], "staff": receipt["staff"],
            "date": receipt["date"], "recorded_at": receipt["recorded_at"]}


def record(body: object, staff: Staff, client: str) -> tuple[dict, bool]:
    """Returns (the receipt as shown, whether it was recorded just now). ``staff`` is the
    signed-in member of the orderer's staff who records it."""
    number, key, department, name, note = read_receipt(body)
    orderer = staff.orderer
    if orderer is None or department not in orderer.departments:
        raise invalid("unknown_department", "担当部署は、一覧から選んでください。", "department")
    version, state, _ = key_access.find(number, key, client, "receipt")
    if version.terms.orderer_id != staff.orderer_id:
        raise Forbidden("この保証契約の発注者の職員ではないため、受領を記録できません。"
                        "発注者あての電子保証か、サインインしたメールアドレスをご確認ください。", code="wrong_orderer")
    already = state.receipts.get(str(version.version))
    if already:
        return views.receipt_view(already), False
    now = clock.now()
    today = today_in_japan(now)
    status = views.status_of(version, state, today)
    if status != "valid":
        raise _not_allowed(status)
    receipt = {"orderer": views.orderer_name(version), "department": department, "name": name,
               "date": today.isoformat(), "recorded_at": iso_utc(now), "staff": staff.email}
    if note:
        receipt["note"] = note
    certificate = version.certificate(today, status)
    recipients = [a for a in (state.contractor_email, (version.surety_contact or {}).get("email")) if a]
    outbox_mails = [store.OutboxMail(mail.new_mail_id(), to,
                                     mail.receipt_notice(to, certificate, receipt, version.version, now).as_bytes())
              for to in dict.fromkeys(recipients)]
    actor = {"kind": "orderer", "client": keyed_hash.client_address(client),
             "department": department, "name": name}
    try:
        store.record_receipt(version.guarantee_id, number, version.version, receipt,
                             events.receipt(now, version.version, actor), outbox_mails,
                             (staff.orderer_id, ledger_entry(version, receipt)))
    except store.ConditionFailed:
        # Someone recorded it (or the guarantee changed) at the same moment: say which.
        latest = store.get_state(number)
        first = latest.receipts.get(str(version.version)) if latest else None
        if first:
            return views.receipt_view(first), False
        raise _not_allowed(views.status_of(version, latest or state, today)) from None
    for message in outbox_mails:
        outbox.deliver(message.mail_id, now)
    return views.receipt_view(receipt), True
