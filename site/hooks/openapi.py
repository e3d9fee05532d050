"""MkDocs hook: the API reference for sureties, from `api/chalicelib/openapi.yaml` — the
document the API enforces at run time — so the site can never describe another API.

- The document itself is published at the site root as `openapi.yaml` (byte for byte).
- The marker `<!-- guide:api-operations -->` in a page becomes the table of operations
  (summary, method and path, the token scope each needs).
- `<!-- guide:python-client-settings -->` becomes the settings for openapi-python-client in
  clients/ (the file the tests generate the client with), without its comments.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from mkdocs.structure.files import File

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "api" / "chalicelib" / "openapi.yaml"
PUBLISHED_AS = "openapi.yaml"
MARKER = re.compile(r"^<!-- guide:api-operations -->$", re.M)
SETTINGS_MARKER = re.compile(r"^( *)<!-- guide:python-client-settings -->$", re.M)
PYTHON_CLIENT_SETTINGS = REPO / "clients" / "openapi-python-client.yaml"
METHODS = ("get", "post", "put", "patch", "delete")


def operations(document: dict) -> list[dict]:
    """Every operation, in the document's order: summary (Japanese part), method, path, scopes."""
    found = []
    for path, item in document["paths"].items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            scopes = [scope for requirement in op.get("security", document.get("security", []))
                      for scope in requirement.get("bearerAuth", [])]
            operator = any("operatorSigV4" in requirement for requirement in op.get("security", []))
            found.append({"id": op["operationId"], "summary": op["summary"].split(" / ")[0],
                          "method": method.upper(), "path": path, "scopes": scopes, "operator": operator})
    return found


def operations_table(document: dict) -> str:
    """A Markdown table, so that it is styled (and scrolls on a phone) like every other table."""
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    rows = [f"| {cell(op['summary'])} | `{op['method']} /api{op['path']}` | "
            f"{'運営者のみ（AWS 署名）' if op['operator'] else '、'.join(f'`{s}`' for s in op['scopes']) or '不要（公開）'} |"
            for op in operations(document)]
    return "\n".join(["| 操作 | メソッドとパス | 必要な権限 |", "|---|---|---|", *rows])


def on_files(files, config):
    files.append(File.generated(config, PUBLISHED_AS, abs_src_path=str(SPEC)))
    return files


def on_serve(server, config, builder):
    server.watch(str(SPEC))
    return server


def settings_block(indent: str) -> str:
    lines = [line for line in PYTHON_CLIENT_SETTINGS.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    return "\n".join(indent + line for line in ["``` yaml", *lines, "```"])


def on_page_markdown(markdown, page, config, files):
    markdown = SETTINGS_MARKER.sub(lambda m: settings_block(m.group(1)), markdown)
    if not MARKER.search(markdown):
        return markdown
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return MARKER.sub(lambda _m: operations_table(document), markdown)
