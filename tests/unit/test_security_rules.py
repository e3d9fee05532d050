"""security_rules.py: the amount and the period against the contract each instrument secures
(refusals: ``breaches``) and what the orderer is asked to look at (``cautions``), stated here
as the law and the orderers' rules put them, independently of the code."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, strategies as st

from chalicelib.domain import security_rules
from chalicelib.domain.errors import Invalid
from chalicelib.domain.guarantee import Period, Terms
from chalicelib.domain.instruments import INSTRUMENTS
from chalicelib.domain.parties import GuarantorBranch
from chalicelib.domain.terms_rules import issuer_problem, parse_terms
from support import guarantee_request, read_issuance

TODAY = dt.date(2026, 7, 1)
CONTRACT_SECURITIES = ("contract", "performance_bond", "performance_insurance", "bank_guarantee")
ISSUER_OF = {"advance_payment": "surety_company", "interim_advance_payment": "surety_company",
             "contract": "surety_company", "performance_bond": "insurer", "performance_insurance": "insurer",
             "bank_guarantee": "bank"}


def terms_of(kind: str, **overrides) -> Terms:
    """Valid terms of ``kind`` (the demo's 55,000,000円 contract), with fields replaced after the
    checks, as a version stored before them may hold."""
    amount = {"amount": 11_000_000} if kind == "interim_advance_payment" else {}
    valid = read_issuance(guarantee_request(on=TODAY, kind=kind, **amount), TODAY, ISSUER_OF[kind])
    return dataclasses.replace(valid, **overrides)


def codes(terms: Terms) -> set[tuple[str, str]]:
    return {(p.code, p.field) for p in security_rules.breaches(terms)}


def with_price(terms: Terms, price: int) -> Terms:
    return dataclasses.replace(terms, project=dataclasses.replace(terms.project, contract_price=price))


def with_advance(terms: Terms, amount: int) -> Terms:
    assert terms.advance is not None
    return dataclasses.replace(terms, amount=amount, advance=dataclasses.replace(terms.advance, amount=amount))


# ---- who issues what ---------------------------------------------------------------------------

def test_each_type_of_issuer_issues_exactly_its_own_instruments():
    own = {t: {k for k, i in ISSUER_OF.items() if i == t} for t in ("surety_company", "insurer", "bank")}
    assert own == {"surety_company": {"advance_payment", "interim_advance_payment", "contract"},
                   "insurer": {"performance_bond", "performance_insurance"}, "bank": {"bank_guarantee"}}
    for issuer_type, kinds in own.items():
        for kind in INSTRUMENTS:
            problem = issuer_problem(kind, issuer_type)
            assert (problem is None) == (kind in kinds), (issuer_type, kind)
            if problem:
                assert (problem.code, problem.field) == ("kind_not_for_issuer", "kind")


# ---- 契約の保証: 請負代金額の10分の1以上 --------------------------------------------------------

@pytest.mark.parametrize("kind", CONTRACT_SECURITIES)
@given(price=st.integers(min_value=1, max_value=999_999_999_999), data=st.data())
def test_a_contract_security_is_refused_exactly_below_a_tenth_of_the_price(kind, price, data):
    least = -(-price // 10)  # a tenth, rounded up to the yen: 10 × least ≥ price
    amount = data.draw(st.integers(min_value=1, max_value=price))
    terms = with_price(terms_of(kind), price)
    terms = dataclasses.replace(terms, amount=amount)
    expected = {("amount_below_contract_minimum", "amount")} if amount * 10 < price else set()
    assert codes(terms) == expected
    assert (amount >= least) == (expected == set())


def test_the_minimum_message_names_the_amount_the_price_and_the_least_in_the_instruments_words():
    terms = dataclasses.replace(with_price(terms_of("performance_insurance"), 55_000_001), amount=5_500_000)
    [problem] = security_rules.breaches(terms)
    assert problem.message == ("履行保証保険の保険金額（5,500,000円）が、請負代金額（55,000,001円）の10分の1（5,500,001円）に"
                               "足りません。契約の保証は請負代金額の10分の1以上が必要です。")
    assert security_rules.minimum_contract_amount(55_000_001) == 5_500_001
    assert security_rules.minimum_contract_amount(55_000_000) == 5_500_000


# ---- 前払金保証: 保証金額 = 前払金額, 前払金 ≤ 10分の4 (中間 10分の2) -------------------------------

@pytest.mark.parametrize("kind, numerator", [("advance_payment", 4), ("interim_advance_payment", 2)])
@given(price=st.integers(min_value=1, max_value=999_999_999_999), data=st.data())
def test_an_advance_within_its_share_is_accepted_and_one_yen_more_refused(kind, numerator, price, data):
    advance = data.draw(st.integers(min_value=1, max_value=price))
    terms = with_advance(with_price(terms_of(kind), price), advance)
    over = advance * 10 > price * numerator
    assert codes(terms) == ({("advance_exceeds_limit", "advance.amount")} if over else set())


@pytest.mark.parametrize("kind", ["advance_payment", "interim_advance_payment"])
@given(amount=st.integers(min_value=1, max_value=10_999_999))
def test_a_guarantee_other_than_its_advance_is_refused(kind, amount):
    terms = dataclasses.replace(terms_of(kind), amount=amount)  # the advance stays 11,000,000円 or more
    assert ("amount_differs_from_advance", "amount") in codes(terms)


def test_the_issues_example_is_refused_with_both_amounts_named():
    terms = dataclasses.replace(with_advance(terms_of("advance_payment"), 20_000_000), amount=1_000)
    [problem] = security_rules.breaches(terms)
    assert (problem.code, problem.field) == ("amount_differs_from_advance", "amount")
    assert "1,000円" in problem.message and "前払金額（20,000,000円）" in problem.message
    interim = dataclasses.replace(terms_of("interim_advance_payment"), amount=1_000)
    assert "中間前払金額（11,000,000円）" in security_rules.breaches(interim)[0].message


# ---- the period -------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", CONTRACT_SECURITIES)
@pytest.mark.parametrize("days, refused", [(-1, False), (0, False), (1, True)])
def test_a_contract_securitys_period_starts_by_the_works_start(kind, days, refused):
    terms = terms_of(kind)
    start = terms.project.period.start + dt.timedelta(days=days)
    terms = dataclasses.replace(terms, guarantee_period=Period(start, terms.guarantee_period.end))
    assert (("guarantee_period_starts_after_works_start", "guarantee_period.start") in codes(terms)) == refused


@pytest.mark.parametrize("kind", ["advance_payment", "interim_advance_payment"])
def test_an_advance_guarantee_may_start_after_the_works(kind):
    # A 前払金 is paid once the contract runs: its guarantee need not cover the works' first day.
    terms = terms_of(kind)
    start = terms.project.period.start + dt.timedelta(days=10)
    assert codes(dataclasses.replace(terms, guarantee_period=Period(start, terms.guarantee_period.end))) == set()


# ---- cautions ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", list(ISSUER_OF))
def test_a_version_meeting_every_rule_has_no_caution(kind):
    assert security_rules.cautions(terms_of(kind)) == []


def test_every_breach_of_an_older_version_is_a_caution_saying_so():
    terms = with_price(dataclasses.replace(terms_of("contract"), amount=1_000_000), 55_000_000)
    [caution] = security_rules.cautions(terms)
    assert caution["code"] == "amount_below_contract_minimum"
    assert caution["message"].startswith("発行時の確認では見つからなかった点があります：契約保証の保証金額（1,000,000円）")


@pytest.mark.parametrize("kind", CONTRACT_SECURITIES)
def test_a_contract_security_starting_after_the_contract_date_is_a_caution_not_a_refusal(kind):
    terms = terms_of(kind)
    signed = terms.guarantee_period.start - dt.timedelta(days=1)
    later = dataclasses.replace(terms, contract_date=signed)
    assert codes(later) == set()
    [caution] = security_rules.cautions(later)
    assert caution["code"] == "period_starts_after_contract_date"
    assert caution["message"].startswith(f"{INSTRUMENTS[kind].period_label}の始期")
    # Starting on the 契約日 (or with no 契約日 recorded, as older versions): nothing to look at.
    assert security_rules.cautions(dataclasses.replace(terms, contract_date=terms.guarantee_period.start)) == []
    assert security_rules.cautions(dataclasses.replace(terms, contract_date=None)) == []


def test_an_advance_guarantee_starting_after_the_contract_date_is_no_caution():
    terms = terms_of("advance_payment")
    assert security_rules.cautions(dataclasses.replace(
        terms, contract_date=terms.guarantee_period.start - dt.timedelta(days=30))) == []


# ---- the rules run where the terms are read ---------------------------------------------------

def test_parse_terms_runs_the_breaches_once_every_field_is_sound():
    body = guarantee_request(on=TODAY, kind="contract", amount=1_000)
    with pytest.raises(Invalid) as e:
        parse_terms(body, TODAY)
    assert [(p.code, p.field) for p in e.value.problems] == [("amount_below_contract_minimum", "amount")]
    # A field problem first: the breaches wait for sound terms (no amount is judged against a bad price).
    body["project"]["contract_price"] = "多い"
    with pytest.raises(Invalid) as e:
        parse_terms(body, TODAY)
    assert [(p.code, p.field) for p in e.value.problems] == [("invalid_amount", "project.contract_price")]


@pytest.mark.parametrize("kind, body_change, field, code", [
    ("performance_insurance", {"riders": ["定額てん補特約", "定額てん補特約"]}, "riders", "duplicate_rider"),
    ("performance_bond", {"riders": ["定額てん補特約"]}, "riders", "not_for_kind"),
    ("contract", {"guarantor_branch": {"name": "佐久支店"}}, "guarantor_branch", "not_for_kind"),
])
def test_riders_and_branch_are_checked_against_the_kind(kind, body_change, field, code):
    body = {**guarantee_request(on=TODAY, kind=kind), **body_change}
    with pytest.raises(Invalid) as e:
        parse_terms(body, TODAY)
    assert (code, field) in {(p.code, p.field) for p in e.value.problems}


def test_a_banks_guarantee_names_its_branch():
    body = guarantee_request(on=TODAY, kind="bank_guarantee")
    assert parse_terms(body, TODAY).guarantor_branch == GuarantorBranch("佐久支店", "支店長 信濃 一郎")
    del body["guarantor_branch"]
    with pytest.raises(Invalid) as e:
        parse_terms(body, TODAY)
    assert [(p.code, p.field) for p in e.value.problems] == [("missing_field", "guarantor_branch")]
