"""The 保証契約番号 and 認証キー as people type them from a notice: folded, checked for typos
(the key's check symbols) before anything is looked up."""
from __future__ import annotations

from typing import Any, cast

from . import authkey
from .errors import Invalid, Problem as FieldError
from .guarantee import CONTRACT_NUMBER_HINT, ContractNumberError, normalize_contract_number

_KEY_MESSAGES = {
    "empty": ("missing_field", "認証キーを入力してください。"),
    "length": ("invalid_auth_key",
               "認証キーは英数字28文字（4文字ずつ7組）です。入力された英数字は{detail}文字です"
               "（ハイフンや空白は数えていません）。"),
    "character": ("invalid_auth_key",
                  "認証キーに使用できない文字（{detail}）が含まれています。"
                  "認証キーには数字と英字（I・L・O・U を除く）が使われています。"),
    "checksum": ("auth_key_typo", "認証キーに入力の誤りがあります。{where}"),
}
# Said with every typo: the notice's PDF (or its QR code) is read without typing anything.
_NO_TYPING = "お知らせのPDFを選ぶと、入力せずに確認できます。"
_COMPARE = "「認証キーのお知らせ」の認証キーと1文字ずつ照らし合わせてください。"


def _typo_where(groups: str) -> str:
    """Where to look, as far as the check symbols can tell (authkey.typo_groups): only for
    one wrong symbol or two neighbours swapped, the errors people make most, and said so;
    the groups are the notice's groups of four, counted from the left."""
    if not groups:
        return "2か所以上が違っているようです。" + _COMPARE + _NO_TYPING
    if len(groups) > 3:
        return _COMPARE + _NO_TYPING
    named = "・".join(f"{g}番目" for g in groups)
    which = f"左から{named}の組（4文字）" if len(groups) == 1 else f"左から{named}のいずれかの組（4文字ずつ）"
    return (f"1文字の打ち間違いか、隣り合う2文字の入れ替わりであれば、{which}にあります。"
            "お知らせの認証キーと照らし合わせてください。" + _NO_TYPING)


def number_and_key_problems(body: dict[str, Any]) -> tuple[str | None, str | None, list[FieldError]]:
    """保証契約番号 and 認証キー of a schema-checked body, folded, with what is wrong in them."""
    problems: list[FieldError] = []
    number = key = None
    try:
        number = normalize_contract_number(body["contract_number"])
    except ContractNumberError:
        problems.append(FieldError("invalid_contract_number", CONTRACT_NUMBER_HINT, "contract_number"))
    try:
        key = authkey.parse(body["auth_key"])
    except authkey.AuthKeyError as e:
        code, message = _KEY_MESSAGES[e.reason]
        text = message.format(where=_typo_where(e.detail)) if e.reason == "checksum" else message.format(detail=e.detail)
        problems.append(FieldError(code, text, "auth_key"))
    return number, key, problems


def read_number_and_key(body: dict[str, Any]) -> tuple[str, str]:
    """The number and key of a request by number and key; raises Invalid naming both problems."""
    number, key, problems = number_and_key_problems(body)
    if problems:
        raise Invalid(problems)
    return cast(str, number), cast(str, key)  # each is None only with a problem
