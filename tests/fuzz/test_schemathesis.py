"""Schemathesis against the running API: the OpenAPI document is the only guide.

Every operation of api/chalicelib/openapi.yaml (loaded from the file) is fuzzed over real
HTTP against the local portal (`portal_url` + `/api`: the threaded server, the Chalice app,
DynamoDB Local), with cases generated from the document in both of schemathesis' modes:
positive (data the document allows) and negative (data it forbids). The surety endpoints get
the test surety's bearer token; the Idempotency-Key is the generated one (valid in positive
mode, invalid in negative mode).

So that the fuzzing reaches past the first validation, part of the positive cases target
real data: the `{guarantee_id}` operations one of the test surety's own guarantees, the
listing a real orderer, the key endpoints a real 保証契約番号 and 認証キー (with
`Accept: application/pdf` for the PDF ones), issuance a valid body under the generated
Idempotency-Key, of any of the six kinds, each sent with the token of the issuer of its type (as is
every generated issuance naming a kind: its riders and guarantor_branch reach the domain's checks).
Expected 4xx answers are fine; every answer must
pass the checks:
- not_a_server_error (no 5xx),
- status_code_conformance (the status is documented for the operation),
- response_schema_conformance (the body matches the documented schema),
- content_type_conformance and response_headers_conformance (documented type and headers),
- negative_data_rejection (what the document forbids — an empty `cursor=`, a body of another
  media type — is refused with a 4xx, never served).

Failures are collected, not raised at the first one, and reported together per operation.
"""
from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (content_type_conformance, negative_data_rejection, not_a_server_error,
                                 response_headers_conformance, response_schema_conformance, status_code_conformance)

from chalicelib.domain.instruments import INSTRUMENTS
from support import REPO, guarantee_request, report_line

SPEC_PATH = REPO / "api" / "chalicelib" / "openapi.yaml"
SCHEMA = schemathesis.openapi.from_path(SPEC_PATH)
OPERATIONS = {result.ok().label: result.ok() for result in SCHEMA.get_all_operations()}
EXAMPLES_PER_MODE = 50
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance,
          content_type_conformance, response_headers_conformance, negative_data_rejection]
PDF_OPERATIONS = {"POST /v1/notices", "POST /v1/certificate-copies"}
KEY_OPERATIONS = {"POST /v1/verifications", "POST /v1/receipts"} | PDF_OPERATIONS

CASES: Counter = Counter()     # operation -> cases sent
STATUSES: Counter = Counter()  # status class -> answers


@pytest.fixture(scope="module", autouse=True)
def summary(request):
    yield
    if CASES:
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(STATUSES.items()))
        report_line(request, f"[schemathesis {schemathesis.__version__}] {sum(CASES.values())} cases over "
                             f"{len(CASES)} operations ({statuses})")


@pytest.fixture(scope="module")
def targets(issue_guarantee):
    """Real data for the positive cases to reach: two of the test surety's guarantees (one
    for reads and amendments, one that the fuzzed cancellations may cancel)."""
    kept, cancellable = issue_guarantee(), issue_guarantee()
    return {
        "guarantee_id": kept["guarantee"]["guarantee_id"],
        "cancellable_id": cancellable["guarantee"]["guarantee_id"],
        "key_body": {"contract_number": kept["guarantee"]["contract_number"], "auth_key": kept["auth_key"]},
        "orderer": kept["guarantee"]["orderer"]["id"],
    }


def has_inputs(operation) -> bool:
    raw = operation.definition.raw
    return bool(raw.get("parameters") or raw.get("requestBody"))


def strategy(operation, mode: GenerationMode, targets: dict):
    generated = operation.as_strategy(generation_mode=mode)
    if mode is not GenerationMode.POSITIVE:
        return generated
    label = operation.label
    aimed = []
    if "{guarantee_id}" in operation.path:
        gid = targets["cancellable_id"] if label.endswith("/cancellation") else targets["guarantee_id"]
        aimed.append(operation.as_strategy(generation_mode=mode, path_parameters={"guarantee_id": gid}))
    elif label == "GET /v1/guarantees":
        aimed.append(operation.as_strategy(generation_mode=mode, query={"orderer": targets["orderer"]}))
    elif label in KEY_OPERATIONS and label != "POST /v1/receipts":
        headers = {"Accept": "application/pdf"} if label in PDF_OPERATIONS else None
        aimed.append(operation.as_strategy(generation_mode=mode, body=targets["key_body"], headers=headers))
    elif label == "POST /v1/receipts":
        aimed.append(operation.as_strategy(generation_mode=mode).map(
            lambda case: _with_key(case, targets["key_body"])))
    elif label == "POST /v1/guarantees":
        aimed.append(operation.as_strategy(generation_mode=mode).flatmap(
            lambda case: st.sampled_from(list(INSTRUMENTS)).map(lambda kind: _with_valid_issuance(case, kind))))
    return st.one_of(generated, *aimed) if aimed else generated


def _with_key(case, key_body: dict):
    """A generated receipt (department, name, note) for the real number and key."""
    if isinstance(case.body, dict):
        case.body = {**case.body, **key_body}
    return case


def _with_valid_issuance(case, kind: str):
    """A valid issuance body of ``kind`` (a new 保証契約番号 each time) under the generated Idempotency-Key."""
    # A 中間前払金 within its 10分の2 of the demo's 55,000,000円.
    case.body = guarantee_request(kind=kind, **({"amount": 11_000_000} if kind == "interim_advance_payment" else {}))
    return case


def _issuer_token(case, surety_token: str, token_for_kind) -> str:
    """The token of the issuer that may issue the body's kind (the test surety's otherwise)."""
    kind = case.body.get("kind") if isinstance(case.body, dict) else None
    if case.operation.label == "POST /v1/guarantees" and isinstance(kind, str) and kind in INSTRUMENTS:
        return token_for_kind(kind)
    return surety_token


def describe(failure: Exception) -> str:
    text = str(failure).strip()
    return text[:1500]


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_every_operation_answers_as_documented(label, portal_url, surety_token, token_for_kind, targets):
    operation = OPERATIONS[label]
    base_url = f"{portal_url}/api"
    secured = bool(operation.definition.raw.get("security"))
    failures: dict[str, str] = {}

    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        if mode is GenerationMode.NEGATIVE and not has_inputs(operation):
            continue  # nothing the document constrains, so nothing to break

        @settings(max_examples=EXAMPLES_PER_MODE, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=strategy(operation, mode, targets))
        def run(case):
            if secured:
                token = _issuer_token(case, surety_token, token_for_kind)
                case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
            response = case.call(base_url=base_url, timeout=30)
            CASES[label] += 1
            STATUSES[f"{response.status_code // 100}xx"] += 1
            try:
                case.validate_response(response, checks=CHECKS)
            # schemathesis raises a FailureGroup: a BaseExceptionGroup, not an Exception.
            except (Exception, BaseExceptionGroup) as e:  # noqa: BLE001 - collected, reported below
                kinds = sorted({type(x).__name__ for x in e.exceptions}) if isinstance(e, BaseExceptionGroup) \
                    else [type(e).__name__]
                key = f"{mode.value} {response.status_code}: {', '.join(kinds)}"  # noqa: B023 - run() runs in this iteration
                failures.setdefault(key, describe(e))

        try:
            run()
        except Unsatisfiable:
            pass  # e.g. a negative mode with nothing left to negate

    assert CASES[label] > 0
    assert not failures, f"{label}: {len(failures)} distinct failures\n\n" + "\n\n".join(
        f"--- {key}\n{detail}" for key, detail in failures.items())
