from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.kind import Kind
from typing import cast






T = TypeVar("T", bound="Orderer")



@_attrs_define
class Orderer:
    """ 電子保証に対応している発注者 / An orderer accepting electronic guarantees.

        Attributes:
            id (str): 全国地方公共団体コード（6 桁、末尾は検査数字）/ Local government code.
            name (str): 発注者名（例 佐久市）
            prefecture (str): 都道府県
            accepts_from (str): 2000 年から 2099 年までの日付 / A date in the years 2000 to 2099.
            kinds (list[Kind]): 受け付ける保証の種類
            scope (str): 電子保証を利用できる対象（空文字列のことがあります）
            paper_still_accepted (bool): 紙の保証証書も引き続き受け付けるか
     """

    id: str
    name: str
    prefecture: str
    accepts_from: str
    kinds: list[Kind]
    scope: str
    paper_still_accepted: bool





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        prefecture = self.prefecture

        accepts_from = self.accepts_from

        kinds = []
        for kinds_item_data in self.kinds:
            kinds_item = kinds_item_data.value
            kinds.append(kinds_item)



        scope = self.scope

        paper_still_accepted = self.paper_still_accepted


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "name": name,
            "prefecture": prefecture,
            "accepts_from": accepts_from,
            "kinds": kinds,
            "scope": scope,
            "paper_still_accepted": paper_still_accepted,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        prefecture = d.pop("prefecture")

        accepts_from = d.pop("accepts_from")

        kinds = []
        _kinds = d.pop("kinds")
        for kinds_item_data in (_kinds):
            kinds_item = Kind(kinds_item_data)



            kinds.append(kinds_item)


        scope = d.pop("scope")

        paper_still_accepted = d.pop("paper_still_accepted")

        orderer = cls(
            id=id,
            name=name,
            prefecture=prefecture,
            accepts_from=accepts_from,
            kinds=kinds,
            scope=scope,
            paper_still_accepted=paper_still_accepted,
        )

        return orderer

