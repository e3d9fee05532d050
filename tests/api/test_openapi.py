"""The OpenAPI document (api/chalicelib/openapi.yaml) is true of the real application.

(a) it is a valid OpenAPI 3.1 document;
(b) its paths and methods are exactly the Chalice route table;
(c) real responses of the app (on DynamoDB Local) validate against the documented schema
    and headers for their path, method and status, and their error codes are documented;
(d) the documented request schemas are as strict as the server for every rule JSON Schema
    can express, and the rules it cannot express are listed (and shown to be enforced).
"""
from __future__ import annotations

import json
import re
import unicodedata
import uuid

import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from support import REPO, TEST_SURETY_ID, guarantee_request, issue_headers, post_json

SPEC_PATH = REPO / "api" / "chalicelib" / "openapi.yaml"
SPEC = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
# A hierarchical URI, so that '#/components/schemas/...' inside the document resolves
# against it (urljoin does not join relative references onto a urn:).
SPEC_URI = "https://e-guarantee.invalid/openapi.yaml"
REGISTRY = Registry().with_resource(SPEC_URI, Resource.from_contents(SPEC, default_specification=DRAFT202012))
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
ALWAYS_HEADERS = ("Cache-Control", "X-Content-Type-Options")

ISSUE = ("/v1/guarantees", "post")
VERIFY = ("/v1/verifications", "post")
ORDERERS = ("/v1/orderers", "get")


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

def corporate_number(base12: str) -> str:
    """A valid 法人番号: the check digit (国税庁の計算式) followed by twelve digits."""
    total = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(base12), start=1))
    return str(9 - total % 9) + base12


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


# ---- (a) the document itself -----------------------------------------------------------

def test_document_is_valid_openapi_3_1():
    assert SPEC["openapi"] == "3.1.0"
    validate_openapi(SPEC)
    assert SPEC["info"]["title"] == "電子保証ポータル API"
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
    assert at(pointer("paths", *ISSUE))["security"] == [{"bearerAuth": []}]
    assert SPEC["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    for public in (VERIFY, ORDERERS):
        assert at(pointer("paths", *public))["security"] == []
    parameter = deref(pointer("paths", *ISSUE, "parameters", 0))[1]
    assert (parameter["name"], parameter["in"], parameter["required"]) == ("Idempotency-Key", "header", True)


def test_every_response_declares_the_common_headers_and_error_shape():
    for path, method, status, ptr, response in all_responses():
        where = f"{method.upper()} {path} {status}"
        for name in ALWAYS_HEADERS:
            header = deref(ptr + pointer("headers", name))[1]
            assert header["required"] is True, where
        if int(status) >= 400:
            assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}, where
            codes = response.get("x-error-codes")
            assert codes, f"{where}: list the error codes in x-error-codes"
            for code in codes:
                assert f"`{code}`" in response["description"], f"{where}: describe `{code}`"


def _codes_in_source() -> set[str]:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "api" / "chalicelib").glob("*.py"))
    patterns = [
        r'PortalError\(\s*"([a-z_]+)"',
        r'FieldError\(\s*"([a-z_]+)"',
        r'conflict\(\s*"([a-z_]+)"',
        r'\.fail\(\s*[^,()]+,\s*"([a-z_]+)"',
        r'code: str = "([a-z_]+)"',
        r':\s*\(\s*"([a-z_]+)",',  # verification._KEY_MESSAGES
    ]
    return {code for pattern in patterns for code in re.findall(pattern, source, re.S)}


def test_documented_error_codes_are_exactly_those_in_the_code():
    in_source = _codes_in_source()
    assert {"unauthorized", "not_found", "auth_key_typo", "orderer_not_accepting"} <= in_source  # the scan works
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
    from chalicelib import sureties
    _, read_only = sureties.create_token(TEST_SURETY_ID, ["read"], label="openapi test, read only")
    error = check_response(issue(api, read_only, guarantee_request()), *ISSUE, 403)["error"]
    assert error["code"] == "forbidden"


def test_413_payload_too_large(api, surety_token):
    big = {"contract_number": "A" * 70_000, "auth_key": "x"}
    assert check_response(issue(api, surety_token, big), *ISSUE, 413)["error"]["code"] == "payload_too_large"
    assert check_response(verify(api, big), *VERIFY, 413)["error"]["code"] == "payload_too_large"


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
    from chalicelib.authkey import ALPHABET
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
    from chalicelib import authkey
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


