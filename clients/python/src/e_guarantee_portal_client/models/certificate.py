from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.certificate_kind_label import CertificateKindLabel
from ..models.guarantee_status import GuaranteeStatus
from ..models.guarantee_status_label import GuaranteeStatusLabel
from ..models.kind import Kind
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.advance import Advance
  from ..models.certificate_contractor import CertificateContractor
  from ..models.certificate_orderer import CertificateOrderer
  from ..models.certificate_surety import CertificateSurety
  from ..models.guarantee_terms import GuaranteeTerms
  from ..models.period import Period
  from ..models.project import Project





T = TypeVar("T", bound="Certificate")



@_attrs_define
class Certificate:
    """ 電子保証（1つの版の内容。発注者が確認する内容）/ One version of the electronic guarantee, as the orderer sees it.
    `status` は保証契約の状態と照合した日（日本時間）で判定します: 解約されていれば `cancelled`、
    より新しい版があれば `superseded`、保証期間の終期を過ぎていれば `expired`、それ以外は `valid`。

        Attributes:
            guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
            version (int): 版の番号（1 が新規発行、n+1 が第 n 回変更）/ Version number (1 = as issued).
            kind (Kind): 保証の種類 / Kind of guarantee:
                `advance_payment`（前払金保証）、`interim_advance_payment`（中間前払金保証）、`contract`（契約保証）
            kind_label (CertificateKindLabel): `kind` の日本語名
            contract_number (str): 保証契約番号（正規化済み。半角英大文字・数字・ハイフンで 4〜32 文字、先頭と末尾は英数字）
            amount (int): 円単位の整数（1 円以上 999,999,999,999 円以下）。小数点や指数表記は使えません。/ Whole yen.
            guarantee_period (Period): 期間（始期と終期を含む）。始期は終期以前で、長さは 3,660 日（約 10 年）以内です
                （違反すると `invalid_period` / `period_too_long`）。
                / An inclusive period; start <= end, at most 3,660 days.
            orderer (CertificateOrderer): 発注者。発注者一覧から外れた場合、`name` は `id` と同じ値、`prefecture` は空文字列になります。
            project (Project): 工事 / The public works the guarantee is for.
            contractor (CertificateContractor): 受注者。`corporate_number` は発行時に指定された場合だけあります。
            surety (CertificateSurety): 保証会社。`representative`（代表者）・`head_office`（本店所在地）・`contact`（取扱支店などのお問い合わせ先）は、
                保証会社が登録している場合にあります（これらの項目ができる前に発行された版にはありません）。
            issued_at (datetime.datetime): 日時（UTC、秒単位）/ A UTC time, whole seconds.
            issue_date (str): 2000 年から 2099 年までの日付 / A date in the years 2000 to 2099.
            status (GuaranteeStatus): 状態: `valid`（有効）、`superseded`（変更済み。より新しい版がある）、`cancelled`（解約）、
                `expired`（期限満了。今日［日本時間］が保証期間の終期より後）。解約が最優先、次に変更済み、次に期限満了です。
            status_label (GuaranteeStatusLabel): 状態の日本語名（`valid` 有効、`superseded` 変更済み、`cancelled` 解約、`expired` 期限満了）
            contract_date (str | Unset): 2000 年から 2099 年までの日付 / A date in the years 2000 to 2099.
            advance (Advance | Unset): 前払金保証・中間前払金保証の内容（この 2 種類では必須、契約保証では指定できません）。
                / What an advance-payment guarantee covers (required for the two advance kinds only).
            guarantee_terms (GuaranteeTerms | Unset): 保証約款（名称と改正日、任意で全文の URL）/ The terms and conditions the guarantee is
                given under.
                `url` があれば、照合結果に保証約款の名称が、その全文へのリンクとして表示されます。
     """

    guarantee_id: str
    version: int
    kind: Kind
    kind_label: CertificateKindLabel
    contract_number: str
    amount: int
    guarantee_period: Period
    orderer: CertificateOrderer
    project: Project
    contractor: CertificateContractor
    surety: CertificateSurety
    issued_at: datetime.datetime
    issue_date: str
    status: GuaranteeStatus
    status_label: GuaranteeStatusLabel
    contract_date: str | Unset = UNSET
    advance: Advance | Unset = UNSET
    guarantee_terms: GuaranteeTerms | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.advance import Advance # noqa: PLC0415
        from ..models.certificate_contractor import CertificateContractor # noqa: PLC0415
        from ..models.certificate_orderer import CertificateOrderer # noqa: PLC0415
        from ..models.certificate_surety import CertificateSurety # noqa: PLC0415
        from ..models.guarantee_terms import GuaranteeTerms # noqa: PLC0415
        from ..models.period import Period # noqa: PLC0415
        from ..models.project import Project # noqa: PLC0415
        guarantee_id = self.guarantee_id

        version = self.version

        kind = self.kind.value

        kind_label = self.kind_label.value

        contract_number = self.contract_number

        amount = self.amount

        guarantee_period = self.guarantee_period.to_dict()

        orderer = self.orderer.to_dict()

        project = self.project.to_dict()

        contractor = self.contractor.to_dict()

        surety = self.surety.to_dict()

        issued_at = self.issued_at.isoformat()

        issue_date = self.issue_date

        status = self.status.value

        status_label = self.status_label.value

        contract_date = self.contract_date

        advance: dict[str, Any] | Unset = UNSET
        if not isinstance(self.advance, Unset):
            advance = self.advance.to_dict()

        guarantee_terms: dict[str, Any] | Unset = UNSET
        if not isinstance(self.guarantee_terms, Unset):
            guarantee_terms = self.guarantee_terms.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "guarantee_id": guarantee_id,
            "version": version,
            "kind": kind,
            "kind_label": kind_label,
            "contract_number": contract_number,
            "amount": amount,
            "guarantee_period": guarantee_period,
            "orderer": orderer,
            "project": project,
            "contractor": contractor,
            "surety": surety,
            "issued_at": issued_at,
            "issue_date": issue_date,
            "status": status,
            "status_label": status_label,
        })
        if contract_date is not UNSET:
            field_dict["contract_date"] = contract_date
        if advance is not UNSET:
            field_dict["advance"] = advance
        if guarantee_terms is not UNSET:
            field_dict["guarantee_terms"] = guarantee_terms

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.advance import Advance # noqa: PLC0415
        from ..models.certificate_contractor import CertificateContractor # noqa: PLC0415
        from ..models.certificate_orderer import CertificateOrderer # noqa: PLC0415
        from ..models.certificate_surety import CertificateSurety # noqa: PLC0415
        from ..models.guarantee_terms import GuaranteeTerms # noqa: PLC0415
        from ..models.period import Period # noqa: PLC0415
        from ..models.project import Project # noqa: PLC0415
        d = dict(src_dict)
        guarantee_id = d.pop("guarantee_id")

        version = d.pop("version")

        kind = Kind(d.pop("kind"))




        kind_label = CertificateKindLabel(d.pop("kind_label"))




        contract_number = d.pop("contract_number")

        amount = d.pop("amount")

        guarantee_period = Period.from_dict(d.pop("guarantee_period"))




        orderer = CertificateOrderer.from_dict(d.pop("orderer"))




        project = Project.from_dict(d.pop("project"))




        contractor = CertificateContractor.from_dict(d.pop("contractor"))




        surety = CertificateSurety.from_dict(d.pop("surety"))




        issued_at = datetime.datetime.fromisoformat(d.pop("issued_at"))




        issue_date = d.pop("issue_date")

        status = GuaranteeStatus(d.pop("status"))




        status_label = GuaranteeStatusLabel(d.pop("status_label"))




        contract_date = d.pop("contract_date", UNSET)

        _advance = d.pop("advance", UNSET)
        advance: Advance | Unset
        if isinstance(_advance,  Unset):
            advance = UNSET
        else:
            advance = Advance.from_dict(_advance)




        _guarantee_terms = d.pop("guarantee_terms", UNSET)
        guarantee_terms: GuaranteeTerms | Unset
        if isinstance(_guarantee_terms,  Unset):
            guarantee_terms = UNSET
        else:
            guarantee_terms = GuaranteeTerms.from_dict(_guarantee_terms)




        certificate = cls(
            guarantee_id=guarantee_id,
            version=version,
            kind=kind,
            kind_label=kind_label,
            contract_number=contract_number,
            amount=amount,
            guarantee_period=guarantee_period,
            orderer=orderer,
            project=project,
            contractor=contractor,
            surety=surety,
            issued_at=issued_at,
            issue_date=issue_date,
            status=status,
            status_label=status_label,
            contract_date=contract_date,
            advance=advance,
            guarantee_terms=guarantee_terms,
        )

        return certificate

