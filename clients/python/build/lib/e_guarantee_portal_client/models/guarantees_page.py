from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.guarantee_summary import GuaranteeSummary





T = TypeVar("T", bound="GuaranteesPage")



@_attrs_define
class GuaranteesPage:
    """ 保証契約の一覧の1ページ / One page of guarantees.

        Attributes:
            guarantees (list[GuaranteeSummary]):
            next_cursor (None | str): 続きがあれば次のページのカーソル（`cursor` にそのまま指定）。終わりなら `null`。
     """

    guarantees: list[GuaranteeSummary]
    next_cursor: None | str





    def to_dict(self) -> dict[str, Any]:
        from ..models.guarantee_summary import GuaranteeSummary # noqa: PLC0415
        guarantees = []
        for guarantees_item_data in self.guarantees:
            guarantees_item = guarantees_item_data.to_dict()
            guarantees.append(guarantees_item)



        next_cursor: None | str
        next_cursor = self.next_cursor


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "guarantees": guarantees,
            "next_cursor": next_cursor,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.guarantee_summary import GuaranteeSummary # noqa: PLC0415
        d = dict(src_dict)
        guarantees = []
        _guarantees = d.pop("guarantees")
        for guarantees_item_data in (_guarantees):
            guarantees_item = GuaranteeSummary.from_dict(guarantees_item_data)



            guarantees.append(guarantees_item)


        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))


        guarantees_page = cls(
            guarantees=guarantees,
            next_cursor=next_cursor,
        )

        return guarantees_page

