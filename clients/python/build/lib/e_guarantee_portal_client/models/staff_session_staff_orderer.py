from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="StaffSessionStaffOrderer")



@_attrs_define
class StaffSessionStaffOrderer:
    """ 
        Attributes:
            id (str): 全国地方公共団体コード（6 桁、末尾は検査数字）/ Local government code.
            name (str):
     """

    id: str
    name: str





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "name": name,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        staff_session_staff_orderer = cls(
            id=id,
            name=name,
        )

        return staff_session_staff_orderer

