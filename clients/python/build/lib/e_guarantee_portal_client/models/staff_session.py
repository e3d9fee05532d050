from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.staff_session_staff import StaffSessionStaff





T = TypeVar("T", bound="StaffSession")



@_attrs_define
class StaffSession:
    """ サインインしている職員とセッション / The signed-in staff member.

        Attributes:
            staff (StaffSessionStaff):
            expires_at (datetime.datetime): 日時（UTC、秒単位）/ A UTC time, whole seconds.
     """

    staff: StaffSessionStaff
    expires_at: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        from ..models.staff_session_staff import StaffSessionStaff # noqa: PLC0415
        staff = self.staff.to_dict()

        expires_at = self.expires_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "staff": staff,
            "expires_at": expires_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.staff_session_staff import StaffSessionStaff # noqa: PLC0415
        d = dict(src_dict)
        staff = StaffSessionStaff.from_dict(d.pop("staff"))




        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))




        staff_session = cls(
            staff=staff,
            expires_at=expires_at,
        )

        return staff_session

