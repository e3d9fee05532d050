from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="WebhookRegistration")



@_attrs_define
class WebhookRegistration:
    """ 受信用の URLの登録 / A webhook endpoint to register.

        Attributes:
            url (str): 受信用の URL（`https://`、ポート番号なし［443 番］。インターネットから接続できるホスト名または IP アドレス）
            description (str | Unset): 空白以外の文字を含む文字列。制御文字・書式制御文字（U+202E など）は使えません
                （`invalid_character`）。前後の空白は取り除いてから保存されます。
     """

    url: str
    description: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        url = self.url

        description = self.description


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "url": url,
        })
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        description = d.pop("description", UNSET)

        webhook_registration = cls(
            url=url,
            description=description,
        )

        return webhook_registration

