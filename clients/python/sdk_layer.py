"""The SDK's generated layer, made at build time and never committed:

- `e_guarantee_portal_client`: written by openapi-python-client (the build requirement pinned
  in pyproject.toml) from the portal's OpenAPI document, api/chalicelib/openapi.yaml, with the
  settings in clients/openapi-python-client.yaml;
- `e_guarantee_portal/request_fields.json`: the type of every field of the issuance and
  amendment requests, by dotted path, from the same document, so the CLI reads CSV cells as
  the numbers, booleans and texts the API expects (an 発注者 code such as 202177 stays text).

setup.py writes it into the wheel (and the sdist, whose wheel then needs neither the
repository nor the generator); `make client` (api/devtools/python_client.py) writes it into
the ignored folders under src/ that the repository's own tests and tools import. Standard
library only: it runs inside the isolated build.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE = "e_guarantee_portal_client"
FIELDS = Path("e_guarantee_portal") / "request_fields.json"
DOCUMENT = Path("api") / "chalicelib" / "openapi.yaml"
# The same document as JSON (a test keeps the two equal): read without a YAML parser.
DOCUMENT_JSON = Path("api") / "chalicelib" / "openapi.json"
SETTINGS = Path("clients") / "openapi-python-client.yaml"
REQUESTS = {"issue": "IssuanceRequest", "amend": "AmendmentRequest"}
# Where the repository is when the SDK is built from a copy of clients/python.
REPO_VARIABLE = "E_GUARANTEE_PORTAL_REPO"


def find_repo(project: Path) -> Path | None:
    """The repository holding the document: $E_GUARANTEE_PORTAL_REPO, else the one that holds
    this project (clients/python); None when neither does (an sdist, or a bare copy)."""
    named = os.environ.get(REPO_VARIABLE)
    candidates = [Path(named)] if named else [project.resolve().parent.parent]
    return next((repo for repo in candidates if (repo / DOCUMENT).is_file()), None)


def generate(repo: Path, into: Path) -> Path:
    """The generated package, written under `into`; returns its folder."""
    out = into / "generated"
    result = subprocess.run([sys.executable, "-m", "openapi_python_client", "generate", "--path", str(repo / DOCUMENT),
                             "--config", str(repo / SETTINGS), "--output-path", str(out)],
                            capture_output=True, text=True, check=False, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"openapi-python-client failed:\n{result.stdout}{result.stderr}")
    return out / PACKAGE


def _types(schema: dict, schemas: dict) -> set[str]:
    if "$ref" in schema:
        return _types(schemas[schema["$ref"].rsplit("/", 1)[1]], schemas)
    found = set()
    for key in ("allOf", "oneOf", "anyOf"):
        for part in schema.get(key, []):
            found |= _types(part, schemas)
    kind = schema.get("type")
    found |= set(kind if isinstance(kind, list) else [kind] if kind else [])
    if "const" in schema:
        found.add({bool: "boolean", int: "integer", str: "string"}.get(type(schema["const"]), "string"))
    return found - {"null"}


def _properties(schema: dict, schemas: dict) -> dict:
    if "$ref" in schema:
        return _properties(schemas[schema["$ref"].rsplit("/", 1)[1]], schemas)
    merged = dict(schema.get("properties", {}))
    for key in ("allOf", "oneOf", "anyOf"):
        for part in schema.get(key, []):
            merged.update(_properties(part, schemas))
    return merged


def _items(schema: dict, schemas: dict) -> dict | None:
    if "$ref" in schema:
        return _items(schemas[schema["$ref"].rsplit("/", 1)[1]], schemas)
    for key in ("allOf", "oneOf", "anyOf"):
        for part in schema.get(key, []):
            if (found := _items(part, schemas)) is not None:
                return found
    return schema.get("items")


def leaf_types(schema: dict, schemas: dict, prefix: str = "") -> dict[str, str]:
    """Dotted path (list items as `[]`) → "integer" | "number" | "boolean" | "string"."""
    out: dict[str, str] = {}
    for name, sub in _properties(schema, schemas).items():
        path = f"{prefix}{name}"
        types = _types(sub, schemas)
        if "object" in types:
            out.update(leaf_types(sub, schemas, path + "."))
        elif "array" in types:
            items = _items(sub, schemas) or {}
            if "object" in _types(items, schemas):
                out.update(leaf_types(items, schemas, path + ".[]."))
            else:
                out[path + ".[]"] = next(iter(sorted(_types(items, schemas) or {"string"})))
        else:
            out[path] = next((t for t in ("integer", "number", "boolean") if t in types), "string")
    return out


def request_fields(repo: Path) -> dict:
    document = json.loads((repo / DOCUMENT_JSON).read_text(encoding="utf-8"))
    schemas = document["components"]["schemas"]
    return {command: dict(sorted(leaf_types(schemas[name], schemas).items())) for command, name in REQUESTS.items()}


def _replace(folder: Path, by: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(by, folder, ignore=shutil.ignore_patterns("__pycache__"))


def _write_text(path: Path, text: str) -> None:
    # Unlinked first: in an sdist's release tree the old file may be a hard link to the source.
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.write_text(text, encoding="utf-8")


def write(repo: Path, root: Path) -> None:
    """The layer made from the repository's document, into `root` (a src/ or build/lib folder):
    root/e_guarantee_portal_client/ replaced, root/e_guarantee_portal/request_fields.json written."""
    with tempfile.TemporaryDirectory() as tmp:
        _replace(root / PACKAGE, generate(repo, Path(tmp)))
    _write_text(root / FIELDS, json.dumps(request_fields(repo), ensure_ascii=False, indent=1) + "\n")


def copy(source: Path, root: Path) -> None:
    """The layer an sdist ships (source: its src/), into `root`."""
    if source.resolve() == root.resolve():
        return
    _replace(root / PACKAGE, source / PACKAGE)
    _write_text(root / FIELDS, (source / FIELDS).read_text(encoding="utf-8"))
