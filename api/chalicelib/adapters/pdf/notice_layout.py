"""The notice 電子保証にかかる「認証キー」のお知らせ: the one-page A4 PDF the contractor
downloads and e-mails to the orderer in place of a paper certificate.

reportlab and qrcode (which pull in Pillow) are imported inside the functions: this module
is imported by the API on every cold start, and only issuance ever draws a notice.

Fonts are embedded as TrueType subsets so the notice prints the same everywhere:
IPAex Gothic for everything, IPAmj Mincho (58,000 characters, 46 MB) only for the
characters IPAex lacks, such as 𠮷 (U+20BB7) in a person's name. A character neither font
has is refused with UnprintableText rather than printed as a box or left out.
"""
from __future__ import annotations

import datetime as dt
import functools
import io
import os
from pathlib import Path

from ...domain.formatting import date_ja, date_ja_with_era, parse_iso_utc, period_ja, yen_ja
from ...domain import certificate_text
from ...domain.validation import label
from ..config import ConfigurationError

TITLE = "電子保証にかかる「認証キー」のお知らせ"

FONT_DIR_ENV = "PORTAL_FONT_DIR"
# role -> (file name, Debian directory). The Lambda package carries the same file names
# in one directory named by PORTAL_FONT_DIR.
_FONT_FILES = {
    "main": ("ipaexg.ttf", "/usr/share/fonts/opentype/ipaexfont-gothic"),
    "fallback": ("ipamjm.ttf", "/usr/share/fonts/truetype/ipamj"),
}
_FONT_NAMES = {"main": "Notice-IPAexGothic", "fallback": "Notice-IPAmjMincho"}
_DEBIAN_PACKAGES = {"main": "fonts-ipaexfont-gothic", "fallback": "fonts-ipamj-mincho"}


# Fields of the notice that are not fields of an issuance request (those use validation.label).
_LABELS = {
    "surety.name": "保証会社名",
    "surety_contact.department": "保証会社の問い合わせ先（部署）",
    "surety_contact.phone": "保証会社の問い合わせ先（電話番号）",
    "surety_contact.email": "保証会社の問い合わせ先（メールアドレス）",
    "surety_contact.hours": "保証会社の問い合わせ先（受付時間）",
}


class UnprintableText(ValueError):
    """A value on the notice has characters no notice font can print."""

    code = "unprintable_character"

    def __init__(self, field: str, chars: list[str]):
        self.field = field
        self.chars = chars
        shown = "、".join(f"「{ch}」(U+{ord(ch):04X})" for ch in chars)
        self.message = (f"{_LABELS.get(field) or label(field)}に、認証キーのお知らせ（PDF）に印字できない文字があります: {shown}。"
                        "常用の字体に置き換えるか、保証会社にご相談ください。")
        super().__init__(self.message)


def font_path(role: str) -> Path:
    """The one place font files are looked up: PORTAL_FONT_DIR if set, else Debian's paths."""
    file_name, debian_dir = _FONT_FILES[role]
    configured = os.environ.get(FONT_DIR_ENV)
    path = Path(configured or debian_dir) / file_name
    if not path.is_file():
        where = (f"{FONT_DIR_ENV}={configured}" if configured
                 else f"{debian_dir} (Debian package {_DEBIAN_PACKAGES[role]}; or set {FONT_DIR_ENV})")
        raise ConfigurationError(f"notice font {file_name} not found in {where}")
    return path


_loaded: dict[str, object] = {}


def _font(role: str):
    """The reportlab TTFont for a role, parsed and registered on first use only."""
    font = _loaded.get(role)
    if font is None:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        _fix_reportlab_tounicode()
        font = TTFont(_FONT_NAMES[role], str(font_path(role)))
        pdfmetrics.registerFont(font)
        _loaded[role] = font
    return font


def _has(role: str, ch: str) -> bool:
    # Glyph 0 is .notdef: a cmap entry pointing there prints a box.
    return _font(role).face.charToGlyph.get(ord(ch), 0) != 0


