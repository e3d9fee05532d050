"""電子保証対応の発注者一覧, one orderer's page and the issuers page in real Chromium, against the
registry at full size (all 1,804 bodies of the national list enrolled, in a store of this
module's own: the in-memory one, as the DynamoDB registry is the store's to bring) served by
the real app behind the one-origin server: search by kana, by code and by prefecture, the
grouping, 360 px, and an orderer enrolled meanwhile listed at the next load without a
rebuild or a restart."""
from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from support import axe_violations, describe_violations

pytestmark = pytest.mark.e2e
DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def full(memory_wiring):
    from chalicelib import bootstrap
    from chalicelib.adapters import clock
    from chalicelib.adapters.memory import MemoryStore
    from devtools import registry_seed
    from devtools.demo import seed_issuers
    from chalicelib.usecases.common import dependencies

    own = bootstrap.Wiring(MemoryStore(clock.now))
    dependencies.install(own)
    registry_seed.seed(own.store, own.clock.now(), everything=True)
    # The bodies the demo enrols stay as the demo has them; every other one is enrolled.
    registry_seed.enrol_every_body(own.store, own.clock.now())
    seed_issuers()
    return own


@pytest.fixture(scope="module")
def module_wiring(full):
    return full


@pytest.fixture(autouse=True)
def wiring(full):
    from chalicelib.usecases.common import dependencies
    dependencies.install(full)
    return full


@pytest.fixture(scope="module")
def site(full, built_site):
    from app import app
    from devtools.server import PortalServer
    server = PortalServer(built_site, port=0, app=app).start()
    yield server.url
    server.stop()


def open_list(browser, site, viewport=DESKTOP):
    context = browser.new_context(viewport=viewport, locale="ja-JP")
    context.set_default_timeout(15_000)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site + "/orderers/")
    expect(page.get_by_label("発注者名・よみ・団体コード")).to_be_enabled()
    return context, page, requests


def test_the_full_list_is_grouped_by_prefecture_with_counts(browser, site):
    from devtools import public_bodies
    context, page, requests = open_list(browser, site)
    try:
        total = len(public_bodies.national_list())
        assert total == 1804
        expect(page.locator("#orderer-count")).to_have_text(
            f"電子保証に対応している発注者は{total:,}件です。都道府県を開くか、名前で探してください。")
        groups = page.locator("details.portal-registry-group")
        expect(groups).to_have_count(48)  # 国の機関 and the 47 都道府県
        names = page.locator(".portal-registry-group__name").all_inner_texts()
        assert names[:3] == ["国の機関", "北海道", "青森県"] and names[-1] == "沖縄県"
        nagano = sum(1 for b in public_bodies.national_list() if b.prefecture == "長野県")
        group = page.locator("details.portal-registry-group", has_text="長野県")
        expect(group.locator(".portal-registry-group__count")).to_have_text(f"{nagano}件")
        # Closed, nothing laid out; opening fills it with its entries, each linking to its page.
        expect(group.locator("li")).to_have_count(0)
        group.locator("summary").click()
        expect(group.locator("li")).to_have_count(nagano)
        link = group.get_by_role("link", name="長野県佐久市")
        assert link.get_attribute("href").endswith("orderer-info/?id=202177")
        assert sum("/api/v1/orderers" in u for u in requests) == 1  # the preload is the request
    finally:
        context.close()


@pytest.mark.parametrize("typed, expected", [
    ("さくし", "長野県佐久市"),         # kana
    ("サクシ", "長野県佐久市"),         # katakana reads as hiragana
    ("202177", "長野県佐久市"),         # the code
    ("２０２１７７", "長野県佐久市"),   # typed full-width
    ("関東地方", "関東地方整備局"),     # a national body
])
def test_search_by_kana_code_or_name_finds_the_orderer(browser, site, typed, expected):
    context, page, _ = open_list(browser, site)
    try:
        page.get_by_label("発注者名・よみ・団体コード").fill(typed)
        expect(page.get_by_role("link", name=expected, exact=True)).to_be_visible()
        expect(page.locator("#orderer-count")).to_contain_text("件の発注者が見つかりました。")
    finally:
        context.close()


def test_the_prefecture_select_and_no_results(browser, site):
    context, page, _ = open_list(browser, site)
    try:
        page.get_by_label("都道府県").select_option("新潟県")
        visible = page.locator("details.portal-registry-group:visible")
        expect(visible).to_have_count(1)
        expect(visible.locator(".portal-registry-group__name")).to_have_text("新潟県")
        expect(page.get_by_role("link", name="新潟県新潟市")).to_be_visible()
        page.get_by_label("発注者名・よみ・団体コード").fill("さくし")  # 佐久市 is not in 新潟県
        expect(visible).to_have_count(0)
        expect(page.locator("#orderer-empty")).to_be_visible()
        expect(page.locator("#orderer-count")).to_have_text("1,804件中0件の発注者が見つかりました。")
    finally:
        context.close()


