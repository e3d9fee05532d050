from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="WithdrawReceiptResponse200")



@_attrs_define
class WithdrawReceiptResponse200:
    """ 
        Attributes:
            withdrawn (bool):
     """

    withdrawn: bool





    def to_dict(self) -> dict[str, Any]:
        withdrawn = self.withdrawn


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "withdrawn": withdrawn,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        withdrawn = d.pop("withdrawn")

        withdraw_receipt_response_200 = cls(
            withdrawn=withdrawn,
        )

        return withdraw_receipt_response_200

