"""MkDocs hook: what the sureties' page (site/surety.md) shows from the repository's own
files, so that it cannot drift from what the API and the SDK do:

- `<!-- guide:issue-examples -->`: one complete issuance body per kind, from
  site/examples/guarantees.json (the tests check each against openapi.yaml and issue it).
- `examples/guarantees.csv`: the CSV template made from those bodies, one row each, in the
  columns the CLI's CSV import reads (dotted field names; `contractor.members.0.name`).
- `<!-- guide:error-codes -->`: every `error.code` the API can send, from the `x-error-codes`
  of openapi.yaml (tests/api/test_openapi.py keeps those equal to the codes in the source),
  with its HTTP statuses and the document's words for it.
- `downloads/<wheel>` and `<!-- guide:sdk-download -->`: the SDK and CLI (clients/python)
  built as a wheel at site build time, published with the site, its SHA-256 on the page.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "api" / "chalicelib" / "openapi.yaml"
EXAMPLES = REPO / "site" / "examples" / "guarantees.json"
CSV_TEMPLATE = "examples/guarantees.csv"
SDK_SOURCE = REPO / "clients" / "python"
DOWNLOADS = "downloads"
METHODS = ("get", "post", "put", "patch", "delete")
# A fixed time stamp for the files in the wheel: the same source gives the same bytes (and
# checksum) on every build. 1980-01-01, the earliest a zip archive can state.
WHEEL_EPOCH = "315532800"

EXAMPLES_MARKER = re.compile(r"^<!-- guide:issue-examples -->$", re.M)
ERRORS_MARKER = re.compile(r"^<!-- guide:error-codes -->$", re.M)
SDK_MARKER = re.compile(r"^<!-- guide:sdk-download -->$", re.M)


# ---- examples and the CSV template ------------------------------------------------------

def examples() -> list[dict]:
    return json.loads(EXAMPLES.read_text(encoding="utf-8"))["examples"]


def flatten(body: dict) -> dict[str, str]:
    """A body as one CSV row, by the SDK's own writer of what its reader reads."""
    if str(SDK_SOURCE / "src") not in sys.path:
        sys.path.insert(0, str(SDK_SOURCE / "src"))
    from e_guarantee_portal.requests_file import as_row
    return as_row(body)


