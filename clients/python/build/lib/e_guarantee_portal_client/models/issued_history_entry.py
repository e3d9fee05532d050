from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from typing import Literal, cast

if TYPE_CHECKING:
  from ..models.change import Change





T = TypeVar("T", bound="IssuedHistoryEntry")



@_attrs_define
class IssuedHistoryEntry:
    """ 新規発行（第1版）/ As issued.

        Attributes:
            version (Literal[1]):
            kind (Literal['issued']):
            label (Literal['新規']):
            date (str): 2000 年から 2099 年までの日付 / A date in the years 2000 to 2099.
            reason (None):
            reason_label (None):
            changes (list[Change]):
     """

    version: Literal[1]
    kind: Literal['issued']
    label: Literal['新規']
    date: str
    reason: None
    reason_label: None
    changes: list[Change]





    def to_dict(self) -> dict[str, Any]:
        from ..models.change import Change # noqa: PLC0415
        version = self.version

        kind = self.kind

        label = self.label

        date = self.date

        reason = self.reason

        reason_label = self.reason_label

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
        version = cast(Literal[1] , d.pop("version"))
        if version != 1:
            raise ValueError(f"version must match const 1, got '{version}'")

        kind = cast(Literal['issued'] , d.pop("kind"))
        if kind != 'issued':
            raise ValueError(f"kind must match const 'issued', got '{kind}'")

        label = cast(Literal['新規'] , d.pop("label"))
        if label != '新規':
            raise ValueError(f"label must match const '新規', got '{label}'")

        date = d.pop("date")

        reason = d.pop("reason")

        reason_label = d.pop("reason_label")

        changes = []
        _changes = d.pop("changes")
        for changes_item_data in (_changes):
            changes_item = Change.from_dict(changes_item_data)



            changes.append(changes_item)


        issued_history_entry = cls(
            version=version,
            kind=kind,
            label=label,
            date=date,
            reason=reason,
            reason_label=reason_label,
            changes=changes,
        )

        return issued_history_entry

