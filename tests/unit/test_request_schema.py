"""The run-time schema check (chalicelib/request_schema.py) is the document's own verdict.

fastjsonschema implements JSON Schema draft 7, the document is OpenAPI 3.1 (2020-12). These
tests show that the gate, after its draft-7 rewrite, accepts and refuses exactly what the
reference 2020-12 validator (jsonschema) does on the same bodies, that the document only
uses keywords draft 7 knows, and that refusals read as the portal's Japanese errors.
"""
from __future__ import annotations

import copy
import itertools

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from chalicelib.edge import request_check as request_schema
from support import REMOVE, guarantee_request, item_at, places, replaced, report_line

DOC = request_schema.document()
SPEC_URI = "https://e-guarantee.invalid/openapi.yaml"
REGISTRY = Registry().with_resource(SPEC_URI, Resource.from_contents(DOC, default_specification=DRAFT202012))
KEY = {"contract_number": "SAKU-2024-0001", "auth_key": "GW5F-BHQ5-ZSTX-6522-1XXS-Z5ZV-9GQQ"}
AMENDMENT = {"base_version": 1, "reason": "increase", "effective_date": "2024-09-03", "note": "増額",
             "changes": {"amount": 25_000_000, "guarantee_period": {"end": "2025-03-31"},
                         "project": {"contract_price": 62_000_000, "period": {"start": "2024-07-01"}},
                         "contractor": {"name": "浅間建設株式会社", "corporate_number": None}}}
VALID = {
    "createGuarantee": lambda: guarantee_request(completion_notice_email="soumu@example.co.jp"),
    "amendGuarantee": lambda: copy.deepcopy(AMENDMENT),
    "cancelGuarantee": lambda: {"reason": "工事の中止", "date": "2024-12-01"},
    "verifyGuarantee": lambda: dict(KEY),
    "recordReceipt": lambda: {**KEY, "department": "契約検査課", "name": "佐久 花子", "note": None},
    "renderNotice": lambda: dict(KEY),
    "createCertificateCopy": lambda: dict(KEY),
}
# Values tried at every place of every body: the types, edges and characters the schemas rule on.
ODD_VALUES = [None, True, 0, 1, -1, 1.5, 22_000_000.0, 10**12, 10**12 - 1, "", " ", "x", "工" * 201, "工" * 50,
              "浅間\u202e建設", "a\tb", "\ue000", "2024-02-30", "2024-02-29", "1999-12-31", "2100-01-01", "2024-7-1",
              "２０２４-07-01", "202177", "2021770", "1234567890123", "abc", "increase", "contract", [], {}, {"x": 1}]
DRAFT7_KEYWORDS = {
    "$ref", "type", "enum", "const", "properties", "required", "additionalProperties", "minProperties",
    "maxProperties", "items", "minItems", "maxItems", "minLength", "maxLength", "pattern", "format", "minimum",
    "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "allOf", "anyOf", "oneOf", "not",
    "if", "then", "else", "contentMediaType", "contentEncoding",
    "description", "examples", "example", "title", "default", "deprecated", "readOnly", "writeOnly",
}


