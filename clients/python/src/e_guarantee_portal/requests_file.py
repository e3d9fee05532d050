"""Requests read from a file: a JSON array of request bodies, or a CSV with one request per
row and one column per field, named by its dotted path (`project.name`,
`guarantee_period.start`, `contractor.members.0.name` for the first JV member). Cells are
read as the type the API expects for that field (request_fields.json, made from the OpenAPI
document); an empty cell leaves the field out, spaces around a cell are dropped.

Every row is read, and every cell that cannot be read is named (row, column, value and why),
so one bad cell stops neither the rows before it nor the ones after. One rule for numbers,
as spreadsheets write them: full-width digits and thousands separators (`50,000,000`,
`５０，０００，０００`) are read as the number and each such cell is reported as normalised;
an exponent (`2e7`, what Excel shows in a narrow column, rounded: 5.01E+07 for 50,123,456),
a decimal, a unit (`円`) or a misplaced comma is refused: the amount meant is not certain."""
from __future__ import annotations

import csv
import dataclasses
import json
import re
import unicodedata
from importlib import resources
from pathlib import Path
from typing import Any


class RequestsFileError(ValueError):
    """The file as a whole cannot be read (nothing in it is sent)."""


@dataclasses.dataclass(frozen=True)
class CellProblem:
    column: str
    value: str
    reason: str  # Japanese, a whole sentence (敬体) / a short English one after " / "


@dataclasses.dataclass(frozen=True)
class Normalised:
    column: str
    value: str  # as written in the file
    read_as: Any


@dataclasses.dataclass
class Row:
    """One request of the file. `number` is where a person finds it: the spreadsheet's row
    number for a CSV (the header is row 1), the item's position (from 1) in a JSON array."""
    number: int
    label: str  # 「3 行目」 (CSV) or 「3 件目」 (JSON)
    request: dict
    problems: list[CellProblem] = dataclasses.field(default_factory=list)
    normalised: list[Normalised] = dataclasses.field(default_factory=list)


class _Refused(ValueError):
    pass


def _field_types(command: str) -> dict[str, str]:
    text = resources.files("e_guarantee_portal").joinpath("request_fields.json").read_text(encoding="utf-8")
    return json.loads(text)[command]


_PLAIN_INTEGER = re.compile(r"-?[0-9]+", re.ASCII)
_GROUPED_INTEGER = re.compile(r"-?[0-9]{1,3}(?:,[0-9]{3})+", re.ASCII)
_EXPONENT = re.compile(r"-?[0-9.,]*[0-9][eE][-+]?[0-9]+", re.ASCII)
_DECIMAL = re.compile(r"-?[0-9,]*\.[0-9]+", re.ASCII)


def _integer(value: str) -> int:
    text = unicodedata.normalize("NFKC", value)  # full-width digits, comma and minus as ASCII
    if _PLAIN_INTEGER.fullmatch(text):
        return int(text)
    if _GROUPED_INTEGER.fullmatch(text):
        return int(text.replace(",", ""))
    if _EXPONENT.fullmatch(text):
        raise _Refused("指数の形（2e7 など）では読み込めません。表計算ソフトの表示形式を「数値」にするなどして、"
                       "50000000 のように桁をすべて書いてください。 / exponent form: write every digit")
    if _DECIMAL.fullmatch(text):
        raise _Refused("小数は使えません。整数で入力してください。 / not an integer (a decimal)")
    if "," in text and re.fullmatch(r"-?[0-9,]+", text, re.ASCII):
        raise _Refused("カンマの位置が正しくありません。3桁ごとに区切るか、カンマなしで入力してください。"
                       " / thousands separators in the wrong place")
    raise _Refused("整数（数字だけ）で入力してください。円などの単位や記号は付けません。 / not an integer")


