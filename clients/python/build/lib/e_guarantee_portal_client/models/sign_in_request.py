from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="SignInRequest")



@_attrs_define
class SignInRequest:
    """ サインイン / Sign in with the code.

        Attributes:
            email (str): 職場のメールアドレス（大文字・小文字は区別しません）/ A work e-mail address.
            code (str): メールで届いた8桁の確認コード / The 8-digit code from the e-mail.
     """

    email: str
    code: str





    def to_dict(self) -> dict[str, Any]:
        email = self.email

        code = self.code


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "email": email,
            "code": code,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        code = d.pop("code")

        sign_in_request = cls(
            email=email,
            code=code,
        )

        return sign_in_request

