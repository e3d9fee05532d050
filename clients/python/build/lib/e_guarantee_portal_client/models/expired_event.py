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
  from ..models.system_actor import SystemActor





T = TypeVar("T", bound="ExpiredEvent")



@_attrs_define
class ExpiredEvent:
    """ 
        Attributes:
            type_ (Literal['expired']):
            at (datetime.datetime): イベントの日時（UTC、マイクロ秒まで）
            version (int): 版の番号（1 が新規発行、n+1 が第 n 回変更）/ Version number (1 = as issued).
            date (str): 2000 年から 2099 年までの日付 / A date in the years 2000 to 2099.
            actor (SystemActor): ポータルが日次の処理で記録したもの / Recorded by the portal's daily job.
     """

    type_: Literal['expired']
    at: datetime.datetime
    version: int
    date: str
    actor: SystemActor





    def to_dict(self) -> dict[str, Any]:
        from ..models.system_actor import SystemActor # noqa: PLC0415
        type_ = self.type_

        at = self.at.isoformat()

        version = self.version

        date = self.date

        actor = self.actor.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "type": type_,
            "at": at,
            "version": version,
            "date": date,
            "actor": actor,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.system_actor import SystemActor # noqa: PLC0415
        d = dict(src_dict)
        type_ = cast(Literal['expired'] , d.pop("type"))
        if type_ != 'expired':
            raise ValueError(f"type must match const 'expired', got '{type_}'")

        at = datetime.datetime.fromisoformat(d.pop("at"))




        version = d.pop("version")

        date = d.pop("date")

        actor = SystemActor.from_dict(d.pop("actor"))




        expired_event = cls(
            type_=type_,
            at=at,
            version=version,
            date=date,
            actor=actor,
        )

        return expired_event

