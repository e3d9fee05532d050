from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.error_detail import ErrorDetail





T = TypeVar("T", bound="ErrorError")



@_attrs_define
class ErrorError:
    """ 
        Attributes:
            code (str): 機械処理用のエラーコード（各レスポンスの説明を参照）
            message (str): 利用者に表示できる日本語のメッセージ
            field (str | Unset): 原因となった項目。本文の項目はドット区切りの位置（例: `project.period.end`）、
                ヘッダーはヘッダー名（`Idempotency-Key`）。本文全体が原因のときはありません。
            details (list[ErrorDetail] | Unset): 本文の問題が 2 つ以上あるとき、そのすべて（先頭は `code`/`message`/`field` と同じ）
     """

    code: str
    message: str
    field: str | Unset = UNSET
    details: list[ErrorDetail] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.error_detail import ErrorDetail # noqa: PLC0415
        code = self.code

        message = self.message

        field = self.field

        details: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = []
            for details_item_data in self.details:
                details_item = details_item_data.to_dict()
                details.append(details_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "code": code,
            "message": message,
        })
        if field is not UNSET:
            field_dict["field"] = field
        if details is not UNSET:
            field_dict["details"] = details

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_detail import ErrorDetail # noqa: PLC0415
        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        field = d.pop("field", UNSET)

        _details = d.pop("details", UNSET)
        details: list[ErrorDetail] | Unset = UNSET
        if _details is not UNSET:
            details = []
            for details_item_data in _details:
                details_item = ErrorDetail.from_dict(details_item_data)



                details.append(details_item)


        error_error = cls(
            code=code,
            message=message,
            field=field,
            details=details,
        )

        return error_error

