from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.signing_key import SigningKey





T = TypeVar("T", bound="Jwks")



@_attrs_define
class Jwks:
    """ JWK Set（RFC 7517）/ The signing keys.

        Attributes:
            keys (list[SigningKey]):
            current_kid (str | Unset): いま署名に使っている鍵の `kid`。ほかの鍵は過去の署名の検証用です。まだ何も署名していないときはありません。
                / The kid of the key that signs now (a JWK Set member, RFC 7517 §5); the others verify older signatures.
     """

    keys: list[SigningKey]
    current_kid: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.signing_key import SigningKey # noqa: PLC0415
        keys = []
        for keys_item_data in self.keys:
            keys_item = keys_item_data.to_dict()
            keys.append(keys_item)



        current_kid = self.current_kid


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "keys": keys,
        })
        if current_kid is not UNSET:
            field_dict["current_kid"] = current_kid

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.signing_key import SigningKey # noqa: PLC0415
        d = dict(src_dict)
        keys = []
        _keys = d.pop("keys")
        for keys_item_data in (_keys):
            keys_item = SigningKey.from_dict(keys_item_data)



            keys.append(keys_item)


        current_kid = d.pop("current_kid", UNSET)

        jwks = cls(
            keys=keys,
            current_kid=current_kid,
        )

        return jwks

