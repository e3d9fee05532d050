"""The guide videos, filmed from the running product so they never drift from it.

    PYTHONPATH=api .venv/bin/python -m devtools.videos [--quick] [--out DIR] [--site DIR] [--only NAME]

It starts its own in-memory DynamoDB Local and the portal server (the built site and the
API on one origin, as `make run` does), seeds the demo surety, issues a guarantee through
the real API, drives Debian's Chromium with Playwright through the real pages, and turns
the screenshots into WebM (VP9 + Opus) and MP4 (H.264 + AAC) with ffmpeg.

Every line of the script is said once, in `Recorder.say`: it is spoken by an offline
Japanese voice (devtools/narration.py), written as a cue of the Japanese captions
(WebVTT) timed to the speech, and the site prints the same cues as the transcript under
the player (site/hooks/videos.py). Nothing is drawn over the picture.

The browser is shown the production host (production_site_url(): infra/stages.json), not
this machine: its requests to that host are answered by the local server, so the notice's
link and QR code, the pages and the print footer all show the address a clerk will see.
Re-film when that domain is decided (a test compares the manifest's host with stages.json).

--quick films every scene with one short frame per step at a lower resolution, with a
silent voice, and writes WebM only (to a temporary directory unless --out is given): CI
runs it to prove the script still matches the current pages, in well under a minute.
"""
from __future__ import annotations

import argparse
import base64
import email
import email.policy
import html
import json
import logging
import os
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from email.message import EmailMessage
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from collections.abc import Callable
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

from devtools import sign_in_codes
from devtools.dynamodb_local import DynamoDBLocal, free_port
from devtools.localenv import use_local_environment
from devtools.narration import KokoroNarrator, SilentNarrator, narration_track

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO_ROOT / "site" / "assets" / "videos"
MANIFEST = "videos.json"
CHROMIUM = "/usr/bin/chromium"
# Filmed as a small screen at 1.6x: 1280x592 pixels whose text stays readable when the
# player is only as wide as the page's text column (half of a desktop screen, or a phone).
# Nothing is burnt into the picture: the player draws the captions from the track.
VIEWPORT: ViewportSize = {"width": 800, "height": 370}
SCALE = 1.6
# A caption cue is at most one line at the player's width: a longer sentence is shown as
# several cues, split where it pauses (、。), each on screen while that part is spoken.
CUE_CHARS = 24
FPS = 8
HOST = "127.0.0.1"
STAGES_FILE = REPO_ROOT / "infra" / "stages.json"
# After each spoken line, before the next: the viewer looks at what was just said.
PAUSE_AFTER_SPEECH = 0.6

log = logging.getLogger("portal.videos")


class VideoError(RuntimeError):
    """The product no longer looks like the script expects, or a tool is missing."""


def production_site_url(stages_file: Path = STAGES_FILE) -> str:
    """The address the films show: the production stage's own domain (`site_domain`), or,
    until one is set, the host its mail is sent from (`mail_from`'s domain)."""
    prod = json.loads(stages_file.read_text(encoding="utf-8"))["prod"]
    host = prod.get("site_domain") or prod["mail_from"].rpartition("@")[2]
    if not re.fullmatch(r"(?:[a-z0-9-]+\.)+[a-z]{2,}", host or ""):
        raise VideoError(f"infra/stages.json: prod has no usable host name ({host!r})")
    return f"https://{host}"


# ---- captions and frames ----------------------------------------------------------------

@dataclass
class Cue:
    ident: str
    start: float
    end: float
    text: str


