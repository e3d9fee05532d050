"""Every instrument through the API, issued by the issuer of its type: issue, verify by number and
key in its own paper's words, amend (増額 after a 変更契約, 期間延長), cancel, the signed record and the
issuer's own view; the rules of security_rules.py as refusals with their codes, at issuance and at
amendment; and the cautions an orderer is shown on the result.

The expected words are written out here, not read from domain/instruments.py: a label that
changes there must fail here."""
from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json

import pytest

from chalicelib.domain import authkey, events
from chalicelib.domain.guarantee import Terms, Version
from chalicelib.usecases.common.versions import signed_record
from chalicelib.usecases.issue_guarantee import new_guarantee_id
from chalicelib.usecases.ports.records import IdempotentResult, NewGuarantee
from openapi_document import AMEND, CANCEL, GET_ONE, ISSUE, VERIFY, check_response
from support import (TEST_ISSUERS, TEST_SURETY_ID, TEST_SURETY_NAME, current_store, guarantee_request,
                     issue_headers, post_json, read_issuance)

KINDS = ["advance_payment", "interim_advance_payment", "contract", "performance_bond", "performance_insurance",
         "bank_guarantee"]
CONTRACT_SECURITIES = ["contract", "performance_bond", "performance_insurance", "bank_guarantee"]

# What each paper calls its parts (research28.md): (番号, 金額, 期間, 発注者, the contractor's
# section, the issuer's section, the issuer's name row, 約款 row) and who issues it.
SURETY_WORDS = ("保証契約番号", "保証金額", "保証期間", "発注者", "受注者", "保証会社", "保証会社名", "保証約款")
WORDS = {
    "advance_payment": SURETY_WORDS,
    "interim_advance_payment": SURETY_WORDS,
    "contract": SURETY_WORDS,
    "performance_bond": ("証券番号", "保証金額", "保証期間", "債権者（発注者）", "債務者（受注者）",
                         "保証人（損害保険会社）", "保証人", "保証約款"),
    "performance_insurance": ("証券番号", "保険金額", "保険期間", "被保険者（発注者）", "保険契約者（受注者）",
                              "保険会社", "保険会社名", "普通保険約款"),
    "bank_guarantee": ("保証書番号", "保証金額", "保証期間", "債権者（発注者）", "債務者（受注者）",
                       "保証人（銀行等）", "金融機関名", "保証書の様式"),
}
ISSUER = {"advance_payment": ("surety_company", "保証事業会社", TEST_SURETY_NAME),
          "interim_advance_payment": ("surety_company", "保証事業会社", TEST_SURETY_NAME),
          "contract": ("surety_company", "保証事業会社", TEST_SURETY_NAME),
          "performance_bond": ("insurer", "損害保険会社", TEST_ISSUERS["insurer"][1]),
          "performance_insurance": ("insurer", "損害保険会社", TEST_ISSUERS["insurer"][1]),
          "bank_guarantee": ("bank", "銀行等", TEST_ISSUERS["bank"][1])}
# The demo's amounts of a 55,000,000円 contract: an advance at its ceiling (10分の4, 中間 10分の2),
# a contract security at its tenth.
AMOUNT = {"advance_payment": 22_000_000, "interim_advance_payment": 11_000_000}


def body_for(kind: str, **overrides) -> dict:
    return guarantee_request(kind=kind, **({"amount": AMOUNT[kind]} if kind in AMOUNT else {}), **overrides)


def issue(api, token: str, body: dict):
    return post_json(api, "/v1/guarantees", body, issue_headers(token))


def verify(api, issued: dict) -> dict:
    response = post_json(api, "/v1/verifications", {"contract_number": issued["guarantee"]["contract_number"],
                                                    "auth_key": issued["auth_key"]})
    return check_response(response, *VERIFY, 200)


