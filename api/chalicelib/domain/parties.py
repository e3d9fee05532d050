"""Who a guarantee names besides the issuer: the contractor (受注者) — one company or a
joint venture (共同企業体, JV) of members — for an advance payment, the bank the advance is
paid into (預託金融機関), and for a bank's guarantee, the branch that gives it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Company:
    name: str
    address: str
    representative: str
    corporate_number: str | None = None

    def as_dict(self) -> dict[str, Any]:
        d = {"name": self.name, "address": self.address, "representative": self.representative}
        if self.corporate_number:
            d["corporate_number"] = self.corporate_number
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Company:
        return cls(d["name"], d["address"], d["representative"], d.get("corporate_number") or None)


@dataclass(frozen=True)
class Contractor(Company):
    """The contractor: a company, or a JV named with its address and representative (those of
    its 代表構成員, members[0]) and its members (two or more)."""
    members: tuple[Company, ...] = ()

    @property
    def is_joint_venture(self) -> bool:
        return bool(self.members)

    def as_dict(self) -> dict[str, Any]:
        d = super().as_dict()
        if self.members:
            d["members"] = [m.as_dict() for m in self.members]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Contractor:
        members = tuple(Company.from_dict(m) for m in d.get("members") or ())
        return cls(d["name"], d["address"], d["representative"], d.get("corporate_number") or None, members)


@dataclass(frozen=True)
class DepositBank:
    """預託金融機関: where the orderer pays the advance (the contractor's 前払金専用口座)."""
    bank_name: str
    branch_name: str
    bank_code: str | None = None    # 金融機関コード, 4 digits
    branch_code: str | None = None  # 支店コード, 3 digits

    def as_dict(self) -> dict[str, Any]:
        d = {"bank_name": self.bank_name, "branch_name": self.branch_name}
        if self.bank_code:
            d["bank_code"] = self.bank_code
        if self.branch_code:
            d["branch_code"] = self.branch_code
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DepositBank:
        return cls(d["bank_name"], d["branch_name"], d.get("bank_code") or None, d.get("branch_code") or None)


@dataclass(frozen=True)
class Advance:
    """What a 前払金保証 (or 中間前払金保証) covers: the advance, where it is deposited, and
    whether the contractor may re-deposit it (再預託)."""
    amount: int
    deposit_bank: DepositBank
    redeposit: bool

    def as_dict(self) -> dict[str, Any]:
        return {"amount": self.amount, "deposit_bank": self.deposit_bank.as_dict(), "redeposit": self.redeposit}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Advance:
        return cls(int(d["amount"]), DepositBank.from_dict(d["deposit_bank"]), bool(d["redeposit"]))


@dataclass(frozen=True)
class GuaranteeTerms:
    """The 保証約款 a guarantee is given under: its name, the date of its revision and, if the
    surety gives it, where it publishes the full text (https only, checked by the schema):
    a fact of these terms, kept with the version as issued like the name."""
    name: str
    revision: str  # YYYY-MM-DD
    url: str | None = None

    def as_dict(self) -> dict[str, Any]:
        d = {"name": self.name, "revision": self.revision}
        if self.url:
            d["url"] = self.url
        return d


@dataclass(frozen=True)
class GuarantorBranch:
    """The branch of a bank that gives its guarantee (保証人 as its 保証書 names it:
    株式会社八十二銀行 佐久支店 支店長 …): part of what the version says, not the bank's
    registered contact (which may change)."""
    name: str                          # 佐久支店
    representative: str | None = None  # 支店長 信濃 一郎

    def as_dict(self) -> dict[str, Any]:
        d = {"name": self.name}
        if self.representative:
            d["representative"] = self.representative
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> GuarantorBranch:
        return cls(d["name"], d.get("representative") or None)
