"""An orderer's own contract list (契約一覧), as its staff upload it for the 受領台帳's check
(issue 30): the CSV file read into contracts, or refused whole with what is wrong on each line.

The file is what Excel writes (Shift_JIS, i.e. cp932) or UTF-8, with or without a BOM. Columns
are found by their header (full/half width and spaces do not matter):
- 契約番号 or 工事番号 (at least one; both may be given): the key a received guarantee is
  matched on (its 工事番号, the orderer's own 工事番号・契約番号 typed in a 電子提出, or its number);
- 工事名, 受注者, 請負代金額 (digits, with commas, 円 or ¥ if wanted), and the 工期 either as two
  columns 工期の始期 / 工期の終期 or one 工期 cell 「2024年7月1日～2025年3月31日」. Dates may be
  2024年7月1日, 令和6年7月1日 (平成 too), 2024/7/1 or 2024-07-01.
Those columns are optional: a list without 受注者 is not compared on the contractor. A cell left
empty is not compared either; a key cell may not be empty.

Any wrong line refuses the whole file (a half-read list would flag the wrong rows): ``Refused``
names up to MAX_REPORTED lines, each with its column and a message.

Pure domain code: no storage, no HTTP.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import Invalid, Problem

MAX_BYTES = 5 * 1024 * 1024
MAX_CONTRACTS = 50_000
MAX_REPORTED = 100
# Uploads (refused ones too: each is read whole) a member of staff may make in a sliding hour. A
# list of 20,000 contracts writes about 10,000 units; a clerk correcting a file needs a few tries.
UPLOADS_PER_STAFF_PER_HOUR = 20
MAX_CELL = 200           # characters of one cell (a 工事名 is far shorter)
CONTRACTS_PER_BUCKET = 8  # how many contracts one stored item holds (adapters keep the list in buckets)

REFUSED_MESSAGE = "契約一覧のファイルを読み込めませんでした。次の行を直して、もう一度登録してください。"

# Header (folded) → the field it gives. The first names are the ones the page tells staff.
_HEADERS = {
    "契約番号": "contract_key", "工事番号": "project_key",
    "工事名": "project_name", "工事件名": "project_name", "件名": "project_name",
    "受注者": "contractor", "受注者名": "contractor", "契約の相手方": "contractor", "契約相手方": "contractor",
    "請負代金額": "price", "契約金額": "price", "請負金額": "price",
    "工期": "works_period",
    "工期の始期": "works_start", "工期始期": "works_start", "工期(自)": "works_start", "着工日": "works_start",
    "工期の終期": "works_end", "工期終期": "works_end", "工期(至)": "works_end", "完成期限": "works_end",
}
_LABELS = {"contract_key": "契約番号", "project_key": "工事番号", "project_name": "工事名", "contractor": "受注者",
           "price": "請負代金額", "works_period": "工期", "works_start": "工期の始期", "works_end": "工期の終期"}
_ERAS = {"令和": 2018, "平成": 1988, "R": 2018, "H": 1988}
_RANGE = re.compile(r"\s*(?:～|〜|~|から|－|―|ー)\s*")


def fold(text: str) -> str:
    """One form for comparing names and keys: 全角/半角 (NFKC), case, spaces of either width removed."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def bucket_of(key: str, buckets: int) -> int:
    """Which bucket (0 … buckets-1) holds a folded key: a stable hash (never Python's hash())."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % max(buckets, 1)


def bucket_count(contracts: int) -> int:
    return max(1, -(-contracts // CONTRACTS_PER_BUCKET))


@dataclass(frozen=True)
class Contract:
    """One line of the list: its keys (folded), and what it says of the contract (None: not given)."""
    line: int
    keys: tuple[str, ...]
    number: str                      # the key as written (契約番号, else 工事番号)
    project_name: str | None = None
    contractor: str | None = None
    price: int | None = None
    works_start: str | None = None   # ISO dates
    works_end: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in {"line": self.line, "keys": list(self.keys), "number": self.number,
                                  "project_name": self.project_name, "contractor": self.contractor,
                                  "price": self.price, "works_start": self.works_start,
                                  "works_end": self.works_end}.items() if v is not None}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Contract:
        price = d.get("price")
        return cls(int(d["line"]), tuple(d["keys"]), d["number"], d.get("project_name"), d.get("contractor"),
                   int(price) if price is not None else None, d.get("works_start"), d.get("works_end"))


@dataclass(frozen=True)
class LineError:
    line: int
    column: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "message": self.message}


class Refused(Invalid):
    """400 invalid_contract_list: the file refused whole, with what is wrong on its lines."""

    def __init__(self, lines: list[LineError], more: bool = False):
        super().__init__([Problem("invalid_contract_list", REFUSED_MESSAGE)])
        self.lines = lines[:MAX_REPORTED]
        self.more = more or len(lines) > MAX_REPORTED

    def body(self) -> dict[str, Any]:
        return {**self.problems[0].as_dict(), "lines": [e.as_dict() for e in self.lines]}


def refuse_whole(message: str) -> Refused:
    return Refused([LineError(1, None, message)])


def decode(raw: bytes) -> str:
    """The file's text: UTF-8 (a BOM or not), else Shift_JIS as Excel writes it (cp932)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8")
        except UnicodeDecodeError:
            raise refuse_whole("ファイルの文字コードを読み取れませんでした。UTF-8 か Shift_JIS の CSV で保存してください。") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp932")
    except UnicodeDecodeError:
        raise refuse_whole("ファイルの文字コードを読み取れませんでした。UTF-8 か Shift_JIS の CSV で保存してください。") from None


