from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="SignInCodeRequest")



@_attrs_define
class SignInCodeRequest:
    """ 確認コードの送信 / Where to send a sign-in code.

        Attributes:
            email (str): 職場のメールアドレス（大文字・小文字は区別しません）/ A work e-mail address.
     """

    email: str





    def to_dict(self) -> dict[str, Any]:
        email = self.email


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "email": email,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        sign_in_code_request = cls(
            email=email,
        )

        return sign_in_code_request

