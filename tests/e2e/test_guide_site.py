"""The guide site in real Chromium: Japanese search, the video players
and their captions (the orderer list: test_orderer_list.py), axe-core (WCAG 2.1 AA, the level JIS X 8341-3:2016 AA maps to) on every
page and on the verify page in each state, 360 px without sideways scrolling, the verify
flow by keyboard alone, and not one request to another origin.

One browser for the session (conftest), one page per viewport for this module: the pages
are static, so visiting them in any order gives the same answers.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from support import REPO, axe_violations, describe_violations, verify_in_page

pytestmark = pytest.mark.e2e

VIDEO_DIR = REPO / "site" / "assets" / "videos"
VIDEO_PAGES = [("/how-it-works/", "mechanism"), ("/orderer/", "verify"), ("/orderer/", "batch"),
               ("/contractor/after-issuance/", "submit"), ("/contractor/submit/", "submit")]
VERIFY = "/orderer/verify/"
DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 360, "height": 740}


def site_paths(built_site: Path) -> list[str]:
    paths = []
    for index in sorted(built_site.rglob("index.html")):
        rel = index.parent.relative_to(built_site).as_posix()
        paths.append("/" if rel == "." else f"/{rel}/")
    return paths + ["/404.html"]


@pytest.fixture(scope="module")
def paths(built_site):
    found = site_paths(built_site)
    assert len(found) >= 15
    return found


class Tab:
    """A context and page that remember every request made."""

    def __init__(self, browser, portal_url, viewport, **options):
        self.origin = urlsplit(portal_url)[:2]
        self.portal_url = portal_url
        self.context = browser.new_context(viewport=viewport, locale="ja-JP", **options)
        self.context.set_default_timeout(15_000)
        self.requests: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()

    def open(self, path):
        response = self.page.goto(self.portal_url + path)
        # The 404 page is served with its status; every other page must be there.
        assert response is not None and (response.ok or path == "/404.html"), (path, response and response.status)
        return self.page

    def foreign(self):
        return [u for u in self.requests
                if not u.startswith(("data:", "blob:", "about:")) and urlsplit(u)[:2] != self.origin]

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def desktop(browser, portal_url):
    tab = Tab(browser, portal_url, DESKTOP)
    yield tab
    tab.close()


@pytest.fixture(scope="module")
def phone(browser, portal_url):
    tab = Tab(browser, portal_url, NARROW, has_touch=True, is_mobile=True)
    yield tab
    tab.close()


# ---- search -------------------------------------------------------------------------------

@pytest.mark.parametrize("term, expected", [
    ("認証キー", "how-it-works/"),
    ("受領", "orderer/(records|ledger)/"),  # recording a receipt, or the ledger of them: both are meant
    ("受領台帳", "orderer/ledger/"),
    ("佐久市", "saku/"),
    ("変更", "contractor/changes/"),
    # Latin letters and kana in one word, half- and full-width: how clerks type it.
    ("QRコード", "orderer/(verify/)?"),
    ("ＱＲコード", "orderer/(verify/)?"),
    ("プライバシーポリシー", "about/privacy/"),
    ("利用規約", "about/terms/"),
    ("運営者", "about/"),
])
def test_japanese_search_finds_the_right_page(desktop, term, expected):
    page = desktop.open("/")
    search = page.locator("input.md-search__input")
    search.click()
    search.fill(term)
    search.press("End")  # Material searches on key events; fill() alone sends none
    first = page.locator("li.md-search-result__item > a.md-search-result__link").first
    # Material lists one entry per page, best first: the page meant must come first.
    expect(first).to_have_attribute("href", re.compile(rf"/{expected}\?h="), timeout=15_000)


@pytest.mark.parametrize("phrase, expected, words", [
    # The button's own label, with and without its ending, and what a clerk asks after 変更済み.
    ("受領を記録", "orderer/records/", ["受領", "記録"]),
    ("受領を記録する", "orderer/records/", ["受領", "記録"]),
    ("変更された", "contractor/changes/", ["変更"]),
    ("確認結果の見方", "orderer/results/", ["確認", "結果", "見方"]),
    ("受領台帳", "orderer/ledger/", ["受領", "台帳"]),
])
def test_search_finds_the_phrases_clerks_type(desktop, phrase, expected, words):
    """The pages' Japanese is cut into words by TinySegmenter; a typed phrase is cut the same
    way (search-ja.js), its words all required and its hiragana endings left out, so the page
    that says it comes first and only the words are marked in the results."""
    page = desktop.open("/")
    search = page.locator("input.md-search__input")
    search.click()
    search.fill(phrase)
    search.press("End")
    first = page.locator("li.md-search-result__item > a.md-search-result__link").first
    expect(first).to_have_attribute("href", re.compile(rf"/{expected}\?h="), timeout=15_000)
    expect(page.locator(".md-search-result__meta")).not_to_have_text(re.compile("見つかりません|ありません"))
    highlighted = first.get_attribute("href").split("?h=", 1)[1].split("#", 1)[0]
    from urllib.parse import unquote_plus
    assert unquote_plus(highlighted).split() == words, highlighted
    # What is marked in the results is the phrase's words (or words they begin: 受領済み),
    # never a particle or an ending on its own (を, た).
    marks = {m for m in page.locator(".md-search-result mark").all_inner_texts() if m.strip()}
    assert marks and all(m.startswith(tuple(words)) for m in marks), marks


def test_the_search_index_is_loaded_only_when_search_is_used(browser, portal_url):
    """A clerk opening a notice's link never searches: the index (over 100 KB) waits for search."""
    tab = Tab(browser, portal_url, DESKTOP)  # its own: no index cached or requested before
    try:
        page = tab.open("/orderer/verify/")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        assert not any("search_index.json" in url for url in tab.requests)
        search = page.locator("input.md-search__input")
        search.click()
        search.fill("QRコード")
        search.press("End")
        expect(page.locator("li.md-search-result__item").first).to_be_visible(timeout=15_000)
        assert sum("search_index.json" in url for url in tab.requests) == 1
    finally:
        tab.close()


