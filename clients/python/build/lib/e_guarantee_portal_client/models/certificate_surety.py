from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.certificate_surety_contact import CertificateSuretyContact





T = TypeVar("T", bound="CertificateSurety")



@_attrs_define
class CertificateSurety:
    """ 保証会社。`representative`（代表者）・`head_office`（本店所在地）・`contact`（取扱支店などのお問い合わせ先）は、
    保証会社が登録している場合にあります（これらの項目ができる前に発行された版にはありません）。

        Attributes:
            id (str):
            name (str):
            representative (str | Unset): 代表者（例 代表取締役社長 ○○ ○○）
            head_office (str | Unset): 本店所在地
            contact (CertificateSuretyContact | Unset): お問い合わせ先（取扱支店）
     """

    id: str
    name: str
    representative: str | Unset = UNSET
    head_office: str | Unset = UNSET
    contact: CertificateSuretyContact | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.certificate_surety_contact import CertificateSuretyContact # noqa: PLC0415
        id = self.id

        name = self.name

        representative = self.representative

        head_office = self.head_office

        contact: dict[str, Any] | Unset = UNSET
        if not isinstance(self.contact, Unset):
            contact = self.contact.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "name": name,
        })
        if representative is not UNSET:
            field_dict["representative"] = representative
        if head_office is not UNSET:
            field_dict["head_office"] = head_office
        if contact is not UNSET:
            field_dict["contact"] = contact

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.certificate_surety_contact import CertificateSuretyContact # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        representative = d.pop("representative", UNSET)

        head_office = d.pop("head_office", UNSET)

        _contact = d.pop("contact", UNSET)
        contact: CertificateSuretyContact | Unset
        if isinstance(_contact,  Unset):
            contact = UNSET
        else:
            contact = CertificateSuretyContact.from_dict(_contact)




        certificate_surety = cls(
            id=id,
            name=name,
            representative=representative,
            head_office=head_office,
            contact=contact,
        )

        return certificate_surety