def vtt_time(seconds: float) -> str:
    ms = int(round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def webvtt(cues: list[Cue]) -> str:
    blocks = ["WEBVTT"]
    for cue in cues:
        blocks.append(f"{cue.ident}\n{vtt_time(cue.start)} --> {vtt_time(cue.end)}\n{cue.text}")
    return "\n\n".join(blocks) + "\n"


def cue_parts(text: str, limit: int = CUE_CHARS) -> list[str]:
    """`text` in pieces of at most about `limit` characters, cut after 、 or 。 (never inside
    a word), whose concatenation is `text` itself: the transcript joins them back."""
    pieces = re.findall(r"[^、。]*[、。]?", text)
    parts: list[str] = []
    for piece in (p for p in pieces if p):
        if parts and len(parts[-1]) + len(piece) <= limit:
            parts[-1] += piece
        else:
            parts.append(piece)
    return parts


@dataclass
class Recorder:
    """Screenshots with how long each is held, the narration under them and its captions."""

    page: Any
    frames_dir: Path
    quick: bool
    narrator: Any  # devtools.narration.Narrator
    shots: list[tuple[Path, float]] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    speech: list[tuple[float, Path]] = field(default_factory=list)  # (start, WAV) of each line
    t: float = 0.0
    scene: int = 0
    _n: int = 0

    def new_scene(self) -> None:
        self.scene += 1
        self._n = 0

    def frame(self, seconds: float) -> None:
        """One frame of an animation (typing, scrolling); skipped in quick mode."""
        if not self.quick:
            self._shoot(seconds)

    def _shoot(self, seconds: float) -> None:
        path = self.frames_dir / f"{len(self.shots):05d}.png"
        self.page.screenshot(path=str(path), animations="disabled")
        self.shots.append((path, seconds))
        self.t += seconds

    def say(self, text: str, animate: Callable[[], None] | None = None) -> None:
        """Say `text` over what `animate` films, then hold the screen until it is said: the
        voice, the captions and (through them) the transcript all come from this one call."""
        wav, spoken = self.narrator.speak(text)
        start = self.t
        if animate is not None:
            animate()
        hold = spoken + (0.0 if self.quick else PAUSE_AFTER_SPEECH)
        self._shoot(max(hold - (self.t - start), 0.2 if self.quick else 0.4))
        self.speech.append((start, wav))
        # Each part of the line is on screen from when it begins to be said (by its share
        # of the characters) to when the next begins; the last one until the next line.
        parts = cue_parts(text)
        at = start
        for i, part in enumerate(parts):
            self._n += 1
            end = self.t if i == len(parts) - 1 else at + spoken * len(part) / len(text)
            self.cues.append(Cue(f"s{self.scene}-{self._n}", at, end, part))
            at = end

    def end_on_whole_second(self) -> None:
        """Hold the last frame until half a second past a whole second, so the length every
        player shows (whole seconds, rounded down) is the same for both files whatever the
        codecs add or cut at the end (a few tens of milliseconds)."""
        extra = (0.5 - self.t % 1) % 1
        if extra and self.shots:
            path, seconds = self.shots[-1]
            self.shots[-1] = (path, seconds + extra)
            self.t += extra
            self.cues[-1].end = self.t


# ---- the page, dressed for filming -------------------------------------------------------

# Injected into the real pages while filming only: a spotlight on what a caption talks
# about, and full-screen cards built from the page's own text and styles.
FILM_CSS = """
.md-top { display: none !important; }
.film-spot { outline: 4px solid #ff6f00 !important; outline-offset: 4px; border-radius: 3px; }
#film-stage { position: fixed; inset: 0; z-index: 10000; background: var(--md-default-bg-color, #fff);
  display: flex; align-items: center; justify-content: center; gap: 28px; padding: 12px 36px;
  font-family: var(--md-text-font-family); color: var(--md-default-fg-color); }
#film-stage .film-title { text-align: center; }
#film-stage .film-title h1 { font-size: 34px; margin: 0 0 14px; color: var(--md-primary-fg-color); font-weight: 700; }
#film-stage .film-title p { font-size: 18px; margin: 0; }
#film-stage .film-flow { height: 340px; flex: 0 0 auto; }
#film-stage .film-flow svg { height: 100%; width: auto; }
#film-stage .film-panel { max-width: 380px; font-size: 19px; line-height: 1.6; }
#film-stage .film-panel strong { color: var(--md-primary-fg-color); display: block; font-size: 22px; margin-bottom: 8px; }
#film-stage [data-flow].film-dim { opacity: 0.18; }
#film-stage [data-flow].film-on rect { stroke: #ff6f00; stroke-width: 4; }
#film-stage [data-flow].film-on line, #film-stage [data-flow].film-on polyline { stroke: #ff6f00; stroke-width: 4; }
#film-stage .film-doc img { display: block; max-height: 330px; max-width: 470px; border: 1px solid #bbb;
  box-shadow: 0 3px 12px rgba(0,0,0,.25); }
#film-stage .film-mail { width: 720px; border: 1px solid #bbb; border-radius: 6px; overflow: hidden;
  box-shadow: 0 3px 12px rgba(0,0,0,.2); font-size: 14px; align-self: flex-start; }
#film-stage .film-mail header { background: #eceff1; padding: 8px 14px; line-height: 1.7; }
#film-stage .film-mail header b { display: inline-block; width: 4em; color: #455a64; }
#film-stage .film-mail pre { margin: 0; padding: 10px 14px; white-space: pre-wrap; font-family: inherit;
  font-size: 13.5px; line-height: 1.5; max-height: 240px; overflow: hidden; }
#film-stage .film-attach { display: inline-block; padding: 0 8px; border: 1px solid #90a4ae; border-radius: 4px; background: #fff; }
#film-drag { position: fixed; z-index: 10001; left: 50%; top: 46%; transform: translate(-50%, -50%) rotate(-3deg);
  display: flex; align-items: center; gap: 10px; padding: 10px 16px; background: #fff; border: 2px solid #ff6f00;
  border-radius: 6px; box-shadow: 0 6px 18px rgba(0,0,0,.3); font: 15px var(--md-text-font-family); }
#film-drag b { background: #c62828; color: #fff; border-radius: 3px; padding: 2px 6px; font-size: 12px; }
"""


def dress(page) -> None:
    page.add_style_tag(content=FILM_CSS)


def spotlight(page, selector: str | None) -> None:
    page.evaluate(
        """(sel) => {
            document.querySelectorAll('.film-spot').forEach((el) => el.classList.remove('film-spot'));
            if (!sel) return;
            const el = document.querySelector(sel);
            if (!el) throw new Error('nothing to spotlight: ' + sel);
            el.classList.add('film-spot');
            el.scrollIntoView({block: 'center'});
        }""",
        selector,
    )


def scroll_to(page, selector: str, offset: int = 80) -> None:
    page.evaluate(
        """([sel, offset]) => {
            const el = document.querySelector(sel);
            if (!el) throw new Error('missing on the page: ' + sel);
            window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - offset);
        }""",
        [selector, offset],
    )


def stage(page, inner_html: str) -> None:
    page.evaluate(
        """(inner) => {
            let stage = document.getElementById('film-stage');
            if (!stage) { stage = document.createElement('div'); stage.id = 'film-stage'; document.body.appendChild(stage); }
            stage.innerHTML = inner;
        }""",
        inner_html,
    )


def unstage(page) -> None:
    page.evaluate("() => { const s = document.getElementById('film-stage'); if (s) s.remove(); }")


def drag_ghost(page, name: str | None) -> None:
    """What the viewer would see under the mouse while dragging a file (film only)."""
    page.evaluate(
        """(name) => {
            document.querySelectorAll('#film-drag').forEach((el) => el.remove());
            if (!name) return;
            const ghost = document.createElement('div');
            ghost.id = 'film-drag';
            ghost.innerHTML = '<b>PDF</b>';
            ghost.append(name);
            document.body.appendChild(ghost);
        }""",
        name,
    )


def drop_files(page, paths: list[Path]) -> None:
    """Drop files on the page as a drag from the desktop does: the page's own drop handler reads them."""
    files = [[p.name, base64.b64encode(p.read_bytes()).decode("ascii")] for p in paths]
    page.evaluate(
        """(files) => {
            const transfer = new DataTransfer();
            for (const [name, data] of files) {
                const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
                transfer.items.add(new File([bytes], name, {type: 'application/pdf'}));
            }
            for (const kind of ['dragenter', 'dragover', 'drop']) {
                document.body.dispatchEvent(new DragEvent(kind, {bubbles: true, cancelable: true, dataTransfer: transfer}));
            }
        }""",
        files,
    )


def title_card(title: str, subtitle: str) -> str:
    return f'<div class="film-title"><h1>{html.escape(title)}</h1><p>{html.escape(subtitle)}</p></div>'


def type_slowly(rec: Recorder, locator, text: str, step: int = 3) -> None:
    if rec.quick:
        locator.fill(text)
        return
    for i in range(step, len(text) + step, step):
        locator.fill(text[:i])
        rec.frame(0.12)


# ---- the films ---------------------------------------------------------------------------

@dataclass
class Film:
    name: str
    title: str
    scenes: Callable[[Context, Recorder], None]


@dataclass
class Notice:
    path: Path
    number: str
    auth_key: str
    project_name: str


@dataclass
class Context:
    site_url: str         # what the browser and the notices show: the production host
    local_url: str        # where this machine's portal answers it
    number: str
    auth_key: str
    notice_top: Path      # the notice from its title down to the key
    notice_qr: Path       # the key, the QR code and what to do with them
    notice_name: str
    mail_eml: Path | None
    demo: dict
    notice_pdf: Path = Path()          # the notice as the contractor sends it
    batch_pdfs: list[Path] = field(default_factory=list)  # more notices, for まとめて確認
    # Notices of their own for 電子提出 (the verify film records 受領 of the main one, and a
    # version received is not submitted again): the first is submitted on the page, the rest
    # reach the inbox through the API.
    submission_notices: list[Notice] = field(default_factory=list)
    submission_ids: dict[str, str] = field(default_factory=dict)  # contract number → 受付番号


def film_mechanism(ctx: Context, rec: Recorder) -> None:
    page = rec.page
    page.goto(f"{ctx.site_url}/how-it-works/")
    dress(page)
    figure = page.locator("figure.guide-flow svg").evaluate("(svg) => svg.outerHTML")
    steps = page.locator("figure.guide-flow + ol > li").all_inner_texts()
    if len(steps) != 4:
        raise VideoError(f"how-it-works: expected the four steps under the diagram, found {len(steps)}")

    rec.new_scene()
    stage(page, title_card("電子保証の仕組み", "保証会社・受注者・発注者と電子保証ポータル"))
    rec.say("電子保証の仕組みを、図で説明します。")

    rec.new_scene()
    stage(page, f'<div class="film-flow">{figure}</div><div class="film-panel"><strong>登場するのは4者です</strong>'
                "保証会社、受注者、発注者と、電子保証を保管する電子保証ポータルです。</div>")
    rec.say("電子保証には、保証会社・受注者・発注者と、電子保証ポータルがかかわります。")
    rec.say("紙の保証証書の代わりに、保証契約番号と認証キーを受け渡すのが電子保証です。")

    lit = {1: ("surety", "portal", "step-1"), 2: ("portal", "contractor", "step-2"),
           3: ("contractor", "orderer", "step-3"), 4: ("orderer", "portal", "step-4")}
    captions = {
        1: ["まず、保証会社が、受注者の申込みを受けて電子保証を発行し、ポータルに登録します。"],
        2: ["次に、受注者が「電子保証にかかる「認証キー」のお知らせ」（PDF）を受け取ります。",
            "お知らせには、保証契約番号と認証キー、QRコードが記載されています。"],
        3: ["受注者は、このポータルでお知らせを読み取り、発注者に提出します。これを電子提出といいます。",
            "お知らせ（PDF）をメールに添付して送る方法も、これまでどおり使えます。",
            "画面を印刷したものやスクリーンショットは、保証証書の代わりになりません。"],
        4: ["最後に、発注者が保証の内容を確認します。電子提出されたものは、受付箱で開くだけです。",
            "メールで届いたものは、保証契約番号と認証キーを入力するか、QRコードを読み取って確認します。"],
    }
    for n in range(1, 5):
        rec.new_scene()
        # The panel shows the page's own words for the step, the diagram the page's own SVG.
        head, _, rest = steps[n - 1].partition("：")
        stage(page, f'<div class="film-flow">{figure}</div><div class="film-panel">'
                    f"<strong>{html.escape(head)}</strong>{html.escape(rest)}</div>")
        page.evaluate(
            """(on) => document.querySelectorAll('#film-stage [data-flow]').forEach((el) => {
                   const lit = on.includes(el.dataset.flow);
                   el.classList.toggle('film-on', lit); el.classList.toggle('film-dim', !lit);
               })""",
            list(lit[n]),
        )
        for text in captions[n]:
            rec.say(text)

    rec.new_scene()
    stage(page, title_card("紙の保証証書も選べます", "電子保証は選択制です"))
    rec.say("紙の保証証書も、これまでどおり選べます。電子保証は、発注者が認めた契約で利用できます。")
    unstage(page)


def show_notice(page, image: Path, heading: str, text: str) -> None:
    data = base64.b64encode(image.read_bytes()).decode("ascii")
    stage(page, f'<div class="film-doc"><img alt="" src="data:image/png;base64,{data}"></div>'
                f'<div class="film-panel"><strong>{html.escape(heading)}</strong>{html.escape(text)}</div>')


def film_submit(ctx: Context, rec: Recorder) -> None:
    page = rec.page
    page.goto(f"{ctx.site_url}/contractor/submit/")
    dress(page)

    rec.new_scene()
    stage(page, title_card("認証キーの受け取りと発注者への提出", "受注者の方へ"))
    rec.say("「認証キーのお知らせ」の受け取り方と、発注者への提出方法を説明します。")

    rec.new_scene()
    if ctx.mail_eml is None:
        raise VideoError("the completion e-mail was not written to the outbox")
    message = email.message_from_bytes(ctx.mail_eml.read_bytes(), policy=email.policy.default)
    body = cast(EmailMessage, message.get_body(preferencelist=("plain",))).get_content()
    # The message in two screens: what was issued, then what to do next.
    issued_part, heading, next_part = body.partition("■ 今後のお手続き")

    def show_mail(text: str) -> None:
        stage(page, '<div class="film-mail"><header>'
                    f'<div><b>件名</b>{html.escape(str(message["Subject"]))}</div>'
                    f'<div><b>宛先</b>{html.escape(str(message["To"]))}</div></header>'
                    f"<pre>{html.escape(text.strip())}</pre></div>")

    show_mail(issued_part)
    rec.say("保証会社で発行手続きが終わると、「電子保証（認証キー）発行完了のお知らせ」メールが届きます。")
    if heading:
        show_mail(heading + next_part)
    rec.say("このメールには認証キーは書かれていません。次に、お知らせ（PDF）をダウンロードします。")

    rec.new_scene()
    show_notice(page, ctx.notice_top, "認証キーのお知らせ（PDF）", "保証会社のサービスの保証契約一覧からダウンロードします。")
    rec.say("保証会社のサービスの保証契約一覧から「電子保証にかかる「認証キー」のお知らせ」（PDF）をダウンロードします。")
    rec.say("お知らせには、保証の内容と保証契約番号、認証キーが記載されています。")
    show_notice(page, ctx.notice_qr, "認証キーとQRコード", "発注者は、認証キーかQRコードで保証の内容を確認します。")
    rec.say("QRコードにも認証キーが含まれています。お知らせは提出先の発注者にだけ送ります。")
    rec.say("QRコードとアドレスは、発注者がクリックすると確認結果が開くリンクです。")
    rec.say("リンクには認証キーが含まれるため、メール本文には貼り付けず、PDFを添付します。")

    rec.new_scene()
    unstage(page)
    spotlight(page, "#送るもの + ul")
    rec.say("発注者に送るのは、このお知らせ（PDF）です。ダウンロードしたファイルをそのまま添付します。")

    rec.new_scene()
    template = page.locator("article .guide-mail code").first.inner_text()
    subject, _, letter = template.partition("\n")
    letter = letter.replace("（保証契約番号）.pdf", f"{ctx.number}.pdf")
    spotlight(page, None)
    stage(page, '<div class="film-mail"><header>'
                "<div><b>宛先</b>発注者が指定したメールアドレス</div>"
                f'<div><b>件名</b>{html.escape(subject.replace("件名：", ""))}</div>'
                f'<div><b>添付</b><span class="film-attach">{html.escape(ctx.notice_name)}</span></div></header>'
                f"<pre>{html.escape(letter.strip())}</pre></div>")
    rec.say("お知らせ（PDF）をメールに添付し、ほかの必要書類と合わせて発注者に送信します。")
    rec.say("件名には「電子保証」、工事名、保証の種類を入れます。発注者の指定があれば、それに従います。")

    rec.new_scene()
    unstage(page)
    spotlight(page, ".guide-dont")
    rec.say("電子保証の画面を印刷したものやスクリーンショットは、保証証書の代わりになりません。")
    rec.say("変更前の古いお知らせや、別の工事のお知らせを送らないよう、番号と工事名を確かめます。")

    rec.new_scene()
    spotlight(page, None)
    page.goto(f"{ctx.site_url}/orderer/verify/")
    dress(page)
    page.get_by_label("保証契約番号").fill(ctx.number)
    page.get_by_label("認証キー").fill(ctx.auth_key)
    page.get_by_role("button", name="確認する").click()
    page.locator("#verify-result").wait_for(state="visible")
    scroll_to(page, "#verify-result")
    rec.say("発注者は、お知らせのリンクや保証契約番号と認証キーで、保証の内容を確認します。")

    rec.new_scene()
    stage(page, title_card("送信したら", "到着確認の電話は不要です"))
    rec.say("送信したメールは記録として保存してください。到着を確かめる電話は不要です。")
    rec.say("保証の内容を変更したときは、新しいお知らせをあらためて提出してください。")
    rec.say("発注者が電子提出を受け付けていれば、メールの代わりに、このポータルで提出することもできます。")
    unstage(page)


def film_verify(ctx: Context, rec: Recorder) -> None:
    page = rec.page
    page.goto(f"{ctx.site_url}/orderer/verify/")
    dress(page)

    rec.new_scene()
    stage(page, title_card("発注者の確認方法", "保証契約番号と認証キーで電子保証を確認する"))
    rec.say("発注者が電子保証を確認する方法を説明します。アカウントの登録は不要です。")

    rec.new_scene()
    show_notice(page, ctx.notice_top, "認証キーのお知らせ（PDF）",
                "受注者からメールで届いたお知らせ（PDF）を開きます。")
    rec.say("受注者からメールで届いた「認証キーのお知らせ」（PDF）を開きます。")
    show_notice(page, ctx.notice_qr, "QRコードをクリック",
                "パソコンでは、QRコードか確認ページのアドレスをクリックします。")
    rec.say("パソコンでは、お知らせのQRコードか確認ページのアドレスをクリックします。")

    rec.new_scene()
    unstage(page)
    from chalicelib.domain.links import verify_url
    page.goto("about:blank")  # a click in the PDF viewer opens a new page, not a hash change
    page.goto(verify_url(ctx.site_url, ctx.number, ctx.auth_key))  # where the PDF's link leads
    dress(page)
    page.locator("#verify-result").wait_for(state="visible")
    scroll_to(page, "#verify-result")
    spotlight(page, '#verify-result [data-field="status"]')
    rec.say("入力しなくても、確認ページが開いて確認結果が表示されます。状態が「有効」かを確かめます。")
    spotlight(page, '#verify-result [data-field="amount"]')
    rec.say("保証の種類、保証金額、保証期間が、契約の内容と合っているかを確かめます。")
    spotlight(page, '#verify-result [data-field="project_name"]')
    rec.say("工事名や受注者名も、契約と合っているかを確かめます。")
    spotlight(page, None)

    rec.new_scene()
    page.get_by_role("button", name="別の保証を確認する").click()
    scroll_to(page, "#scan-heading")
    spotlight(page, ".portal-scan")
    rec.say("お知らせのPDFを、この確認ページに重ねて置いても確認できます。")
    drag_ghost(page, ctx.notice_pdf.name)
    rec.say("PDFはお使いのパソコンの中で読み取ります。ファイルを送信することはありません。")
    drag_ghost(page, None)
    spotlight(page, None)
    drop_files(page, [ctx.notice_pdf])
    page.locator("#verify-result").wait_for(state="visible")
    scroll_to(page, "#verify-result")
    rec.say("置いたPDFから保証契約番号と認証キーを読み取り、確認結果を表示します。")

    film_receipt(ctx, rec)

    rec.new_scene()
    scroll_to(page, "#copy")
    spotlight(page, "#copy")
    rec.say("「写し（PDF）を保存する」で、電子署名付きの確認結果を保存できます。")
    rec.say("写しは、後日の確認や文書管理システムへの登録にお使いください。")
    spotlight(page, "#verify-print")
    rec.say("「印刷する」では、確認結果をA4用紙1枚に印刷します。認証キーは印刷されません。")
    spotlight(page, None)

    rec.new_scene()
    page.get_by_role("button", name="別の保証を確認する").click()
    number = page.get_by_label("保証契約番号")
    key = page.get_by_label("認証キー")
    scroll_to(page, "#form-heading")
    rec.say("お知らせを見ながら、保証契約番号と認証キーを入力して確認することもできます。")
    rec.say("保証契約番号を入力します。", lambda: type_slowly(rec, number, ctx.number))
    typed = ctx.auth_key.lower().replace("-", " ")
    rec.say("認証キーを入力します。大文字・小文字やハイフンの有無は区別しません。",
            lambda: type_slowly(rec, key, typed, step=4))
    page.get_by_role("button", name="確認する").click()
    page.locator("#verify-result").wait_for(state="visible")
    scroll_to(page, "#verify-result")
    rec.say("「確認する」を押すと、確認結果が表示されます。")

    rec.new_scene()
    page.get_by_role("button", name="別の保証を確認する").click()
    scroll_to(page, "#scan-heading")
    rec.say("スマートフォンやカメラ付きのパソコンでは、お知らせのQRコードを読み取れます。")
    page.get_by_role("button", name="QRコードを読み取る").click()
    page.locator("#scan-camera").wait_for(state="visible")
    page.wait_for_function("() => { const v = document.getElementById('scan-video'); return v && v.readyState >= 2; }")
    # The camera shows the printed notice being raised: its QR code is half in view for
    # the first second and a half (camera_video), so this frame shows the paper and the code.
    page.wait_for_timeout(500)
    spotlight(page, "#scan-camera")
    rec.say("「QRコードを読み取る」を押し、カメラにお知らせのQRコードを向けます。")
    page.locator("#verify-result").wait_for(state="visible", timeout=15_000)
    spotlight(page, None)
    scroll_to(page, "#verify-result")
    rec.say("読み取ると、すぐに確認結果が表示されます。")

    film_superseded(ctx, rec)

    rec.new_scene()
    page.get_by_role("button", name="別の保証を確認する").click()
    page.get_by_label("保証契約番号").fill(ctx.number)
    wrong = ("0" if ctx.auth_key[0] != "0" else "1") + ctx.auth_key[1:]
    page.get_by_label("認証キー").fill(wrong)
    page.get_by_role("button", name="確認する").click()
    page.locator("#verify-error").wait_for(state="visible")
    scroll_to(page, "#form-heading")
    spotlight(page, "#verify-error")
    rec.say("認証キーを打ち間違えると、その場でお知らせします。お知らせの記載と見比べて入力し直します。")
    spotlight(page, None)

    rec.new_scene()
    stage(page, title_card("確認したら", "お知らせ（PDF）を契約書類と一緒に保存します"))
    rec.say("お知らせ（PDF）は契約書類と一緒に保存します。保存した認証キーで、いつでも確認し直せます。")
    rec.say("たくさん届いたときは「まとめて確認」で、一度に確認できます。")
    unstage(page)


def film_batch(ctx: Context, rec: Recorder) -> None:
    page = rec.page
    page.goto(f"{ctx.site_url}/orderer/batch/")
    dress(page)
    if len(ctx.batch_pdfs) < 2:
        raise VideoError("the batch video needs several notices")

    rec.new_scene()
    stage(page, title_card("まとめて確認", "たくさんの「認証キーのお知らせ」を一度に確認する"))
    rec.say("年度の始めなど、お知らせがたくさん届いたときは「まとめて確認」を使います。")

    rec.new_scene()
    unstage(page)
    scroll_to(page, "#batch-form")
    spotlight(page, "#batch-form")
    rec.say("届いたお知らせのPDFをまとめて選ぶか、この画面に重ねて置きます。")
    drag_ghost(page, f"{ctx.batch_pdfs[0].name} ほか{len(ctx.batch_pdfs) - 1}件")
    rec.say("PDFはお使いのパソコンの中で読み取ります。ファイルを送信することはありません。")
    drag_ghost(page, None)
    drop_files(page, ctx.batch_pdfs)
    page.locator("#batch-files-chosen").wait_for(state="visible")
    rec.say("番号と認証キーを1行に1件ずつ貼り付けても確認できます。")
    spotlight(page, None)

    rec.new_scene()
    page.get_by_role("button", name="まとめて確認する").click()
    page.locator("#batch-result").wait_for(state="visible")
    page.wait_for_function("(n) => document.querySelectorAll('#batch-table tbody tr').length >= n",
                           arg=len(ctx.batch_pdfs))
    scroll_to(page, "#batch-heading")
    rec.say("状態・保証金額・工事名・受注者が、1件1行の表になります。")
    header = page.get_by_role("button", name="保証金額")
    spotlight(page, "#batch-table th[data-key='amount']")
    header.click()
    header.click()
    rec.say("列の見出しを押すと並べ替えられます。もう一度押すと逆の順になります。")
    spotlight(page, "#batch-csv")
    rec.say("「CSVで保存」で、表計算ソフトで開けるファイルに保存できます。認証キーは含みません。")
    spotlight(page, None)

    rec.new_scene()
    first = page.locator("#batch-table tbody tr").first
    first.locator("input[type=checkbox]").check()
    page.locator("#batch-table tbody tr").nth(1).locator("input[type=checkbox]").check()
    scroll_to(page, "#batch-heading")
    rec.say("受領を記録するものを選び、「選んだ電子保証の受領を記録する」を押します。")
    page.get_by_role("button", name="選んだ電子保証の受領を記録する").click()
    fill_receipt(rec, "#batch-receipt-form", "#batch-receipt")
    page.get_by_role("button", name="記録する（2件）").click()
    page.locator("#batch-receipt-status").filter(has_text="受領を記録しました").wait_for(state="visible")
    scroll_to(page, "#batch-table thead", offset=60)
    rec.say("選んだ電子保証が「受領済み」になり、受注者と保証会社にお知らせが届きます。")


def fill_receipt(rec: Recorder, form: str, section: str) -> None:
    """The receipt's form, after signing in if the page asks for it first."""
    page = rec.page
    page.locator(f"{form}:visible, #staff-sign-in:visible").first.wait_for(state="visible")
    if page.locator("#staff-sign-in").is_visible():
        film_staff_sign_in(rec)
    page.get_by_label("担当部署").select_option("契約検査課")
    page.get_by_label("氏名").fill("佐久 花子")
    scroll_to(page, section)
    rec.say("担当部署を選び、氏名を入力して「記録する」を押します。")


def film_receipt(ctx: Context, rec: Recorder) -> None:
    """Recording 受領: part of the verify page since issue 4; skipped where it is missing."""
    page = rec.page
    start = page.locator("#receipt-start")
    if start.count() == 0 or not start.is_visible():
        log.warning("verify video: scene 「受領を記録する」 skipped: the verify page has no visible "
                    "「受領を記録する」 button (#receipt-start)")
        return
    rec.new_scene()
    scroll_to(page, "#receipt")
    spotlight(page, "#receipt-start")
    rec.say("内容を確かめたら、「受領を記録する」で受領を記録できます。")
    spotlight(page, None)
    start.click()
    fill_receipt(rec, "#receipt-form", "#receipt")
    page.locator("#receipt-submit").click()
    page.locator("#receipt-done").wait_for(state="visible")
    scroll_to(page, "#receipt")
    spotlight(page, "#receipt-done")
    rec.say("「受領済み」と表示されます。受注者と保証会社には、受領のお知らせがメールで届きます。")
    spotlight(page, None)


def _latest_code(address: str) -> str:
    """The sign-in code the portal just mailed (locally: written to the outbox)."""
    code = sign_in_codes.latest(Path(os.environ["PORTAL_OUTBOX_DIR"]), address)
    if code is None:
        raise VideoError(f"no sign-in code was mailed to {address}")
    return code


def film_staff_sign_in(rec: Recorder, intro: str = "受領の記録は、発注者の職員の方がサインインして行います。"
                                                     "職場のメールアドレスを入力して、確認コードを送ります。",
                       ready: Callable[[], None] | None = None) -> None:
    """Recording 受領 carries the orderer's authority: its staff sign in with a mailed code."""
    from devtools.demo import DEMO_STAFF_EMAIL
    page = rec.page
    scroll_to(page, "#staff-sign-in")
    page.get_by_label("職場のメールアドレス").fill(DEMO_STAFF_EMAIL)
    rec.say(intro)
    page.get_by_role("button", name="確認コードを送る").click()
    code = page.get_by_label("確認コード（8桁の数字）")
    code.wait_for(state="visible")
    code.fill(_latest_code(DEMO_STAFF_EMAIL))
    scroll_to(page, "#staff-sign-in")
    rec.say("メールで届いた8桁の確認コードを入力して「サインイン」を押します。パスワードは不要です。")
    page.get_by_role("button", name="サインイン", exact=True).click()
    if ready is None:
        page.get_by_label("担当部署").wait_for(state="visible")
    else:
        ready()


def film_superseded(ctx: Context, rec: Recorder) -> None:
    """A key of a guarantee changed since: the banner (issue 4); skipped before that exists."""
    page = rec.page
    number, old_key = ctx.demo.get("amended_contract_number"), ctx.demo.get("amended_old_auth_key")
    if not (number and old_key) or page.locator("#verify-banner").count() == 0:
        log.warning("verify video: scene 「変更済み」 skipped: no amended demo guarantee or no banner on the page")
        return
    rec.new_scene()
    page.get_by_role("button", name="別の保証を確認する").click()
    page.get_by_label("保証契約番号").fill(number)
    page.get_by_label("認証キー").fill(old_key)
    page.get_by_role("button", name="確認する").click()
    page.locator("#verify-banner").wait_for(state="visible")
    scroll_to(page, "#verify-result")
    spotlight(page, "#verify-banner")
    rec.say("変更前の認証キーで確認すると、「変更されています」と表示されます。")
    rec.say("この場合は、受注者に変更後の新しい「認証キーのお知らせ」の提出を求めてください。")
    spotlight(page, None)


# ---- 電子提出 (issue 29): the contractor's side and the orderer's inbox ------------------

SUBMISSION_ID = re.compile(r"\d{6}-[0-9A-Z]{4}-[0-9A-Z]{4}")
CONTACT = {"name": "佐藤 一郎", "phone": "0267-00-1234"}
RETURN_REASON = "提出先の担当部署が違います。前払金保証は契約検査課あてに提出してください。"


def _mails_to(address: str) -> list[EmailMessage]:
    """The mails the portal wrote to `address` (locally: the outbox), newest first."""
    outbox = Path(os.environ["PORTAL_OUTBOX_DIR"])
    found = []
    for path in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns, reverse=True):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == address:
            found.append(message)
    return found


