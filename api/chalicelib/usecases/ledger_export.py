"""受領台帳の CSV (GET /v1/staff/receipts.csv): the register's rows that answer a query, for Excel,
in parts of ledger_query.CSV_PART_ROWS rows, so an export of any size never meets the response's
size limit.

A part is the register's own pages (receipt_ledger.page, PAGE_SIZE_MAX rows a call) read on
until the part is full or the register ends; a page that stopped at its examine budget is just
continued with its cursor. The versions of the part's rows are then read in batches
(Guarantees.get_versions, 100 a call): each row prints every field of the detail, from the
version received. The reply's next cursor is the register's: the client asks on with it
(X-Next-Cursor) and joins the parts into one file. The first part starts with the byte-order
mark and the header row; the later parts are rows only.

Cells: amounts and the version as plain digits (Excel sums them), each date in its own cell as
YYYY-MM-DD, the time of receipt in JST; every text cell keeps the formula guard (csv_cells).
"""
from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..domain import csv_cells, ledger_query
from ..domain.formatting import JST, date_ja, deposit_bank_ja, parse_iso_utc
from ..domain.guarantee import Version
from ..domain.staff import Staff
from .common.dependencies import get as deps
from .ports.records import SignedVersion

# The most register pages one part reads: with EXAMINE_BUDGET rows a page at most, a part
# examines at most this many × EXAMINE_BUDGET rows (a narrow search answers with a short part,
# or an empty one, and its cursor: the client asks on until there is none).
PART_PAGES_MAX = 2 * ledger_query.CSV_PART_ROWS // ledger_query.PAGE_SIZE_MAX
VERSIONS_BATCH = 100
BOM = "\ufeff"
ATTENTION_SEPARATOR = "／"

Cell = str | int
Row = Mapping[str, Any]


@dataclasses.dataclass(frozen=True)
class Part:
    text: str                 # CSV text: CRLF lines; the first part with BOM and header
    rows: int                 # how many rows it holds
    next_cursor: str | None   # the cursor of the next part, None when this is the last


def _received_at(row: Row) -> str:
    """受領日時 in Japan, to the minute: 2024-07-02 14:05 (Excel reads it as a date and time)."""
    return parse_iso_utc(row["recorded_at"]).astimezone(JST).strftime("%Y-%m-%d %H:%M")


def _terms_name(version: Version | None) -> str:
    """約款 as the certificate names it (domain/certificate_text.py: 名前（2024年4月1日改正）)."""
    terms = version.terms.guarantee_terms if version else None
    return f"{terms.name}（{date_ja(terms.revision)}改正）" if terms else ""


def _deposit_bank(version: Version | None) -> str:
    advance = version.terms.advance if version else None
    return deposit_bank_ja(advance.deposit_bank.as_dict()) if advance else ""


def _advance_amount(row: Row, version: Version | None) -> Cell:
    if version is not None:
        return version.terms.advance.amount if version.terms.advance else ""
    return row["advance_amount"] if row.get("advance_amount") is not None else ""


def _price(row: Row, version: Version | None) -> Cell:
    return version.terms.project.contract_price if version else row.get("contract_price", "")


def _works(row: Row, version: Version | None, end: str) -> str:
    if version is not None:
        return str(version.terms.project.period.as_dict()[end])
    return str((row.get("works_period") or {}).get(end, ""))


