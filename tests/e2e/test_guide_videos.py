"""The video generator still films the current pages: `devtools.videos --quick` against
this build of the site, with its own DynamoDB Local and portal server (as `make videos`)."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from support import REPO

pytestmark = pytest.mark.e2e

FILMS = ("mechanism", "verify", "batch", "submit")


def assert_caption_band_is_blank(webm):
    """The captions are drawn over the bottom of the picture: there, every frame is blank
    paper, so no caption ever covers what it explains."""
    from devtools.videos import CAPTION_BAND, VIEWPORT
    width, height = VIEWPORT["width"], VIEWPORT["height"] + CAPTION_BAND  # --quick films at scale 1
    raw = subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-i", str(webm),
                          "-f", "rawvideo", "-pix_fmt", "gray", "-"], capture_output=True, check=True).stdout
    frames = len(raw) // (width * height)
    assert frames > 3 and len(raw) == frames * width * height, webm
    darkest_band = darkest_page = 255
    for i in range(frames):
        frame = raw[i * width * height:(i + 1) * width * height]
        darkest_band = min(darkest_band, min(frame[(height - CAPTION_BAND + 6) * width:]))  # past the codec's ringing
        darkest_page = min(darkest_page, min(frame[:(height - CAPTION_BAND) * width]))
    assert darkest_band >= 235, (webm.name, darkest_band)  # blank, up to the codec's noise
    assert darkest_page < 100, webm.name  # while the page above has text


def test_quick_run_films_every_video_from_the_current_pages(built_site, tmp_path):
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
        assert_caption_band_is_blank(webm)
    # A skipped scene is said in the log, never silent.
    assert "Traceback" not in result.stderr
    print(f"quick video run: {took:.1f}s")
