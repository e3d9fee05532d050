from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="WithdrawalRequest")



@_attrs_define
class WithdrawalRequest:
    """ 受領の取り消し / Withdrawing a receipt.

        Attributes:
            department (str): 空白以外の文字を含む文字列。制御文字・書式制御文字（U+202E など）は使えません
                （`invalid_character`）。前後の空白は取り除いてから保存されます。
     """

    department: str





    def to_dict(self) -> dict[str, Any]:
        department = self.department


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "department": department,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        department = d.pop("department")

        withdrawal_request = cls(
            department=department,
        )

        return withdrawal_request

