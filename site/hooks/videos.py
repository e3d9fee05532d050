"""MkDocs hook: the guide videos' players and transcripts.

`<!-- guide:video NAME -->` in a page becomes a <video> with WebM and MP4 sources, the
Japanese captions track shown by default, and the transcript under it. Everything comes
from what `make videos` (api/devtools/videos.py) wrote to site/assets/videos/: the
manifest `videos.json` and `NAME.ja.vtt`. The narration, the captions and the transcript
are one script (api/devtools/videos.py, `Recorder.say`): the transcript is read from the
captions, so the text under a video is always the words said in it.
"""
from __future__ import annotations

import html
import json
import logging
import re
from pathlib import Path

from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.videos")

VIDEO_DIR = "assets/videos"
MARKER = re.compile(r"^<!-- guide:video ([a-z0-9-]+) -->$", re.M)
_TIMING = re.compile(r"^(\d{2}):(\d{2}):(\d{2})\.(\d{3}) --> ")


def parse_vtt(text: str) -> list[dict]:
    """Cues as {"id", "start", "text"}; the generator writes ids as "<scene>-<n>"."""
    cues = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())[1:]:
        lines = block.split("\n")
        cue_id = None
        if not _TIMING.match(lines[0]):
            cue_id, lines = lines[0], lines[1:]
        m = _TIMING.match(lines[0]) if lines else None
        if not m:
            continue  # NOTE / STYLE blocks
        h, mi, s, ms = (int(g) for g in m.groups())
        cues.append({"id": cue_id or "", "start": h * 3600 + mi * 60 + s + ms / 1000,
                     "text": " ".join(line.strip() for line in lines[1:] if line.strip())})
    return cues


def transcript(cues: list[dict]) -> list[str]:
    """One paragraph per scene."""
    paragraphs: list[str] = []
    last_scene = object()
    for cue in cues:
        scene = cue["id"].split("-", 1)[0] if cue["id"] else None
        if paragraphs and scene is not None and scene == last_scene:
            paragraphs[-1] += cue["text"]
        else:
            paragraphs.append(cue["text"])
        last_scene = scene
    return paragraphs


def player_seconds(duration: float) -> int:
    """The length as the players show it: whole seconds, rounded down (a 180.8 s file is 3:00)."""
    return int(duration)


def duration_ja(duration: float) -> str:
    m, s = divmod(player_seconds(duration), 60)
    return f"{m}分{s:02d}秒" if m else f"{s}秒"


def video_html(name: str, docs_dir: Path, page_url: str) -> str | None:
    base = docs_dir / VIDEO_DIR
    try:
        manifest = json.loads((base / "videos.json").read_text(encoding="utf-8"))["videos"][name]
        vtt = (base / manifest["files"]["vtt"]).read_text(encoding="utf-8")
    except (OSError, KeyError, ValueError) as error:
        log.warning("video %r: not generated (%s); run `make videos`", name, error)
        return None
    files = manifest["files"]
    for kind in ("webm", "mp4", "poster"):
        if files.get(kind) and not (base / files[kind]).is_file():
            log.warning("video %r: %s is missing; run `make videos`", name, files[kind])
            return None

    def url(file_name: str) -> str:
        return html.escape(get_relative_url(f"{VIDEO_DIR}/{file_name}", page_url))

    e = html.escape
    title = e(manifest["title"])
    ident = f"video-{name}"
    sources = "".join(
        f'<source src="{url(files[kind])}" type="video/{kind}">' for kind in ("webm", "mp4") if files.get(kind))
    poster = f' poster="{url(files["poster"])}"' if files.get("poster") else ""
    paragraphs = "".join(f"<li>{e(p)}</li>" for p in transcript(parse_vtt(vtt)))
    # The captions are on from the start (a clerk's PC often has no speakers); the same words
    # are under the player as text.
    return f"""<figure class="guide-video" id="{ident}">
<video controls preload="metadata" playsinline width="{int(manifest['width'])}" height="{int(manifest['height'])}"{poster} aria-labelledby="{ident}-title" aria-describedby="{ident}-note">
{sources}
<track kind="captions" srclang="ja" label="日本語" src="{url(files['vtt'])}" default>
</video>
<figcaption><span id="{ident}-title">動画：{title}</span><span id="{ident}-note" class="guide-video__note">（{duration_ja(manifest['duration'])}・音声と日本語字幕つき。話している内容は下の「文字で読む」でも読めます）</span></figcaption>
</figure>
<details class="guide-transcript">
<summary>文字で読む（動画「{title}」で話している内容）</summary>
<ol>{paragraphs}</ol>
</details>"""


def on_page_markdown(markdown, page, config, files):
    docs_dir = Path(config["docs_dir"])

    def render(match):
        rendered = video_html(match.group(1), docs_dir, page.url)
        return rendered if rendered is not None else ""

    return MARKER.sub(render, markdown)
