"""The notice's QR code on the verify page, in real Chromium: the link itself, the camera
(Chromium's fake camera playing a generated video), an uploaded image, and the refusals.

Linux Chromium has no BarcodeDetector, so these exercise the vendored decoder (jsQR);
one test stands in a fake BarcodeDetector to check that a native one is preferred.
"""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from chalicelib.domain.links import verify_url
from qr_media import camera_frame, page_with_qr, qr_code, qr_video, write_png
from support import verify_in_page

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
WRONG_QR = "このQRコードは電子保証の認証キーのものではありません。"
CAMERA_REFUSED = "カメラの使用が許可されていません。"
NO_CAMERA = "カメラが見つかりませんでした。"
NO_CAMERA_API = "このブラウザではカメラを使用できません。"
NO_QR_IN_IMAGE = "画像からQRコードを読み取れませんでした。"
UNREADABLE_IMAGE = "画像を読み込めませんでした。"
SCANNER_FILES = ("/assets/javascripts/scan.js", "/assets/vendor/jsqr/jsQR.js")

# Wraps getUserMedia so a test can see the constraints asked for and whether every
# track the page got was stopped.
RECORD_STREAMS = """
window.__streams = [];
if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = (constraints) => {
    window.__constraints = constraints;
    return original(constraints).then((stream) => { window.__streams.push(stream); return stream; });
  };
}
"""
TRACK_STATES = "window.__streams.flatMap((s) => s.getTracks()).map((t) => t.readyState)"


@pytest.fixture
def launch_camera_browser(browser, tmp_path):
    """launch(video) -> a Chromium whose only camera plays `video` (a .y4m).

    No --use-fake-ui-for-media-stream: a context gets the camera only when the test
    grants it, and --deny-permission-prompts turns every other request into
    NotAllowedError at once instead of an unanswered prompt.
    """
    launched = []

    def launch(video):
        b = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video.resolve()}",
            "--deny-permission-prompts",
        ])
        launched.append(b)
        return b

    yield launch
    for b in launched:
        b.close()


class Session:
    """A fresh context and page that records every request the page makes."""

    def __init__(self, browser, portal_url, camera=False, init_script=None, viewport=PHONE):
        self.portal_url = portal_url
        self.context = browser.new_context(viewport=viewport, locale="ja-JP", has_touch=True,
                                           permissions=["camera"] if camera else [])
        self.context.set_default_timeout(10_000)
        self.requests = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.context.add_init_script(RECORD_STREAMS)
        if init_script:
            self.context.add_init_script(init_script)
        self.page = self.context.new_page()

    def open(self, url=None):
        self.page.goto(url or f"{self.portal_url}/orderer/verify/")
        expect(self.page.get_by_label("保証契約番号")).to_be_visible()
        return self.page

    def foreign_requests(self):
        origin = urlsplit(self.portal_url)[:2]
        return [u for u in self.requests
                if not u.startswith(("data:", "blob:")) and urlsplit(u)[:2] != origin]

    def requested(self, path):
        return any(urlsplit(u).path == path for u in self.requests)

    def close(self):
        self.context.close()


@pytest.fixture
def session_factory(portal_url):
    sessions = []

    def make(browser, **kwargs):
        s = Session(browser, portal_url, **kwargs)
        sessions.append(s)
        return s

    yield make
    for s in sessions:
        s.close()


def expect_certificate(page, issued):
    expect(page.locator("#verify-result")).to_be_visible()
    expect(page.locator('#verify-result [data-field="contract_number"]')).to_have_text(
        issued["guarantee"]["contract_number"])
    expect(page.locator('#verify-result [data-field="status"]')).to_have_text("有効")
    expect(page.locator("#verify-error")).to_be_empty()


def link_for(issued, portal_url):
    return verify_url(portal_url, issued["guarantee"]["contract_number"], issued["auth_key"])


def upload(page, path):
    page.get_by_label("PDF・画像から読み取る").set_input_files(str(path))


# ---- (a) the link in the QR code ----

def test_opening_the_qr_link_verifies_at_once_and_clears_the_fragment(
        browser, session_factory, portal_url, issue_guarantee):
    issued = issue_guarantee()
    link = link_for(issued, portal_url)
    assert "#n=" in link and "&k=" in link
    s = session_factory(browser)

    page = s.open(link)

    expect_certificate(page, issued)
    assert page.url == f"{portal_url}/orderer/verify/"
    assert page.evaluate("location.hash") == ""
    assert page.get_by_label("認証キー").input_value() == issued["auth_key"]
    # The key went in the POST body only, and the scanner was not loaded for this.
    assert all(issued["auth_key"] not in u for u in s.requests)
    assert not any(s.requested(path) for path in SCANNER_FILES)
    assert s.foreign_requests() == []


