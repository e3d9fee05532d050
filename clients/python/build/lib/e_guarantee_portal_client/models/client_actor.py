from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.client_actor_kind import ClientActorKind






T = TypeVar("T", bound="ClientActor")



@_attrs_define
class ClientActor:
    """ 保証契約番号と認証キーを使った人（`orderer` 照合・受領確認、`key_holder` お知らせの再作成・写しの作成）。
    `client` は接続元アドレスの鍵付きハッシュ（16 桁）で、アドレスそのものは記録しません。

        Attributes:
            kind (ClientActorKind):
            client (str):
     """

    kind: ClientActorKind
    client: str





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        client = self.client


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "kind": kind,
            "client": client,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = ClientActorKind(d.pop("kind"))




        client = d.pop("client")

        client_actor = cls(
            kind=kind,
            client=client,
        )

        return client_actor

