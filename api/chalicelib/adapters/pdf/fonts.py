"""The fonts every portal PDF embeds, and what they can print.

Fonts are embedded as TrueType subsets so a document prints the same everywhere:
IPAex Gothic for everything, IPAmj Mincho (58,000 characters, 46 MB) only for the
characters IPAex lacks, such as 𠮷 (U+20BB7) in a person's name. Noto CJK, which the
machines also have, is CFF: reportlab cannot embed it.

Which files, from which Debian package, is stated once, in fonts.json beside this module:
the Lambda packaging (infra/portal_infra/lambda_package.py) and the system check
(.ci/ensure-system-deps) read the same file. Nothing is read at import: reportlab (which
pulls in Pillow) and the font files load on the first document only.
"""
from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import ConfigurationError
from . import reportlab_tounicode

FONT_DIR_ENV = "PORTAL_FONT_DIR"
FONTS_FILE = Path(__file__).with_name("fonts.json")
# The names the PDFs give the embedded fonts (pdffonts shows them after the subset tag).
NAMES = {"main": "Notice-IPAexGothic", "fallback": "Notice-IPAmjMincho"}
MAIN = NAMES["main"]


@dataclass(frozen=True)
class FontFile:
    file: str            # the same name in the Debian directory and in PORTAL_FONT_DIR
    debian_package: str
    debian_dir: str

    @property
    def debian_path(self) -> Path:
        return Path(self.debian_dir) / self.file


@functools.lru_cache(maxsize=1)
def files() -> dict[str, FontFile]:
    """role ("main", "fallback") -> its font file, from fonts.json."""
    return {role: FontFile(**entry) for role, entry in json.loads(FONTS_FILE.read_text(encoding="utf-8")).items()}


def font_path(role: str) -> Path:
    """The one place font files are looked up: PORTAL_FONT_DIR if set (the Lambda package
    carries the files there), else Debian's paths."""
    font = files()[role]
    configured = os.environ.get(FONT_DIR_ENV)
    path = Path(configured or font.debian_dir) / font.file
    if not path.is_file():
        where = (f"{FONT_DIR_ENV}={configured}" if configured
                 else f"{font.debian_dir} (Debian package {font.debian_package}; or set {FONT_DIR_ENV})")
        raise ConfigurationError(f"notice font {font.file} not found in {where}")
    return path


_loaded: dict[str, Any] = {}


def font(role: str) -> Any:
    """The reportlab TTFont for a role, parsed and registered on first use only (a layout
    registers the main font before a canvas names it as its initial font)."""
    loaded = _loaded.get(role)
    if loaded is None:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        reportlab_tounicode.apply()
        loaded = TTFont(NAMES[role], str(font_path(role)))
        pdfmetrics.registerFont(loaded)
        _loaded[role] = loaded
    return loaded


def _has(role: str, ch: str) -> bool:
    # Glyph 0 is .notdef: a cmap entry pointing there prints a box.
    return bool(font(role).face.charToGlyph.get(ord(ch), 0) != 0)


def unprintable(text: str) -> list[str]:
    """The distinct characters of `text` that no font can print, in order of appearance."""
    # Parse the big fallback font only when the main font misses something.
    missing = [ch for ch in dict.fromkeys(text) if not _has("main", ch)]
    if not missing:
        return []
    return [ch for ch in missing if not _has("fallback", ch)]


@functools.lru_cache(maxsize=8192)
def font_name(ch: str) -> str:
    """The registered font that prints ch: the main font unless it lacks the glyph."""
    if _has("main", ch):
        return NAMES["main"]
    if _has("fallback", ch):
        return NAMES["fallback"]
    # Layouts check or replace every value first; reaching this is a bug, not bad input.
    raise AssertionError(f"unprintable U+{ord(ch):04X} reached the layout")


@functools.lru_cache(maxsize=8192)
def em_width(ch: str) -> float:
    # Line breaking measures text character by character; cached per-character widths keep
    # that cheap (reportlab applies no kerning to TrueType text: the sum is the width).
    from reportlab.pdfbase.pdfmetrics import stringWidth
    return float(stringWidth(ch, font_name(ch), 1))


def runs(text: str) -> list[tuple[str, str]]:
    """Split text into (registered font name, text) runs: the fallback only where needed."""
    found: list[tuple[str, str]] = []
    for ch in text:
        name = font_name(ch)
        if found and found[-1][0] == name:
            found[-1] = (name, found[-1][1] + ch)
        else:
            found.append((name, ch))
    return found
