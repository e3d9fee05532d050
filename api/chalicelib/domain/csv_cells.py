"""A CSV cell a spreadsheet would take for a formula (CSV injection), and how it is kept text.

One rule for every CSV the portal makes: the 受領台帳's (usecases/receipt_ledger.py) and
まとめて確認's, which the browser writes (site/assets/javascripts/csv-cell.js reads
FORMULA_STARTS from the page, where the site build puts it: site/hooks/csv_cells.py).

A cell is judged on the NFKC form of its first character, so that the full-width and small
forms (＝ ＋ － ＠, ﹦ ﹢ ﹣ ﹫) and the super- and subscript signs count as the ASCII ones:
Excel on a Japanese PC turns 「＝1+1」 into a formula as readily as 「=1+1」. U+2212 MINUS
SIGN has no compatibility form (NFKC keeps it) and starts a negative number or a formula
all the same, so it is listed itself. Tab, CR and LF start a cell that some spreadsheets
trim and then read as a formula. Such a cell gets a leading apostrophe: shown as text.
"""
from __future__ import annotations

import unicodedata

FORMULA_STARTS = ("=", "+", "-", "@", "\u2212", "\t", "\r", "\n")


def starts_formula(value: str) -> bool:
    return unicodedata.normalize("NFKC", value[:1])[:1] in FORMULA_STARTS if value else False


def as_text(value: str) -> str:
    """The cell as a spreadsheet will show it, never run it."""
    return "'" + value if starts_formula(value) else value
