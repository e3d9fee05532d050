from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.certificate import Certificate
  from ..models.notice_attachment import NoticeAttachment





T = TypeVar("T", bound="AmendmentResponse")



@_attrs_define
class AmendmentResponse:
    """ 変更の結果（新しい版）/ The new version, its key and notice. `guarantee` は新しい版の内容、
    `auth_key` は新しい版の認証キー、`version` は新しい版の番号（`base_version + 1`、`guarantee.version` と同じ）です。

        Attributes:
            guarantee (Certificate): 電子保証（1つの版の内容。発注者が確認する内容）/ One version of the electronic guarantee, as the orderer sees
                it.
                `status` は保証契約の状態と照合した日（日本時間）で判定します: 解約されていれば `cancelled`、
                より新しい版があれば `superseded`、保証期間の終期を過ぎていれば `expired`、それ以外は `valid`。
            auth_key (str): 認証キー。このレスポンス（と 24 時間以内の同一リクエストの再送）でのみ返されます。
                ポータルは平文で保存しないため、後から再表示できません。URL に含めないでください。
            version (int): 新しい版の番号
            notice (NoticeAttachment): 「電子保証にかかる「認証キー」のお知らせ」（A4 の PDF、QR コード付き）。受注者に渡し、受注者が発注者へ提出します。
                ポータルは保存しません（認証キーが印字されているため）。同じ文書は再送時に、また `POST /v1/notices` で
                保証契約番号と認証キーからいつでも作り直せます。版ごとに別のお知らせです。
     """

    guarantee: Certificate
    auth_key: str
    version: int
    notice: NoticeAttachment





    def to_dict(self) -> dict[str, Any]:
        from ..models.certificate import Certificate # noqa: PLC0415
        from ..models.notice_attachment import NoticeAttachment # noqa: PLC0415
        guarantee = self.guarantee.to_dict()

        auth_key = self.auth_key

        version = self.version

        notice = self.notice.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "guarantee": guarantee,
            "auth_key": auth_key,
            "version": version,
            "notice": notice,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.certificate import Certificate # noqa: PLC0415
        from ..models.notice_attachment import NoticeAttachment # noqa: PLC0415
        d = dict(src_dict)
        guarantee = Certificate.from_dict(d.pop("guarantee"))




        auth_key = d.pop("auth_key")

        version = d.pop("version")

        notice = NoticeAttachment.from_dict(d.pop("notice"))




        amendment_response = cls(
            guarantee=guarantee,
            auth_key=auth_key,
            version=version,
            notice=notice,
        )

        return amendment_response