# ---- videos -------------------------------------------------------------------------------

LOAD_VIDEO = """async (video) => {
  const track = video.querySelector('track');
  const wait = (el, ok, bad) => new Promise((resolve, reject) => {
    el.addEventListener(ok, resolve, {once: true});
    el.addEventListener(bad, () => reject(new Error(bad + ' on ' + el.tagName)), {once: true});
  });
  if (video.readyState < 1) { const p = wait(video, 'loadedmetadata', 'error'); video.load(); await p; }
  if (track.readyState !== 2) await wait(track, 'load', 'error');
  const t = video.textTracks[0];
  return {duration: video.duration, src: video.currentSrc, mode: t.mode, language: t.language,
          kind: t.kind, cues: t.cues.length, first: t.cues[0].text};
}"""


@pytest.mark.parametrize("path, name", VIDEO_PAGES)
def test_video_plays_with_japanese_captions_on_by_default(desktop, path, name):
    manifest = json.loads((VIDEO_DIR / "videos.json").read_text(encoding="utf-8"))["videos"][name]
    page = desktop.open(path)
    video = page.locator(f"figure.guide-video video:has(source[src$='/{name}.webm'])")
    expect(video).to_have_count(1)
    state = video.evaluate(LOAD_VIDEO)
    assert state["src"].endswith(f"/assets/videos/{name}.webm")
    # The length the player shows (whole seconds) is the one the page states.
    assert int(state["duration"]) == int(manifest["duration"]), state
    assert (state["kind"], state["language"], state["mode"]) == ("captions", "ja", "showing")
    vtt = (VIDEO_DIR / manifest["files"]["vtt"]).read_text(encoding="utf-8")
    assert state["cues"] == vtt.count(" --> ") and state["first"] in vtt
    # The transcript sits right under the player.
    expect(page.locator("figure.guide-video:has(source[src$='/%s.webm']) + details.guide-transcript summary"
                        % name)).to_contain_text("文字で読む")