def _mail_about(address: str, submission_id: str, subject: str) -> EmailMessage:
    """The newest mail to `address` about the submission whose subject says `subject` (受付, 受領)."""
    for message in _mails_to(address):
        said = str(message["Subject"])
        if submission_id in said and subject in said:
            return message
    raise VideoError(f"no mail to {address} about {submission_id} says {subject} in its subject")


def show_mail_message(page, message: EmailMessage, lines: int = 14) -> None:
    body = cast(EmailMessage, message.get_body(preferencelist=("plain",))).get_content()
    text = "\n".join(body.strip().splitlines()[:lines])
    stage(page, '<div class="film-mail"><header>'
                f'<div><b>件名</b>{html.escape(str(message["Subject"]))}</div>'
                f'<div><b>宛先</b>{html.escape(str(message["To"]))}</div></header>'
                f"<pre>{html.escape(text)}</pre></div>")


def submit_through_api(ctx: Context, notice: Notice, department: str) -> str:
    """A submission as the page makes it (POST /v1/submissions): the inbox film's other entries."""
    from devtools.demo import DEMO_CONTRACTOR_EMAIL
    body = {"contract_number": notice.number, "auth_key": notice.auth_key, "orderer_id": "202177",
            "department": department, "reference": None,
            "contact": {**CONTACT, "email": DEMO_CONTRACTOR_EMAIL}}
    answer = post_json(f"{ctx.local_url}/api/v1/submissions", {k: v for k, v in body.items() if v is not None},
                       {"Origin": ctx.local_url})
    submission_id = answer["submission"]["submission_id"]
    ctx.submission_ids[notice.number] = submission_id
    return submission_id


