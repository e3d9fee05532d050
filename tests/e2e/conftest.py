"""Browser fixtures for the e2e tests: Debian's Chromium driven by Playwright.

`portal_url` and `issue_guarantee` come from the top-level tests/conftest.py.
Playwright's own browser download does not work here, so the system Chromium is used.
"""
import pytest

from store_wiring import module_wiring, store, wiring  # noqa: F401 - the store of each test (tests/store_wiring.py)
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # A fresh context per test: no cookies, storage or focus state leak between tests.
    context = browser.new_context(viewport=PHONE, locale="ja-JP", has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
