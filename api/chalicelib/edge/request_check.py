"""The request-body schemas of openapi.yaml, enforced at the edge before any logic runs.

The document is the contract: a body it does not allow never reaches a use case, the store
or the idempotency records. Each operation's schema is compiled on its first use
(fastjsonschema: ≈ 30 ms once per container, then ≈ 0.03 ms a request; importing
jsonschema alone costs ≈ 100–150 ms of cold start).

fastjsonschema stops at the first problem and speaks English, so a rejected body is then
read by the operation's own domain reader (passed in as ``explain``): its Japanese
messages name every problem at once. What only the document refuses is reported from the
failing keyword, with the field's Japanese name.
"""
from __future__ import annotations

import functools
import unicodedata
from pathlib import Path
from typing import Any, Callable

from ..domain.errors import Invalid, PortalError, Problem as FieldError
from ..domain.validation import (Reader, empty_body, forbidden_character, label, missing, not_a_string, not_an_object,
                         too_long, unknown_field)

SPEC_PATH = Path(__file__).parent.parent / "openapi.yaml"
# Set on this module's in-memory copy of each named schema, so that a failure can tell
# which one failed (fastjsonschema reports the failing schema, not its name).
_NAME = "x-portal-schema-name"
# Keywords that carry no constraint and that draft 7 would not let stand next to a $ref.
_ANNOTATIONS = {"description", "examples", "example", "title", "deprecated"}


@functools.cache
def document() -> dict:
    import yaml  # first use only: the module is imported by every Lambda cold start
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(SPEC_PATH.read_text(encoding="utf-8"), Loader=loader)


def as_draft7(node: Any) -> Any:
    """OpenAPI 3.1 schemas are JSON Schema 2020-12, where keywords beside a $ref apply too
    (`$ref: PlainText` + `maxLength: 200`); draft 7, which fastjsonschema implements,
    ignores them. Moving the $ref into an allOf keeps their meaning in both."""
    if isinstance(node, list):
        return [as_draft7(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: as_draft7(value) for key, value in node.items()}
    if "$ref" in node and set(node) - _ANNOTATIONS - {"$ref"}:
        node["allOf"] = [{"$ref": node.pop("$ref")}, *node.get("allOf", [])]
    return node


def body_schema(operation: str) -> dict:
    for methods in document()["paths"].values():
        for op in methods.values():
            if isinstance(op, dict) and op.get("operationId") == operation:
                return op["requestBody"]["content"]["application/json"]["schema"]
    raise KeyError(f"no operation {operation!r} with a JSON body in openapi.yaml")


@functools.cache
def _validator(operation: str) -> Callable[[object], object]:
    import fastjsonschema
    # References such as '#/components/schemas/Yen' resolve against this root.
    schemas = {name: {**as_draft7(schema), _NAME: name} for name, schema in document()["components"]["schemas"].items()}
    root = {"$schema": "http://json-schema.org/draft-07/schema#",
            "components": {"schemas": schemas}, **as_draft7(body_schema(operation))}
    return fastjsonschema.compile(root, use_formats=True)


def as_stored(value: object) -> object:
    """Every string NFC-normalised and trimmed, as the server stores text: the document's
    limits (maxLength, "not blank") are about the text kept, so a fixed-width column padded
    with spaces is measured without them."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    if isinstance(value, dict):
        return {key: as_stored(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_stored(item) for item in value]
    return value


def violations(operation: str, body: object) -> list[FieldError]:
    """The document's verdict on a body (its strings as stored): [] when it conforms, else
    the first problem found."""
    import fastjsonschema
    try:
        _validator(operation)(as_stored(body))
    except fastjsonschema.JsonSchemaValueException as e:
        return _describe(e)
    return []


def enforce(operation: str, body: object, explain: Callable[[object], object]) -> None:
    """Raise a 400 unless the body conforms to the operation's request schema; ``explain``
    (the operation's pure domain reader) words the problems it also sees."""
    found = violations(operation, body)
    if not found:
        return
    try:
        explain(body)
    except PortalError as e:
        told = e.problems
        fields = {t.field for t in told}
        found = told + [f for f in found if f.field not in fields]
    raise Invalid(found)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _leaf(reader: Callable[[Reader, dict, str, str], object]) -> Callable[[object, str], list[FieldError]]:
    """A domain reader applied to one value: the message the domain gives for it."""
    def read(value: object, path: str) -> list[FieldError]:
        r = Reader()
        reader(r, {"value": value}, "value", path)
        return r.errors
    return read


def _choice(names: dict[str, str]):
    return _leaf(lambda r, obj, key, path: r.choice(obj, key, path, names))


@functools.cache
def _leaf_readers() -> dict[str, Callable[[object, str], list[FieldError]]]:
    from ..domain.amendments import no_changes
    from ..domain.guarantee import AMENDMENT_REASONS, CORPORATE_NUMBER_HINT, KINDS
    return {
        "AmendmentChanges": lambda value, path: [no_changes()] if value == {} else [],
        "Yen": _leaf(Reader.yen),
        "Date": _leaf(Reader.date),
        "VersionNumber": _leaf(Reader.version_number),
        "Kind": _choice(KINDS),
        "AmendmentReason": _choice(AMENDMENT_REASONS),
        "CorporateNumberInput": lambda value, path: [FieldError("invalid_corporate_number", CORPORATE_NUMBER_HINT, path)],
    }


def _describe(e) -> list[FieldError]:
    path = ".".join(str(part) for part in e.path[1:])  # e.path starts with "data", the body
    rule, schema, value = e.rule, e.definition or {}, e.value
    if rule == "additionalProperties":
        return [unknown_field(path, key) for key in sorted(set(value) - set(schema.get("properties", {})))]
    if rule == "required":
        return [missing(_join(path, key)) for key in schema["required"] if key not in value]
    if value is None:
        return [missing(path) if path else empty_body()]
    reader = _leaf_readers().get(schema.get(_NAME))
    told = reader(value, path) if reader else []
    if told:
        return told
    if rule == "type":
        expected = e.rule_definition if isinstance(e.rule_definition, list) else [e.rule_definition]
        if "object" in expected:
            return [not_an_object(path)]
        if "string" in expected:
            return [not_a_string(path)]
        return [FieldError("invalid_type", f"{label(path)}は整数で指定してください。", path)]
    if rule == "maxLength":
        return [too_long(path, e.rule_definition)]
    if rule == "not":
        return [forbidden_character(path)]
    if rule == "minProperties" or value == "":  # strings are already trimmed (as_stored)
        return [missing(path)]
    if rule == "enum":
        return [FieldError("invalid_choice",
                           f"{label(path)}は次のいずれかで指定してください: {'、'.join(map(str, e.rule_definition))}。",
                           path)]
    return [FieldError("invalid_value",
                       f"{label(path or 'リクエスト本文')}の値が正しくありません。API 仕様（openapi.yaml）の定義に合わせてください。",
                       path)]
