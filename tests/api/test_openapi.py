"""The OpenAPI document (api/chalicelib/openapi.yaml) is true of the real application.

(a) it is a valid OpenAPI 3.1 document;
(b) its paths and methods are exactly the Chalice route table;
(c) real responses of the app (on DynamoDB Local) validate against the documented schema
    and headers for their path, method and status, and their error codes are documented;
(d) the documented request schemas are as strict as the server for every rule JSON Schema
    can express, and the rules it cannot express are listed (and shown to be enforced).
"""
from __future__ import annotations

import re
import unicodedata
import uuid
from urllib.parse import urlencode

import pytest
from openapi_spec_validator import validate as validate_openapi

from openapi_document import (ALWAYS_HEADERS, AMEND, CANCEL, COPIES, DELETE, EVENTS, FEED, GET_ONE,
                              INVALID_CORPORATE_NUMBER, ISSUE, JWKS, LEDGER, LEDGER_CSV, LIST, NOTICES, ORDERERS,
                              RECEIPT, REGISTRY, SPEC, SPEC_URI, SURETY_OPERATIONS, UNKNOWN_ID, UNKNOWN_WEBHOOK,
                              VALID_CORPORATE_NUMBER, VERIFY, WEBHOOKS_ADD, WEBHOOK_DELETE, WEBHOOK_REPLAY,
                              WEBHOOK_ROTATE, all_responses, amend, amendment, at, bearer, cancel, check_response,
                              deref, get_events, get_guarantee, issue, list_guarantees, mutated, operations, pointer,
                              post_for_pdf, post_receipt, receipt_body, request_schema, schema_errors, shifted, verify)
from chalicelib.domain.instruments import INSTRUMENTS
from support import REPO, TEST_SURETY_ID, guarantee_request, issue_headers, post_json, staff_headers

SUBMISSION_PREVIEW = ("/v1/submission-previews", "post")   # 電子提出 (the contractor's)
SUBMISSION = ("/v1/submissions", "post")


# ---- (a) the document itself -----------------------------------------------------------

def test_document_is_valid_openapi_3_1():
    assert SPEC["openapi"] == "3.1.0"
    validate_openapi(SPEC)
    # ASCII, so that generators name packages after it; the Japanese name opens the description.
    assert SPEC["info"]["title"] == "E-Guarantee Portal API" and SPEC["info"]["title"].isascii()
    assert SPEC["info"]["description"].startswith("**電子保証ポータル API**")
    assert [s["url"] for s in SPEC["servers"]] == ["/api"]


def test_every_schema_reference_resolves():
    def refs(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref":
                    yield value
                else:
                    yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)
    resolver = REGISTRY.resolver(SPEC_URI)
    for ref in set(refs(SPEC)):
        resolver.lookup(f"{SPEC_URI}{ref}")  # raises if the target does not exist


# ---- (b) the route table ---------------------------------------------------------------

def test_document_lists_exactly_the_chalice_routes():
    from app import app
    routes = {(path, method.lower()) for path, entries in app.routes.items() for method in entries}
    assert routes == set(operations())


def test_security_matches_the_routes():
    from chalicelib.domain import tokens
    assert SPEC["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    for public in (VERIFY, RECEIPT, NOTICES, COPIES, ORDERERS, JWKS):
        assert at(pointer("paths", *public))["security"] == [], public
    for op, scope in SURETY_OPERATIONS:
        assert at(pointer("paths", *op))["security"] == [{"bearerAuth": [scope]}], op
        responses = at(pointer("paths", *op, "responses"))
        assert "401" in responses and "403" in responses, op
        assert f"`{scope}`" in at(pointer("paths", *op))["description"], f"{op}: describe the scope"
    assert {scope for _, scope in SURETY_OPERATIONS} == set(tokens.SCOPES)
    for op in (ISSUE, AMEND):
        parameter = deref(pointer("paths", *op, "parameters", 0))[1]
        assert (parameter["name"], parameter["in"], parameter["required"]) == ("Idempotency-Key", "header", True)
    for op in (GET_ONE, EVENTS, AMEND, CANCEL):
        parameter = deref(pointer("paths", op[0], "parameters", 0))[1]
        assert (parameter["name"], parameter["in"], parameter["required"]) == ("guarantee_id", "path", True)


def test_every_response_declares_the_common_headers_and_error_shape():
    for path, method, status, ptr, response in all_responses():
        where = f"{method.upper()} {path} {status}"
        for name in ALWAYS_HEADERS:
            header = deref(ptr + pointer("headers", name))[1]
            assert header["required"] is True, where
        if status == "default" or int(status) >= 400:  # default: the entrance's refusals
            assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}, where
            codes = response.get("x-error-codes")
            assert codes, f"{where}: list the error codes in x-error-codes"
            for code in codes:
                assert f"`{code}`" in response["description"], f"{where}: describe `{code}`"


