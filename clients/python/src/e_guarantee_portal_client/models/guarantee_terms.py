from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="GuaranteeTerms")



@_attrs_define
class GuaranteeTerms:
    """ 保証約款（名称と改正日、任意で全文の URL）/ The terms and conditions the guarantee is given under.
    `url` があれば、照合結果に保証約款の名称が、その全文へのリンクとして表示されます。

        Attributes:
            name (str): 空白以外の文字を含む文字列。制御文字・書式制御文字（U+202E など）は使えません
                （`invalid_character`）。前後の空白は取り除いてから保存されます。
            revision (str): 2000 年から 2099 年までの日付 / A date in the years 2000 to 2099.
            url (str | Unset): 保証会社が保証約款の全文を公開しているページの URL（`https://` のみ、500 文字以内。任意）。
                / Where the surety publishes the full text of these terms (https only).
     """

    name: str
    revision: str
    url: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        revision = self.revision

        url = self.url


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "revision": revision,
        })
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        revision = d.pop("revision")

        url = d.pop("url", UNSET)

        guarantee_terms = cls(
            name=name,
            revision=revision,
            url=url,
        )

        return guarantee_terms

