"""What the site's own scripts may do themselves: one of them talks to the API (api.js: the
timeout, the one error wording), and the verification page writes no amount, date or name of
its own (the API's printed rows do, domain/certificate_text.py)."""
from __future__ import annotations

import re

from support import REPO

SCRIPTS = REPO / "site" / "assets" / "javascripts"
FETCH = re.compile(r"(?<![.\w])fetch\s*\(")


def test_only_api_js_calls_fetch():
    callers = sorted(p.name for p in SCRIPTS.glob("*.js") if FETCH.search(p.read_text(encoding="utf-8")))
    assert callers == ["api.js"]


def test_the_verify_page_formats_no_amount_date_or_name():
    code = (SCRIPTS / "verify.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", code, flags=re.S)  # comments may name what is not done
    for formatting in ("toLocaleString", "Intl.", '"円"', '"年"', '"月"', '"日"', "prefecture", "reason_label"):
        assert formatting not in code, formatting


def test_the_ledger_page_formats_no_amount_or_date_and_knows_no_withdrawal_window():
    # The rows come printed (usecases/receipt_ledger.py) with until when a receipt may be taken back.
    code = (SCRIPTS / "ledger.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", code, flags=re.S)
    for formatting in ("toLocaleString", "Intl.", "円", "年", "月", '"第', "版\"", "60 * 60", "r.version +"):
        assert formatting not in code, formatting
    # The receipt's time comes printed (ledger_receipt.recorded_at_label): never read from recorded_at.
    assert not re.search(r"recorded_at(?!_label)", code)
