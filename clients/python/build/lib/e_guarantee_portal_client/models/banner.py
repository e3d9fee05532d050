from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.banner_kind import BannerKind






T = TypeVar("T", bound="Banner")



@_attrs_define
class Banner:
    """ 発注者への案内 / A notice to the orderer. `kind` ごとの意味:
    `superseded`（このキーの版のあとに変更があった。`message` に最新の変更［第何回変更］とその日付）、
    `cancelled`（保証契約が解約された。`message` に解約日）、`expired`（保証期間が終わった。`message` に終期）。
    `advice` はどうすればよいかの案内です。

        Attributes:
            kind (BannerKind):
            message (str):
            advice (str):
     """

    kind: BannerKind
    message: str
    advice: str





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        message = self.message

        advice = self.advice


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "kind": kind,
            "message": message,
            "advice": advice,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = BannerKind(d.pop("kind"))




        message = d.pop("message")

        advice = d.pop("advice")

        banner = cls(
            kind=kind,
            message=message,
            advice=advice,
        )

        return banner

