from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.kind import Kind
from ..models.ledger_row_state import LedgerRowState
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.period import Period





T = TypeVar("T", bound="LedgerRow")



@_attrs_define
class LedgerRow:
    """ 受領台帳の1行 / One receipt in the orderer's ledger.

        Attributes:
            guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
            version (int): 版の番号（1 が新規発行、n+1 が第 n 回変更）/ Version number (1 = as issued).
            contract_number (str): 保証契約番号（正規化済み。半角英大文字・数字・ハイフンで 4〜32 文字、先頭と末尾は英数字）
            kind (Kind): 保証の種類 / Kind of guarantee:
                `advance_payment`（前払金保証）、`interim_advance_payment`（中間前払金保証）、`contract`（契約保証）
            kind_label (str):
            project_name (str):
            contractor (str):
            amount (int): 円単位の整数（1 円以上 999,999,999,999 円以下）。小数点や指数表記は使えません。/ Whole yen.
            guarantee_period (Period): 期間（始期と終期を含む）。始期は終期以前で、長さは 3,660 日（約 10 年）以内です
                （違反すると `invalid_period` / `period_too_long`）。
                / An inclusive period; start <= end, at most 3,660 days.
            department (str):
            name (str):
            recorded_by (str): 受領を記録した職員のアカウント（メールアドレス）
            date (str): 2000 年から 2099 年までの日付 / A date in the years 2000 to 2099.
            recorded_at (datetime.datetime): 日時（UTC、秒単位）/ A UTC time, whole seconds.
            state (LedgerRowState):
            state_label (str): 現在の状態（例 有効、変更あり（第3版が発行済み）、解約（2024年12月1日）、期限満了）
            project_number (None | str | Unset):
     """

    guarantee_id: str
    version: int
    contract_number: str
    kind: Kind
    kind_label: str
    project_name: str
    contractor: str
    amount: int
    guarantee_period: Period
    department: str
    name: str
    recorded_by: str
    date: str
    recorded_at: datetime.datetime
    state: LedgerRowState
    state_label: str
    project_number: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.period import Period # noqa: PLC0415
        guarantee_id = self.guarantee_id

        version = self.version

        contract_number = self.contract_number

        kind = self.kind.value

        kind_label = self.kind_label

        project_name = self.project_name

        contractor = self.contractor

        amount = self.amount

        guarantee_period = self.guarantee_period.to_dict()

        department = self.department

        name = self.name

        recorded_by = self.recorded_by

        date = self.date

        recorded_at = self.recorded_at.isoformat()

        state = self.state.value

        state_label = self.state_label

        project_number: None | str | Unset
        if isinstance(self.project_number, Unset):
            project_number = UNSET
        else:
            project_number = self.project_number


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "guarantee_id": guarantee_id,
            "version": version,
            "contract_number": contract_number,
            "kind": kind,
            "kind_label": kind_label,
            "project_name": project_name,
            "contractor": contractor,
            "amount": amount,
            "guarantee_period": guarantee_period,
            "department": department,
            "name": name,
            "recorded_by": recorded_by,
            "date": date,
            "recorded_at": recorded_at,
            "state": state,
            "state_label": state_label,
        })
        if project_number is not UNSET:
            field_dict["project_number"] = project_number

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.period import Period # noqa: PLC0415
        d = dict(src_dict)
        guarantee_id = d.pop("guarantee_id")

        version = d.pop("version")

        contract_number = d.pop("contract_number")

        kind = Kind(d.pop("kind"))




        kind_label = d.pop("kind_label")

        project_name = d.pop("project_name")

        contractor = d.pop("contractor")

        amount = d.pop("amount")

        guarantee_period = Period.from_dict(d.pop("guarantee_period"))




        department = d.pop("department")

        name = d.pop("name")

        recorded_by = d.pop("recorded_by")

        date = d.pop("date")

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))




        state = LedgerRowState(d.pop("state"))




        state_label = d.pop("state_label")

        def _parse_project_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        project_number = _parse_project_number(d.pop("project_number", UNSET))


        ledger_row = cls(
            guarantee_id=guarantee_id,
            version=version,
            contract_number=contract_number,
            kind=kind,
            kind_label=kind_label,
            project_name=project_name,
            contractor=contractor,
            amount=amount,
            guarantee_period=guarantee_period,
            department=department,
            name=name,
            recorded_by=recorded_by,
            date=date,
            recorded_at=recorded_at,
            state=state,
            state_label=state_label,
            project_number=project_number,
        )

        return ledger_row

