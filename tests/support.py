"""Helpers shared by the test modules (import with `from support import ...`)."""
from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
import tempfile
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Where the test session's mail goes (PORTAL_OUTBOX_DIR: tests/conftest.py): made here, so a
# test module can name it at import.
OUTBOX = Path(tempfile.mkdtemp(prefix="portal-outbox-"))

TEST_SURETY_ID = "test-surety"
TEST_SURETY_NAME = "テスト建設業保証株式会社"
# The session's other issuers (tests/store_wiring.py registers them with a token each): an
# insurer (公共工事履行保証証券, 履行保証保険) and a bank (銀行等の保証).
TEST_ISSUERS = {
    "insurer": ("test-insurer", "テスト損害保険株式会社"),
    "bank": ("test-bank", "株式会社テスト銀行"),
}


def new_contract_number() -> str:
    return f"T-{uuid.uuid4().hex[:12].upper()}"


def guarantee_request(*, on: dt.date | None = None, **overrides) -> dict:
    """A valid issuance body for 佐久市 (the demo's), dated from the business date (the
    product's clock, or ``on``) so it is valid then; top-level keys in overrides replace
    the defaults. An ``amount`` given for an advance kind is the advance's too (保証金額 =
    前払金額, security_rules.py) unless ``advance`` is given as well."""
    # Imported here: chalicelib only once the environment is set.
    from chalicelib.adapters import clock
    from devtools.demo import demo_request

    body = demo_request(new_contract_number(), on or clock.today(), overrides.get("kind", "advance_payment"),
                        overrides.get("amount"))
    body.update(copy.deepcopy(overrides))
    return body


def registry_view(orderer_id: str):
    """(the body, the enrolled Orderer) of ``orderer_id`` as the tests' registry holds them
    (devtools/registry_seed.py: the national list and the demo enrolments), without a store."""
    from chalicelib.domain.orderers import Enrolment, Orderer
    from devtools import public_bodies, registry_seed
    body = next((b for b in public_bodies.national_list() if b.id == orderer_id), None)
    raw = next((e for e in registry_seed.demo_enrolments() if e["orderer_id"] == orderer_id), None)
    return body, (Orderer(body, Enrolment.from_record(raw)) if body is not None and raw is not None else None)


def demo_orderers() -> list:
    """The enrolled Orderers of the demo data, by id: what the site's orderer pages render
    (site/hooks/orderers.py) and what the tests' registry enrols."""
    from devtools import registry_seed
    return sorted((registry_view(e["orderer_id"])[1] for e in registry_seed.demo_enrolments()), key=lambda o: o.id)


def demo_body(orderer_id: str = "202177"):
    """The PublicBody of an orderer of the national list (佐久市 unless named)."""
    return registry_view(orderer_id)[0]


def read_issuance(body, today: dt.date, issuer_type: str = "surety_company"):
    """The terms of an issuance body as the server reads them: its schema at the edge
    (openapi.yaml, strings as kept), then the domain's rules on ``today``, the orderer's
    enrolment (the demo's) on the contract date among them."""
    from chalicelib.domain.terms_rules import parse_issuance
    from chalicelib.edge import request_check
    checked = request_check.checked("createGuarantee", body)
    return parse_issuance(checked, today, *registry_view(checked["orderer_id"]), issuer_type)


def corporate_number(base12: str) -> str:
    """A valid 法人番号: the check digit (国税庁の計算式) followed by twelve digits."""
    total = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(base12), start=1))
    return str(9 - total % 9) + base12


REMOVE = object()


def item_at(doc, path: tuple):
    """The item at path (keys from the top) of a JSON document."""
    for key in path:
        doc = doc[key]
    return doc


def places(body: dict, prefix: tuple = ()):
    """The path (tuple of keys) of every item of a JSON object, nested objects included."""
    for key, value in body.items():
        yield prefix + (key,)
        if isinstance(value, dict):
            yield from places(value, prefix + (key,))


def replaced(doc, path: tuple, value):
    """A deep copy of doc with the item at path (keys from the top) set to value, or removed (REMOVE)."""
    doc = copy.deepcopy(doc)
    target = doc
    for key in path[:-1]:
        target = target[key]
    if value is REMOVE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return doc


def post_json(api, path: str, body, headers: dict | None = None):
    return api.post(path, body=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                    headers={"Content-Type": "application/json", **(headers or {})})


def notice_pdf(api, issued: dict) -> bytes:
    """The 認証キーのお知らせ PDF of an issued guarantee, as the contractor receives it."""
    response = post_json(api, "/v1/notices", {"contract_number": issued["guarantee"]["contract_number"],
                                               "auth_key": issued["auth_key"]}, {"Accept": "application/pdf"})
    assert response.status_code == 200
    return response.body


def issue_headers(token: str, idempotency_key: str | None = None) -> dict:
    return {"Authorization": f"Bearer {token}", "Idempotency-Key": idempotency_key or str(uuid.uuid4())}


@contextlib.contextmanager
def clock_at(moment: dt.datetime):
    """Run the portal as if it were `moment` (UTC-aware), e.g. to issue a guarantee in the past."""
    from chalicelib.adapters import clock
    clock.set_clock(lambda: moment)
    try:
        yield
    finally:
        clock.set_clock(None)


