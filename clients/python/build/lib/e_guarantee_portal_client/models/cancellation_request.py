from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="CancellationRequest")



@_attrs_define
class CancellationRequest:
    """ 解約リクエスト / Cancellation request.

        Attributes:
            reason (str): 空白以外の文字を含む文字列。制御文字・書式制御文字（U+202E など）は使えません
                （`invalid_character`）。前後の空白は取り除いてから保存されます。
            date (str): 2000 年から 2099 年までの日付 / A date in the years 2000 to 2099.
     """

    reason: str
    date: str





    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        date = self.date


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "reason": reason,
            "date": date,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = d.pop("reason")

        date = d.pop("date")

        cancellation_request = cls(
            reason=reason,
            date=date,
        )

        return cancellation_request

