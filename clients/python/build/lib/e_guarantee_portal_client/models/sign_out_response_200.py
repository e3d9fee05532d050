from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="SignOutResponse200")



@_attrs_define
class SignOutResponse200:
    """ 
        Attributes:
            signed_out (bool):
     """

    signed_out: bool





    def to_dict(self) -> dict[str, Any]:
        signed_out = self.signed_out


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "signed_out": signed_out,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        signed_out = d.pop("signed_out")

        sign_out_response_200 = cls(
            signed_out=signed_out,
        )

        return sign_out_response_200

