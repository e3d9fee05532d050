from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.amendment_reason import AmendmentReason
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.amendment_changes import AmendmentChanges





T = TypeVar("T", bound="AmendmentRequest")



@_attrs_define
class AmendmentRequest:
    """ 変更リクエスト / Amendment request. `changes` に変更後の値を、変更する項目だけ書きます。

    JSON Schema で表せない規則（サーバーが検査します）:
    - `base_version` は現在の最新版の番号であること（違えば 409 `stale_version`）。JSON の整数表記で送ること
      （`1.0` は `invalid_version`）
    - 変更後の内容が元の版と違うこと（`no_changes`）。例えば `changes.project` が空のオブジェクトだけなら変更がありません
    - `reason` と変更内容が合うこと（`reason_mismatch`）: `increase` なら保証金額が増える、`decrease` なら減る、
      `extension` なら保証期間の終期が変わる。`other` には制限がありません
    - `effective_date` が元の版の日付（発行日または前回の変更日）以降であること（`invalid_effective_date`）
    - 変更後の内容全体が発行時の規則を満たすこと（`field` は `changes.` で始まります）:
      `amount_exceeds_contract_price`、`guarantee_period_ends_before_works`、`guarantee_period_starts_after_works`、
      `guarantee_period_already_ended`、`invalid_period`、`period_too_long`、`invalid_corporate_number`（チェックディジット）、
      `unprintable_character`、`orderer_not_found` / `orderer_not_accepting`（元の版の発注者について）
    - 金額は JSON の整数表記で送ること（`25000000.0` は `invalid_amount`）

        Attributes:
            base_version (int): 版の番号（1 が新規発行、n+1 が第 n 回変更）/ Version number (1 = as issued).
            reason (AmendmentReason): 変更の理由（guarantee.py AMENDMENT_REASONS）: `increase`（増額）、`decrease`（減額）、
                `extension`（保証期限変更）、`other`（その他）
            effective_date (str): 2000 年から 2099 年までの日付 / A date in the years 2000 to 2099.
            changes (AmendmentChanges): 変更する項目（部分指定）/ What changes, partially.
                変更できるのは保証金額・保証期間・工事・受注者（共同企業体の構成員を含む）・前払金（前払金額・預託金融機関・再預託）で、
                保証の種類・保証契約番号・発注者は変更できません（`unknown_field`）。オブジェクトの中も、書いた項目だけが置き換わります。
            note (None | str | Unset): 任意の文字列。省略・`null`・空文字列は「なし」とみなします。制御文字・書式制御文字は使えません（`invalid_character`）。
            completion_notice_email (None | str | Unset): メールアドレス（254 文字以内）。省略・`null`・空文字列は「なし」（`invalid_email`）/ An e-mail
                address, or none.
     """

    base_version: int
    reason: AmendmentReason
    effective_date: str
    changes: AmendmentChanges
    note: None | str | Unset = UNSET
    completion_notice_email: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.amendment_changes import AmendmentChanges # noqa: PLC0415
        base_version = self.base_version

        reason = self.reason.value

        effective_date = self.effective_date

        changes = self.changes.to_dict()

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        completion_notice_email: None | str | Unset
        if isinstance(self.completion_notice_email, Unset):
            completion_notice_email = UNSET
        else:
            completion_notice_email = self.completion_notice_email


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "base_version": base_version,
            "reason": reason,
            "effective_date": effective_date,
            "changes": changes,
        })
        if note is not UNSET:
            field_dict["note"] = note
        if completion_notice_email is not UNSET:
            field_dict["completion_notice_email"] = completion_notice_email

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.amendment_changes import AmendmentChanges # noqa: PLC0415
        d = dict(src_dict)
        base_version = d.pop("base_version")

        reason = AmendmentReason(d.pop("reason"))




        effective_date = d.pop("effective_date")

        changes = AmendmentChanges.from_dict(d.pop("changes"))




        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))


        def _parse_completion_notice_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        completion_notice_email = _parse_completion_notice_email(d.pop("completion_notice_email", UNSET))


        amendment_request = cls(
            base_version=base_version,
            reason=reason,
            effective_date=effective_date,
            changes=changes,
            note=note,
            completion_notice_email=completion_notice_email,
        )

        return amendment_request

