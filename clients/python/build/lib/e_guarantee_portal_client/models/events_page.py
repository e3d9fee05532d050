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





T = TypeVar("T", bound="EventsPage")



@_attrs_define
class EventsPage:
    """ イベントログの1ページ（古い順）/ One page of the event log, oldest first.

        Attributes:
            events (list[AmendedEvent | CancelledEvent | ExpiredEvent | IssuedEvent | LockoutEvent | ReceiptEvent |
                ReceiptWithdrawnEvent | VerificationEvent]):
            next_cursor (None | str): 続きがあれば次のページのカーソル（`cursor` にそのまま指定）。終わりなら `null`。
     """

    events: list[AmendedEvent | CancelledEvent | ExpiredEvent | IssuedEvent | LockoutEvent | ReceiptEvent | ReceiptWithdrawnEvent | VerificationEvent]
    next_cursor: None | str





    def to_dict(self) -> dict[str, Any]:
        from ..models.amended_event import AmendedEvent # noqa: PLC0415
        from ..models.cancelled_event import CancelledEvent # noqa: PLC0415
        from ..models.expired_event import ExpiredEvent # noqa: PLC0415
        from ..models.issued_event import IssuedEvent # noqa: PLC0415
        from ..models.lockout_event import LockoutEvent # noqa: PLC0415
        from ..models.receipt_event import ReceiptEvent # noqa: PLC0415
        from ..models.receipt_withdrawn_event import ReceiptWithdrawnEvent # noqa: PLC0415
        from ..models.verification_event import VerificationEvent # noqa: PLC0415
        events = []
        for events_item_data in self.events:
            events_item: dict[str, Any]
            if isinstance(events_item_data, IssuedEvent):
                events_item = events_item_data.to_dict()
            elif isinstance(events_item_data, AmendedEvent):
                events_item = events_item_data.to_dict()
            elif isinstance(events_item_data, CancelledEvent):
                events_item = events_item_data.to_dict()
            elif isinstance(events_item_data, VerificationEvent):
                events_item = events_item_data.to_dict()
            elif isinstance(events_item_data, ReceiptEvent):
                events_item = events_item_data.to_dict()
            elif isinstance(events_item_data, ReceiptWithdrawnEvent):
                events_item = events_item_data.to_dict()
            elif isinstance(events_item_data, LockoutEvent):
                events_item = events_item_data.to_dict()
            else:
                events_item = events_item_data.to_dict()

            events.append(events_item)



        next_cursor: None | str
        next_cursor = self.next_cursor


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "events": events,
            "next_cursor": next_cursor,
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
        events = []
        _events = d.pop("events")
        for events_item_data in (_events):
            def _parse_events_item(data: object) -> AmendedEvent | CancelledEvent | ExpiredEvent | IssuedEvent | LockoutEvent | ReceiptEvent | ReceiptWithdrawnEvent | VerificationEvent:
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

            events_item = _parse_events_item(events_item_data)

            events.append(events_item)


        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))


        events_page = cls(
            events=events,
            next_cursor=next_cursor,
        )

        return events_page

