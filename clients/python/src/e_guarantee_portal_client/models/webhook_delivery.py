from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="WebhookDelivery")



@_attrs_define
class WebhookDelivery:
    """ 送信の状況 / How delivery goes.

        Attributes:
            delivered (int): 届いた（2xx が返った）イベントの数
            last_success_at (datetime.datetime | None): 最後に届いた日時（まだなければ `null`）
            failures (int): 続けて失敗している回数（届けば 0）
            last_error (None | str): 失敗している理由（失敗していなければ `null`）: `http_<状態コード>`（2xx 以外の応答。リダイレクトを含む）、`timeout`、
                `connection_refused`、`connection_failed`、`tls_error`、`name_not_resolved`、`address_not_public`、
                `port_not_allowed`（443 番以外のポートで登録されていた URL。登録し直してください）
            last_failure_at (datetime.datetime | None):
            next_attempt_at (datetime.datetime | None): 失敗しているとき、次に送り直す日時
     """

    delivered: int
    last_success_at: datetime.datetime | None
    failures: int
    last_error: None | str
    last_failure_at: datetime.datetime | None
    next_attempt_at: datetime.datetime | None





    def to_dict(self) -> dict[str, Any]:
        delivered = self.delivered

        last_success_at: None | str
        if isinstance(self.last_success_at, datetime.datetime):
            last_success_at = self.last_success_at.isoformat()
        else:
            last_success_at = self.last_success_at

        failures = self.failures

        last_error: None | str
        last_error = self.last_error

        last_failure_at: None | str
        if isinstance(self.last_failure_at, datetime.datetime):
            last_failure_at = self.last_failure_at.isoformat()
        else:
            last_failure_at = self.last_failure_at

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "delivered": delivered,
            "last_success_at": last_success_at,
            "failures": failures,
            "last_error": last_error,
            "last_failure_at": last_failure_at,
            "next_attempt_at": next_attempt_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        delivered = d.pop("delivered")

        def _parse_last_success_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_success_at_type_1 = datetime.datetime.fromisoformat(data)



                return last_success_at_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_success_at = _parse_last_success_at(d.pop("last_success_at"))


        failures = d.pop("failures")

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))


        def _parse_last_failure_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_failure_at_type_1 = datetime.datetime.fromisoformat(data)



                return last_failure_at_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_failure_at = _parse_last_failure_at(d.pop("last_failure_at"))


        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_1 = datetime.datetime.fromisoformat(data)



                return next_attempt_at_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))


        webhook_delivery = cls(
            delivered=delivered,
            last_success_at=last_success_at,
            failures=failures,
            last_error=last_error,
            last_failure_at=last_failure_at,
            next_attempt_at=next_attempt_at,
        )

        return webhook_delivery

