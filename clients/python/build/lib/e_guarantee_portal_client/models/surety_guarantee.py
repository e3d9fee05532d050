from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.surety_guarantee_status import SuretyGuaranteeStatus
from ..models.surety_guarantee_status_label import SuretyGuaranteeStatusLabel
from typing import cast

if TYPE_CHECKING:
  from ..models.amended_history_entry import AmendedHistoryEntry
  from ..models.cancellation import Cancellation
  from ..models.guarantee_version import GuaranteeVersion
  from ..models.issued_history_entry import IssuedHistoryEntry





T = TypeVar("T", bound="SuretyGuarantee")



@_attrs_define
class SuretyGuarantee:
    """ 保証会社から見た保証契約（全版）/ A guarantee as its surety sees it, with every version.
    `status` は最新版の状態です（`valid`・`cancelled`・`expired`。最新版なので `superseded` にはなりません）。

        Attributes:
            guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
            contract_number (str): 保証契約番号（正規化済み。半角英大文字・数字・ハイフンで 4〜32 文字、先頭と末尾は英数字）
            latest_version (int): 版の番号（1 が新規発行、n+1 が第 n 回変更）/ Version number (1 = as issued).
            status (SuretyGuaranteeStatus): 最新版の状態（`valid` 有効、`cancelled` 解約、`expired` 期限満了）
            status_label (SuretyGuaranteeStatusLabel):
            cancellation (Cancellation | None): 解約されていれば解約の内容、そうでなければ `null`
            history (list[AmendedHistoryEntry | IssuedHistoryEntry]): すべての版の履歴（古い順）
            versions (list[GuaranteeVersion]): すべての版（古い順。`versions[i].version` は i+1）
     """

    guarantee_id: str
    contract_number: str
    latest_version: int
    status: SuretyGuaranteeStatus
    status_label: SuretyGuaranteeStatusLabel
    cancellation: Cancellation | None
    history: list[AmendedHistoryEntry | IssuedHistoryEntry]
    versions: list[GuaranteeVersion]





    def to_dict(self) -> dict[str, Any]:
        from ..models.amended_history_entry import AmendedHistoryEntry # noqa: PLC0415
        from ..models.cancellation import Cancellation # noqa: PLC0415
        from ..models.guarantee_version import GuaranteeVersion # noqa: PLC0415
        from ..models.issued_history_entry import IssuedHistoryEntry # noqa: PLC0415
        guarantee_id = self.guarantee_id

        contract_number = self.contract_number

        latest_version = self.latest_version

        status = self.status.value

        status_label = self.status_label.value

        cancellation: dict[str, Any] | None
        if isinstance(self.cancellation, Cancellation):
            cancellation = self.cancellation.to_dict()
        else:
            cancellation = self.cancellation

        history = []
        for history_item_data in self.history:
            history_item: dict[str, Any]
            if isinstance(history_item_data, IssuedHistoryEntry):
                history_item = history_item_data.to_dict()
            else:
                history_item = history_item_data.to_dict()

            history.append(history_item)



        versions = []
        for versions_item_data in self.versions:
            versions_item = versions_item_data.to_dict()
            versions.append(versions_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "guarantee_id": guarantee_id,
            "contract_number": contract_number,
            "latest_version": latest_version,
            "status": status,
            "status_label": status_label,
            "cancellation": cancellation,
            "history": history,
            "versions": versions,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.amended_history_entry import AmendedHistoryEntry # noqa: PLC0415
        from ..models.cancellation import Cancellation # noqa: PLC0415
        from ..models.guarantee_version import GuaranteeVersion # noqa: PLC0415
        from ..models.issued_history_entry import IssuedHistoryEntry # noqa: PLC0415
        d = dict(src_dict)
        guarantee_id = d.pop("guarantee_id")

        contract_number = d.pop("contract_number")

        latest_version = d.pop("latest_version")

        status = SuretyGuaranteeStatus(d.pop("status"))




        status_label = SuretyGuaranteeStatusLabel(d.pop("status_label"))




        def _parse_cancellation(data: object) -> Cancellation | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                cancellation_type_1 = Cancellation.from_dict(data)



                return cancellation_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Cancellation | None, data)

        cancellation = _parse_cancellation(d.pop("cancellation"))


        history = []
        _history = d.pop("history")
        for history_item_data in (_history):
            def _parse_history_item(data: object) -> AmendedHistoryEntry | IssuedHistoryEntry:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_history_entry_type_0 = IssuedHistoryEntry.from_dict(data)



                    return componentsschemas_history_entry_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_history_entry_type_1 = AmendedHistoryEntry.from_dict(data)



                return componentsschemas_history_entry_type_1

            history_item = _parse_history_item(history_item_data)

            history.append(history_item)


        versions = []
        _versions = d.pop("versions")
        for versions_item_data in (_versions):
            versions_item = GuaranteeVersion.from_dict(versions_item_data)



            versions.append(versions_item)


        surety_guarantee = cls(
            guarantee_id=guarantee_id,
            contract_number=contract_number,
            latest_version=latest_version,
            status=status,
            status_label=status_label,
            cancellation=cancellation,
            history=history,
            versions=versions,
        )

        return surety_guarantee

