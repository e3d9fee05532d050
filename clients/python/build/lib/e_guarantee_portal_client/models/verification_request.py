from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="VerificationRequest")



@_attrs_define
class VerificationRequest:
    """ 照合リクエスト / Verification request. どちらも人が入力したままの文字列で送れます（サーバーで正規化）。

        Attributes:
            contract_number (str): 保証契約番号（全角・小文字・空白・各種ダッシュは正規化します）/ A contract number as typed.
            auth_key (str): 認証キー（28 文字。区切りの空白・ハイフン、全角、小文字は可。I・L は 1、O は 0 と読み替えます）。
                URL に含めず、必ず本文で送ってください。
     """

    contract_number: str
    auth_key: str





    def to_dict(self) -> dict[str, Any]:
        contract_number = self.contract_number

        auth_key = self.auth_key


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "contract_number": contract_number,
            "auth_key": auth_key,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        contract_number = d.pop("contract_number")

        auth_key = d.pop("auth_key")

        verification_request = cls(
            contract_number=contract_number,
            auth_key=auth_key,
        )

        return verification_request

