"""The 保証契約番号 and 認証キー as people type them from a notice: folded, checked for typos
(the key's check symbols) before anything is looked up."""
from __future__ import annotations

from . import authkey
from .errors import Invalid, Problem as FieldError
from .guarantee import CONTRACT_NUMBER_HINT, ContractNumberError, normalize_contract_number
from .validation import Reader

KEY_FIELDS = {"contract_number", "auth_key"}

_KEY_MESSAGES = {
    "empty": ("missing_field", "認証キーを入力してください。"),
    "length": ("invalid_auth_key",
               "認証キーは28文字（4文字ずつ7組）です。入力された文字数は{detail}文字です。"),
    "character": ("invalid_auth_key",
                  "認証キーに使用できない文字（{detail}）が含まれています。"
                  "認証キーには数字と英字（I・L・O・U を除く）が使われています。"),
    "checksum": ("auth_key_typo",
                 "認証キーに入力の誤りがあります。「認証キーのお知らせ」の認証キーと1文字ずつ照らし合わせてください。"),
}


def parse_number_and_key(r: Reader, body: object, other_fields: frozenset = frozenset()) -> tuple[str, str, dict]:
    """Read 保証契約番号 and 認証キー (and allow other_fields); raises on any problem in ``r``."""
    top = r.object(body, "", "", KEY_FIELDS | other_fields)
    if top is None:
        r.raise_if_failed()
    errors: list[FieldError] = r.errors
    number = key = None
    raw_number = top.get("contract_number")
    if raw_number is None or (isinstance(raw_number, str) and not raw_number.strip()):
        errors.append(FieldError("missing_field", "保証契約番号を入力してください。", "contract_number"))
    else:
        try:
            number = normalize_contract_number(raw_number)
        except ContractNumberError:
            errors.append(FieldError("invalid_contract_number", CONTRACT_NUMBER_HINT, "contract_number"))
    raw_key = top.get("auth_key")
    if raw_key is not None and not isinstance(raw_key, str):
        errors.append(FieldError("invalid_type", "認証キーは文字列で指定してください。", "auth_key"))
    else:
        try:
            key = authkey.parse(raw_key)
        except authkey.AuthKeyError as e:
            code, message = _KEY_MESSAGES[e.reason]
            errors.append(FieldError(code, message.format(detail=e.detail), "auth_key"))
    if errors:
        raise Invalid(errors)
    return number, key, top


def read_number_and_key(body: object) -> tuple[str, str]:
    """The body of a request by number and key (pure: nothing is read from the store)."""
    number, key, _ = parse_number_and_key(Reader(), body)
    return number, key
