from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.change_field import ChangeField
from ..models.change_label import ChangeLabel






T = TypeVar("T", bound="Change")



@_attrs_define
class Change:
    """ 変更された項目（人が読む形）/ One changed field, formatted for people.
    例: `{"field": "amount", "label": "保証金額", "before": "20,000,000円", "after": "25,000,000円"}`。
    法人番号がなかった・削除されたときは空文字列です。

        Attributes:
            field (ChangeField):
            label (ChangeLabel):
            before (str): 変更前（表示用に整形済み。金額は「20,000,000円」、期間は「2024年7月1日 〜 2025年4月14日」）
            after (str): 変更後（表示用に整形済み）
     """

    field: ChangeField
    label: ChangeLabel
    before: str
    after: str





    def to_dict(self) -> dict[str, Any]:
        field = self.field.value

        label = self.label.value

        before = self.before

        after = self.after


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "field": field,
            "label": label,
            "before": before,
            "after": after,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        field = ChangeField(d.pop("field"))




        label = ChangeLabel(d.pop("label"))




        before = d.pop("before")

        after = d.pop("after")

        change = cls(
            field=field,
            label=label,
            before=before,
            after=after,
        )

        return change