def _modules_the_app_uses() -> list:
    """chalicelib modules reachable from app.py through imports (at any depth, including
    imports inside functions): the code that can answer a request. A module nothing imports
    yet (work in progress) cannot send its codes."""
    import ast
    from pathlib import Path
    api = REPO / "api"

    def module_files(base: Path, dotted: str | None, names: list[str]) -> list[Path]:
        target = base.joinpath(*dotted.split(".")) if dotted else base
        found = [target.with_suffix(".py"), target / "__init__.py"]
        return found + [target / f"{name}.py" for name in names]

    seen, pending = set(), [api / "app.py"]
    while pending:
        path = pending.pop()
        if path in seen or not path.exists():
            continue
        seen.add(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        packages: dict[str, Path] = {}  # a package imported by name, e.g. `from chalicelib import usecases`
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            names = [alias.name for alias in node.names]
            if node.level:
                base = path.parent
                for _ in range(node.level - 1):
                    base = base.parent
                pending += module_files(base, node.module, names)
            elif node.module and node.module.split(".")[0] == "chalicelib":
                pending += module_files(api, node.module, names)
                for alias in node.names:
                    package = api.joinpath(*node.module.split("."), alias.name)
                    if package.is_dir():
                        packages[alias.asname or alias.name] = package
        # `usecases.verify_guarantee.verify(...)`: the package loads the module on first use (PEP 562).
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in packages:
                pending += module_files(packages[node.value.id], node.attr, [])
    return sorted(p for p in seen if "chalicelib" in p.parts)


def test_the_import_scan_finds_the_use_case_modules():
    names = {p.stem for p in _modules_the_app_uses()}
    assert {"web", "errors", "validation", "guarantee", "verify_guarantee", "issue_guarantee", "idempotency",
            "amend_guarantee", "cancel_guarantee", "record_receipt", "read_guarantees", "paging", "sureties",
            "attempts", "notice_documents", "key_access", "signing"} <= names


def _codes_in_source() -> set[str]:
    # gateway_replies.json: what API Gateway answers itself (infra makes its gateway responses from it).
    files = _modules_the_app_uses() + [REPO / "api" / "chalicelib" / "edge" / "gateway_replies.json"]
    source = "\n".join(p.read_text(encoding="utf-8") for p in files)
    patterns = [
        r'\b(?:PortalError|FieldError|Problem|Conflict|NotFound|Throttled|Unauthenticated|invalid)\(\s*"([a-z_]+)"',
        r'\bcode="([a-z_]+)"',
        r'HttpError\(\s*\d+,\s*"([a-z_]+)"',
        r'super\(\).__init__\(\s*"([a-z_]+)"',
        r'code: str = "([a-z_]+)"',  # a domain error's default code
        r'"code":\s*"([a-z_]+)"',
        r'\bfail\(\s*[^,()]+,\s*"([a-z_]+)"',
        r'\(\s*(?:ANY|"[A-Z]\w*"),\s*(?:ANY|NULL|"\w+"),\s*"([a-z_]+)"',  # edge/schema_messages.ROWS
        r':\s*\(\s*"([a-z_]+)",',  # number_and_key._KEY_MESSAGES
    ]
    found = {code for pattern in patterns for code in re.findall(pattern, source, re.S)}
    # A caution is not an error (the document lists those codes in Cautions): one that is only a
    # caution is no code the server sends as an error.
    errors = {code for *_, response in all_responses() for code in response.get("x-error-codes", [])}
    cautions = set(SPEC["components"]["schemas"]["Cautions"]["items"]["properties"]["code"]["enum"])
    return found - (cautions - errors)


def test_documented_error_codes_are_exactly_those_in_the_code():
    in_source = _codes_in_source()
    assert {"unauthorized", "not_found", "auth_key_typo", "orderer_not_accepting", "guarantee_not_found",
            "stale_version", "invalid_version", "invalid_cursor"} <= in_source  # the scan works
    documented = {code for *_, response in all_responses() for code in response.get("x-error-codes", [])}
    assert in_source - documented == set(), "error codes the server can send but the document does not list"
    assert documented - in_source == set(), "documented error codes the server never sends"


# ---- (c) real responses ----------------------------------------------------------------


def test_413_payload_too_large(api, surety_token):
    big = {"contract_number": "A" * 70_000, "auth_key": "x"}
    gid = "g" + "0" * 25
    for response, where in ((issue(api, surety_token, big), ISSUE), (verify(api, big), VERIFY),
                            (post_receipt(api, big), RECEIPT), (post_for_pdf(api, COPIES[0], big), COPIES),
                            (post_json(api, SUBMISSION_PREVIEW[0], big), SUBMISSION_PREVIEW),
                            (post_json(api, SUBMISSION[0], big), SUBMISSION),
                            (amend(api, surety_token, gid, big), AMEND),
                            (post_json(api, f"/v1/guarantees/{gid}/cancellation", big,
                                       {"Authorization": f"Bearer {surety_token}"}), CANCEL)):
        assert check_response(response, *where, 413)["error"]["code"] == "payload_too_large", where


def test_orderers_200(api):
    orderers = check_response(api.get(ORDERERS[0]), *ORDERERS, 200)["orderers"]
    assert "202177" in {o["id"] for o in orderers}


def call_every_operation(api, token: str, gid: str, key_body: dict, staff: dict | None = None) -> list:
    """One well-formed request to each operation: [(response, (path, method))]."""
    bearer = {"Authorization": f"Bearer {token}"}
    return [
        (verify(api, key_body), VERIFY),
        (api.get(ORDERERS[0]), ORDERERS),
        (post_receipt(api, {**key_body, "department": "契約検査課", "name": "佐久 花子"}, staff=staff), RECEIPT),
        (post_for_pdf(api, NOTICES[0], key_body), NOTICES),
        (post_for_pdf(api, COPIES[0], key_body), COPIES),
        (issue(api, token, guarantee_request()), ISSUE),
        (amend(api, token, gid, amendment()), AMEND),
        (post_json(api, f"/v1/guarantees/{gid}/cancellation", {"reason": "工事の中止", "date": "2099-01-01"}, bearer),
         CANCEL),
        (api.get(f"/v1/guarantees/{gid}", headers=bearer), GET_ONE),
        (api.get(f"/v1/guarantees/{gid}/events", headers=bearer), EVENTS),
        (api.get("/v1/guarantees?orderer=202177", headers=bearer), LIST),
        (api.get(JWKS[0]), JWKS),
        (post_json(api, SUBMISSION_PREVIEW[0], key_body), SUBMISSION_PREVIEW),
        (post_json(api, SUBMISSION[0], {**key_body, "orderer_id": "202177", "department": "契約検査課",
                                        "contact": {"name": "浅間 太郎", "email": "asama@example.co.jp"}}), SUBMISSION),
    ]


def test_503_when_the_store_is_unavailable(api, surety_token, issue_guarantee, monkeypatch):
    # The store cannot be stopped under a shared session; make its ports report what the
    # DynamoDB adapter raises on an engine failure, and let the real edge render it.
    from chalicelib.usecases.ports.records import StoreUnavailable
    from support import current_store
    issued = issue_guarantee()
    gid = issued["guarantee"]["guarantee_id"]

    def unavailable(*args, **kwargs):
        raise StoreUnavailable("test")

    store = current_store()
    for port, name in ((store.guarantees, "read_for_key"), (store.guarantees, "idempotent_result"),
                       (store.guarantees, "get_head"), (store.guarantees, "heads_by_orderer"),
                       (store.signing_keys, "all"), (store.registry, "enrolments"), (store.audit, "head")):
        monkeypatch.setattr(port, name, unavailable)
    body = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"]}
    # The list of orderers is the registry's, in the store like the rest (kept while the audit head stays).
    calls = call_every_operation(api, surety_token, gid, body)
    for response, where in calls:
        assert check_response(response, *where, 503)["error"]["code"] == "service_unavailable", where
        assert int(response.headers["Retry-After"]) > 0


def test_500_is_documented_and_reveals_nothing(api, surety_token, monkeypatch):
    from chalicelib.adapters import signing
    from chalicelib.usecases import (amend_guarantee, cancel_guarantee, copy_certificate, issue_guarantee,
                                     public_registry, read_guarantees, record_receipt, reissue_notice,
                                     submit_guarantee, verify_guarantee)

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail that must not leak")

    staff = staff_headers(api)  # signed in before anything breaks
    for module, name in ((verify_guarantee, "verify"), (public_registry, "listing"), (record_receipt, "record"),
                         (issue_guarantee, "issue"), (amend_guarantee, "amend"), (cancel_guarantee, "cancel"),
                         (read_guarantees, "guarantee"), (read_guarantees, "event_log"),
                         (read_guarantees, "listing"), (signing, "jwks"), (reissue_notice, "by_key"),
                         (copy_certificate, "by_key"), (submit_guarantee, "preview"), (submit_guarantee, "submit")):
        monkeypatch.setattr(module, name, broken)
    calls = call_every_operation(api, surety_token, "g" + "0" * 25,
                                 {"contract_number": "SAKU-2024-0001", "auth_key": "x"}, staff)
    for response, where in calls:
        assert check_response(response, *where, 500)["error"]["code"] == "internal_error", where
        assert b"secret detail" not in response.body


def test_wrong_content_type_is_answered_in_the_documented_shape(api, surety_token):
    gid = "g" + "0" * 25
    for path, where, headers in ((VERIFY[0], VERIFY, {}), (RECEIPT[0], RECEIPT, staff_headers(api)), (COPIES[0], COPIES, {}),
                                 (SUBMISSION_PREVIEW[0], SUBMISSION_PREVIEW, {}), (SUBMISSION[0], SUBMISSION, {}),
                                 (ISSUE[0], ISSUE, issue_headers(surety_token)),
                                 (f"/v1/guarantees/{gid}/amendments", AMEND, issue_headers(surety_token)),
                                 (f"/v1/guarantees/{gid}/cancellation", CANCEL,
                                  {"Authorization": f"Bearer {surety_token}"})):
        response = api.post(path, body=b'{"contract_number": "SAKU-2024-0001", "auth_key": "x"}',
                            headers={**headers, "Content-Type": "text/plain"})
        assert response.status_code == 415, where
        assert check_response(response, *where)["error"]["code"] == "unsupported_media_type"


# ---- (c) real responses: scopes --------------------------------------------------------

def _call(api, op, token: str | None):
    """A harmless call of a surety operation: nothing is created or changed."""
    headers = bearer(token) if token else {}
    if op == ISSUE:
        return post_json(api, ISSUE[0], {}, {**headers, "Idempotency-Key": str(uuid.uuid4())})  # 400
    if op == LIST:
        return api.get("/v1/guarantees?orderer=202177&limit=1", headers=headers)  # 200
    if op == AMEND:
        return post_json(api, f"/v1/guarantees/{UNKNOWN_ID}/amendments", amendment(),
                         {**headers, "Idempotency-Key": str(uuid.uuid4())})  # 404
    if op == CANCEL:
        return post_json(api, f"/v1/guarantees/{UNKNOWN_ID}/cancellation", {}, headers)  # 404
    if op == WEBHOOKS_ADD:
        return post_json(api, WEBHOOKS_ADD[0], {}, headers)  # 400
    if op == WEBHOOK_DELETE:
        return api.delete(op[0].replace("{webhook_id}", UNKNOWN_WEBHOOK), headers=headers)  # 404
    if op in (WEBHOOK_ROTATE, WEBHOOK_REPLAY):
        return post_json(api, op[0].replace("{webhook_id}", UNKNOWN_WEBHOOK),
                         {"since": "2026-12-01T09:00:00+09:00"} if op == WEBHOOK_REPLAY else None, headers)  # 404
    return api.get(op[0].replace("{guarantee_id}", UNKNOWN_ID), headers=headers)  # 404


@pytest.mark.parametrize("op, scope", SURETY_OPERATIONS, ids=[f"{m} {p}" for (p, m), _ in SURETY_OPERATIONS])
def test_each_surety_operation_needs_the_documented_scope(api, surety_token, op, scope):
    from chalicelib.usecases import sureties
    from chalicelib.domain import tokens
    _, without = sureties.create_token(TEST_SURETY_ID, [s for s in tokens.SCOPES if s != scope], "openapi, all but one")
    _, only = sureties.create_token(TEST_SURETY_ID, [scope], f"openapi, only {scope}")
    assert check_response(_call(api, op, None), *op, 401)["error"]["code"] == "unauthorized"
    assert check_response(_call(api, op, without), *op, 403)["error"]["code"] == "forbidden"
    allowed = _call(api, op, only)
    assert allowed.status_code not in (401, 403), allowed.body
    check_response(allowed, *op)


# ---- (d) what the server answers to each kind of body -----------------------------------

# (dotted path, value): requests the document accepts and the server issues.
ACCEPTED = [
    ("contractor.corporate_number", VALID_CORPORATE_NUMBER),
    ("contractor.corporate_number", None),
    ("contractor.corporate_number", ""),
    ("contractor.corporate_number", " " * 13),  # a fixed-width column with no number in it
    ("contractor.corporate_number", f" {VALID_CORPORATE_NUMBER}　"),
    ("project.name", "工" * 200),
    ("contract_number", f" t-{uuid.uuid4().hex[:10]} "),  # normalised by the server
]

# (dotted path, value, the code the server answers): rejected by the document and the server.
REJECTED = [
    ("note", "x", "unknown_field"),
    ("project.note", "x", "unknown_field"),
    ("amount", "22000000", "invalid_amount"),
    ("amount", 0, "invalid_amount"),
    ("amount", 1_000_000_000_000, "invalid_amount"),
    ("amount", True, "invalid_amount"),
    ("kind", "surety_bond", "invalid_choice"),
    ("contractor", DELETE, "missing_field"),
    ("contractor.name", None, "missing_field"),
    ("contractor.name", "", "missing_field"),
    ("contractor.name", "   ", "missing_field"),
    ("contractor.name", "浅間\u202e建設", "invalid_character"),
    ("contractor.name", "株式会社\u200dテスト", "invalid_character"),  # a joiner no document can print
    ("contractor.name", "浅間\t建設", "invalid_character"),
    ("contractor.name", "浅" * 101, "too_long"),
    ("project.name", "工" * 201, "too_long"),
    ("project", [], "invalid_type"),
    ("orderer_id", 202177, "invalid_type"),
    ("orderer_id", "a" * 41, "too_long"),
    ("contract_number", 12345, "invalid_contract_number"),
    ("contract_number", "", "missing_field"),
    ("guarantee_period.start", "2024-7-1", "invalid_date"),
    ("guarantee_period.end", "2027-02-30", "invalid_date"),
    ("guarantee_period.start", "1999-12-31", "date_out_of_range"),
    ("project.period.start", "2100-01-01", "date_out_of_range"),
    ("contractor.corporate_number", "123", "invalid_corporate_number"),
]

# Rules between fields or against data, which JSON Schema cannot state: the document
# accepts these and describes them in words; the server rejects them.
SERVER_ONLY = [
    ("amount", 55_000_001, "amount_exceeds_contract_price"),
    ("amount", 1_000, "amount_differs_from_advance"),  # the issue's example: ¥1,000 of a ¥22,000,000 advance
    ("advance.amount", 22_000_001, "advance_exceeds_limit"),
    ("guarantee_period.end", lambda body: body["project"]["period"]["start"], "guarantee_period_ends_before_works"),
    ("guarantee_period", {"start": "2099-01-01", "end": "2099-12-31"}, "guarantee_period_starts_after_works"),
    ("project.period", {"start": "2030-01-02", "end": "2030-01-01"}, "invalid_period"),
    ("project.period", {"start": "2001-01-01", "end": "2020-01-01"}, "period_too_long"),
    ("orderer_id", "131016", "orderer_not_found"),
    ("contractor.corporate_number", INVALID_CORPORATE_NUMBER, "invalid_corporate_number"),
    ("contract_number", "AB", "invalid_contract_number"),
    # JSON Schema counts 22000000.0 as an integer; Python reads it as a float.
    ("amount", 22_000_000.0, "invalid_amount"),
]


@pytest.mark.parametrize("path, value", ACCEPTED, ids=[f"{p}={v!r:.20}" for p, v in ACCEPTED])
def test_server_accepts(api, surety_token, path, value):
    body = mutated(path, value)
    check_response(issue(api, surety_token, body), *ISSUE, 201)


def test_server_accepts_a_contract_security_of_the_whole_contract_price(api, surety_token):
    # (A 前払金保証 equals its advance, within 10分の4 of the price: never the whole price.)
    body = guarantee_request(kind="contract", amount=55_000_000)
    assert check_response(issue(api, surety_token, body), *ISSUE, 201)["guarantee"]["amount"] == 55_000_000


@pytest.mark.parametrize("path, value, code", REJECTED, ids=[f"{p}:{c}" for p, _, c in REJECTED])
def test_server_rejects(api, surety_token, path, value, code):
    body = mutated(path, value)
    error = check_response(issue(api, surety_token, body), *ISSUE, 400)["error"]
    assert code in [d["code"] for d in error.get("details", [error])]


@pytest.mark.parametrize("path, value, code", SERVER_ONLY, ids=[f"{p}:{c}" for p, _, c in SERVER_ONLY])
def test_rules_only_the_server_checks_are_described(api, surety_token, path, value, code):
    body = mutated(path, value)
    assert schema_errors(request_schema(*ISSUE), body) == []
    error = check_response(issue(api, surety_token, body), *ISSUE, 400)["error"]
    assert code in [d["code"] for d in error.get("details", [error])]
    assert f"`{code}`" in SPEC["components"]["schemas"]["IssuanceRequest"]["description"]


def test_malformed_verifications_are_refused_in_the_documented_shape(api):
    for body in ({"contract_number": "SAKU-2024-0001", "auth_key": "x", "extra": 1},
                 {"contract_number": "SAKU-2024-0001"},
                 {"contract_number": "SAKU-2024-0001", "auth_key": 1234},
                 {"contract_number": 1234, "auth_key": "x"},
                 {"contract_number": "SAKU-2024-0001", "auth_key": ""}):
        check_response(verify(api, body), *VERIFY, 400)


def test_forbidden_characters_match_the_server():
    """The document's list of forbidden characters is the server's, for the whole BMP."""
    from chalicelib.domain.validation import is_unusable_character as _is_forbidden_char
    schemas = SPEC["components"]["schemas"]
    assert schemas["PlainText"]["not"] == schemas["OptionalText"]["not"] == {"$ref": "#/components/schemas/ForbiddenCharacters"}
    forbidden = re.compile(schemas["ForbiddenCharacters"]["pattern"])
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue  # lone surrogates: not text
        ch = chr(cp)
        if forbidden.search(ch):
            assert _is_forbidden_char(ch), f"U+{cp:04X} is rejected by the document only"
        elif unicodedata.category(ch) in ("Cc", "Cf", "Co"):
            assert not _is_forbidden_char(ch), f"U+{cp:04X} is rejected by the server only"


# ---- (d) amendments, cancellations and receipts: as strict as the server ---------------

def test_response_enums_are_the_servers():
    from chalicelib.domain import guarantee
    schemas = SPEC["components"]["schemas"]
    assert schemas["GuaranteeStatus"]["enum"] == list(guarantee.STATUS_LABELS)
    assert schemas["GuaranteeStatusLabel"]["enum"] == list(guarantee.STATUS_LABELS.values())
    assert schemas["AmendmentReason"]["enum"] == list(guarantee.AMENDMENT_REASONS)
    assert schemas["AmendedHistoryEntry"]["properties"]["reason_label"]["enum"] == list(guarantee.AMENDMENT_REASONS.values())
    change = schemas["Change"]["properties"]
    assert change["field"]["enum"] == [c[0] for c in guarantee._CHANGEABLE]
    own_words = [label for i in INSTRUMENTS.values() for label in (i.amount_label, i.period_label)]
    assert change["label"]["enum"] == [c[1] for c in guarantee._CHANGEABLE] + [
        w for w in dict.fromkeys(own_words) if w not in {c[1] for c in guarantee._CHANGEABLE}]


def _amendment_with(path: str, value, issued: dict) -> dict:
    """A valid amendment body with the value at a dotted path replaced (DELETE removes it);
    under `changes` only the given change is made (reason `other`). A callable value is
    computed from the issued certificate (its dates depend on today)."""
    body = amendment("other", {}) if path.split(".")[0] == "changes" else amendment("increase")
    *parents, last = path.split(".")
    node = body
    for key in parents:
        node = node.setdefault(key, {})
    if callable(value):
        value = value(issued["guarantee"])
    if value is DELETE:
        node.pop(last, None)
    else:
        node[last] = value
    return body


# (dotted path in the amendment body, value): accepted by the document and the server.
AMENDMENT_ACCEPTED = [
    ("changes", {"amount": 20_000_000, "advance": {"amount": 20_000_000}}),
    ("changes.guarantee_period", lambda g: {"end": shifted(g["guarantee_period"]["end"], 30)}),
    ("changes.project", {"name": "市道岩村田1号線道路改良工事（その2）"}),
    ("changes.project", lambda g: {"contract_price": 60_000_000, "period": {"end": shifted(g["project"]["period"]["end"], 10)}}),
    ("changes.contractor", {"address": "長野県佐久市中込2丁目2番2号", "corporate_number": "7000012050002"}),
    ("changes.contractor", {"name": "浅間建設工業株式会社", "corporate_number": None}),
    ("note", "請負代金額の変更に伴う"),
    ("note", None),
    ("note", ""),
    ("completion_notice_email", "soumu@asama.example"),
    ("completion_notice_email", None),
]

# (dotted path, value, code, field): rejected by the document and by the server.
AMENDMENT_REJECTED = [
    ("extra", 1, "unknown_field", "extra"),
    ("changes.kind", "contract", "unknown_field", "changes.kind"),
    ("changes.orderer_id", "202177", "unknown_field", "changes.orderer_id"),
    ("changes.contract_number", "X-0001", "unknown_field", "changes.contract_number"),
    ("changes.amount", "25000000", "invalid_amount", "changes.amount"),
    ("changes.amount", 0, "invalid_amount", "changes.amount"),
    ("changes.amount", None, "missing_field", "changes.amount"),
    ("changes.project", [], "invalid_type", "changes.project"),
    ("changes.project.note", "x", "unknown_field", "changes.project.note"),
    ("changes.project.period.start", "1999-12-31", "date_out_of_range", "changes.project.period.start"),
    ("changes.guarantee_period.end", "2027-02-30", "invalid_date", "changes.guarantee_period.end"),
    ("changes.contractor.name", "", "missing_field", "changes.contractor.name"),
    ("changes.contractor.name", "浅間\u202e建設", "invalid_character", "changes.contractor.name"),
    ("changes.contractor.name", "浅" * 101, "too_long", "changes.contractor.name"),
    ("changes.contractor.corporate_number", "123", "invalid_corporate_number", "changes.contractor.corporate_number"),
    ("changes", {}, "no_changes", "changes"),
    ("changes", DELETE, "missing_field", "changes"),
    ("changes", "amount", "invalid_type", "changes"),
    ("base_version", 0, "invalid_version", "base_version"),
    ("base_version", "1", "invalid_version", "base_version"),
    ("base_version", True, "invalid_version", "base_version"),
    ("base_version", DELETE, "missing_field", "base_version"),
    ("reason", "raise", "invalid_choice", "reason"),
    ("reason", DELETE, "missing_field", "reason"),
    ("effective_date", "2024/07/01", "invalid_date", "effective_date"),
    ("effective_date", "1999-12-31", "date_out_of_range", "effective_date"),
    ("note", "n" * 201, "too_long", "note"),
    ("note", "補足\u202e", "invalid_character", "note"),
    ("completion_notice_email", 123, "invalid_type", "completion_notice_email"),
]

# Rules JSON Schema cannot state: the document accepts these and describes them in words.
AMENDMENT_SERVER_ONLY = [
    ("changes.amount", 60_000_000, "amount_exceeds_contract_price", "changes.amount"),
    ("changes.amount", 21_000_000, "amount_differs_from_advance", "changes.amount"),
    ("changes.advance", {"amount": 22_000_001}, "advance_exceeds_limit", "changes.advance.amount"),
    ("changes.amount", 25_000_000.0, "invalid_amount", "changes.amount"),
    ("changes.project", {}, "no_changes", "changes"),
    ("changes.amount", 22_000_000, "no_changes", "changes"),
    ("changes.guarantee_period", lambda g: {"end": shifted(g["project"]["period"]["end"], -1)},
     "guarantee_period_ends_before_works", "changes.guarantee_period.end"),
    ("changes.project.period", {"start": "2030-01-02", "end": "2030-01-01"}, "invalid_period", "changes.project.period"),
    ("changes.guarantee_period.start", "2001-01-01", "period_too_long", "changes.guarantee_period"),
    ("changes.contractor.corporate_number", INVALID_CORPORATE_NUMBER, "invalid_corporate_number",
     "changes.contractor.corporate_number"),
    ("base_version", 1.0, "invalid_version", "base_version"),
    ("effective_date", "2020-01-01", "invalid_effective_date", "effective_date"),
]


@pytest.fixture(scope="module")
def unamended(issue_guarantee) -> dict:
    """One guarantee that every rejected amendment targets (a rejection stores nothing)."""
    return issue_guarantee()


@pytest.mark.parametrize("path, value", AMENDMENT_ACCEPTED, ids=[f"{p}={v!r:.30}" for p, v in AMENDMENT_ACCEPTED])
def test_amendment_server_accepts(api, surety_token, issue_guarantee, path, value):
    issued = issue_guarantee()
    body = _amendment_with(path, value, issued)
    amended = check_response(amend(api, surety_token, issued["guarantee"]["guarantee_id"], body), *AMEND, 201)
    assert amended["version"] == 2


@pytest.mark.parametrize("path, value, code, field", AMENDMENT_REJECTED, ids=[f"{p}:{c}" for p, _, c, _ in AMENDMENT_REJECTED])
def test_amendment_server_rejects(api, surety_token, unamended, path, value, code, field):
    body = _amendment_with(path, value, unamended)
    error = check_response(amend(api, surety_token, unamended["guarantee"]["guarantee_id"], body), *AMEND, 400)["error"]
    assert (code, field) in {(d["code"], d.get("field")) for d in error.get("details", [error])}


@pytest.mark.parametrize("path, value, code, field", AMENDMENT_SERVER_ONLY,
                         ids=[f"{p}:{c}" for p, _, c, _ in AMENDMENT_SERVER_ONLY])
def test_amendment_rules_only_the_server_checks_are_described(api, surety_token, unamended, path, value, code, field):
    body = _amendment_with(path, value, unamended)
    assert schema_errors(request_schema(*AMEND), body) == []
    error = check_response(amend(api, surety_token, unamended["guarantee"]["guarantee_id"], body), *AMEND, 400)["error"]
    assert (code, field) in {(d["code"], d.get("field")) for d in error.get("details", [error])}
    assert f"`{code}`" in SPEC["components"]["schemas"]["AmendmentRequest"]["description"]


def test_rejected_amendments_changed_nothing(api, surety_token, unamended):
    got = check_response(get_guarantee(api, surety_token, unamended["guarantee"]["guarantee_id"]), *GET_ONE, 200)
    assert got["latest_version"] == 1 and got["versions"][0]["certificate"]["amount"] == unamended["guarantee"]["amount"]


@pytest.mark.parametrize("body, code", [
    ({"date": "2024-12-01"}, "missing_field"),
    ({"reason": "", "date": "2024-12-01"}, "missing_field"),
    ({"reason": 1, "date": "2024-12-01"}, "invalid_type"),
    ({"reason": "中" * 201, "date": "2024-12-01"}, "too_long"),
    ({"reason": "工事の\u202e中止", "date": "2024-12-01"}, "invalid_character"),
    ({"reason": "工事の中止", "date": "2024/12/01"}, "invalid_date"),
    ({"reason": "工事の中止", "date": "2100-01-01"}, "date_out_of_range"),
    ({"reason": "工事の中止"}, "missing_field"),
    ({"reason": "工事の中止", "date": "2024-12-01", "note": "x"}, "unknown_field"),
    ([], "invalid_type"),
])
def test_cancellation_server_rejects(api, surety_token, unamended, body, code):
    error = check_response(cancel(api, surety_token, unamended["guarantee"]["guarantee_id"], body), *CANCEL, 400)["error"]
    assert code in [d["code"] for d in error.get("details", [error])]


@pytest.mark.parametrize("raw, code", [(b"", "invalid_json"), (b"null", "invalid_body"), (b"{", "invalid_json")])
def test_cancellation_400_unreadable_bodies(api, surety_token, unamended, raw, code):
    response = cancel(api, surety_token, unamended["guarantee"]["guarantee_id"], raw=raw)
    assert check_response(response, *CANCEL, 400)["error"]["code"] == code


def test_receipt_bodies_the_document_allows_are_recorded(api, issue_guarantee):
    for extra in ({}, {"note": "原本を受領しました"}, {"note": None}, {"note": ""}):
        issued = issue_guarantee()
        body = receipt_body(issued, **extra)
        check_response(post_receipt(api, body), *RECEIPT, 201)


def test_the_full_certificate_of_a_joint_venture_is_documented(api):
    """Every field a full 保証証書 adds (advance, JV members, the surety's profile and branch)
    appears in replies that the document describes."""
    import copy
    from chalicelib.usecases import sureties
    from devtools.demo import DEMO_JV
    sureties.register("openapi-full-surety", "東日本テスト建設業保証株式会社", branches={"nagano": {"department": "長野支店"}},
                      representative="代表取締役社長 東 日本", head_office="東京都中央区八丁堀二丁目1番1号")
    token = sureties.create_token("openapi-full-surety", label="openapi")[1]
    body = guarantee_request(contractor=copy.deepcopy(DEMO_JV), surety_branch="nagano")
    issued = check_response(issue(api, token, body), *ISSUE, 201)
    key = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"]}
    certificate = check_response(verify(api, key), *VERIFY, 200)["certificate"]
    assert certificate["contractor"]["members"] and certificate["advance"] and certificate["surety"]["contact"]
    gid = issued["guarantee"]["guarantee_id"]
    check_response(api.get(f"/v1/guarantees/{gid}", headers=issue_headers(token)), *GET_ONE, 200)


def test_the_ledger_replies_are_documented(api, issue_guarantee):
    headers = staff_headers(api)
    issued = issue_guarantee()
    body = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"],
            "department": "契約検査課", "name": "佐久 花子"}
    check_response(post_receipt(api, body, staff=headers), *RECEIPT, 201)
    rows = check_response(api.get("/v1/staff/receipts", headers=headers), "/v1/staff/receipts", "get", 200)["receipts"]
    assert rows
    gid = issued["guarantee"]["guarantee_id"]
    check_response(api.get(f"/v1/staff/receipts/{gid}/1", headers=headers),
                   "/v1/staff/receipts/{guarantee_id}/{version}", "get", 200)
    check_response(api.get("/v1/staff/session", headers=headers), "/v1/staff/session", "get", 200)


