"""A fix for reportlab's ToUnicode map of characters outside the Basic Multilingual Plane.

Why: reportlab 5.1 writes the ToUnicode entry of such a character as ``<20BB7>`` (the code
point in five hex digits) where the PDF specification asks for UTF-16 (``<D842DFB7>``).
The glyph prints correctly, but viewers then copy or search 𠮷 as ``₻``: the name on a
notice would be wrong wherever someone pastes it. The embedded fonts (fonts.py) apply the
fix before the first font is parsed; it replaces the library's function only while the
library still has the bug, so an upgrade that fixes it upstream turns this into a no-op.
"""
from __future__ import annotations

_applied = False


def apply() -> None:
    """Patch reportlab.pdfbase.ttfonts.makeToUnicodeCMap once per process, if it needs it."""
    global _applied
    if _applied:
        return
    from reportlab.pdfbase import ttfonts

    original = ttfonts.makeToUnicodeCMap
    if "<D842DFB7>" not in original("X", [0, 0x20BB7]):
        def make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
            text: str = original(fontname, subset)
            for i, cp in enumerate(subset):
                if cp > 0xFFFF:
                    utf16 = chr(cp).encode("utf-16-be").hex().upper()
                    text = text.replace("<%02X> <%04X>" % (i, cp), "<%02X> <%s>" % (i, utf16), 1)
            return text
        ttfonts.makeToUnicodeCMap = make_to_unicode_cmap
    _applied = True
