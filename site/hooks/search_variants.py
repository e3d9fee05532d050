"""Search that finds what a Japanese clerk types: 「ＱＲコード」 in full-width letters as well
as 「QRコード」, and compound words of Latin letters and kana.

Material's Japanese search splits words with TinySegmenter, but a query such as 「QRコード」
reached the index as one term that no page has; the separator in mkdocs.yml now also splits
where Latin letters or digits meet Japanese script (in the pages and in the query alike).
Full-width letters are another matter: lunr does not fold them. So after the build each
page's search entry gets the full-width spelling of its Latin words (QR → ＱＲ, PDF → ＰＤＦ)
appended, which the query 「ＱＲコード」 then finds through the same separator.

The pages' Japanese is cut into words by TinySegmenter, the query's never was (「受領を記録」
stayed one word no page holds): every page's configuration points Material at
assets/javascripts/workers/search-ja.js, which cuts the query the same way and then runs
Material's own worker (named to it in the address, as the theme's build named it).
"""
from __future__ import annotations

import json
import os
import posixpath
import re

_LATIN_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}(?![A-Za-z])")
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
_MATERIAL_WORKER = re.compile(r"search\.[0-9a-f]+\.min\.js")
QUERY_WORKER = "search-ja.js"


def full_width(word: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in word)


def on_post_build(config) -> None:
    path = os.path.join(config["site_dir"], "search", "search_index.json")
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        index = json.load(f)
    for doc in index["docs"]:
        words = dict.fromkeys(w.upper() for w in _LATIN_WORD.findall(doc.get("text", "") + " " + doc.get("title", "")))
        if words:
            doc["text"] = doc.get("text", "") + " " + " ".join(full_width(w) for w in words)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(index, f, ensure_ascii=False, separators=(",", ":"))


def on_post_page(output: str, page, config) -> str:
    return _use_query_worker(output)


def on_post_template(output: str, template_name: str, config) -> str:
    return _use_query_worker(output)  # 404.html


def _use_query_worker(output: str) -> str:
    """Material's worker URL in the page's __config becomes search-ja.js?material=<its name>."""
    def swap(match: re.Match) -> str:
        app = json.loads(match.group(2))
        folder, name = posixpath.split(app.get("search") or "")
        if not _MATERIAL_WORKER.fullmatch(name):
            raise ValueError(f"Material's search worker is no longer where this hook expects it: {app.get('search')!r}")
        app["search"] = posixpath.join(folder, f"{QUERY_WORKER}?material={name}")
        # As Jinja's tojson writes it: no <, > or & that could end the script element.
        text = json.dumps(app, sort_keys=True).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return match.group(1) + text + match.group(3)

    return _CONFIG.sub(swap, output)
