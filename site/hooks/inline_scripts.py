"""Moves every executable inline <script> of the built pages into a file of its own, so the
site's Content-Security-Policy can say `script-src 'self'` with no 'unsafe-inline'.

MkDocs Material writes small inline scripts into every page (its scope and storage
helpers, an anchor fix). A script loaded with src runs in the same order and with the
same `location`, so behaviour is unchanged. Data blocks (`type="application/json"`, such
as Material's __config) are not executed and stay inline.
"""
from __future__ import annotations

import hashlib
import os
import re
from urllib.parse import urlsplit

from mkdocs.utils import get_relative_url

_INLINE = re.compile(r"<script(?P<attrs>(?:(?!\bsrc=)[^>])*)>(?P<body>.*?)</script>", re.S)
_DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?(?!text/javascript|module)[\w/+.-]+""", re.I)
TARGET_DIR = "assets/javascripts/inline"


def on_post_page(output: str, page, config) -> str:
    return _externalise(output, config, lambda target: get_relative_url(target, page.url))


def on_post_template(output: str, template_name: str, config) -> str:
    # 404.html is served at any depth: refer to the files from the site's root.
    root = urlsplit(config.get("site_url") or "/").path.rstrip("/")
    return _externalise(output, config, lambda target: f"{root}/{target}")


def _externalise(output: str, config, url_of) -> str:
    def externalise(match: re.Match) -> str:
        attrs, body = match.group("attrs"), match.group("body")
        if not body.strip() or _DATA_TYPE.search(attrs):
            return match.group(0)
        name = hashlib.sha256(body.encode("utf-8")).hexdigest()[:20] + ".js"
        path = os.path.join(config["site_dir"], TARGET_DIR, name)
        if not os.path.exists(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(body)
        src = url_of(f"{TARGET_DIR}/{name}")
        return f'<script{attrs} src="{src}"></script>'

    return _INLINE.sub(externalise, output)
