"""受領確認: the orderer records that it received a guarantee (once per version), so nobody
has to phone the contractor to confirm the submission arrived."""
from __future__ import annotations

from typing import Any

from ..domain import events, mail_messages, receipts
from ..domain.errors import Conflict, Forbidden, NotFound
from ..domain.formatting import parse_iso_utc, today_in_japan
from ..domain.guarantee import Version
from ..domain.receipts import read_receipt
from ..domain.staff import Staff
from ..domain.views import GuaranteeState
from .common import key_access, outbox, staff_activity
from .common.certificates import certificate as certificate_of
from .common.dependencies import get as deps
from .common.ledgers import find_entry, ledger_ids
from .common.receipt_writing import Receiving, receiving_orderer, recipients, write
from .common.states import live_state, stored_version
from .ports.records import ConditionFailed, OutboxMail


def _withdrawal_recipients(version: Version, state: GuaranteeState, ledger_id: str) -> list[str]:
    """Who hears that a receipt was withdrawn: those told of it (recipients), and the contact of the
    inbox entry of that version (電子提出), who was told of its 受領 — one copy each."""
    entry = deps().store.submissions.of_guarantee(ledger_id, version.guarantee_id)
    contact = [entry.contact.email] if entry is not None and entry.version == version.version else []
    return list(dict.fromkeys([*recipients(version, state), *contact]))


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
             for to in _withdrawal_recipients(version, state, ledger_id)]
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
    orderer = receiving_orderer(staff, department)
    signed, state = key_access.find(number, key, client, "receipt")
    version = signed.version
    # After a merger the successor's staff receive what was addressed to a predecessor, into the
    # predecessor's 受領台帳 (which they read as their own): nobody else could any longer.
    ledger_of = version.terms.orderer_id
    if ledger_of not in ledger_ids(staff):
        raise Forbidden("この保証契約の発注者の職員ではないため、受領を記録できません。"
                        "発注者あての電子保証か、サインインしたメールアドレスをご確認ください。", code="wrong_orderer")
    return write(staff, version, state, Receiving(department, name, note, client, ledger_of, orderer.written_name))