# Each column: its header, and its cell from the row (as the register lists it) and the version
# received (None only if that version could not be read: then what the row itself holds).
Column = tuple[str, Callable[[Row, Version | None], Cell]]
COLUMNS: tuple[Column, ...] = (
    ("保証契約番号", lambda r, v: r["contract_number"]),
    ("保証の種類", lambda r, v: r["kind_label"]),
    ("発行者", lambda r, v: r["surety_name"]),
    ("発行者の種別", lambda r, v: r["issuer_type_label"]),
    ("工事名", lambda r, v: r["project_name"]),
    ("工事番号", lambda r, v: r.get("project_number") or ""),
    ("工事場所", lambda r, v: v.terms.project.location if v else ""),
    ("受注者", lambda r, v: r["contractor"]),
    ("受注者の住所", lambda r, v: v.terms.contractor.address if v else ""),
    ("請負代金額", _price),
    ("工期の始期", lambda r, v: _works(r, v, "start")),
    ("工期の終期", lambda r, v: _works(r, v, "end")),
    ("保証金額", lambda r, v: int(r["amount"])),
    ("保証期間の始期", lambda r, v: r["guarantee_period"]["start"]),
    ("保証期間の終期", lambda r, v: r["guarantee_period"]["end"]),
    ("前払金額", _advance_amount),
    ("預託金融機関", lambda r, v: _deposit_bank(v)),
    ("約款", lambda r, v: _terms_name(v)),
    ("受領した版", lambda r, v: int(r["version"])),
    ("現在の状態", lambda r, v: r["state_label"]),
    ("要対応", lambda r, v: ATTENTION_SEPARATOR.join(a["label"] for a in r.get("attention") or ())),
    ("受領日", lambda r, v: r["date"]),
    ("受領日時", lambda r, v: _received_at(r)),
    ("担当部署", lambda r, v: r["department"]),
    ("受領者", lambda r, v: r["name"]),
    ("記録したアカウント", lambda r, v: r["recorded_by"]),
    ("メモ", lambda r, v: r.get("note") or ""),
    ("受付番号", lambda r, v: r.get("submission_id") or ""),
    ("発注者の工事番号・契約番号（電子提出）", lambda r, v: r.get("orderer_reference") or ""),
)
HEADER = tuple(name for name, _ in COLUMNS)


def _cell(value: Cell) -> Cell:
    # A number stays a number (the csv module writes plain digits); text is guarded.
    return value if isinstance(value, int) else csv_cells.as_text(str(value))


def as_csv(rows: Sequence[Row], versions: Mapping[tuple[str, int], SignedVersion], header: bool = True) -> str:
    """The rows as CSV lines (CRLF); with ``header``, starting with the byte-order mark and the
    header row: sent as UTF-8, what Excel opens as Japanese text."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    if header:
        writer.writerow(HEADER)
    for row in rows:
        found = versions.get((row["guarantee_id"], int(row["version"])))
        version = found.version if found else None
        writer.writerow([_cell(get(row, version)) for _, get in COLUMNS])
    return (BOM if header else "") + text.getvalue()


def _versions_of(rows: Sequence[Row]) -> dict[tuple[str, int], SignedVersion]:
    wanted = list(dict.fromkeys((r["guarantee_id"], int(r["version"])) for r in rows))
    found: dict[tuple[str, int], SignedVersion] = {}
    guarantees = deps().store.guarantees
    for start in range(0, len(wanted), VERSIONS_BATCH):
        found.update(guarantees.get_versions(wanted[start:start + VERSIONS_BATCH]))
    return found


Pages = Callable[[Staff, ledger_query.LedgerQuery, str | None], dict[str, Any]]


def part(staff: Staff, query: ledger_query.LedgerQuery, cursor: str | None, pages: Pages) -> Part:
    """One part of the export: the next rows answering ``query`` from ``cursor`` (None: the
    first part), at most CSV_PART_ROWS of them, and the cursor to go on with. ``pages`` is the
    register's page (receipt_ledger.page, given by the route: a use case imports no other)."""
    rows: list[dict[str, Any]] = []
    at = cursor
    for _ in range(PART_PAGES_MAX):
        wanted = min(ledger_query.PAGE_SIZE_MAX, ledger_query.CSV_PART_ROWS - len(rows))
        page = pages(staff, dataclasses.replace(query, limit=wanted), at)
        rows += page["receipts"]
        at = page["next_cursor"]
        if at is None or len(rows) >= ledger_query.CSV_PART_ROWS:
            break
    return Part(as_csv(rows, _versions_of(rows), header=cursor is None), len(rows), at)
