"""The OpenAPI document (api/chalicelib/openapi.yaml) is true of the real application.

(a) it is a valid OpenAPI 3.1 document;
(b) its paths and methods are exactly the Chalice route table;
(c) real responses of the app (on DynamoDB Local) validate against the documented schema
    and headers for their path, method and status, and their error codes are documented;
(d) the documented request schemas are as strict as the server for every rule JSON Schema
    can express, and the rules it cannot express are listed (and shown to be enforced).
"""
from __future__ import annotations

import base64
import datetime as dt
import json
import re
import unicodedata
import uuid
from urllib.parse import urlencode

import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from support import (REPO, TEST_SURETY_ID, clock_at, corporate_number, guarantee_request, issue_headers, post_json,
                     staff_headers)

SPEC_PATH = REPO / "api" / "chalicelib" / "openapi.yaml"
SPEC = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
# A hierarchical URI, so that '#/components/schemas/...' inside the document resolves
# against it (urljoin does not join relative references onto a urn:).
SPEC_URI = "https://e-guarantee.invalid/openapi.yaml"
REGISTRY = Registry().with_resource(SPEC_URI, Resource.from_contents(SPEC, default_specification=DRAFT202012))
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
ALWAYS_HEADERS = ("Cache-Control", "X-Content-Type-Options")

ISSUE = ("/v1/guarantees", "post")
LIST = ("/v1/guarantees", "get")
GET_ONE = ("/v1/guarantees/{guarantee_id}", "get")
EVENTS = ("/v1/guarantees/{guarantee_id}/events", "get")
AMEND = ("/v1/guarantees/{guarantee_id}/amendments", "post")
CANCEL = ("/v1/guarantees/{guarantee_id}/cancellation", "post")
VERIFY = ("/v1/verifications", "post")
RECEIPT = ("/v1/receipts", "post")
NOTICES = ("/v1/notices", "post")
COPIES = ("/v1/certificate-copies", "post")
ORDERERS = ("/v1/orderers", "get")
FEED = ("/v1/events", "get")
WEBHOOKS_ADD = ("/v1/webhooks", "post")
WEBHOOKS_LIST = ("/v1/webhooks", "get")
WEBHOOK_DELETE = ("/v1/webhooks/{webhook_id}", "delete")
WEBHOOK_ROTATE = ("/v1/webhooks/{webhook_id}/secret", "post")
WEBHOOK_REPLAY = ("/v1/webhooks/{webhook_id}/replay", "post")
JWKS = ("/.well-known/jwks.json", "get")
LEDGER = ("/v1/staff/receipts", "get")
LEDGER_CSV = ("/v1/staff/receipts.csv", "get")


# ---- looking things up in the document -----------------------------------------------

def pointer(*parts) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def at(ptr: str):
    node = SPEC
    for part in ptr.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def deref(ptr: str) -> tuple[str, dict]:
    """Follow OpenAPI-level $refs (responses, headers, parameters) to the object itself."""
    node = at(ptr)
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), f"only local references are used: {ref}"
        ptr = ref[1:]
        node = at(ptr)
    return ptr, node


def schema_errors(schema_ptr: str, instance) -> list[str]:
    """Validate `instance` against the schema at `schema_ptr` in the document (JSON Schema 2020-12)."""
    validator = Draft202012Validator(
        {"$ref": f"{SPEC_URI}#{schema_ptr}"},
        registry=REGISTRY,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in validator.iter_errors(instance)]


def request_schema(path: str, method: str) -> str:
    ptr = pointer("paths", path, method, "requestBody")
    ptr, _ = deref(ptr)
    return ptr + pointer("content", "application/json", "schema")


def documented_response(path: str, method: str, status: int) -> tuple[str, dict]:
    responses = at(pointer("paths", path, method, "responses"))
    assert str(status) in responses, (
        f"{method.upper()} {path} answered {status}, a status the document does not list "
        f"(documented: {sorted(responses)})")
    return deref(pointer("paths", path, method, "responses", str(status)))


def check_response(response, path: str, method: str, expected_status: int | None = None) -> dict:
    """Assert that a real response is documented: status, headers, body schema, error codes."""
    body_text = response.body.decode("utf-8") if isinstance(response.body, bytes) else response.body
    if expected_status is not None:
        assert response.status_code == expected_status, f"{response.status_code}: {body_text}"
    response_ptr, documented = documented_response(path, method, response.status_code)

    headers = {name.lower(): value for name, value in response.headers.items()}
    for name in documented.get("headers", {}):
        header_ptr, header = deref(response_ptr + pointer("headers", name))
        value = headers.get(name.lower())
        if value is None:
            assert not header.get("required"), f"required header {name} missing on {response.status_code}"
            continue
        problems = schema_errors(header_ptr + "/schema", value)
        assert not problems, f"header {name}: {value!r}: {problems}"

    assert "application/json" in documented["content"]
    assert headers["content-type"].split(";")[0].strip() == "application/json"
    body = json.loads(body_text)
    problems = schema_errors(response_ptr + pointer("content", "application/json", "schema"), body)
    assert not problems, f"{method.upper()} {path} {response.status_code} body does not match the document: {problems}\n{body}"

    if "x-error-codes" in documented:
        produced = {body["error"]["code"], *(d["code"] for d in body["error"].get("details", []))}
        undocumented = produced - set(documented["x-error-codes"])
        assert not undocumented, f"error codes not documented for {method.upper()} {path} {response.status_code}: {undocumented}"
    return body


def operations():
    for path, item in SPEC["paths"].items():
        for method in item:
            if method in HTTP_METHODS:
                yield path, method


def all_responses():
    for path, method in operations():
        for status in at(pointer("paths", path, method, "responses")):
            ptr, response = deref(pointer("paths", path, method, "responses", status))
            yield path, method, status, ptr, response


# ---- helpers for requests --------------------------------------------------------------

VALID_CORPORATE_NUMBER = corporate_number("234567890123")
INVALID_CORPORATE_NUMBER = str((int(VALID_CORPORATE_NUMBER[0]) % 9) + 1) + VALID_CORPORATE_NUMBER[1:]

DELETE = object()


def mutated(path: str, value) -> dict:
    """guarantee_request() with the value at a dotted path replaced (or removed); a
    callable value is computed from the request (its dates depend on today)."""
    body = guarantee_request()
    *parents, last = path.split(".")
    node = body
    for key in parents:
        node = node[key]
    if callable(value):
        value = value(body)
    if value is DELETE:
        del node[last]
    else:
        node[last] = value
    return body


def issue(api, token: str, body, key: str | None = None, raw: bytes | None = None):
    headers = issue_headers(token, key)
    if raw is not None:
        return api.post(ISSUE[0], body=raw, headers={"Content-Type": "application/json", **headers})
    return post_json(api, ISSUE[0], body, headers)