def test_fragment_with_only_a_key_is_removed_without_verifying(browser, session_factory, portal_url):
    s = session_factory(browser)

    page = s.open(f"{portal_url}/orderer/verify/#k=ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345")

    assert page.evaluate("location.hash") == ""
    expect(page.locator("#verify-result")).to_be_hidden()
    assert not any("/v1/verifications" in u for u in s.requests)


# ---- (b) the camera ----

def test_camera_scan_shows_the_certificate_and_stops_the_camera(
        launch_camera_browser, session_factory, portal_url, issue_guarantee, tmp_path):
    issued = issue_guarantee()
    camera = launch_camera_browser(qr_video(link_for(issued, portal_url), tmp_path / "qr.y4m"))
    s = session_factory(camera, camera=True)
    page = s.open()

    page.get_by_role("button", name="QRコードを読み取る").click()

    expect_certificate(page, issued)
    expect(page.locator("#scan-camera")).to_be_hidden()
    assert page.evaluate(TRACK_STATES) == ["ended"]
    assert page.evaluate("window.__constraints.video.facingMode") == {"ideal": "environment"}
    assert page.url == f"{portal_url}/orderer/verify/"
    assert s.requested("/assets/vendor/jsqr/jsQR.js")  # no BarcodeDetector on Linux Chromium
    assert s.foreign_requests() == []


def test_camera_on_a_foreign_qr_code_warns_and_stops_on_request_or_when_leaving(
        launch_camera_browser, session_factory, portal_url, tmp_path):
    camera = launch_camera_browser(qr_video("https://example.com/login", tmp_path / "foreign.y4m"))
    s = session_factory(camera, camera=True, viewport={"width": 360, "height": 740})
    page = s.open()
    start = page.get_by_role("button", name="QRコードを読み取る")
    stop = page.get_by_role("button", name="読み取りをやめる")

    start.click()
    expect(page.locator("#scan-error")).to_contain_text(WRONG_QR)
    expect(page.locator("#scan-video")).to_be_visible()
    expect(stop).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    stop.click()
    expect(page.locator("#scan-camera")).to_be_hidden()
    expect(start).to_be_focused()
    assert page.evaluate(TRACK_STATES) == ["ended"]
    # Esc stops it too, as it closes anything that took over the screen.
    start.click()
    expect(stop).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#scan-camera")).to_be_hidden()
    expect(start).to_be_focused()
    assert page.evaluate(TRACK_STATES) == ["ended", "ended"]

    # Leaving: bfcache / navigation, another tab or app, Material's instant navigation.
    leaving = [
        "window.dispatchEvent(new PageTransitionEvent('pagehide'))",
        "Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});"
        " document.dispatchEvent(new Event('visibilitychange'));"
        " delete document.visibilityState",
        "window.location$.next(new URL(location.href))",
        "window.document$.next(document)",
    ]
    for n, script in enumerate(leaving, start=3):
        start.click()
        expect(stop).to_be_visible()
        page.evaluate(script)
        expect(page.locator("#scan-camera")).to_be_hidden()
        assert page.evaluate(TRACK_STATES) == ["ended"] * n, script

    assert page.url == f"{portal_url}/orderer/verify/"
    assert not any("/v1/verifications" in u for u in s.requests)
    assert s.foreign_requests() == []


# ---- (c) an image ----

def test_image_of_the_notice_shows_the_certificate(
        browser, session_factory, portal_url, issue_guarantee, tmp_path):
    issued = issue_guarantee()
    s = session_factory(browser)
    page = s.open()

    upload(page, write_png(page_with_qr(link_for(issued, portal_url)), tmp_path / "notice.png"))

    expect_certificate(page, issued)
    expect(page.locator("#scan-status")).to_have_text("QRコードを読み取りました。")
    assert s.foreign_requests() == []


def test_link_printed_for_another_deployment_is_read_but_never_followed(
        browser, session_factory, portal_url, issue_guarantee, tmp_path):
    issued = issue_guarantee()
    printed = link_for(issued, "https://portal.example.jp")
    s = session_factory(browser)
    page = s.open()

    upload(page, write_png(qr_code(printed), tmp_path / "other.png"))

    expect_certificate(page, issued)
    assert page.url == f"{portal_url}/orderer/verify/"
    assert s.foreign_requests() == []


@pytest.mark.parametrize("text", [
    "https://example.com/login",
    "https://example.com/orderer/verify/#n=<b>x</b>&k=ABCD-EFGH",
    "SAKU-2024-0001 ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345",
], ids=["other-site", "other-site-odd-values", "plain-text"])
def test_foreign_qr_code_is_refused_and_not_followed(browser, session_factory, portal_url, tmp_path, text):
    s = session_factory(browser)
    page = s.open()

    upload(page, write_png(qr_code(text), tmp_path / "foreign.png"))

    expect(page.locator("#scan-error")).to_have_text(
        WRONG_QR + "お知らせに印刷されたQRコードを読み取ってください。")
    assert page.url == f"{portal_url}/orderer/verify/"
    assert page.get_by_label("保証契約番号").input_value() == ""
    assert not any("/v1/verifications" in u for u in s.requests)
    assert s.foreign_requests() == []


