from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.deposit_bank import DepositBank





T = TypeVar("T", bound="Advance")



@_attrs_define
class Advance:
    """ 前払金保証・中間前払金保証の内容（この 2 種類では必須、契約保証では指定できません）。
    / What an advance-payment guarantee covers (required for the two advance kinds only).

        Attributes:
            amount (int): 円単位の整数（1 円以上 999,999,999,999 円以下）。小数点や指数表記は使えません。/ Whole yen.
            deposit_bank (DepositBank): 預託金融機関（受注者の前払金専用口座がある金融機関）。発注者は前払金をこの口座に支払います。
                / The bank (and branch) holding the contractor's advance-payment account.
            redeposit (bool): 再預託を利用するか（`true` 利用する、`false` 利用しない）
     """

    amount: int
    deposit_bank: DepositBank
    redeposit: bool





    def to_dict(self) -> dict[str, Any]:
        from ..models.deposit_bank import DepositBank # noqa: PLC0415
        amount = self.amount

        deposit_bank = self.deposit_bank.to_dict()

        redeposit = self.redeposit


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "amount": amount,
            "deposit_bank": deposit_bank,
            "redeposit": redeposit,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deposit_bank import DepositBank # noqa: PLC0415
        d = dict(src_dict)
        amount = d.pop("amount")

        deposit_bank = DepositBank.from_dict(d.pop("deposit_bank"))




        redeposit = d.pop("redeposit")

        advance = cls(
            amount=amount,
            deposit_bank=deposit_bank,
            redeposit=redeposit,
        )

        return advance

