from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import Literal, cast






T = TypeVar("T", bound="SuretyActor")



@_attrs_define
class SuretyActor:
    """ 操作した保証会社と API トークン（トークンの ID だけで、秘密部分は含みません）

        Attributes:
            kind (Literal['surety']):
            surety_id (str):
            token_id (str):
     """

    kind: Literal['surety']
    surety_id: str
    token_id: str





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        surety_id = self.surety_id

        token_id = self.token_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "kind": kind,
            "surety_id": surety_id,
            "token_id": token_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = cast(Literal['surety'] , d.pop("kind"))
        if kind != 'surety':
            raise ValueError(f"kind must match const 'surety', got '{kind}'")

        surety_id = d.pop("surety_id")

        token_id = d.pop("token_id")

        surety_actor = cls(
            kind=kind,
            surety_id=surety_id,
            token_id=token_id,
        )

        return surety_actor