def parse_date(text: str) -> dt.date | None:
    """2024年7月1日, 令和6年7月1日 (元年 too), R6.7.1, 2024/7/1, 2024-07-01, 2024.7.1; None if not a date."""
    t = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    m = re.fullmatch(r"(令和|平成|R|H)(\d{1,2}|元)[年.\-/](\d{1,2})[月.\-/](\d{1,2})日?", t, re.IGNORECASE)
    if m:
        year = _ERAS[m.group(1).upper() if m.group(1).isascii() else m.group(1)] + (1 if m.group(2) == "元" else int(m.group(2)))
        month, day = int(m.group(3)), int(m.group(4))
    else:
        m = re.fullmatch(r"(\d{4})(?:年(\d{1,2})月(\d{1,2})日|[/\-.](\d{1,2})[/\-.](\d{1,2}))", t)
        if not m:
            return None
        year = int(m.group(1))
        month, day = int(m.group(2) or m.group(4)), int(m.group(3) or m.group(5))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_price(text: str) -> int | None:
    t = unicodedata.normalize("NFKC", text).strip()
    t = t.removeprefix("¥").removeprefix("\\").removesuffix("円").replace(",", "").strip()
    if not (t.isascii() and t.isdigit()) or len(t) > 15:
        return None
    return int(t)


def _columns(header: list[str]) -> tuple[dict[str, int], list[LineError]]:
    found: dict[str, int] = {}
    errors = []
    for n, name in enumerate(header):
        field = _HEADERS.get(fold(name).replace("（", "(").replace("）", ")"))
        if field is None:
            continue  # other columns (担当課, 備考…) are the orderer's own: left alone
        if field in found:
            errors.append(LineError(1, name.strip(), f"見出し「{name.strip()}」の列が2つあります。1つにしてください。"))
        found[field] = n
    if "contract_key" not in found and "project_key" not in found:
        errors.append(LineError(1, None, "1行目の見出しに「契約番号」か「工事番号」の列がありません。"
                                         "照合に使う番号の列に、どちらかの見出しを付けてください。"))
    if "works_period" in found and ("works_start" in found or "works_end" in found):
        errors.append(LineError(1, "工期", "工期は「工期」の1列か、「工期の始期」「工期の終期」の2列の、どちらかで書いてください。"))
    elif ("works_start" in found) != ("works_end" in found):
        errors.append(LineError(1, "工期", "「工期の始期」と「工期の終期」は、両方の列を付けてください。"))
    return found, errors


