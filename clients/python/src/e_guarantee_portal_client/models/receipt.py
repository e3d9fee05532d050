from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="Receipt")



@_attrs_define
class Receipt:
    """ 受領確認（照合結果・受領確認のレスポンスに示す内容）/ A recorded receipt, as key holders see it.
    記録時の備考（`note`）は含みません（保証会社の照会 `SuretyReceipt` にだけ含まれます）。

        Attributes:
            orderer (str): 発注者名（この版の発注者）
            department (str):
            name (str):
            date (str): 2000 年から 2099 年までの日付 / A date in the years 2000 to 2099.
            recorded_at (datetime.datetime): 日時（UTC、秒単位）/ A UTC time, whole seconds.
            label (str): 表示用の文（例「受領済み（佐久市 契約検査課、2024年7月2日）」）
            date_label (str): 受領日を人が読む形にしたもの / `date` as people read it.
     """

    orderer: str
    department: str
    name: str
    date: str
    recorded_at: datetime.datetime
    label: str
    date_label: str





    def to_dict(self) -> dict[str, Any]:
        orderer = self.orderer

        department = self.department

        name = self.name

        date = self.date

        recorded_at = self.recorded_at.isoformat()

        label = self.label

        date_label = self.date_label


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

        receipt = cls(
            orderer=orderer,
            department=department,
            name=name,
            date=date,
            recorded_at=recorded_at,
            label=label,
            date_label=date_label,
        )

        return receipt

