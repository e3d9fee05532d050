from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.ledger_row import LedgerRow





T = TypeVar("T", bound="ListReceivedGuaranteesResponse200")



@_attrs_define
class ListReceivedGuaranteesResponse200:
    """ 
        Attributes:
            receipts (list[LedgerRow]):
     """

    receipts: list[LedgerRow]





    def to_dict(self) -> dict[str, Any]:
        from ..models.ledger_row import LedgerRow # noqa: PLC0415
        receipts = []
        for receipts_item_data in self.receipts:
            receipts_item = receipts_item_data.to_dict()
            receipts.append(receipts_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "receipts": receipts,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ledger_row import LedgerRow # noqa: PLC0415
        d = dict(src_dict)
        receipts = []
        _receipts = d.pop("receipts")
        for receipts_item_data in (_receipts):
            receipts_item = LedgerRow.from_dict(receipts_item_data)



            receipts.append(receipts_item)


        list_received_guarantees_response_200 = cls(
            receipts=receipts,
        )

        return list_received_guarantees_response_200

