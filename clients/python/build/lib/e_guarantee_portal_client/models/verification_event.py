from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.verification_event_outcome import VerificationEventOutcome
from ..models.verification_event_purpose import VerificationEventPurpose
from ..types import UNSET, Unset
from typing import cast
from typing import Literal, cast
import datetime

if TYPE_CHECKING:
  from ..models.client_actor import ClientActor





T = TypeVar("T", bound="VerificationEvent")



@_attrs_define
class VerificationEvent:
    """ 
        Attributes:
            type_ (Literal['verification']):
            at (datetime.datetime): イベントの日時（UTC、マイクロ秒まで）
            outcome (VerificationEventOutcome):
            purpose (VerificationEventPurpose):
            actor (ClientActor): 保証契約番号と認証キーを使った人（`orderer` 照合・受領確認、`key_holder` お知らせの再作成・写しの作成）。
                `client` は接続元アドレスの鍵付きハッシュ（16 桁）で、アドレスそのものは記録しません。
            version (int | Unset): 版の番号（1 が新規発行、n+1 が第 n 回変更）/ Version number (1 = as issued).
     """

    type_: Literal['verification']
    at: datetime.datetime
    outcome: VerificationEventOutcome
    purpose: VerificationEventPurpose
    actor: ClientActor
    version: int | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.client_actor import ClientActor # noqa: PLC0415
        type_ = self.type_

        at = self.at.isoformat()

        outcome = self.outcome.value

        purpose = self.purpose.value

        actor = self.actor.to_dict()

        version = self.version


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "type": type_,
            "at": at,
            "outcome": outcome,
            "purpose": purpose,
            "actor": actor,
        })
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.client_actor import ClientActor # noqa: PLC0415
        d = dict(src_dict)
        type_ = cast(Literal['verification'] , d.pop("type"))
        if type_ != 'verification':
            raise ValueError(f"type must match const 'verification', got '{type_}'")

        at = datetime.datetime.fromisoformat(d.pop("at"))




        outcome = VerificationEventOutcome(d.pop("outcome"))




        purpose = VerificationEventPurpose(d.pop("purpose"))




        actor = ClientActor.from_dict(d.pop("actor"))




        version = d.pop("version", UNSET)

        verification_event = cls(
            type_=type_,
            at=at,
            outcome=outcome,
            purpose=purpose,
            actor=actor,
            version=version,
        )

        return verification_event

