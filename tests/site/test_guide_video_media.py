"""The committed guide videos as a viewer meets them: narrated (an audio stream that is speech,
as long as the picture), with Japanese captions that are valid WebVTT, cover every moment of
speech and end within the file, filmed as the production site, and the length the page states
equal to the one the player shows. Read with ffprobe/ffmpeg from the files themselves."""
from __future__ import annotations

import json
import re
import subprocess
from urllib.parse import urlsplit

import pytest

from support import REPO

VIDEO_DIR = REPO / "site" / "assets" / "videos"
MANIFEST = json.loads((VIDEO_DIR / "videos.json").read_text(encoding="utf-8"))["videos"]
NAMES = sorted(MANIFEST)
TIMING = re.compile(r"^(\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3}) --> (\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3})(?: .*)?$")


def probe(path) -> dict:
    result = subprocess.run(["ffprobe", "-v", "error", "-show_entries",
                             "format=duration:stream=codec_type,codec_name,width,height,channels,duration",
                             "-of", "json", str(path)], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def media_files(name: str):
    return [VIDEO_DIR / MANIFEST[name]["files"][kind] for kind in ("webm", "mp4")]


def read_webvtt(text: str) -> list[tuple[float, float, str]]:
    """A strict reading of the WebVTT syntax the captions use: the signature, then blocks of an
    optional identifier, a timing line and the cue's text; cues in order, each start < end."""
    assert text.startswith("WEBVTT") and text.split("\n", 1)[0] in ("WEBVTT", "\ufeffWEBVTT"), "no WEBVTT signature"
    assert "\r" not in text and "\0" not in text
    cues = []
    for block in text.strip().split("\n\n")[1:]:
        lines = block.split("\n")
        if lines[0].startswith("NOTE"):
            continue
        if not TIMING.match(lines[0]):
            assert "-->" not in lines[0], lines[0]
            lines = lines[1:]
        m = TIMING.match(lines[0])
        assert m, f"not a cue timing line: {lines[0]!r}"
        g = [int(x) for x in m.groups()]
        start = g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000
        end = g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000
        body = lines[1:]
        assert body and all(line.strip() and "-->" not in line for line in body), block
        assert start < end, block
        cues.append((start, end, "".join(line.strip() for line in body)))
    assert cues
    starts = [c[0] for c in cues]
    assert starts == sorted(starts)
    return cues


def speech_intervals(path, total: float) -> list[tuple[float, float]]:
    """Where the audio is not silent (ffmpeg's silencedetect, on the sound alone)."""
    assert any(s["codec_type"] == "audio" for s in probe(path)["streams"]), f"{path.name} has no sound"
    result = subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-vn", "-af",
                             "silencedetect=noise=-45dB:d=0.25", "-f", "null", "-"],
                            capture_output=True, text=True, check=True)
    starts = [float(x) for x in re.findall(r"silence_start: ([\d.]+)", result.stderr)]
    ends = [float(x) for x in re.findall(r"silence_end: ([\d.]+)", result.stderr)]
    silences = list(zip(starts, ends + [total] * (len(starts) - len(ends))))
    spoken, at = [], 0.0
    for s, e in silences:
        if s > at:
            spoken.append((at, s))
        at = e
    if at < total:
        spoken.append((at, total))
    return [(s, e) for s, e in spoken if e - s > 0.05]


@pytest.mark.parametrize("name", NAMES)
def test_every_video_is_narrated_for_its_whole_length(name):
    for media in media_files(name):
        info = probe(media)
        total = float(info["format"]["duration"])
        audio = [s for s in info["streams"] if s["codec_type"] == "audio"]
        assert len(audio) == 1, f"{media.name}: no narration (audio stream)"
        assert audio[0]["channels"] == 1
        if audio[0].get("duration"):
            assert abs(float(audio[0]["duration"]) - total) < 0.5, media.name
        spoken = speech_intervals(media, total)
        # Speech, not a silent track: most of the film is someone talking.
        assert sum(e - s for s, e in spoken) > 0.5 * total, f"{media.name}: the narration is mostly silent"


