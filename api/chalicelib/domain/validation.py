"""The names of request fields as people know them, and the few rules on request text
that a JSON Schema cannot state.

A body reaches the domain only after the HTTP edge has checked it against its schema in
openapi.yaml (edge/request_check.py): its shape, lengths, patterns and choices are known
good, its strings NFC-normalised and trimmed. What is left here is meaning.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import TypeGuard

from .errors import Problem as FieldError

# Japanese names of request fields, so every message names the field a person knows.
LABELS = {
    "kind": "保証の種類",
    "contract_number": "保証契約番号",
    "orderer_id": "発注者",
    "amount": "保証金額",
    "guarantee_period": "保証期間",
    "guarantee_period.start": "保証期間の始期",
    "guarantee_period.end": "保証期間の終期",
    "project": "工事",
    "project.name": "工事名",
    "project.location": "工事場所",
    "project.contract_price": "請負代金額",
    "project.period": "工期",
    "project.period.start": "工期の始期",
    "project.period.end": "工期の終期",
    "project.number": "工事番号",
    "contract_date": "請負契約日",
    "advance": "前払金",
    "advance.amount": "前払金額",
    "advance.deposit_bank": "預託金融機関",
    "advance.deposit_bank.bank_name": "預託金融機関の金融機関名",
    "advance.deposit_bank.branch_name": "預託金融機関の支店名",
    "advance.deposit_bank.bank_code": "金融機関コード",
    "advance.deposit_bank.branch_code": "支店コード",
    "advance.redeposit": "再預託の利用",
    "guarantee_terms": "保証約款",
    "guarantee_terms.name": "保証約款の名称",
    "guarantee_terms.revision": "保証約款の改正日",
    "guarantee_terms.url": "保証約款の URL",
    "surety_branch": "取扱支店",
    "email": "メールアドレス",
    "code": "確認コード",
    "contractor.members": "共同企業体の構成員",
    "contractor": "受注者",
    "contractor.name": "受注者名",
    "contractor.address": "受注者の所在地",
    "contractor.representative": "受注者の代表者",
    "contractor.corporate_number": "受注者の法人番号",
    "auth_key": "認証キー",
    "completion_notice_email": "発行完了のお知らせの送信先メールアドレス",
    "base_version": "変更する版",
    "reason": "理由",
    "effective_date": "変更日",
    "note": "備考",
    "changes": "変更内容",
    "date": "解約日",
    "department": "担当部署",
    "name": "氏名",
    "departments": "担当部署",
    "notification_addresses": "通知先メールアドレス",
    "revision": "設定の版（revision）",
    # 電子提出 (the contractor's submission)
    "reference": "発注者の工事番号・契約番号",
    "contact": "連絡先",
    "contact.name": "担当者名",
    "contact.email": "メールアドレス",
    "contact.phone": "電話番号",
    # 受付箱 (issue 29)
    "submission_ids": "受付番号",
    "action": "操作",
    "inbox": "電子提出の設定",
    "inbox.accepts": "電子提出の受付",
    "inbox.shares_reference": "工事番号の発行者への表示",
    "inbox.department_mail": "電子提出のお知らせ",
}


# A member of a joint venture, by its place in the list (members.0 is the 代表構成員).
_MEMBER = re.compile(r"contractor\.members\.(\d+)(?:\.(\w+))?")
_MEMBER_FIELDS = {"name": "の名称", "address": "の所在地", "representative": "の代表者", "corporate_number": "の法人番号"}
# An entry of an orderer administrator's lists (departments.2 is the third department).
_LIST_ENTRY = re.compile(r"(departments|notification_addresses)\.(\d+)")
# A department's mail of the 電子提出 settings (inbox.department_mail.0.addresses.1).
_DEPARTMENT_MAIL = re.compile(r"inbox\.department_mail\.(\d+)(?:\.(department|addresses|frequency))?(?:\.(\d+))?")
_DEPARTMENT_MAIL_FIELDS = {"department": "の担当部署", "addresses": "のメールアドレス", "frequency": "の頻度"}


def label(field: str) -> str:
    # A field inside an amendment's changes is named as the field it changes.
    field = field.removeprefix("changes.")
    member = _MEMBER.fullmatch(field)
    if member:
        n, part = int(member[1]), member[2]
        return f"構成員{n + 1}" + (_MEMBER_FIELDS.get(part, f"の{part}") if part else "")
    mail = _DEPARTMENT_MAIL.fullmatch(field)
    if mail:
        part = _DEPARTMENT_MAIL_FIELDS.get(mail[2] or "", "")
        return f"電子提出のお知らせ（{int(mail[1]) + 1}番目）{part}" + (f"（{int(mail[3]) + 1}番目）" if mail[3] else "")
    entry = _LIST_ENTRY.fullmatch(field)
    if entry:
        return f"{LABELS[entry[1]]}（{int(entry[2]) + 1}番目）"
    return LABELS.get(field, field)


WHOLE_YEN = "{label}は円単位の整数で指定してください。"
VERSION_NUMBER = "{field} には{label}の番号（1以上の整数）を指定してください。"
# Paged lists (usecases/common/paging.py, and the query check of edge/request_check.py).
CURSOR_HINT = "cursor が正しくありません。前のレスポンスの next_cursor をそのまま指定してください。"
PAGE_SIZE_LIMIT = 100
LIMIT_HINT = f"limit は1〜{PAGE_SIZE_LIMIT}の整数で指定してください。"


def is_whole(value: object) -> TypeGuard[int]:
    """An integer as JSON writes one: JSON Schema counts 22000000.0 as an integer too, and a
    float is never silently rounded into an amount or a version."""
    return isinstance(value, int) and not isinstance(value, bool)


def not_a_version(path: str) -> FieldError:
    return FieldError("invalid_version", VERSION_NUMBER.format(field=path, label=label(path)), path)


def is_unusable_character(ch: str) -> bool:
    # Control characters, and invisible format characters such as bidi overrides that can
    # make a name display differently from what it is (U+202E), joiners that no printed
    # document can show, private-use and unassigned code points. The schema lists those of
    # the Basic Multilingual Plane; the rest (and the Unicode version's own list) only here.
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn")


def unusable_characters(texts: Mapping[str, str | None]) -> list[FieldError]:
    """invalid_character for each text (by request path) holding an unusable character."""
    return [FieldError("invalid_character", f"{label(path)}に使用できない制御文字が含まれています。", path)
            for path, text in texts.items() if text and any(map(is_unusable_character, text))]
