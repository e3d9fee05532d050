"""Search that finds what a Japanese clerk types: 「ＱＲコード」 in full-width letters as well
as 「QRコード」, and compound words of Latin letters and kana.

Material's Japanese search splits words with TinySegmenter, but a query such as 「QRコード」
reached the index as one term that no page has; the separator in mkdocs.yml now also splits
where Latin letters or digits meet Japanese script (in the pages and in the query alike).
Full-width letters are another matter: lunr does not fold them. So after the build each
page's search entry gets the full-width spelling of its Latin words (QR → ＱＲ, PDF → ＰＤＦ)
appended, which the query 「ＱＲコード」 then finds through the same separator.
"""
from __future__ import annotations

import json
import os
import re

_LATIN_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}(?![A-Za-z])")


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
