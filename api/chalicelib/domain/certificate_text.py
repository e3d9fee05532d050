"""The certificate (電子保証) as a paper 保証証書 reads: its sections and rows, in Japanese.

One statement of what each printed document shows and how each value is written: the
notice and the signed copy lay these rows out (adapters/pdf/); a verification answer carries
them too (`sections`, `history_rows`, views.for_key), so the pages (the verification page,
まとめて確認, the 受領台帳) lay out these words and format no amount, date or name themselves.
Each section and row has a stable `key`, so a script finds a row without reading its wording.
A row whose value a version does not have (a field that came later, a kind without it) is left out.
Each instrument names its parts in its own words (instruments.py: 証券番号, 保険金額, 被保険者 …);
the rows' keys are the same for every instrument.
"""
from __future__ import annotations

from typing import Any

from .instruments import INSTRUMENTS
from .orderers import written_name
from .formatting import date_ja, deposit_bank_ja, period_ja, ratio_ja, redeposit_ja, yen_ja

Row = tuple[str, list[str]]
KeyedRow = tuple[str, str, list[str]]  # key, label, lines


def orderer_name(orderer: dict[str, Any]) -> str:
    """The certificate's orderer (its ``name`` and ``prefecture``) as orderers.written_name writes it."""
    return written_name(orderer.get("name", ""), orderer.get("prefecture", ""))


def _rows(*rows: tuple[str, str, Any]) -> list[KeyedRow]:
    """Rows whose value is there; a value is a line or a list of lines."""
    kept: list[KeyedRow] = []
    for key, label, value in rows:
        lines = [line for line in (value if isinstance(value, list) else [value]) if line]
        if lines:
            kept.append((key, label, lines))
    return kept


def _plain(rows: list[KeyedRow]) -> list[Row]:
    return [(label, lines) for _, label, lines in rows]


def keyed_guarantee_rows(c: dict[str, Any]) -> list[KeyedRow]:
    """保証の内容."""
    i = INSTRUMENTS[c["kind"]]
    advance = c.get("advance")
    amount = yen_ja(c["amount"])
    if i.secures == "contract":
        amount += f"（{ratio_ja(c['amount'], c['project']['contract_price'])}）"
    terms = c.get("guarantee_terms")
    return _rows(
        ("kind", "保証の種類", c["kind_label"]),
        ("contract_number", i.number_label, c["contract_number"]),
        ("amount", i.amount_label, amount),
        ("advance_amount", "中間前払金額" if c["kind"] == "interim_advance_payment" else "前払金額",
         yen_ja(advance["amount"]) if advance else None),
        ("guarantee_period", i.period_label, period_ja(c["guarantee_period"]["start"], c["guarantee_period"]["end"])),
        ("deposit_bank", "預託金融機関", deposit_bank_ja(advance["deposit_bank"]) if advance else None),
        ("redeposit", "再預託", redeposit_ja(advance["redeposit"]) if advance else None),
        ("covers", i.covers_label, i.covers or None),
        ("guarantee_terms", i.terms_label, f"{terms['name']}（{date_ja(terms['revision'])}改正）" if terms else None),
        ("riders", "特約", list(c.get("riders") or [])),
        ("issue_date", "発行日", date_ja(c["issue_date"])),
    )


def keyed_project_rows(c: dict[str, Any]) -> list[KeyedRow]:
    """工事の内容."""
    p = c["project"]
    return _rows(
        ("orderer", INSTRUMENTS[c["kind"]].orderer_label, orderer_name(c["orderer"])),
        ("project_name", "工事名", p["name"]),
        ("project_number", "工事番号", p.get("number")),
        ("project_location", "工事場所", p["location"]),
        ("project_period", "工期", period_ja(p["period"]["start"], p["period"]["end"])),
        ("contract_price", "請負代金額", yen_ja(p["contract_price"])),
        ("contract_date", "請負契約日", date_ja(c["contract_date"]) if c.get("contract_date") else None),
    )


