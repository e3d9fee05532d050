from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.webhook_delivery import WebhookDelivery





T = TypeVar("T", bound="Webhook")



@_attrs_define
class Webhook:
    """ 登録した受信用の URLと送信の状況（シークレットは含みません）/ A webhook endpoint and its delivery state.

        Attributes:
            webhook_id (str):
            url (str):
            description (None | str):
            created_at (datetime.datetime): イベントの日時（UTC、マイクロ秒まで）
            previous_secret_valid_until (datetime.datetime | None): 再発行の前のシークレットでも署名している期限。なければ `null`。
            delivery (WebhookDelivery): 送信の状況 / How delivery goes.
     """

    webhook_id: str
    url: str
    description: None | str
    created_at: datetime.datetime
    previous_secret_valid_until: datetime.datetime | None
    delivery: WebhookDelivery





    def to_dict(self) -> dict[str, Any]:
        from ..models.webhook_delivery import WebhookDelivery # noqa: PLC0415
        webhook_id = self.webhook_id

        url = self.url

        description: None | str
        description = self.description

        created_at = self.created_at.isoformat()

        previous_secret_valid_until: None | str
        if isinstance(self.previous_secret_valid_until, datetime.datetime):
            previous_secret_valid_until = self.previous_secret_valid_until.isoformat()
        else:
            previous_secret_valid_until = self.previous_secret_valid_until

        delivery = self.delivery.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "webhook_id": webhook_id,
            "url": url,
            "description": description,
            "created_at": created_at,
            "previous_secret_valid_until": previous_secret_valid_until,
            "delivery": delivery,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_delivery import WebhookDelivery # noqa: PLC0415
        d = dict(src_dict)
        webhook_id = d.pop("webhook_id")

        url = d.pop("url")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_previous_secret_valid_until(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                previous_secret_valid_until_type_1 = datetime.datetime.fromisoformat(data)



                return previous_secret_valid_until_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        previous_secret_valid_until = _parse_previous_secret_valid_until(d.pop("previous_secret_valid_until"))


        delivery = WebhookDelivery.from_dict(d.pop("delivery"))




        webhook = cls(
            webhook_id=webhook_id,
            url=url,
            description=description,
            created_at=created_at,
            previous_secret_valid_until=previous_secret_valid_until,
            delivery=delivery,
        )

        return webhook

