"""受領確認: who at the orderer records receiving a guarantee, with the number and key."""
from __future__ import annotations

import datetime as dt
from typing import Any, cast

from .errors import Invalid
from .number_and_key import number_and_key_problems
from .validation import unusable_characters

# A receipt recorded by mistake can be taken back for a day; after that it is the record.
WITHDRAWAL_WINDOW = dt.timedelta(hours=24)
WITHDRAWAL_PERIOD_OVER = (f"受領の記録から{WITHDRAWAL_WINDOW // dt.timedelta(hours=1)}時間を過ぎたため、取り消せません。"
                          "保証会社にご連絡ください。")


def withdrawal_deadline(recorded_at: dt.datetime) -> dt.datetime:
    """Until when the account that recorded a receipt may take it back."""
    return recorded_at + WITHDRAWAL_WINDOW


def read_receipt(body: dict[str, Any]) -> tuple[str, str, str, str, str | None]:
    """保証契約番号, 認証キー, 担当部署, 氏名, 備考 of a schema-checked body."""
    number, key, problems = number_and_key_problems(body)
    problems += unusable_characters({"department": body["department"], "name": body["name"],
                                     "note": body.get("note")})
    if problems:
        raise Invalid(problems)
    return cast(str, number), cast(str, key), body["department"], body["name"], body.get("note") or None  # None only with a problem
