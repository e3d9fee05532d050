from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.receipt import Receipt





T = TypeVar("T", bound="ReceiptResponse")



@_attrs_define
class ReceiptResponse:
    """ 受領確認の結果 / The receipt, and whether it was recorded by this request.

        Attributes:
            receipt (Receipt): 受領確認（照合結果・受領確認のレスポンスに示す内容）/ A recorded receipt, as key holders see it.
                記録時の備考（`note`）は含みません（保証会社の照会 `SuretyReceipt` にだけ含まれます）。
            newly_recorded (bool): このリクエストで記録したとき `true`（201）、記録済みだったとき `false`（200）
     """

    receipt: Receipt
    newly_recorded: bool





    def to_dict(self) -> dict[str, Any]:
        from ..models.receipt import Receipt # noqa: PLC0415
        receipt = self.receipt.to_dict()

        newly_recorded = self.newly_recorded


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "receipt": receipt,
            "newly_recorded": newly_recorded,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.receipt import Receipt # noqa: PLC0415
        d = dict(src_dict)
        receipt = Receipt.from_dict(d.pop("receipt"))




        newly_recorded = d.pop("newly_recorded")

        receipt_response = cls(
            receipt=receipt,
            newly_recorded=newly_recorded,
        )

        return receipt_response