def verify(api, body=None, raw: bytes | None = None):
    if raw is not None:
        return api.post(VERIFY[0], body=raw, headers={"Content-Type": "application/json"})
    return post_json(api, VERIFY[0], body)


SURETY_OPERATIONS = [(ISSUE, "issue"), (LIST, "read"), (GET_ONE, "read"), (EVENTS, "read"), (FEED, "read"),
                     (AMEND, "amend"), (CANCEL, "cancel"), (WEBHOOKS_ADD, "webhooks"), (WEBHOOKS_LIST, "webhooks"),
                     (WEBHOOK_DELETE, "webhooks"), (WEBHOOK_ROTATE, "webhooks"), (WEBHOOK_REPLAY, "webhooks")]
UNKNOWN_WEBHOOK = "wh_" + "0" * 16
JST = dt.timezone(dt.timedelta(hours=9))
UNKNOWN_ID = "g" + "0" * 25  # well-formed, never issued


def today_jst() -> dt.date:
    """The business date, from the product's clock (Japan's date)."""
    from chalicelib.adapters import clock
    return clock.today()


def shifted(iso_date: str, days: int) -> str:
    return (dt.date.fromisoformat(iso_date) + dt.timedelta(days=days)).isoformat()


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def amendment(reason: str = "increase", changes=None, base_version=1, **extra) -> dict:
    """An amendment body for a guarantee issued from guarantee_request() (22,000,000円 of 55,000,000円)."""
    body = {"base_version": base_version, "reason": reason, "effective_date": today_jst().isoformat(),
            "changes": {"amount": 25_000_000} if changes is None else changes}
    body.update(extra)
    return body


def amend(api, token: str, guarantee_id: str, body, key: str | None = None, raw: bytes | None = None):
    path = f"/v1/guarantees/{guarantee_id}/amendments"
    headers = issue_headers(token, key)
    if raw is not None:
        return api.post(path, body=raw, headers={"Content-Type": "application/json", **headers})
    return post_json(api, path, body, headers)


def cancel(api, token: str, guarantee_id: str, body=None, raw: bytes | None = None):
    path = f"/v1/guarantees/{guarantee_id}/cancellation"
    if raw is not None:
        return api.post(path, body=raw, headers={"Content-Type": "application/json", **bearer(token)})
    return post_json(api, path, {"reason": "工事の中止", "date": today_jst().isoformat()} if body is None else body,
                     bearer(token))


def post_receipt(api, body=None, raw: bytes | None = None, staff: dict | None = None):
    """As a newly signed-in member of 佐久市's staff unless ``staff`` says who (or {}: nobody)."""
    headers = staff_headers(api) if staff is None else staff
    if raw is not None:
        return api.post(RECEIPT[0], body=raw, headers={"Content-Type": "application/json", **headers})
    return post_json(api, RECEIPT[0], body, headers)


def post_for_pdf(api, path: str, body):
    """POST /v1/notices or /v1/certificate-copies (Chalice needs Accept for a binary reply)."""
    return api.post(path, body=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                    headers={"Content-Type": "application/json", "Accept": "application/pdf"})


def receipt_body(issued: dict, **extra) -> dict:
    return {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"],
            "department": "契約検査課", "name": "佐久 花子", **extra}