def keyed_contractor_rows(c: dict[str, Any]) -> list[KeyedRow]:
    """受注者: a company, or a joint venture and each of its members (member_1 is the 代表構成員)."""
    k = c["contractor"]
    rows = _rows(
        ("contractor_name", "受注者名", k["name"]),
        ("contractor_address", "所在地", k.get("address")),
        ("contractor_representative", "代表者", k.get("representative")),
        ("contractor_corporate_number", "法人番号", k.get("corporate_number")),
    )
    for n, member in enumerate(k.get("members") or (), start=1):
        name = member["name"] + ("（代表構成員）" if n == 1 else "")
        rows += _rows((f"member_{n}", f"構成員{n}",
                       [name, member["address"], member["representative"],
                        f"法人番号 {member['corporate_number']}" if member.get("corporate_number") else None]))
    return rows


def keyed_surety_rows(c: dict[str, Any], with_contact: bool = True) -> list[KeyedRow]:
    """保証会社, and where to ask (お問い合わせ先) unless the document says it elsewhere."""
    s = c["surety"]
    contact = (s.get("contact") or {}) if with_contact else {}
    branch = c.get("guarantor_branch")
    return _rows(
        ("surety", INSTRUMENTS[c["kind"]].issuer_name_label, s["name"]),
        ("surety_representative", "代表者", s.get("representative")),
        ("surety_head_office", "本店所在地", s.get("head_office")),
        ("guarantor_branch", "保証する支店", [branch["name"], branch.get("representative")] if branch else None),
        ("contact_department", "取扱支店", contact.get("department")),
        ("contact_phone", "電話", f"{contact['phone']}" + (f"（{contact['hours']}）" if contact.get("hours") else "")
         if contact.get("phone") else None),
        ("contact_email", "電子メール", contact.get("email")),
    )


def cancellation_row(cancellation: dict[str, Any]) -> KeyedRow:
    """解約日, first in 保証の内容 of a cancelled guarantee: 2024年9月1日（工事の中止）."""
    reason = cancellation.get("reason")
    return ("cancellation", "解約日", [date_ja(cancellation["date"]) + (f"（{reason}）" if reason else "")])


def history_rows(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """変更の履歴 as printed (版・日付・内容), each version's changes as the history gives them."""
    return [{"version": f"第{e['version']}版", "date": date_ja(e["date"]) if e.get("date") else "",
             "content": e["label"] + (f"（{e['reason_label']}）" if e.get("reason_label") else ""),
             "changes": e.get("changes") or []} for e in entries]


def keyed_sections(c: dict[str, Any], with_contact: bool = True,
                   cancellation: dict[str, Any] | None = None) -> list[tuple[str, str, list[KeyedRow]]]:
    """(key, title, rows); the 解約日 leads 保証の内容 when the guarantee was cancelled."""
    first = [cancellation_row(cancellation)] if cancellation else []
    i = INSTRUMENTS[c["kind"]]
    return [("guarantee", "保証の内容", first + keyed_guarantee_rows(c)),
            ("project", "工事の内容", keyed_project_rows(c)),
            ("contractor", i.contractor_title, keyed_contractor_rows(c)),
            ("surety", i.issuer_title, keyed_surety_rows(c, with_contact))]


def guarantee_rows(c: dict[str, Any]) -> list[Row]:
    return _plain(keyed_guarantee_rows(c))


def project_rows(c: dict[str, Any]) -> list[Row]:
    return _plain(keyed_project_rows(c))


def contractor_rows(c: dict[str, Any]) -> list[Row]:
    return _plain(keyed_contractor_rows(c))


def surety_rows(c: dict[str, Any], with_contact: bool = True) -> list[Row]:
    return _plain(keyed_surety_rows(c, with_contact))


def sections(c: dict[str, Any], with_contact: bool = True) -> list[tuple[str, list[Row]]]:
    return [(title, _plain(rows)) for _, title, rows in keyed_sections(c, with_contact)]