def amend(api, token: str, issued: dict, reason: str, changes: dict, base_version: int = 1):
    body = {"base_version": base_version, "reason": reason, "effective_date": issued["guarantee"]["issue_date"],
            "changes": changes}
    return post_json(api, f"/v1/guarantees/{issued['guarantee']['guarantee_id']}/amendments", body,
                     issue_headers(token))


def rows(result: dict) -> dict[str, tuple[str, list[str]]]:
    """{row key: (label, lines)} over every section."""
    return {row["key"]: (row["label"], row["lines"]) for section in result["sections"] for row in section["rows"]}


def titles(result: dict) -> dict[str, str]:
    return {section["key"]: section["title"] for section in result["sections"]}


def signed(result: dict) -> dict:
    payload = result["jws"].split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def refusals(response) -> dict[str, tuple[str, str]]:
    """{field: (code, message)} of a 400."""
    assert response.status_code == 400, response.body
    error = response.json_body["error"]
    return {d.get("field"): (d["code"], d["message"]) for d in error.get("details", [error])}


# ---- each instrument's life -------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_each_instrument_is_verified_in_its_own_papers_words(api, token_for_kind, kind):
    issued = check_response(issue(api, token_for_kind(kind), body_for(kind)), *ISSUE, 201)
    result = verify(api, issued)
    number, amount, period, orderer, contractor, issuer, issuer_name, terms = WORDS[kind]
    shown = rows(result)
    assert shown["contract_number"] == (number, [issued["guarantee"]["contract_number"]])
    assert shown["amount"][0] == amount and shown["guarantee_period"][0] == period
    assert shown["orderer"] == (orderer, ["長野県佐久市"])
    assert shown["guarantee_terms"][0] == terms
    assert shown["surety"] == (issuer_name, [ISSUER[kind][2]])
    assert (titles(result)["contractor"], titles(result)["surety"]) == (contractor, issuer)
    surety = result["certificate"]["surety"]
    assert (surety["issuer_type"], surety["issuer_type_label"], surety["name"]) == ISSUER[kind]
    assert result["cautions"] == [] and result["banner"] is None
    # Only a 履行保証保険 names 特約, only a bank's guarantee the branch that gives it: each in the
    # certificate, its rows and the platform's signature over it.
    assert ("riders" in shown, "guarantor_branch" in shown) == (kind == "performance_insurance",
                                                              kind == "bank_guarantee")
    record = signed(result)["certificate"]
    if kind == "performance_insurance":
        assert shown["riders"] == ("特約", ["公共工事履行保証特約"])
        assert record["riders"] == result["certificate"]["riders"] == ["公共工事履行保証特約"]
    if kind == "bank_guarantee":
        assert shown["guarantor_branch"] == ("保証する支店", ["佐久支店", "支店長 信濃 一郎"])
        assert record["guarantor_branch"] == {"name": "佐久支店", "representative": "支店長 信濃 一郎"}
    assert record == issued["guarantee"]


@pytest.mark.parametrize("kind", KINDS)
def test_only_its_issuer_reads_it_back(api, token_for_kind, issuer_tokens, kind):
    issued = check_response(issue(api, token_for_kind(kind), body_for(kind)), *ISSUE, 201)
    gid = issued["guarantee"]["guarantee_id"]
    own = api.get(f"/v1/guarantees/{gid}", headers={"Authorization": f"Bearer {token_for_kind(kind)}"})
    got = check_response(own, *GET_ONE, 200)
    assert got["versions"][0]["certificate"]["kind"] == kind
    assert got["versions"][0]["certificate"]["surety"]["issuer_type"] == ISSUER[kind][0]
    for issuer_type, token in issuer_tokens.items():
        if issuer_type != ISSUER[kind][0]:
            other = api.get(f"/v1/guarantees/{gid}", headers={"Authorization": f"Bearer {token}"})
            assert other.status_code == 404, issuer_type


