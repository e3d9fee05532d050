from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="ReceiptRequest")



@_attrs_define
class ReceiptRequest:
    """ 受領確認リクエスト / Receipt request. 保証契約番号と認証キーは照合と同じく、人が入力したままの文字列で送れます。

        Attributes:
            contract_number (str): 保証契約番号（全角・小文字・空白・各種ダッシュは正規化します）/ A contract number as typed.
            auth_key (str): 認証キー（照合と同じ形式）。URL に含めず、必ず本文で送ってください。
            department (str): 空白以外の文字を含む文字列。制御文字・書式制御文字（U+202E など）は使えません
                （`invalid_character`）。前後の空白は取り除いてから保存されます。
            name (str): 空白以外の文字を含む文字列。制御文字・書式制御文字（U+202E など）は使えません
                （`invalid_character`）。前後の空白は取り除いてから保存されます。
            note (None | str | Unset): 任意の文字列。省略・`null`・空文字列は「なし」とみなします。制御文字・書式制御文字は使えません（`invalid_character`）。
     """

    contract_number: str
    auth_key: str
    department: str
    name: str
    note: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        contract_number = self.contract_number

        auth_key = self.auth_key

        department = self.department

        name = self.name

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "contract_number": contract_number,
            "auth_key": auth_key,
            "department": department,
            "name": name,
        })
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        contract_number = d.pop("contract_number")

        auth_key = d.pop("auth_key")

        department = d.pop("department")

        name = d.pop("name")

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))


        receipt_request = cls(
            contract_number=contract_number,
            auth_key=auth_key,
            department=department,
            name=name,
            note=note,
        )

        return receipt_request

