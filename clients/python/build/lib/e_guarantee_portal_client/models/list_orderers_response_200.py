from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.orderer import Orderer





T = TypeVar("T", bound="ListOrderersResponse200")



@_attrs_define
class ListOrderersResponse200:
    """ 
        Attributes:
            orderers (list[Orderer]):
     """

    orderers: list[Orderer]





    def to_dict(self) -> dict[str, Any]:
        from ..models.orderer import Orderer # noqa: PLC0415
        orderers = []
        for orderers_item_data in self.orderers:
            orderers_item = orderers_item_data.to_dict()
            orderers.append(orderers_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "orderers": orderers,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.orderer import Orderer # noqa: PLC0415
        d = dict(src_dict)
        orderers = []
        _orderers = d.pop("orderers")
        for orderers_item_data in (_orderers):
            orderers_item = Orderer.from_dict(orderers_item_data)



            orderers.append(orderers_item)


        list_orderers_response_200 = cls(
            orderers=orderers,
        )

        return list_orderers_response_200

