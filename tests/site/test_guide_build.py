"""The guide site as built (strict): every page of the nav, nothing loaded from another
origin, the registry's pages (orderers, issuers) reading the live data rather than a list
built in, and the video players and transcripts made from the committed captions."""
from __future__ import annotations

import html as html_lib
import importlib.util
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support import REPO

VIDEO_DIR = REPO / "site" / "assets" / "videos"
GUIDE_PAGES = [
    "index.html", "how-it-works/index.html",
    "contractor/index.html", "contractor/apply/index.html", "contractor/after-issuance/index.html",
    "contractor/submit/index.html", "contractor/changes/index.html",
    "orderer/index.html", "orderer/verify/index.html", "orderer/results/index.html", "orderer/records/index.html",
    "orderer/network/index.html",
    "surety/index.html", "saku/index.html", "orderers/index.html", "orderer-info/index.html", "issuers/index.html",
    "faq/index.html", "contact/index.html",
]
# (page, video): a page may show more than one, and one video more than one page.
VIDEO_PAGES = [("how-it-works/index.html", "mechanism"), ("orderer/index.html", "verify"),
               ("orderer/index.html", "batch"), ("contractor/after-issuance/index.html", "submit"),
               ("contractor/submit/index.html", "submit"),
               ("contractor/submit/index.html", "submission"), ("orderer/index.html", "inbox")]
# Tags and attributes through which a page loads something (an <a href> only links).
LOADING = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",), "embed": ("src",),
    "object": ("data",), "video": ("src", "poster"), "audio": ("src",), "source": ("src", "srcset"),
    "track": ("src",), "input": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
}
REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
CSS_REMOTE = re.compile(r"(?:url\(\s*['\"]?|@import\s+['\"])\s*(?:https?:)?//", re.I)


class Page(HTMLParser):
    """Everything these tests look at in one pass over a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.loads: list[tuple[str, str, str]] = []
        self.styles: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self._style = False
        self._text_stack: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        self.tags.append((tag, a))
        for attr in LOADING.get(tag, ()):
            if a.get(attr):
                self.loads.append((tag, attr, a[attr]))
        if tag == "link" and a.get("href") and not {"canonical", "alternate"} & set(a.get("rel", "").split()):
            self.loads.append((tag, "href", a["href"]))
        if "style" in a:
            self.styles.append(a["style"])
        self._style = tag == "style"

    def handle_endtag(self, tag):
        self._style = False

    def handle_data(self, data):
        if self._style:
            self.styles.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_every_guide_page_is_built(built_site):
    missing = [page for page in GUIDE_PAGES if not (built_site / page).is_file()]
    assert not missing
    # The build hooks are code, not pages.
    assert not (built_site / "hooks").exists()


def test_nothing_loads_from_another_origin(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= len(GUIDE_PAGES)
    for path in pages:
        page = parse(path)
        for tag, attr, url in page.loads:
            for candidate in url.split(",") if attr == "srcset" else [url]:
                assert not REMOTE.match(candidate), (path, tag, attr, url)
        for style in page.styles:
            assert not CSS_REMOTE.search(style), (path, style[:200])
    for css in built_site.rglob("*.css"):
        text = re.sub(r"/\*.*?\*/", "", css.read_text(encoding="utf-8"), flags=re.S)
        assert not CSS_REMOTE.search(text), css


def test_the_surety_page_lists_every_operation_and_publishes_the_document(built_site):
    import yaml
    source = REPO / "api" / "chalicelib" / "openapi.yaml"
    assert (built_site / "openapi.yaml").read_bytes() == source.read_bytes()
    document = yaml.safe_load(source.read_text(encoding="utf-8"))
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", (built_site / "surety" / "index.html").read_text(encoding="utf-8")))
    for path, item in document["paths"].items():
        for method, op in item.items():
            if method == "parameters":  # shared by the path's operations, not one
                continue
            assert f"{method.upper()} /api{path}" in text, (method, path)
            assert op["summary"].split(" / ")[0] in text
    assert "issue" in text and "不要（公開）" in text
    assert 'href="../openapi.yaml"' in (built_site / "surety" / "index.html").read_text(encoding="utf-8")


REGISTRY_PAGES = {"orderers": "data-orderer-list", "orderer-info": "data-orderer-info", "issuers": "data-issuer-list"}


@pytest.mark.parametrize("page, marker", REGISTRY_PAGES.items())
def test_the_registry_pages_read_the_live_data_and_build_none_of_it_in(built_site, page, marker):
    """The orderer list, an orderer's page and the issuers are filled in the browser from the
    API (registry.js over api.js): no orderer or surety is written into the built page."""
    html = (built_site / page / "index.html").read_text(encoding="utf-8")
    assert marker in html
    scripts = [a["src"] for t, a in parse(built_site / page / "index.html").tags if t == "script" and a.get("src")]
    assert [s.rsplit("/", 1)[-1] for s in scripts if s.endswith(("api.js", "registry.js"))] == ["api.js", "registry.js"]
    for fact in ("佐久市が電子保証の利用を認めた工事・業務委託", "0267-62-2111", "長野県佐久市", "総務部 契約検査課",
                 "東日本建設業保証株式会社", "八丁堀"):
        assert fact not in html, (page, fact)


def test_the_orderer_list_fetches_its_data_with_the_page(built_site):
    """The list's answer is preloaded (same origin, the API's own path): it loads while the
    style sheets and scripts do, and registry.js's request takes it."""
    tags = parse(built_site / "orderers" / "index.html").tags
    preloads = [a for t, a in tags if t == "link" and a.get("rel") == "preload"]
    assert [(a["href"], a["as"], a["crossorigin"]) for a in preloads] == [("/api/v1/orderers", "fetch", "anonymous")]


