from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.amendment_reason import AmendmentReason
from typing import cast
from typing import Literal, cast
import datetime

if TYPE_CHECKING:
  from ..models.surety_actor import SuretyActor





T = TypeVar("T", bound="AmendedEvent")



@_attrs_define
class AmendedEvent:
    """ 
        Attributes:
            type_ (Literal['amended']):
            at (datetime.datetime): イベントの日時（UTC、マイクロ秒まで）
            version (int): できた版の番号
            actor (SuretyActor): 操作した保証会社と API トークン（トークンの ID だけで、秘密部分は含みません）
            reason (AmendmentReason): 変更の理由（guarantee.py AMENDMENT_REASONS）: `increase`（増額）、`decrease`（減額）、
                `extension`（保証期限変更）、`other`（その他）
     """

    type_: Literal['amended']
    at: datetime.datetime
    version: int
    actor: SuretyActor
    reason: AmendmentReason





    def to_dict(self) -> dict[str, Any]:
        from ..models.surety_actor import SuretyActor # noqa: PLC0415
        type_ = self.type_

        at = self.at.isoformat()

        version = self.version

        actor = self.actor.to_dict()

        reason = self.reason.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "type": type_,
            "at": at,
            "version": version,
            "actor": actor,
            "reason": reason,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.surety_actor import SuretyActor # noqa: PLC0415
        d = dict(src_dict)
        type_ = cast(Literal['amended'] , d.pop("type"))
        if type_ != 'amended':
            raise ValueError(f"type must match const 'amended', got '{type_}'")

        at = datetime.datetime.fromisoformat(d.pop("at"))




        version = d.pop("version")

        actor = SuretyActor.from_dict(d.pop("actor"))




        reason = AmendmentReason(d.pop("reason"))




        amended_event = cls(
            type_=type_,
            at=at,
            version=version,
            actor=actor,
            reason=reason,
        )

        return amended_event

