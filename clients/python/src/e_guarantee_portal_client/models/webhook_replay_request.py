from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="WebhookReplayRequest")



@_attrs_define
class WebhookReplayRequest:
    """ 送り直す起点（どちらか一方）/ Where to deliver again from (one of the two).

        Attributes:
            since (datetime.datetime | Unset): この日時より後のイベントを送ります（タイムゾーン付き。例 `2026-12-01T09:00:00+09:00`）
            cursor (str | Unset): 続きを取得するための不透明なカーソル（署名付き。取得した一覧にだけ使えます）/ An opaque, signed cursor.
     """

    since: datetime.datetime | Unset = UNSET
    cursor: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        since: str | Unset = UNSET
        if not isinstance(self.since, Unset):
            since = self.since.isoformat()

        cursor = self.cursor


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if since is not UNSET:
            field_dict["since"] = since
        if cursor is not UNSET:
            field_dict["cursor"] = cursor

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _since = d.pop("since", UNSET)
        since: datetime.datetime | Unset
        if isinstance(_since,  Unset):
            since = UNSET
        else:
            since = datetime.datetime.fromisoformat(_since)




        cursor = d.pop("cursor", UNSET)

        webhook_replay_request = cls(
            since=since,
            cursor=cursor,
        )

        return webhook_replay_request