def film_submission(ctx: Context, rec: Recorder) -> None:
    from devtools.demo import DEMO_CONTRACTOR_EMAIL
    page = rec.page
    if not ctx.submission_notices:
        raise VideoError("the 電子提出 films need notices of their own")
    notice = ctx.submission_notices[0]
    page.goto(f"{ctx.site_url}/contractor/submission/")
    dress(page)

    rec.new_scene()
    stage(page, title_card("ポータルで提出する（電子提出）", "受注者の方へ"))
    rec.say("「認証キーのお知らせ」を、このポータルで発注者に提出する方法を説明します。")
    rec.say("メールに添付する必要はありません。提出すると、すぐに受付番号が表示されます。")

    rec.new_scene()
    unstage(page)
    scroll_to(page, "#scan-heading")
    spotlight(page, ".portal-scan")
    rec.say("「電子提出」のページを開き、お知らせのPDFを、このページに重ねて置きます。")
    drag_ghost(page, notice.path.name)
    rec.say("PDFはお使いのパソコンの中で読み取ります。ファイルを送信することはありません。")
    drag_ghost(page, None)
    spotlight(page, None)
    drop_files(page, [notice.path])

    rec.new_scene()
    page.locator("#submission-form").wait_for(state="visible")
    scroll_to(page, "#submission-preview")
    spotlight(page, "#submission-orderer")
    rec.say("提出先の発注者と、提出する保証の内容が表示されます。")
    spotlight(page, None)
    scroll_to(page, "#submission-sections")
    rec.say("工事名や保証金額、保証期間が、契約と合っているかを確かめます。")

    rec.new_scene()
    scroll_to(page, "#submission-form")
    page.locator("#submission-department").select_option("契約検査課")
    spotlight(page, "#submission-department")
    rec.say("提出先の担当部署を、発注者の部署の一覧から選びます。")
    spotlight(page, None)
    rec.say("発注者の工事番号や契約番号がわかれば入力します。",
            lambda: type_slowly(rec, page.locator("#submission-reference"), "佐建第2026-41号"))

    def contact() -> None:
        type_slowly(rec, page.locator("#submission-name"), CONTACT["name"])
        type_slowly(rec, page.locator("#submission-email"), DEMO_CONTRACTOR_EMAIL, step=5)

    scroll_to(page, ".portal-submission-contact")
    rec.say("連絡先の担当者名とメールアドレスを入力します。受付や受領のお知らせは、このアドレスに届きます。", contact)
    page.locator("#submission-phone").fill(CONTACT["phone"])
    spotlight(page, "#submission-submit")
    rec.say("入力した内容を確かめて、「提出する」を押します。")
    spotlight(page, None)
    page.locator("#submission-submit").click()

    rec.new_scene()
    page.locator("#submission-done").wait_for(state="visible")
    found = SUBMISSION_ID.search(page.locator("#submission-number").inner_text())
    if found is None:
        raise VideoError("the submission page showed no 受付番号")
    ctx.submission_ids[notice.number] = found.group(0)
    scroll_to(page, "#submission-done")
    spotlight(page, "#submission-number")
    rec.say("提出が終わると、受付番号が表示されます。発注者への問い合わせには、この番号を使います。")
    spotlight(page, None)

    rec.new_scene()
    show_mail_message(page, _mail_about(DEMO_CONTRACTOR_EMAIL, found.group(0), "受付"))
    rec.say("同じ受付番号を書いた、受付のメールが届きます。メールに認証キーは書かれていません。")
    rec.say("発注者が受領を記録したときや、差し戻したときにも、メールでお知らせします。")

    rec.new_scene()
    stage(page, title_card("差し戻されたら", "理由を確かめて、同じお知らせでもう一度提出します"))
    rec.say("差し戻されたときは、メールの理由を確かめて手続きをし、同じお知らせでもう一度提出します。")
    rec.say("受付番号は変わりません。メールでの提出も、これまでどおり使えます。")
    unstage(page)