@pytest.mark.parametrize("name", NAMES)
def test_captions_are_webvtt_covering_the_narration_within_the_file(name):
    cues = read_webvtt((VIDEO_DIR / MANIFEST[name]["files"]["vtt"]).read_text(encoding="utf-8"))
    for media in media_files(name):
        total = float(probe(media)["format"]["duration"])
        assert cues[-1][1] <= total + 1e-3, f"{media.name}: the last caption ends after the film ({total:.2f}s)"
        for s, e in speech_intervals(media, total):
            # Every moment of speech is under some caption (0.15 s for the codec's edges).
            for t in (s + 0.15, (s + e) / 2, e - 0.15):
                if s + 0.15 <= t <= e - 0.15:
                    assert any(c[0] - 0.15 <= t <= c[1] + 0.15 for c in cues), \
                        f"{media.name}: speech at {t:.2f}s has no caption"


@pytest.mark.parametrize("name", NAMES)
def test_no_caption_band_the_picture_is_the_page(name):
    for media in media_files(name):
        video = [s for s in probe(media)["streams"] if s["codec_type"] == "video"][0]
        assert (video["width"], video["height"]) == (MANIFEST[name]["width"], MANIFEST[name]["height"])
    from devtools.videos import SCALE, VIEWPORT
    assert MANIFEST[name]["height"] == round(VIEWPORT["height"] * SCALE)


def production_host() -> str:
    prod = json.loads((REPO / "infra" / "stages.json").read_text(encoding="utf-8"))["prod"]
    return prod.get("site_domain") or prod["mail_from"].split("@")[1]


def test_the_films_show_the_production_host():
    """The generator's notices, links and pages use the production host, never this machine's:
    and the committed films were made with the host stages.json names now (re-film when it changes)."""
    from devtools.videos import production_site_url
    host = production_host()
    assert production_site_url() == f"https://{host}"
    assert urlsplit(production_site_url()).hostname not in ("127.0.0.1", "localhost")
    for name, info in MANIFEST.items():
        assert info.get("host") == host, f"{name} was filmed as {info.get('host')!r}: run `make videos`"
        assert "127.0.0.1" not in (VIDEO_DIR / info["files"]["vtt"]).read_text(encoding="utf-8")


def test_production_host_comes_from_site_domain_once_it_is_set(tmp_path):
    from devtools.videos import production_site_url
    stages = json.loads((REPO / "infra" / "stages.json").read_text(encoding="utf-8"))
    stages["prod"]["site_domain"] = "hosho.city.example.lg.jp"
    path = tmp_path / "stages.json"
    path.write_text(json.dumps(stages), encoding="utf-8")
    assert production_site_url(path) == "https://hosho.city.example.lg.jp"
    stages["prod"]["site_domain"] = None
    path.write_text(json.dumps(stages), encoding="utf-8")
    assert production_site_url(path) == "https://" + stages["prod"]["mail_from"].split("@")[1]


def player_length(seconds: float) -> str:
    """As the players show a length (3:00 for 180.8 s: whole seconds, rounded down), in the page's words."""
    m, s = divmod(int(seconds), 60)
    return f"{m}分{s:02d}秒" if m else f"{s}秒"


@pytest.mark.parametrize("page, name", [("how-it-works/index.html", "mechanism"), ("orderer/index.html", "verify"),
                                        ("orderer/index.html", "batch"), ("contractor/submit/index.html", "submit"),
                                        ("contractor/submit/index.html", "submission"), ("orderer/index.html", "inbox")])
def test_page_states_the_length_the_player_shows_and_the_captions_word_for_word(built_site, page, name):
    html = (built_site / page).read_text(encoding="utf-8")
    figure = html[html.index(f'id="video-{name}"'):]
    note = re.search(r'class="guide-video__note">（([^・]+)・', figure)
    assert note
    for media in media_files(name):
        assert note.group(1) == player_length(float(probe(media)["format"]["duration"])), media.name
    # The transcript beside the player is the captions' words, all of them, in order, and no more.
    transcript = re.search(r'<details class="guide-transcript">\s*<summary>(.*?)</summary>(.*?)</details>', figure, re.S)
    assert transcript and "文字で読む" in transcript.group(1)
    import html as html_lib
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", transcript.group(2)))
    cues = read_webvtt((VIDEO_DIR / MANIFEST[name]["files"]["vtt"]).read_text(encoding="utf-8"))
    assert re.sub(r"\s+", "", text) == re.sub(r"\s+", "", "".join(c[2] for c in cues))