def test_503_when_the_store_is_unavailable(api, surety_token, issue_guarantee, monkeypatch):
    # DynamoDB cannot be stopped under a shared session; make the store report what the
    # real wrapper raises on an engine failure, and let the real edge render it.
    from chalicelib import store
    issued = issue_guarantee()

    def unavailable(*args, **kwargs):
        raise store.StoreUnavailable("test")

    monkeypatch.setattr(store, "find_by_key", unavailable)
    monkeypatch.setattr(store, "get_idempotent_result", unavailable)
    body = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"]}
    for response, where in ((verify(api, body), VERIFY),
                            (issue(api, surety_token, guarantee_request()), ISSUE)):
        assert check_response(response, *where, 503)["error"]["code"] == "service_unavailable"
        assert int(response.headers["Retry-After"]) > 0


def test_500_is_documented_and_reveals_nothing(api, monkeypatch):
    from chalicelib import orderers, verification

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail that must not leak")

    monkeypatch.setattr(verification, "verify", broken)
    monkeypatch.setattr(orderers, "all_orderers", broken)
    for response, where in ((verify(api, {"contract_number": "SAKU-2024-0001", "auth_key": "x"}), VERIFY),
                            (api.get(ORDERERS[0]), ORDERERS)):
        assert check_response(response, *where, 500)["error"]["code"] == "internal_error"
        assert b"secret detail" not in response.body


def test_wrong_content_type_is_answered_in_the_documented_shape(api):
    response = api.post(VERIFY[0], body=b'{"contract_number": "SAKU-2024-0001", "auth_key": "x"}',
                        headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert check_response(response, *VERIFY)["error"]["code"] == "unsupported_media_type"


# ---- (d) the request schemas are as strict as the server ------------------------------

def test_issuance_schema_accepts_the_standard_request():
    assert schema_errors(request_schema(*ISSUE), guarantee_request()) == []


def test_issuance_schema_rejects_unknown_fields_and_string_amounts():
    assert schema_errors(request_schema(*ISSUE), guarantee_request(note="x"))
    assert schema_errors(request_schema(*ISSUE), guarantee_request(amount="22000000"))


# (dotted path, value): requests the document accepts and the server issues.
ACCEPTED = [
    ("contractor.corporate_number", VALID_CORPORATE_NUMBER),
    ("contractor.corporate_number", None),
    ("contractor.corporate_number", ""),
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
def test_document_and_server_accept(api, surety_token, path, value):
    body = mutated(path, value)
    assert schema_errors(request_schema(*ISSUE), body) == []
    check_response(issue(api, surety_token, body), *ISSUE, 201)


@pytest.mark.parametrize("path, value, code", REJECTED, ids=[f"{p}:{c}" for p, _, c in REJECTED])
def test_document_and_server_reject(api, surety_token, path, value, code):
    body = mutated(path, value)
    assert schema_errors(request_schema(*ISSUE), body), "the document accepts what the server rejects"
    error = check_response(issue(api, surety_token, body), *ISSUE, 400)["error"]
    assert code in [d["code"] for d in error.get("details", [error])]


@pytest.mark.parametrize("path, value, code", SERVER_ONLY, ids=[f"{p}:{c}" for p, _, c in SERVER_ONLY])
def test_rules_only_the_server_checks_are_described(api, surety_token, path, value, code):
    body = mutated(path, value)
    assert schema_errors(request_schema(*ISSUE), body) == []
    error = check_response(issue(api, surety_token, body), *ISSUE, 400)["error"]
    assert code in [d["code"] for d in error.get("details", [error])]
    assert f"`{code}`" in SPEC["components"]["schemas"]["IssuanceRequest"]["description"]


def test_verification_schema_is_as_strict_as_the_server(api):
    schema = request_schema(*VERIFY)
    assert schema_errors(schema, {"contract_number": "SAKU-2024-0001", "auth_key": "GW5F-BHQ5-ZSTX-6522-1XXS-Z5ZV-9GQQ"}) == []
    for body in ({"contract_number": "SAKU-2024-0001", "auth_key": "x", "extra": 1},
                 {"contract_number": "SAKU-2024-0001"},
                 {"contract_number": "SAKU-2024-0001", "auth_key": 1234},
                 {"contract_number": 1234, "auth_key": "x"},
                 {"contract_number": "SAKU-2024-0001", "auth_key": ""}):
        assert schema_errors(schema, body), body
        check_response(verify(api, body), *VERIFY, 400)


def test_forbidden_characters_match_the_server():
    """The document's list of forbidden characters is the server's, for the whole BMP."""
    from chalicelib.validation import _is_forbidden_char
    forbidden = re.compile(SPEC["components"]["schemas"]["PlainText"]["not"]["pattern"])
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue  # lone surrogates: not text
        ch = chr(cp)
        if forbidden.search(ch):
            assert _is_forbidden_char(ch), f"U+{cp:04X} is rejected by the document only"
        elif unicodedata.category(ch) in ("Cc", "Cf", "Co"):
            assert not _is_forbidden_char(ch), f"U+{cp:04X} is rejected by the server only"