def key_body(issued: dict) -> dict:
    return {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"]}


def get_guarantee(api, token: str, guarantee_id: str):
    return api.get(f"/v1/guarantees/{guarantee_id}", headers=bearer(token))


def get_events(api, token: str, guarantee_id: str, **query):
    suffix = f"?{urlencode(query)}" if query else ""
    return api.get(f"/v1/guarantees/{guarantee_id}/events{suffix}", headers=bearer(token))


def list_guarantees(api, token: str, **query):
    return api.get(f"/v1/guarantees?{urlencode(query)}", headers=bearer(token))


def every_page(fetch, where, key: str) -> tuple[list, int]:
    """Follow next_cursor from the first page until it is null; every page is checked."""
    items, cursor, pages = [], None, 0
    while True:
        page = check_response(fetch(cursor), *where, 200)
        pages += 1
        items += page[key]
        cursor = page["next_cursor"]
        if cursor is None:
            return items, pages
        assert pages < 100, "next_cursor never ends"


def new_surety(surety_id: str, name: str) -> str:
    from chalicelib.usecases import sureties
    sureties.register(surety_id, name)
    return sureties.create_token(surety_id, label=f"openapi test, {surety_id}")[1]


@pytest.fixture(scope="module")
def other_token(surety_token) -> str:
    """A second surety: it must never see the test surety's guarantees."""
    return new_surety("other-surety", "別保証株式会社")


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
    return {code for pattern in patterns for code in re.findall(pattern, source, re.S)}


def test_documented_error_codes_are_exactly_those_in_the_code():
    in_source = _codes_in_source()
    assert {"unauthorized", "not_found", "auth_key_typo", "orderer_not_accepting", "guarantee_not_found",
            "stale_version", "invalid_version", "invalid_cursor"} <= in_source  # the scan works
    documented = {code for *_, response in all_responses() for code in response.get("x-error-codes", [])}
    assert in_source - documented == set(), "error codes the server can send but the document does not list"
    assert documented - in_source == set(), "documented error codes the server never sends"


# ---- (c) real responses ----------------------------------------------------------------

def test_issue_201_then_replay_with_the_same_key(api, surety_token):
    body = mutated("contractor.corporate_number", VALID_CORPORATE_NUMBER)
    key = str(uuid.uuid4())
    first = issue(api, surety_token, body, key)
    issued = check_response(first, *ISSUE, 201)
    assert "idempotent-replayed" not in {h.lower() for h in first.headers}
    assert issued["guarantee"]["contractor"]["corporate_number"] == VALID_CORPORATE_NUMBER
    assert issued["version"] == issued["guarantee"]["version"] == 1

    # The same content, with keys in another order and other white space, is the same body.
    reordered = json.dumps(dict(reversed(list(body.items()))), ensure_ascii=False, indent=2).encode("utf-8")
    replay = issue(api, surety_token, None, key, raw=reordered)
    replayed = check_response(replay, *ISSUE, 201)
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replayed == issued  # same guarantee, same 認証キー


def test_issue_409_idempotency_key_reused(api, surety_token):
    key = str(uuid.uuid4())
    check_response(issue(api, surety_token, guarantee_request(), key), *ISSUE, 201)
    error = check_response(issue(api, surety_token, guarantee_request(), key), *ISSUE, 409)["error"]
    assert (error["code"], error["field"]) == ("idempotency_key_reused", "Idempotency-Key")


def test_rejected_requests_are_not_kept(api, surety_token):
    key = str(uuid.uuid4())
    body = guarantee_request()
    check_response(issue(api, surety_token, {**body, "amount": -1}, key), *ISSUE, 400)
    check_response(issue(api, surety_token, body, key), *ISSUE, 201)


def test_issue_409_contract_number_taken(api, surety_token, issue_guarantee):
    number = issue_guarantee()["guarantee"]["contract_number"]
    # Typed differently (full-width, lower case): the same number once normalised.
    typed = unicodedata.normalize("NFKC", number).lower().translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    for contract_number in (number, typed):
        error = check_response(issue(api, surety_token, guarantee_request(contract_number=contract_number)),
                               *ISSUE, 409)["error"]
        assert (error["code"], error["field"]) == ("contract_number_taken", "contract_number")


def test_issue_400_lists_every_problem_in_details(api, surety_token):
    body = guarantee_request(amount="22000000", note="x")
    error = check_response(issue(api, surety_token, body), *ISSUE, 400)["error"]
    assert {(d["code"], d["field"]) for d in error["details"]} == {("invalid_amount", "amount"), ("unknown_field", "note")}
    assert {k: error[k] for k in ("code", "message", "field")} == error["details"][0]


@pytest.mark.parametrize("raw, code", [
    (b"", "invalid_json"),
    (b"{", "invalid_json"),
    (b'{"amount": 1, "amount": 2}', "invalid_json"),
    (b'{"amount": NaN}', "invalid_json"),
    (b"\xff\xfe{}", "invalid_json"),
    (b"null", "invalid_body"),
    (b"[]", "invalid_type"),
])
def test_issue_400_unreadable_bodies(api, surety_token, raw, code):
    error = check_response(issue(api, surety_token, None, raw=raw), *ISSUE, 400)["error"]
    assert error["code"] == code


@pytest.mark.parametrize("key, code", [
    (None, "missing_idempotency_key"),
    ("", "missing_idempotency_key"),
    ("short", "invalid_idempotency_key"),
    ("has spaces in it", "invalid_idempotency_key"),
    ("k" * 256, "invalid_idempotency_key"),
])
def test_issue_400_idempotency_key(api, surety_token, key, code):
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {surety_token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
        assert schema_errors(deref(pointer("paths", *ISSUE, "parameters", 0))[0] + "/schema", key)
    response = api.post(ISSUE[0], body=json.dumps(guarantee_request()).encode(), headers=headers)
    error = check_response(response, *ISSUE, 400)["error"]
    assert (error["code"], error["field"]) == (code, "Idempotency-Key")


def _wrong_secret(token: str) -> str:
    return token[:-1] + ("0" if token[-1] != "0" else "1")


@pytest.mark.parametrize("authorization", [
    None,
    "",
    "Basic dXNlcjpwYXNz",
    "Bearer not-a-token",
    "Bearer egp_0000000000000_00000000000000000000000000000000",
    "Bearer egp_000000000000_00000000000000000000000000000000",
    "WRONG-SECRET",
])
def test_issue_401(api, surety_token, authorization):
    if authorization == "WRONG-SECRET":
        authorization = f"Bearer {_wrong_secret(surety_token)}"
    headers = {"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())}
    if authorization is not None:
        headers["Authorization"] = authorization
    response = api.post(ISSUE[0], body=json.dumps(guarantee_request()).encode(), headers=headers)
    assert check_response(response, *ISSUE, 401)["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_issue_403_without_the_issue_scope(api, surety_token):
    from chalicelib.usecases import sureties
    _, read_only = sureties.create_token(TEST_SURETY_ID, ["read"], label="openapi test, read only")
    error = check_response(issue(api, read_only, guarantee_request()), *ISSUE, 403)["error"]
    assert error["code"] == "forbidden"


def test_413_payload_too_large(api, surety_token):
    big = {"contract_number": "A" * 70_000, "auth_key": "x"}
    gid = "g" + "0" * 25
    for response, where in ((issue(api, surety_token, big), ISSUE), (verify(api, big), VERIFY),
                            (post_receipt(api, big), RECEIPT), (post_for_pdf(api, COPIES[0], big), COPIES),
                            (amend(api, surety_token, gid, big), AMEND),
                            (post_json(api, f"/v1/guarantees/{gid}/cancellation", big,
                                       {"Authorization": f"Bearer {surety_token}"}), CANCEL)):
        assert check_response(response, *where, 413)["error"]["code"] == "payload_too_large", where


def test_verify_200(api, issue_guarantee):
    issued = issue_guarantee(contract_number=f"saku-{uuid.uuid4().hex[:10]}")
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    # As typed by a person: lower case, spaces instead of hyphens, full-width, O for 0.
    typed_key = unicodedata.normalize("NFKC", key).lower().replace("-", " ").replace("0", "o")
    full_width_number = "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in number)
    for body in ({"contract_number": number, "auth_key": key},
                 {"contract_number": full_width_number, "auth_key": typed_key}):
        certificate = check_response(verify(api, body), *VERIFY, 200)["certificate"]
        assert certificate == issued["guarantee"]
        assert certificate["status"] == "valid"


def _typo(display_key: str) -> str:
    from chalicelib.domain.authkey import ALPHABET
    symbols = list(display_key.replace("-", ""))
    symbols[5] = ALPHABET[(ALPHABET.index(symbols[5]) + 1) % len(ALPHABET)]
    canonical = "".join(symbols)
    return "-".join(canonical[i:i + 4] for i in range(0, 28, 4))


def test_verify_400_typo(api, issue_guarantee):
    issued = issue_guarantee()
    body = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": _typo(issued["auth_key"])}
    error = check_response(verify(api, body), *VERIFY, 400)["error"]
    assert (error["code"], error["field"]) == ("auth_key_typo", "auth_key")


@pytest.mark.parametrize("body, raw, codes", [
    ({"contract_number": "SAKU-2024-0001", "auth_key": "ABCD-EFGH"}, None, ["invalid_auth_key"]),
    ({"contract_number": "SAKU-2024-0001", "auth_key": "UUUU-UUUU-UUUU-UUUU-UUUU-UUUU-UUUU"}, None, ["invalid_auth_key"]),
    ({"contract_number": "SAKU-2024-0001", "auth_key": ""}, None, ["missing_field"]),
    ({"contract_number": "", "auth_key": "GW5F-BHQ5-ZSTX-6522-1XXS-Z5ZV-9GQQ"}, None, ["missing_field"]),
    ({"contract_number": "#", "auth_key": "GW5F-BHQ5-ZSTX-6522-1XXS-Z5ZV-9GQQ"}, None, ["invalid_contract_number"]),
    ({"contract_number": "#", "auth_key": "x"}, None, ["invalid_contract_number", "invalid_auth_key"]),
    ({"contract_number": "SAKU-2024-0001", "auth_key": "GW5F-BHQ5-ZSTX-6522-1XXS-Z5ZV-9GQQ", "x": 1}, None, ["unknown_field"]),
    (None, b"[]", ["invalid_type"]),
    (None, b"null", ["invalid_body"]),
    (None, b"{", ["invalid_json"]),
    (None, b"", ["invalid_json"]),
])
def test_verify_400(api, body, raw, codes):
    error = check_response(verify(api, body, raw), *VERIFY, 400)["error"]
    assert [d["code"] for d in error.get("details", [error])] == codes


def test_verify_404_same_answer_for_wrong_number_and_wrong_key(api, issue_guarantee):
    from chalicelib.domain import authkey
    issued = issue_guarantee()
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    other_key = authkey.display(authkey.generate())  # well-formed, passes the check symbols
    wrong_key = verify(api, {"contract_number": number, "auth_key": other_key})
    wrong_number = verify(api, {"contract_number": f"NONE-{uuid.uuid4().hex[:8]}", "auth_key": key})
    assert check_response(wrong_key, *VERIFY, 404) == check_response(wrong_number, *VERIFY, 404)
    assert check_response(wrong_key, *VERIFY, 404)["error"]["code"] == "not_found"


def test_orderers_200(api):
    orderers = check_response(api.get(ORDERERS[0]), *ORDERERS, 200)["orderers"]
    assert "202177" in {o["id"] for o in orderers}


def test_jwks_200_checks_the_verification_signature(api, issue_guarantee):
    from chalicelib.adapters import jose
    issued = issue_guarantee()
    shown = check_response(verify(api, key_body(issued)), *VERIFY, 200)
    response = api.get(JWKS[0])
    keys = check_response(response, *JWKS, 200)
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert keys["current_kid"] == keys["keys"][0]["kid"] == jose.kid_of(shown["jws"])
    assert jose.verify(shown["jws"], keys)["certificate"] == shown["certificate"]


def test_certificate_copy_200_400_404(api, issue_guarantee):
    from chalicelib.domain import authkey
    issued = issue_guarantee()
    response = post_for_pdf(api, COPIES[0], key_body(issued))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf" and response.body.startswith(b"%PDF-")
    documented = documented_response(*COPIES, 200)[1]
    assert "application/pdf" in documented["content"]
    for name, header in documented["headers"].items():
        header = deref(pointer("paths", *COPIES, "responses", "200", "headers", name))[1]
        assert not header.get("required") or name in response.headers, name
    assert "attachment;" in response.headers["Content-Disposition"]
    wrong = {**key_body(issued), "auth_key": authkey.display(authkey.generate())}
    assert check_response(post_for_pdf(api, COPIES[0], wrong), *COPIES, 404)["error"]["code"] == "not_found"
    typo = {**key_body(issued), "auth_key": _typo(issued["auth_key"])}
    assert check_response(post_for_pdf(api, COPIES[0], typo), *COPIES, 400)["error"]["code"] == "auth_key_typo"


def test_429_too_many_attempts(api, surety_token, issue_guarantee, monkeypatch):
    """Past the limit a client's wrong keys answer 429 on every key-based operation; the right
    key still opens the guarantee."""
    from chalicelib.domain import authkey
    monkeypatch.setenv("PORTAL_LIMIT_PER_NUMBER", "2")
    issued = issue_guarantee()
    moment = dt.datetime.now(dt.timezone.utc).replace(minute=5, second=0, microsecond=0)  # not near an hour's end
    with clock_at(moment):
        staff = staff_headers(api)
        for _ in range(2):
            wrong = {**key_body(issued), "auth_key": authkey.display(authkey.generate())}
            check_response(verify(api, wrong), *VERIFY, 404)
        wrong = {**key_body(issued), "auth_key": authkey.display(authkey.generate())}
        for response, where in ((verify(api, wrong), VERIFY),
                                (post_for_pdf(api, NOTICES[0], wrong), NOTICES),
                                (post_for_pdf(api, COPIES[0], wrong), COPIES)):
            assert check_response(response, *where, 429)["error"]["code"] == "too_many_attempts", where
            # A sliding hour: the two weigh 2 until minute 30 of the next hour (rounded up), then 1.
            assert int(response.headers["Retry-After"]) == (55 + 30) * 60
        check_response(verify(api, key_body(issued)), *VERIFY, 200)
        check_response(post_receipt(api, receipt_body(issued), staff=staff), *RECEIPT, 201)
    from chalicelib.usecases.common import wrong_key_bursts
    wrong_key_bursts.tell_bursts(moment)  # what the 5-minute sweep does
    events = check_response(get_events(api, surety_token, issued["guarantee"]["guarantee_id"]), *EVENTS, 200)["events"]
    assert [e["scope"] for e in events if e["type"] == "lockout"] == ["number"]


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
                       (store.signing_keys, "all")):
        monkeypatch.setattr(port, name, unavailable)
    body = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"]}
    # The list of orderers is a data file: it needs no store.
    calls = [c for c in call_every_operation(api, surety_token, gid, body) if c[1] != ORDERERS]
    for response, where in calls:
        assert check_response(response, *where, 503)["error"]["code"] == "service_unavailable", where
        assert int(response.headers["Retry-After"]) > 0


def test_500_is_documented_and_reveals_nothing(api, surety_token, monkeypatch):
    from chalicelib.adapters import signing
    from chalicelib.domain import orderers
    from chalicelib.usecases import (amend_guarantee, cancel_guarantee, copy_certificate, issue_guarantee,
                                     read_guarantees, record_receipt, reissue_notice, verify_guarantee)

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail that must not leak")

    staff = staff_headers(api)  # signed in before anything breaks
    for module, name in ((verify_guarantee, "verify"), (orderers, "all_orderers"), (record_receipt, "record"),
                         (issue_guarantee, "issue"), (amend_guarantee, "amend"), (cancel_guarantee, "cancel"),
                         (read_guarantees, "guarantee"), (read_guarantees, "event_log"),
                         (read_guarantees, "listing"), (signing, "jwks"), (reissue_notice, "by_key"),
                         (copy_certificate, "by_key")):
        monkeypatch.setattr(module, name, broken)
    calls = call_every_operation(api, surety_token, "g" + "0" * 25,
                                 {"contract_number": "SAKU-2024-0001", "auth_key": "x"}, staff)
    for response, where in calls:
        assert check_response(response, *where, 500)["error"]["code"] == "internal_error", where
        assert b"secret detail" not in response.body


def test_wrong_content_type_is_answered_in_the_documented_shape(api, surety_token):
    gid = "g" + "0" * 25
    for path, where, headers in ((VERIFY[0], VERIFY, {}), (RECEIPT[0], RECEIPT, staff_headers(api)), (COPIES[0], COPIES, {}),
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


# ---- (c) real responses: amendments ----------------------------------------------------

def test_amend_201_then_replay_with_the_same_key(api, surety_token, issue_guarantee):
    issued = issue_guarantee()
    gid = issued["guarantee"]["guarantee_id"]
    body = amendment("increase", {"amount": 25_000_000, "project": {"contract_price": 60_000_000}},
                     note="請負代金額の増額に伴う変更")
    key = str(uuid.uuid4())
    first = amend(api, surety_token, gid, body, key)
    amended = check_response(first, *AMEND, 201)
    assert "idempotent-replayed" not in {h.lower() for h in first.headers}
    assert amended["version"] == amended["guarantee"]["version"] == 2
    assert amended["guarantee"]["guarantee_id"] == gid
    assert (amended["guarantee"]["amount"], amended["guarantee"]["project"]["contract_price"]) == (25_000_000, 60_000_000)
    assert amended["guarantee"]["project"]["name"] == issued["guarantee"]["project"]["name"]  # untouched by the partial
    assert amended["auth_key"] != issued["auth_key"]

    reordered = json.dumps(dict(reversed(list(body.items()))), ensure_ascii=False, indent=2).encode("utf-8")
    replay = amend(api, surety_token, gid, None, key, raw=reordered)
    assert check_response(replay, *AMEND, 201) == amended  # same version, same key
    assert replay.headers["Idempotent-Replayed"] == "true"

    # The same key for another request (another body, another guarantee, an issuance): 409.
    other = issue_guarantee()["guarantee"]["guarantee_id"]
    for response, where in ((amend(api, surety_token, gid, {**body, "note": "別の内容"}, key), AMEND),
                            (amend(api, surety_token, other, body, key), AMEND),
                            (issue(api, surety_token, guarantee_request(), key), ISSUE)):
        error = check_response(response, *where, 409)["error"]
        assert (error["code"], error["field"]) == ("idempotency_key_reused", "Idempotency-Key")
    assert check_response(get_guarantee(api, surety_token, gid), *GET_ONE, 200)["latest_version"] == 2


def test_amend_400_reason_mismatch_and_no_changes(api, surety_token, issue_guarantee):
    gid = issue_guarantee()["guarantee"]["guarantee_id"]
    cases = [
        (amendment("increase", {"amount": 20_000_000}), "reason_mismatch", "reason"),
        (amendment("decrease", {"amount": 25_000_000}), "reason_mismatch", "reason"),
        (amendment("extension", {"amount": 25_000_000}), "reason_mismatch", "reason"),
        (amendment("other", {"amount": 22_000_000}), "no_changes", "changes"),
        (amendment("other", {"project": {}}), "no_changes", "changes"),
        (amendment("other", {}), "no_changes", "changes"),
    ]
    for body, code, field in cases:
        error = check_response(amend(api, surety_token, gid, body), *AMEND, 400)["error"]
        assert (code, field) in {(d["code"], d.get("field")) for d in error.get("details", [error])}, body
    assert check_response(get_guarantee(api, surety_token, gid), *GET_ONE, 200)["latest_version"] == 1


def test_amend_400_a_field_inside_changes_is_reported_with_its_path(api, surety_token, issue_guarantee):
    issued = issue_guarantee()
    gid = issued["guarantee"]["guarantee_id"]
    works_end = issued["guarantee"]["project"]["period"]["end"]
    cases = [
        ({"amount": "25000000"}, "invalid_amount", "changes.amount"),
        ({"amount": 60_000_000}, "amount_exceeds_contract_price", "changes.amount"),
        ({"project": {"period": {"end": "2027-02-30"}}}, "invalid_date", "changes.project.period.end"),
        ({"project": {"name": "   "}}, "missing_field", "changes.project.name"),
        ({"contractor": {"note": "x"}}, "unknown_field", "changes.contractor.note"),
        ({"kind": "contract"}, "unknown_field", "changes.kind"),
        ({"guarantee_period": {"end": shifted(works_end, -1)}}, "guarantee_period_ends_before_works",
         "changes.guarantee_period.end"),
    ]
    for changes, code, field in cases:
        error = check_response(amend(api, surety_token, gid, amendment("other", changes)), *AMEND, 400)["error"]
        assert (code, field) in {(d["code"], d.get("field")) for d in error.get("details", [error])}, changes


def test_amend_404_unknown_and_other_suretys_guarantees(api, surety_token, other_token, issue_guarantee):
    """Another surety's guarantee is answered exactly like one that does not exist."""
    theirs = issue_guarantee()["guarantee"]["guarantee_id"]  # the test surety's
    answers = []
    for gid in (UNKNOWN_ID, "not-an-id", theirs):
        for response, where in ((amend(api, other_token, gid, amendment()), AMEND),
                                (cancel(api, other_token, gid), CANCEL),
                                (get_guarantee(api, other_token, gid), GET_ONE),
                                (get_events(api, other_token, gid), EVENTS)):
            answers.append(check_response(response, *where, 404))
    assert all(a == {"error": {"code": "guarantee_not_found", "message": "保証契約が見つかりません。"}} for a in answers)
    untouched = check_response(get_guarantee(api, surety_token, theirs), *GET_ONE, 200)
    assert (untouched["latest_version"], untouched["status"], untouched["cancellation"]) == (1, "valid", None)


def test_amend_409_stale_version(api, surety_token, issue_guarantee):
    gid = issue_guarantee()["guarantee"]["guarantee_id"]
    check_response(amend(api, surety_token, gid, amendment("increase", {"amount": 25_000_000})), *AMEND, 201)
    stale = amend(api, surety_token, gid, amendment("increase", {"amount": 30_000_000}))  # version 1 again
    error = check_response(stale, *AMEND, 409)["error"]
    assert (error["code"], error["field"]) == ("stale_version", "base_version")
    assert "第2版" in error["message"]
    state = check_response(get_guarantee(api, surety_token, gid), *GET_ONE, 200)
    assert state["latest_version"] == 2 and state["versions"][-1]["certificate"]["amount"] == 25_000_000
    # Based on the latest version, it goes through.
    again = amend(api, surety_token, gid, amendment("increase", {"amount": 30_000_000}, base_version=2))
    assert check_response(again, *AMEND, 201)["version"] == 3


def test_cancel_200_then_409_already_cancelled_and_409_guarantee_cancelled(api, surety_token, issue_guarantee):
    gid = issue_guarantee()["guarantee"]["guarantee_id"]
    cancelled = check_response(cancel(api, surety_token, gid, {"reason": "工事の中止", "date": today_jst().isoformat()}),
                               *CANCEL, 200)
    assert (cancelled["status"], cancelled["status_label"]) == ("cancelled", "解約")
    assert {k: cancelled["cancellation"][k] for k in ("date", "reason")} == {"date": today_jst().isoformat(),
                                                                              "reason": "工事の中止"}
    assert cancelled == check_response(get_guarantee(api, surety_token, gid), *GET_ONE, 200)

    error = check_response(cancel(api, surety_token, gid, {"reason": "別の理由", "date": "2030-01-01"}),
                           *CANCEL, 409)["error"]
    assert error["code"] == "already_cancelled"
    error = check_response(amend(api, surety_token, gid, amendment()), *AMEND, 409)["error"]
    assert error["code"] == "guarantee_cancelled"
    after = check_response(get_guarantee(api, surety_token, gid), *GET_ONE, 200)
    assert after["cancellation"] == cancelled["cancellation"] and after["latest_version"] == 1


# ---- (c) real responses: what a key shows, receipts ------------------------------------

def test_verify_an_old_key_shows_its_own_version_and_a_superseded_banner(api, surety_token, issue_guarantee):
    issued = issue_guarantee()
    gid = issued["guarantee"]["guarantee_id"]
    amended = check_response(amend(api, surety_token, gid, amendment("increase", {"amount": 25_000_000})), *AMEND, 201)

    old_response = verify(api, key_body(issued))
    old = check_response(old_response, *VERIFY, 200)
    assert old["certificate"] == {**issued["guarantee"], "status": "superseded", "status_label": "変更済み"}
    assert old["guarantee"] == {"version": 1, "latest_version": 2, "status": "superseded", "status_label": "変更済み",
                                "cancellation": None}
    assert old["banner"]["kind"] == "superseded" and "第1回変更" in old["banner"]["message"]
    assert [h["version"] for h in old["history"]] == [1] and old["receipt"] is None
    # Nothing of version 2's content reaches the old key, not even inside the signature.
    signed = json.loads(base64.urlsafe_b64decode(old["jws"].split(".")[1] + "=="))
    assert signed["version"] == 1 and signed["certificate"] == issued["guarantee"]
    text = json.dumps({k: v for k, v in old.items() if k != "jws"}, ensure_ascii=False)
    assert "25000000" not in text and "25,000,000" not in text

    new = check_response(verify(api, key_body(amended)), *VERIFY, 200)
    assert new["certificate"] == amended["guarantee"] and new["banner"] is None
    assert [h["kind"] for h in new["history"]] == ["issued", "amended"]
    assert new["history"][1]["changes"] == [{"field": "amount", "label": "保証金額",
                                             "before": "22,000,000円", "after": "25,000,000円"}]


def test_verify_a_cancelled_guarantee(api, surety_token, issue_guarantee):
    issued = issue_guarantee()
    check_response(cancel(api, surety_token, issued["guarantee"]["guarantee_id"]), *CANCEL, 200)
    shown = check_response(verify(api, key_body(issued)), *VERIFY, 200)
    assert shown["certificate"]["status"] == shown["guarantee"]["status"] == "cancelled"
    assert shown["guarantee"]["cancellation"]["reason"] == "工事の中止"
    assert shown["banner"]["kind"] == "cancelled"
    error = check_response(post_receipt(api, receipt_body(issued)), *RECEIPT, 409)["error"]
    assert error["code"] == "receipt_not_allowed"


def test_verify_and_receipt_of_an_expired_guarantee(api, surety_token):
    moment = dt.datetime(2024, 7, 1, 3, 0, tzinfo=dt.timezone.utc)
    with clock_at(moment):
        from devtools.demo import demo_request
        body = demo_request(f"T-{uuid.uuid4().hex[:12].upper()}", moment.date())
        issued = check_response(issue(api, surety_token, body), *ISSUE, 201)
    shown = check_response(verify(api, key_body(issued)), *VERIFY, 200)
    assert (shown["guarantee"]["status"], shown["banner"]["kind"]) == ("expired", "expired")
    error = check_response(post_receipt(api, receipt_body(issued)), *RECEIPT, 409)["error"]
    assert error["code"] == "receipt_not_allowed"


def test_receipt_201_then_200_once_per_version(api, surety_token, issue_guarantee):
    issued = issue_guarantee()
    first = check_response(post_receipt(api, receipt_body(issued, note="原本を受領")), *RECEIPT, 201)
    assert first["newly_recorded"] is True
    assert first["receipt"]["orderer"] == "佐久市" and first["receipt"]["label"].startswith("受領済み（佐久市 契約検査課、")
    second = check_response(post_receipt(api, receipt_body(issued, department="建設課", name="別の 担当")), *RECEIPT, 200)
    assert second == {"receipt": first["receipt"], "newly_recorded": False}  # the first one, unchanged
    assert check_response(verify(api, key_body(issued)), *VERIFY, 200)["receipt"] == first["receipt"]
    # The clerk's note is for the surety only.
    assert "note" not in first["receipt"]
    versions = check_response(get_guarantee(api, surety_token, issued["guarantee"]["guarantee_id"]), *GET_ONE, 200)
    assert versions["versions"][0]["receipt"] == {**first["receipt"], "note": "原本を受領"}


def test_receipt_409_on_an_old_version_after_an_amendment(api, surety_token, issue_guarantee):
    issued = issue_guarantee()
    gid = issued["guarantee"]["guarantee_id"]
    amended = check_response(amend(api, surety_token, gid, amendment()), *AMEND, 201)
    error = check_response(post_receipt(api, receipt_body(issued)), *RECEIPT, 409)["error"]
    assert error["code"] == "receipt_not_allowed"
    recorded = check_response(post_receipt(api, receipt_body(amended)), *RECEIPT, 201)["receipt"]
    versions = check_response(get_guarantee(api, surety_token, gid), *GET_ONE, 200)["versions"]
    assert [v["receipt"] for v in versions] == [None, recorded]


@pytest.mark.parametrize("change, code, field", [
    (lambda b: b.pop("department"), "missing_field", "department"),
    (lambda b: b.update(department="   "), "missing_field", "department"),
    (lambda b: b.update(name="佐" * 51), "too_long", "name"),
    (lambda b: b.update(note="n" * 201), "too_long", "note"),
    (lambda b: b.update(name="佐久\u202e花子"), "invalid_character", "name"),
    (lambda b: b.update(department=1), "invalid_type", "department"),
    (lambda b: b.update(extra=1), "unknown_field", "extra"),
], ids=["no department", "blank department", "long name", "long note", "bidi name", "number", "extra"])
def test_receipt_400(api, issue_guarantee, change, code, field):
    issued = issue_guarantee()
    body = receipt_body(issued)
    change(body)
    error = check_response(post_receipt(api, body), *RECEIPT, 400)["error"]
    assert (code, field) in {(d["code"], d.get("field")) for d in error.get("details", [error])}
    # Nothing was recorded.
    assert check_response(verify(api, key_body(issued)), *VERIFY, 200)["receipt"] is None


@pytest.mark.parametrize("raw, code", [(b"", "invalid_json"), (b"null", "invalid_body"), (b"[]", "invalid_type")])
def test_receipt_400_unreadable_bodies(api, raw, code):
    assert check_response(post_receipt(api, raw=raw), *RECEIPT, 400)["error"]["code"] == code


def test_receipt_404_wrong_key(api, issue_guarantee):
    from chalicelib.domain import authkey
    body = receipt_body(issue_guarantee())
    body["auth_key"] = authkey.display(authkey.generate())
    assert check_response(post_receipt(api, body), *RECEIPT, 404)["error"]["code"] == "not_found"


# ---- (c) real responses: what a surety reads -------------------------------------------

def test_get_guarantee_200_every_version(api, surety_token, issue_guarantee):
    issued = issue_guarantee()
    gid = issued["guarantee"]["guarantee_id"]
    amended = check_response(amend(api, surety_token, gid, amendment("increase", {"amount": 25_000_000},
                                                                     note="増額")), *AMEND, 201)
    receipt = check_response(post_receipt(api, receipt_body(amended)), *RECEIPT, 201)["receipt"]
    got = check_response(get_guarantee(api, surety_token, gid), *GET_ONE, 200)
    assert (got["guarantee_id"], got["contract_number"]) == (gid, issued["guarantee"]["contract_number"])
    assert (got["latest_version"], got["status"], got["cancellation"]) == (2, "valid", None)
    assert [v["label"] for v in got["versions"]] == ["新規", "第1回変更"]
    assert got["versions"][0]["certificate"] == {**issued["guarantee"], "status": "superseded",
                                                 "status_label": "変更済み"}
    assert got["versions"][1]["certificate"] == amended["guarantee"]
    assert got["versions"][0]["amendment"] is None
    assert {k: got["versions"][1]["amendment"][k] for k in ("reason", "note")} == {"reason": "increase", "note": "増額"}
    assert [v["receipt"] for v in got["versions"]] == [None, receipt]
    assert [h["version"] for h in got["history"]] == [1, 2]


def test_events_200_every_page_once(api, surety_token, issue_guarantee):
    from chalicelib.domain import authkey
    issued = issue_guarantee()
    gid = issued["guarantee"]["guarantee_id"]
    check_response(verify(api, key_body(issued)), *VERIFY, 200)
    check_response(verify(api, {**key_body(issued), "auth_key": authkey.display(authkey.generate())}), *VERIFY, 404)
    assert post_for_pdf(api, NOTICES[0], key_body(issued)).status_code == 200
    assert post_for_pdf(api, COPIES[0], key_body(issued)).status_code == 200
    amended = check_response(amend(api, surety_token, gid, amendment()), *AMEND, 201)
    check_response(post_receipt(api, receipt_body(amended)), *RECEIPT, 201)
    check_response(cancel(api, surety_token, gid), *CANCEL, 200)

    whole = check_response(get_events(api, surety_token, gid, limit=100), *EVENTS, 200)
    assert whole["next_cursor"] is None
    assert [e["type"] for e in whole["events"]] == [
        "issued", "verification", "verification", "verification", "amended", "verification", "receipt",
        "cancelled"]
    assert [(e["outcome"], e["purpose"], e["actor"]["kind"]) for e in whole["events"] if e["type"] == "verification"] == [
        ("success", "verify", "orderer"), ("success", "notice", "key_holder"),
        ("success", "copy", "key_holder"), ("success", "receipt", "orderer")]
    paged, pages = every_page(lambda cursor: get_events(api, surety_token, gid, limit=1,
                                                        **({"cursor": cursor} if cursor else {})), EVENTS, "events")
    assert paged == whole["events"]  # each event exactly once, in order
    assert pages >= len(whole["events"])


def test_list_by_orderer_and_by_contractor_follow_next_cursor(api, surety_token):
    """A surety of its own, so the lists hold exactly what this test issued."""
    token = new_surety("openapi-list-surety", "一覧テスト保証株式会社")
    contractor = {"name": "浅間建設株式会社", "address": "長野県佐久市中込1丁目1番1号",
                  "representative": "代表取締役 佐久 太郎", "corporate_number": "7000012050002"}
    with_number = [check_response(issue(api, token, guarantee_request(contractor=contractor)), *ISSUE, 201)
                   for _ in range(2)]
    without = check_response(issue(api, token, guarantee_request()), *ISSUE, 201)
    ids = lambda items: [i["guarantee_id"] for i in items]  # noqa: E731

    by_orderer, pages = every_page(lambda cursor: list_guarantees(
        api, token, orderer="202177", limit=1, **({"cursor": cursor} if cursor else {})), LIST, "guarantees")
    assert len(ids(by_orderer)) == len(set(ids(by_orderer))) == 3 and pages >= 3
    assert set(ids(by_orderer)) == {g["guarantee"]["guarantee_id"] for g in (*with_number, without)}
    assert [g["created_at"] for g in by_orderer] == sorted((g["created_at"] for g in by_orderer), reverse=True)
    assert check_response(list_guarantees(api, token, orderer="202177"), *LIST, 200) == {
        "guarantees": by_orderer, "next_cursor": None}

    by_contractor, _ = every_page(lambda cursor: list_guarantees(
        api, token, contractor="7000012050002", limit=1, **({"cursor": cursor} if cursor else {})), LIST, "guarantees")
    assert sorted(ids(by_contractor)) == sorted(g["guarantee"]["guarantee_id"] for g in with_number)
    assert all(g["status"] == "active" and g["latest_version"] == 1 for g in by_contractor)

    # The test surety's own lists never show this surety's guarantees, and vice versa.
    mine = check_response(list_guarantees(api, surety_token, contractor="7000012050002", limit=100), *LIST, 200)
    assert not set(ids(mine["guarantees"])) & set(ids(by_orderer))


def test_list_by_contractor_follows_an_amended_corporate_number(api):
    token = new_surety("openapi-corporate-surety", "法人番号テスト保証株式会社")
    issued = check_response(issue(api, token, guarantee_request()), *ISSUE, 201)  # no 法人番号
    gid = issued["guarantee"]["guarantee_id"]
    changes = {"contractor": {"corporate_number": "7000012050002"}}
    check_response(amend(api, token, gid, amendment("other", changes)), *AMEND, 201)
    listed = check_response(list_guarantees(api, token, contractor="7000012050002"), *LIST, 200)["guarantees"]
    assert gid in [g["guarantee_id"] for g in listed]


def test_list_and_events_400_invalid_cursor(api, surety_token, other_token, issue_guarantee):
    token = new_surety("openapi-cursor-surety", "カーソルテスト保証株式会社")
    contractor = {**guarantee_request()["contractor"], "corporate_number": "7000012050002"}
    for _ in range(2):
        check_response(issue(api, token, guarantee_request(contractor=contractor)), *ISSUE, 201)
    orderer_cursor = check_response(list_guarantees(api, token, orderer="202177", limit=1), *LIST, 200)["next_cursor"]
    contractor_cursor = check_response(list_guarantees(api, token, contractor="7000012050002", limit=1),
                                       *LIST, 200)["next_cursor"]
    assert orderer_cursor and contractor_cursor
    first, second = (issue_guarantee()["guarantee"]["guarantee_id"] for _ in range(2))
    events_cursor = check_response(get_events(api, surety_token, first, limit=1), *EVENTS, 200)["next_cursor"]
    assert events_cursor
    # The cursors work where they came from.
    check_response(list_guarantees(api, token, orderer="202177", limit=1, cursor=orderer_cursor), *LIST, 200)
    check_response(get_events(api, surety_token, first, limit=1, cursor=events_cursor), *EVENTS, 200)

    tampered = orderer_cursor[:-1] + ("0" if orderer_cursor[-1] != "0" else "1")
    body, _, signature = orderer_cursor.partition(".")
    forged_body = body[:-2] + ("AA" if body[-2:] != "AA" else "BB") + "." + signature
    attempts = [
        (list_guarantees(api, token, orderer="202177", cursor=tampered), LIST),
        (list_guarantees(api, token, orderer="202177", cursor=forged_body), LIST),
        (list_guarantees(api, token, orderer="202177", cursor="not-a-cursor"), LIST),
        (list_guarantees(api, token, orderer="202177", cursor="あ.b"), LIST),
        # Valid cursors of another list: another index, another surety, another guarantee's events.
        (list_guarantees(api, token, orderer="202177", cursor=contractor_cursor), LIST),
        (list_guarantees(api, token, contractor="7000012050002", cursor=orderer_cursor), LIST),
        (list_guarantees(api, other_token, orderer="202177", cursor=orderer_cursor), LIST),
        (list_guarantees(api, token, orderer="202177", cursor=events_cursor), LIST),
        (get_events(api, surety_token, second, cursor=events_cursor), EVENTS),
        (get_events(api, surety_token, first, cursor=orderer_cursor), EVENTS),
    ]
    for response, where in attempts:
        error = check_response(response, *where, 400)["error"]
        assert (error["code"], error["field"]) == ("invalid_cursor", "cursor")


@pytest.mark.parametrize("limit", ["0", "101", "abc", "1.5", "-1", "+5", "１"])
def test_list_and_events_400_invalid_limit(api, surety_token, issue_guarantee, limit):
    gid = issue_guarantee()["guarantee"]["guarantee_id"]
    for response, where in ((list_guarantees(api, surety_token, orderer="202177", limit=limit), LIST),
                            (get_events(api, surety_token, gid, limit=limit), EVENTS)):
        error = check_response(response, *where, 400)["error"]
        assert (error["code"], error["field"]) == ("invalid_limit", "limit")
    limit_schema = deref(pointer("components", "parameters", "Limit"))[0] + "/schema"
    for out_of_range in (0, 101):
        assert schema_errors(limit_schema, out_of_range)


@pytest.mark.parametrize("query, code, field", [
    ({}, "invalid_query", "orderer"),
    ({"orderer": "202177", "contractor": "7000012050002"}, "invalid_query", "orderer"),
    ({"orderer": "131016"}, "orderer_not_found", "orderer"),
    ({"contractor": "123"}, "invalid_corporate_number", "contractor"),
    ({"contractor": "8000012050002"}, "invalid_corporate_number", "contractor"),
])
def test_list_400_query(api, surety_token, query, code, field):
    error = check_response(list_guarantees(api, surety_token, **query), *LIST, 400)["error"]
    assert (error["code"], error["field"]) == (code, field)


# ---- (d) what the server answers to each kind of body -----------------------------------

# (dotted path, value): requests the document accepts and the server issues.
ACCEPTED = [
    ("contractor.corporate_number", VALID_CORPORATE_NUMBER),
    ("contractor.corporate_number", None),
    ("contractor.corporate_number", ""),
    ("contractor.corporate_number", " " * 13),  # a fixed-width column with no number in it
    ("contractor.corporate_number", f" {VALID_CORPORATE_NUMBER}　"),
    ("project.name", "工" * 200),
    ("amount", 55_000_000),  # equal to the contract price
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
    ("orderer_id", "2021770", "too_long"),
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
    assert change["label"]["enum"] == [c[1] for c in guarantee._CHANGEABLE]


def _amendment_with(path: str, value, issued: dict) -> dict:
    """A valid amendment body with the value at a dotted path replaced (DELETE removes it);
    under `changes` only the given change is made (reason `other`). A callable value is
    computed from the issued certificate (its dates depend on today)."""
    body = amendment("other", {}) if path.split(".")[0] == "changes" else amendment("increase", {"amount": 25_000_000})
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
    ("changes.amount", 20_000_000),
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


def test_every_bad_query_value_is_named_at_once(api, surety_token):
    response = list_guarantees(api, surety_token, orderer="202177", cursor="", limit="0")
    error = check_response(response, *LIST, 400)["error"]
    assert [(d["code"], d["field"]) for d in error["details"]] == [("invalid_cursor", "cursor"), ("invalid_limit", "limit")]


def test_the_ledger_state_filter_is_checked_against_its_schema(api):
    headers = staff_headers(api)
    for path, where in (("/v1/staff/receipts", LEDGER), ("/v1/staff/receipts.csv", LEDGER_CSV)):
        for state in ("", "VALID", "open"):
            error = check_response(api.get(f"{path}?{urlencode({'state': state})}", headers=headers), *where, 400)["error"]
            assert (error["code"], error["field"]) == ("invalid_query", "state"), (path, state)


def test_a_number_too_long_for_int_is_a_refusal_not_a_server_error(api, surety_token):
    """Python refuses to read a string of over 4,300 digits as an int: that must stay a 400."""
    error = check_response(list_guarantees(api, surety_token, orderer="202177", limit="9" * 5000), *LIST, 400)["error"]
    assert (error["code"], error["field"]) == ("invalid_limit", "limit")


def test_a_receipt_version_that_is_no_number_is_not_found(api):
    headers = staff_headers(api)
    for version in ("²", "١", "9" * 5000, "0"):
        response = api.get(f"/v1/staff/receipts/g{'0' * 25}/{version}", headers=headers)
        assert response.status_code == 404, (version, response.status_code)