def unprintable(text: str) -> list[str]:
    """The distinct characters of `text` that no notice font can print, in order of appearance."""
    # Parse the big fallback font only when the main font misses something.
    missing = [ch for ch in dict.fromkeys(text) if not _has("main", ch)]
    if not missing:
        return []
    return [ch for ch in missing if not _has("fallback", ch)]


@functools.lru_cache(maxsize=8192)
def _font_name(ch: str) -> str:
    """The registered font that prints ch: the main font unless it lacks the glyph."""
    if _has("main", ch):
        return _FONT_NAMES["main"]
    if _has("fallback", ch):
        return _FONT_NAMES["fallback"]
    # render() checks every value first; reaching this is a bug, not bad input.
    raise AssertionError(f"unprintable U+{ord(ch):04X} reached the layout")


@functools.lru_cache(maxsize=8192)
def _em_width(ch: str) -> float:
    # Line breaking measures text character by character; cached per-character widths keep
    # that cheap (reportlab applies no kerning to TrueType text: the sum is the width).
    from reportlab.pdfbase.pdfmetrics import stringWidth
    return stringWidth(ch, _font_name(ch), 1)


def _runs(text: str) -> list[tuple[str, str]]:
    """Split text into (registered font name, text) runs: the fallback only where needed."""
    runs: list[tuple[str, str]] = []
    for ch in text:
        name = _font_name(ch)
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + ch)
        else:
            runs.append((name, ch))
    return runs


_reportlab_fixed = False


def _fix_reportlab_tounicode() -> None:
    """reportlab 5.1 writes the ToUnicode entry of a character outside the BMP as
    ``<20BB7>`` (five hex digits) instead of UTF-16, so viewers copy 𠮷 as ``₻``
    and the text of a name is wrong in search and copy-paste. Replace the function
    only while the library still has that bug."""
    global _reportlab_fixed
    if _reportlab_fixed:
        return
    from reportlab.pdfbase import ttfonts

    original = ttfonts.makeToUnicodeCMap
    if "<D842DFB7>" not in original("X", [0, 0x20BB7]):
        def make_to_unicode_cmap(fontname, subset):
            text = original(fontname, subset)
            for i, cp in enumerate(subset):
                if cp > 0xFFFF:
                    utf16 = chr(cp).encode("utf-16-be").hex().upper()
                    text = text.replace("<%02X> <%04X>" % (i, cp), "<%02X> <%s>" % (i, utf16), 1)
            return text
        ttfonts.makeToUnicodeCMap = make_to_unicode_cmap
    _reportlab_fixed = True


# ---------------------------------------------------------------------------------------
# Formatting

def _period(p: dict) -> str:
    return period_ja(p["start"], p["end"])


# A name with one of these is an organisation (御中); otherwise we address a person (様).
_ORGANISATION_MARKS = (
    "株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "(株)", "（株）", "㈱", "(有)", "（有）", "㈲",
    "法人", "組合", "共同企業体", "JV", "ＪＶ", "建設", "工業", "工務店", "興業", "土木", "産業", "設備",
    "電気", "電設", "舗道", "造園", "商会", "商店", "事務所", "組",
)


def _honorific(contractor: dict) -> str:
    name = contractor.get("name", "")
    if contractor.get("corporate_number") or any(mark in name for mark in _ORGANISATION_MARKS):
        return "御中"
    return "様"


def _pdf_date(certificate: dict) -> str:
    """The issue moment as a PDF date, so rendering again later gives the same bytes."""
    issued = certificate.get("issued_at")
    if issued:
        local = parse_iso_utc(issued).astimezone(dt.timezone(dt.timedelta(hours=9)))
        return local.strftime("D:%Y%m%d%H%M%S+09'00'")
    return dt.date.fromisoformat(certificate["issue_date"]).strftime("D:%Y%m%d000000+09'00'")