SHOW_SHORTEST_CUE = """async (video, showing) => {
  video.removeAttribute('controls');  // as while it plays: the controls fade and the captions sit low
  const track = video.textTracks[0];
  track.mode = 'showing';
  const cue = Array.from(track.cues).reduce((a, b) => (b.text.length < a.text.length ? b : a));
  if (Math.abs(video.currentTime - (cue.startTime + cue.endTime) / 2) > 0.01) {
    const seeked = new Promise((resolve) => video.addEventListener('seeked', resolve, {once: true}));
    video.currentTime = (cue.startTime + cue.endTime) / 2;
    await seeked;
  }
  track.mode = showing ? 'showing' : 'hidden';
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return cue.text;
}"""


@pytest.mark.parametrize("width", [DESKTOP["width"], NARROW["width"]])
@pytest.mark.parametrize("path, name", [(p, n) for p, n in VIDEO_PAGES if p != "/contractor/after-issuance/"])
def test_captions_are_readable_at_every_width(browser, portal_url, path, name, width):
    """The player sizes captions by the picture (5% of its height: about 8 px on a phone); the
    site sets a readable size there. A one-line caption, as Chromium draws it, is at least
    15 px tall (13 px text and its line) and inside the player."""
    from io import BytesIO

    from PIL import Image, ImageChops

    tab = Tab(browser, portal_url, {"width": width, "height": 800})
    try:
        page = tab.open(path)
        video = page.locator(f"figure.guide-video video:has(source[src$='/{name}.webm'])")
        video.evaluate(LOAD_VIDEO)
        video.scroll_into_view_if_needed()
        text = video.evaluate(SHOW_SHORTEST_CUE, True)
        with_caption = Image.open(BytesIO(video.screenshot())).convert("L")
        video.evaluate(SHOW_SHORTEST_CUE, False)
        without = Image.open(BytesIO(video.screenshot())).convert("L")
        drawn = ImageChops.difference(with_caption, without).point(lambda v: 255 if v > 40 else 0).getbbox()
        assert drawn is not None, "no caption was drawn"
        assert drawn[3] - drawn[1] >= 15, (name, width, text, drawn)
        assert drawn[0] >= 0 and drawn[2] <= with_caption.width
    finally:
        tab.close()


# ---- accessibility ------------------------------------------------------------------------

def test_axe_finds_nothing_on_any_guide_page(desktop, paths):
    found = {}
    for path in paths:
        if path == VERIFY:
            continue  # in its states below
        violations = axe_violations(desktop.open(path))
        if violations:
            found[path] = describe_violations(violations)
    assert not found, "\n".join(f"{p}\n{d}" for p, d in found.items())


def test_axe_finds_nothing_on_the_guide_pages_at_360px(phone, paths):
    found = {}
    for path in paths:
        if path == VERIFY:
            continue
        violations = axe_violations(phone.open(path))
        if violations:
            found[path] = describe_violations(violations)
    assert not found, "\n".join(f"{p}\n{d}" for p, d in found.items())


@pytest.mark.parametrize("path", ["/", "/orderer/records/", "/contractor/changes/", "/about/terms/"])
def test_axe_finds_nothing_in_the_open_menu_at_360px(phone, path):
    """The menu a phone opens (☰): every section's landmark named apart, the opened section's
    heading readable."""
    page = phone.open(path)
    page.locator("label.md-header__button[for='__drawer']").click()
    expect(page.locator("nav.md-nav--primary")).to_be_in_viewport()
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


def verify_states(page, issued):
    """Drives the verify page through its states, yielding each state's name."""
    number = issued["guarantee"]["contract_number"]
    yield "empty"
    page.get_by_label("保証契約番号").fill(number)
    page.get_by_label("認証キー").fill("ABCD")
    page.get_by_role("button", name="確認する").click()
    expect(page.locator("#verify-error")).not_to_be_empty()
    yield "error"
    page.get_by_label("認証キー").fill(issued["auth_key"])
    page.get_by_role("button", name="確認する").click()
    expect(page.locator("#verify-result")).to_be_visible()
    yield "certificate"


