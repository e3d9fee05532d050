"""What the portal's e-mails say: subject and body of each message, from domain values.

Pure text: the MIME message, its sender and date, and the sending are adapters/mail.py's.
No message ever contains a 認証キー (none is ever passed in). Some orderers file mail by their
own 工事番号, so it goes in the subject of the contractor's messages when there is one.

Also here, because they speak of the code mail: what the sign-in page answers when it sends
one and when a code is wrong. The code's length and lifetime come from domain/staff.py, so
the wording follows the rules.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from . import addressing, certificate_text, staff
from .formatting import JST, date_ja, yen_ja
from .instruments import INSTRUMENTS


@dataclass(frozen=True)
class MailText:
    subject: str
    body: str


def _minutes(period: dt.timedelta) -> int:
    return int(period.total_seconds() // 60)


SIGN_IN_CODE_SENT = ("入力されたメールアドレスが発注者の職員のアドレスであれば、確認コードを送りました。"
                     f"メールに記載の{staff.CODE_DIGITS}桁の数字を入力してください（有効期限{_minutes(staff.CODE_TTL)}分）。"
                     "続けてお求めになった場合は新しいメールを送らないことがありますので、"
                     "最も新しいメールの確認コードをお使いください。")
SIGN_IN_CODE_INVALID = ("確認コードが正しくないか、有効期限が切れています。"
                        f"最も新しいメールに記載の{staff.CODE_DIGITS}桁の数字を確かめるか、もう一度コードを送ってください。")

COMPLETION_SUBJECT = "電子保証（認証キー）発行完了のお知らせ"
COMPLETION_SUBJECT_AMENDED = "電子保証（認証キー）変更完了のお知らせ"


def _contact_line(contact: dict[str, Any] | None, surety_name: str) -> str:
    if not contact:
        return f"{surety_name}（お申込みの窓口）までお問い合わせください。"
    parts = [surety_name, contact.get("department", "")]
    line = " ".join(p for p in parts if p)
    details = [f"電話 {contact['phone']}" if contact.get("phone") else "",
               f"メール {contact['email']}" if contact.get("email") else "",
               f"（{contact['hours']}）" if contact.get("hours") else ""]
    return line + "\n  " + "　".join(d for d in details if d)


def _label(text: str) -> str:
    """A row label padded to the width of 保証契約番号, so the colons line up."""
    return text + "　" * max(0, 6 - len(text))


def _issuer_row(c: dict[str, Any]) -> str:
    """The issuer as the instrument's paper names it (保証会社名 / 保険会社名 / 金融機関名 …)."""
    branch = c.get("guarantor_branch")
    name = c["surety"]["name"] + (f" {branch['name']}" if branch else "")
    return f"  {_label(INSTRUMENTS[c['kind']].issuer_name_label)}：{name}"


def _own_words(c: dict[str, Any]) -> bool:
    """The three kinds of a 保証事業会社 keep the mails they always had."""
    return INSTRUMENTS[c["kind"]].own_words


def _subject(title: str, c: dict[str, Any]) -> str:
    # Some orderers file mail by their own 工事番号: it goes in the subject when there is one.
    number = f"／工事番号：{c['project']['number']}" if c["project"].get("number") else ""
    return f"{title}（保証契約番号：{c['contract_number']}{number}）"


def completion_notice(certificate: dict[str, Any], surety_contact: dict[str, Any] | None, amendment: dict[str, Any] | None = None,
                      submission_url: str | None = None) -> MailText:
    """The message a contractor asked for when applying (電子保証発行完了のお知らせ: 希望する);
    for a later version (``amendment``), the message that the 変更 is done. ``submission_url``: the
    orderer takes 電子提出, so the contractor may hand the PDF over in the portal (the mail stays a way)."""
    c = certificate
    i = INSTRUMENTS[c["kind"]]
    orderer = certificate_text.orderer_name(c["orderer"])
    # Where the contractor downloads the notice: the issuer's own service.
    service = (f"{c['surety']['name']}のインターネットサービス" if _own_words(c)
               else "保証会社のインターネットサービス（ネットデスク等）")
    issuer = f"\n{_issuer_row(c)}" if _own_words(c) else ""
    if amendment:
        version = f"第{c['version']}版"
        changed = "\n".join(f"  {ch['label']}：{ch['before']} → {ch['after']}" for ch in amendment.get("changes") or [])
        what = f"""お申込みいただいた電子保証の変更手続きが完了しましたので、お知らせいたします（{version}）。

  保証の種類　：{c['kind_label']}
  保証契約番号：{c['contract_number']}（{version}）
  変更日　　　：{date_ja(amendment['effective_date'])}
  発注者　　　：{orderer}
  工事名　　　：{c['project']['name']}{issuer}

■ 変更の内容
{changed}
"""
        download = f"""1. {service}{'' if _own_words(c) else 'の保証契約一覧'}から、
   変更後の「電子保証にかかる「認証キー」のお知らせ」（{version}・PDF）をダウンロードしてください。
   変更後の版には新しい認証キーが記載されています。以前の版のお知らせは提出しないでください。"""
        subject = _subject(f"{COMPLETION_SUBJECT_AMENDED}（{version}）", c)
    else:
        what = f"""お申込みいただいた電子保証の発行手続きが完了しましたので、お知らせいたします。

  保証の種類　：{c['kind_label']}
  保証契約番号：{c['contract_number']}
  {_label(i.amount_label)}：{yen_ja(c['amount'])}
  発注者　　　：{orderer}
  工事名　　　：{c['project']['name']}
  発行日　　　：{date_ja(c['issue_date'])}{issuer}
"""
        download = f"""1. {service}{'' if _own_words(c) else 'の保証契約一覧'}から、
   「電子保証にかかる「認証キー」のお知らせ」（PDF）をダウンロードしてください。"""
        subject = _subject(COMPLETION_SUBJECT, c)
    body = f"""{addressing.addressee(c['contractor']['name'], c['contractor'].get('corporate_number'))}

{c['surety']['name']}です。
{what}
■ 今後のお手続き
{download}
{_hand_over(orderer, submission_url)}
   電子保証の画面を印刷したものや画面の写しは、提出書類としてご利用いただけません。

このメールには認証キーを記載していません。認証キーは上記のお知らせ（PDF）でご確認ください。
このメールは送信専用のアドレスからお送りしています。

■ お問い合わせ先
  {_contact_line(surety_contact, c['surety']['name'])}
"""
    return MailText(subject, body)


