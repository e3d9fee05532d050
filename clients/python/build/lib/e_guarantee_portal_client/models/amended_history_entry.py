from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.amended_history_entry_reason_label import AmendedHistoryEntryReasonLabel
from ..models.amendment_reason import AmendmentReason
from typing import cast
from typing import Literal, cast

if TYPE_CHECKING:
  from ..models.change import Change





T = TypeVar("T", bound="AmendedHistoryEntry")



@_attrs_define
class AmendedHistoryEntry:
    """ 変更（第 n 回変更 = 第 n+1 版）/ An amendment.

        Attributes:
            version (int):
            kind (Literal['amended']):
            label (str): 第 n 回変更（n = version - 1）
            date (str): 2000 年から 2099 年までの日付 / A date in the years 2000 to 2099.
            reason (AmendmentReason): 変更の理由（guarantee.py AMENDMENT_REASONS）: `increase`（増額）、`decrease`（減額）、
                `extension`（保証期限変更）、`other`（その他）
            reason_label (AmendedHistoryEntryReasonLabel):
            changes (list[Change]):
     """

    version: int
    kind: Literal['amended']
    label: str
    date: str
    reason: AmendmentReason
    reason_label: AmendedHistoryEntryReasonLabel
    changes: list[Change]





    def to_dict(self) -> dict[str, Any]:
        from ..models.change import Change # noqa: PLC0415
        version = self.version

        kind = self.kind

        label = self.label

        date = self.date

        reason = self.reason.value

        reason_label = self.reason_label.value

        changes = []
        for changes_item_data in self.changes:
            changes_item = changes_item_data.to_dict()
            changes.append(changes_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "version": version,
            "kind": kind,
            "label": label,
            "date": date,
            "reason": reason,
            "reason_label": reason_label,
            "changes": changes,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.change import Change # noqa: PLC0415
        d = dict(src_dict)
        version = d.pop("version")

        kind = cast(Literal['amended'] , d.pop("kind"))
        if kind != 'amended':
            raise ValueError(f"kind must match const 'amended', got '{kind}'")

        label = d.pop("label")

        date = d.pop("date")

        reason = AmendmentReason(d.pop("reason"))




        reason_label = AmendedHistoryEntryReasonLabel(d.pop("reason_label"))




        changes = []
        _changes = d.pop("changes")
        for changes_item_data in (_changes):
            changes_item = Change.from_dict(changes_item_data)



            changes.append(changes_item)


        amended_history_entry = cls(
            version=version,
            kind=kind,
            label=label,
            date=date,
            reason=reason,
            reason_label=reason_label,
            changes=changes,
        )

        return amended_history_entry

