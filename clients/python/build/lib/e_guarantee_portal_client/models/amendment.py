from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.amendment_reason import AmendmentReason
from typing import cast

if TYPE_CHECKING:
  from ..models.change import Change





T = TypeVar("T", bound="Amendment")



@_attrs_define
class Amendment:
    """ 変更の内容 / What an amendment did.

        Attributes:
            reason (AmendmentReason): 変更の理由（guarantee.py AMENDMENT_REASONS）: `increase`（増額）、`decrease`（減額）、
                `extension`（保証期限変更）、`other`（その他）
            effective_date (str): 2000 年から 2099 年までの日付 / A date in the years 2000 to 2099.
            note (None | str): 変更リクエストの `note`（なければ `null`）
            changes (list[Change]):
     """

    reason: AmendmentReason
    effective_date: str
    note: None | str
    changes: list[Change]





    def to_dict(self) -> dict[str, Any]:
        from ..models.change import Change # noqa: PLC0415
        reason = self.reason.value

        effective_date = self.effective_date

        note: None | str
        note = self.note

        changes = []
        for changes_item_data in self.changes:
            changes_item = changes_item_data.to_dict()
            changes.append(changes_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "reason": reason,
            "effective_date": effective_date,
            "note": note,
            "changes": changes,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.change import Change # noqa: PLC0415
        d = dict(src_dict)
        reason = AmendmentReason(d.pop("reason"))




        effective_date = d.pop("effective_date")

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))


        changes = []
        _changes = d.pop("changes")
        for changes_item_data in (_changes):
            changes_item = Change.from_dict(changes_item_data)



            changes.append(changes_item)


        amendment = cls(
            reason=reason,
            effective_date=effective_date,
            note=note,
            changes=changes,
        )

        return amendment

