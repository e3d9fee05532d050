"""The pages state the portal's limits and periods from where they are decided
(site/hooks/policy_facts.py: domain/staff.py and the rest), never as a copy: the site is built
here with changed facts, and the pages must say the changed ones and nothing of the real ones.
A page that writes 「10分」 itself again fails this test. An orderer's terms are not built into
any page: the registry's pages read them from the API (tests/site/test_guide_build.py,
tests/e2e/test_orderer_list.py)."""
from __future__ import annotations

import datetime as dt
import html as html_lib
import json
import re
from pathlib import Path

import pytest

from support import REPO


def text_of(page: Path) -> str:
    """The page's main text, tags removed (the nav and the footer are left out)."""
    body = page.read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", body, re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", "", article.group(0) if article else body))


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from fractions import Fraction

    from chalicelib.domain import receipts, security_rules, staff
    from chalicelib.edge import request_check

    out = tmp_path_factory.mktemp("changed-site")
    changed = {"CODE_DIGITS": 9, "CODE_TTL": dt.timedelta(minutes=17), "CODE_WINDOW": dt.timedelta(hours=3),
               "CODES_PER_WINDOW": 7, "SESSION_IDLE": dt.timedelta(minutes=43),
               "SESSION_ABSOLUTE": dt.timedelta(hours=11)}
    document = json.loads(json.dumps(request_check.document()))
    receipt = document["components"]["schemas"]["ReceiptRequest"]["properties"]
    receipt["name"]["maxLength"], receipt["note"]["maxLength"] = 37, 333
    with pytest.MonkeyPatch.context() as mp:
        for name, value in changed.items():
            mp.setattr(staff, name, value)
        mp.setattr(receipts, "WITHDRAWAL_WINDOW", dt.timedelta(hours=31))
        mp.setattr(security_rules, "CONTRACT_MINIMUM", Fraction(3, 10))
        mp.setattr(security_rules, "ADVANCE_CEILINGS", {"advance_payment": Fraction(5, 10),
                                                        "interim_advance_payment": Fraction(1, 10)})
        mp.setattr(request_check, "document", lambda: document)
        mp.setenv("PORTAL_API_BASE", "/api")
        mp.chdir(REPO)
        build(load_config(str(REPO / "mkdocs.yml"), site_dir=str(out / "site")))
    return out / "site"


def test_the_receipt_forms_admit_what_the_api_schema_admits(changed_site):
    assert "メモ（333文字まで）" in text_of(changed_site / "orderer/records" / "index.html")
    for page in ("orderer/verify", "orderer/batch"):
        html = (changed_site / page / "index.html").read_text(encoding="utf-8")
        assert 'name="name" type="text" required maxlength="37"' in html, page
    verify = (changed_site / "orderer/verify" / "index.html").read_text(encoding="utf-8")
    assert 'maxlength="333"' in verify and "333文字以内で入力してください。" in verify
    assert "200文字" not in text_of(changed_site / "orderer/records" / "index.html")


@pytest.mark.parametrize("page", ["orderer/sign-in", "orderer/records"])
def test_the_sign_in_limits_and_periods_follow_the_domain(changed_site, page):
    text = text_of(changed_site / page / "index.html")
    for said in ("9桁", "17分", "43分", "11時間"):
        assert said in text, said
    for copied in ("8桁", "10分", "30分", "8時間"):
        assert copied not in text, copied


def test_the_ledger_page_gives_the_domains_withdrawal_window(changed_site):
    text = text_of(changed_site / "orderer/ledger" / "index.html")
    assert "記録した方が31時間以内に限り" in text and "24時間" not in text


def test_the_sign_in_page_counts_codes_per_the_domains_window(changed_site):
    text = text_of(changed_site / "orderer/sign-in" / "index.html")
    assert "3時間に7通まで" in text
    assert "1時間に" not in text


def test_the_sign_in_form_takes_the_number_of_digits_from_the_domain(changed_site):
    page = (changed_site / "orderer/verify" / "index.html").read_text(encoding="utf-8")
    assert 'data-code-digits="9"' in page and "確認コード（9桁の数字）" in page
    assert "8桁" not in page


@pytest.mark.parametrize("page", ["surety", "orderer/results"])
def test_the_guides_give_the_shares_the_amounts_are_checked_against_from_the_rules(changed_site, page):
    text = text_of(changed_site / page / "index.html")
    interim = "中間前払金額は10分の1以内" if page == "surety" else "中間前払金は10分の1）以内"
    for said in ("請負代金額の10分の3", "請負代金額の10分の5", interim):
        assert said in text, said
    for copied in ("10分の4", "10分の2"):
        assert copied not in text, copied


def test_the_issuers_and_sureties_pages_say_which_issuer_issues_what_from_the_instruments(built_site):
    from chalicelib.domain.instruments import ISSUER_TYPES, KINDS, kinds_for
    for page in ("issuers", "surety"):
        text = text_of(built_site / page / "index.html")
        for issuer_type, label in ISSUER_TYPES.items():
            said = "、".join(KINDS[k] for k in kinds_for(issuer_type))
            assert re.search(rf"{label}(（{issuer_type}）)?\s*{said}", text), (page, label, said)
