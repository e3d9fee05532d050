"""What the portal's e-mails about 電子提出 say (domain/mail_messages.py holds the others, and
MailText): the 受付 mail to the contractor's contact address, and the mail to an orderer's
receiving department when a submission arrives in its 受付箱.

Pure text, from the stored entry (domain/submissions.Submission), which holds no key: no
message here can carry a 認証キー, nor a link that opens a guarantee. The department's mail
links to the 受付箱, a page behind the staff sign-in.
"""
from __future__ import annotations

import datetime as dt

from .formatting import time_ja
from .instruments import KINDS
from .mail_messages import MailText
from .submissions import Submission

_NO_KEY = "このメールには認証キーを記載していません。このメールは送信専用のアドレスからお送りしています。"


def _label(text: str) -> str:
    """A row label padded to the width of 保証契約番号, so the colons line up."""
    return text + "　" * max(0, 6 - len(text))


def _rows(rows: list[tuple[str, str | None]]) -> str:
    return "\n".join(f"  {_label(name)}：{value}" for name, value in rows if value)


def version_label(version: int) -> str:
    return f"第{version}版"


def submission_received(entry: Submission, orderer_name: str, at: dt.datetime, again: bool) -> MailText:
    """受付: to the contact address typed in the submission, at once. ``again``: the entry was
    reopened (a newer version, or the same one after a 差戻し): same 受付番号."""
    opening = ("次の電子保証の電子提出を、もう一度受け付けました（受付番号は前回と同じです）。" if again
               else "次の電子保証の電子提出を受け付けました。")
    rows = _rows([("受付番号", entry.submission_id),
                  ("提出先", f"{orderer_name} {entry.department}"),
                  ("工事名", entry.project_name),
                  ("保証の種類", KINDS.get(entry.kind, entry.kind)),
                  ("保証契約番号", f"{entry.contract_number}（{version_label(entry.version)}）"),
                  ("工事番号等", entry.reference),
                  ("提出日時", time_ja(at))])
    body = f"""{entry.contractor} {entry.contact.name} 様

電子保証ポータルです。
{opening}

{rows}

提出は発注者の受付箱に届いています。届いたことを確かめるために、発注者へお電話いただく必要はありません。
発注者が受領を記録するか差し戻すと、メールでお知らせします。
お問い合わせの際は、受付番号をお伝えください。

{_NO_KEY}
このメールに心当たりがない場合は、何もせずに削除してください。
"""
    return MailText(f"電子提出の受付のお知らせ（受付番号：{entry.submission_id}／保証契約番号：{entry.contract_number}）",
                    body)


def new_submission(entry: Submission, orderer_name: str, at: dt.datetime, again: bool, inbox_url: str) -> MailText:
    """To a receiving department that asked to hear of each submission (its administrator's
    setting). ``again``: a submission reopened (a newer version, or after a 差戻し)."""
    opening = ("受付箱の電子提出が、もう一度提出されました（変更後の版か、差し戻した提出の再提出です）。" if again
               else "電子保証ポータルの受付箱に、新しい電子提出が届きました。")
    rows = _rows([("受付番号", entry.submission_id),
                  ("保証の種類", KINDS.get(entry.kind, entry.kind)),
                  ("工事名", entry.project_name),
                  ("受注者", entry.contractor),
                  ("提出日時", time_ja(at))])
    body = f"""{orderer_name} {entry.department} ご担当者様

{opening}

{rows}

内容の確認と、受領の記録・差戻しは、受付箱で行ってください（職員のサインインが必要です）。
  {inbox_url}

{_NO_KEY}
このお知らせの送り先と回数は、発注者の管理者が電子提出の設定で変えられます。
"""
    return MailText(f"新しい電子提出が届きました（受付番号：{entry.submission_id}）", body)
