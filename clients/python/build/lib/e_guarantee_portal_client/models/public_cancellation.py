from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="PublicCancellation")



@_attrs_define
class PublicCancellation:
    """ 解約（照合結果に示す内容）/ The cancellation, as an orderer sees it.

        Attributes:
            date (str): 2000 年から 2099 年までの日付 / A date in the years 2000 to 2099.
            reason (str): 解約の理由
     """

    date: str
    reason: str





    def to_dict(self) -> dict[str, Any]:
        date = self.date

        reason = self.reason


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "date": date,
            "reason": reason,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = d.pop("date")

        reason = d.pop("reason")

        public_cancellation = cls(
            date=date,
            reason=reason,
        )

        return public_cancellation

