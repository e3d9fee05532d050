"""The MkDocs site builds strictly, carries the API base, and loads nothing from other origins."""
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
PYTHON = str(VENV_PYTHON if VENV_PYTHON.exists() else Path(sys.executable))


def build(out_dir, api_base=None):
    env = {k: v for k, v in os.environ.items() if k != "PORTAL_API_BASE"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if api_base is not None:
        env["PORTAL_API_BASE"] = api_base
    result = subprocess.run(
        [PYTHON, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    return out_dir


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(tmp_path_factory.mktemp("site"))


class AssetRefs(HTMLParser):
    """Collects <script src> and <link href> (with rel) and the portal-api-base meta."""

    def __init__(self):
        super().__init__()
        self.refs, self.api_base = [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.refs.append(("script", a["src"], ""))
        elif tag == "link" and a.get("href"):
            self.refs.append(("link", a["href"], a.get("rel") or ""))
        elif tag == "meta" and a.get("name") == "portal-api-base":
            self.api_base = a.get("content")


def parse(path):
    parser = AssetRefs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_verify_page_carries_default_api_base(site):
    verify = site / "orderer" / "verify" / "index.html"
    assert verify.is_file()
    assert parse(verify).api_base == "/api"
    html = verify.read_text(encoding="utf-8")
    assert 'id="verify-form"' in html and "verify.js" in html


def test_api_base_comes_from_environment(tmp_path):
    out = build(tmp_path / "site", api_base="https://example.test/api")
    assert parse(out / "orderer" / "verify" / "index.html").api_base == "https://example.test/api"


def test_page_script_only_on_verify_page_and_overrides_not_published(site):
    assert (site / "assets" / "javascripts" / "verify.js").is_file()
    assert (site / "assets" / "stylesheets" / "portal.css").is_file()
    assert not (site / "overrides").exists()
    for page in ("index.html", "orderer/index.html", "contractor/index.html"):
        assert "verify.js" not in (site / page).read_text(encoding="utf-8"), page


def test_no_third_party_origins(site):
    pages = sorted(site.rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, page
        for tag, url, rel in parse(page).refs:
            if "canonical" in rel:  # names this page's own address, loads nothing
                continue
            assert not url.startswith(("http://", "https://", "//")), (page, tag, url)


def test_the_404_page_and_the_footer_are_japanese_and_credit_no_tool(site):
    page = (site / "404.html").read_text(encoding="utf-8")
    assert "ページが見つかりません" in page and "Not found" not in page
    assert 'href="/orderer/verify/"' in page
    for built in (site / "index.html", site / "404.html"):
        html = built.read_text(encoding="utf-8")
        assert "Made with" not in html and "squidfunk" not in html


def test_every_page_links_the_operator_terms_and_privacy_pages_that_exist(site):
    for built in (site / "index.html", site / "404.html", site / "orderer" / "verify" / "index.html"):
        html = built.read_text(encoding="utf-8")
        footer = html[html.index('class="portal-footer-links"'):]
        for label, target in (("運営者情報", "about/"), ("利用規約", "about/terms/"),
                              ("プライバシーポリシー", "about/privacy/")):
            assert f'{target}">{label}</a>' in footer, (built, label)
            assert (site / target / "index.html").is_file()
    # The 404 page is served at any depth: its links are absolute paths, never "//about/".
    assert 'href="/about/privacy/"' in (site / "404.html").read_text(encoding="utf-8")


def test_the_privacy_page_states_the_periods_the_code_keeps_things_for(site):
    import json
    sys.path.insert(0, str(ROOT / "api"))
    from chalicelib.domain import retention, staff

    text = (site / "about" / "privacy" / "index.html").read_text(encoding="utf-8")
    assert "{{" not in text and "fact." not in text
    days = lambda period: period.days  # noqa: E731
    hours = lambda period: int(period.total_seconds() // 3600)  # noqa: E731
    minutes = lambda period: int(period.total_seconds() // 60)  # noqa: E731
    for phrase in (f"最後の操作から{minutes(staff.SESSION_IDLE)}分",
                   f"サインインから{hours(staff.SESSION_ABSOLUTE)}時間",
                   f"{minutes(staff.CODE_TTL)}分で無効",
                   f"<td>{hours(retention.WRONG_KEY_COUNTER)}時間</td>",
                   f"送信から{days(retention.SENT_MAIL)}日",
                   f"判断してから{days(retention.FAILED_MAIL)}日",
                   f"<td>{hours(retention.IDEMPOTENT_REPLY)}時間</td>"):
        assert phrase in text, phrase
    stages = json.loads((ROOT / "infra" / "stages.json").read_text(encoding="utf-8"))
    assert f"<td>{stages['prod']['log_retention_days']}日</td>" in text
    terms = (site / "about" / "terms" / "index.html").read_text(encoding="utf-8")
    assert f"5分間に{stages['prod']['waf_verify_limit_per_5min']:,}件" in terms  # the WAF's limit, as deployed
    # The sign-in limits, as the code has them (a limit on the client, never the address).
    assert (f"同じ接続元から1時間に{staff.MAX_WRONG_CODES_PER_CLIENT}回、同じメールアドレスについては"
            f"{staff.MAX_WRONG_CODES_PER_CLIENT_AND_ADDRESS}回まで") in terms
    # Nobody invented a legal entity: the unfilled operator says so on every policy page.
    operator = json.loads((ROOT / "site" / "operator.json").read_text(encoding="utf-8"))
    for page in ("about", "about/terms", "about/privacy"):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert (operator["name"] or "本番公開の前に記載します") in html


def test_an_unknown_fact_fails_the_build_instead_of_printing_braces():
    sys.path.insert(0, str(ROOT / "site" / "hooks"))
    import policy_facts
    from mkdocs.exceptions import PluginError

    assert policy_facts.fill("保存期間は{{ fact.sent_mail_days }}日", {"sent_mail_days": "30"}, "p.md") == "保存期間は30日"
    with pytest.raises(PluginError, match="unknown fact 'sent_mail_dayz'"):
        policy_facts.fill("{{ fact.sent_mail_dayz }}", {"sent_mail_days": "30"}, "p.md")