def _values(certificate: dict, surety_contact: dict | None) -> dict[str, str]:
    """Every value from outside that the notice prints, by field path (for error messages)."""
    c = certificate
    values = {
        "surety.name": c["surety"]["name"],
        "contractor.name": c["contractor"]["name"],
        "contractor.representative": c["contractor"].get("representative", ""),
        "kind": c["kind_label"],
        "contract_number": c["contract_number"],
        "orderer_id": certificate_text.orderer_name(c["orderer"]),
        "project.name": c["project"]["name"],
    }
    # Every other line the notice prints, named by its row (e.g. 預託金融機関).
    for _, rows in certificate_text.sections(c):
        for row_label, lines in rows:
            for n, line in enumerate(lines):
                values.setdefault(row_label if n == 0 else f"{row_label}（{n + 1}行目）", line)
    for key in ("department", "phone", "email", "hours"):
        if surety_contact and surety_contact.get(key):
            values[f"surety_contact.{key}"] = str(surety_contact[key])
    return values


# ---------------------------------------------------------------------------------------
# Layout (units: points; reportlab's origin is bottom left)

_MM = 72 / 25.4
_PAGE_W, _PAGE_H = 210 * _MM, 297 * _MM
_MARGIN = 20 * _MM
_CONTENT_W = _PAGE_W - 2 * _MARGIN

_INK = (0.10, 0.10, 0.12)
_MUTED = (0.35, 0.35, 0.38)
_ACCENT = (0.12, 0.23, 0.37)  # dark navy: one colour, used sparingly
_RULE = (0.55, 0.55, 0.58)
_SHADE = (0.94, 0.95, 0.96)

# Kinsoku: never start a line with closing marks, small kana or the prolonged sound mark.
_NO_LINE_START = set("、。，．,.・：:；;？?！!ー）)」』】〕〉》”’ゝゞ々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ〜")
_NO_LINE_END = set("（(「『【〔〈《“‘")


class _Page:
    def __init__(self, canvas, measuring: bool = False):
        self.c = canvas
        self.measuring = measuring  # a scratch page, drawn only to learn block heights

    def width(self, text: str, size: float) -> float:
        return size * sum(map(_em_width, text))

    def text(self, x: float, y: float, text: str, size: float, *, align: str = "left",
             color=_INK, bold: bool = False) -> float:
        """Draw one line; returns its width. `bold` strokes the outline: IPAex has one weight."""
        w = self.width(text, size)
        if align == "right":
            x -= w
        elif align == "center":
            x -= w / 2
        t = self.c.beginText(x, y)
        t.setFillColorRGB(*color)
        if bold:
            t.setTextRenderMode(2)
            t.setStrokeColorRGB(*color)
            self.c.setLineWidth(size * 0.035)
        for name, part in _runs(text):
            t.setFont(name, size)
            t.textOut(part)
        if bold:
            t.setTextRenderMode(0)  # Tr outlives ET: without this all later text is bold
        self.c.drawText(t)
        return w

    def wrap(self, text: str, size: float, width: float) -> list[str]:
        """Greedy line breaking by character (Japanese has no spaces), with kinsoku and
        without splitting ASCII words such as e-mail addresses when avoidable."""
        lines: list[str] = []
        line, line_w = "", 0.0
        limit = width / size
        for ch in text:
            w = _em_width(ch)
            if not line or line_w + w <= limit or ch in _NO_LINE_START:
                line, line_w = line + ch, line_w + w
                continue
            cut = len(line)
            if ch.isascii() and ch != " ":
                space = max(line.rfind(" "), line.rfind("/"), line.rfind("、"))
                if space >= 0 and len(line) - space < 24 and all(c.isascii() for c in line[space + 1:]):
                    cut = space + 1
            while cut > 1 and line[cut - 1] in _NO_LINE_END:
                cut -= 1
            lines.append(line[:cut].rstrip())
            line = (line[cut:] + ch).lstrip()
            line_w = sum(map(_em_width, line))
        if line:
            lines.append(line)
        return lines or [""]

    def paragraph(self, x: float, y: float, text: str, size: float, width: float, *,
                  leading: float = 1.55, color=_INK) -> float:
        """Draw wrapped text with its first baseline at y; returns the y below it."""
        for line in self.wrap(text, size, width):
            self.text(x, y, line, size, color=color)
            y -= size * leading
        return y

    def heading(self, x: float, y: float, text: str, size: float = 10.5) -> None:
        self.c.setFillColorRGB(*_ACCENT)
        self.c.rect(x, y - 1.2, 2.2, size + 1.5, stroke=0, fill=1)
        self.text(x + 6, y, text, size, color=_ACCENT, bold=True)

    def rule(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.5, color=_RULE) -> None:
        self.c.setStrokeColorRGB(*color)
        self.c.setLineWidth(width)
        self.c.line(x1, y1, x2, y2)