def reference_accepts(operation: str, body) -> bool:
    ref = request_schema.body_schema(operation)["$ref"]
    validator = Draft202012Validator({"$ref": f"{SPEC_URI}{ref}"}, registry=REGISTRY,
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
    return validator.is_valid(body)


def variants(body):
    yield body
    for path in places(body):
        yield replaced(body, path, REMOVE)
        for value in ODD_VALUES:
            yield replaced(body, path, value)
    for prefix in [()] + [p for p in places(body) if isinstance(item_at(body, p), dict)]:
        yield replaced(body, prefix + ("unexpected",), 1)
    for top in (None, [], "x", 1):
        yield top


@pytest.mark.parametrize("operation", sorted(VALID))
def test_the_gate_agrees_with_the_reference_validator(operation, request):
    checked = refused = 0
    for body in variants(VALID[operation]()):
        gate = not request_schema.violations(operation, body)
        # The same document, the same (stored) text: the same verdict.
        assert gate == reference_accepts(operation, request_schema.as_stored(body)), (operation, body)
        checked += 1
        refused += not gate
    assert 0.25 < refused / checked < 1  # the variants exercise both verdicts
    report_line(request, f"schema gate = reference validator on {checked} {operation} bodies ({refused} refused)")


def test_every_operation_with_a_json_body_has_a_gate():
    operations = [op["operationId"] for methods in DOC["paths"].values() for op in methods.values()
                  if isinstance(op, dict) and "requestBody" in op]
    assert sorted(operations) == sorted(VALID)
    app_source = (request_schema.SPEC_PATH.parents[1] / "app.py").read_text(encoding="utf-8")
    for operation in operations:
        assert f'"{operation}"' in app_source, f"app.py never checks the body of {operation}"


def _schemas_reachable_from_request_bodies():
    seen, pending = set(), [request_schema.body_schema(op)["$ref"] for op in VALID]
    while pending:
        ref = pending.pop()
        if ref in seen:
            continue
        seen.add(ref)
        stack = [DOC["components"]["schemas"][ref.rsplit("/", 1)[1]]]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                yield node
                if "$ref" in node:
                    pending.append(node["$ref"])
                stack.extend(v for k, v in node.items() if k in ("properties",) for v in v.values())
                stack.extend(v for k, v in node.items() if k in ("items", "not", "if", "then", "else",
                                                                 "additionalProperties"))
                stack.extend(v for k, v in node.items() if k in ("allOf", "anyOf", "oneOf") for v in v)


def test_request_schemas_use_only_keywords_draft_7_knows():
    used = {key for node in _schemas_reachable_from_request_bodies() for key in node if not key.startswith("x-")}
    assert used <= DRAFT7_KEYWORDS, used - DRAFT7_KEYWORDS
    assert {"$ref", "maxLength", "pattern", "not", "required", "additionalProperties"} <= used  # the walk works


def test_strings_are_checked_as_stored():
    body = {"a": "  か\u3099 ", "b": ["\tx\n", 1, None], "c": {"d": "\u3000"}}
    assert request_schema.as_stored(body) == {"a": "が", "b": ["x", 1, None], "c": {"d": ""}}


def test_a_ref_with_constraints_beside_it_keeps_them():
    schema = request_schema.as_draft7({"$ref": "#/x", "maxLength": 3, "description": "名前"})
    assert schema == {"allOf": [{"$ref": "#/x"}], "maxLength": 3, "description": "名前"}
    assert request_schema.as_draft7({"$ref": "#/x", "description": "名前"}) == {"$ref": "#/x", "description": "名前"}


def codes(operation, body):
    return [(e.code, e.field) for e in request_schema.violations(operation, body)]


@pytest.mark.parametrize("operation, path, value, code", [
    ("createGuarantee", "amount", "2200", "invalid_amount"),
    ("createGuarantee", "amount", 0, "invalid_amount"),
    ("createGuarantee", "kind", "bond", "invalid_choice"),
    ("createGuarantee", "guarantee_period.start", "1999-12-31", "date_out_of_range"),
    ("createGuarantee", "guarantee_period.start", "2024-02-30", "invalid_date"),
    ("createGuarantee", "orderer_id", "abcdef", "invalid_value"),
    ("createGuarantee", "project", [], "invalid_type"),
    ("createGuarantee", "contract_number", "", "missing_field"),
    ("createGuarantee", "completion_notice_email", 5, "invalid_type"),
    ("amendGuarantee", "base_version", 0, "invalid_version"),
    ("amendGuarantee", "reason", "raise", "invalid_choice"),
    ("amendGuarantee", "changes", {}, "no_changes"),
    ("amendGuarantee", "changes.amount", 1.5, "invalid_amount"),
    ("amendGuarantee", "changes.contractor.corporate_number", "123", "invalid_corporate_number"),
    ("amendGuarantee", "changes.project.name", "工" * 201, "too_long"),
    ("amendGuarantee", "changes.project.name", "工\u202e", "invalid_character"),
    ("amendGuarantee", "changes.project.name", "  ", "missing_field"),
    ("cancelGuarantee", "reason", None, "missing_field"),
    ("recordReceipt", "department", "課" * 51, "too_long"),
    ("verifyGuarantee", "auth_key", 1234, "invalid_type"),
])
def test_refusals_read_as_the_portals_errors(operation, path, value, code):
    body = replaced(VALID[operation](), tuple(path.split(".")), value)
    assert codes(operation, body) == [(code, path)]


def test_unknown_and_missing_fields_are_all_named():
    body = {**VALID["verifyGuarantee"](), "b": 1, "a": 2}
    assert codes("verifyGuarantee", body) == [("unknown_field", "a"), ("unknown_field", "b")]
    assert codes("recordReceipt", dict(KEY)) == [("missing_field", "department"), ("missing_field", "name")]
    assert codes("verifyGuarantee", None) == [("invalid_body", "")]
    assert codes("verifyGuarantee", []) == [("invalid_type", "")]


def test_messages_are_japanese_and_name_the_field():
    [error] = request_schema.violations("createGuarantee", guarantee_request(amount="1"))
    assert error.message == "保証金額は円単位の整数で指定してください。"
    [error] = request_schema.violations("createGuarantee", guarantee_request(orderer_id="abcdef"))
    assert error.message.startswith("発注者の値が正しくありません。")


def test_every_gate_compiles_once():
    for operation in VALID:
        assert request_schema._validator(operation) is request_schema._validator(operation)
    assert len(set(map(id, itertools.starmap(request_schema._validator, ((op,) for op in VALID))))) == len(VALID)