def test_one_orderers_page(browser, site):
    context = browser.new_context(viewport=DESKTOP, locale="ja-JP")
    page = context.new_page()
    try:
        page.goto(site + "/orderers/")
        page.get_by_label("発注者名・よみ・団体コード").fill("佐久")
        page.get_by_role("link", name="長野県佐久市").click()
        expect(page.locator("h1")).to_have_text("長野県佐久市の電子保証")
        expect(page.locator("#orderer-lead")).to_have_text(
            "長野県佐久市では、2024年7月1日から電子保証を利用できます。紙の保証証書も、これまでどおり利用できます。")
        fields = page.locator("#orderer-fields")
        expect(fields).to_contain_text("前払金保証、中間前払金保証、契約保証")
        expect(fields).to_contain_text("佐久市が電子保証の利用を認めた工事・業務委託")
        expect(page.locator("#orderer-contact")).to_contain_text("総務部 契約検査課")
        expect(page.locator("#orderer-contact")).to_contain_text("0267-62-2111")
        assert axe_violations(page) == [], describe_violations(axe_violations(page))
        page.goto(site + "/orderer-info/?id=202178")  # a wrong check digit
        expect(page.locator("#orderer-error")).to_contain_text("電子保証の対応先として登録されていません")
        expect(page.locator("#orderer-detail")).to_be_hidden()
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, NARROW], ids=["1280", "360"])
def test_the_issuers_page_groups_the_issuers_by_type_each_with_what_it_issues(browser, site, viewport, tmp_path_factory):
    context = browser.new_context(viewport=viewport, locale="ja-JP")
    page = context.new_page()
    try:
        page.goto(site + "/issuers/")
        page.wait_for_selector(".portal-registry:not(.portal-registry--loading)")
        groups = page.locator(".portal-registry-issuer-group")
        # One group per type, in the law's order, each headed with its count.
        expect(groups.locator("h2")).to_have_text(["保証事業会社（3社）", "損害保険会社（2社）", "銀行等（1社）"])
        expect(page.locator("#issuer-count")).to_have_text(
            "電子保証を発行できる発行者は6社です（保証事業会社3社、損害保険会社2社、銀行等1社）。")
        expect(groups.nth(0).locator("h3")).to_have_text(
            ["北海道建設業信用保証株式会社", "東日本建設業保証株式会社", "西日本建設業保証株式会社"])
        expect(groups.nth(1).locator("h3")).to_have_text(["損害保険ジャパン株式会社", "東京海上日動火災保険株式会社"])
        expect(groups.nth(2).locator("h3")).to_have_text(["株式会社八十二長野銀行"])
        east = page.get_by_role("region", name="東日本建設業保証株式会社")
        expect(east).to_contain_text("東京都中央区八丁堀二丁目27番10号")
        expect(east).to_contain_text("長野支店")
        expect(east.locator("dd").first).to_have_text("前払金保証、中間前払金保証、契約保証")
        insurer = page.get_by_role("region", name="東京海上日動火災保険株式会社")
        expect(insurer.locator("dd").first).to_have_text("公共工事履行保証証券、履行保証保険")
        bank = page.get_by_role("region", name="株式会社八十二長野銀行")
        expect(bank.locator("dd").first).to_have_text("銀行等の保証")
        expect(bank).to_contain_text("佐久支店")
        expect(bank.get_by_role("heading", name="取扱支店", level=4)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert axe_violations(page) == [], describe_violations(axe_violations(page))
        shots = tmp_path_factory.getbasetemp() / "screenshots"
        shots.mkdir(exist_ok=True)
        page.screenshot(path=str(shots / f"issuers-{viewport['width']}.png"), full_page=True)
    finally:
        context.close()


def test_at_360px_nothing_scrolls_sideways_and_axe_finds_nothing(browser, site):
    context, page, _ = open_list(browser, site, NARROW)
    try:
        page.get_by_label("発注者名・よみ・団体コード").fill("し")  # hundreds of matches, groups open
        expect(page.locator("details.portal-registry-group[open]").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert axe_violations(page) == [], describe_violations(axe_violations(page))
        for path in ("/orderer-info/?id=mlit-kanto", "/issuers/"):
            page.goto(site + path)
            page.wait_for_selector(".portal-registry:not(.portal-registry--loading)")
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    finally:
        context.close()


def test_the_api_down_is_said_and_retried(browser, site):
    context = browser.new_context(viewport=DESKTOP, locale="ja-JP")
    page = context.new_page()
    try:
        page.route("**/api/**", lambda route: route.abort())
        page.goto(site + "/orderers/")
        expect(page.locator("#orderer-error")).to_contain_text("一覧を読み込めませんでした")
        page.unroute("**/api/**")
        page.get_by_role("button", name="もう一度読み込む").click()
        expect(page.get_by_label("発注者名・よみ・団体コード")).to_be_enabled()
        expect(page.locator("#orderer-error")).to_be_empty()
    finally:
        context.close()


def test_an_orderer_enrolled_meanwhile_is_listed_at_the_next_load(browser, site, full):
    """Through the registry (as the operator's use cases write it): no rebuild, no restart."""
    from chalicelib.domain import audit
    from chalicelib.domain.orderers import PublicBody
    from devtools import registry_seed
    now = dt.datetime.now(dt.timezone.utc)
    body = PublicBody("kouiki-demo", "架空広域連合", "かくうこういきれんごう", "長野県", "other", body_type="広域連合",
                      source="operator")
    entry = audit.next_entry(full.store.audit.head(), now, audit.setup_actor("tests"), "bodies.import", "bodies",
                             {"count": 1})
    full.store.registry.put_bodies([body], entry)
    context, page, _ = open_list(browser, site)
    try:
        page.get_by_label("発注者名・よみ・団体コード").fill("かくうこういき")
        expect(page.locator("#orderer-empty")).to_be_visible()
        from chalicelib.domain.orderers import Enrolment
        registry_seed.write_enrolment(full.store, Enrolment("kouiki-demo", dt.date(2027, 4, 1), ("contract",)), now,
                                      audit.setup_actor("tests"))
    finally:
        context.close()
    # The next visit (a browser of its own: this one may keep the list its minute).
    context, page, _ = open_list(browser, site)
    try:
        page.get_by_label("発注者名・よみ・団体コード").fill("かくうこういき")
        expect(page.get_by_role("link", name="長野県架空広域連合")).to_be_visible()
    finally:
        context.close()
