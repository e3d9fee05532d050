from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="SuretyReceipt")



@_attrs_define
class SuretyReceipt:
    """ 受領確認（保証会社の照会に示す内容。備考を含みます）/ A recorded receipt, as the surety sees it.

        Attributes:
            orderer (str): 発注者名（この版の発注者）
            department (str):
            name (str):
            date (str): 2000 年から 2099 年までの日付 / A date in the years 2000 to 2099.
            recorded_at (datetime.datetime): 日時（UTC、秒単位）/ A UTC time, whole seconds.
            label (str): 表示用の文（例「受領済み（佐久市 契約検査課、2024年7月2日）」）
            date_label (str): 受領日を人が読む形にしたもの / `date` as people read it.
            note (str | Unset): 発注者が記録時に書いた備考（指定されたときだけ）
     """

    orderer: str
    department: str
    name: str
    date: str
    recorded_at: datetime.datetime
    label: str
    date_label: str
    note: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        orderer = self.orderer

        department = self.department

        name = self.name

        date = self.date

        recorded_at = self.recorded_at.isoformat()

        label = self.label

        date_label = self.date_label

        note = self.note


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "orderer": orderer,
            "department": department,
            "name": name,
            "date": date,
            "recorded_at": recorded_at,
            "label": label,
            "date_label": date_label,
        })
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        orderer = d.pop("orderer")

        department = d.pop("department")

        name = d.pop("name")

        date = d.pop("date")

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))




        label = d.pop("label")

        date_label = d.pop("date_label")

        note = d.pop("note", UNSET)

        surety_receipt = cls(
            orderer=orderer,
            department=department,
            name=name,
            date=date,
            recorded_at=recorded_at,
            label=label,
            date_label=date_label,
            note=note,
        )

        return surety_receipt