def test_no_page_bakes_an_orderers_terms_in_any_more(built_site):
    """The build-time list is gone (site/hooks/orderers.py): the 佐久市 guide and the home page
    link to the orderer's page, whose facts come from the registry at the time of reading."""
    assert not (REPO / "site" / "hooks" / "orderers.py").exists()
    saku = (built_site / "saku" / "index.html").read_text(encoding="utf-8")
    assert 'href="../orderer-info/?id=202177"' in saku
    for page in ("saku/index.html", "index.html"):
        text = html_lib.unescape(re.sub(r"<[^>]+>", "", (built_site / page).read_text(encoding="utf-8")))
        for fact in ("2024年7月", "佐久市が電子保証の利用を認めた工事・業務委託", "{{"):
            assert fact not in text, (page, fact)


def test_the_nav_lists_the_orderers_and_the_issuers(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    for href, entry in (("saku/", "佐久市の電子保証"), ("orderers/", "電子保証対応の発注者一覧"),
                        ("issuers/", "電子保証を発行できる保証会社・損害保険会社・銀行")):
        assert re.search(rf'<a href="{href}" class="md-nav__link">\s*<span class="md-ellipsis">\s*{entry}\s*</span>',
                         html), entry


def _load_hook(name: str):
    spec = importlib.util.spec_from_file_location(f"guide_hook_{name}", REPO / "site" / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _vtt_texts(name: str) -> list[str]:
    hook = _load_hook("videos")
    return [cue["text"] for cue in hook.parse_vtt((VIDEO_DIR / f"{name}.ja.vtt").read_text(encoding="utf-8"))]


@pytest.mark.parametrize("page, name", VIDEO_PAGES)
def test_video_player_with_default_japanese_captions_and_transcript(built_site, page, name):
    manifest = json.loads((VIDEO_DIR / "videos.json").read_text(encoding="utf-8"))["videos"][name]
    tags = parse(built_site / page).tags
    videos = [a for t, a in tags if t == "video"]
    assert len(videos) == sum(1 for p, _ in VIDEO_PAGES if p == page)
    # This video's player: its <video>, then its sources and track.
    at = next(i for i, (t, a) in enumerate(tags) if t == "video" and a["poster"].endswith(f"/{name}.jpg"))
    video = tags[at][1]
    assert "controls" in video
    following = [(t, a) for t, a in tags[at + 1:at + 4]]
    sources = [a for t, a in following if t == "source"]
    assert [s["type"] for s in sources] == ["video/webm", "video/mp4"]
    assert [s["src"].rsplit("/", 1)[-1] for s in sources] == [f"{name}.webm", f"{name}.mp4"]
    tracks = [a for t, a in following if t == "track"]
    assert len(tracks) == 1
    track = tracks[0]
    assert (track["kind"], track["srclang"], "default" in track) == ("captions", "ja", True)
    for url in [s["src"] for s in sources] + [track["src"], video["poster"]]:
        target = (built_site / page).parent / url
        assert target.resolve().is_file(), url
    # The transcript under the player is the captions, word for word.
    html = (built_site / page).read_text(encoding="utf-8")
    html = html[html.index(f"{name}.webm"):]
    transcript = re.search(r'<details class="guide-transcript">.*?<ol>(.*?)</ol>', html, re.S)
    assert transcript
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", transcript.group(1)))
    for cue in _vtt_texts(name):
        assert cue in text, cue
    assert manifest["duration"] > 20


def test_videos_are_small_and_their_captions_fit_them():
    manifest = json.loads((VIDEO_DIR / "videos.json").read_text(encoding="utf-8"))["videos"]
    assert set(manifest) >= {"mechanism", "verify", "batch", "submit", "submission", "inbox"}
    hook = _load_hook("videos")
    for name, info in manifest.items():
        for kind in ("webm", "mp4"):
            size = (VIDEO_DIR / info["files"][kind]).stat().st_size
            assert size == info["bytes"][kind]
            # Still pages and a voice: about 80 kbit/s is plenty (VP9/H.264 at constant quality,
            # Opus 24 / AAC 32 kbit/s mono); more means a setting went wrong.
            assert size < 10_000 * info["duration"], f"{name}.{kind} is {size} bytes: keep the videos small"
        cues = hook.parse_vtt((VIDEO_DIR / info["files"]["vtt"]).read_text(encoding="utf-8"))
        assert cues and cues[0]["start"] == 0
        starts = [c["start"] for c in cues]
        assert starts == sorted(starts) and starts[-1] < info["duration"]


def test_japanese_search_index(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["ja"]
    locations = {doc["location"] for doc in index["docs"]}
    assert {"saku/", "orderers/", "issuers/", "faq/", "orderer/records/", "contractor/changes/"} <= locations
    assert "orderer-info/" not in locations  # a page of whichever orderer ?id= names: nothing to find


def test_every_page_runs_the_japanese_query_worker_over_materials(built_site):
    """search-ja.js cuts queries as the pages were cut, then loads Material's own worker by the
    name in its address: that file must be there, and every page (404 too) must name it."""
    config = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)
    pages = sorted(built_site.rglob("index.html")) + [built_site / "404.html"]
    workers = set()
    for path in pages:
        app = json.loads(config.search(path.read_text(encoding="utf-8")).group(1))
        folder, _, query = app["search"].partition("?")
        assert folder.endswith("assets/javascripts/workers/search-ja.js"), (path, app["search"])
        workers.add(query)
    assert len(workers) == 1, workers
    (material,) = workers
    name = material.removeprefix("material=")
    assert re.fullmatch(r"search\.[0-9a-f]+\.min\.js", name)
    assert (built_site / "assets" / "javascripts" / "workers" / name).is_file()
    assert (built_site / "assets" / "javascripts" / "workers" / "search-ja.js").is_file()
