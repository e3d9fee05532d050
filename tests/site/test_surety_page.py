"""The sureties' page (site/surety.md, site/hooks/surety_api.py) as a surety's developer
meets it: the quick start's bodies are valid and issue, the CSV template reads back as those
bodies through the CLI's own reader, the error table is every code the server can send, the
limits are the production stage's, and the SDK's wheel is published with its true checksum."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.util
import json
import re
import zipfile
from html import unescape
from html.parser import HTMLParser

import pytest
import tomllib
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from support import REPO, clock_at, issue_headers, post_json

SPEC = yaml.safe_load((REPO / "api" / "chalicelib" / "openapi.yaml").read_text(encoding="utf-8"))
EXAMPLES = json.loads((REPO / "site" / "examples" / "guarantees.json").read_text(encoding="utf-8"))["examples"]
# The examples are a contract signed on 2026-12-01: the portal is run as on that day (JST).
EXAMPLES_DAY = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def page(built_site) -> str:
    return (built_site / "surety" / "index.html").read_text(encoding="utf-8")


class Tables(HTMLParser):
    """Every table of a page as rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def tables(html: str) -> list[list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def test_each_kind_has_a_complete_example_that_the_document_accepts():
    assert {e["body"]["kind"] for e in EXAMPLES} == {"advance_payment", "interim_advance_payment", "contract"}
    registry = Registry().with_resource("urn:spec", Resource.from_contents(SPEC, default_specification=DRAFT202012))
    schema = SPEC["paths"]["/v1/guarantees"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    validator = Draft202012Validator({"$ref": "urn:spec#/components/schemas/" + schema["$ref"].split("/")[-1]},
                                     registry=registry)
    for example in EXAMPLES:
        assert [e.message for e in validator.iter_errors(example["body"])] == [], example["title"]


def test_the_examples_issue_on_the_portal(api, dynamodb):
    from chalicelib.domain import tokens
    from chalicelib.usecases import sureties
    from devtools.demo import DEMO_BRANCHES, DEMO_CONTACT, DEMO_SURETY_PROFILE
    # A surety of its own: the examples' 保証契約番号 are fixed, and unique per surety.
    sureties.register("quickstart-surety", "クイックスタート保証株式会社", DEMO_CONTACT, branches=DEMO_BRANCHES,
                      **DEMO_SURETY_PROFILE)
    _, token = sureties.create_token("quickstart-surety", list(tokens.SCOPES),
                                     label="quick start")
    with clock_at(EXAMPLES_DAY):
        for example in EXAMPLES:
            response = post_json(api, "/v1/guarantees", example["body"], issue_headers(token))
            assert response.status_code == 201, (example["title"], response.body)
            assert response.json_body["guarantee"]["kind"] == example["body"]["kind"]


def test_the_page_shows_the_examples_and_links_the_csv_template(built_site, page):
    for example in EXAMPLES:
        assert f">{example['title']}</h3>" in page or f">{example['title']}<" in page, example["title"]
        assert example["body"]["contract_number"] in page
    assert 'href="../examples/guarantees.csv"' in page
    assert (built_site / "examples" / "guarantees.csv").is_file()


def test_the_csv_template_reads_back_as_the_examples_through_the_cli(built_site):
    from e_guarantee_portal.requests_file import read_requests
    template = built_site / "examples" / "guarantees.csv"
    assert template.read_bytes().startswith("\ufeff".encode("utf-8"))  # Excel opens it as UTF-8
    assert read_requests(template) == [e["body"] for e in EXAMPLES]


def _codes_in_source() -> set[str]:
    """The error-code scan of the API's source (tests/api/test_openapi.py)."""
    spec = importlib.util.spec_from_file_location("openapi_contract_tests", REPO / "tests" / "api" / "test_openapi.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module._codes_in_source()


def test_the_error_table_lists_every_code_the_server_can_send(page):
    [table] = [t for t in tables(page) if t and t[0] == ["コード（code）と HTTP の状態", "意味"]]
    # A code cell is the code, then its statuses after a line break (no text between them).
    rows = [re.fullmatch(r"([a-z_]+)([0-9x]{3}(?:、[0-9x]{3})*)", cell).groups() + (meaning,)
            for cell, meaning in table[1:]]
    codes = [row[0] for row in rows]
    assert len(codes) == len(set(codes)), "one row per code"
    documented = {code for item in SPEC["paths"].values() for op in item.values() if isinstance(op, dict)
                  for response in op.get("responses", {}).values()
                  for code in _resolve(response).get("x-error-codes", [])}
    assert set(codes) == documented == _codes_in_source()
    for code, _status, meaning in rows:
        assert meaning and " / " not in meaning, (code, meaning)  # Japanese words, not the English half
    by_code = {row[0]: row for row in rows}
    assert by_code["contract_number_taken"][1] == "409" and by_code["too_many_requests"][1] == "429"
    assert "上限 64 KiB" in by_code["payload_too_large"][2]


@functools.cache
def _hook():
    spec = importlib.util.spec_from_file_location("surety_api_hook", REPO / "site" / "hooks" / "surety_api.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    return hook


def _resolve(node: dict) -> dict:
    """A $ref followed as the page's hook follows it (one reader of the document's references)."""
    return _hook()._resolve(SPEC, node)


def test_the_limits_are_the_production_stages_and_the_apis(page):
    from chalicelib.domain import webhooks
    from chalicelib.edge import web
    from chalicelib.usecases.common import paging
    stages = json.loads((REPO / "infra" / "stages.json").read_text(encoding="utf-8"))
    production = next(s for s in stages.values() if isinstance(s, dict) and s.get("production"))
    [table] = [t for t in tables(page) if t and t[0] == ["対象", "上限", "超えたとき"]]
    text = {row[0]: row[1] for row in table[1:]}
    assert text["API への要求（すべての利用者の合計）"] == (
        f"毎秒 {production['api_throttle_rate']} 件（瞬間的には {production['api_throttle_burst']} 件まで）")
    assert text["リクエストの本文"] == f"{web.MAX_BODY_BYTES // 1024} KiB"
    assert text["一覧・履歴・フィードの1回の件数（limit）"] == f"{paging.MAX_LIMIT} 件"
    assert text["受信用の URL（Webhook）"] == f"1社あたり {webhooks.MAX_PER_SURETY} 件"
    assert "{{" not in page


def test_the_sdk_wheel_is_published_with_the_checksum_the_page_shows(built_site, page):
    project = tomllib.loads((REPO / "clients" / "python" / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    stem = f"{project['name'].replace('-', '_')}-{project['version']}"  # e_guarantee_portal_sdk-1.9.0
    wheel = built_site / "downloads" / f"{stem}-py3-none-any.whl"
    assert wheel.is_file()
    assert f'href="../downloads/{wheel.name}"' in page
    shown = re.search(r'SHA-256: <code class="portal-sha256">([0-9a-f]{64})</code>', page)
    assert shown and shown.group(1) == hashlib.sha256(wheel.read_bytes()).hexdigest()
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert {"e_guarantee_portal/cli.py", "e_guarantee_portal/request_fields.json",
                "e_guarantee_portal_client/client.py"} <= names
        entry_points = archive.read(f"{stem}.dist-info/entry_points.txt").decode()
    assert "e-guarantee = e_guarantee_portal.cli:main" in entry_points
    assert unescape(f"pip install ./{wheel.name}") in unescape(page)