@pytest.mark.parametrize("name, content, message", [
    ("blank.png", "no-code", NO_QR_IN_IMAGE),
    ("broken.png", b"this is not a picture", UNREADABLE_IMAGE),
], ids=["no-code", "not-an-image"])
def test_image_without_a_code_or_not_an_image(browser, session_factory, tmp_path, name, content, message):
    path = tmp_path / name
    if content == "no-code":
        write_png(camera_frame(None), path)
    else:
        path.write_bytes(content)
    s = session_factory(browser)
    page = s.open()

    upload(page, path)

    expect(page.locator("#scan-error")).to_contain_text(message)
    expect(page.locator("#scan-status")).to_be_empty()


def test_native_barcode_detector_is_preferred(browser, session_factory, portal_url, issue_guarantee, tmp_path):
    issued = issue_guarantee()
    link = link_for(issued, portal_url)
    fake = """
    window.BarcodeDetector = class {
      static getSupportedFormats() { return Promise.resolve(["qr_code", "ean_13"]); }
      constructor(options) { window.__formats = options.formats; }
      detect() { return Promise.resolve([{ format: "qr_code", rawValue: %s }]); }
    };
    """ % json.dumps(link)
    s = session_factory(browser, init_script=fake)
    page = s.open()

    upload(page, write_png(camera_frame(None), tmp_path / "any.png"))

    expect_certificate(page, issued)
    assert page.evaluate("window.__formats") == ["qr_code"]
    assert not s.requested("/assets/vendor/jsqr/jsQR.js")


# ---- (d) no camera ----

def test_refused_camera_explains_and_the_typed_form_still_works(
        launch_camera_browser, session_factory, issue_guarantee, tmp_path):
    issued = issue_guarantee()
    camera = launch_camera_browser(qr_video(None, tmp_path / "blank.y4m"))
    s = session_factory(camera, camera=False)
    page = s.open()

    page.get_by_role("button", name="QRコードを読み取る").click()

    expect(page.locator("#scan-error")).to_contain_text(CAMERA_REFUSED)
    expect(page.locator("#scan-camera")).to_be_hidden()
    expect(page.get_by_role("button", name="QRコードを読み取る")).to_be_enabled()
    verify_in_page(page, issued["guarantee"]["contract_number"], issued["auth_key"], wait=False)
    expect_certificate(page, issued)
    expect(page.locator("#scan-error")).to_be_empty()


@pytest.mark.parametrize("init_script, message", [
    (None, NO_CAMERA),  # this Chromium has no camera device
    # Plain http on a phone: no navigator.mediaDevices outside a secure context.
    ("Object.defineProperty(Navigator.prototype, 'mediaDevices', {get: () => undefined});", NO_CAMERA_API),
], ids=["no-device", "no-mediaDevices"])
def test_no_camera_explains(browser, session_factory, init_script, message):
    s = session_factory(browser, init_script=init_script)
    page = s.open()

    page.get_by_role("button", name="QRコードを読み取る").click()

    expect(page.locator("#scan-error")).to_contain_text(message)
    expect(page.locator("#scan-camera")).to_be_hidden()


# ---- the acceptance rule itself ----

def test_which_decoded_texts_are_accepted(browser, session_factory, portal_url):
    s = session_factory(browser)
    page = s.open()
    page.add_script_tag(url=f"{portal_url}/assets/javascripts/scan.js")
    here = f"{portal_url}/orderer/verify/"
    cases = {
        here + "#n=SAKU-2024-0001&k=ABCD-EFGH": {"n": "SAKU-2024-0001", "k": "ABCD-EFGH"},
        here + "#n=%E4%BD%90%E4%B9%85&k=abcd%20efgh": {"n": "佐久", "k": "abcd efgh"},  # this site: as is
        "  https://portal.example.jp/orderer/verify/#n=A-1&k=B2  ": {"n": "A-1", "k": "B2"},
        "https://portal.example.jp/orderer/verify/#n=A-1&k=B%3Cscript%3E": None,
        "https://portal.example.jp/orderer/verify/?n=A-1&k=B2": None,  # query: would reach a server
        here + "#n=SAKU-2024-0001": None,
        "javascript:alert(1)//#n=A&k=B": None,
        "data:text/html,x#n=A&k=B": None,
        "SAKU-2024-0001": None,
    }
    got = {text: page.evaluate("(t) => PortalScan.acceptedLink(t)", text) for text in cases}
    assert got == cases
