"""Which way of reading the notice is the filled, first button on the verify page, in real
Chromium: the PDF on a PC (with a camera or without: the notice reached it by mail) and on
a phone without a camera; the camera on a phone or tablet that has one. The primary button
must be the one that works on the device, first in the tab order as on screen."""
from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
VERIFY = "/orderer/verify/"
PC = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True}
FILE, CAMERA = "PDF・画像から読み取る", "QRコードを読み取る"
NO_CAMERA = "カメラが見つかりませんでした。"


@pytest.fixture(scope="module")
def camera_browser(browser):
    """A Chromium with one camera (Chromium's fake device: a test pattern)."""
    b = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--use-fake-device-for-media-stream", "--deny-permission-prompts",
    ])
    yield b
    b.close()


def open_page(browser, portal_url, device, **options):
    context = browser.new_context(locale="ja-JP", **device, **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(portal_url + VERIFY)
    expect(page.locator(".portal-verify[data-scan-primary]")).to_be_attached()  # decided
    return page


def primary_and_order(page):
    """The filled button's text, and the scan controls in the tab order (the file input
    stands for its label, which is what people see and press)."""
    actions = page.locator(".portal-scan-actions")
    primary = actions.locator(".md-button--primary")
    expect(primary).to_have_count(1)
    order = actions.evaluate("""(el) => Array.from(el.children)
        .filter((c) => c.tabIndex >= 0 && !c.matches('label'))
        .map((c) => c.id === 'scan-file' ? c.labels[0].textContent.trim() : c.textContent.trim())""")
    return primary.inner_text().strip(), order


def shoot(page, name):
    shots = os.environ.get("PORTAL_SCREENSHOTS")
    if shots:
        page.locator(".portal-scan").screenshot(path=os.path.join(shots, f"{name}.png"))


@pytest.mark.parametrize("device", [PC, PHONE], ids=["pc", "phone"])
def test_without_a_camera_the_pdf_is_the_primary_button_and_works(browser, portal_url, device):
    page = open_page(browser, portal_url, device)

    assert primary_and_order(page) == (FILE, [FILE, CAMERA])
    shoot(page, f"scan-buttons-no-camera-{device['viewport']['width']}")
    with page.expect_file_chooser() as chooser:
        page.locator(".portal-scan-actions .md-button--primary").click()
    assert chooser.value.element.get_attribute("id") == "scan-file"
    # The camera is still there to try; it says why it cannot work here.
    page.get_by_role("button", name=CAMERA).click()
    expect(page.locator("#scan-error")).to_contain_text(NO_CAMERA)
    page.context.close()


def test_a_pc_with_a_webcam_keeps_the_pdf_first(camera_browser, portal_url):
    page = open_page(camera_browser, portal_url, PC)
    assert page.evaluate("navigator.mediaDevices.enumerateDevices().then((l) => l.some((d) => d.kind === 'videoinput'))")

    assert primary_and_order(page) == (FILE, [FILE, CAMERA])
    page.context.close()


def test_a_phone_with_a_camera_has_the_camera_first_and_it_starts(camera_browser, portal_url):
    page = open_page(camera_browser, portal_url, PHONE, permissions=["camera"])

    assert primary_and_order(page) == (CAMERA, [CAMERA, FILE])
    shoot(page, "scan-buttons-camera-360")
    page.locator(".portal-scan-actions .md-button--primary").click()
    expect(page.locator("#scan-video")).to_be_visible()
    expect(page.locator("#scan-error")).to_be_empty()
    page.get_by_role("button", name="読み取りをやめる").click()
    expect(page.locator("#scan-camera")).to_be_hidden()
    page.context.close()
