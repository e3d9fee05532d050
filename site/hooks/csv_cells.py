"""MkDocs hook: the characters that make a CSV cell a formula, from the API's own rule
(api/chalicelib/domain/csv_cells.py), for the pages that write a CSV in the browser.

A template writes them as JSON: `data-csv-formula-starts="{{ csv_formula_starts | e }}"`;
site/assets/javascripts/csv-cell.js reads them there. The list is stated once, in the domain.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

API_DIR = Path(__file__).resolve().parents[2] / "api"


def on_env(env, config, files):
    if str(API_DIR) not in sys.path:
        sys.path.insert(0, str(API_DIR))
    from chalicelib.domain import csv_cells

    env.globals["csv_formula_starts"] = json.dumps(list(csv_cells.FORMULA_STARTS))
    return env
