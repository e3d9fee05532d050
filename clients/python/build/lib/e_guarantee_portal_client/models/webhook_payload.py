from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.amended_event import AmendedEvent
  from ..models.cancelled_event import CancelledEvent
  from ..models.expired_event import ExpiredEvent
  from ..models.issued_event import IssuedEvent
  from ..models.lockout_event import LockoutEvent
  from ..models.receipt_event import ReceiptEvent
  from ..models.receipt_withdrawn_event import ReceiptWithdrawnEvent
  from ..models.verification_event import VerificationEvent





T = TypeVar("T", bound="WebhookPayload")



@_attrs_define
class WebhookPayload:
    """ Webhook で送る本文（1件のイベント）/ The body of a webhook delivery. `FeedEntry` に、このイベントの直後を指す
    `cursor` を加えたものです。受信側が止まっていた後は、最後に受け取った `cursor` から `GET /v1/events` で読むか、
    `POST /v1/webhooks/{webhook_id}/replay` で送り直させてください。

        Attributes:
            event_id (str): イベントの ID（`webhook-id` ヘッダーと同じ。再送・送り直しでも変わりません）/ The event's id.
            guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
            event (AmendedEvent | CancelledEvent | ExpiredEvent | IssuedEvent | LockoutEvent | ReceiptEvent |
                ReceiptWithdrawnEvent | VerificationEvent): イベント（`type` で種類を区別）/ One entry of the event log (events.py). 認証キーや
                API トークンは含みません。
                - `issued`: 発行、`amended`: 変更（新しい版）、`cancelled`: 解約
                - `verification`: 保証契約番号と認証キーによる照合の試行（`purpose`: `verify` 照合、`notice` お知らせの再作成、
                  `receipt` 受領確認、`copy` 写しの作成。`outcome`: `success`。`wrong_key`［`version` なし］は 2026年12月より前の記録にだけあります。
                  いまは誤った認証キーを保証ごとには記録せず、下の `lockout` で知らせます）
                - `receipt`: 受領確認の記録、`receipt_withdrawn`: 誤って記録した受領確認の取り消し
                - `lockout`: この保証契約番号への認証キーの誤りが、すべての接続元の合計で1時間の上限に達した（`scope`: `number`。知らせであり、
                  確認は止めません。`until` はその時間帯の終わり。保証会社にもメールで知らせます）
                - `expired`: 保証期間が終わった（`date` は保証期間の最終日。解約・変更されずに終わった保証契約について、翌日（日本時間）に記録します）

                イベントの種類は今後増えることがあります。受け取る側は、知らない `type` のイベントを読み飛ばしてください
                （`expired` は API 1.6.0 で加わりました。1.5.0 から生成したクライアントは、作り直してください）。
            cursor (str): 続きを取得するための不透明なカーソル（署名付き。取得した一覧にだけ使えます）/ An opaque, signed cursor.
     """

    event_id: str
    guarantee_id: str
    event: AmendedEvent | CancelledEvent | ExpiredEvent | IssuedEvent | LockoutEvent | ReceiptEvent | ReceiptWithdrawnEvent | VerificationEvent
    cursor: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.amended_event import AmendedEvent # noqa: PLC0415
        from ..models.cancelled_event import CancelledEvent # noqa: PLC0415
        from ..models.expired_event import ExpiredEvent # noqa: PLC0415
        from ..models.issued_event import IssuedEvent # noqa: PLC0415
        from ..models.lockout_event import LockoutEvent # noqa: PLC0415
        from ..models.receipt_event import ReceiptEvent # noqa: PLC0415
        from ..models.receipt_withdrawn_event import ReceiptWithdrawnEvent # noqa: PLC0415
        from ..models.verification_event import VerificationEvent # noqa: PLC0415
        event_id = self.event_id

        guarantee_id = self.guarantee_id

        event: dict[str, Any]
        if isinstance(self.event, IssuedEvent):
            event = self.event.to_dict()
        elif isinstance(self.event, AmendedEvent):
            event = self.event.to_dict()
        elif isinstance(self.event, CancelledEvent):
            event = self.event.to_dict()
        elif isinstance(self.event, VerificationEvent):
            event = self.event.to_dict()
        elif isinstance(self.event, ReceiptEvent):
            event = self.event.to_dict()
        elif isinstance(self.event, ReceiptWithdrawnEvent):
            event = self.event.to_dict()
        elif isinstance(self.event, LockoutEvent):
            event = self.event.to_dict()
        else:
            event = self.event.to_dict()


        cursor = self.cursor


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "event_id": event_id,
            "guarantee_id": guarantee_id,
            "event": event,
            "cursor": cursor,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.amended_event import AmendedEvent # noqa: PLC0415
        from ..models.cancelled_event import CancelledEvent # noqa: PLC0415
        from ..models.expired_event import ExpiredEvent # noqa: PLC0415
        from ..models.issued_event import IssuedEvent # noqa: PLC0415
        from ..models.lockout_event import LockoutEvent # noqa: PLC0415
        from ..models.receipt_event import ReceiptEvent # noqa: PLC0415
        from ..models.receipt_withdrawn_event import ReceiptWithdrawnEvent # noqa: PLC0415
        from ..models.verification_event import VerificationEvent # noqa: PLC0415
        d = dict(src_dict)
        event_id = d.pop("event_id")

        guarantee_id = d.pop("guarantee_id")

        def _parse_event(data: object) -> AmendedEvent | CancelledEvent | ExpiredEvent | IssuedEvent | LockoutEvent | ReceiptEvent | ReceiptWithdrawnEvent | VerificationEvent:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_type_0 = IssuedEvent.from_dict(data)



                return componentsschemas_event_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_type_1 = AmendedEvent.from_dict(data)



                return componentsschemas_event_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_type_2 = CancelledEvent.from_dict(data)



                return componentsschemas_event_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_type_3 = VerificationEvent.from_dict(data)



                return componentsschemas_event_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_type_4 = ReceiptEvent.from_dict(data)



                return componentsschemas_event_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_type_5 = ReceiptWithdrawnEvent.from_dict(data)



                return componentsschemas_event_type_5
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_type_6 = LockoutEvent.from_dict(data)



                return componentsschemas_event_type_6
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_event_type_7 = ExpiredEvent.from_dict(data)



            return componentsschemas_event_type_7

        event = _parse_event(d.pop("event"))


        cursor = d.pop("cursor")

        webhook_payload = cls(
            event_id=event_id,
            guarantee_id=guarantee_id,
            event=event,
            cursor=cursor,
        )

        return webhook_payload

