from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="PeriodPatch")



@_attrs_define
class PeriodPatch:
    """ 期間の部分指定（書いた方だけを置き換えます）/ Part of a period; what is given replaces the old value.

        Attributes:
            start (str | Unset): 2000 年から 2099 年までの日付 / A date in the years 2000 to 2099.
            end (str | Unset): 2000 年から 2099 年までの日付 / A date in the years 2000 to 2099.
     """

    start: str | Unset = UNSET
    end: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        start = self.start

        end = self.end


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if start is not UNSET:
            field_dict["start"] = start
        if end is not UNSET:
            field_dict["end"] = end

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        start = d.pop("start", UNSET)

        end = d.pop("end", UNSET)

        period_patch = cls(
            start=start,
            end=end,
        )

        return period_patch

