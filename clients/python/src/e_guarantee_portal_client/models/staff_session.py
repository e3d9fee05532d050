from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.staff_session_receipt_entries_type_1 import StaffSessionReceiptEntriesType1
  from ..models.staff_session_staff import StaffSessionStaff





T = TypeVar("T", bound="StaffSession")



@_attrs_define
class StaffSession:
    """ サインインしている職員とセッション / The signed-in staff member.

        Attributes:
            staff (StaffSessionStaff):
            expires_at (datetime.datetime): 日時（UTC、秒単位）/ A UTC time, whole seconds.
            receipt_entries (None | StaffSessionReceiptEntriesType1): このサインインで最後に受領を記録したときの担当部署と氏名（次の受領の入力欄に表示するため）。
                まだ記録していなければ `null`。サインインごと（セッションごと）に保持し、サインアウトやセッションの終わりで消えます。
                / The 担当部署 and 氏名 of this sign-in's last receipt, offered for the next; `null` before the first.
     """

    staff: StaffSessionStaff
    expires_at: datetime.datetime
    receipt_entries: None | StaffSessionReceiptEntriesType1





    def to_dict(self) -> dict[str, Any]:
        from ..models.staff_session_receipt_entries_type_1 import StaffSessionReceiptEntriesType1 # noqa: PLC0415
        from ..models.staff_session_staff import StaffSessionStaff # noqa: PLC0415
        staff = self.staff.to_dict()

        expires_at = self.expires_at.isoformat()

        receipt_entries: dict[str, Any] | None
        if isinstance(self.receipt_entries, StaffSessionReceiptEntriesType1):
            receipt_entries = self.receipt_entries.to_dict()
        else:
            receipt_entries = self.receipt_entries


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "staff": staff,
            "expires_at": expires_at,
            "receipt_entries": receipt_entries,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.staff_session_receipt_entries_type_1 import StaffSessionReceiptEntriesType1 # noqa: PLC0415
        from ..models.staff_session_staff import StaffSessionStaff # noqa: PLC0415
        d = dict(src_dict)
        staff = StaffSessionStaff.from_dict(d.pop("staff"))




        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))




        def _parse_receipt_entries(data: object) -> None | StaffSessionReceiptEntriesType1:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                receipt_entries_type_1 = StaffSessionReceiptEntriesType1.from_dict(data)



                return receipt_entries_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StaffSessionReceiptEntriesType1, data)

        receipt_entries = _parse_receipt_entries(d.pop("receipt_entries"))


        staff_session = cls(
            staff=staff,
            expires_at=expires_at,
            receipt_entries=receipt_entries,
        )

        return staff_session

