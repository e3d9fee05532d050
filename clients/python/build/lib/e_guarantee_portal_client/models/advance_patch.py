from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.deposit_bank import DepositBank





T = TypeVar("T", bound="AdvancePatch")



@_attrs_define
class AdvancePatch:
    """ 前払金の変更（部分指定。`deposit_bank` は書いたものに丸ごと置き換わります）/ Changes to the advance.

        Attributes:
            amount (int | Unset): 円単位の整数（1 円以上 999,999,999,999 円以下）。小数点や指数表記は使えません。/ Whole yen.
            deposit_bank (DepositBank | Unset): 預託金融機関（受注者の前払金専用口座がある金融機関）。発注者は前払金をこの口座に支払います。
                / The bank (and branch) holding the contractor's advance-payment account.
            redeposit (bool | Unset): 再預託を利用するか
     """

    amount: int | Unset = UNSET
    deposit_bank: DepositBank | Unset = UNSET
    redeposit: bool | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.deposit_bank import DepositBank # noqa: PLC0415
        amount = self.amount

        deposit_bank: dict[str, Any] | Unset = UNSET
        if not isinstance(self.deposit_bank, Unset):
            deposit_bank = self.deposit_bank.to_dict()

        redeposit = self.redeposit


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if amount is not UNSET:
            field_dict["amount"] = amount
        if deposit_bank is not UNSET:
            field_dict["deposit_bank"] = deposit_bank
        if redeposit is not UNSET:
            field_dict["redeposit"] = redeposit

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deposit_bank import DepositBank # noqa: PLC0415
        d = dict(src_dict)
        amount = d.pop("amount", UNSET)

        _deposit_bank = d.pop("deposit_bank", UNSET)
        deposit_bank: DepositBank | Unset
        if isinstance(_deposit_bank,  Unset):
            deposit_bank = UNSET
        else:
            deposit_bank = DepositBank.from_dict(_deposit_bank)




        redeposit = d.pop("redeposit", UNSET)

        advance_patch = cls(
            amount=amount,
            deposit_bank=deposit_bank,
            redeposit=redeposit,
        )

        return advance_patch

