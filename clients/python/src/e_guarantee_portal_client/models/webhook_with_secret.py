from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.webhook import Webhook





T = TypeVar("T", bound="WebhookWithSecret")



@_attrs_define
class WebhookWithSecret:
    """ 
        Attributes:
            webhook (Webhook): 登録した受信用の URLと送信の状況（シークレットは含みません）/ A webhook endpoint and its delivery state.
            secret (str): 署名のシークレット（この応答でだけ表示します。安全な場所に保管してください）
     """

    webhook: Webhook
    secret: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.webhook import Webhook # noqa: PLC0415
        webhook = self.webhook.to_dict()

        secret = self.secret


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "webhook": webhook,
            "secret": secret,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook import Webhook # noqa: PLC0415
        d = dict(src_dict)
        webhook = Webhook.from_dict(d.pop("webhook"))




        secret = d.pop("secret")

        webhook_with_secret = cls(
            webhook=webhook,
            secret=secret,
        )

        return webhook_with_secret

