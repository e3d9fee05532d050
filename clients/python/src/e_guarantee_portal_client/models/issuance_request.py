from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.kind import Kind
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.advance import Advance
  from ..models.contractor_input import ContractorInput
  from ..models.guarantee_terms import GuaranteeTerms
  from ..models.period import Period
  from ..models.project import Project





T = TypeVar("T", bound="IssuanceRequest")



@_attrs_define
class IssuanceRequest:
    """ 発行リクエスト / Issuance request. すべての項目を検証し、問題はまとめて 400 で返します。

    JSON Schema で表せない規則（サーバーが検査します）:
    - `orderer_id` の発注者が `GET /v1/orderers` に載っていること（`orderer_not_found`）、
      本日（日本時間）が受付開始日以降で、`kind` を受け付けていること（`orderer_not_accepting`）
    - `amount` ≤ `project.contract_price`（`amount_exceeds_contract_price`）
    - `guarantee_period.end` ≥ `project.period.end`（`guarantee_period_ends_before_works`）
    - `guarantee_period.start` ≤ `project.period.end`（`guarantee_period_starts_after_works`）
    - 各期間の始期 ≤ 終期、長さ 3,660 日以内（`invalid_period` / `period_too_long`）
    - 法人番号のチェックディジット（`invalid_corporate_number`）
    - `kind` が前払金保証・中間前払金保証なら `advance` が必須（`missing_field`）、契約保証なら指定できない（`not_for_kind`）
    - `advance.amount` ≤ `project.contract_price`（`advance_exceeds_contract_price`）
    - `surety_branch` が保証会社の登録済みの取扱支店（`unknown_surety_branch`）
    - 共同企業体では `contractor.representative` に代表構成員（`members` の先頭）の名称を含むこと（`jv_representative_mismatch`）、
      構成員の名称が重複しないこと（`duplicate_member`）
    - `guarantee_terms.revision` ≤ 本日（日本時間）（`terms_revision_in_future`）
    - 工事名・工事場所・受注者の名称・所在地・代表者に、お知らせ（PDF）のフォントで印字できない文字がないこと
      （`unprintable_character`）。𠮷・髙・﨑などは印字できます。
    - 金額は JSON の整数表記で送ること。`22000000.0` や `2.2e7` は値が整数でも `invalid_amount` です
      （JSON Schema の `integer` はこれらも整数とみなすため、スキーマだけでは検出できません）。
    - 保証契約番号は正規化（全角→半角、小文字→大文字、空白の除去、各種ダッシュ→`-`）した後に
      `^[0-9A-Z][0-9A-Z-]{2,30}[0-9A-Z]$` を満たすこと（`invalid_contract_number`）。
      自社で発行済みの番号は 409 `contract_number_taken`（他社と同じ番号は使えます）。

        Attributes:
            kind (Kind): 保証の種類 / Kind of guarantee:
                `advance_payment`（前払金保証）、`interim_advance_payment`（中間前払金保証）、`contract`（契約保証）
            contract_number (str): 保証契約番号（全角・小文字・空白・各種ダッシュは正規化します）/ A contract number as typed.
            orderer_id (str): 全国地方公共団体コード（6 桁、末尾は検査数字）/ Local government code.
            amount (int): 円単位の整数（1 円以上 999,999,999,999 円以下）。小数点や指数表記は使えません。/ Whole yen.
            guarantee_period (Period): 期間（始期と終期を含む）。始期は終期以前で、長さは 3,660 日（約 10 年）以内です
                （違反すると `invalid_period` / `period_too_long`）。
                / An inclusive period; start <= end, at most 3,660 days.
            project (Project): 工事 / The public works the guarantee is for.
            contractor (ContractorInput): 受注者 / The contractor.
            contract_date (str): 2000 年から 2099 年までの日付 / A date in the years 2000 to 2099.
            guarantee_terms (GuaranteeTerms): 保証約款（名称と改正日、任意で全文の URL）/ The terms and conditions the guarantee is given
                under.
                `url` があれば、照合結果に保証約款の名称が、その全文へのリンクとして表示されます。
            advance (Advance | Unset): 前払金保証・中間前払金保証の内容（この 2 種類では必須、契約保証では指定できません）。
                / What an advance-payment guarantee covers (required for the two advance kinds only).
            surety_branch (None | str | Unset): 保証会社が登録した取扱支店の ID / A branch id registered for the surety.
            completion_notice_email (None | str | Unset): メールアドレス（254 文字以内）。省略・`null`・空文字列は「なし」（`invalid_email`）/ An e-mail
                address, or none.
     """

    kind: Kind
    contract_number: str
    orderer_id: str
    amount: int
    guarantee_period: Period
    project: Project
    contractor: ContractorInput
    contract_date: str
    guarantee_terms: GuaranteeTerms
    advance: Advance | Unset = UNSET
    surety_branch: None | str | Unset = UNSET
    completion_notice_email: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.advance import Advance # noqa: PLC0415
        from ..models.contractor_input import ContractorInput # noqa: PLC0415
        from ..models.guarantee_terms import GuaranteeTerms # noqa: PLC0415
        from ..models.period import Period # noqa: PLC0415
        from ..models.project import Project # noqa: PLC0415
        kind = self.kind.value

        contract_number = self.contract_number

        orderer_id = self.orderer_id

        amount = self.amount

        guarantee_period = self.guarantee_period.to_dict()

        project = self.project.to_dict()

        contractor = self.contractor.to_dict()

        contract_date = self.contract_date

        guarantee_terms = self.guarantee_terms.to_dict()

        advance: dict[str, Any] | Unset = UNSET
        if not isinstance(self.advance, Unset):
            advance = self.advance.to_dict()

        surety_branch: None | str | Unset
        if isinstance(self.surety_branch, Unset):
            surety_branch = UNSET
        else:
            surety_branch = self.surety_branch

        completion_notice_email: None | str | Unset
        if isinstance(self.completion_notice_email, Unset):
            completion_notice_email = UNSET
        else:
            completion_notice_email = self.completion_notice_email


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "kind": kind,
            "contract_number": contract_number,
            "orderer_id": orderer_id,
            "amount": amount,
            "guarantee_period": guarantee_period,
            "project": project,
            "contractor": contractor,
            "contract_date": contract_date,
            "guarantee_terms": guarantee_terms,
        })
        if advance is not UNSET:
            field_dict["advance"] = advance
        if surety_branch is not UNSET:
            field_dict["surety_branch"] = surety_branch
        if completion_notice_email is not UNSET:
            field_dict["completion_notice_email"] = completion_notice_email

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.advance import Advance # noqa: PLC0415
        from ..models.contractor_input import ContractorInput # noqa: PLC0415
        from ..models.guarantee_terms import GuaranteeTerms # noqa: PLC0415
        from ..models.period import Period # noqa: PLC0415
        from ..models.project import Project # noqa: PLC0415
        d = dict(src_dict)
        kind = Kind(d.pop("kind"))




        contract_number = d.pop("contract_number")

        orderer_id = d.pop("orderer_id")

        amount = d.pop("amount")

        guarantee_period = Period.from_dict(d.pop("guarantee_period"))




        project = Project.from_dict(d.pop("project"))




        contractor = ContractorInput.from_dict(d.pop("contractor"))




        contract_date = d.pop("contract_date")

        guarantee_terms = GuaranteeTerms.from_dict(d.pop("guarantee_terms"))




        _advance = d.pop("advance", UNSET)
        advance: Advance | Unset
        if isinstance(_advance,  Unset):
            advance = UNSET
        else:
            advance = Advance.from_dict(_advance)




        def _parse_surety_branch(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        surety_branch = _parse_surety_branch(d.pop("surety_branch", UNSET))


        def _parse_completion_notice_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        completion_notice_email = _parse_completion_notice_email(d.pop("completion_notice_email", UNSET))


        issuance_request = cls(
            kind=kind,
            contract_number=contract_number,
            orderer_id=orderer_id,
            amount=amount,
            guarantee_period=guarantee_period,
            project=project,
            contractor=contractor,
            contract_date=contract_date,
            guarantee_terms=guarantee_terms,
            advance=advance,
            surety_branch=surety_branch,
            completion_notice_email=completion_notice_email,
        )

        return issuance_request

