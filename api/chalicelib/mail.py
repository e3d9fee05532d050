"""E-mail: the 「電子保証（認証キー）発行完了のお知らせ」 to the contractor, and its delivery.

Messages are written to a transactional outbox together with the guarantee (store), then
delivered: right after issuance, and again by a periodic sweep for whatever failed.
Production delivers through Amazon SES (sesv2); locally the same MIME message is written
to a directory (`.local/outbox/*.eml`). A failure to send is logged and retried; it never
fails or repeats the issuance. No message ever contains a 認証キー.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import uuid
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from . import store
from .config import SETTINGS
from .guarantee import format_date_ja

log = logging.getLogger("portal.mail")

COMPLETION_SUBJECT = "電子保証（認証キー）発行完了のお知らせ"
MAX_ATTEMPTS = 8


def _contact_line(contact: dict | None, surety_name: str) -> str:
    if not contact:
        return f"{surety_name}（お申込みの窓口）までお問い合わせください。"
    parts = [surety_name, contact.get("department", "")]
    line = " ".join(p for p in parts if p)
    details = [f"電話 {contact['phone']}" if contact.get("phone") else "",
               f"メール {contact['email']}" if contact.get("email") else "",
               f"（{contact['hours']}）" if contact.get("hours") else ""]
    return line + "\n  " + "　".join(d for d in details if d)


def completion_notice(to: str, certificate: dict, surety_contact: dict | None, now: dt.datetime) -> EmailMessage:
    """The message a contractor asked for when applying (電子保証発行完了のお知らせ: 希望する)."""
    c = certificate
    orderer = c["orderer"]["name"]
    body = f"""{c['contractor']['name']} 御中

{c['surety']['name']}です。
お申込みいただいた電子保証の発行手続きが完了しましたので、お知らせいたします。

  保証の種類　：{c['kind_label']}
  保証契約番号：{c['contract_number']}
  保証金額　　：{c['amount']:,}円
  発注者　　　：{orderer}
  工事名　　　：{c['project']['name']}
  発行日　　　：{format_date_ja(dt.date.fromisoformat(c['issue_date']))}

■ 今後のお手続き
1. 保証会社のインターネットサービス（ネットデスク等）の保証契約一覧から、
   「電子保証にかかる「認証キー」のお知らせ」（PDF）をダウンロードしてください。
2. ダウンロードしたPDFを電子メールに添付し、ほかの必要書類と合わせて
   発注者（{orderer}）へ提出してください。
   電子保証の画面を印刷したものや画面の写しは、提出書類としてご利用いただけません。

このメールには認証キーを記載していません。認証キーは上記のお知らせ（PDF）でご確認ください。
このメールは送信専用のアドレスからお送りしています。

■ お問い合わせ先
  {_contact_line(surety_contact, c['surety']['name'])}
"""
    return plain_message(to, f"{COMPLETION_SUBJECT}（保証契約番号：{c['contract_number']}）", body, now)


def plain_message(to: str, subject: str, body: str, now: dt.datetime) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = SETTINGS.mail_from
    message["To"] = to
    message["Date"] = format_datetime(now.astimezone(dt.timezone.utc))
    message["Message-ID"] = make_msgid(domain=SETTINGS.mail_from.rsplit("@", 1)[-1].rstrip(">"))
    # Tells mail systems not to auto-reply (vacation notices) to a machine.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body, charset="utf-8")
    return message


def new_mail_id() -> str:
    return uuid.uuid4().hex


# ---- transports -------------------------------------------------------------------------

class DirectoryTransport:
    """Local development: each message becomes an .eml file a mail client can open."""

    def __init__(self, directory: str):
        self.directory = Path(directory)

    def send(self, mail_id: str, to: str, raw: bytes) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        final = self.directory / f"{stamp}-{mail_id}.eml"
        partial = final.with_suffix(".part")
        partial.write_bytes(raw)
        os.replace(partial, final)  # readers never see half a message


class SesTransport:
    """Production: Amazon SES v2, raw MIME so the message is exactly what was stored."""

    def __init__(self):
        import boto3  # only where mail is actually sent
        self.client = boto3.client("sesv2", region_name=SETTINGS.region)

    def send(self, mail_id: str, to: str, raw: bytes) -> None:
        self.client.send_email(
            FromEmailAddress=SETTINGS.mail_from,
            Destination={"ToAddresses": [to]},
            Content={"Raw": {"Data": raw}},
        )


_transport = None


def transport():
    global _transport
    if _transport is None:
        _transport = DirectoryTransport(SETTINGS.outbox_dir) if SETTINGS.outbox_dir else SesTransport()
    return _transport


def set_transport(value) -> None:
    """Tests only: replace the transport (None: back to the configured one)."""
    global _transport
    _transport = value


# ---- delivery ---------------------------------------------------------------------------

def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=min(2 ** attempts, 60))


def deliver(mail_id: str, now: dt.datetime) -> bool:
    """Try to send one outbox message. True if sent now; never raises."""
    try:
        claimed = store.claim_mail(mail_id, now)
        if claimed is None:
            return False  # sent already, or another worker holds it
        transport().send(mail_id, claimed.to, claimed.raw)
    except Exception as e:  # noqa: BLE001 - delivery must never break the caller
        log.warning("mail %s not sent: %s", mail_id, type(e).__name__)
        try:
            attempts = store.mail_attempts(mail_id)
            store.release_mail(mail_id, type(e).__name__, now + _backoff(attempts),
                               give_up=attempts >= MAX_ATTEMPTS)
        except Exception as inner:  # noqa: BLE001 - the lease expires on its own
            log.warning("mail %s not released: %s", mail_id, type(inner).__name__)
        return False
    try:
        store.mark_mail_sent(mail_id, now)
    except Exception as e:  # noqa: BLE001
        # Sent but not marked: the lease expires and it may be sent once more (at least once).
        log.warning("mail %s sent but not marked: %s", mail_id, type(e).__name__)
    return True


def deliver_pending(now: dt.datetime, limit: int = 50) -> int:
    """The periodic sweep: send every message that is due. Returns how many were sent."""
    return sum(deliver(mail_id, now) for mail_id in store.due_mail_ids(now, limit))