def verify_in_page(page, contract_number: str, auth_key: str, wait: bool = True) -> None:
    """Type a number and key into the open verification page and press 確認する (Playwright);
    with wait, until the result is shown."""
    page.get_by_label("保証契約番号").fill(contract_number)
    page.get_by_label("認証キー").fill(auth_key)
    page.get_by_role("button", name="確認する").click()
    if wait:
        from playwright.sync_api import expect
        expect(page.locator("#verify-result")).to_be_visible()


def report_line(request, line: str) -> None:
    """A headline figure on the terminal, outside pytest's output capture."""
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is None:
        return
    if capture is None:
        reporter.write_line(line)
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line(line)


# ---- accessibility (browser tests) ---------------------------------------------------------

AXE = Path(__file__).parent / "e2e" / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]  # WCAG 2.1 AA, as JIS X 8341-3:2016 AA
# Plus axe's landmark rules (landmark-unique and the rest, tagged best-practice, so outside the
# tags above): a screen reader lists the landmarks by name, and two sidebar sections that are
# both called "" cannot be told apart.
AXE_EXTRA_RULE_PREFIX = "landmark-"
_AXE_SOURCE: list[str] = []


def _axe_source() -> str:
    if not _AXE_SOURCE:
        _AXE_SOURCE.append(AXE.read_text(encoding="utf-8") + "\n;void 0;")
    return _AXE_SOURCE[0]


def axe_violations(page) -> list[dict]:
    if not AXE.is_file():
        raise AssertionError(f"{AXE} is missing: run `make install` (it copies axe-core from node_modules)")
    if not page.evaluate("() => Boolean(window.axe)"):
        # Evaluated through the DevTools protocol: the site's CSP (script-src 'self', no
        # inline) rightly refuses an injected <script>, and must not be loosened for a test.
        page.evaluate(_axe_source())
    # Colours are judged at rest: a header title or a back-to-top button caught mid-fade has
    # a contrast it never keeps (Material animates both when the page scrolls).
    page.evaluate("""() => Promise.race([
        Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null))),
        new Promise((resolve) => setTimeout(resolve, 2000))])""")
    return page.evaluate(
        """async ([tags, prefix]) => {
            const rules = Object.fromEntries(axe.getRules(['best-practice'])
              .filter((r) => r.ruleId.startsWith(prefix)).map((r) => [r.ruleId, {enabled: true}]));
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, rules, resultTypes: ['violations']});
            return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map((n) => ({target: n.target.join(' '), html: n.html.slice(0, 300),
                                          summary: n.failureSummary}))}));
        }""",
        [AXE_TAGS, AXE_EXTRA_RULE_PREFIX],
    )


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines += [f"    {n['target']}: {n['html']}\n      {n['summary']}" for n in v["nodes"][:5]]
    return "\n".join(lines)




# ---- orderer staff (receipts need a signed-in member of the orderer's staff) ----------------

def staff_address() -> str:
    """A fresh staff account of 佐久市 (codes and their limits are per address)."""
    return f"keiyaku-{uuid.uuid4().hex[:8]}@city.saku.nagano.jp"


def mails_sent_to(address: str) -> list:
    """The e-mails sent to an address, oldest first (the local outbox), as EmailMessage."""
    import email
    import email.policy
    messages = [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                for path in sorted(OUTBOX.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)]
    return [m for m in messages if m["To"] == address]


def codes_sent_to(address: str) -> list[str]:
    """The sign-in codes mailed to an address, oldest first (the local outbox)."""
    import re
    return [code for m in mails_sent_to(address) for code in re.findall(r"確認コード：(\d{8})", m.get_content())]


STAFF_ORIGIN = {"Origin": "http://127.0.0.1:8000"}  # PORTAL_SITE_URL of the test session


def staff_headers(api, address: str | None = None) -> dict:
    """Cookie and Origin of a newly signed-in member of 佐久市's staff (under the current clock)."""
    address = address or staff_address()
    assert post_json(api, "/v1/staff/sign-in-codes", {"email": address}, STAFF_ORIGIN).status_code == 202
    response = post_json(api, "/v1/staff/session", {"email": address, "code": codes_sent_to(address)[-1]}, STAFF_ORIGIN)
    assert response.status_code == 201, response.body
    return {"Cookie": response.headers["Set-Cookie"].split(";", 1)[0], **STAFF_ORIGIN}


def accessible(page, shot: str | None = None, full_page: bool = False) -> None:
    """No axe violation on the page as it is now; with PORTAL_SCREENSHOTS=<dir>, a screenshot
    named ``shot`` for people to look at (the assertion does not need it)."""
    import os
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    shots = os.environ.get("PORTAL_SCREENSHOTS")
    if shots and shot:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{shots}/{shot}.png", full_page=full_page)


def current_store():
    """The store the running test is on (tests/conftest.py installs it): ports.storage.Store."""
    from chalicelib.usecases.common import dependencies
    return dependencies.get().store


def counter(name: str, window: str) -> int:
    """A failure counter's value in the current store (0 if never counted)."""
    return current_store().counters.counts([(name, window)])[(name, window)]
