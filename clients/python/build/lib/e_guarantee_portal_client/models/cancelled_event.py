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





T = TypeVar("T", bound="CancelledEvent")



@_attrs_define
class CancelledEvent:
    """ 
        Attributes:
            type_ (Literal['cancelled']):
            at (datetime.datetime): イベントの日時（UTC、マイクロ秒まで）
            actor (SuretyActor): 操作した保証会社と API トークン（トークンの ID だけで、秘密部分は含みません）
            date (str): 2000 年から 2099 年までの日付 / A date in the years 2000 to 2099.
     """

    type_: Literal['cancelled']
    at: datetime.datetime
    actor: SuretyActor
    date: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.surety_actor import SuretyActor # noqa: PLC0415
        type_ = self.type_

        at = self.at.isoformat()

        actor = self.actor.to_dict()

        date = self.date


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "type": type_,
            "at": at,
            "actor": actor,
            "date": date,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.surety_actor import SuretyActor # noqa: PLC0415
        d = dict(src_dict)
        type_ = cast(Literal['cancelled'] , d.pop("type"))
        if type_ != 'cancelled':
            raise ValueError(f"type must match const 'cancelled', got '{type_}'")

        at = datetime.datetime.fromisoformat(d.pop("at"))




        actor = SuretyActor.from_dict(d.pop("actor"))




        date = d.pop("date")

        cancelled_event = cls(
            type_=type_,
            at=at,
            actor=actor,
            date=date,
        )

        return cancelled_event

