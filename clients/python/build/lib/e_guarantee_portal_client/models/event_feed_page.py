from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.feed_entry import FeedEntry





T = TypeVar("T", bound="EventFeedPage")



@_attrs_define
class EventFeedPage:
    """ 自社の電子保証のイベント（古い順）/ The surety's events, oldest first.

        Attributes:
            events (list[FeedEntry]):
            next_cursor (None | str): 続きを読むためのカーソル（保存して次の `cursor` に指定）。まだ何も返していなければ `null`。
            more (bool): `true` ならすぐ続きがあります。`false` ならいまある分はすべて返しました。
     """

    events: list[FeedEntry]
    next_cursor: None | str
    more: bool





    def to_dict(self) -> dict[str, Any]:
        from ..models.feed_entry import FeedEntry # noqa: PLC0415
        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)



        next_cursor: None | str
        next_cursor = self.next_cursor

        more = self.more


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "events": events,
            "next_cursor": next_cursor,
            "more": more,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.feed_entry import FeedEntry # noqa: PLC0415
        d = dict(src_dict)
        events = []
        _events = d.pop("events")
        for events_item_data in (_events):
            events_item = FeedEntry.from_dict(events_item_data)



            events.append(events_item)


        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))


        more = d.pop("more")

        event_feed_page = cls(
            events=events,
            next_cursor=next_cursor,
            more=more,
        )

        return event_feed_page

