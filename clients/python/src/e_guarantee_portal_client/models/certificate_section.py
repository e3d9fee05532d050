from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.certificate_section_key import CertificateSectionKey
from typing import cast

if TYPE_CHECKING:
  from ..models.certificate_section_rows_item import CertificateSectionRowsItem





T = TypeVar("T", bound="CertificateSection")



@_attrs_define
class CertificateSection:
    """ 証書の見出しひとつと、その行 / One section of the certificate as printed.

        Attributes:
            key (CertificateSectionKey): 見出しの機械向けの名前（文言が変わっても変わりません）/ A stable name for scripts.
            title (str): 見出し（保証の内容、工事の内容、受注者、保証会社）
            rows (list[CertificateSectionRowsItem]):
     """

    key: CertificateSectionKey
    title: str
    rows: list[CertificateSectionRowsItem]





    def to_dict(self) -> dict[str, Any]:
        from ..models.certificate_section_rows_item import CertificateSectionRowsItem # noqa: PLC0415
        key = self.key.value

        title = self.title

        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "key": key,
            "title": title,
            "rows": rows,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.certificate_section_rows_item import CertificateSectionRowsItem # noqa: PLC0415
        d = dict(src_dict)
        key = CertificateSectionKey(d.pop("key"))




        title = d.pop("title")

        rows = []
        _rows = d.pop("rows")
        for rows_item_data in (_rows):
            rows_item = CertificateSectionRowsItem.from_dict(rows_item_data)



            rows.append(rows_item)


        certificate_section = cls(
            key=key,
            title=title,
            rows=rows,
        )

        return certificate_section

