"""MkDocs hook: the orderer list and the per-orderer summaries, rendered at build time
from the demo enrolments (`api/devtools/data/demo_enrolments.json`, what `make run` and the
tests enrol) and the national list (`devtools.public_bodies`) through the API's own types.
Until the site reads the live registry (issue 27's site part rewrites this page), the
enrolments of a deployed portal are the operator's and may differ from this file.

Markers in a page's Markdown:
  <!-- guide:orderer-list -->        the searchable table of every orderer
  <!-- guide:orderer 202177 -->      one orderer's terms (by 全国地方公共団体コード)

A page about one orderer names it in its front matter (`orderer: "202177"`) and writes its
facts as `{{ orderer.name }}`, `{{ orderer.accepts_from_month }}`, … (ORDERER_FACTS), and
`<!-- orderer:if paper_still_accepted -->…<!-- orderer:end -->` around what holds only when
the orderer still takes paper: the page says what the enrolment says, never a copy of it.
tests/site/test_page_facts.py builds the site from changed data and sees the page follow.

The table is complete without JavaScript; guide.js only adds the filter on top of it.
"""
from __future__ import annotations

import html
import logging
import re
import sys
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.orderers")

REPO = Path(__file__).resolve().parents[2]
API_DIR = REPO / "api"
LIST_MARKER = re.compile(r"^<!-- guide:orderer-list -->$", re.M)
ONE_MARKER = re.compile(r"^<!-- guide:orderer (\d{6}) -->$", re.M)
FACT = re.compile(r"\{\{\s*orderer\.([a-z_]+)\s*\}\}")
IF_PAPER = re.compile(r"<!-- orderer:if paper_still_accepted -->(.*?)<!-- orderer:end -->", re.S)

_orderers: list = []
_kind_labels: dict[str, str] = {}


def _load():
    if str(API_DIR) not in sys.path:
        sys.path.insert(0, str(API_DIR))
    # The API's own modules: the same parsing and validation, the same kind names.
    from chalicelib.domain import guarantee
    from chalicelib.domain.orderers import Enrolment, Orderer
    from devtools import public_bodies, registry_seed

    # Read afresh: `mkdocs serve` rebuilds on edits.
    bodies = {b.id: b for b in public_bodies.national_list()}
    enrolled = [Orderer(bodies[raw["orderer_id"]], Enrolment.from_record(raw)) for raw in registry_seed.demo_enrolments()]
    # 全国地方公共団体コード order is prefecture order (北海道 … 沖縄県), then municipality.
    return sorted(enrolled, key=lambda o: o.id), dict(guarantee.KINDS)


def on_config(config):
    global _orderers, _kind_labels
    _orderers, _kind_labels = _load()
    return config


def on_serve(server, config, builder):
    server.watch(str(API_DIR / "devtools" / "data" / "demo_enrolments.json"))
    return server


