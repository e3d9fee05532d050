from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="CertificateSuretyContact")



@_attrs_define
class CertificateSuretyContact:
    """ お問い合わせ先（取扱支店）

        Attributes:
            department (str | Unset): 部署・支店名
            phone (str | Unset):
            email (str | Unset):
            hours (str | Unset): 受付時間
     """

    department: str | Unset = UNSET
    phone: str | Unset = UNSET
    email: str | Unset = UNSET
    hours: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        department = self.department

        phone = self.phone

        email = self.email

        hours = self.hours


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if department is not UNSET:
            field_dict["department"] = department
        if phone is not UNSET:
            field_dict["phone"] = phone
        if email is not UNSET:
            field_dict["email"] = email
        if hours is not UNSET:
            field_dict["hours"] = hours

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        department = d.pop("department", UNSET)

        phone = d.pop("phone", UNSET)

        email = d.pop("email", UNSET)

        hours = d.pop("hours", UNSET)

        certificate_surety_contact = cls(
            department=department,
            phone=phone,
            email=email,
            hours=hours,
        )

        return certificate_surety_contact

