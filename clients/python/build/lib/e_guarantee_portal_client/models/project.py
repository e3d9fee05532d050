from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.period import Period





T = TypeVar("T", bound="Project")



@_attrs_define
class Project:
    """ 工事 / The public works the guarantee is for.

        Attributes:
            name (str): 空白以外の文字を含む文字列。制御文字・書式制御文字（U+202E など）は使えません
                （`invalid_character`）。前後の空白は取り除いてから保存されます。
            location (str): 空白以外の文字を含む文字列。制御文字・書式制御文字（U+202E など）は使えません
                （`invalid_character`）。前後の空白は取り除いてから保存されます。
            contract_price (int): 円単位の整数（1 円以上 999,999,999,999 円以下）。小数点や指数表記は使えません。/ Whole yen.
            period (Period): 期間（始期と終期を含む）。始期は終期以前で、長さは 3,660 日（約 10 年）以内です
                （違反すると `invalid_period` / `period_too_long`）。
                / An inclusive period; start <= end, at most 3,660 days.
            number (None | str | Unset): 任意の文字列。省略・`null`・空文字列は「なし」とみなします。制御文字・書式制御文字は使えません（`invalid_character`）。
     """

    name: str
    location: str
    contract_price: int
    period: Period
    number: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.period import Period # noqa: PLC0415
        name = self.name

        location = self.location

        contract_price = self.contract_price

        period = self.period.to_dict()

        number: None | str | Unset
        if isinstance(self.number, Unset):
            number = UNSET
        else:
            number = self.number


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "location": location,
            "contract_price": contract_price,
            "period": period,
        })
        if number is not UNSET:
            field_dict["number"] = number

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.period import Period # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name")

        location = d.pop("location")

        contract_price = d.pop("contract_price")

        period = Period.from_dict(d.pop("period"))




        def _parse_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        number = _parse_number(d.pop("number", UNSET))


        project = cls(
            name=name,
            location=location,
            contract_price=contract_price,
            period=period,
            number=number,
        )

        return project

