"""Regenerate the surety SDK's generated layer from the OpenAPI document:

    PYTHONPATH=api .venv/bin/python -m devtools.python_client      (make client)

openapi-python-client (pinned in pyproject's dev extras) writes the package
`e_guarantee_portal_client` with the settings in clients/openapi-python-client.yaml; it is
committed under clients/python/src/ so the SDK installs without the generator. A test
regenerates it and fails if the committed copy differs (the document changed, `make client`
was not run).

It also writes the SDK's `request_fields.json`: the type of every field of the issuance and
amendment requests, by dotted path, from the same document, so the CLI reads CSV cells as
the numbers, booleans and texts the API expects (an 発注者 code such as 202177 stays text).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOCUMENT = REPO / "api" / "chalicelib" / "openapi.yaml"
SETTINGS = REPO / "clients" / "openapi-python-client.yaml"
PACKAGE = "e_guarantee_portal_client"
TARGET = REPO / "clients" / "python" / "src" / PACKAGE
FIELDS = REPO / "clients" / "python" / "src" / "e_guarantee_portal" / "request_fields.json"
REQUESTS = {"issue": "IssuanceRequest", "amend": "AmendmentRequest"}


def generate(into: Path) -> Path:
    """The generated package, written under `into`; returns its folder."""
    out = into / "generated"
    result = subprocess.run([sys.executable, "-m", "openapi_python_client", "generate", "--path", str(DOCUMENT),
                             "--config", str(SETTINGS), "--output-path", str(out)],
                            capture_output=True, text=True, timeout=300)
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


def request_fields() -> dict:
    import json
    document = json.loads((REPO / "api" / "chalicelib" / "openapi.json").read_text(encoding="utf-8"))
    schemas = document["components"]["schemas"]
    return {command: dict(sorted(leaf_types(schemas[name], schemas).items())) for command, name in REQUESTS.items()}


def main() -> int:
    import json
    with tempfile.TemporaryDirectory() as tmp:
        package = generate(Path(tmp))
        shutil.rmtree(TARGET, ignore_errors=True)
        shutil.copytree(package, TARGET)
    FIELDS.parent.mkdir(parents=True, exist_ok=True)
    FIELDS.write_text(json.dumps(request_fields(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{TARGET.relative_to(REPO)}, {FIELDS.relative_to(REPO)}: regenerated from {DOCUMENT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
