"""電子提出: what a contractor's submission request says, read after its schema (openapi.yaml
SubmissionRequest) and checked for what a schema cannot state. The same rules hold when a
use case is called without the HTTP edge (the demo seed): every value is checked here again."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, cast

from .errors import Invalid
from .errors import Problem as FieldError
from .number_and_key import number_and_key_problems
from .submissions import CONTACT_NAME_MAX_LENGTH, PHONE_MAX_LENGTH, REFERENCE_MAX_LENGTH, Contact
from .validation import label, unusable_characters

# As StaffEmail in openapi.yaml: one @, a dot in the domain; delivery proves the rest.
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
# A telephone number as people write it: digits, hyphens, parentheses, a leading +, spaces.
_PHONE = re.compile(r"\+?[0-9][0-9 ()\-]*[0-9]")
_DEPARTMENT_MAX_LENGTH = 50
# The dashes a Japanese IME gives for the hyphen of a telephone number (NFKC keeps them).
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff70"})


@dataclass(frozen=True)
class SubmissionRequest:
    contract_number: str
    auth_key: str
    orderer_id: str
    department: str
    reference: str | None
    contact: Contact


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _half_width(value: str | None, dashes: bool = False) -> str | None:
    """What a contractor typed in 全角 (０２６７－６２, ｓａｔｏ＠…, Ｒ８－建－０１), as the orderer's
    files and a mail server read it: NFKC (kanji and kana are left as they are)."""
    if value is None:
        return None
    normal = unicodedata.normalize("NFKC", value)
    return normal.translate(_DASHES) if dashes else normal


def _required(problems: list[FieldError], path: str, value: str | None, limit: int) -> None:
    if value is None:
        problems.append(FieldError("missing_field", f"{label(path)}を入力してください。", path))
    elif len(value) > limit:
        problems.append(FieldError("too_long", f"{label(path)}は{limit}文字以内で入力してください。", path))


def read_submission(body: dict[str, Any]) -> SubmissionRequest:
    """The request's values, or Invalid naming every problem (the number and key's first)."""
    number, key, problems = number_and_key_problems(body)
    given = body.get("contact")
    contact: dict[str, Any] = given if isinstance(given, dict) else {}
    department, reference = _text(body.get("department")), _half_width(_text(body.get("reference")))
    name = _text(contact.get("name"))
    email, phone = _half_width(_text(contact.get("email"))), _half_width(_text(contact.get("phone")), dashes=True)
    orderer_id = _text(body.get("orderer_id"))
    if orderer_id is None:
        problems.append(FieldError("missing_field", f"{label('orderer_id')}を指定してください。", "orderer_id"))
    _required(problems, "department", department, _DEPARTMENT_MAX_LENGTH)
    _required(problems, "contact.name", name, CONTACT_NAME_MAX_LENGTH)
    if reference is not None and len(reference) > REFERENCE_MAX_LENGTH:
        problems.append(FieldError("too_long", f"{label('reference')}は{REFERENCE_MAX_LENGTH}文字以内で入力してください。",
                                   "reference"))
    if email is None:
        problems.append(FieldError("missing_field", f"{label('contact.email')}を入力してください。", "contact.email"))
    elif len(email) > 254 or not _EMAIL.fullmatch(email):
        problems.append(FieldError("invalid_email", f"{label('contact.email')}の形式が正しくありません。", "contact.email"))
    if phone is not None and (len(phone) > PHONE_MAX_LENGTH or not _PHONE.fullmatch(phone)):
        problems.append(FieldError("invalid_phone", f"{label('contact.phone')}は、数字とハイフンで"
                                   f"{PHONE_MAX_LENGTH}文字以内で入力してください（例 0267-62-2111）。", "contact.phone"))
    problems += unusable_characters({"department": department, "reference": reference, "contact.name": name})
    if problems:
        raise Invalid(problems)
    # Each is None only with a problem.
    return SubmissionRequest(cast(str, number), cast(str, key), cast(str, orderer_id), cast(str, department),
                             reference, Contact(cast(str, name), cast(str, email), phone))
