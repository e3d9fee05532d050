from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from typing import Literal, cast
import datetime

if TYPE_CHECKING:
  from ..models.surety_actor import SuretyActor





T = TypeVar("T", bound="IssuedEvent")



@_attrs_define
class IssuedEvent:
    """ 
        Attributes:
            type_ (Literal['issued']):
            at (datetime.datetime): イベントの日時（UTC、マイクロ秒まで）
            version (Literal[1]):
            actor (SuretyActor): 操作した保証会社と API トークン（トークンの ID だけで、秘密部分は含みません）
     """

    type_: Literal['issued']
    at: datetime.datetime
    version: Literal[1]
    actor: SuretyActor





    def to_dict(self) -> dict[str, Any]:
        from ..models.surety_actor import SuretyActor # noqa: PLC0415
        type_ = self.type_

        at = self.at.isoformat()

        version = self.version

        actor = self.actor.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "type": type_,
            "at": at,
            "version": version,
            "actor": actor,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.surety_actor import SuretyActor # noqa: PLC0415
        d = dict(src_dict)
        type_ = cast(Literal['issued'] , d.pop("type"))
        if type_ != 'issued':
            raise ValueError(f"type must match const 'issued', got '{type_}'")

        at = datetime.datetime.fromisoformat(d.pop("at"))




        version = cast(Literal[1] , d.pop("version"))
        if version != 1:
            raise ValueError(f"version must match const 1, got '{version}'")

        actor = SuretyActor.from_dict(d.pop("actor"))




        issued_event = cls(
            type_=type_,
            at=at,
            version=version,
            actor=actor,
        )

        return issued_event

