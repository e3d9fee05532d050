from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="Period")



@_attrs_define
class Period:
    """ 期間（始期と終期を含む）。始期は終期以前で、長さは 3,660 日（約 10 年）以内です
    （違反すると `invalid_period` / `period_too_long`）。
    / An inclusive period; start <= end, at most 3,660 days.

        Attributes:
            start (str): 2000 年から 2099 年までの日付 / A date in the years 2000 to 2099.
            end (str): 2000 年から 2099 年までの日付 / A date in the years 2000 to 2099.
     """

    start: str
    end: str





    def to_dict(self) -> dict[str, Any]:
        start = self.start

        end = self.end


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "start": start,
            "end": end,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        start = d.pop("start")

        end = d.pop("end")

        period = cls(
            start=start,
            end=end,
        )

        return period