def _draw_key(page: _Page, key: str, x_center: float, baseline: float, size: float) -> None:
    """The 認証キー as a monospace-like row: every symbol centred in an equal cell, each
    group of four on a shaded band, so it is easy to read aloud and retype.

    IPAex's Latin letters are proportional, so the glyphs are placed one by one. Text
    extractors would then see gaps and copy "7 K 3 M"; the row is therefore wrapped in
    an /ActualText span (PDF 1.5, honoured by poppler, Acrobat and PDFium) that says
    what the text is: pdftotext and copy-paste give exactly "XXXX-XXXX-…"."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    cell, dash_cell = size * 0.8, size * 0.6
    cells = [dash_cell if ch == "-" else cell for ch in key]
    left = x_center - sum(cells) / 2

    c = page.c
    c.setFillColorRGB(*_SHADE)
    x = group_start = left
    for ch, w in zip(key + "-", cells + [0]):
        if ch == "-":
            c.roundRect(group_start - 2, baseline - size * 0.3, x - group_start + 4, size * 1.25,
                        2.5, stroke=0, fill=1)
            group_start = x + w
        x += w

    name = _FONT_NAMES["main"]
    actual = key.encode("utf-16-be").hex().upper()  # hex string: safe whatever the key holds
    c.addLiteral(f"/Span <</ActualText <FEFF{actual}>>> BDC")
    t = c.beginText()
    t.setFont(name, size)
    t.setFillColorRGB(*_INK)
    x = left
    for ch, w in zip(key, cells):
        t.setTextOrigin(x + (w - stringWidth(ch, name, size)) / 2, baseline)
        t.textOut(ch)
        x += w
    c.drawText(t)
    c.addLiteral("EMC")


def _qr_matrix(url: str) -> list[list[bool]]:
    """QR modules for url, error correction M, with the 4-module quiet zone ISO 18004 asks for."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, box_size=1)
    qr.add_data(url)
    qr.make(fit=True)
    return qr.get_matrix()


def _draw_qr(page: _Page, matrix: list[list[bool]], x: float, y_top: float, module: float) -> None:
    """The QR code as filled vector rectangles: sharp at any zoom or print resolution, and
    no raster image in the PDF."""
    if page.measuring:
        return
    c = page.c
    size = module * len(matrix)
    c.setFillColorRGB(1, 1, 1)
    c.rect(x, y_top - size, size, size, stroke=0, fill=1)
    # One path of one rectangle per horizontal run: fewer operators than one per module,
    # and a single fill leaves no hairline seams between touching modules.
    path = c.beginPath()
    for r, row in enumerate(matrix):
        col = 0
        while col < len(row):
            if row[col]:
                start = col
                while col < len(row) and row[col]:
                    col += 1
                path.rect(x + start * module, y_top - (r + 1) * module, (col - start) * module, module)
            else:
                col += 1
    c.setFillColorRGB(0, 0, 0)
    c.drawPath(path, stroke=0, fill=1)