def inbox_row(submission_id: str) -> str:
    return f'#inbox-table tbody tr[data-submission="{submission_id}"]'


def decide(rec: Recorder, action: str, reason: str | None = None) -> None:
    """The entry's 受領 or 差戻し: the button, then the dialog (担当部署, 氏名, the reason) and its
    confirmation; done when the entry says so."""
    page = rec.page
    page.locator(f"#inbox-entry-{action}").click()
    dialog = page.locator("#inbox-dialog")
    dialog.wait_for(state="visible")
    dialog.locator("#inbox-decision-department").select_option("契約検査課")
    dialog.locator("#inbox-decision-name").fill("佐久 花子")
    if reason is None:
        rec.say("担当部署を選び、氏名を入力して、記録します。")
    else:
        rec.say("担当部署と氏名を入れ、差戻しの理由を書きます。理由は、受注者にメールで届きます。",
                lambda: type_slowly(rec, dialog.locator("#inbox-reason"), reason, step=6))
    dialog.locator("#inbox-dialog-confirm").click()
    page.locator("#inbox-entry-status").filter(has_text="受領を記録しました" if action == "receive" else "差し戻しました") \
        .wait_for(state="visible")


def film_inbox(ctx: Context, rec: Recorder) -> None:
    from devtools.demo import DEMO_CONTRACTOR_EMAIL
    page = rec.page
    if len(ctx.submission_notices) < 3:
        raise VideoError("the inbox film needs three submitted notices")
    first, wrong, third = ctx.submission_notices[:3]
    # Entries to work on: the contractor film's (or, filmed alone, the same through the API),
    # one more, and one sent to the wrong department (to be returned), newest first.
    if first.number not in ctx.submission_ids:
        submit_through_api(ctx, first, "契約検査課")
    submit_through_api(ctx, third, "契約検査課")
    submit_through_api(ctx, wrong, "教育総務課")
    received_id, returned_id = ctx.submission_ids[first.number], ctx.submission_ids[wrong.number]

    page.goto(f"{ctx.site_url}/orderer/inbox/")
    dress(page)

    rec.new_scene()
    stage(page, title_card("受付箱", "受注者が電子提出した電子保証を受け取る"))
    rec.say("受注者がポータルで提出した電子保証は、発注者の受付箱に届きます。")
    rec.say("添付ファイルを開いたり、認証キーを入力したりする必要はありません。")

    rec.new_scene()
    unstage(page)
    page.locator("#staff-sign-in").wait_for(state="visible")
    film_staff_sign_in(rec, intro="受付箱は、発注者の職員の方がサインインして使います。職場のメールアドレスを入力して、確認コードを送ります。",
                       ready=lambda: page.locator(inbox_row(received_id)).wait_for(state="visible"))

    rec.new_scene()
    scroll_to(page, "#inbox-table", offset=60)
    rec.say("提出されたものが、新しい順に並びます。「未確認」は、まだ受領も差戻しもしていないものです。")
    scroll_to(page, "#inbox-heading")
    spotlight(page, "#inbox-filters")
    rec.say("担当部署、保証の種類、状態、提出日で絞り込めます。")
    page.locator("#inbox-state").select_option("pending")
    page.locator(inbox_row(received_id)).wait_for(state="visible")
    spotlight(page, None)

    rec.new_scene()
    page.locator(f"{inbox_row(received_id)} button.portal-inbox-number").click()
    page.locator("#inbox-entry").wait_for(state="visible")
    scroll_to(page, "#inbox-entry")
    spotlight(page, "#inbox-entry-fields")
    rec.say("1件を開くと、受付番号や提出先、受注者の連絡先など、提出の内容が表示されます。")
    spotlight(page, None)
    scroll_to(page, "#inbox-entry-sections")
    rec.say("その下に、確認ページと同じ確認結果が表示されます。認証キーの入力は不要です。")
    rec.say("保証の種類、保証金額、保証期間、工事名が、契約と合っているかを確かめます。")

    rec.new_scene()
    spotlight(page, "#inbox-entry-receive")
    rec.say("内容が合っていれば、「受領を記録する」を押します。")
    spotlight(page, None)
    decide(rec, "receive")
    scroll_to(page, "#inbox-entry")
    spotlight(page, "#inbox-entry-status")
    rec.say("受領を記録すると、受注者と保証会社に、受領のお知らせがメールで届きます。")
    spotlight(page, None)

    rec.new_scene()
    page.locator("#inbox-entry-close").click()
    page.locator(f"{inbox_row(returned_id)} button.portal-inbox-number").click()
    page.locator("#inbox-entry").wait_for(state="visible")
    scroll_to(page, "#inbox-entry")
    spotlight(page, "#inbox-entry-fields")
    rec.say("提出先の部署が違うときなど、受け取れないものは差し戻します。")
    spotlight(page, "#inbox-entry-return")
    rec.say("「差し戻す」を押します。")
    spotlight(page, None)
    decide(rec, "return", RETURN_REASON)
    scroll_to(page, "#inbox-entry")
    rec.say("受注者が手続きをしてもう一度提出すると、同じ受付番号のまま「未確認」に戻ります。")

    rec.new_scene()
    page.locator("#inbox-entry-close").click()
    page.locator("#inbox-state").select_option("")
    page.locator(inbox_row(ctx.submission_ids[third.number])).wait_for(state="visible")
    page.locator(f"{inbox_row(ctx.submission_ids[third.number])} input[type=checkbox]").check()
    scroll_to(page, "#inbox-heading")
    spotlight(page, "#inbox-bulk")
    rec.say("一覧で複数を選んで、まとめて受領を記録したり、差し戻したりすることもできます。")
    spotlight(page, None)

    rec.new_scene()
    show_mail_message(page, _mail_about(DEMO_CONTRACTOR_EMAIL, received_id, "受領"))
    rec.say("受注者には、このような受領のメールが届きます。どのメールにも、認証キーは書かれていません。")

    rec.new_scene()
    stage(page, title_card("お知らせのメール", "新しい提出を、担当部署にメールで知らせます"))
    rec.say("新しい提出を、提出のたびか1日1回、担当部署にメールで知らせるかは、発注者の管理者が設定します。")
    unstage(page)


