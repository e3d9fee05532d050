"""The page for orderers' IT departments (site/orderer/network.md) names the host names to allow
and the mail sender from where they are decided — the production stage in infra/stages.json and
the API base the pages call (mkdocs.yml extra.api_base) — never from a copy: the site is built
here with another stage and another API host, and the page must say those and nothing of the
real ones. What it promises about other hosts is what the site's headers enforce; the 電子提出
guides print the 受付番号's form and the inbox's states from domain/submissions.py."""
from __future__ import annotations

import html as html_lib
import json
import re
import sys
from pathlib import Path

import pytest

from support import REPO

STAGES = json.loads((REPO / "infra" / "stages.json").read_text(encoding="utf-8"))
PROD = next(s for s in STAGES.values() if isinstance(s, dict) and s.get("production"))
NETWORK = Path("orderer/network/index.html")


def article(page: Path) -> str:
    body = page.read_text(encoding="utf-8")
    found = re.search(r"<article.*?</article>", body, re.S)
    assert found, page
    return found.group(0)


def text_of(page: Path) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", "", article(page)))


def host_rows(page: Path) -> dict[str, str]:
    """The table of host names to allow: host name → what it serves (the page's first table)."""
    table = re.search(r"<table>.*?</table>", article(page), re.S)
    assert table, "no table of host names"
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table.group(0), re.S)[1:]:
        cells = [html_lib.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
        rows[cells[0]] = cells[1]
    return rows


def policy_facts():
    sys.path.insert(0, str(REPO / "site" / "hooks"))
    import policy_facts as module
    return module


def test_the_it_page_names_the_production_host_for_the_pages_and_the_api(built_site):
    rows = host_rows(built_site / NETWORK)
    host = PROD["site_domain"]
    # One origin (docs/contracts.md): the API is a path on the site's own host.
    assert list(rows) == [host]
    assert f"https://{host}/" in rows[host] and f"https://{host}/api/" in rows[host]
    assert "443番ポート" in re.search(r"<th>(.*?)</th>", article(built_site / NETWORK)).group(1)
    text = text_of(built_site / NETWORK)
    assert PROD["mail_from"] in text
    assert "{{" not in text


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory):
    """The site built for another production stage, whose API is on a host of its own."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    out = tmp_path_factory.mktemp("elsewhere")
    stages = json.loads(json.dumps(STAGES))
    prod = next(s for s in stages.values() if isinstance(s, dict) and s.get("production"))
    prod.update(site_domain="hosho.example.lg.jp", mail_from="portal@mail.example.lg.jp")
    changed = out / "stages.json"
    changed.write_text(json.dumps(stages), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PORTAL_API_BASE", "https://api.example.lg.jp/v1base")
        mp.chdir(REPO)
        config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(out / "site"))
        hooks = [module for name, module in config["hooks"].items() if Path(name).stem == "policy_facts"]
        assert len(hooks) == 1
        mp.setattr(hooks[0], "STAGES_FILE", changed)
        build(config)
    return out / "site"


def test_the_it_page_follows_the_stage_and_the_api_base(elsewhere):
    rows = host_rows(elsewhere / NETWORK)
    assert list(rows) == ["hosho.example.lg.jp", "api.example.lg.jp"]
    assert "https://hosho.example.lg.jp/" in rows["hosho.example.lg.jp"]
    assert "https://api.example.lg.jp/v1base/" in rows["api.example.lg.jp"]
    text = text_of(elsewhere / NETWORK)
    assert "portal@mail.example.lg.jp" in text and "mail.example.lg.jp" in text
    for copied in (PROD["site_domain"], PROD["mail_from"]):
        assert copied not in text, copied


def test_host_facts_say_not_yet_without_a_domain_and_refuse_a_plain_http_api():
    from mkdocs.exceptions import PluginError

    module = policy_facts()
    facts = module.host_facts({"site_domain": None, "mail_from": "no-reply@example.lg.jp"}, "/api")
    assert facts["allowed_hosts"].startswith("許可していただくホスト名は、") and module.NOT_YET in facts["allowed_hosts"]
    assert facts["mail_from"] == "no-reply@example.lg.jp" and facts["mail_domain"] == "example.lg.jp"
    with pytest.raises(PluginError, match="api_base"):
        module.host_facts({"site_domain": "hosho.example.lg.jp", "mail_from": "a@example.lg.jp"}, "http://api.example.lg.jp")


def csp_sources() -> dict[str, list[str]]:
    headers = json.loads((REPO / "infra" / "security_headers.json").read_text(encoding="utf-8"))["site"]
    directives = {}
    for part in headers["Content-Security-Policy"].split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def test_no_third_party_host_is_what_the_site_headers_enforce(built_site):
    """The page says the pages load nothing from another host: the site's CSP allows none, and
    the page quotes the CSP's default-src as it is."""
    local = {"'self'", "'none'", "'unsafe-inline'", "data:", "blob:", "mediastream:"}
    directives = csp_sources()
    for name, sources in directives.items():
        if name.endswith("-src") or name in ("base-uri", "form-action", "frame-ancestors"):
            assert set(sources) <= local, (name, sources)
    assert directives["default-src"] == ["'self'"]
    assert "default-src 'self'" in text_of(built_site / NETWORK)


def test_the_guides_give_the_inboxs_states_and_the_form_of_a_receipt_number(built_site):
    from chalicelib.domain import submissions

    text = text_of(built_site / "orderer" / "index.html")
    said = "".join(f"「{label}」" for label in submissions.INBOX_STATES.values())
    assert f"状態は{said}のいずれかです" in text
    submit = text_of(built_site / "contractor" / "submit" / "index.html")
    example = re.search(r"受付番号は、提出を受け付けたことを示す番号です（例：([^）]+)）", submit)
    assert example and submissions.submission_id_valid(example.group(1))
    # The page says the first six digits are the day of the submission: the API's own form.
    import datetime as dt
    made = submissions.new_submission_id(dt.datetime(2026, 12, 7, 1, 0, tzinfo=dt.timezone.utc))
    assert example.group(1)[:7] == made[:7] == "261207-"


def test_the_it_page_is_under_the_orderers_nav_and_linked_from_the_guides(built_site):
    html = (built_site / "orderer" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="network/" class="md-nav__link">\s*<span class="md-ellipsis">\s*情報システム担当の方へ', html)
    for page in ("orderer/index.html", "faq/index.html"):
        assert 'network/"' in article(built_site / page), page
