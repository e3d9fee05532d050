from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.guarantee_status import GuaranteeStatus
from ..models.guarantee_status_label import GuaranteeStatusLabel
from typing import cast

if TYPE_CHECKING:
  from ..models.public_cancellation import PublicCancellation





T = TypeVar("T", bound="KeyGuaranteeState")



@_attrs_define
class KeyGuaranteeState:
    """ 照合したキーの版と、保証契約全体の状態 / The key's version and the guarantee's state.

        Attributes:
            version (int): 版の番号（1 が新規発行、n+1 が第 n 回変更）/ Version number (1 = as issued).
            latest_version (int): 版の番号（1 が新規発行、n+1 が第 n 回変更）/ Version number (1 = as issued).
            status (GuaranteeStatus): 状態: `valid`（有効）、`superseded`（変更済み。より新しい版がある）、`cancelled`（解約）、
                `expired`（期限満了。今日［日本時間］が保証期間の終期より後）。解約が最優先、次に変更済み、次に期限満了です。
            status_label (GuaranteeStatusLabel): 状態の日本語名（`valid` 有効、`superseded` 変更済み、`cancelled` 解約、`expired` 期限満了）
            cancellation (None | PublicCancellation): 解約されていれば解約日と理由、そうでなければ `null`
     """

    version: int
    latest_version: int
    status: GuaranteeStatus
    status_label: GuaranteeStatusLabel
    cancellation: None | PublicCancellation





    def to_dict(self) -> dict[str, Any]:
        from ..models.public_cancellation import PublicCancellation # noqa: PLC0415
        version = self.version

        latest_version = self.latest_version

        status = self.status.value

        status_label = self.status_label.value

        cancellation: dict[str, Any] | None
        if isinstance(self.cancellation, PublicCancellation):
            cancellation = self.cancellation.to_dict()
        else:
            cancellation = self.cancellation


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "version": version,
            "latest_version": latest_version,
            "status": status,
            "status_label": status_label,
            "cancellation": cancellation,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.public_cancellation import PublicCancellation # noqa: PLC0415
        d = dict(src_dict)
        version = d.pop("version")

        latest_version = d.pop("latest_version")

        status = GuaranteeStatus(d.pop("status"))




        status_label = GuaranteeStatusLabel(d.pop("status_label"))




        def _parse_cancellation(data: object) -> None | PublicCancellation:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                cancellation_type_1 = PublicCancellation.from_dict(data)



                return cancellation_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PublicCancellation, data)

        cancellation = _parse_cancellation(d.pop("cancellation"))


        key_guarantee_state = cls(
            version=version,
            latest_version=latest_version,
            status=status,
            status_label=status_label,
            cancellation=cancellation,
        )

        return key_guarantee_state