FILMS = [
    Film("mechanism", "電子保証の仕組み", film_mechanism),
    Film("verify", "発注者の確認方法", film_verify),
    Film("batch", "まとめて確認する", film_batch),
    Film("submit", "認証キーの受け取りと発注者への提出", film_submit),
    # After the others: the verify film's receipt is of another guarantee (Context.submission_notices).
    Film("submission", "ポータルで提出する（電子提出）", film_submission),
    Film("inbox", "受付箱で受け取る", film_inbox),
]


# ---- encoding ----------------------------------------------------------------------------

def require_tools() -> None:
    missing = [tool for tool in ("ffmpeg",) if shutil.which(tool) is None]
    if not Path(CHROMIUM).exists():
        missing.append("chromium")
    if shutil.which("pdftoppm") is None:
        missing.append("poppler-utils")
    if missing:
        raise VideoError(f"missing Debian packages: {' '.join(missing)} (make system-deps installs them)")


def encode(shots: list[tuple[Path, float]], narration: Path, out: Path, name: str,
           quick: bool) -> dict[str, str]:
    frames_dir = shots[0][0].parent
    listing = frames_dir / "frames.ffconcat"
    lines = ["ffconcat version 1.0"]
    for path, seconds in shots:
        lines += [f"file '{path.name}'", f"duration {seconds:.3f}"]
    lines.append(f"file '{shots[-1][0].name}'")  # the concat demuxer drops the last duration otherwise
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    source = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "concat", "-safe", "0",
              "-i", str(listing), "-i", str(narration), "-map", "0:v", "-map", "1:a",
              "-vf", f"fps={FPS},format=yuv420p", "-g", str(FPS * 10), "-ac", "1"]
    files = {"webm": f"{name}.webm"}
    # VP9 at constant quality: screenshots of pages are mostly still, so this stays small.
    # Speech in mono at a low bitrate: Opus stays clear at 24 kbit/s, AAC at 32.
    speed = ["-deadline", "realtime", "-cpu-used", "8"] if quick else ["-deadline", "good", "-cpu-used", "4"]
    _run(source + ["-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "40", "-row-mt", "1", *speed,
                   "-c:a", "libopus", "-b:a", "24k", "-application", "voip", str(out / files["webm"])])
    if not quick:
        # H.264 for the browsers that play no VP9 (older iPhones).
        files["mp4"] = f"{name}.mp4"
        _run(source + ["-c:v", "libx264", "-preset", "slow", "-tune", "stillimage", "-crf", "30",
                       "-profile:v", "high", "-c:a", "aac", "-b:a", "32k", "-movflags", "+faststart",
                       str(out / files["mp4"])])
        files["poster"] = f"{name}.jpg"
        _run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", str(shots[0][0]),
              "-q:v", "6", str(out / files["poster"])])
    return files


