from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.staff_session_staff_orderer import StaffSessionStaffOrderer





T = TypeVar("T", bound="StaffSessionStaff")



@_attrs_define
class StaffSessionStaff:
    """ 
        Attributes:
            email (str):
            orderer (StaffSessionStaffOrderer):
            departments (list[str]): 受領を記録するときに選べる担当部署（発注者一覧の部署）
     """

    email: str
    orderer: StaffSessionStaffOrderer
    departments: list[str]





    def to_dict(self) -> dict[str, Any]:
        from ..models.staff_session_staff_orderer import StaffSessionStaffOrderer # noqa: PLC0415
        email = self.email

        orderer = self.orderer.to_dict()

        departments = self.departments




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "email": email,
            "orderer": orderer,
            "departments": departments,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.staff_session_staff_orderer import StaffSessionStaffOrderer # noqa: PLC0415
        d = dict(src_dict)
        email = d.pop("email")

        orderer = StaffSessionStaffOrderer.from_dict(d.pop("orderer"))




        departments = cast(list[str], d.pop("departments"))


        staff_session_staff = cls(
            email=email,
            orderer=orderer,
            departments=departments,
        )

        return staff_session_staff

