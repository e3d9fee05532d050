from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="StaffSessionReceiptEntriesType1")



@_attrs_define
class StaffSessionReceiptEntriesType1:
    """ 
        Attributes:
            department (str):
            name (str):
     """

    department: str
    name: str





    def to_dict(self) -> dict[str, Any]:
        department = self.department

        name = self.name


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "department": department,
            "name": name,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        department = d.pop("department")

        name = d.pop("name")

        staff_session_receipt_entries_type_1 = cls(
            department=department,
            name=name,
        )

        return staff_session_receipt_entries_type_1

