"""E-mail: the messages the portal sends (発行完了のお知らせ to the contractor, 受領確認のお知らせ)
and the transports that send them.

Production sends through Amazon SES (sesv2); locally the same MIME message is written to a
directory (`.local/outbox/*.eml`). Delivery through the outbox is usecases/common/outbox.py.
No message ever contains a 認証キー.
"""
from __future__ import annotations

import datetime as dt
import os
import uuid
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from ..domain.formatting import date_ja, yen_ja
from .config import settings

COMPLETION_SUBJECT = "電子保証（認証キー）発行完了のお知らせ"
COMPLETION_SUBJECT_AMENDED = "電子保証（認証キー）変更完了のお知らせ"


def _contact_line(contact: dict | None, surety_name: str) -> str:
    if not contact:
        return f"{surety_name}（お申込みの窓口）までお問い合わせください。"
    parts = [surety_name, contact.get("department", "")]
    line = " ".join(p for p in parts if p)
    details = [f"電話 {contact['phone']}" if contact.get("phone") else "",
               f"メール {contact['email']}" if contact.get("email") else "",
               f"（{contact['hours']}）" if contact.get("hours") else ""]
    return line + "\n  " + "　".join(d for d in details if d)


def _subject(title: str, c: dict) -> str:
    # Some orderers file mail by their own 工事番号: it goes in the subject when there is one.
    number = f"／工事番号：{c['project']['number']}" if c["project"].get("number") else ""
    return f"{title}（保証契約番号：{c['contract_number']}{number}）"


def completion_notice(to: str, certificate: dict, surety_contact: dict | None, now: dt.datetime,
                      amendment: dict | None = None) -> EmailMessage:
    """The message a contractor asked for when applying (電子保証発行完了のお知らせ: 希望する);
    for a later version (``amendment``), the message that the 変更 is done."""
    c = certificate
    orderer = c["orderer"]["name"]
    if amendment:
        version = f"第{c['version']}版"
        changed = "\n".join(f"  {ch['label']}：{ch['before']} → {ch['after']}" for ch in amendment.get("changes") or [])
        what = f"""お申込みいただいた電子保証の変更手続きが完了しましたので、お知らせいたします（{version}）。

  保証の種類　：{c['kind_label']}
  保証契約番号：{c['contract_number']}（{version}）
  変更日　　　：{date_ja(amendment['effective_date'])}
  発注者　　　：{orderer}
  工事名　　　：{c['project']['name']}

■ 変更の内容
{changed}
"""
        download = f"""1. 保証会社のインターネットサービス（ネットデスク等）の保証契約一覧から、
   変更後の「電子保証にかかる「認証キー」のお知らせ」（{version}・PDF）をダウンロードしてください。
   変更後の版には新しい認証キーが記載されています。以前の版のお知らせは提出しないでください。"""
        subject = _subject(f"{COMPLETION_SUBJECT_AMENDED}（{version}）", c)
    else:
        what = f"""お申込みいただいた電子保証の発行手続きが完了しましたので、お知らせいたします。

  保証の種類　：{c['kind_label']}
  保証契約番号：{c['contract_number']}
  保証金額　　：{yen_ja(c['amount'])}
  発注者　　　：{orderer}
  工事名　　　：{c['project']['name']}
  発行日　　　：{date_ja(c['issue_date'])}
"""
        download = """1. 保証会社のインターネットサービス（ネットデスク等）の保証契約一覧から、
   「電子保証にかかる「認証キー」のお知らせ」（PDF）をダウンロードしてください。"""
        subject = _subject(COMPLETION_SUBJECT, c)
    body = f"""{c['contractor']['name']} 御中

{c['surety']['name']}です。
{what}
■ 今後のお手続き
{download}
2. ダウンロードしたPDFを電子メールに添付し、ほかの必要書類と合わせて
   発注者（{orderer}）へ提出してください。
   電子保証の画面を印刷したものや画面の写しは、提出書類としてご利用いただけません。

このメールには認証キーを記載していません。認証キーは上記のお知らせ（PDF）でご確認ください。
このメールは送信専用のアドレスからお送りしています。

■ お問い合わせ先
  {_contact_line(surety_contact, c['surety']['name'])}
"""
    return plain_message(to, subject, body, now)


