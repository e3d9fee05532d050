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
            key (str): 行の機械向けの名前（文言が変わっても変わりません）。JV の構成員は `member_1`（代表構成員）、`member_2`…。
                解約された保証では `cancellation`（解約日）が保証の内容の最初の行です。
                / A stable name for scripts: find a row by it, never by its label.
            label (str): 項目名（保証の種類、保証金額、保証期間…）
            lines (list[str]): 値（1行以上。JV の構成員は名称・所在地・代表者の行）
     """

    key: str
    label: str
    lines: list[str]





    def to_dict(self) -> dict[str, Any]:
        key = self.key

        label = self.label

        lines = self.lines




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "key": key,
            "label": label,
            "lines": lines,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        key = d.pop("key")

        label = d.pop("label")

        lines = cast(list[str], d.pop("lines"))


        certificate_section_rows_item = cls(
            key=key,
            label=label,
            lines=lines,
        )

        return certificate_section_rows_item

