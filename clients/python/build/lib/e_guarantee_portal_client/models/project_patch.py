from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.period_patch import PeriodPatch





T = TypeVar("T", bound="ProjectPatch")



@_attrs_define
class ProjectPatch:
    """ 工事の変更（部分指定）/ Changes to the works, partially.

        Attributes:
            name (str | Unset): 空白以外の文字を含む文字列。制御文字・書式制御文字（U+202E など）は使えません
                （`invalid_character`）。前後の空白は取り除いてから保存されます。
            location (str | Unset): 空白以外の文字を含む文字列。制御文字・書式制御文字（U+202E など）は使えません
                （`invalid_character`）。前後の空白は取り除いてから保存されます。
            contract_price (int | Unset): 円単位の整数（1 円以上 999,999,999,999 円以下）。小数点や指数表記は使えません。/ Whole yen.
            period (PeriodPatch | Unset): 期間の部分指定（書いた方だけを置き換えます）/ Part of a period; what is given replaces the old value.
            number (None | str | Unset): 任意の文字列。省略・`null`・空文字列は「なし」とみなします。制御文字・書式制御文字は使えません（`invalid_character`）。
     """

    name: str | Unset = UNSET
    location: str | Unset = UNSET
    contract_price: int | Unset = UNSET
    period: PeriodPatch | Unset = UNSET
    number: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.period_patch import PeriodPatch # noqa: PLC0415
        name = self.name

        location = self.location

        contract_price = self.contract_price

        period: dict[str, Any] | Unset = UNSET
        if not isinstance(self.period, Unset):
            period = self.period.to_dict()

        number: None | str | Unset
        if isinstance(self.number, Unset):
            number = UNSET
        else:
            number = self.number


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if name is not UNSET:
            field_dict["name"] = name
        if location is not UNSET:
            field_dict["location"] = location
        if contract_price is not UNSET:
            field_dict["contract_price"] = contract_price
        if period is not UNSET:
            field_dict["period"] = period
        if number is not UNSET:
            field_dict["number"] = number

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.period_patch import PeriodPatch # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        location = d.pop("location", UNSET)

        contract_price = d.pop("contract_price", UNSET)

        _period = d.pop("period", UNSET)
        period: PeriodPatch | Unset
        if isinstance(_period,  Unset):
            period = UNSET
        else:
            period = PeriodPatch.from_dict(_period)




        def _parse_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        number = _parse_number(d.pop("number", UNSET))


        project_patch = cls(
            name=name,
            location=location,
            contract_price=contract_price,
            period=period,
            number=number,
        )

        return project_patch

