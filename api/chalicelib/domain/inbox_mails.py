"""What the inbox (受付箱) mails say: to the contractor's contact when the orderer records 受領 or
returns a submission (差戻し), and the daily digest to a receiving department.

Pure text, as domain/mail_messages.py (MailText). No message ever contains a 認証キー, nor a link
that carries one: the digest links to the inbox page only, where staff sign in.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .formatting import date_ja, parse_iso_utc_precise, time_ja
from .instruments import KINDS
from .mail_messages import MailText
from .submissions import Decision, Submission

INBOX_PATH = "/orderer/inbox/"
DIGEST_LISTED = 50  # entries a digest lists one by one; the rest it counts (the inbox shows them all)
_NO_KEY = "このメールには認証キーを記載していません。このメールは送信専用のアドレスからお送りしています。"


def inbox_url(site_url: str) -> str:
    return site_url.rstrip("/") + INBOX_PATH


def _rows(entry: Submission, orderer_name: str) -> str:
    rows = [("受付番号　　", entry.submission_id), ("提出先　　　", f"{orderer_name} {entry.department}"),
            ("保証の種類　", KINDS[entry.kind]), ("保証契約番号", f"{entry.contract_number}（第{entry.version}版）"),
            ("工事名　　　", entry.project_name), ("受注者　　　", entry.contractor)]
    if entry.reference:
        rows.append(("工事番号等　", entry.reference))
    rows.append(("提出日時　　", time_ja(parse_iso_utc_precise(entry.submitted_at))))
    return "\n".join(f"  {name}：{value}" for name, value in rows)


def _greeting(entry: Submission) -> str:
    return f"{entry.contractor}\n{entry.contact.name} 様"


def received(entry: Submission, orderer_name: str, receipt_date: dt.date | str) -> MailText:
    """To the submission's contact: the orderer recorded 受領 of what was submitted."""
    decision = entry.decision
    who = f"{orderer_name} {decision.department}" if decision else orderer_name
    body = f"""{_greeting(entry)}

電子保証ポータルでご提出いただいた次の電子保証について、{who}が{date_ja(receipt_date)}に受領を記録しました。

{_rows(entry, orderer_name)}

提出が届いたことの確認のために、発注者へお電話いただく必要はありません。
{_NO_KEY}
"""
    return MailText(f"電子提出の受領のお知らせ（受付番号：{entry.submission_id}）", body)


def returned(entry: Submission, orderer_name: str, decision: Decision) -> MailText:
    """To the submission's contact: the orderer returned it (差戻し), with its reason and what to do next."""
    body = f"""{_greeting(entry)}

電子保証ポータルでご提出いただいた次の電子保証について、{orderer_name} {decision.department}から差戻しがありました。

{_rows(entry, orderer_name)}

■ 差戻しの理由
{decision.reason or ''}

■ 今後のお手続き
理由をご確認のうえ、必要な対応をしてから、電子保証ポータルの「電子提出」でもう一度提出してください
（同じ受付番号で受け付けます）。電子保証が変更された場合は、新しい「認証キーのお知らせ」で提出してください。
差戻しの内容についてのお問い合わせは、{orderer_name} {decision.department}へお願いします。

{_NO_KEY}
"""
    return MailText(f"電子提出の差戻しのお知らせ（受付番号：{entry.submission_id}）", body)


def digest(orderer_name: str, department: str, day: dt.date, entries: Sequence[Submission], site_url: str) -> MailText:
    """To a department that chose one mail a day: the day's submissions to it (JST day ``day``)."""
    listed = "\n\n".join(
        f"{n}. 受付番号：{e.submission_id}\n"
        f"   保証の種類：{KINDS[e.kind]}\n"
        f"   工事名：{e.project_name}\n"
        f"   受注者：{e.contractor}\n"
        f"   提出日時：{time_ja(parse_iso_utc_precise(e.submitted_at))}"
        for n, e in enumerate(entries[:DIGEST_LISTED], start=1))
    more = f"\n\nほか{len(entries) - DIGEST_LISTED}件は、受付箱でご確認ください。" if len(entries) > DIGEST_LISTED else ""
    body = f"""{orderer_name} {department} ご担当者様

{date_ja(day)}に、{department}あてに次の電子提出が届きました（{len(entries)}件）。

{listed}{more}

受付箱で内容を確認し、受領の記録または差戻しをしてください（職員のサインインが必要です）。
  受付箱：{inbox_url(site_url)}

{_NO_KEY}
"""
    return MailText(f"電子提出のお知らせ（{date_ja(day)}・{department}・{len(entries)}件）", body)