def raised(kind: str, certificate: dict) -> dict:
    """A 増額 after a 変更契約: the price up a fifth, and the guarantee with it (a 前払金保証's
    advance too: 保証金額 = 前払金額)."""
    price = certificate["project"]["contract_price"] * 6 // 5
    amount = certificate["amount"] * 6 // 5
    changes: dict = {"amount": amount, "project": {"contract_price": price}}
    if kind in AMOUNT:
        changes["advance"] = {"amount": amount}
    return changes


@pytest.mark.parametrize("kind", KINDS)
def test_each_instrument_is_raised_extended_and_cancelled(api, token_for_kind, kind):
    token = token_for_kind(kind)
    issued = check_response(issue(api, token, body_for(kind)), *ISSUE, 201)
    first = issued["guarantee"]

    increase = raised(kind, first)
    second = check_response(amend(api, token, issued, "increase", increase), *AMEND, 201)
    assert (second["guarantee"]["amount"], second["guarantee"]["project"]["contract_price"]) == (
        increase["amount"], increase["project"]["contract_price"])
    now = verify(api, second)
    assert rows(now)["amount"][1][0].startswith(f"{increase['amount']:,}円")
    assert [h["kind"] for h in now["history"]] == ["issued", "amended"] and now["cautions"] == []
    assert now["history"][1]["changes"][0] == {"field": "amount", "label": WORDS[kind][1],
                                               "before": f"{first['amount']:,}円",
                                               "after": f"{increase['amount']:,}円"}
    old = verify(api, issued)
    assert old["guarantee"]["status"] == "superseded" and old["banner"]["kind"] == "superseded"
    assert rows(old)["amount"][1][0].startswith(f"{first['amount']:,}円")

    works_end = dt.date.fromisoformat(first["project"]["period"]["end"]) + dt.timedelta(days=60)
    guarantee_end = dt.date.fromisoformat(first["guarantee_period"]["end"]) + dt.timedelta(days=60)
    extension = {"project": {"period": {"end": works_end.isoformat()}},
                 "guarantee_period": {"end": guarantee_end.isoformat()}}
    third = check_response(amend(api, token, second, "extension", extension, base_version=2), *AMEND, 201)
    shown = verify(api, third)
    assert shown["certificate"]["guarantee_period"]["end"] == guarantee_end.isoformat()
    assert shown["certificate"]["project"]["period"]["end"] == works_end.isoformat()
    assert rows(shown)["guarantee_period"][0] == WORDS[kind][2]
    assert verify(api, second)["guarantee"]["status"] == "superseded"

    cancelled = post_json(api, f"/v1/guarantees/{first['guarantee_id']}/cancellation",
                          {"reason": "契約の解除", "date": first["issue_date"]}, {"Authorization": f"Bearer {token}"})
    check_response(cancelled, *CANCEL, 200)
    for key in (issued, second, third):
        assert verify(api, key)["guarantee"]["status"] == "cancelled"


def test_a_policys_riders_and_a_banks_branch_may_change_by_amendment(api, token_for_kind):
    policy_token = token_for_kind("performance_insurance")
    policy = check_response(issue(api, policy_token, body_for("performance_insurance")), *ISSUE, 201)
    riders = ["公共工事履行保証特約", "前払金返還債務不担保特約"]
    changed = check_response(amend(api, policy_token, policy, "other", {"riders": riders}), *AMEND, 201)
    result = verify(api, changed)
    assert result["certificate"]["riders"] == signed(result)["certificate"]["riders"] == riders
    assert result["history"][1]["changes"] == [{"field": "riders", "label": "特約", "before": "公共工事履行保証特約",
                                                "after": "公共工事履行保証特約、前払金返還債務不担保特約"}]

    bank_token = token_for_kind("bank_guarantee")
    guarantee = check_response(issue(api, bank_token, body_for("bank_guarantee")), *ISSUE, 201)
    branch = {"name": "小諸支店"}
    moved = check_response(amend(api, bank_token, guarantee, "other", {"guarantor_branch": branch}), *AMEND, 201)
    # Replaced as a whole: the old branch's 支店長 is not carried over to the new branch.
    assert verify(api, moved)["certificate"]["guarantor_branch"] == {"name": "小諸支店"}
    assert rows(verify(api, moved))["guarantor_branch"] == ("保証する支店", ["小諸支店"])


