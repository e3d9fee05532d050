from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="GuaranteeTerms")



@_attrs_define
class GuaranteeTerms:
    """ 保証約款（名称と改正日）/ The terms and conditions the guarantee is given under.

        Attributes:
            name (str): 空白以外の文字を含む文字列。制御文字・書式制御文字（U+202E など）は使えません
                （`invalid_character`）。前後の空白は取り除いてから保存されます。
            revision (str): 2000 年から 2099 年までの日付 / A date in the years 2000 to 2099.
     """

    name: str
    revision: str





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        revision = self.revision


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "revision": revision,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        revision = d.pop("revision")

        guarantee_terms = cls(
            name=name,
            revision=revision,
        )

        return guarantee_terms

