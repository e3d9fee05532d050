from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="CertificateSectionRowsItem")



@_attrs_define
class CertificateSectionRowsItem:
    """ 
        Attributes:
            label (str): 項目名（保証の種類、保証金額、保証期間…）
            lines (list[str]): 値（1行以上。JV の構成員は名称・所在地・代表者の行）
     """

    label: str
    lines: list[str]





    def to_dict(self) -> dict[str, Any]:
        label = self.label

        lines = self.lines




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "label": label,
            "lines": lines,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        label = d.pop("label")

        lines = cast(list[str], d.pop("lines"))


        certificate_section_rows_item = cls(
            label=label,
            lines=lines,
        )

        return certificate_section_rows_item

