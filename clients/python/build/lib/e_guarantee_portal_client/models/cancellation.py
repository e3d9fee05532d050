from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="Cancellation")



@_attrs_define
class Cancellation:
    """ 解約（保証会社の照会で示す内容。登録日時を含みます）/ The cancellation, as its surety sees it.

        Attributes:
            date (str): 2000 年から 2099 年までの日付 / A date in the years 2000 to 2099.
            reason (str): 解約の理由
            recorded_at (datetime.datetime): 日時（UTC、秒単位）/ A UTC time, whole seconds.
     """

    date: str
    reason: str
    recorded_at: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        date = self.date

        reason = self.reason

        recorded_at = self.recorded_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "date": date,
            "reason": reason,
            "recorded_at": recorded_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = d.pop("date")

        reason = d.pop("reason")

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))




        cancellation = cls(
            date=date,
            reason=reason,
            recorded_at=recorded_at,
        )

        return cancellation

