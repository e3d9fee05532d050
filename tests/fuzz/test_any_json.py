"""Any JSON at all, in any place of a real body: never a 5xx.

Schemathesis generates from the document, so it stays near its shapes. Here hypothesis
replaces one place of a valid body of every operation with arbitrary JSON (nested values,
odd numbers, any Unicode including lone surrogates and control characters), or sends
arbitrary JSON as the whole body, through the Chalice app on DynamoDB Local. Every answer must
be a documented 4xx/2xx in the error shape, never a server error.
"""
from __future__ import annotations

import json
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from support import guarantee_request, issue_headers, places, replaced, report_line, staff_headers

EXAMPLES = 150

# Integers up to 10**300: far past any amount, within what Python prints (4,300 digits).
scalars = (st.none() | st.booleans() | st.integers(min_value=-10**300, max_value=10**300)
           | st.integers(min_value=-2**70, max_value=2**70)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text() | st.text(alphabet=st.characters(
               codec=None, categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Nd")))  # Cn: U+FFFE, U+FFFF too
           | st.text(min_size=300, max_size=2000))  # far past every length limit
any_json = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


def _bodies(token, issued, api):
    # A real guarantee: bodies that survive the checks reach the store and the key check.
    KEY = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"]}
    gid = issued["guarantee"]["guarantee_id"]
    amendment = {"base_version": 1, "reason": "increase", "effective_date": "2099-01-01",
                 "changes": {"amount": 25_000_000, "project": {"period": {"end": "2025-03-31"}}}}
    return {
        "issue": ("/v1/guarantees", issue_headers(token), guarantee_request),
        "amend": (f"/v1/guarantees/{gid}/amendments", issue_headers(token), lambda: amendment),
        "cancel": (f"/v1/guarantees/{gid}/cancellation", issue_headers(token),
                   lambda: {"reason": "工事の中止", "date": "2099-01-01"}),
        "verify": ("/v1/verifications", {}, lambda: dict(KEY)),
        "receipt": ("/v1/receipts", staff_headers(api), lambda: {**KEY, "department": "契約検査課", "name": "佐久 花子"}),
        "notice": ("/v1/notices", {"Accept": "application/pdf"}, lambda: dict(KEY)),
        "copy": ("/v1/certificate-copies", {"Accept": "application/pdf"}, lambda: dict(KEY)),
    }


def _instrument_bodies(token_for_kind, issue_instrument):
    """Issuance of the two instruments with parts of their own (特約, the bank's branch) by their
    issuers, and an amendment of each: every place of riders and guarantor_branch gets any JSON."""
    bodies = {}
    for kind in ("performance_insurance", "bank_guarantee"):
        headers = issue_headers(token_for_kind(kind))
        issued = issue_instrument(kind)
        changes = {"riders": ["公共工事履行保証特約"]} if kind == "performance_insurance" else {
            "guarantor_branch": {"name": "小諸支店", "representative": "支店長 小諸 花子"}}
        amendment = {"base_version": 1, "reason": "other", "effective_date": issued["guarantee"]["issue_date"],
                     "changes": changes}
        bodies[f"issue {kind}"] = ("/v1/guarantees", headers, lambda kind=kind: guarantee_request(kind=kind))
        bodies[f"amend {kind}"] = (f"/v1/guarantees/{issued['guarantee']['guarantee_id']}/amendments", headers,
                                   lambda amendment=amendment: amendment)
    return bodies


@pytest.mark.parametrize("name", ["issue", "amend", "cancel", "verify", "receipt", "notice", "copy",
                                  "issue performance_insurance", "amend performance_insurance",
                                  "issue bank_guarantee", "amend bank_guarantee"])
def test_any_json_anywhere_is_never_a_server_error(api, surety_token, issue_guarantee, token_for_kind,
                                                   issue_instrument, request, name):
    if name.endswith(("performance_insurance", "bank_guarantee")):
        path, headers, valid = _instrument_bodies(token_for_kind, issue_instrument)[name]
    else:
        path, headers, valid = _bodies(surety_token, issue_guarantee(), api)[name]
    where_to = list(places(valid()))
    statuses: Counter = Counter()

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    # None: the whole body is the value; "as is": the valid body, so that the paths past the
    # checks (store, key check, rate limits) are exercised in the same run.
    # escaped: a lone surrogate written as JSON's \\ud800 (valid UTF-8, no Unicode text);
    # raw: the same written as bytes that are not UTF-8.
    @given(where=st.sampled_from([None, "as is", *where_to]), value=any_json, escaped=st.booleans())
    def one(where, value, escaped):
        body = value if where is None else valid() if where == "as is" else replaced(valid(), where, value)
        raw = json.dumps(body, ensure_ascii=escaped).encode("utf-8", "surrogatepass")
        response = api.post(path, body=raw, headers={"Content-Type": "application/json", **headers})
        statuses[response.status_code] += 1
        assert response.status_code < 500, (where, body, response.body[:300])
        if response.status_code >= 400:
            error = json.loads(response.body)["error"]
            assert error["code"] and error["message"], error

    one()
    report_line(request, f"[any JSON] {name}: {sum(statuses.values())} bodies, statuses {dict(sorted(statuses.items()))}")