def csv_template(bodies: list[dict]) -> bytes:
    """UTF-8 with a byte order mark, so that Excel opens it as UTF-8 (the CLI reads both)."""
    rows = [flatten(b) for b in bodies]
    columns: list[str] = []
    for row in rows:  # the order of the first body, then what later bodies add (JV members)
        columns += [c for c in row if c not in columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def examples_markdown(items: list[dict]) -> str:
    parts = []
    for item in items:
        body = json.dumps(item["body"], ensure_ascii=False, indent=2)
        parts += [f"### {item['title']}", "", "``` json", body, "```", ""]
    return "\n".join(parts)


# ---- the error codes --------------------------------------------------------------------

_CODE = r"`([a-z_]+)`"
# A bullet that refers to the issuance's words for the same code adds nothing of its own.
SAME_AS_ISSUANCE = ("発行時と同じ",)
_LINE_CODES = re.compile(r"^(?:- )?((?:`[a-z_]+`(?:\s*\([0-9x]+\))?[\s/、]*)+)(.*)$")


def _resolve(document: dict, node: dict) -> dict:
    while "$ref" in node:
        target = document
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def _japanese(text: str) -> str:
    """The Japanese part of a line the document words in both languages."""
    return re.split(r"\s*/\s(?=[A-Z])", text.strip())[0].strip()


def _meanings(description: str) -> dict[str, str]:
    """Each code's words in a response's description: the text after the code(s) on its
    bullet (continuation lines joined); a bare bullet gets "" (see error_codes)."""
    lines, bullets = description.splitlines(), []
    for line in lines:
        if bullets and (line.startswith("  ") or bullets[-1].endswith("、")):  # a wrapped line
            bullets[-1] += line.strip()
        elif line.strip():
            bullets.append(line.strip())
    found: dict[str, str] = {}
    for bullet in bullets:
        match = _LINE_CODES.match(bullet)
        if not match:
            continue
        text = re.sub(r"^（[^）]*）", "", match.group(2).strip())
        text = _japanese(text.lstrip(":：").strip())
        for code in re.findall(_CODE, match.group(1)):
            found.setdefault(code, text)
    return found


def error_codes(document: dict) -> dict[str, dict]:
    """code → {statuses, meanings}, from every operation's responses, in the document's order."""
    codes: dict[str, dict] = {}
    for item in document["paths"].values():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            for status, response in operation["responses"].items():
                response = _resolve(document, response)
                meanings = _meanings(response.get("description", ""))
                summary = _japanese(response.get("description", "").splitlines()[0])
                for code in response.get("x-error-codes", []):
                    entry = codes.setdefault(code, {"statuses": [], "meanings": [], "fallbacks": []})
                    # The entrance's refusals (`default`) name their status on their bullet.
                    shown = _default_status(response["description"], code) if status == "default" else status
                    if shown not in entry["statuses"]:
                        entry["statuses"].append(shown)
                    meaning = meanings.get(code) or ""
                    if meaning in SAME_AS_ISSUANCE or not meaning:  # words said elsewhere, or none here
                        entry["fallbacks"].append(summary)
                    elif meaning not in entry["meanings"]:
                        entry["meanings"].append(meaning)
    for entry in codes.values():  # a code named only on a bare bullet: its response's own words
        if not entry["meanings"]:
            entry["meanings"].append(entry["fallbacks"][0])
        del entry["fallbacks"]
    return codes


def _default_status(description: str, code: str) -> str:
    match = re.search(rf"`{code}`\s*\(([0-9x]+)\)", description)
    return match.group(1) if match else "4xx"


def error_table(document: dict) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    def code_name(code: str) -> str:
        # A long code breaks only after an underscore (<wbr>), never inside a word; copying
        # it copies the code alone.
        return '<code class="portal-error-code">' + code.replace("_", "_<wbr>") + "</code>"

    rows = []
    for code, entry in sorted(error_codes(document).items()):
        statuses = "、".join(sorted(entry["statuses"]))
        # Two columns, the status under the code: on a phone the meaning keeps the width.
        rows.append(f"| {code_name(code)}<br>{statuses} | {'<br>'.join(cell(m) for m in entry['meanings'])} |")
    return "\n".join(["| コード（`code`）と HTTP の状態 | 意味 |", "|---|---|", *rows])


# ---- the SDK's wheel --------------------------------------------------------------------

_wheel: tuple[str, bytes] | None = None


def build_wheel() -> tuple[str, bytes]:
    """clients/python built from a copy (setuptools writes build/ beside the source), with no
    network (--no-index, --no-build-isolation: the site's own setuptools and generator); the
    build generates the SDK's layer from this repository's document (clients/python/setup.py)."""
    global _wheel
    if _wheel is not None:
        return _wheel
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "src"
        shutil.copytree(SDK_SOURCE, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
        env = {**os.environ, "SOURCE_DATE_EPOCH": WHEEL_EPOCH, "PIP_DISABLE_PIP_VERSION_CHECK": "1",
               "E_GUARANTEE_PORTAL_REPO": str(REPO)}
        result = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
             "--wheel-dir", str(Path(tmp) / "out"), str(source)],
            env=env, capture_output=True, text=True, timeout=300)
        wheels = sorted((Path(tmp) / "out").glob("*.whl"))
        if result.returncode != 0 or len(wheels) != 1:
            raise PluginError(f"surety_api: could not build the SDK's wheel:\n{result.stdout}{result.stderr}")
        _wheel = (wheels[0].name, wheels[0].read_bytes())
    return _wheel


def sdk_markdown(name: str, content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()
    return "\n".join([
        f"[SDK とコマンドをダウンロード（{name}）]({DOWNLOADS}/{name}){{ .md-button download }}",
        "",
        f"SHA-256: `{digest}`{{ .portal-sha256 }}",
        "",
        "``` text",
        "# 表示された値が上の SHA-256 と同じか確かめてから、インストールします",
        f"sha256sum {name}",
        f"pip install ./{name}",
        "```",
    ])


# ---- MkDocs events ----------------------------------------------------------------------

def on_files(files, config):
    files.append(File.generated(config, CSV_TEMPLATE, content=csv_template([e["body"] for e in examples()])))
    name, content = build_wheel()
    files.append(File.generated(config, f"{DOWNLOADS}/{name}", content=content))
    return files


def on_serve(server, config, builder):
    server.watch(str(EXAMPLES))
    return server


def on_page_markdown(markdown, page, config, files):
    if EXAMPLES_MARKER.search(markdown):
        markdown = EXAMPLES_MARKER.sub(lambda _m: examples_markdown(examples()), markdown)
    if ERRORS_MARKER.search(markdown):
        document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
        markdown = ERRORS_MARKER.sub(lambda _m: error_table(document), markdown)
    if SDK_MARKER.search(markdown):
        markdown = SDK_MARKER.sub(lambda _m: sdk_markdown(*build_wheel()), markdown)
    return markdown
