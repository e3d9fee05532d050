"""The rules a surety's issuance request must meet: each failure has a stable code and a
Japanese message naming the field."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from chalicelib.domain.errors import Invalid
from chalicelib.domain.guarantee import (
    KINDS, Version, corporate_number_valid, normalize_contract_number, ContractNumberError,
)
from chalicelib.domain.instruments import INSTRUMENTS
from support import demo_body, guarantee_request, read_issuance

# A fixed business date: rules that depend on "today" are tested at chosen dates, never the machine's.
TODAY = dt.date(2026, 7, 1)
CONTRACT_DAY = dt.date(2025, 7, 1)  # for tests written with fixed dates
ISSUED_BEFORE = dt.datetime(2026, 6, 30, 16, 30, tzinfo=dt.timezone.utc)


def failures(body, today=TODAY) -> dict[str, tuple[str, str]]:
    """field -> (code, message) for every rule that failed."""
    with pytest.raises(Invalid) as e:
        read_issuance(body, today)
    return {d.field: (d.code, d.message) for d in e.value.problems}


def test_a_valid_request_becomes_terms():
    terms = read_issuance(guarantee_request(on=TODAY, contract_number="ｓａｋｕ－２０２４－０００１"), TODAY)
    assert terms.contract_number == "SAKU-2024-0001"
    assert terms.kind == "advance_payment"
    assert terms.amount == 22_000_000
    assert terms.project.contract_price == 55_000_000


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_is_accepted_from_its_issuers_type(kind):
    # A 中間前払金 is within 10分の2 of the price (11,000,000円 of 55,000,000円).
    amount = {"amount": 11_000_000} if kind == "interim_advance_payment" else {}
    body = guarantee_request(on=TODAY, kind=kind, **amount)
    assert read_issuance(body, TODAY, INSTRUMENTS[kind].issuer_type).kind == kind


def test_amount_may_not_exceed_contract_price():
    found = failures(guarantee_request(on=TODAY, kind="contract", amount=55_000_001))
    code, message = found["amount"]
    assert code == "amount_exceeds_contract_price"
    assert "保証金額" in message and "請負代金額" in message and "55,000,001円" in message


def test_amount_equal_to_contract_price_is_allowed():
    assert read_issuance(guarantee_request(on=TODAY, kind="contract", amount=55_000_000), TODAY).amount == 55_000_000


@pytest.mark.parametrize("amount, code", [
    (0, "invalid_amount"), (-1, "invalid_amount"), (1.5, "invalid_amount"), ("22000000", "invalid_amount"),
    (True, "invalid_amount"), (10**12, "invalid_amount"), (None, "missing_field"),
])
def test_amounts_are_positive_integers_in_yen(amount, code):
    found = failures(guarantee_request(on=TODAY, amount=amount))
    assert found["amount"][0] == code
    assert "保証金額" in found["amount"][1]


@given(st.integers(min_value=5_500_000, max_value=55_000_000))  # from the tenth a contract security needs
def test_any_amount_up_to_the_contract_price_is_valid(amount):
    assert read_issuance(guarantee_request(on=TODAY, kind="contract", amount=amount), TODAY).amount == amount


def _periods(works_start, works_end, gp_start, gp_end) -> dict:
    body = guarantee_request(on=TODAY)
    body["project"]["period"] = {"start": works_start, "end": works_end}
    body["guarantee_period"] = {"start": gp_start, "end": gp_end}
    return body


def test_guarantee_must_last_until_the_works_end():
    found = failures(_periods("2025-07-01", "2026-03-14", "2025-07-01", "2026-03-13"), today=CONTRACT_DAY)
    assert found["guarantee_period.end"][0] == "guarantee_period_ends_before_works"
    assert "保証期間" in found["guarantee_period.end"][1] and "工期" in found["guarantee_period.end"][1]


def test_guarantee_may_not_start_after_the_works_end():
    found = failures(_periods("2025-07-01", "2026-03-14", "2026-03-15", "2026-04-14"), today=CONTRACT_DAY)
    assert found["guarantee_period.start"][0] == "guarantee_period_starts_after_works"


def test_periods_must_run_forwards():
    found = failures(_periods("2026-03-14", "2025-07-01", "2025-07-01", "2026-04-14"), today=CONTRACT_DAY)
    assert found["project.period"][0] == "invalid_period"
    assert "工期" in found["project.period"][1]


@pytest.mark.parametrize("value, code", [
    ("2025/07/01", "invalid_date"), ("2025-02-30", "invalid_date"), ("令和7年7月1日", "invalid_date"),
    (20250701, "invalid_date"), ("1999-12-31", "date_out_of_range"), ("2100-01-01", "date_out_of_range"),
])
def test_dates_are_iso_and_in_range(value, code):
    body = guarantee_request(on=TODAY)
    body["guarantee_period"]["start"] = value
    assert failures(body)["guarantee_period.start"][0] == code


def test_unknown_orderer_is_refused():
    found = failures(guarantee_request(on=TODAY, orderer_id="999997"))
    assert found["orderer_id"][0] == "orderer_not_found"
    assert "発注者" in found["orderer_id"][1]


def test_orderer_must_accept_e_guarantees_on_the_contract_date():
    # 佐久市 accepts 電子保証 from 2024年7月1日: the contract date decides, not the day of issue.
    found = failures(guarantee_request(on=TODAY, contract_date="2024-06-30"))
    code, message = found["orderer_id"]
    assert code == "orderer_not_accepting"
    assert message == "長野県佐久市は、2024年7月1日から電子保証を受け付けています。契約日（2024年6月30日）はそれより前です。"
    assert read_issuance(guarantee_request(on=TODAY, contract_date="2024-07-01"), TODAY).orderer_id == "202177"


def test_the_orderers_refusal_comes_with_every_other_problem_at_once():
    body = guarantee_request(on=TODAY, orderer_id="131016", amount=10**12 - 1)
    found = failures(body)
    assert found["orderer_id"][0] == "orderer_not_enrolled" and "東京都千代田区" in found["orderer_id"][1]
    assert found["amount"][0] == "amount_exceeds_contract_price"


@pytest.mark.parametrize("typed, expected", [
    ("SAKU-2024-0001", "SAKU-2024-0001"),
    ("saku-2024-0001", "SAKU-2024-0001"),
    ("ＳＡＫＵ－２０２４－０００１", "SAKU-2024-0001"),
    (" SAKU 2024 0001 ", "SAKU20240001"),
    ("SAKU−2024ー0001", "SAKU-2024-0001"),
])
def test_contract_numbers_are_normalised(typed, expected):
    assert normalize_contract_number(typed) == expected


@pytest.mark.parametrize("typed", ["", "AB", "-ABCD", "ABCD-", "SAKU_2024", "佐久2024", "A" * 33, "<script>"])
def test_malformed_contract_numbers_are_refused(typed):
    with pytest.raises(ContractNumberError):
        normalize_contract_number(typed)
    assert failures(guarantee_request(on=TODAY, contract_number=typed))["contract_number"][0] in (
        "invalid_contract_number", "missing_field")


def test_text_fields_are_required_limited_and_free_of_control_characters():
    body = guarantee_request(on=TODAY)
    body["contractor"]["name"] = "  "
    body["contractor"]["address"] = "長野県\u0000佐久市"
    body["project"]["name"] = "工" * 201
    body["contractor"]["representative"] = "代表取締役\u202e 太郎"  # bidi override
    found = failures(body)
    assert found["contractor.name"][0] == "missing_field"
    assert found["contractor.address"][0] == "invalid_character"
    assert found["project.name"][0] == "too_long"
    assert found["contractor.representative"][0] == "invalid_character"
    assert "受注者名" in found["contractor.name"][1]


def test_rare_kanji_are_kept_as_given():
    body = guarantee_request(on=TODAY)
    body["contractor"]["representative"] = "代表取締役 𠮷田 髙﨑"
    terms = read_issuance(body, TODAY)
    assert terms.contractor.representative == "代表取締役 𠮷田 髙﨑"


def test_unknown_and_missing_fields_are_reported_together():
    body = guarantee_request(on=TODAY, surprise=1)
    del body["kind"]
    body["contractor"]["fax"] = "026-000-0000"
    found = failures(body)
    assert found["surprise"][0] == "unknown_field"
    assert found["contractor.fax"][0] == "unknown_field"
    assert found["kind"][0] == "missing_field"


@pytest.mark.parametrize("body", [None, [], "text", 42])
def test_a_body_that_is_not_an_object_is_refused(body):
    with pytest.raises(Invalid):
        read_issuance(body, TODAY)


def test_corporate_number_check_digit():
    # 国税庁's published example: 法人番号 7000012050002 (国税庁) is valid.
    assert corporate_number_valid("7000012050002")
    assert not corporate_number_valid("8000012050002")
    body = guarantee_request(on=TODAY)
    body["contractor"]["corporate_number"] = "1234567890123"
    assert failures(body)["contractor.corporate_number"][0] == "invalid_corporate_number"


def test_certificate_shows_dates_in_japan_and_expires_after_the_guarantee_period():
    terms = read_issuance(guarantee_request(on=TODAY), TODAY)
    issued_at = dt.datetime(2025, 6, 30, 16, 30, tzinfo=dt.timezone.utc)  # 2025-07-01 01:30 JST
    version = Version("gTEST", 1, "s", "保証会社", terms, issued_at)
    cert = version.certificate(terms.guarantee_period.end, orderer=demo_body())
    assert cert["issue_date"] == "2025-07-01"
    assert cert["issued_at"] == "2025-06-30T16:30:00Z"
    assert (cert["status"], cert["status_label"]) == ("valid", "有効")
    later = version.certificate(terms.guarantee_period.end + dt.timedelta(days=1), orderer=demo_body())
    assert (later["status"], later["status_label"]) == ("expired", "期限満了")
    assert Version.from_record(version.as_record()) == version


def test_a_guarantee_whose_period_has_already_ended_cannot_be_issued():
    body = _periods("2024-07-01", "2025-03-14", "2024-07-01", "2025-04-14")
    code, message = failures(body, today=dt.date(2025, 4, 15))["guarantee_period.end"]
    assert code == "guarantee_period_already_ended"
    assert "2025年4月14日" in message
    assert read_issuance(body, dt.date(2025, 4, 14)).guarantee_period.end == dt.date(2025, 4, 14)


def test_full_width_digits_in_dates_are_a_format_error():
    body = guarantee_request(on=TODAY)
    body["guarantee_period"]["start"] = "２０２５-０７-０１"
    assert failures(body)["guarantee_period.start"][0] == "invalid_date"


def test_optional_corporate_number_of_spaces_counts_as_absent():
    body = guarantee_request(on=TODAY)
    body["contractor"]["corporate_number"] = "  "
    assert read_issuance(body, TODAY).contractor.corporate_number is None


def test_a_version_issued_before_the_full_certificate_shows_exactly_what_it_showed():
    # Its signature covers the certificate as it was: no new key may appear in it.
    body = guarantee_request(on=TODAY, kind="contract")
    for later in ("contract_date", "guarantee_terms"):
        del body[later]
    del body["project"]["number"]
    from chalicelib.domain.terms_rules import parse_terms  # as stored versions are read: no request schema
    record = Version("gOLD", 1, "s", "保証会社", parse_terms(body, TODAY), ISSUED_BEFORE).as_record()
    del record["surety_profile"]
    cert = Version.from_record(record).certificate(TODAY, orderer=demo_body())
    assert set(cert) == {"guarantee_id", "version", "kind", "kind_label", "contract_number", "amount",
                         "guarantee_period", "orderer", "project", "contractor", "surety", "issued_at",
                         "issue_date", "status", "status_label"}
    # The one key it gained: its issuer's type, which its kind has always implied.
    assert cert["surety"] == {"id": "s", "name": "保証会社", "issuer_type": "surety_company",
                              "issuer_type_label": "保証事業会社"}
    assert set(cert["project"]) == {"name", "location", "contract_price", "period"}


def test_joint_venture_members_are_named_by_their_place():
    from chalicelib.domain.validation import label
    assert label("contractor.members.0.name") == "構成員1の名称"
    assert label("changes.contractor.members.2.corporate_number") == "構成員3の法人番号"
    assert label("changes.advance.amount") == "前払金額"


def test_an_interim_advance_is_named_as_such():
    body = guarantee_request(on=TODAY, kind="interim_advance_payment")
    body["advance"]["amount"] = 55_000_001
    code, message = failures(body)["advance.amount"]
    assert code == "advance_exceeds_contract_price" and message.startswith("中間前払金額（55,000,001円）")


def test_a_partial_advance_from_an_amendment_names_what_is_missing():
    from chalicelib.domain.amendments import merge
    from chalicelib.domain.terms_rules import parse_terms
    body = guarantee_request(on=TODAY)
    del body["advance"]  # a version issued before the advance was recorded
    merged = merge(body, {"advance": {"amount": 25_000_000}})
    with pytest.raises(Invalid) as e:
        parse_terms(merged, TODAY)
    assert {(p.code, p.field) for p in e.value.problems} == {
        ("missing_field", "advance.deposit_bank"), ("missing_field", "advance.redeposit")}
