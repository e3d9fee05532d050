"""Request bodies and query strings checked against their schemas in openapi.yaml, before any
logic runs.

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
from typing import Any

from ..domain.errors import Invalid
from . import schema_messages
from .schema_messages import Failure

SPEC_PATH = Path(__file__).parent.parent / "openapi.json"


@functools.cache
def document() -> dict:
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


def body_schema(operation: str) -> dict:
    try:
        return _operation(operation)["requestBody"]["content"]["application/json"]["schema"]
    except KeyError:
        raise KeyError(f"no operation {operation!r} with a JSON body in openapi.yaml") from None


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


def _value_at(body: Any, path) -> object:
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


def _operation(operation: str) -> dict:
    for methods in document()["paths"].values():
        for op in methods.values():
            if isinstance(op, dict) and op.get("operationId") == operation:
                return op
    raise KeyError(f"no operation {operation!r} in openapi.yaml")


def _parameter(entry: dict) -> dict:
    if "$ref" in entry:
        return document()["components"]["parameters"][entry["$ref"].rsplit("/", 1)[1]]
    return entry


_MAX_INTEGER_DIGITS = 18


@functools.cache
def _query_validators(operation: str) -> dict:
    import jsonschema_rs
    doc = document()
    validators = {}
    for parameter in map(_parameter, _operation(operation).get("parameters", [])):
        if parameter["in"] == "query":
            root = {"$schema": doc["jsonSchemaDialect"], "components": {"schemas": doc["components"]["schemas"]},
                    **parameter["schema"]}
            integer = parameter["schema"].get("type") == "integer"
            validators[parameter["name"]] = (jsonschema_rs.validator_for(root, validate_formats=True), integer)
    return validators


def query(operation: str, params: dict[str, str] | None) -> dict[str, str]:
    """The operation's query parameters that were given, each checked against its schema in
    openapi.yaml (a given but empty value is a value, and is checked: ``cursor=`` is no
    cursor). Integers are written in ASCII digits. Parameters the operation does not define
    are not passed on."""
    params = params or {}
    found, given = [], {}
    for name, (validator, integer) in _query_validators(operation).items():
        if name not in params:
            continue
        text = params[name]
        # ASCII digits only, and few enough that int() never refuses them (Python's limit on
        # the digits of a str → int conversion): a limit of 5,000 digits is no limit at all.
        digits = integer and text.isascii() and text.isdigit() and len(text) <= _MAX_INTEGER_DIGITS
        value: object = int(text) if digits else text
        if (integer and not isinstance(value, int)) or not validator.is_valid(value):
            found.append(schema_messages.query_problem(name, operation))
        else:
            given[name] = text
    if found:
        raise Invalid(found)
    return given