@pytest.mark.dynamodb  # the same on DynamoDB Local: 特約 and the bank's branch as its adapter stores them
def test_a_policys_riders_and_a_banks_branch_are_kept_by_dynamodb(api, token_for_kind):
    test_a_policys_riders_and_a_banks_branch_may_change_by_amendment(api, token_for_kind)
    test_each_instrument_is_verified_in_its_own_papers_words(api, token_for_kind, "bank_guarantee")


# ---- refusals at issuance ---------------------------------------------------------------------

@pytest.mark.parametrize("issuer_type, kind", [
    ("surety_company", "performance_bond"),  # a 保証事業会社 issuing an insurer's bond
    ("insurer", "advance_payment"),  # an insurer issuing a 前払金保証
    ("bank", "performance_insurance"),  # a bank issuing a 履行保証保険
    ("insurer", "bank_guarantee"),
])
def test_an_issuer_may_issue_only_its_types_instruments(api, issuer_tokens, issuer_type, kind):
    response = issue(api, issuer_tokens[issuer_type], body_for(kind))
    error = check_response(response, *ISSUE, 400)["error"]
    assert (error["code"], error["field"]) == ("kind_not_for_issuer", "kind")
    own = {"surety_company": "前払金保証・中間前払金保証・契約保証", "insurer": "公共工事履行保証証券・履行保証保険",
           "bank": "銀行等の保証"}[issuer_type]
    issuer_word = {"surety_company": "保証事業会社", "insurer": "損害保険会社", "bank": "銀行等"}[issuer_type]
    kind_word = {"performance_bond": "公共工事履行保証証券", "advance_payment": "前払金保証",
                 "performance_insurance": "履行保証保険", "bank_guarantee": "銀行等の保証"}[kind]
    assert error["message"] == (f"{issuer_word}として登録された発行者は、{kind_word}を発行できません"
                                f"（発行できるのは {own} です）。")


@pytest.mark.parametrize("kind", CONTRACT_SECURITIES)
def test_a_contract_security_needs_a_tenth_of_the_price_rounded_up(api, token_for_kind, kind):
    price = 55_000_001  # a tenth is 5,500,000.1円: 5,500,001円 is the least
    token = token_for_kind(kind)

    def body(amount):
        b = body_for(kind, amount=amount)
        b["project"]["contract_price"] = price
        return b

    check_response(issue(api, token, body(5_500_001)), *ISSUE, 201)
    code, message = refusals(issue(api, token, body(5_500_000)))["amount"]
    assert code == "amount_below_contract_minimum"
    assert "5,500,000円" in message and "55,000,001円" in message and "10分の1（5,500,001円）" in message
    assert WORDS[kind][1] in message  # 保険金額 for a policy


def test_a_1000_yen_guarantee_of_a_20_million_yen_advance_is_refused(api, surety_token):
    # The issue's example: accepted before these checks.
    body = guarantee_request(kind="advance_payment", amount=1_000)
    body["advance"]["amount"] = 20_000_000
    code, message = refusals(issue(api, surety_token, body))["amount"]
    assert code == "amount_differs_from_advance"
    assert message == ("前払金保証の保証金額（1,000円）が前払金額（20,000,000円）と違います。"
                       "保証金額は前払金額と同じ額にしてください。")


@pytest.mark.parametrize("kind, ceiling, share", [("advance_payment", 22_000_000, "10分の4"),
                                                  ("interim_advance_payment", 11_000_000, "10分の2")])
def test_an_advance_is_within_its_share_of_the_price(api, surety_token, kind, ceiling, share):
    check_response(issue(api, surety_token, guarantee_request(kind=kind, amount=ceiling)), *ISSUE, 201)
    code, message = refusals(issue(api, surety_token, guarantee_request(kind=kind, amount=ceiling + 1)))["advance.amount"]
    assert code == "advance_exceeds_limit"
    assert f"{share}（{ceiling:,}円）" in message and f"{ceiling + 1:,}円" in message


