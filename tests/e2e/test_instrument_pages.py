"""An insurer's bond and policy and a bank's guarantee on the orderer's verification page, in
real Chromium against the local portal: each in its own paper's words, with its issuer; a
contract security that starts after its 契約日 shows 「ご確認ください」; nothing axe objects to,
at 1280 and 360 px (PORTAL_SCREENSHOTS=<dir> keeps the screenshots)."""
from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from support import TEST_ISSUERS, accessible, verify_in_page

pytestmark = pytest.mark.e2e

# The section titles and row labels each one's page shows (domain/instruments.py's words).
SHOWN = {
    "performance_bond": (["債務者（受注者）", "保証人（損害保険会社）"],
                         {"contract_number": "証券番号", "orderer": "債権者（発注者）", "covers": "保証する内容",
                          "surety": "保証人"}, TEST_ISSUERS["insurer"][1]),
    "performance_insurance": (["保険契約者（受注者）", "保険会社"],
                              {"contract_number": "証券番号", "amount": "保険金額", "guarantee_period": "保険期間",
                               "orderer": "被保険者（発注者）", "riders": "特約", "surety": "保険会社名"},
                              TEST_ISSUERS["insurer"][1]),
    "bank_guarantee": (["債務者（受注者）", "保証人（銀行等）"],
                       {"contract_number": "保証書番号", "orderer": "債権者（発注者）", "guarantor_branch": "保証する支店",
                        "surety": "金融機関名"}, TEST_ISSUERS["bank"][1]),
}


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("kind", sorted(SHOWN))
def test_each_instrument_reads_as_its_paper(page, portal_url, issue_instrument, kind, width):
    page.set_viewport_size({"width": width, "height": 900})
    issued = issue_instrument(kind)
    page.goto(f"{portal_url}/orderer/verify/")
    verify_in_page(page, issued["guarantee"]["contract_number"], issued["auth_key"])
    result = page.locator("#verify-result")
    titles, labels, issuer = SHOWN[kind]
    for title in titles:
        expect(result.get_by_role("heading", name=title, exact=True)).to_be_visible()
    for row, label in labels.items():
        expect(result.locator(f'dt[data-row="{row}"]')).to_have_text(label)
    expect(result.locator('dd[data-row="surety"]')).to_have_text(issuer)
    if kind == "performance_insurance":
        expect(result.locator('dd[data-row="riders"]')).to_have_text("公共工事履行保証特約")
    if kind == "bank_guarantee":
        expect(result.locator('dd[data-row="guarantor_branch"]')).to_contain_text("佐久支店")
    expect(page.locator("#verify-cautions")).to_be_hidden()
    accessible(page, f"instrument-{kind}-{width}", full_page=True)


@pytest.mark.parametrize("width", [1280, 360])
def test_a_bond_starting_after_its_contract_date_asks_the_orderer_to_look(page, portal_url, issue_instrument, width):
    from chalicelib.adapters import clock
    page.set_viewport_size({"width": width, "height": 900})
    signed = clock.today() - dt.timedelta(days=10)
    issued = issue_instrument("performance_bond", contract_date=signed.isoformat())
    page.goto(f"{portal_url}/orderer/verify/")
    verify_in_page(page, issued["guarantee"]["contract_number"], issued["auth_key"])
    cautions = page.locator("#verify-cautions")
    expect(cautions).to_be_visible()
    expect(cautions.get_by_text("ご確認ください", exact=True)).to_be_visible()
    expect(cautions.locator('li[data-code="period_starts_after_contract_date"]')).to_contain_text(
        f"請負契約日（{signed.year}年{signed.month}月{signed.day}日）より後です")
    accessible(page, f"instrument-caution-{width}", full_page=True)
    # The next guarantee looked up does not keep the caution of this one.
    plain = issue_instrument("performance_bond")
    page.get_by_role("button", name="別の保証を確認する").click()
    verify_in_page(page, plain["guarantee"]["contract_number"], plain["auth_key"])
    expect(cautions).to_be_hidden()
