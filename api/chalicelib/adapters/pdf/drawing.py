"""What the portal's PDFs draw with: A4 geometry, the colours, and a page that sets
Japanese text (line breaking with kinsoku, the fallback font where needed) and ruled
two-column tables. Units are points; reportlab's origin is bottom left.

The notice (notice_layout.py) and the copy (certificate_layout.py) share these, so both
documents look like one portal's. No reportlab at import: a page wraps a canvas the
layout made.
"""
from __future__ import annotations

from . import fonts

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
MARGIN = 20 * MM
CONTENT_W = PAGE_W - 2 * MARGIN

INK = (0.10, 0.10, 0.12)
MUTED = (0.35, 0.35, 0.38)
ACCENT = (0.12, 0.23, 0.37)  # dark navy: one colour, used sparingly
RULE = (0.55, 0.55, 0.58)
SHADE = (0.94, 0.95, 0.96)

# Kinsoku: never start a line with closing marks, small kana or the prolonged sound mark.
_NO_LINE_START = set("、。，．,.・：:；;？?！!ー）)」』】〕〉》”’ゝゞ々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ〜")
_NO_LINE_END = set("（(「『【〔〈《“‘")


class Page:
    def __init__(self, canvas, measuring: bool = False):
        self.c = canvas
        self.measuring = measuring  # a scratch page, drawn only to learn block heights

    def width(self, text: str, size: float) -> float:
        return size * sum(map(fonts.em_width, text))

    def text(self, x: float, y: float, text: str, size: float, *, align: str = "left",
             color=INK, bold: bool = False) -> float:
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
        for name, part in fonts.runs(text):
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
            w = fonts.em_width(ch)
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
            line_w = sum(map(fonts.em_width, line))
        if line:
            lines.append(line)
        return lines or [""]

    def paragraph(self, x: float, y: float, text: str, size: float, width: float, *,
                  leading: float = 1.55, color=INK) -> float:
        """Draw wrapped text with its first baseline at y; returns the y below it."""
        for line in self.wrap(text, size, width):
            self.text(x, y, line, size, color=color)
            y -= size * leading
        return y

    def heading(self, x: float, y: float, text: str, size: float = 10.5) -> None:
        self.c.setFillColorRGB(*ACCENT)
        self.c.rect(x, y - 1.2, 2.2, size + 1.5, stroke=0, fill=1)
        self.text(x + 6, y, text, size, color=ACCENT, bold=True)

    def rule(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.5, color=RULE) -> None:
        self.c.setStrokeColorRGB(*color)
        self.c.setLineWidth(width)
        self.c.line(x1, y1, x2, y2)


def ruled_table(page: Page, rows: list[tuple[str, list[str]]], y_top: float, size: float) -> float:
    """The essentials as a two-column ruled table; returns its bottom y."""
    label_size = min(10, size)
    pad_x, pad_y, leading = 3 * MM, 1.7 * MM * min(1, size / 10.5), size * 1.45
    label_w = 34 * MM
    value_w = CONTENT_W - label_w
    x0, x1, x2 = MARGIN, MARGIN + label_w, MARGIN + CONTENT_W
    y = y_top
    laid = []
    for key, paragraphs in rows:
        lines = [line for p in paragraphs for line in page.wrap(p, size, value_w - 2 * pad_x)]
        # A long label (被保険者（発注者）) wraps in its column rather than running into the value.
        labels = page.wrap(key, label_size, label_w - 2 * pad_x)
        if len(labels) > 1 and "（" in key:  # break before the parenthesis: 被保険者 / （発注者）
            head, _, rest = key.partition("（")
            labels = [line for part in (head, "（" + rest) for line in page.wrap(part, label_size, label_w - 2 * pad_x)]
        height = 2 * pad_y + max(size, label_size) + (max(len(lines), len(labels)) - 1) * leading
        laid.append((labels, lines, y))
        y -= height
    c = page.c
    c.setFillColorRGB(*SHADE)
    c.rect(x0, y, label_w, y_top - y, stroke=0, fill=1)
    for labels, lines, top in laid:
        baseline = top - pad_y - max(size, label_size) * 0.88
        for n, label_line in enumerate(labels):
            page.text(x0 + pad_x, baseline - n * leading, label_line, label_size, color=ACCENT)
        for line in lines:
            page.text(x1 + pad_x, baseline, line, size)
            baseline -= leading
        if top != y_top:
            page.rule(x0, top, x2, top, 0.4)
    page.rule(x1, y_top, x1, y, 0.4)
    c.setStrokeColorRGB(*INK)
    c.setLineWidth(0.8)
    c.rect(x0, y, CONTENT_W, y_top - y, stroke=1, fill=0)
    return y