def _table(page: _Page, rows: list[tuple[str, list[str]]], y_top: float, size: float) -> float:
    """The essentials as a two-column ruled table; returns its bottom y."""
    label_size = min(10, size)
    label_w = 34 * _MM
    value_w = _CONTENT_W - label_w
    pad_x, pad_y, leading = 3 * _MM, 1.7 * _MM * min(1, size / 10.5), size * 1.45
    x0, x1, x2 = _MARGIN, _MARGIN + label_w, _MARGIN + _CONTENT_W
    y = y_top
    laid = []
    for key, paragraphs in rows:
        lines = [line for p in paragraphs for line in page.wrap(p, size, value_w - 2 * pad_x)]
        height = 2 * pad_y + max(size, label_size) + (len(lines) - 1) * leading
        laid.append((key, lines, y))
        y -= height
    c = page.c
    c.setFillColorRGB(*_SHADE)
    c.rect(x0, y, label_w, y_top - y, stroke=0, fill=1)
    for key, lines, top in laid:
        baseline = top - pad_y - max(size, label_size) * 0.88
        page.text(x0 + pad_x, baseline, key, label_size, color=_ACCENT)
        for line in lines:
            page.text(x1 + pad_x, baseline, line, size)
            baseline -= leading
        if top != y_top:
            page.rule(x0, top, x2, top, 0.4)
    page.rule(x1, y_top, x1, y, 0.4)
    c.setStrokeColorRGB(*_INK)
    c.setLineWidth(0.8)
    c.rect(x0, y, _CONTENT_W, y_top - y, stroke=1, fill=0)
    return y


# Value sizes of the essentials table, largest first: a long 工事名 (up to 200 characters)
# or 受注者名 first shrinks the table; only if one page still cannot hold everything does
# the notice flow onto a second page (never happens with names of ordinary length).
_TABLE_SIZES = (10.5, 9.5, 8.5)
_DETAIL_SIZE = 8.5  # the details after the letter: everything the certificate says, compact
_BLOCK_GAP = 6 * _MM


def title(version: int) -> str:
    """The first version's title as it always was; a later one says which version it is."""
    return TITLE if version == 1 else f"{TITLE}（第{version}版）"


def render(certificate: dict, auth_key: str, verify_url: str, surety_contact: dict | None,
           amendment: dict | None = None) -> bytes:
    """The notice as PDF bytes. Same inputs, same bytes (the dates come from the certificate).
    ``amendment`` (a later version's reason, 変更日 and changes) makes it the notice of a 変更.

    Raises UnprintableText if a value has a character no notice font has, and
    ConfigurationError if a font file is missing."""
    values = _values(certificate, surety_contact)
    for field, text in values.items():
        bad = unprintable(text)
        if bad:
            raise UnprintableText(field, bad)
    notice = _Notice(certificate, auth_key, verify_url, surety_contact or {}, values, amendment)
    for table_size in _TABLE_SIZES:
        pdf = notice.compose(table_size, one_page=True)
        if pdf is not None:
            return pdf
    return notice.compose(_TABLE_SIZES[0], one_page=False)


