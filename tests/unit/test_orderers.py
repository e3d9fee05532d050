"""The orderers as the domain knows them: ids (全国地方公共団体コード with its check digit, or an
own id), one written form of the name, and the rules of issuance against an enrolment on the
contract date (domain/terms_rules.py: the registry's values are passed in, nothing is looked up)."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from chalicelib.domain import orderers
from chalicelib.domain.guarantee import KINDS
from chalicelib.domain.terms_rules import amendment_orderer_problem, issuance_orderer_problem
from support import registry_view

TODAY = dt.date(2026, 7, 1)


def saku():
    body, orderer = registry_view("202177")
    assert body is not None and orderer is not None
    return body, orderer


def test_saku_city_is_written_with_its_prefecture():
    body, orderer = saku()
    assert body.name == "佐久市" and body.prefecture == "長野県"
    # One written form of the orderer everywhere (banner, receipts, mails, the certificate).
    assert body.written_name == orderer.written_name == "長野県佐久市"
    assert orderers.written_name("府中市", "東京都") == "東京都府中市" and orderers.written_name("長野県", "長野県") == "長野県"
    assert orderer.accepts_from == dt.date(2024, 7, 1) and orderer.paper_still_accepted


def test_every_demo_enrolment_is_of_a_listed_body_and_known_kinds():
    from devtools import registry_seed
    for raw in registry_seed.demo_enrolments():
        body, orderer = registry_view(raw["orderer_id"])
        assert body is not None and orderer is not None, raw["orderer_id"]
        assert orderers.id_valid(body.id)
        assert set(orderer.kinds) <= set(KINDS)


@pytest.mark.parametrize("code, valid", [
    ("202177", True),   # 佐久市
    ("202011", True),   # 長野市
    ("131016", True),   # 千代田区
    ("202178", False),
    ("20217", False),
    ("２０２１７７", False),
])
def test_local_government_code_check_digit(code, valid):
    assert orderers.local_government_code_valid(code) is valid


def test_an_issuance_is_judged_on_the_contract_date():
    body, orderer = saku()
    assert issuance_orderer_problem("advance_payment", dt.date(2024, 7, 1), TODAY, body, orderer) is None
    early = issuance_orderer_problem("advance_payment", dt.date(2024, 6, 30), TODAY, body, orderer)
    assert early is not None and (early.code, early.field) == ("orderer_not_accepting", "orderer_id")
    assert early.message == "長野県佐久市は、2024年7月1日から電子保証を受け付けています。契約日（2024年6月30日）はそれより前です。"
    # Before the first day itself, the orderer "will" accept.
    before = issuance_orderer_problem("advance_payment", dt.date(2024, 6, 30), dt.date(2024, 6, 1), body, orderer)
    assert before is not None and "2024年7月1日から電子保証を受け付けます。" in before.message


def test_each_reason_an_orderer_cannot_take_a_new_guarantee_has_its_code_and_names_it():
    body, orderer = saku()
    on = dt.date(2025, 1, 1)
    unknown = issuance_orderer_problem("contract", on, TODAY, None, None)
    assert unknown is not None and unknown.code == "orderer_not_found" and "発注者" in unknown.message
    not_enrolled = issuance_orderer_problem("contract", on, TODAY, body, None)
    assert not_enrolled is not None and not_enrolled.code == "orderer_not_enrolled"
    assert not_enrolled.message.startswith("長野県佐久市は、電子保証の対応先として登録されていません")
    suspended = replace(orderer, enrolment=replace(orderer.enrolment, suspended=True))
    stopped = issuance_orderer_problem("contract", on, TODAY, body, suspended)
    assert stopped is not None and stopped.code == "orderer_suspended" and "長野県佐久市は、現在、電子保証の受付を停止" in stopped.message
    no_contract = replace(orderer, enrolment=replace(orderer.enrolment, kinds=("advance_payment",)))
    kind = issuance_orderer_problem("contract", on, TODAY, body, no_contract)
    assert kind is not None and kind.code == "orderer_not_accepting"
    assert kind.message == "長野県佐久市は契約保証の電子保証を受け付けていません。"


def test_an_amendment_needs_the_enrolment_for_its_kind_and_passes_a_suspension():
    body, orderer = saku()
    suspended = replace(orderer, enrolment=replace(orderer.enrolment, suspended=True))
    assert amendment_orderer_problem("contract", body, suspended) is None
    gone = amendment_orderer_problem("contract", body, None)
    assert gone is not None and gone.code == "orderer_not_found" and gone.message.startswith("長野県佐久市は")
    no_contract = replace(orderer, enrolment=replace(orderer.enrolment, kinds=("advance_payment",)))
    kind = amendment_orderer_problem("contract", body, no_contract)
    assert kind is not None and kind.code == "orderer_not_accepting"
