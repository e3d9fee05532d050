"""Reading untrusted JSON into typed values, collecting every problem with its field.

Each reader returns the clean value (or None after recording an error), so a caller can
validate a whole body in one pass and report all problems at once.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from .errors import Invalid, Problem as FieldError

MIN_DATE = dt.date(2000, 1, 1)
MAX_DATE = dt.date(2099, 12, 31)
MAX_YEN = 999_999_999_999  # under 1兆円: larger is a data error, not a guarantee
# Deliberately plain: one @, a dot in the domain, no spaces or quotes. Delivery proves the rest.
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII only: \d would admit full-width digits

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
}


def label(field: str) -> str:
    return LABELS.get(field, field)


def empty_body() -> FieldError:
    return FieldError("invalid_body", "リクエスト本文が空です。JSON オブジェクトを送信してください。", "")


def missing(path: str) -> FieldError:
    return FieldError("missing_field", f"{label(path)}を指定してください。", path)


def not_an_object(path: str) -> FieldError:
    what = label(path) if path else "リクエスト本文"
    return FieldError("invalid_type", f"{what}は JSON オブジェクトで指定してください。", path)


def not_a_string(path: str) -> FieldError:
    return FieldError("invalid_type", f"{label(path)}は文字列で指定してください。", path)


def unknown_field(path: str, name: str) -> FieldError:
    # The name comes from the caller: echo a short, printable form only.
    shown = "".join(ch for ch in name[:40] if not _is_forbidden_char(ch))
    return FieldError("unknown_field", f"不明な項目「{shown}」が含まれています。", f"{path}.{shown}" if path else shown)


def too_long(path: str, max_len: int) -> FieldError:
    return FieldError("too_long", f"{label(path)}は{max_len}文字以内で指定してください。", path)


def forbidden_character(path: str) -> FieldError:
    return FieldError("invalid_character", f"{label(path)}に使用できない制御文字が含まれています。", path)


def _is_forbidden_char(ch: str) -> bool:
    # Control characters, and invisible format characters such as bidi overrides that can
    # make a name display differently from what it is (U+202E), or joiners that no
    # printed document can show.
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn")


class Reader:
    """Collects FieldErrors while reading a JSON object."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def fail(self, field: str, code: str, message: str) -> None:
        self.errors.append(FieldError(code, message, field))

    def add(self, error: FieldError) -> None:
        self.errors.append(error)

    def raise_if_failed(self) -> None:
        if self.errors:
            raise Invalid(self.errors)

    def object(self, parent: Any, key: str, path: str, allowed: set[str]) -> dict | None:
        """The JSON object at ``parent[key]`` (the body itself when key is '')."""
        value = parent if key == "" else parent.get(key)
        if value is None:
            if key == "":
                self.add(empty_body())
                return None
            self.add(missing(path))
            return None
        if not isinstance(value, dict):
            self.add(not_an_object(path))
            return None
        for extra in sorted(set(value) - allowed):
            self.add(unknown_field(path, extra))
        return value

    def _present(self, obj: dict, key: str, path: str) -> Any:
        if key not in obj or obj[key] is None:
            self.add(missing(path))
            return None
        return obj[key]

    def text(self, obj: dict, key: str, path: str, max_len: int, required: bool = True) -> str | None:
        if not required and (obj.get(key) is None or (isinstance(obj.get(key), str) and not obj[key].strip())):
            return None
        value = self._present(obj, key, path)
        if value is None:
            return None
        if not isinstance(value, str):
            self.add(not_a_string(path))
            return None
        value = unicodedata.normalize("NFC", value).strip()
        if not value:
            self.add(missing(path))
            return None
        if any(_is_forbidden_char(ch) for ch in value):
            self.add(forbidden_character(path))
            return None
        if len(value) > max_len:
            self.add(too_long(path, max_len))
            return None
        return value

    def yen(self, obj: dict, key: str, path: str) -> int | None:
        value = self._present(obj, key, path)
        if value is None:
            return None
        # bool is an int in Python; JSON true is not an amount.
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, "invalid_amount", f"{label(path)}は円単位の整数で指定してください。")
            return None
        if value <= 0:
            self.fail(path, "invalid_amount", f"{label(path)}は1円以上で指定してください。")
            return None
        if value > MAX_YEN:
            self.fail(path, "invalid_amount", f"{label(path)}が大きすぎます（上限 {MAX_YEN:,}円）。")
            return None
        return value

    def date(self, obj: dict, key: str, path: str) -> dt.date | None:
        value = self._present(obj, key, path)
        if value is None:
            return None
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            self.fail(path, "invalid_date", f"{label(path)}は YYYY-MM-DD 形式の日付で指定してください。")
            return None
        try:
            parsed = dt.date.fromisoformat(value)
        except ValueError:
            self.fail(path, "invalid_date", f"{label(path)}は存在する日付で指定してください。")
            return None
        if not MIN_DATE <= parsed <= MAX_DATE:
            self.fail(path, "date_out_of_range", f"{label(path)}は2000年1月1日から2099年12月31日までの日付で指定してください。")
            return None
        return parsed

    def version_number(self, obj: dict, key: str, path: str) -> int | None:
        """A version of a guarantee: an integer from 1."""
        value = obj.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.fail(path, "invalid_version", f"{path} には{label(path)}の番号（1以上の整数）を指定してください。")
            return None
        return value

    def choice(self, obj: dict, key: str, path: str, choices: dict[str, str]) -> str | None:
        value = self._present(obj, key, path)
        if value is None:
            return None
        if not isinstance(value, str) or value not in choices:
            names = "、".join(f"{k}（{v}）" for k, v in choices.items())
            self.fail(path, "invalid_choice", f"{label(path)}は次のいずれかで指定してください: {names}。")
            return None
        return value

    def email(self, obj: dict, key: str, path: str) -> str | None:
        """An optional e-mail address (absent, null or empty: none)."""
        value = obj.get(key)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            self.add(not_a_string(path))
            return None
        value = value.strip()
        if len(value) > 254 or not _EMAIL.fullmatch(value):
            self.fail(path, "invalid_email", f"{label(path)}の形式が正しくありません。")
            return None
        return value
