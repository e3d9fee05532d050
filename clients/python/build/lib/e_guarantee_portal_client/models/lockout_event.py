from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.lockout_event_scope import LockoutEventScope
from typing import cast
from typing import Literal, cast
import datetime

if TYPE_CHECKING:
  from ..models.client_actor import ClientActor





T = TypeVar("T", bound="LockoutEvent")



@_attrs_define
class LockoutEvent:
    """ 
        Attributes:
            type_ (Literal['lockout']):
            at (datetime.datetime): イベントの日時（UTC、マイクロ秒まで）
            scope (LockoutEventScope): 上限に達したもの（`number` 保証契約番号ごと、`client` 接続元ごと）
            actor (ClientActor): 保証契約番号と認証キーを使った人（`orderer` 照合・受領確認、`key_holder` お知らせの再作成・写しの作成）。
                `client` は接続元アドレスの鍵付きハッシュ（16 桁）で、アドレスそのものは記録しません。
            until (datetime.datetime): イベントの日時（UTC、マイクロ秒まで）
     """

    type_: Literal['lockout']
    at: datetime.datetime
    scope: LockoutEventScope
    actor: ClientActor
    until: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        from ..models.client_actor import ClientActor # noqa: PLC0415
        type_ = self.type_

        at = self.at.isoformat()

        scope = self.scope.value

        actor = self.actor.to_dict()

        until = self.until.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "type": type_,
            "at": at,
            "scope": scope,
            "actor": actor,
            "until": until,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.client_actor import ClientActor # noqa: PLC0415
        d = dict(src_dict)
        type_ = cast(Literal['lockout'] , d.pop("type"))
        if type_ != 'lockout':
            raise ValueError(f"type must match const 'lockout', got '{type_}'")

        at = datetime.datetime.fromisoformat(d.pop("at"))




        scope = LockoutEventScope(d.pop("scope"))




        actor = ClientActor.from_dict(d.pop("actor"))




        until = datetime.datetime.fromisoformat(d.pop("until"))




        lockout_event = cls(
            type_=type_,
            at=at,
            scope=scope,
            actor=actor,
            until=until,
        )

        return lockout_event

