from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import Literal, cast






T = TypeVar("T", bound="ReceiptEventActor")



@_attrs_define
class ReceiptEventActor:
    """ 受領を記録した発注者（接続元アドレスのハッシュ、部署、担当者）

        Attributes:
            kind (Literal['orderer']):
            client (str):
            department (str):
            name (str):
     """

    kind: Literal['orderer']
    client: str
    department: str
    name: str





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        client = self.client

        department = self.department

        name = self.name


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "kind": kind,
            "client": client,
            "department": department,
            "name": name,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = cast(Literal['orderer'] , d.pop("kind"))
        if kind != 'orderer':
            raise ValueError(f"kind must match const 'orderer', got '{kind}'")

        client = d.pop("client")

        department = d.pop("department")

        name = d.pop("name")

        receipt_event_actor = cls(
            kind=kind,
            client=client,
            department=department,
            name=name,
        )

        return receipt_event_actor