def sign_in_code(to: str, orderer_name: str, code: str, valid_for: dt.timedelta, now: dt.datetime,
                 replaces_guessed: bool = False) -> EmailMessage:
    """The one-time code a member of an orderer's staff signs in with; ``replaces_guessed``: sent
    unasked, because the previous code took too many wrong entries (staff_sign_in.py)."""
    minutes = int(valid_for.total_seconds() // 60)
    why = ("誤った確認コードの入力が続いたため、先にお送りした確認コードは使えなくしました。"
           "サインインするときは、このメールの新しい確認コードをお使いください。\n"
           "どなたかが確認コードを推測して入力している可能性があります。確認コードはこのメールアドレスにだけ届きますので、"
           "このメールをほかの方に転送しないでください。\n\n"
           if replaces_guessed else "")
    body = f"""{orderer_name} ご担当者様

{why}電子保証ポータルへのサインインの確認コードをお送りします。

  確認コード：{code}

サインインの画面にこの8桁の数字を入力してください。確認コードの有効期限は{minutes}分で、1回だけ使えます。
このコードをほかの人に教えないでください。ポータルの職員が確認コードをお尋ねすることはありません。

このメールに心当たりがない場合は、何もせずに削除してください（どなたかがメールアドレスを誤って入力した可能性があります）。
このメールは送信専用のアドレスからお送りしています。
"""
    return plain_message(to, "電子保証ポータル サインインの確認コード", body, now)


def staff_change_notice(to: str, certificate: dict, what: str, advice: str, now: dt.datetime) -> EmailMessage:
    """To the member of staff who recorded 受領: the guarantee changed since (never a key)."""
    c = certificate
    body = f"""{c['orderer']['name']} ご担当者様

受領を記録された電子保証について、お知らせします。

  保証契約番号：{c['contract_number']}
  工事名　　　：{c['project']['name']}
  受注者　　　：{c['contractor']['name']}
  保証の種類　：{c['kind_label']}

■ {what}

{advice}
電子保証ポータルの受領台帳でも、この保証の状態を確認できます。
このメールには認証キーを記載していません。このメールは送信専用のアドレスからお送りしています。
"""
    return plain_message(to, f"受領済みの電子保証の{what.split('（')[0]}のお知らせ（保証契約番号：{c['contract_number']}）",
                         body, now)


def receipt_notice(to: str, certificate: dict, receipt: dict, version: int, now: dt.datetime) -> EmailMessage:
    """To the contractor and the surety: the orderer recorded that it received the guarantee."""
    c = certificate
    who = f"{receipt['orderer']} {receipt['department']}（担当：{receipt['name']}）"
    body = f"""関係者各位

{who}が、{date_ja(receipt['date'])}に次の電子保証の受領を記録しました。

  保証の種類　：{c['kind_label']}
  保証契約番号：{c['contract_number']}（第{version}版）
  工事名　　　：{c['project']['name']}
  受注者　　　：{c['contractor']['name']}

提出が届いたことの確認のために、発注者へお電話いただく必要はありません。
このメールは送信専用のアドレスからお送りしています。
"""
    return plain_message(to, f"電子保証の受領確認のお知らせ（保証契約番号：{c['contract_number']}）", body, now)


def receipt_withdrawn_notice(to: str, certificate: dict, receipt: dict, version: int,
                             now: dt.datetime) -> EmailMessage:
    """To the contractor and the surety: a receipt recorded by mistake was withdrawn."""
    c = certificate
    body = f"""関係者各位

{receipt['orderer']} {receipt['department']}が、{date_ja(receipt['date'])}に記録した次の電子保証の受領確認を取り消しました
（誤って記録したためです）。

  保証の種類　：{c['kind_label']}
  保証契約番号：{c['contract_number']}（第{version}版）
  工事名　　　：{c['project']['name']}
  受注者　　　：{c['contractor']['name']}

提出の状況は、発注者にご確認ください。
このメールは送信専用のアドレスからお送りしています。
"""
    return plain_message(to, f"電子保証の受領確認の取り消しのお知らせ（保証契約番号：{c['contract_number']}）", body, now)


def wrong_keys_notice(to: str, certificate: dict, count: int, window_end: dt.datetime, counted_at: dt.datetime,
                      now: dt.datetime) -> EmailMessage:
    """To the surety: many wrong 認証キー for one of its numbers within the hour (never a key).
    At most one an hour per surety: further numbers that hour are only in the event logs."""
    c = certificate
    jst = dt.timezone(dt.timedelta(hours=9))
    start = window_end.astimezone(jst) - dt.timedelta(hours=1)
    body = f"""{c['surety']['name']} ご担当者様

次の保証契約番号について、{date_ja(start.date())} {start:%H時%M分}から{counted_at.astimezone(jst):%H時%M分}までの間に、
誤った認証キーによる確認が{count}回ありました。

  保証契約番号：{c['contract_number']}
  工事名　　　：{c['project']['name']}
  受注者　　　：{c['contractor']['name']}
  発注者　　　：{c['orderer']['name']}

正しい認証キーでの確認は、これまでどおり行えます（誤った認証キーは、接続元ごとに回数を制限しています）。
別の電子保証の認証キーを取り違えて入力した場合のほか、第三者が認証キーを推測しようとしている可能性があります。
認証キーは十分に長く、推測で当てられることはまずありませんが、お心当たりがない場合は、受注者に
「認証キーのお知らせ」の取り扱いをご確認ください。
このお知らせは1時間に1通までです。同じ時間にほかの保証契約番号でも続いた場合は、API のイベントログ
（種類 lockout）に記録しています。
このメールには認証キーを記載していません。このメールは送信専用のアドレスからお送りしています。
"""
    return plain_message(to, f"誤った認証キーによる確認が続いています（保証契約番号：{c['contract_number']}）", body, now)


def plain_message(to: str, subject: str, body: str, now: dt.datetime) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    mail_from = settings().mail_from
    message["From"] = mail_from
    message["To"] = to
    message["Date"] = format_datetime(now.astimezone(dt.timezone.utc))
    message["Message-ID"] = make_msgid(domain=mail_from.rsplit("@", 1)[-1].rstrip(">"))
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
        self.client = boto3.client("sesv2", region_name=settings().region)

    def send(self, mail_id: str, to: str, raw: bytes) -> None:
        self.client.send_email(
            FromEmailAddress=settings().mail_from,
            Destination={"ToAddresses": [to]},
            Content={"Raw": {"Data": raw}},
        )


_transport = None


def transport():
    global _transport
    if _transport is None:
        outbox_dir = settings().outbox_dir
        _transport = DirectoryTransport(outbox_dir) if outbox_dir else SesTransport()
    return _transport


def set_transport(value) -> None:
    """Tests only: replace the transport (None: back to the configured one)."""
    global _transport
    _transport = value
