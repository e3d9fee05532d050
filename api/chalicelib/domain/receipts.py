"""受領確認: who at the orderer records receiving a guarantee, with the number and key."""
from __future__ import annotations

from .number_and_key import parse_number_and_key
from .validation import Reader

RECEIPT_FIELDS = frozenset({"department", "name", "note"})


def read_receipt(body: object) -> tuple[str, str, str, str, str | None]:
    """保証契約番号, 認証キー, 担当部署, 氏名, 備考 (pure: nothing is read from the store)."""
    r = Reader()
    department = name = note = None
    if isinstance(body, dict):
        department = r.text(body, "department", "department", 50)
        name = r.text(body, "name", "name", 50)
        note = r.text(body, "note", "note", 200, required=False)
    number, key, _ = parse_number_and_key(r, body, RECEIPT_FIELDS)
    return number, key, department, name, note
