from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="DepositBank")



@_attrs_define
class DepositBank:
    """ 預託金融機関（受注者の前払金専用口座がある金融機関）。発注者は前払金をこの口座に支払います。
    / The bank (and branch) holding the contractor's advance-payment account.

        Attributes:
            bank_name (str): 空白以外の文字を含む文字列。制御文字・書式制御文字（U+202E など）は使えません
                （`invalid_character`）。前後の空白は取り除いてから保存されます。
            branch_name (str): 空白以外の文字を含む文字列。制御文字・書式制御文字（U+202E など）は使えません
                （`invalid_character`）。前後の空白は取り除いてから保存されます。
            bank_code (None | str | Unset): 金融機関コード（半角数字 4 桁、任意）/ Bank code (4 digits), or none.
            branch_code (None | str | Unset): 支店コード（半角数字 3 桁、任意）/ Branch code (3 digits), or none.
     """

    bank_name: str
    branch_name: str
    bank_code: None | str | Unset = UNSET
    branch_code: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        bank_name = self.bank_name

        branch_name = self.branch_name

        bank_code: None | str | Unset
        if isinstance(self.bank_code, Unset):
            bank_code = UNSET
        else:
            bank_code = self.bank_code

        branch_code: None | str | Unset
        if isinstance(self.branch_code, Unset):
            branch_code = UNSET
        else:
            branch_code = self.branch_code


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "bank_name": bank_name,
            "branch_name": branch_name,
        })
        if bank_code is not UNSET:
            field_dict["bank_code"] = bank_code
        if branch_code is not UNSET:
            field_dict["branch_code"] = branch_code

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        bank_name = d.pop("bank_name")

        branch_name = d.pop("branch_name")

        def _parse_bank_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        bank_code = _parse_bank_code(d.pop("bank_code", UNSET))


        def _parse_branch_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        branch_code = _parse_branch_code(d.pop("branch_code", UNSET))


        deposit_bank = cls(
            bank_name=bank_name,
            branch_name=branch_name,
            bank_code=bank_code,
            branch_code=branch_code,
        )

        return deposit_bank