def _line(n: int, cells: list[str], columns: dict[str, int], errors: list[LineError]) -> Contract | None:
    def cell(field: str) -> str:
        i = columns.get(field)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    before = len(errors)

    def wrong(field: str, message: str) -> None:
        errors.append(LineError(n, _LABELS[field], f"{n}行目の{_LABELS[field]}：{message}"))

    for field in columns:
        if len(cell(field)) > MAX_CELL:
            wrong(field, f"{MAX_CELL}文字までにしてください。")
    keys = [fold(cell(f)) for f in ("contract_key", "project_key") if f in columns and cell(f)]
    if not keys:
        wrong("contract_key" if "contract_key" in columns else "project_key", "番号が空です。照合に使う番号を入力してください。")
    price = None
    if cell("price"):
        price = parse_price(cell("price"))
        if price is None or price <= 0:
            wrong("price", f"「{cell('price')}」は金額として読めません。1,000,000 のように数字で入力してください。")
    start = end = None
    if cell("works_period"):
        parts = _RANGE.split(cell("works_period").removesuffix("まで"))
        if len(parts) != 2 or not all(parts):
            wrong("works_period", f"「{cell('works_period')}」は工期として読めません。"
                                  "「2024年7月1日～2025年3月31日」のように、始期と終期を「～」でつないでください。")
        else:
            start, end = parse_date(parts[0]), parse_date(parts[1])
            if start is None or end is None:
                wrong("works_period", f"「{cell('works_period')}」の日付が読めません。2024年7月1日、令和6年7月1日、"
                                      "2024/7/1 のいずれかの形で入力してください。")
    else:
        for field in ("works_start", "works_end"):
            if cell(field):
                day = parse_date(cell(field))
                if day is None:
                    wrong(field, f"「{cell(field)}」は日付として読めません。2024年7月1日、令和6年7月1日、2024/7/1 のいずれかの形で入力してください。")
                elif field == "works_start":
                    start = day
                else:
                    end = day
        if bool(cell("works_start")) != bool(cell("works_end")) and len(errors) == before:
            wrong("works_start" if not cell("works_start") else "works_end", "工期の始期と終期は、両方を入力してください。")
    if start and end and start > end:
        wrong("works_period" if "works_period" in columns else "works_start", "工期の始期が終期より後になっています。")
    if len(errors) > before:
        return None
    number = cell("contract_key") or cell("project_key")
    return Contract(n, tuple(dict.fromkeys(keys)), number, cell("project_name") or None, cell("contractor") or None,
                    price, start.isoformat() if start else None, end.isoformat() if end else None)


def parse(raw: bytes) -> list[Contract]:
    """The file's contracts, in its order; Refused naming what is wrong on each line otherwise."""
    if len(raw) > MAX_BYTES:
        raise refuse_whole(f"ファイルが大きすぎます。{MAX_BYTES // (1024 * 1024)}MB までにしてください。")
    text = decode(raw)
    if "\x00" in text:
        raise refuse_whole("CSV ファイルとして読めません。Excel で「CSV」形式を選んで保存してください。")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        raise refuse_whole("ファイルが空です。1行目に見出し、2行目から契約を書いてください。")
    columns, errors = _columns(rows[0])
    if errors:
        raise Refused(errors)
    if len(rows) - 1 > MAX_CONTRACTS:
        raise refuse_whole(f"契約は{MAX_CONTRACTS:,}件までです（このファイルは{len(rows) - 1:,}件）。分けずに登録できるよう、件数を減らしてください。")
    contracts: list[Contract] = []
    seen: dict[str, int] = {}
    for n, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue  # a blank line between contracts
        contract = _line(n, cells, columns, errors)
        for field in ("contract_key", "project_key"):
            i = columns.get(field)
            number = cells[i].strip() if i is not None and i < len(cells) else ""
            key = fold(number)
            if key and seen.get(key, n) != n:
                errors.append(LineError(n, _LABELS[field], f"{n}行目の{_LABELS[field]}：「{number}」は{seen[key]}行目と同じです。"
                                                           "1つの契約は1行にしてください。"))
                contract = None
            elif key:
                seen[key] = n
        if contract is not None:
            contracts.append(contract)
        if len(errors) > MAX_REPORTED:
            raise Refused(errors, more=True)
    if errors:
        raise Refused(errors)
    if not contracts:
        raise refuse_whole("契約が1件もありません。2行目から契約を書いてください。")
    return contracts
