from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="CertificateOrderer")



@_attrs_define
class CertificateOrderer:
    """ 発注者。発注者一覧から外れた場合、`name` は `id` と同じ値、`prefecture` は空文字列になります。

        Attributes:
            id (str): 全国地方公共団体コード（6 桁、末尾は検査数字）/ Local government code.
            name (str):
            prefecture (str):
     """

    id: str
    name: str
    prefecture: str





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        prefecture = self.prefecture


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "name": name,
            "prefecture": prefecture,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        prefecture = d.pop("prefecture")

        certificate_orderer = cls(
            id=id,
            name=name,
            prefecture=prefecture,
        )

        return certificate_orderer

