from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.guarantee_summary_status import GuaranteeSummaryStatus
from typing import cast
import datetime






T = TypeVar("T", bound="GuaranteeSummary")



@_attrs_define
class GuaranteeSummary:
    """ 一覧の1行 / One guarantee in a list. `status` は登録上の状態（`active` 解約されていない、`cancelled` 解約）で、
    期限満了かどうかは含みません（`GET /v1/guarantees/{guarantee_id}` の `status` を見てください）。

        Attributes:
            guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
            contract_number (str): 保証契約番号（正規化済み。半角英大文字・数字・ハイフンで 4〜32 文字、先頭と末尾は英数字）
            latest_version (int): 版の番号（1 が新規発行、n+1 が第 n 回変更）/ Version number (1 = as issued).
            status (GuaranteeSummaryStatus):
            created_at (datetime.datetime): 日時（UTC、秒単位）/ A UTC time, whole seconds.
     """

    guarantee_id: str
    contract_number: str
    latest_version: int
    status: GuaranteeSummaryStatus
    created_at: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        guarantee_id = self.guarantee_id

        contract_number = self.contract_number

        latest_version = self.latest_version

        status = self.status.value

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "guarantee_id": guarantee_id,
            "contract_number": contract_number,
            "latest_version": latest_version,
            "status": status,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        guarantee_id = d.pop("guarantee_id")

        contract_number = d.pop("contract_number")

        latest_version = d.pop("latest_version")

        status = GuaranteeSummaryStatus(d.pop("status"))




        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        guarantee_summary = cls(
            guarantee_id=guarantee_id,
            contract_number=contract_number,
            latest_version=latest_version,
            status=status,
            created_at=created_at,
        )

        return guarantee_summary

