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





T = TypeVar("T", bound="CertificateContractor")



@_attrs_define
class CertificateContractor:
    """ 受注者。`corporate_number` は発行時に指定された場合だけあります。

        Attributes:
            name (str):
            address (str):
            representative (str):
            corporate_number (str | Unset):
            members (list[JvMemberInput] | Unset): 共同企業体（JV）の構成員（2〜10 者）。先頭が代表構成員です。指定すると受注者は共同企業体で、
                `name`・`address`・`representative` は共同企業体の名称・所在地・代表者（代表構成員とその代表者）です。
                / The members of a joint venture, the first being its lead member.
     """

    name: str
    address: str
    representative: str
    corporate_number: str | Unset = UNSET
    members: list[JvMemberInput] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.jv_member_input import JvMemberInput # noqa: PLC0415
        name = self.name

        address = self.address

        representative = self.representative

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

        corporate_number = d.pop("corporate_number", UNSET)

        _members = d.pop("members", UNSET)
        members: list[JvMemberInput] | Unset = UNSET
        if _members is not UNSET:
            members = []
            for componentsschemas_jv_members_item_data in _members:
                componentsschemas_jv_members_item = JvMemberInput.from_dict(componentsschemas_jv_members_item_data)



                members.append(componentsschemas_jv_members_item)


        certificate_contractor = cls(
            name=name,
            address=address,
            representative=representative,
            corporate_number=corporate_number,
            members=members,
        )

        return certificate_contractor

