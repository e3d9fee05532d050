"""The notice's two marks meant for retyping and scanning: the 認証キー as a row of equal
cells, and the QR code of the verification link as vector rectangles."""
from __future__ import annotations

from . import fonts
from .drawing import INK, SHADE, Page


def draw_key(page: Page, key: str, x_center: float, baseline: float, size: float) -> None:
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
    c.setFillColorRGB(*SHADE)
    x = group_start = left
    for ch, w in zip(key + "-", cells + [0]):
        if ch == "-":
            c.roundRect(group_start - 2, baseline - size * 0.3, x - group_start + 4, size * 1.25,
                        2.5, stroke=0, fill=1)
            group_start = x + w
        x += w

    name = fonts.MAIN
    actual = key.encode("utf-16-be").hex().upper()  # hex string: safe whatever the key holds
    c.addLiteral(f"/Span <</ActualText <FEFF{actual}>>> BDC")
    t = c.beginText()
    t.setFont(name, size)
    t.setFillColorRGB(*INK)
    x = left
    for ch, w in zip(key, cells):
        t.setTextOrigin(x + (w - stringWidth(ch, name, size)) / 2, baseline)
        t.textOut(ch)
        x += w
    c.drawText(t)
    c.addLiteral("EMC")


def qr_matrix(url: str) -> list[list[bool]]:
    """QR modules for url, error correction M, with the 4-module quiet zone ISO 18004 asks for."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, box_size=1)
    qr.add_data(url)
    qr.make(fit=True)
    return qr.get_matrix()


def draw_qr(page: Page, matrix: list[list[bool]], x: float, y_top: float, module: float) -> None:
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