def _number(value: str) -> float:
    text = unicodedata.normalize("NFKC", value)
    if re.fullmatch(r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?", text, re.ASCII):
        return float(text.replace(",", ""))
    if _EXPONENT.fullmatch(text):
        raise _Refused("指数の形（2e7 など）では読み込めません。桁をすべて書いてください。 / exponent form")
    raise _Refused("数値（数字だけ）で入力してください。 / not a number")


def _boolean(value: str) -> bool:
    text = unicodedata.normalize("NFKC", value).lower()
    if text not in ("true", "false"):
        raise _Refused("true か false を入力してください。 / expected true or false")
    return text == "true"


_READERS = {"integer": _integer, "number": _number, "boolean": _boolean}


def _cell(value: str, kind: str) -> tuple[Any, bool]:
    """The cell as the API's type, and whether reading it changed how it is written (a
    full-width digit, a thousands separator: said to the user, never done silently)."""
    read = _READERS.get(kind)
    if read is None:
        return value, False
    parsed = read(value)
    if kind == "boolean":  # TRUE and FALSE, as Excel writes them, are no change
        return parsed, str(parsed).lower() != value.lower()
    return parsed, str(parsed) != value


def _put(target: dict, parts: list[str], value: Any) -> None:
    *path, last = parts
    node: Any = target
    for i, part in enumerate(path):
        following = parts[i + 1]
        default: Any = [] if following.isdigit() else {}
        if isinstance(node, list):
            index = int(part)
            while len(node) <= index:
                node.append({} if not following.isdigit() else [])
            node = node[index]
        else:
            node = node.setdefault(part, default)
    if isinstance(node, list):
        index = int(last)
        while len(node) <= index:
            node.append(None)
        node[index] = value
    else:
        node[last] = value


def read_rows(path: Path, command: str = "issue", encoding: str = "utf-8-sig") -> list[Row]:
    """Every request of the file, each with what could not be read in it (RequestsFileError
    only when the file as a whole cannot be read: its encoding, its columns, its JSON)."""
    if path.suffix.lower() == ".csv":
        try:
            return _read_csv(path, _field_types(command), encoding)
        except UnicodeDecodeError:
            raise RequestsFileError(
                f"{path.name}: 文字コードが {encoding} ではありません。UTF-8 で保存するか、Excel の「CSV」なら "
                f"--encoding cp932 を指定してください / not {encoding}: save as UTF-8 or pass --encoding cp932") from None
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except ValueError as e:
        raise RequestsFileError(f"{path.name}: JSON として読めません（{e}）/ not JSON: {e}") from None
    requests = data if isinstance(data, list) else [data]
    if not all(isinstance(r, dict) for r in requests):
        raise RequestsFileError(f"{path.name}: JSON のオブジェクト、またはその配列にしてください / an object or an array of objects")
    return [Row(i, f"{i} 件目", r) for i, r in enumerate(requests, start=1)]


def _shape(column: str) -> str:
    return ".".join("[]" if part.isdigit() else part for part in column.split("."))


def _read_csv(path: Path, types: dict[str, str], encoding: str) -> list[Row]:
    with path.open(encoding=encoding, newline="") as f:
        reader = csv.DictReader(f)
        columns = reader.fieldnames or []
        unknown = [column for column in columns if _shape(column) not in types]
        if unknown:
            raise RequestsFileError(f"{path.name}: 不明な列名です。列名は項目名を . でつないだもの（例 project.name）にしてください"
                                    f" / unknown column: {', '.join(repr(c) for c in unknown)}")
        rows = []
        for number, cells in enumerate(reader, start=2):  # the spreadsheet's row numbers (header: 1)
            row = Row(number, f"{number} 行目", {})
            for column in columns:
                value = (cells.get(column) or "").strip()
                if value == "":
                    continue
                try:
                    parsed, changed = _cell(value, types[_shape(column)])
                except _Refused as e:
                    row.problems.append(CellProblem(column, value, str(e)))
                    continue
                if changed:
                    row.normalised.append(Normalised(column, value, parsed))
                _put(row.request, column.split("."), parsed)
            if row.request or row.problems:  # a row of empty cells is no request
                rows.append(row)
    return rows


def problem_lines(row: Row) -> list[str]:
    return [f"{row.label} {p.column} 「{p.value}」: {p.reason}" for p in row.problems]


def normalised_line(row: Row) -> str:
    cells = "、".join(f"{n.column} 「{n.value}」を {n.read_as}" for n in row.normalised)
    return f"{row.label}: {cells} として読みました / read as numbers"


def read_requests(path: Path, command: str = "issue", encoding: str = "utf-8-sig") -> list[dict]:
    """The requests of a file that must be read whole (`amend`): any cell that cannot be read
    is an error, and the error names all of them."""
    rows = read_rows(path, command, encoding)
    problems = [line for row in rows for line in problem_lines(row)]
    if problems:
        raise RequestsFileError(f"{path.name}: 読み込めない値があります / cells that cannot be read:\n" + "\n".join(problems))
    return [row.request for row in rows]


def as_row(body: dict, prefix: str = "") -> dict[str, str]:
    """A request as one CSV row, as ``read_rows`` reads it back: dotted columns, list items by
    index (``contractor.members.0.name``), booleans as true/false, numbers as plain digits."""
    row: dict[str, str] = {}
    for name, value in body.items():
        path = f"{prefix}{name}"
        if isinstance(value, dict):
            row.update(as_row(value, path + "."))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                row.update(as_row(item, f"{path}.{i}.") if isinstance(item, dict) else {f"{path}.{i}": str(item)})
        elif isinstance(value, bool):
            row[path] = "true" if value else "false"
        else:
            row[path] = str(value)
    return row