def media_seconds(path: Path) -> float:
    """The length a player reads from the file (its container's duration)."""
    result = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                             str(path)], capture_output=True, text=True)
    if result.returncode != 0:
        raise VideoError(f"ffprobe failed on {path.name}: {result.stderr.strip()}")
    return float(result.stdout.strip())


def _run(cmd: list[str]) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise VideoError(f"{cmd[0]} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


# ---- the stack ---------------------------------------------------------------------------

def build_site(out_dir: Path) -> None:
    # Not --strict: the site warns about videos that do not exist yet, which is what we are making.
    env = dict(os.environ, PORTAL_API_BASE="/api", NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(out_dir)],
                            cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise VideoError(f"mkdocs build failed:\n{result.stdout}{result.stderr}")


def post_json(url: str, body: dict, headers: dict[str, str]) -> dict:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": "application/json", **headers})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def camera_video(notice_qr: Path, path: Path) -> Path:
    """Chromium's fake camera: the printed notice raised in front of it — its QR code half in
    view for a second and a half (what the video shows), then whole (what the page reads)."""
    from PIL import Image

    width, height = 640, 480
    paper = Image.open(notice_qr).convert("L")
    paper = paper.resize((width - 40, round(paper.height * (width - 40) / paper.width)))
    frames = []
    for raised in (False, True):
        frame = Image.new("L", (width, height), 110)
        # Lowered: the key and the upper half of the QR code show above the frame's edge.
        top = (height - paper.height) // 2 if raised else height - round(paper.height * 0.58)
        frame.paste(paper, (20, top))
        frames.append(frame.tobytes())
    chroma = bytes([128]) * ((width // 2) * (height // 2))
    with open(path, "wb") as f:
        f.write(f"YUV4MPEG2 W{width} H{height} F10:1 C420jpeg\n".encode("ascii"))
        for i in range(30):
            f.write(b"FRAME\n" + frames[i >= 15] + chroma + chroma)
    return path


def notice_images(pdf: bytes, auth_key: str, workdir: Path) -> tuple[Path, Path]:
    """Two crops of the notice's first page, found by where its text is (pdftotext -bbox),
    so a change of the notice's layout moves the crops with it."""
    pdf_path = workdir / "notice.pdf"
    pdf_path.write_bytes(pdf)
    result = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf_path), "-"],
                            capture_output=True, text=True, check=True)
    words = [(float(m.group(1)), float(m.group(2)), html.unescape(m.group(3))) for m in re.finditer(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', result.stdout)]
    title = next((w for w in words if "認証キー" in w[2] and "お知らせ" in w[2]), None)
    key = next((w for w in words if w[2].replace(" ", "") == auth_key), None)
    if title is None or key is None:
        raise VideoError("the notice PDF no longer shows its title and the 認証キー as text")
    dpi = 150
    px = dpi / 72

    def crop(name: str, top_pt: float, bottom_pt: float) -> Path:
        top = max(int(top_pt * px), 0)
        _run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", "-x", "0",
              "-y", str(top), "-W", str(int(595.3 * px)), "-H", str(int((bottom_pt - top_pt) * px)),
              str(pdf_path), str(workdir / name)])
        return workdir / f"{name}.png"

    return crop("notice-top", title[0] - 18, key[1] + 28), crop("notice-qr", key[0] - 30, key[1] + 200)


# The notices a department receives at once, for まとめて確認: other works, other amounts.
BATCH_WORKS = (("佐久平駅南口広場整備工事", 18_500_000, "advance_payment"),
               ("中込学校給食センター改修工事", 9_800_000, "contract"),
               ("市道跡部線舗装補修工事", 6_400_000, "advance_payment"),
               ("浅間中学校体育館屋根改修工事", 9_300_000, "interim_advance_payment"))  # within 10分の2 of the price
# The notices the 電子提出 films hand over: the first on the page, the others through the API.
SUBMISSION_WORKS = (("市道猿久保線側溝改良工事", 6_000_000, "contract"),
                    ("佐久市役所本庁舎空調設備改修工事", 16_000_000, "advance_payment"),
                    ("岩村田小学校プール改修工事", 7_900_000, "advance_payment"))


def issue_notices(local_url: str, demo: dict, today, workdir: Path, taken: set[str],
                  works: tuple[tuple[str, int, str], ...]) -> list[Notice]:
    from devtools.demo import demo_request
    notices = []
    # Distinct numbers: a repeated one would be refused as taken and stop the filming.
    free = [f"SAKU-{today:%Y}-{n}" for n in range(1000, 10000) if f"SAKU-{today:%Y}-{n}" not in taken]
    for (name, amount, kind), number in zip(works, random.SystemRandom().sample(free, len(works))):
        request = demo_request(number, today, kind=kind, amount=amount)
        request["project"]["name"] = name
        issued = post_json(f"{local_url}/api/v1/guarantees", request,
                           {"Authorization": f"Bearer {demo['surety_token']}", "Idempotency-Key": str(uuid.uuid4())})
        path = workdir / issued["notice"]["filename"]
        path.write_bytes(base64.b64decode(issued["notice"]["data_base64"]))
        notices.append(Notice(path, number, issued["auth_key"], name))
        taken.add(number)
    return notices