class _Notice:
    """The page as a column of blocks; each block draws from a top y and returns its bottom y."""

    def __init__(self, certificate: dict, auth_key: str, verify_url: str, contact: dict, values: dict[str, str],
                 amendment: dict | None):
        self.cert = certificate
        self.amendment = amendment
        self.title = title(certificate["version"])
        self.key = auth_key
        self.url = verify_url
        self.contact = contact
        self.v = values
        self.orderer = values["orderer_id"]
        self.matrix = _qr_matrix(verify_url)

    @staticmethod
    def _canvas(buffer):
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen.canvas import Canvas

        # initialFontName: reportlab would otherwise reference Helvetica, unembedded and unused.
        # PDF 1.5 for the /ActualText span of the key.
        return Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1, lang="ja-JP", pdfVersion=(1, 5),
                      initialFontName=_FONT_NAMES["main"])

    def compose(self, table_size: float, one_page: bool) -> bytes | None:
        """The PDF, or None if one_page and the letter does not fit on one page.

        The letter (title, summary, key, instructions, contact) comes first, as it always was;
        the certificate in full follows from a new page, as an annex (別紙)."""
        self.table_size = table_size
        letter = [self.head, self.table, self.key_box, self.instructions, self.caution, self.inquiries]
        annex = [self.changes] if self.amendment else []
        # The contact is the letter's footer (inquiries), not repeated in the annex.
        annex += [lambda page, y, s=s, first=(n == 0): self.details(page, y, *s, first=first)
                  for n, s in enumerate(certificate_text.sections(self.cert, with_contact=False))]
        blocks = letter + annex
        # Measure on a scratch canvas, then place: a block that does not fit starts a page.
        scratch = _Page(self._canvas(io.BytesIO()), measuring=True)
        top = _PAGE_H - _MARGIN
        heights = [top - block(scratch, top) for block in blocks]
        pages: list[list[int]] = [[]]
        y = top
        for i, h in enumerate(heights):
            if pages[-1] and (y - h < _MARGIN or i == len(letter)):
                if one_page and i < len(letter):
                    return None
                pages.append([])
                y = top - 12 * _MM  # room for the continuation header
            pages[-1].append(i)
            y -= h + _BLOCK_GAP

        buffer = io.BytesIO()
        c = self._canvas(buffer)
        pdf_date = _pdf_date(self.cert)
        c.setDateFormatter(lambda *_: pdf_date)
        c.setTitle(self.title)
        c.setAuthor(self.v["surety.name"])
        c.setSubject(f"保証契約番号 {self.v['contract_number']}")  # never the key: metadata travels widely
        c.setCreator("電子保証ポータル")
        page = _Page(c)
        for n, indices in enumerate(pages, start=1):
            y = top
            if n > 1:
                page.text(_MARGIN, y - 9, f"{self.title}（続き）　保証契約番号 {self.v['contract_number']}", 9,
                          color=_MUTED)
                y -= 12 * _MM
            for i in indices:
                if blocks[i] == self.inquiries:
                    # The contact sits on the bottom margin of the letter's last page, like a letter's footer.
                    self.inquiries(page, _MARGIN + heights[i])
                else:
                    y = blocks[i](page, y) - _BLOCK_GAP
            if len(pages) > 1:
                page.text(_PAGE_W / 2, _MARGIN / 2, f"{n} / {len(pages)}", 8, align="center", color=_MUTED)
            c.showPage()
        c.save()
        return buffer.getvalue()

    def head(self, page: _Page, y: float) -> float:
        """Letter head as in any Japanese business letter: date top right, addressee left,
        sender right under the addressee; then title, lead and 記."""
        right = _PAGE_W - _MARGIN
        page.text(right, y - 10, date_ja_with_era(dt.date.fromisoformat(self.cert["issue_date"])), 10.5, align="right")
        addressee = f"{self.v['contractor.name']} {_honorific(self.cert['contractor'])}"
        width = _CONTENT_W * 0.7
        size = 13 if len(page.wrap(addressee, 13, width)) <= 2 else 10.5
        y -= 30
        for line in page.wrap(addressee, size, width):
            page.text(_MARGIN, y, line, size)
            y -= size * 1.4
        page.rule(_MARGIN, y + size * 1.4 - 5, _MARGIN + width, y + size * 1.4 - 5, 0.6, _INK)
        y -= 6
        for line in page.wrap(self.v["surety.name"], 11, _CONTENT_W * 0.5):
            page.text(right, y, line, 11, align="right")
            y -= 15
        if self.contact.get("department"):
            page.text(right, y, self.v["surety_contact.department"], 10, align="right", color=_MUTED)
            y -= 15
        y -= 20
        for line in page.wrap(self.title, 17, _CONTENT_W):
            page.text(_PAGE_W / 2, y, line, 17, align="center", bold=True)
            y -= 24
        y -= 4
        for lead in self.leads():
            y = page.paragraph(_MARGIN, y, lead, 10.5, _CONTENT_W)
        y -= 4
        page.text(_PAGE_W / 2, y, "記", 10.5, align="center")
        return y - 4

    def leads(self) -> list[str]:
        submit = f"発注者（{self.orderer}）へは、紙の保証証書に代えて、本書に記載の「認証キー」をご提出ください。"
        if not self.amendment:
            return ["下記の保証契約について、電子保証を発行いたしました。", submit]
        when = date_ja(self.amendment["effective_date"])
        return [f"下記の保証契約について、{when}付けの変更により、電子保証を変更いたしました（第{self.cert['version']}版）。",
                "本書の認証キーは、これまでの版の認証キーに代わるものです。これまでの「認証キーのお知らせ」は提出しないでください。",
                submit]

    def changes(self, page: _Page, y: float) -> float:
        """変更の内容: what this version changed, before → after, as the page's history says it."""
        a = self.amendment
        rows = [("変更日", [date_ja(a["effective_date"])])]
        rows += [(change["label"], [f"{change['before']} → {change['after']}"]) for change in a.get("changes") or []]
        page.heading(_MARGIN, y - 11, f"変更の内容（第{self.cert['version']}版）")
        return _table(page, rows, y - 17, min(self.table_size, _DETAIL_SIZE))

    def details(self, page: _Page, y: float, heading: str, rows: list, first: bool = False) -> float:
        """The certificate in full, section by section, as the verification page shows it."""
        if first:
            page.text(_MARGIN, y - 12, "別紙　電子保証の内容", 12, bold=True)
            y -= 22
        page.heading(_MARGIN, y - 11, heading)
        return _table(page, rows, y - 17, min(self.table_size, _DETAIL_SIZE))

    def table(self, page: _Page, y: float) -> float:
        v = self.v
        representative = v["contractor.representative"]
        return _table(page, [
            ("保証の種類", [v["kind"]]),
            ("保証契約番号", [v["contract_number"]]),
            ("保証金額", [yen_ja(self.cert["amount"])]),
            ("保証期間", [_period(self.cert["guarantee_period"])]),
            ("発注者", [self.orderer]),
            ("工事名", [v["project.name"]]),
            ("受注者", [v["contractor.name"]] + ([representative] if representative else [])),
        ], y, self.table_size)

    def key_box(self, page: _Page, y: float) -> float:
        """認証キー: the one thing on the page that matters most."""
        c = page.c
        box_h = 25 * _MM
        c.setStrokeColorRGB(*_ACCENT)
        c.setLineWidth(1.2)
        c.roundRect(_MARGIN, y - box_h, _CONTENT_W, box_h, 3, stroke=1, fill=0)
        page.text(_MARGIN + 4 * _MM, y - 6 * _MM, "認証キー", 10.5, color=_ACCENT, bold=True)
        _draw_key(page, self.key, _PAGE_W / 2, y - 14.5 * _MM, 17)
        page.text(_PAGE_W / 2, y - box_h + 3.6 * _MM,
                  "数字（0〜9）と英大文字の28文字です。英字の I・L・O・U は使いません（0 はゼロ、1 はイチ）。"
                  "ハイフンは省略できます。", 7.8, align="center", color=_MUTED)
        return y - box_h

    def instructions(self, page: _Page, y: float) -> float:
        """What each side does with the notice, with the QR code on the right."""
        y -= 1.5 * _MM
        right = _PAGE_W - _MARGIN
        module = 32 * _MM / (len(self.matrix) - 8)  # the symbol 32 mm wide, its quiet zone outside
        qr_size = module * len(self.matrix)
        text_w = _CONTENT_W - qr_size - 6 * _MM
        qr_top = y + 4 * module
        _draw_qr(page, self.matrix, right - qr_size, qr_top, module)
        # Clickable too: a clerk who opens the PDF on a PC without a camera clicks the code.
        _link(page, self.url, right - qr_size, qr_top - qr_size, right, qr_top)
        for i, caption in enumerate(("発注者の確認ページ", "（番号・キー入力済み）")):
            page.text(right - qr_size / 2, qr_top - qr_size - (1.5 + 3.5 * i) * _MM, caption, 7.8,
                      align="center", color=_MUTED)
        y -= 10.5
        page.heading(_MARGIN, y, "受注者の方へ")
        y -= 16
        y = _bullets(page, y, text_w, [
            f"本書（PDF）を電子メールに添付し、他の必要書類と合わせて発注者（{self.orderer}）へお送りください。",
            "電子保証の画面を印刷したものやスクリーンショットは、提出書類として受け付けられません。",
        ])
        y -= 6
        page.heading(_MARGIN, y, "発注者の方へ")
        y -= 16
        y = _bullets(page, y, text_w, [
            "右のQRコードを読み取る（パソコンではクリックする）か、下記の確認ページを開いて保証契約番号と"
            "認証キーを入力すると、電子保証の内容を確認できます。",
        ])
        above = y + 9.5
        # The page only in print (the fragment holds the key); the link goes to the result.
        y = _bullets(page, y, text_w, [f"確認ページ: {self.url.split('#', 1)[0]}"])
        _link(page, self.url, _MARGIN, y + 2, _MARGIN + text_w, above)
        return min(y + 6, qr_top - qr_size - 7 * _MM)

    def caution(self, page: _Page, y: float) -> float:
        lines = [line for p in (
            "認証キーはパスワードと同じく大切なものです。本書は提出先の発注者にだけお送りください。",
            "QRコードにも認証キーが含まれています。本書を掲示したり、第三者に渡したりしないでください。",
        ) for line in page.wrap(p, 9, _CONTENT_W - 24 * _MM)]
        height = 10 + len(lines) * 14
        page.c.setFillColorRGB(0.99, 0.96, 0.90)
        page.c.roundRect(_MARGIN, y - height, _CONTENT_W, height, 2, stroke=0, fill=1)
        page.text(_MARGIN + 3 * _MM, y - 14, "取扱注意", 9, color=(0.55, 0.27, 0.05), bold=True)
        for i, line in enumerate(lines):
            page.text(_MARGIN + 20 * _MM, y - 14 - 14 * i, line, 9)
        return y - height

    def inquiries(self, page: _Page, y: float) -> float:
        """The contact for questions: the surety's desk if given, else the surety itself."""
        v, contact = self.v, self.contact
        name = v["surety.name"] + (f"　{v['surety_contact.department']}" if contact.get("department") else "")
        lines: list[str] = []
        if contact.get("phone") or contact.get("email"):
            lines.append(name)
            if contact.get("phone"):
                hours = f"（{v['surety_contact.hours']}）" if contact.get("hours") else ""
                lines.append(f"電話 {v['surety_contact.phone']}{hours}")
            if contact.get("email"):
                lines.append(f"電子メール {v['surety_contact.email']}")
        else:
            lines.append(f"本書の内容についてのお問い合わせは、発行元の保証会社（{name}）までご連絡ください。")
        wrapped = [w for line in lines for w in page.wrap(line, 9, _CONTENT_W - 30 * _MM)]
        page.rule(_MARGIN, y, _PAGE_W - _MARGIN, y, 0.5)
        y -= 13
        page.text(_MARGIN, y, "お問い合わせ先", 9, color=_ACCENT, bold=True)
        for line in wrapped:
            page.text(_MARGIN + 30 * _MM, y, line, 9)
            y -= 13.5
        return y + 13.5 - 4


def _link(page: _Page, url: str, x0: float, y0: float, x1: float, y1: float) -> None:
    """A link annotation (URI action) over a rectangle, without a visible border."""
    if not page.measuring:
        page.c.linkURL(url, (x0, y0, x1, y1), relative=0, thickness=0)


def _bullets(page: _Page, y: float, width: float, items: list[str], size: float = 9.5) -> float:
    for item in items:
        page.text(_MARGIN + 2, y, "・", size)
        for line in page.wrap(item, size, width - 12):
            page.text(_MARGIN + 12, y, line, size)
            y -= size * 1.55
        y -= 2
    return y
