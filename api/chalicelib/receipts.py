"""受領確認: the orderer records that it received a guarantee (once per version), so nobody
has to phone the contractor to confirm the submission arrived."""
from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

from . import clock, events, keyed_hash, mail, store, verification, views
from .errors import PortalError
from .guarantee import format_date_ja, iso_utc, today_in_japan
from .validation import Reader

RECEIPT_FIELDS = frozenset({"department", "name", "note"})


def _not_allowed(status: str) -> PortalError:
    reasons = {"superseded": "この電子保証は変更されています。最新の電子保証で受領を記録してください。",
               "cancelled": "この保証契約は解約されているため、受領を記録できません。",
               "expired": "この電子保証は保証期間が終了しているため、受領を記録できません。"}
    return PortalError("receipt_not_allowed", reasons.get(status, "受領を記録できません。"), 409)


def _message(to: str, certificate: dict, receipt: dict, version: int, now: dt.datetime) -> EmailMessage:
    c = certificate
    who = f"{receipt['orderer']} {receipt['department']}（担当：{receipt['name']}）"
    body = f"""関係者各位

{who}が、{format_date_ja(dt.date.fromisoformat(receipt['date']))}に次の電子保証の受領を記録しました。

  保証の種類　：{c['kind_label']}
  保証契約番号：{c['contract_number']}（第{version}版）
  工事名　　　：{c['project']['name']}
  受注者　　　：{c['contractor']['name']}

提出が届いたことの確認のために、発注者へお電話いただく必要はありません。
このメールは送信専用のアドレスからお送りしています。
"""
    return mail.plain_message(to, f"電子保証の受領確認のお知らせ（保証契約番号：{c['contract_number']}）", body, now)


def read_receipt(body: object) -> tuple[str, str, str, str, str | None]:
    """保証契約番号, 認証キー, 担当部署, 氏名, 備考 (pure: nothing is read from the store)."""
    r = Reader()
    department = name = note = None
    if isinstance(body, dict):
        department = r.text(body, "department", "department", 50)
        name = r.text(body, "name", "name", 50)
        note = r.text(body, "note", "note", 200, required=False)
    number, key, _ = verification.parse_number_and_key(r, body, RECEIPT_FIELDS)
    return number, key, department, name, note


def record(body: object, client_address: str | None) -> tuple[dict, bool]:
    """Returns (the receipt as shown, whether it was recorded just now)."""
    number, key, department, name, note = read_receipt(body)
    version, state, _ = verification.find(number, key, client_address, "receipt")
    already = state.receipts.get(str(version.version))
    if already:
        return views.receipt_view(already), False
    now = clock.now()
    today = today_in_japan(now)
    status = views.status_of(version, state, today)
    if status != "valid":
        raise _not_allowed(status)
    receipt = {"orderer": views.orderer_name(version), "department": department, "name": name,
               "date": today.isoformat(), "recorded_at": iso_utc(now)}
    if note:
        receipt["note"] = note
    certificate = version.certificate(today, status)
    recipients = [a for a in (state.contractor_email, (version.surety_contact or {}).get("email")) if a]
    outbox = [store.OutboxMail(mail.new_mail_id(), to, _message(to, certificate, receipt, version.version, now).as_bytes())
              for to in dict.fromkeys(recipients)]
    actor = {"kind": "orderer", "client": keyed_hash.client_address(client_address or "unknown"),
             "department": department, "name": name}
    try:
        store.record_receipt(version.guarantee_id, number, version.version, receipt,
                             events.receipt(now, version.version, actor), outbox)
    except store.Conflict:
        # Someone recorded it (or the guarantee changed) at the same moment: say which.
        latest = store.get_state(number)
        first = latest.receipts.get(str(version.version)) if latest else None
        if first:
            return views.receipt_view(first), False
        raise _not_allowed(views.status_of(version, latest or state, today)) from None
    for message in outbox:
        mail.deliver(message.mail_id, now)
    return views.receipt_view(receipt), True
