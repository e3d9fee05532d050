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
  from ..models.receipt_withdrawn_event_actor import ReceiptWithdrawnEventActor





T = TypeVar("T", bound="ReceiptWithdrawnEvent")



@_attrs_define
class ReceiptWithdrawnEvent:
    """ 
        Attributes:
            type_ (Literal['receipt_withdrawn']):
            at (datetime.datetime): イベントの日時（UTC、マイクロ秒まで）
            version (int): 版の番号（1 が新規発行、n+1 が第 n 回変更）/ Version number (1 = as issued).
            actor (ReceiptWithdrawnEventActor): 受領を取り消した発注者（職員のアカウントのハッシュ、部署、記録した担当者）
     """

    type_: Literal['receipt_withdrawn']
    at: datetime.datetime
    version: int
    actor: ReceiptWithdrawnEventActor





    def to_dict(self) -> dict[str, Any]:
        from ..models.receipt_withdrawn_event_actor import ReceiptWithdrawnEventActor # noqa: PLC0415
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
        from ..models.receipt_withdrawn_event_actor import ReceiptWithdrawnEventActor # noqa: PLC0415
        d = dict(src_dict)
        type_ = cast(Literal['receipt_withdrawn'] , d.pop("type"))
        if type_ != 'receipt_withdrawn':
            raise ValueError(f"type must match const 'receipt_withdrawn', got '{type_}'")

        at = datetime.datetime.fromisoformat(d.pop("at"))




        version = d.pop("version")

        actor = ReceiptWithdrawnEventActor.from_dict(d.pop("actor"))




        receipt_withdrawn_event = cls(
            type_=type_,
            at=at,
            version=version,
            actor=actor,
        )

        return receipt_withdrawn_event

