"""Requests read from a file: a JSON array of request bodies, or a CSV with one request per
row and one column per field, named by its dotted path (`project.name`,
`guarantee_period.start`, `contractor.members.0.name` for the first JV member). Cells are
read as the type the API expects for that field (request_fields.json, made from the OpenAPI
document); an empty cell leaves the field out."""
from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path
from typing import Any


class RequestsFileError(ValueError):
    pass


def _field_types(command: str) -> dict[str, str]:
    text = resources.files("e_guarantee_portal").joinpath("request_fields.json").read_text(encoding="utf-8")
    return json.loads(text)[command]


def _cell(value: str, kind: str, where: str) -> Any:
    if kind == "integer":
        if not value.lstrip("-").isdigit():
            raise RequestsFileError(f"{where}: 整数で入力してください（カンマなし）/ not an integer: {value!r}")
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "boolean":
        if value.lower() not in ("true", "false"):
            raise RequestsFileError(f"{where}: true か false を入力してください / expected true or false: {value!r}")
        return value.lower() == "true"
    return value


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


def read_csv(path: Path, command: str = "issue", encoding: str = "utf-8-sig") -> list[dict]:
    types = _field_types(command)
    try:
        return _read_csv(path, types, encoding)
    except UnicodeDecodeError:
        raise RequestsFileError(
            f"{path.name}: 文字コードが {encoding} ではありません。UTF-8 で保存するか、Excel の「CSV」なら "
            f"--encoding cp932 を指定してください / not {encoding}: save as UTF-8 or pass --encoding cp932") from None


def _read_csv(path: Path, types: dict[str, str], encoding: str) -> list[dict]:
    with path.open(encoding=encoding, newline="") as f:
        reader = csv.DictReader(f)
        columns = reader.fieldnames or []
        for column in columns:
            shape = ".".join("[]" if part.isdigit() else part for part in column.split("."))
            if shape not in types:
                raise RequestsFileError(f"{path.name}: 不明な列名です。列名は項目名を . でつないだもの（例 project.name）にしてください"
                                        f" / unknown column: {column!r}")
        rows = []
        for number, row in enumerate(reader, start=2):
            request: dict = {}
            for column in columns:
                value = (row.get(column) or "").strip()
                if value == "":
                    continue
                shape = ".".join("[]" if part.isdigit() else part for part in column.split("."))
                _put(request, column.split("."), _cell(value, types[shape], f"{path.name}:{number} {column}"))
            if request:  # a row of empty cells is no request
                rows.append(request)
    return rows


def read_requests(path: Path, command: str = "issue", encoding: str = "utf-8-sig") -> list[dict]:
    if path.suffix.lower() == ".csv":
        return read_csv(path, command, encoding)
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    requests = data if isinstance(data, list) else [data]
    if not all(isinstance(r, dict) for r in requests):
        raise RequestsFileError(f"{path.name}: JSON のオブジェクト、またはその配列にしてください / an object or an array of objects")
    return requests