def _hand_over(orderer: str, submission_url: str | None) -> str:
    """Step 2 of the completion mail: how the PDF reaches the orderer."""
    if submission_url is None:
        return f"""2. ダウンロードしたPDFを電子メールに添付し、ほかの必要書類と合わせて
   発注者（{orderer}）へ提出してください。"""
    return f"""2. 発注者（{orderer}）は、電子保証ポータルでの電子提出を受け付けています。
   次のページでダウンロードしたPDFを選ぶと、ポータルの中で提出できます
   （受付番号をメールでお知らせします）。
   {submission_url}
   これまでどおり、PDFを電子メールに添付して提出することもできます。
   ほかの必要書類は、発注者の指示に従って提出してください。"""


def sign_in_code(orderer_name: str, code: str, valid_for: dt.timedelta, replaces_guessed: bool = False) -> MailText:
    """The one-time code a member of an orderer's staff signs in with; ``replaces_guessed``: sent
    unasked, because the previous code took too many wrong entries (staff_sign_in.py)."""
    why = ("誤った確認コードの入力が続いたため、先にお送りした確認コードは使えなくしました。"
           "サインインするときは、このメールの新しい確認コードをお使いください。\n"
           "どなたかが確認コードを推測して入力している可能性があります。確認コードはこのメールアドレスにだけ届きますので、"
           "このメールをほかの方に転送しないでください。\n\n"
           if replaces_guessed else "")
    body = f"""{orderer_name} ご担当者様

{why}電子保証ポータルへのサインインの確認コードをお送りします。

  確認コード：{code}

サインインの画面にこの{len(code)}桁の数字を入力してください。確認コードの有効期限は{_minutes(valid_for)}分で、1回だけ使えます。
このコードをほかの人に教えないでください。ポータルの職員が確認コードをお尋ねすることはありません。

このメールに心当たりがない場合は、何もせずに削除してください（どなたかがメールアドレスを誤って入力した可能性があります）。
このメールは送信専用のアドレスからお送りしています。
"""
    return MailText("電子保証ポータル サインインの確認コード", body)


def _extra_issuer(c: dict[str, Any]) -> str:
    return f"\n{_issuer_row(c)}" if _own_words(c) else ""


def _staff_change_notice(certificate: dict[str, Any], what: str, advice: str) -> MailText:
    """To the member of staff who recorded 受領: the guarantee changed since (never a key).
    The subject names the event without its date (what comes before 「（」)."""
    c = certificate
    body = f"""{certificate_text.orderer_name(c['orderer'])} ご担当者様

受領を記録された電子保証について、お知らせします。

  保証契約番号：{c['contract_number']}
  工事名　　　：{c['project']['name']}
  受注者　　　：{c['contractor']['name']}
  保証の種類　：{c['kind_label']}{_extra_issuer(c)}

■ {what}

{advice}
電子保証ポータルの受領台帳でも、この保証の状態を確認できます。
このメールには認証キーを記載していません。このメールは送信専用のアドレスからお送りしています。
"""
    return MailText(f"受領済みの電子保証の{what.split('（')[0]}のお知らせ（保証契約番号：{c['contract_number']}）", body)


def staff_amended_notice(certificate: dict[str, Any], effective_date: dt.date) -> MailText:
    """The guarantee was changed: ``certificate`` is the new version's."""
    v = certificate["version"]
    return _staff_change_notice(certificate, f"変更（第{v}版）",
                                f"この電子保証は変更され、第{v}版が発行されました"
                                f"（変更日 {date_ja(effective_date)}）。受領された版は最新ではありません。\n"
                                f"変更後の内容は、受注者から届く新しい「認証キーのお知らせ」（第{v}版）で確認してください。")