@pytest.mark.parametrize("kind", CONTRACT_SECURITIES)
def test_a_contract_securitys_period_must_include_the_works_start(api, token_for_kind, kind):
    body = body_for(kind)
    works_start = dt.date.fromisoformat(body["project"]["period"]["start"])
    body["guarantee_period"]["start"] = (works_start + dt.timedelta(days=1)).isoformat()
    code, message = refusals(issue(api, token_for_kind(kind), body))["guarantee_period.start"]
    assert code == "guarantee_period_starts_after_works_start"
    assert message.startswith(f"{WORDS[kind][2]}の始期") and "工期の始期" in message


@pytest.mark.parametrize("kind, change, field, code", [
    ("performance_bond", {"riders": ["公共工事履行保証特約"]}, "riders", "not_for_kind"),
    ("bank_guarantee", {"riders": ["公共工事履行保証特約"]}, "riders", "not_for_kind"),
    ("performance_insurance", {"riders": ["公共工事履行保証特約", "公共工事履行保証特約"]}, "riders", "duplicate_rider"),
    ("performance_bond", {"guarantor_branch": {"name": "佐久支店"}}, "guarantor_branch", "not_for_kind"),
    ("contract", {"guarantor_branch": {"name": "佐久支店"}}, "guarantor_branch", "not_for_kind"),
    ("bank_guarantee", {"guarantor_branch": None}, "guarantor_branch", "missing_field"),
])
def test_riders_and_the_banks_branch_only_where_the_paper_has_them(api, token_for_kind, kind, change, field, code):
    body = body_for(kind, **change)
    if change.get("guarantor_branch", 0) is None:
        del body["guarantor_branch"]
    found = refusals(issue(api, token_for_kind(kind), body))
    assert found[field][0] == code
    assert not found[field][1].isascii()  # a sentence for the surety's developer, in Japanese


# ---- the same rules at amendment --------------------------------------------------------------

def test_a_decrease_below_a_tenth_is_refused(api, token_for_kind):
    token = token_for_kind("performance_bond")
    issued = check_response(issue(api, token, body_for("performance_bond", amount=8_000_000)), *ISSUE, 201)
    check_response(amend(api, token, issued, "decrease", {"amount": 5_500_000}), *AMEND, 201)
    code, _ = refusals(amend(api, token, issued, "decrease", {"amount": 5_499_999}, base_version=2))["changes.amount"]
    assert code == "amount_below_contract_minimum"
    # A 変更契約 that lowers the price lowers the least with it.
    lower = {"amount": 5_000_000, "project": {"contract_price": 50_000_000}}
    check_response(amend(api, token, issued, "decrease", lower, base_version=2), *AMEND, 201)


def test_a_raised_advance_guarantee_raises_the_advance_within_its_share(api, surety_token):
    issued = check_response(issue(api, surety_token, guarantee_request(amount=20_000_000)), *ISSUE, 201)
    alone = refusals(amend(api, surety_token, issued, "increase", {"amount": 21_000_000}))
    assert alone["changes.amount"][0] == "amount_differs_from_advance"
    past = refusals(amend(api, surety_token, issued, "increase",
                          {"amount": 23_000_000, "advance": {"amount": 23_000_000}}))
    assert past["changes.advance.amount"][0] == "advance_exceeds_limit"
    both = {"amount": 22_000_000, "advance": {"amount": 22_000_000}}
    assert check_response(amend(api, surety_token, issued, "increase", both), *AMEND, 201)["guarantee"]["amount"] == 22_000_000


def test_an_extension_must_keep_the_works_start_covered(api, token_for_kind):
    token = token_for_kind("bank_guarantee")
    issued = check_response(issue(api, token, body_for("bank_guarantee")), *ISSUE, 201)
    later = (dt.date.fromisoformat(issued["guarantee"]["guarantee_period"]["start"]) + dt.timedelta(days=1)).isoformat()
    found = refusals(amend(api, token, issued, "other", {"guarantee_period": {"start": later}}))
    assert found["changes.guarantee_period.start"][0] == "guarantee_period_starts_after_works_start"


