"""The OpenAPI document (api/chalicelib/openapi.yaml) and the means to hold a real reply against it:
look a part of the document up, validate a value against one of its schemas, check a response's
status, headers, body and error codes (check_response), and the requests the API tests send.

Shared by tests/api/test_openapi.py (the contract) and the use-case tests that check their replies
against the document (import with `from openapi_document import ...`).
"""
from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlencode

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from support import REPO, corporate_number, guarantee_request, issue_headers, post_json, staff_headers

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


def advance_increase(amount: int, price: int = 55_000_000) -> dict:
    """The changes of a 増額 of a 前払金保証 after a 変更契約: the guarantee and the advance up
    together (保証金額 = 前払金額), the 請負代金額 raised where the advance would pass its
    10分の4 (security_rules.py) of ``price``, the price of the version amended."""
    changes: dict = {"amount": amount, "advance": {"amount": amount}}
    if amount * 10 > price * 4:
        changes["project"] = {"contract_price": -(-amount * 10 // 4)}
    return changes


def amendment(reason: str = "increase", changes=None, base_version=1, **extra) -> dict:
    """An amendment body for a guarantee issued from guarantee_request() (22,000,000円 of 55,000,000円)."""
    body = {"base_version": base_version, "reason": reason, "effective_date": today_jst().isoformat(),
            "changes": advance_increase(25_000_000) if changes is None else changes}
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


def _typo(display_key: str) -> str:
    from chalicelib.domain.authkey import ALPHABET
    symbols = list(display_key.replace("-", ""))
    symbols[5] = ALPHABET[(ALPHABET.index(symbols[5]) + 1) % len(ALPHABET)]
    canonical = "".join(symbols)
    return "-".join(canonical[i:i + 4] for i in range(0, 28, 4))
