from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.signing_key_status import SigningKeyStatus
from typing import Literal, cast






T = TypeVar("T", bound="SigningKey")



@_attrs_define
class SigningKey:
    """ 署名の公開鍵（P-256 の EC 鍵）/ One public key (EC P-256).

        Attributes:
            kty (Literal['EC']):
            crv (Literal['P-256']):
            x (str):
            y (str):
            kid (str): 鍵の ID（RFC 7638 の JWK サムプリント、SHA-256、base64url）
            alg (Literal['ES256']):
            use (Literal['sig']):
            status (SigningKeyStatus): 廃止予定（次のメジャーバージョンで削除します）。代わりに一覧の `current_kid` を使ってください。
                `current`（いま署名に使っている鍵）または `retired`（過去の署名の検証用）。
                / Deprecated: use the set's `current_kid`; not an RFC 7517 member.
     """

    kty: Literal['EC']
    crv: Literal['P-256']
    x: str
    y: str
    kid: str
    alg: Literal['ES256']
    use: Literal['sig']
    status: SigningKeyStatus





    def to_dict(self) -> dict[str, Any]:
        kty = self.kty

        crv = self.crv

        x = self.x

        y = self.y

        kid = self.kid

        alg = self.alg

        use = self.use

        status = self.status.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "kty": kty,
            "crv": crv,
            "x": x,
            "y": y,
            "kid": kid,
            "alg": alg,
            "use": use,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kty = cast(Literal['EC'] , d.pop("kty"))
        if kty != 'EC':
            raise ValueError(f"kty must match const 'EC', got '{kty}'")

        crv = cast(Literal['P-256'] , d.pop("crv"))
        if crv != 'P-256':
            raise ValueError(f"crv must match const 'P-256', got '{crv}'")

        x = d.pop("x")

        y = d.pop("y")

        kid = d.pop("kid")

        alg = cast(Literal['ES256'] , d.pop("alg"))
        if alg != 'ES256':
            raise ValueError(f"alg must match const 'ES256', got '{alg}'")

        use = cast(Literal['sig'] , d.pop("use"))
        if use != 'sig':
            raise ValueError(f"use must match const 'sig', got '{use}'")

        status = SigningKeyStatus(d.pop("status"))




        signing_key = cls(
            kty=kty,
            crv=crv,
            x=x,
            y=y,
            kid=kid,
            alg=alg,
            use=use,
            status=status,
        )

        return signing_key

