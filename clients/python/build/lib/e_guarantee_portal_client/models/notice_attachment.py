from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import Literal, cast






T = TypeVar("T", bound="NoticeAttachment")



@_attrs_define
class NoticeAttachment:
    """ 「電子保証にかかる「認証キー」のお知らせ」（A4 の PDF、QR コード付き）。受注者に渡し、受注者が発注者へ提出します。
    ポータルは保存しません（認証キーが印字されているため）。同じ文書は再送時に、また `POST /v1/notices` で
    保証契約番号と認証キーからいつでも作り直せます。版ごとに別のお知らせです。

        Attributes:
            filename (str):
            content_type (Literal['application/pdf']):
            data_base64 (str):
     """

    filename: str
    content_type: Literal['application/pdf']
    data_base64: str





    def to_dict(self) -> dict[str, Any]:
        filename = self.filename

        content_type = self.content_type

        data_base64 = self.data_base64


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "filename": filename,
            "content_type": content_type,
            "data_base64": data_base64,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        filename = d.pop("filename")

        content_type = cast(Literal['application/pdf'] , d.pop("content_type"))
        if content_type != 'application/pdf':
            raise ValueError(f"content_type must match const 'application/pdf', got '{content_type}'")

        data_base64 = d.pop("data_base64")

        notice_attachment = cls(
            filename=filename,
            content_type=content_type,
            data_base64=data_base64,
        )

        return notice_attachment

