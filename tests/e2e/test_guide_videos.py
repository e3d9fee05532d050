"""The video generator still films the current pages: `devtools.videos --quick` against
this build of the site, with its own DynamoDB Local and portal server (as `make videos`)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest

from support import REPO

pytestmark = pytest.mark.e2e

FILMS = ("mechanism", "verify", "batch", "submit", "submission", "inbox")


def streams(media):
    result = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_type,width,height",
                             "-of", "json", str(media)], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)["streams"]


def test_quick_run_films_every_video_from_the_current_pages(built_site, tmp_path):
    from devtools.videos import VIEWPORT, production_site_url
    out = tmp_path / "videos"
    env = {**os.environ, "PYTHONPATH": str(REPO / "api")}
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "devtools.videos", "--quick", "--out", str(out), "--site", str(built_site)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=240)
    took = time.monotonic() - started
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    for name in FILMS:
        webm = out / f"{name}.webm"
        assert webm.is_file() and webm.stat().st_size > 10_000, name
        with open(webm, "rb") as f:
            assert f.read(4) == b"\x1a\x45\xdf\xa3", f"{name}.webm is not a WebM (EBML) file"
        vtt = (out / f"{name}.ja.vtt").read_text(encoding="utf-8")
        assert vtt.startswith("WEBVTT") and " --> " in vtt
        # The picture is the page alone (no band kept blank for captions: the player draws
        # them from the track), and the narration is muxed in (silent in a quick run).
        kinds = {s["codec_type"]: s for s in streams(webm)}
        assert set(kinds) == {"video", "audio"}, name
        assert (kinds["video"]["width"], kinds["video"]["height"]) == (VIEWPORT["width"], VIEWPORT["height"])
    # Filmed as the production site: the manifest says which host the pages and notices showed.
    manifest = json.loads((out / "videos.json").read_text(encoding="utf-8"))["videos"]
    assert {info["host"] for info in manifest.values()} == {urlsplit(production_site_url()).hostname}
    # A skipped scene is said in the log, never silent.
    assert "Traceback" not in result.stderr
    print(f"quick video run: {took:.1f}s")