def generate(out: Path, quick: bool, site: Path | None, only: set[str] | None) -> dict[str, dict]:
    require_tools()
    workdir = Path(tempfile.mkdtemp(prefix="portal-videos-"))
    dynamodb = None
    server = None
    try:
        portal_port, dynamodb_port = free_port(), free_port()
        # The portal believes it is the production site (the notices' links and QR codes say
        # so); the browser's requests for that host are answered by this machine's server.
        site_url = production_site_url()
        local_url = f"http://{HOST}:{portal_port}"
        outbox = workdir / "outbox"
        use_local_environment(table_name=f"videos-{uuid.uuid4().hex[:8]}", dynamodb_port=dynamodb_port,
                              site_url=site_url, pepper=secrets.token_hex(32), outbox_dir=str(outbox))
        dynamodb = DynamoDBLocal(port=dynamodb_port, shared_db=False)
        started = time.monotonic()
        dynamodb.start()
        from chalicelib import bootstrap
        from devtools.demo import DEMO_CONTRACTOR_EMAIL, demo_request, seed_demo
        from devtools.server import PortalServer

        store = bootstrap.product_store()  # the table the environment above names
        store.ensure_table()
        bootstrap.install(store)
        from devtools import registry_seed  # the demo's orderers (佐久市 among them), as make run enrols them
        registry_seed.seed(store, bootstrap.installed().clock.now(), everything=False)
        demo = seed_demo(None)
        if site is None:
            site = workdir / "site"
            build_site(site)
        from app import app
        server = PortalServer(site, host=HOST, port=portal_port, app=app).start()
        log.info("portal at %s, shown as %s (%.1fs)", local_url, site_url, time.monotonic() - started)

        # The guarantee the videos show, issued like a surety would: through the HTTP API.
        from chalicelib.adapters import clock
        today = clock.today()
        number = f"SAKU-{today:%Y}-{secrets.randbelow(9000) + 1000}"
        request = {**demo_request(number, today), "completion_notice_email": DEMO_CONTRACTOR_EMAIL}
        issued = post_json(f"{local_url}/api/v1/guarantees", request,
                           {"Authorization": f"Bearer {demo['surety_token']}",
                            "Idempotency-Key": str(uuid.uuid4())})
        notice = issued["notice"]
        notice_pdf = workdir / notice["filename"]
        notice_pdf.write_bytes(base64.b64decode(notice["data_base64"]))
        mails = sorted(outbox.glob("*.eml")) if outbox.exists() else []
        # Headers are MIME-encoded: compare the decoded subject, not the raw bytes.
        ours = [m for m in mails if number in str(email.message_from_bytes(
            m.read_bytes(), policy=email.policy.default)["Subject"])]
        notice_top, notice_qr = notice_images(base64.b64decode(notice["data_base64"]), issued["auth_key"], workdir)
        ctx = Context(site_url=site_url, local_url=local_url, number=number, auth_key=issued["auth_key"],
                      notice_top=notice_top, notice_qr=notice_qr, notice_name=notice["filename"], mail_eml=ours[-1] if ours else None, demo=demo,
                      notice_pdf=notice_pdf)
        taken = {number}
        ctx.batch_pdfs = [n.path for n in issue_notices(local_url, demo, today, workdir, taken, BATCH_WORKS)]
        ctx.submission_notices = issue_notices(local_url, demo, today, workdir, taken, SUBMISSION_WORKS)
        camera = camera_video(ctx.notice_qr, workdir / "camera.y4m")
        return film_all(ctx, out, quick, only, workdir, camera)
    finally:
        if server is not None:
            server.stop()
        if dynamodb is not None:
            dynamodb.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def serve_public_host(context, public_url: str, local_url: str) -> None:
    """The browser asks for the production host; the local server answers (nothing leaves the
    machine: Playwright hands every such request to it and returns its response as is)."""
    def forward(route, request):
        response = route.fetch(url=local_url + request.url[len(public_url):], max_redirects=0)
        route.fulfill(response=response)

    context.route(f"{public_url}/**", forward)
    context.route(lambda url: not url.startswith((public_url + "/", "data:", "blob:", "about:")),
                  lambda route: route.abort())


def film_all(ctx: Context, out: Path, quick: bool, only: set[str] | None, workdir: Path,
             camera: Path) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    narrator = SilentNarrator(workdir) if quick else KokoroNarrator()

    out.mkdir(parents=True, exist_ok=True)
    made: dict[str, dict] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--hide-scrollbars",
            "--use-fake-device-for-media-stream", f"--use-file-for-fake-video-capture={camera}",
        ])
        try:
            for film in FILMS:
                if only and film.name not in only:
                    continue
                started = time.monotonic()
                context = browser.new_context(viewport=VIEWPORT, locale="ja-JP", permissions=["camera"],
                                              device_scale_factor=1 if quick else SCALE)
                context.set_default_timeout(15_000)
                serve_public_host(context, ctx.site_url, ctx.local_url)
                page = context.new_page()
                frames = workdir / f"frames-{film.name}"
                frames.mkdir()
                rec = Recorder(page, frames, quick, narrator)
                try:
                    film.scenes(ctx, rec)
                    rec.end_on_whole_second()
                finally:
                    context.close()
                track = narration_track(rec.speech, rec.t, frames / "narration.wav")
                files = encode(rec.shots, track, out, film.name, quick)
                files["vtt"] = f"{film.name}.ja.vtt"
                (out / files["vtt"]).write_text(webvtt(rec.cues), encoding="utf-8")
                sizes = {kind: (out / file_name).stat().st_size for kind, file_name in files.items()}
                # What the players read from the files, not what was planned (the page says it).
                seconds = {kind: round(media_seconds(out / files[kind]), 3) for kind in ("webm", "mp4") if kind in files}
                made[film.name] = {"title": film.title, "duration": min(seconds.values()), "media_seconds": seconds,
                                   "host": urlsplit(ctx.site_url).hostname,
                                   "width": round(VIEWPORT["width"] * SCALE),
                                   "height": round(VIEWPORT["height"] * SCALE),
                                   "files": files, "bytes": sizes}
                log.info("%s: %d frames, %.1fs, %s (%.1fs to make)", film.name, len(rec.shots), rec.t,
                         ", ".join(f"{k} {v / 1024:.0f} KiB" for k, v in sizes.items()),
                         time.monotonic() - started)
                shutil.rmtree(frames, ignore_errors=True)
                # After each film: a long run stopped later still leaves this one usable.
                write_manifest(out, {film.name: made[film.name]})
        finally:
            browser.close()
    return made


def write_manifest(out: Path, made: dict[str, dict]) -> None:
    path = out / MANIFEST
    try:
        videos = json.loads(path.read_text(encoding="utf-8"))["videos"]
    except (OSError, ValueError, KeyError):
        videos = {}
    videos.update(made)
    path.write_text(json.dumps({"_comment": "Written by `make videos` (api/devtools/videos.py); do not edit.",
                                "videos": dict(sorted(videos.items()))},
                               ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Film the guide videos from the running portal.")
    parser.add_argument("--quick", action="store_true",
                        help="one short frame per step, low resolution, WebM only (CI smoke run)")
    parser.add_argument("--out", type=Path, help=f"output directory (default {DEFAULT_OUT.relative_to(REPO_ROOT)}; "
                                                  "a temporary directory with --quick)")
    parser.add_argument("--site", type=Path, help="an already built site to serve (default: build one)")
    parser.add_argument("--only", action="append", choices=[f.name for f in FILMS], help="film only these")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    logging.getLogger("portal").setLevel(logging.WARNING)
    for noisy in ("botocore", "pynamodb"):  # a "Found credentials" line per request
        logging.getLogger(noisy).setLevel(logging.WARNING)
    log.setLevel(logging.INFO)
    out = args.out or (Path(tempfile.mkdtemp(prefix="portal-videos-quick-")) if args.quick else DEFAULT_OUT)
    try:
        made = generate(out.resolve(), args.quick, args.site.resolve() if args.site else None,
                        set(args.only) if args.only else None)
    except VideoError as error:
        print(f"エラー / Error: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # a Playwright timeout names the selector the pages no longer have
        if type(error).__module__.startswith("playwright"):
            print(f"エラー / Error: the pages no longer match the video script: {error}", file=sys.stderr)
            return 1
        raise
    for name, info in made.items():
        print(f"{name}: {info['duration']:.1f}s  " + "  ".join(
            f"{info['files'][k]} {v / 1024:.0f} KiB" for k, v in info["bytes"].items()))
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