# ---- cautions on the result -------------------------------------------------------------------

def test_a_period_starting_after_the_contract_date_is_issued_with_a_caution(api, token_for_kind):
    body = body_for("performance_insurance")
    works_start = dt.date.fromisoformat(body["project"]["period"]["start"])
    body["contract_date"] = (works_start - dt.timedelta(days=3)).isoformat()
    issued = check_response(issue(api, token_for_kind("performance_insurance"), body), *ISSUE, 201)
    [caution] = verify(api, issued)["cautions"]
    assert caution["code"] == "period_starts_after_contract_date"
    contract_date = works_start - dt.timedelta(days=3)
    assert caution["message"].startswith(
        f"保険期間の始期（{works_start.year}年{works_start.month}月{works_start.day}日）が、請負契約日"
        f"（{contract_date.year}年{contract_date.month}月{contract_date.day}日）より後です。")


def stored_before_the_checks(terms: Terms) -> dict:
    """A 前払金保証 written straight through the store's port, as one issued before security_rules.py
    was: its (number, key) as the verification body."""
    from chalicelib.adapters import clock
    from chalicelib.usecases.common.dependencies import get as deps
    now = clock.now().replace(microsecond=0)
    version = Version(guarantee_id=new_guarantee_id(), version=1, surety_id=TEST_SURETY_ID,
                      surety_name=TEST_SURETY_NAME, terms=terms, issued_at=now)
    record = signed_record(version)
    key = authkey.generate()
    current_store().guarantees.create(
        NewGuarantee(guarantee_id=version.guarantee_id, surety_id=TEST_SURETY_ID,
                     contract_number=terms.contract_number, orderer_id=terms.orderer_id, corporate_number=None,
                     issued_at=record["issued_at"], version_record=record, key_hash=deps().hashes.auth_key(key),
                     event=events.issued(now, 1, {"kind": "surety", "surety_id": TEST_SURETY_ID}),
                     history_entry=version.history_entry()),
        IdempotentResult(TEST_SURETY_ID, f"before-{version.guarantee_id}", "fp", 201, b"sealed",
                         version.guarantee_id, now + dt.timedelta(days=1)))
    return {"contract_number": terms.contract_number, "auth_key": authkey.display(key)}


def test_a_version_issued_before_the_checks_shows_its_breach_as_a_caution(api):
    from chalicelib.adapters import clock
    valid = read_issuance(guarantee_request(kind="advance_payment"), clock.today())
    # ¥1,000 of a ¥22,000,000 advance, as the portal accepted it then.
    terms = dataclasses.replace(valid, amount=1_000)
    result = check_response(post_json(api, "/v1/verifications", stored_before_the_checks(terms)), *VERIFY, 200)
    assert result["guarantee"]["status"] == "valid"
    [caution] = result["cautions"]
    assert caution["code"] == "amount_differs_from_advance"
    assert caution["message"] == ("発行時の確認では見つからなかった点があります：前払金保証の保証金額（1,000円）が"
                                  "前払金額（22,000,000円）と違います。保証金額は前払金額と同じ額にしてください。")



def test_a_policys_reason_mismatch_speaks_of_its_insured_amount_and_period(api, token_for_kind):
    token = token_for_kind("performance_insurance")
    issued = check_response(issue(api, token, body_for("performance_insurance")), *ISSUE, 201)
    up = {"amount": 6_000_000}
    assert refusals(amend(api, token, issued, "decrease", up))["reason"] == (
        "reason_mismatch", "減額では、保険金額を減らしてください。")
    assert refusals(amend(api, token, issued, "extension", up))["reason"] == (
        "reason_mismatch", "保証期限変更では、保険期間の終期を変更してください。")
