from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.advance_patch import AdvancePatch
  from ..models.contractor_patch import ContractorPatch
  from ..models.period_patch import PeriodPatch
  from ..models.project_patch import ProjectPatch





T = TypeVar("T", bound="AmendmentChanges")



@_attrs_define
class AmendmentChanges:
    """ 変更する項目（部分指定）/ What changes, partially. 変更できるのは保証金額・保証期間・工事・受注者（共同企業体の構成員を含む）・前払金（前払金額・預託金融機関・再預託）で、
    保証の種類・保証契約番号・発注者は変更できません（`unknown_field`）。オブジェクトの中も、書いた項目だけが置き換わります。

        Attributes:
            amount (int | Unset): 円単位の整数（1 円以上 999,999,999,999 円以下）。小数点や指数表記は使えません。/ Whole yen.
            guarantee_period (PeriodPatch | Unset): 期間の部分指定（書いた方だけを置き換えます）/ Part of a period; what is given replaces the old
                value.
            project (ProjectPatch | Unset): 工事の変更（部分指定）/ Changes to the works, partially.
            contractor (ContractorPatch | Unset): 受注者の変更（部分指定。商号変更・所在地変更・代表者の交代など）/ Changes to the contractor, partially.
            advance (AdvancePatch | Unset): 前払金の変更（部分指定。`deposit_bank` は書いたものに丸ごと置き換わります）/ Changes to the advance.
     """

    amount: int | Unset = UNSET
    guarantee_period: PeriodPatch | Unset = UNSET
    project: ProjectPatch | Unset = UNSET
    contractor: ContractorPatch | Unset = UNSET
    advance: AdvancePatch | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.advance_patch import AdvancePatch # noqa: PLC0415
        from ..models.contractor_patch import ContractorPatch # noqa: PLC0415
        from ..models.period_patch import PeriodPatch # noqa: PLC0415
        from ..models.project_patch import ProjectPatch # noqa: PLC0415
        amount = self.amount

        guarantee_period: dict[str, Any] | Unset = UNSET
        if not isinstance(self.guarantee_period, Unset):
            guarantee_period = self.guarantee_period.to_dict()

        project: dict[str, Any] | Unset = UNSET
        if not isinstance(self.project, Unset):
            project = self.project.to_dict()

        contractor: dict[str, Any] | Unset = UNSET
        if not isinstance(self.contractor, Unset):
            contractor = self.contractor.to_dict()

        advance: dict[str, Any] | Unset = UNSET
        if not isinstance(self.advance, Unset):
            advance = self.advance.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if amount is not UNSET:
            field_dict["amount"] = amount
        if guarantee_period is not UNSET:
            field_dict["guarantee_period"] = guarantee_period
        if project is not UNSET:
            field_dict["project"] = project
        if contractor is not UNSET:
            field_dict["contractor"] = contractor
        if advance is not UNSET:
            field_dict["advance"] = advance

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.advance_patch import AdvancePatch # noqa: PLC0415
        from ..models.contractor_patch import ContractorPatch # noqa: PLC0415
        from ..models.period_patch import PeriodPatch # noqa: PLC0415
        from ..models.project_patch import ProjectPatch # noqa: PLC0415
        d = dict(src_dict)
        amount = d.pop("amount", UNSET)

        _guarantee_period = d.pop("guarantee_period", UNSET)
        guarantee_period: PeriodPatch | Unset
        if isinstance(_guarantee_period,  Unset):
            guarantee_period = UNSET
        else:
            guarantee_period = PeriodPatch.from_dict(_guarantee_period)




        _project = d.pop("project", UNSET)
        project: ProjectPatch | Unset
        if isinstance(_project,  Unset):
            project = UNSET
        else:
            project = ProjectPatch.from_dict(_project)




        _contractor = d.pop("contractor", UNSET)
        contractor: ContractorPatch | Unset
        if isinstance(_contractor,  Unset):
            contractor = UNSET
        else:
            contractor = ContractorPatch.from_dict(_contractor)




        _advance = d.pop("advance", UNSET)
        advance: AdvancePatch | Unset
        if isinstance(_advance,  Unset):
            advance = UNSET
        else:
            advance = AdvancePatch.from_dict(_advance)




        amendment_changes = cls(
            amount=amount,
            guarantee_period=guarantee_period,
            project=project,
            contractor=contractor,
            advance=advance,
        )

        return amendment_changes

