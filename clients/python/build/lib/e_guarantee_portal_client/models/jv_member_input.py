from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="JvMemberInput")



@_attrs_define
class JvMemberInput:
    """ 共同企業体の構成員 / A member of a joint venture.

        Attributes:
            name (str): 空白以外の文字を含む文字列。制御文字・書式制御文字（U+202E など）は使えません
                （`invalid_character`）。前後の空白は取り除いてから保存されます。
            address (str): 空白以外の文字を含む文字列。制御文字・書式制御文字（U+202E など）は使えません
                （`invalid_character`）。前後の空白は取り除いてから保存されます。
            representative (str): 空白以外の文字を含む文字列。制御文字・書式制御文字（U+202E など）は使えません
                （`invalid_character`）。前後の空白は取り除いてから保存されます。
            corporate_number (None | str | Unset): 受注者の法人番号（半角数字 13 桁。前後の空白は取り除きます）、または `null`・空文字列・空白のみ（なし）/ Corporate
                number or none.
     """

    name: str
    address: str
    representative: str
    corporate_number: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        address = self.address

        representative = self.representative

        corporate_number: None | str | Unset
        if isinstance(self.corporate_number, Unset):
            corporate_number = UNSET
        else:
            corporate_number = self.corporate_number


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "address": address,
            "representative": representative,
        })
        if corporate_number is not UNSET:
            field_dict["corporate_number"] = corporate_number

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        address = d.pop("address")

        representative = d.pop("representative")

        def _parse_corporate_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        corporate_number = _parse_corporate_number(d.pop("corporate_number", UNSET))


        jv_member_input = cls(
            name=name,
            address=address,
            representative=representative,
            corporate_number=corporate_number,
        )

        return jv_member_input