@pytest.mark.parametrize("name, value, code", [
    ("cursor", "", "invalid_cursor"), ("limit", "", "invalid_limit"), ("cursor", "a.b", "invalid_cursor")])
def test_an_empty_or_malformed_paging_value_is_refused_on_every_list(api, surety_token, issue_guarantee, name, value, code):
    """`cursor=` is no cursor and `limit=` no number: the schema refuses them, and so does the server
    (they used to be read as absent)."""
    gid = issue_guarantee()["guarantee"]["guarantee_id"]
    for response, where in (
            (list_guarantees(api, surety_token, orderer="202177", **{name: value}), LIST),
            (get_events(api, surety_token, gid, **{name: value}), EVENTS),
            (api.get(f"/v1/events?{urlencode({name: value})}", headers=bearer(surety_token)), FEED)):
        error = check_response(response, *where, 400)["error"]
        assert (error["code"], error["field"]) == (code, name), where


@pytest.mark.parametrize("query, code, field", [
    ({"orderer": "", "contractor": "7000012050002"}, "invalid_query", "orderer"),
    ({"orderer": "20217"}, "invalid_query", "orderer"),
    ({"contractor": ""}, "invalid_corporate_number", "contractor"),
    ({"contractor": "７000012050002"}, "invalid_corporate_number", "contractor"),
])
def test_the_listing_filters_are_checked_against_their_schema(api, surety_token, query, code, field):
    error = check_response(list_guarantees(api, surety_token, **query), *LIST, 400)["error"]
    assert (error["code"], error["field"]) == (code, field)


def test_the_ledger_state_filter_is_checked_against_its_schema(api):
    headers = staff_headers(api)
    for path, where in (("/v1/staff/receipts", LEDGER), ("/v1/staff/receipts.csv", LEDGER_CSV)):
        for state in ("", "VALID", "open"):
            error = check_response(api.get(f"{path}?{urlencode({'state': state})}", headers=headers), *where, 400)["error"]
            assert (error["code"], error["field"]) == ("invalid_query", "state"), (path, state)




def test_the_document_states_each_key_once():
    # YAML readers keep the last of two equal keys without a word (two branches once each added
    # an `OrdererId` schema); the SDK's generator refuses the document. Say where, here.
    import yaml

    from openapi_document import SPEC_PATH

    repeated: list[str] = []

    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader, node, deep=False):
        seen: set = set()
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=deep)
            if key in seen:
                repeated.append(f"line {key_node.start_mark.line + 1}: {key}")
            seen.add(key)
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    yaml.load(SPEC_PATH.read_text(encoding="utf-8"), Loader=Strict)  # noqa: S506 (a SafeLoader)
    assert repeated == []
