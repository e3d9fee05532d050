"""The guarantee (保証契約): its kinds, its fields, its versions and the certificate (電子保証)
an orderer sees. The rules a surety's request must meet are in terms_rules.py.

Pure domain code: no storage, no HTTP.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from .instruments import INSTRUMENTS, issuer_type_label
from .instruments import KINDS as KINDS  # read from here by many modules
from .orderers import PublicBody
from .parties import Advance, Company, Contractor, GuaranteeTerms, GuarantorBranch
from .formatting import (deposit_bank_ja, iso_utc, parse_iso_utc, period_ja, redeposit_ja,
                         today_in_japan, yen_ja)

STATUS_LABELS = {"valid": "有効", "superseded": "変更済み", "cancelled": "解約", "expired": "期限満了"}
AMENDMENT_REASONS = {"increase": "増額", "decrease": "減額", "extension": "保証期限変更", "other": "その他"}

MAX_PERIOD_DAYS = 366 * 10  # public works run for years, not decades

_CONTRACT_NUMBER = re.compile(r"[0-9A-Z][0-9A-Z-]{2,30}[0-9A-Z]")


class ContractNumberError(ValueError):
    pass


def normalize_contract_number(text: str) -> str:
    """Full-width → half-width, upper case, spaces removed; raises ContractNumberError."""
    if not isinstance(text, str):
        raise ContractNumberError("type")
    folded = unicodedata.normalize("NFKC", text).upper()
    # People type the hyphen with whatever dash their IME gives them.
    folded = re.sub(r"[\u2010-\u2015\u2212\u30fc\uff70]", "-", folded)
    folded = re.sub(r"\s+", "", folded)
    if not _CONTRACT_NUMBER.fullmatch(folded):
        raise ContractNumberError("format")
    return folded


CONTRACT_NUMBER_HINT = "保証契約番号は半角英数字とハイフンで4〜32文字です（例: SAKU-2024-0001）。"
CORPORATE_NUMBER_MESSAGE = "{label}が正しくありません（13桁、先頭はチェックディジット）。"


def corporate_number_valid(number: str) -> bool:
    """法人番号: 13 digits, the first a check digit over the other twelve (国税庁の計算式)."""
    if len(number) != 13 or not number.isascii() or not number.isdigit():
        return False
    base = number[1:]
    total = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(base), start=1))
    return int(number[0]) == 9 - total % 9


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Period:
        return cls(dt.date.fromisoformat(d["start"]), dt.date.fromisoformat(d["end"]))


@dataclass(frozen=True)
class Project:
    name: str
    location: str
    contract_price: int
    period: Period
    number: str | None = None  # 工事番号: the orderer's own number for the works

    def as_dict(self) -> dict[str, Any]:
        d = {"name": self.name, "location": self.location, "contract_price": self.contract_price,
             "period": self.period.as_dict()}
        if self.number:
            d["number"] = self.number
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Project:
        return cls(d["name"], d["location"], int(d["contract_price"]), Period.from_dict(d["period"]),
                   d.get("number") or None)


@dataclass(frozen=True)
class Terms:
    """What the surety guarantees: everything a version of a guarantee says.

    The fields after ``contractor`` came later: versions issued before them lack them, and
    their certificates (and signatures) stay as they were."""
    kind: str
    contract_number: str
    orderer_id: str
    amount: int
    guarantee_period: Period
    project: Project
    contractor: Contractor
    contract_date: dt.date | None = None        # 請負契約日
    advance: Advance | None = None              # 前払金保証・中間前払金保証 only
    guarantee_terms: GuaranteeTerms | None = None  # 保証約款 (普通保険約款, 保証書の様式)
    riders: tuple[str, ...] = ()                # 特約: 履行保証保険 only
    guarantor_branch: GuarantorBranch | None = None  # 銀行等の保証 only

    def texts(self) -> dict[str, str]:
        """The free-text fields, by request path: what documents print about this guarantee."""
        c = self.contractor
        texts = {"project.name": self.project.name, "project.location": self.project.location,
                 "project.number": self.project.number, "contractor.name": c.name,
                 "contractor.address": c.address, "contractor.representative": c.representative}
        for n, member in enumerate(c.members):
            for field in ("name", "address", "representative"):
                texts[f"contractor.members.{n}.{field}"] = getattr(member, field)
        if self.advance:
            texts["advance.deposit_bank.bank_name"] = self.advance.deposit_bank.bank_name
            texts["advance.deposit_bank.branch_name"] = self.advance.deposit_bank.branch_name
        if self.guarantee_terms:
            texts["guarantee_terms.name"] = self.guarantee_terms.name
        for n, rider in enumerate(self.riders):
            texts[f"riders.{n}"] = rider
        if self.guarantor_branch:
            texts["guarantor_branch.name"] = self.guarantor_branch.name
            texts["guarantor_branch.representative"] = self.guarantor_branch.representative
        return {path: text for path, text in texts.items() if text}

    def as_dict(self) -> dict[str, Any]:
        d = {
            "kind": self.kind,
            "contract_number": self.contract_number,
            "orderer_id": self.orderer_id,
            "amount": self.amount,
            "guarantee_period": self.guarantee_period.as_dict(),
            "project": self.project.as_dict(),
            "contractor": self.contractor.as_dict(),
        }
        if self.contract_date:
            d["contract_date"] = self.contract_date.isoformat()
        if self.advance:
            d["advance"] = self.advance.as_dict()
        if self.guarantee_terms:
            d["guarantee_terms"] = self.guarantee_terms.as_dict()
        if self.riders:
            d["riders"] = list(self.riders)
        if self.guarantor_branch:
            d["guarantor_branch"] = self.guarantor_branch.as_dict()
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Terms:
        return cls(
            kind=d["kind"],
            contract_number=d["contract_number"],
            orderer_id=d["orderer_id"],
            amount=int(d["amount"]),
            guarantee_period=Period.from_dict(d["guarantee_period"]),
            project=Project.from_dict(d["project"]),
            contractor=Contractor.from_dict(d["contractor"]),
            contract_date=dt.date.fromisoformat(d["contract_date"]) if d.get("contract_date") else None,
            advance=Advance.from_dict(d["advance"]) if d.get("advance") else None,
            guarantee_terms=GuaranteeTerms(**d["guarantee_terms"]) if d.get("guarantee_terms") else None,
            riders=tuple(d.get("riders") or ()),
            guarantor_branch=GuarantorBranch.from_dict(d["guarantor_branch"]) if d.get("guarantor_branch") else None,
        )


@dataclass(frozen=True)
class Version:
    """One immutable version of a guarantee, as issued."""
    guarantee_id: str
    version: int
    surety_id: str
    surety_name: str
    terms: Terms
    issued_at: dt.datetime  # UTC
    # The surety's contact as printed on this version's notice: kept with the version so
    # a notice rendered again later is the same document.
    surety_contact: dict[str, Any] | None = None
    # For versions after the first: {"reason", "effective_date", "note", "changes"}.
    amendment: dict[str, Any] | None = None
    # The surety as the paper certificate names it (representative, head_office), kept with
    # the version like the contact. None for versions issued before the certificate named
    # them: their certificates (and signatures) stay as they were.
    surety_profile: dict[str, Any] | None = None

    @property
    def issue_date(self) -> dt.date:
        # The date a Japanese reader expects is the date in Japan.
        return today_in_japan(self.issued_at)

    def status_on(self, today: dt.date, cancelled: bool = False, superseded: bool = False) -> str:
        # A cancellation outranks everything; a newer version outranks the calendar.
        if cancelled:
            return "cancelled"
        if superseded:
            return "superseded"
        if today > self.terms.guarantee_period.end:
            return "expired"
        return "valid"

    @property
    def label(self) -> str:
        """新規 for the first version, 第n回変更 for the n-th amendment."""
        return "新規" if self.version == 1 else f"第{self.version - 1}回変更"

    @property
    def effective_date(self) -> dt.date:
        if self.amendment:
            return dt.date.fromisoformat(self.amendment["effective_date"])
        return self.issue_date

    def history_entry(self) -> dict[str, Any]:
        a: dict[str, Any] = self.amendment or {}
        return {
            "version": self.version,
            "kind": "amended" if self.amendment else "issued",
            "label": self.label,
            "date": self.effective_date.isoformat(),
            "reason": a.get("reason"),
            "reason_label": AMENDMENT_REASONS.get(cast(str, a.get("reason"))) if a else None,
            "changes": list(a.get("changes", [])),
        }

    def as_record(self) -> dict[str, Any]:
        return {
            "guarantee_id": self.guarantee_id,
            "version": self.version,
            "surety_id": self.surety_id,
            "surety_name": self.surety_name,
            "terms": self.terms.as_dict(),
            "issued_at": iso_utc(self.issued_at),
            "surety_contact": self.surety_contact,
            "amendment": self.amendment,
            "surety_profile": self.surety_profile,
        }

    @classmethod
    def from_record(cls, d: dict[str, Any]) -> Version:
        return cls(
            guarantee_id=d["guarantee_id"],
            version=int(d["version"]),
            surety_id=d["surety_id"],
            surety_name=d["surety_name"],
            terms=Terms.from_dict(d["terms"]),
            issued_at=parse_iso_utc(d["issued_at"]),
            surety_contact=d.get("surety_contact") or None,
            amendment=d.get("amendment") or None,
            surety_profile=d.get("surety_profile"),
        )

    def certificate(self, today: dt.date, status: str | None = None, *,
                    orderer: PublicBody | None) -> dict[str, Any]:
        """The 電子保証 as the orderer sees it (status: as decided by the guarantee's state),
        naming the orderer as the registry names ``orderer`` now (the body of
        ``terms.orderer_id``); a body the registry no longer knows reads as its id."""
        t = self.terms
        status = status or self.status_on(today)
        certificate = {
            "guarantee_id": self.guarantee_id,
            "version": self.version,
            "kind": t.kind,
            "kind_label": KINDS[t.kind],
            "contract_number": t.contract_number,
            "amount": t.amount,
            "guarantee_period": t.guarantee_period.as_dict(),
            "orderer": {
                "id": t.orderer_id,
                "name": orderer.name if orderer else t.orderer_id,
                "prefecture": orderer.prefecture if orderer else "",
            },
            "project": t.project.as_dict(),
            "contractor": t.contractor.as_dict(),
            "surety": self._surety(),
            "issued_at": iso_utc(self.issued_at),
            "issue_date": self.issue_date.isoformat(),
            "status": status,
            "status_label": STATUS_LABELS[status],
        }
        # Fields that came later: only where the version has them (see Terms).
        extra = t.as_dict()
        certificate.update({key: extra[key] for key in ("contract_date", "advance", "guarantee_terms", "riders",
                                                        "guarantor_branch") if key in extra})
        return certificate

    def _surety(self) -> dict[str, Any]:
        # The issuer's type follows from the instrument: only one type may issue each.
        surety: dict[str, Any] = {"id": self.surety_id, "name": self.surety_name,
                                  "issuer_type": INSTRUMENTS[self.terms.kind].issuer_type,
                                  "issuer_type_label": issuer_type_label(self.terms.kind)}
        if self.surety_profile is not None:
            surety.update({k: self.surety_profile[k] for k in ("representative", "head_office")
                           if self.surety_profile.get(k)})
            if self.surety_contact:
                surety["contact"] = self.surety_contact
        return surety


def _yen_or_none(amount: int | None) -> str:
    return "なし" if amount is None else yen_ja(amount)


def _period_ja(period: Period) -> str:
    return period_ja(period.start, period.end)


# What an amendment can change, how it is named and shown: (path, label, getter, format).
_CHANGEABLE: tuple[tuple[str, str, Callable[[Terms], Any], Callable[[Any], str] | None], ...] = (
    ("amount", "保証金額", lambda t: t.amount, yen_ja),
    ("guarantee_period", "保証期間", lambda t: t.guarantee_period, _period_ja),
    ("project.contract_price", "請負代金額", lambda t: t.project.contract_price, yen_ja),
    ("project.period", "工期", lambda t: t.project.period, _period_ja),
    ("project.name", "工事名", lambda t: t.project.name, str),
    ("project.location", "工事場所", lambda t: t.project.location, str),
    ("contractor.name", "受注者名", lambda t: t.contractor.name, str),
    ("contractor.address", "受注者の所在地", lambda t: t.contractor.address, str),
    ("contractor.representative", "受注者の代表者", lambda t: t.contractor.representative, str),
    ("contractor.corporate_number", "受注者の法人番号", lambda t: t.contractor.corporate_number or "", str),
    # Each member that differs is its own change (see _member_changes).
    ("contractor.members", "共同企業体の構成員", lambda t: t.contractor.members, None),
    ("project.number", "工事番号", lambda t: t.project.number or "", str),
    ("advance.amount", "前払金額", lambda t: t.advance.amount if t.advance else None, _yen_or_none),
    ("advance.deposit_bank", "預託金融機関",
     lambda t: t.advance.deposit_bank if t.advance else None, lambda b: deposit_bank_ja(b.as_dict()) if b else "なし"),
    ("advance.redeposit", "再預託", lambda t: t.advance.redeposit if t.advance else None,
     lambda r: "なし" if r is None else redeposit_ja(r)),
    ("riders", "特約", lambda t: t.riders, lambda r: "、".join(r) or "なし"),
    ("guarantor_branch", "保証人の支店", lambda t: t.guarantor_branch,
     lambda b: (b.name + (f" {b.representative}" if b.representative else "")) if b else "なし"),
)
# The instrument's own word for these (保険金額, 保険期間 for a 履行保証保険).
_OWN_LABEL: dict[str, Callable[[Terms], str]] = {
    "amount": lambda t: INSTRUMENTS[t.kind].amount_label,
    "guarantee_period": lambda t: INSTRUMENTS[t.kind].period_label,
}


def describe_changes(before: Terms, after: Terms) -> list[dict[str, Any]]:
    """What differs between two versions, as people read it (保証金額：20,000,000円 → 25,000,000円)."""
    changes = []
    for field, name, get, show in _CHANGEABLE:
        old, new = get(before), get(after)
        if old == new:
            continue
        name = _OWN_LABEL[field](after) if field in _OWN_LABEL else name
        if show is None:
            changes += _member_changes(field, name, old, new)
        else:
            changes.append({"field": field, "label": name, "before": show(old), "after": show(new)})
    return changes


def _member_ja(n: int, member: Company | None) -> str:
    if member is None:
        return "なし"
    number = f"、法人番号 {member.corporate_number}" if member.corporate_number else ""
    return f"構成員{n + 1}：{member.name}（{member.address}、{member.representative}{number}）"


def _member_changes(field: str, name: str, before: tuple[Any, ...], after: tuple[Any, ...]) -> list[dict[str, Any]]:
    """A joint venture's members, compared place by place: a new 代表者 of one member reads as
    that member's change, not as two lists to compare by eye."""
    changes = []
    for n in range(max(len(before), len(after))):
        old = before[n] if n < len(before) else None
        new = after[n] if n < len(after) else None
        if old != new:
            changes.append({"field": field, "label": name, "before": _member_ja(n, old), "after": _member_ja(n, new)})
    return changes
