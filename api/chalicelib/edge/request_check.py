"""Request bodies checked against their schemas in openapi.yaml, before any logic runs.

The document is the only statement of a body's shape. It is checked in its own dialect,
JSON Schema 2020-12, by jsonschema-rs (compiled once per operation and container; a check
then costs microseconds), against openapi.json: the JSON form of openapi.yaml that
`make openapi` writes, so that the Lambda parses no YAML. Every problem of a body is
reported at once, worded by schema_messages.py.

Strings are checked as they will be kept: NFC-normalised and trimmed, so a fixed-width
column padded with spaces is measured without them. The body handed on is that form.
"""
from __future__ import annotations

import functools
import json
import unicodedata
from pathlib import Path

from ..domain.errors import Invalid
from . import schema_messages
from .schema_messages import Failure

SPEC_PATH = Path(__file__).parent.parent / "openapi.json"


@functools.cache
def document() -> dict:
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


def body_schema(operation: str) -> dict:
    for methods in document()["paths"].values():
        for op in methods.values():
            if isinstance(op, dict) and op.get("operationId") == operation:
                return op["requestBody"]["content"]["application/json"]["schema"]
    raise KeyError(f"no operation {operation!r} with a JSON body in openapi.yaml")


@functools.cache
def _validator(operation: str):
    import jsonschema_rs  # first use only: a cold start that checks no body does not load it
    doc = document()
    # References such as '#/components/schemas/Yen' resolve against this root.
    root = {"$schema": doc["jsonSchemaDialect"], "components": {"schemas": doc["components"]["schemas"]},
            **body_schema(operation)}
    return jsonschema_rs.validator_for(root, validate_formats=True)


def checked(operation: str, body: object) -> object:
    """The body as kept (strings NFC-normalised and trimmed), once it conforms to the
    operation's request schema; otherwise Invalid naming every problem. The body is Unicode
    text throughout (web.json_body refuses lone surrogates as invalid JSON)."""
    stored = _as_stored(body)
    found = [failure for error in _validator(operation).iter_errors(stored) for failure in _failures(error, stored)]
    if found:
        raise Invalid(schema_messages.problems(found, operation))
    return stored


def _as_stored(value: object) -> object:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    if isinstance(value, dict):
        return {key: _as_stored(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_stored(item) for item in value]
    return value


def _schema_at(location: list) -> tuple[str, dict]:
    """The name of the document's schema holding a keyword, and that schema's node."""
    node, name = {"components": document()["components"]}, ""
    for n, part in enumerate(location[:-1]):
        node = node[part]
        if n and location[n - 1] == "schemas":
            name = part
    return name, node


def _value_at(body: object, path) -> object:
    # Read from the body, not from the error: the validator reports a float such as
    # 1e400 (inf, which JSON cannot write back) as a null instance.
    for part in path:
        body = body[part]
    return body


def _failures(error, body: object) -> list[Failure]:
    field = ".".join(map(str, error.instance_path))
    value = _value_at(body, error.instance_path)
    location = list(error.schema_path)
    schema, rule = _schema_at(location) if location and location[0] == "components" else ("", {})
    keyword = str(location[-1]) if location else ""
    kind = error.kind
    if keyword == "type" and value is None:
        keyword = schema_messages.NULL
    if keyword == "additionalProperties":
        return [Failure(field, schema, keyword, value, rule, name) for name in sorted(kind.unexpected)]
    if keyword == "required":
        return [Failure(field, schema, keyword, value, rule, kind.property)]
    return [Failure(field, schema, keyword, value, rule)]
