from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.change import Change





T = TypeVar("T", bound="HistoryRow")



@_attrs_define
class HistoryRow:
    """ 「変更の履歴」の表の1行（版・日付・内容・変更点）/ One row of the history table as printed.

        Attributes:
            version (str):
            date (str):
            content (str): 新規、または「第 n 回変更（理由）」
            changes (list[Change]):
     """

    version: str
    date: str
    content: str
    changes: list[Change]





    def to_dict(self) -> dict[str, Any]:
        from ..models.change import Change # noqa: PLC0415
        version = self.version

        date = self.date

        content = self.content

        changes = []
        for changes_item_data in self.changes:
            changes_item = changes_item_data.to_dict()
            changes.append(changes_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "version": version,
            "date": date,
            "content": content,
            "changes": changes,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.change import Change # noqa: PLC0415
        d = dict(src_dict)
        version = d.pop("version")

        date = d.pop("date")

        content = d.pop("content")

        changes = []
        _changes = d.pop("changes")
        for changes_item_data in (_changes):
            changes_item = Change.from_dict(changes_item_data)



            changes.append(changes_item)


        history_row = cls(
            version=version,
            date=date,
            content=content,
            changes=changes,
        )

        return history_row

