from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.jv_member_input import JvMemberInput





T = TypeVar("T", bound="ContractorInput")



@_attrs_define
class ContractorInput:
    """ 受注者 / The contractor.

        Attributes:
            name (str): 空白以外の文字を含む文字列。制御文字・書式制御文字（U+202E など）は使えません
                （`invalid_character`）。前後の空白は取り除いてから保存されます。
            address (str): 空白以外の文字を含む文字列。制御文字・書式制御文字（U+202E など）は使えません
                （`invalid_character`）。前後の空白は取り除いてから保存されます。
            representative (str): 空白以外の文字を含む文字列。制御文字・書式制御文字（U+202E など）は使えません
                （`invalid_character`）。前後の空白は取り除いてから保存されます。
            corporate_number (None | str | Unset): 受注者の法人番号（半角数字 13 桁。前後の空白は取り除きます）、または `null`・空文字列・空白のみ（なし）/ Corporate
                number or none.
            members (list[JvMemberInput] | Unset): 共同企業体（JV）の構成員（2〜10 者）。先頭が代表構成員です。指定すると受注者は共同企業体で、
                `name`・`address`・`representative` は共同企業体の名称・所在地・代表者（代表構成員とその代表者）です。
                / The members of a joint venture, the first being its lead member.
     """

    name: str
    address: str
    representative: str
    corporate_number: None | str | Unset = UNSET
    members: list[JvMemberInput] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.jv_member_input import JvMemberInput # noqa: PLC0415
        name = self.name

        address = self.address

        representative = self.representative

        corporate_number: None | str | Unset
        if isinstance(self.corporate_number, Unset):
            corporate_number = UNSET
        else:
            corporate_number = self.corporate_number

        members: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.members, Unset):
            members = []
            for componentsschemas_jv_members_item_data in self.members:
                componentsschemas_jv_members_item = componentsschemas_jv_members_item_data.to_dict()
                members.append(componentsschemas_jv_members_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "address": address,
            "representative": representative,
        })
        if corporate_number is not UNSET:
            field_dict["corporate_number"] = corporate_number
        if members is not UNSET:
            field_dict["members"] = members

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.jv_member_input import JvMemberInput # noqa: PLC0415
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


        _members = d.pop("members", UNSET)
        members: list[JvMemberInput] | Unset = UNSET
        if _members is not UNSET:
            members = []
            for componentsschemas_jv_members_item_data in _members:
                componentsschemas_jv_members_item = JvMemberInput.from_dict(componentsschemas_jv_members_item_data)



                members.append(componentsschemas_jv_members_item)


        contractor_input = cls(
            name=name,
            address=address,
            representative=representative,
            corporate_number=corporate_number,
            members=members,
        )

        return contractor_input

