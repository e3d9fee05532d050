"""受領確認: who at the orderer records receiving a guarantee, with the number and key."""
from __future__ import annotations

from typing import Any, cast

from .errors import Invalid
from .number_and_key import number_and_key_problems
from .validation import unusable_characters


def read_receipt(body: dict[str, Any]) -> tuple[str, str, str, str, str | None]:
    """保証契約番号, 認証キー, 担当部署, 氏名, 備考 of a schema-checked body."""
    number, key, problems = number_and_key_problems(body)
    problems += unusable_characters({"department": body["department"], "name": body["name"],
                                     "note": body.get("note")})
    if problems:
        raise Invalid(problems)
    return cast(str, number), cast(str, key), body["department"], body["name"], body.get("note") or None  # None only with a problem
