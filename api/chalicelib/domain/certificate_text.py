"""The certificate (電子保証) as a paper 保証証書 reads: its sections and rows, in Japanese.

One statement of what each printed document shows and how each value is written: the
notice and the signed copy lay these rows out (adapters/pdf/); a verification answer carries
them too (`sections`, views.sections_view), so a page lays out these words instead of writing
its own (まとめて確認 does; the verification page still formats its fields in verify.js). A row whose
value a version does not have (a field that came later, a kind without it) is left out.
"""
from __future__ import annotations

from typing import Any, cast

from .formatting import date_ja, deposit_bank_ja, period_ja, ratio_ja, redeposit_ja, yen_ja

Row = tuple[str, list[str]]


def orderer_name(orderer: dict[str, Any]) -> str:
    """長野県佐久市: municipality names repeat across prefectures (府中市)."""
    name: str = orderer.get("name", "")
    prefecture: str = orderer.get("prefecture", "")
    if prefecture and not name.startswith(prefecture):
        return f"{prefecture}{name}"
    return name


def _rows(*rows: tuple[str, Any]) -> list[Row]:
    """Rows whose value is there; a value is a line or a list of lines."""
    kept: list[Row] = []
    for label, value in rows:
        lines = [line for line in (value if isinstance(value, list) else [value]) if line]
        if lines:
            kept.append((label, lines))
    return kept


def guarantee_rows(c: dict[str, Any]) -> list[Row]:
    """保証の内容."""
    advance = c.get("advance")
    amount = yen_ja(c["amount"])
    if c["kind"] == "contract":
        amount += f"（{ratio_ja(c['amount'], c['project']['contract_price'])}）"
    terms = c.get("guarantee_terms")
    return _rows(
        ("保証の種類", c["kind_label"]),
        ("保証契約番号", c["contract_number"]),
        ("保証金額", amount),
        ("中間前払金額" if c["kind"] == "interim_advance_payment" else "前払金額",
         yen_ja(advance["amount"]) if advance else None),
        ("保証期間", period_ja(c["guarantee_period"]["start"], c["guarantee_period"]["end"])),
        ("預託金融機関", deposit_bank_ja(advance["deposit_bank"]) if advance else None),
        ("再預託", redeposit_ja(advance["redeposit"]) if advance else None),
        ("保証約款", f"{terms['name']}（{date_ja(terms['revision'])}改正）" if terms else None),
        ("発行日", date_ja(c["issue_date"])),
    )


def project_rows(c: dict[str, Any]) -> list[Row]:
    """工事の内容."""
    p = c["project"]
    return _rows(
        ("発注者", orderer_name(c["orderer"])),
        ("工事名", p["name"]),
        ("工事番号", p.get("number")),
        ("工事場所", p["location"]),
        ("工期", period_ja(p["period"]["start"], p["period"]["end"])),
        ("請負代金額", yen_ja(p["contract_price"])),
        ("請負契約日", date_ja(c["contract_date"]) if c.get("contract_date") else None),
    )


def contractor_rows(c: dict[str, Any]) -> list[Row]:
    """受注者: a company, or a joint venture and each of its members."""
    k = c["contractor"]
    rows = _rows(
        ("受注者名", k["name"]),
        ("所在地", k.get("address")),
        ("代表者", k.get("representative")),
        ("法人番号", k.get("corporate_number")),
    )
    for n, member in enumerate(k.get("members") or (), start=1):
        name = member["name"] + ("（代表構成員）" if n == 1 else "")
        rows += _rows((f"構成員{n}", [name, member["address"], member["representative"],
                                     f"法人番号 {member['corporate_number']}" if member.get("corporate_number") else None]))
    return rows


def surety_rows(c: dict[str, Any], with_contact: bool = True) -> list[Row]:
    """保証会社, and where to ask (お問い合わせ先) unless the document says it elsewhere."""
    s = c["surety"]
    contact: dict[str, Any] = (s.get("contact") or {}) if with_contact else {}
    return _rows(
        ("保証会社名", s["name"]),
        ("代表者", s.get("representative")),
        ("本店所在地", s.get("head_office")),
        ("取扱支店", contact.get("department")),
        ("電話", cast(str, contact.get("phone")) + (f"（{contact['hours']}）" if contact.get("hours") else "")
         if contact.get("phone") else None),
        ("電子メール", contact.get("email")),
    )


def sections(c: dict[str, Any], with_contact: bool = True) -> list[tuple[str, list[Row]]]:
    return [("保証の内容", guarantee_rows(c)), ("工事の内容", project_rows(c)), ("受注者", contractor_rows(c)),
            ("保証会社", surety_rows(c, with_contact))]
