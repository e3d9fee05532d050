"""The one table of CSV cells both formula guards are run on — the API's (domain/csv_cells.py,
tests/api/test_receipt_ledger.py) and the browser's (csv-cell.js, tests/e2e/test_batch_page.py) —
so that the two cannot drift apart: (cell, kept as text with a leading apostrophe)."""

CASES = [
    ("=1+1", True), ("+1+1", True), ("-1+1", True), ("@SUM(1)", True),
    ("\t=1+1", True), ("\r=1+1", True), ("\n=1+1", True),
    # Full-width, small, super- and subscript forms: the ASCII sign once NFKC-normalised.
    ("＝1+1", True), ("＋1+1", True), ("－1+1", True), ("＠SUM(1)", True),
    ("﹦1+1", True), ("﹢1", True), ("﹣1", True), ("﹫SUM(1)", True), ("⁼1", True), ("₊1", True),
    # U+2212 MINUS SIGN, and the superscript minus that NFKC turns into it.
    ("\u22121+1", True), ("\u207b1+1", True),
    # Text that only looks like a sign, or has one later: left as it is.
    ("佐久市立○○小学校体育館改修工事", False), ("", False), (" =1+1", False), ("A=1", False),
    ("1-2", False), ("'=1+1", False), ("\u20101+1", False), ("〜1", False), ("㈱浅間建設", False),
    ("𠮷野建設", False),
]