def test_axe_on_the_verify_page_in_each_state(desktop, issue_guarantee):
    issued = issue_guarantee()
    page = desktop.open(VERIFY)
    found = {}
    for state in verify_states(page, issued):
        violations = axe_violations(page)
        if violations:
            found[state] = describe_violations(violations)
    assert not found, "\n".join(f"[{s}]\n{d}" for s, d in found.items())


# ---- 360 px --------------------------------------------------------------------------------

NO_SIDEWAYS_SCROLL = """() => ({
  page: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: window.innerWidth,
  wide: Array.from(document.querySelectorAll('.md-content *'))
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1
                    && !el.closest('.md-typeset__scrollwrap, .highlight, pre'))
    .slice(0, 5).map((el) => el.tagName + '.' + el.className)
})"""


def screenshot_dir(tmp_path_factory) -> Path:
    # GUIDE_SCREENSHOTS=dir keeps them for a person to look at; otherwise pytest's tmp.
    configured = os.environ.get("GUIDE_SCREENSHOTS")
    path = Path(configured) if configured else tmp_path_factory.mktemp("screens-360")
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_every_page_fits_360px_without_sideways_scrolling(phone, paths, issue_guarantee, tmp_path_factory):
    shots = screenshot_dir(tmp_path_factory)
    too_wide = {}
    for path in paths:
        page = phone.open(path)
        size = page.evaluate(NO_SIDEWAYS_SCROLL)
        if max(size["page"], size["body"]) > size["view"]:
            too_wide[path] = size
        name = path.strip("/").replace("/", "_") or "index"
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    # The verify page with a certificate is the widest thing a clerk sees on a phone.
    issued = issue_guarantee()
    page = phone.open(VERIFY)
    verify_in_page(page, issued["guarantee"]["contract_number"], issued["auth_key"])
    size = page.evaluate(NO_SIDEWAYS_SCROLL)
    if max(size["page"], size["body"]) > size["view"]:
        too_wide["verify (certificate)"] = size
    page.screenshot(path=str(shots / "orderer_verify_certificate.png"), full_page=True)
    assert not too_wide, too_wide


# ---- keyboard and landmarks ----------------------------------------------------------------

def test_verify_flow_by_keyboard_alone_with_landmarks_and_labels(browser, portal_url, issue_guarantee):
    issued = issue_guarantee()
    tab = Tab(browser, portal_url, DESKTOP)
    try:
        page = tab.open(VERIFY)
        for role in ("banner", "main", "navigation", "contentinfo"):
            expect(page.get_by_role(role).first).to_be_attached()
        expect(page.get_by_role("textbox", name="保証契約番号")).to_be_visible()
        expect(page.get_by_role("textbox", name="認証キー")).to_be_visible()
        expect(page.get_by_role("button", name="確認する")).to_be_visible()

        for _ in range(120):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement && document.activeElement.id") == "contract-number":
                break
        else:
            pytest.fail("the 保証契約番号 field cannot be reached with Tab")
        page.keyboard.type(issued["guarantee"]["contract_number"])
        page.keyboard.press("Tab")
        expect(page.get_by_label("認証キー")).to_be_focused()
        page.keyboard.type(issued["auth_key"])
        page.keyboard.press("Enter")
        expect(page.locator("#verify-result")).to_be_visible()
        # Focus moves to the result, where a screen reader goes on reading.
        expect(page.locator("#verify-result-heading")).to_be_focused()
    finally:
        tab.close()


# ---- no other origin ------------------------------------------------------------------------

def test_browsing_the_whole_site_requests_nothing_from_another_origin(browser, portal_url, paths, issue_guarantee):
    tab = Tab(browser, portal_url, DESKTOP)
    try:
        for path in paths:
            page = tab.open(path)
            for video in page.locator("figure.guide-video video").all():
                video.evaluate(LOAD_VIDEO)
        page = tab.open("/")
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").fill("電子保証")
        page.locator("input.md-search__input").press("End")
        expect(page.locator("li.md-search-result__item").first).to_be_visible()
        issued = issue_guarantee()
        page = tab.open(VERIFY)
        verify_in_page(page, issued["guarantee"]["contract_number"], issued["auth_key"])
        assert len(tab.requests) > len(paths)
        assert tab.foreign() == []
    finally:
        tab.close()