def staff_cancelled_notice(certificate: dict[str, Any], cancelled_on: dt.date) -> MailText:
    """The guarantee was cancelled (解約) as of ``cancelled_on``."""
    return _staff_change_notice(certificate, f"解約（{date_ja(cancelled_on)}）",
                                _cancelled_advice(certificate))


def _cancelled_advice(c: dict[str, Any]) -> str:
    if not _own_words(c):
        return "この保証契約は解約されました。解約された保証契約の電子保証は、保証の対象になりません。"
    label = INSTRUMENTS[c["kind"]].label
    return f"この{label}は解約されました。解約された{label}の電子保証は、契約の保証として使えません。"


def staff_expired_notice(certificate: dict[str, Any]) -> MailText:
    """The guarantee period of the version received has ended (期限満了)."""
    period = INSTRUMENTS[certificate["kind"]].period_label
    return _staff_change_notice(certificate, f"{period}の終了（{date_ja(certificate['guarantee_period']['end'])}）",
                                f"この電子保証の{period}が終わりました（期限満了）。")


def receipt_notice(certificate: dict[str, Any], receipt: dict[str, Any], version: int) -> MailText:
    """To the contractor and the surety: the orderer recorded that it received the guarantee."""
    c = certificate
    who = f"{certificate_text.orderer_name(c['orderer'])} {receipt['department']}（担当：{receipt['name']}）"
    body = f"""関係者各位

{who}が、{date_ja(receipt['date'])}に次の電子保証の受領を記録しました。

  保証の種類　：{c['kind_label']}
  保証契約番号：{c['contract_number']}（第{version}版）
  工事名　　　：{c['project']['name']}
  受注者　　　：{c['contractor']['name']}{_extra_issuer(c)}

提出が届いたことの確認のために、発注者へお電話いただく必要はありません。
このメールは送信専用のアドレスからお送りしています。
"""
    return MailText(f"電子保証の受領確認のお知らせ（保証契約番号：{c['contract_number']}）", body)


def receipt_withdrawn_notice(certificate: dict[str, Any], receipt: dict[str, Any], version: int,
                             withdrawn_on: dt.date) -> MailText:
    """To the contractor and the surety: the orderer took back its record of receipt. Worded as the
    ledger page says it (受領の記録を取り消しました); the portal asks for no reason, so states none."""
    c = certificate
    who = f"{certificate_text.orderer_name(c['orderer'])} {receipt['department']}（担当：{receipt['name']}）"
    body = f"""関係者各位

{who}が、{date_ja(receipt['date'])}に記録した次の電子保証の受領の記録を、{date_ja(withdrawn_on)}に取り消しました。

  保証の種類　：{c['kind_label']}
  保証契約番号：{c['contract_number']}（第{version}版）
  工事名　　　：{c['project']['name']}
  受注者　　　：{c['contractor']['name']}{_extra_issuer(c)}

提出の状況は、発注者にご確認ください。
このメールは送信専用のアドレスからお送りしています。
"""
    return MailText(f"電子保証の受領の記録の取り消しのお知らせ（保証契約番号：{c['contract_number']}）", body)


def wrong_keys_notice(certificate: dict[str, Any], count: int, window_end: dt.datetime, counted_at: dt.datetime) -> MailText:
    """To the surety: many wrong 認証キー for one of its numbers within the hour (never a key).
    At most one an hour per surety: further numbers that hour are only in the event logs."""
    c = certificate
    start = window_end.astimezone(JST) - dt.timedelta(hours=1)
    body = f"""{c['surety']['name']} ご担当者様

次の保証契約番号について、{date_ja(start.date())} {start:%H時%M分}から{counted_at.astimezone(JST):%H時%M分}までの間に、
誤った認証キーによる確認が{count}回ありました。

  保証契約番号：{c['contract_number']}
  工事名　　　：{c['project']['name']}
  受注者　　　：{c['contractor']['name']}
  発注者　　　：{certificate_text.orderer_name(c['orderer'])}

正しい認証キーでの確認は、これまでどおり行えます（誤った認証キーは、接続元ごとに回数を制限しています）。
別の電子保証の認証キーを取り違えて入力した場合のほか、第三者が認証キーを推測しようとしている可能性があります。
認証キーは十分に長く、推測で当てられることはまずありませんが、お心当たりがない場合は、受注者に
「認証キーのお知らせ」の取り扱いをご確認ください。
このお知らせは1時間に1通までです。同じ時間にほかの保証契約番号でも続いた場合は、API のイベントログ
（種類 lockout）に記録しています。
このメールには認証キーを記載していません。このメールは送信専用のアドレスからお送りしています。
"""
    return MailText(f"誤った認証キーによる確認が続いています（保証契約番号：{c['contract_number']}）", body)