def _date_ja(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _full_name(o) -> str:
    """長野県佐久市: as the certificate prints the orderer (one form, from one place)."""
    from chalicelib.domain import certificate_text
    return certificate_text.orderer_name({"name": o.name, "prefecture": o.prefecture})


def orderer_facts(o) -> dict[str, str]:
    return {
        "id": o.id,
        "name": o.name,
        "full_name": _full_name(o),
        "prefecture": o.prefecture,
        "accepts_from": _date_ja(o.accepts_from),
        "accepts_from_month": f"{o.accepts_from.year}年{o.accepts_from.month}月",
        "kinds": _kinds(o),
        "scope": o.scope,
        "paper": _paper(o),
    }


def _kinds(o) -> str:
    return "、".join(_kind_labels.get(k, k) for k in o.kinds)


def _paper(o) -> str:
    return "引き続き利用できます" if o.paper_still_accepted else "利用できません（電子保証のみ）"


def _prefectures() -> list[str]:
    seen: list[str] = []
    for o in _orderers:
        if o.prefecture not in seen:
            seen.append(o.prefecture)
    return seen


def _count_text(n: int) -> str:
    return f"{n}件の発注者を表示しています。"


def orderer_list_html() -> str:
    e = html.escape
    options = "".join(f'<option value="{e(p)}">{e(p)}</option>' for p in _prefectures())
    rows = []
    for o in _orderers:
        # Explicit roles: on phones the rows are laid out as cards, and a CSS display change
        # must not take the table semantics away from screen readers.
        rows.append(
            f'<tr role="row" data-orderer-id="{e(o.id)}" data-prefecture="{e(o.prefecture)}" data-name="{e(o.name)}">'
            f'<th role="rowheader" scope="row" data-label="発注者">{e(o.name)}</th>'
            f'<td role="cell" data-label="都道府県">{e(o.prefecture)}</td>'
            f'<td role="cell" data-label="受付開始"><time datetime="{o.accepts_from.isoformat()}">{_date_ja(o.accepts_from)}</time>から</td>'
            f'<td role="cell" data-label="電子保証にできる保証">{e(_kinds(o))}</td>'
            f'<td role="cell" data-label="対象の契約">{e(o.scope)}</td>'
            f'<td role="cell" data-label="紙の保証証書">{e(_paper(o))}</td>'
            "</tr>"
        )
    return f"""<div class="guide-orderers" data-orderer-list>
<form class="guide-filter" role="search" aria-label="発注者を絞り込む" data-orderer-filter hidden>
<div class="guide-filter__field">
<label for="orderer-prefecture">都道府県</label>
<select id="orderer-prefecture" name="prefecture"><option value="">すべての都道府県</option>{options}</select>
</div>
<div class="guide-filter__field">
<label for="orderer-name">発注者名</label>
<input id="orderer-name" name="name" type="search" autocomplete="off" aria-describedby="orderer-name-hint">
<p id="orderer-name-hint" class="guide-hint">名前の一部でも探せます（例：佐久）。</p>
</div>
</form>
<p class="guide-filter__count" role="status" data-orderer-count>{_count_text(len(_orderers))}</p>
<table class="guide-orderer-table" role="table">
<caption>電子保証に対応している発注者</caption>
<thead><tr role="row">
<th role="columnheader" scope="col">発注者</th><th role="columnheader" scope="col">都道府県</th>
<th role="columnheader" scope="col">受付開始</th><th role="columnheader" scope="col">電子保証にできる保証</th>
<th role="columnheader" scope="col">対象の契約</th><th role="columnheader" scope="col">紙の保証証書</th>
</tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
<p class="guide-filter__empty" data-orderer-empty hidden>条件に合う発注者はありません。都道府県や発注者名を変えてお試しください。</p>
</div>"""


def orderer_summary_html(orderer_id: str) -> str | None:
    o = next((o for o in _orderers if o.id == orderer_id), None)
    if o is None:
        return None
    e = html.escape
    return f"""<dl class="guide-summary" data-orderer-id="{e(o.id)}">
<dt>発注者</dt><dd>{e(_full_name(o))}</dd>
<dt>受付開始</dt><dd><time datetime="{o.accepts_from.isoformat()}">{_date_ja(o.accepts_from)}</time>から</dd>
<dt>電子保証にできる保証</dt><dd>{e(_kinds(o))}</dd>
<dt>対象の契約</dt><dd>{e(o.scope)}</dd>
<dt>紙の保証証書</dt><dd>{e(_paper(o))}</dd>
</dl>"""


def on_page_markdown(markdown, page, config, files):
    if not _orderers:
        on_config(config)

    def one(match):
        rendered = orderer_summary_html(match.group(1))
        if rendered is None:
            log.warning("%s: orderer %s is not enrolled (demo_enrolments.json)", page.file.src_uri, match.group(1))
            return ""
        return rendered

    markdown = fill_orderer(markdown, page.meta.get("orderer"), page.file.src_path)
    markdown = LIST_MARKER.sub(lambda _m: orderer_list_html(), markdown)
    return ONE_MARKER.sub(one, markdown)


def fill_orderer(markdown: str, orderer_id, where: str) -> str:
    """The {{ orderer.… }} facts of the page's orderer; an unknown name or orderer fails the build."""
    from mkdocs.exceptions import PluginError
    if orderer_id is None:
        if FACT.search(markdown) or IF_PAPER.search(markdown):
            raise PluginError(f"{where}: orderer facts without `orderer:` in the front matter")
        return markdown
    o = next((o for o in _orderers if o.id == str(orderer_id)), None)
    if o is None:
        raise PluginError(f"{where}: orderer {orderer_id} is not enrolled (demo_enrolments.json)")
    known = orderer_facts(o)

    def one(match: re.Match) -> str:
        if match.group(1) not in known:
            raise PluginError(f"{where}: unknown orderer fact {match.group(1)!r} (site/hooks/orderers.py)")
        return known[match.group(1)]
    markdown = IF_PAPER.sub(lambda m: m.group(1) if o.paper_still_accepted else "", markdown)
    return FACT.sub(one, markdown)
