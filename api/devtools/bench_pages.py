"""`make bench`, the pages: Lighthouse (mobile, its default throttling) against the local
stack — the built site and the API on one origin, compressed as CloudFront compresses —
for the pages people open first: the home page, the verification page, the contractor's
guide to submitting the notice, and the list of orderers (電子保証対応の発注者一覧: the page, its
scripts and GET /v1/orderers with every body of the national list enrolled, about 1,800 —
bench.py seeds the registry at full size). Targets: performance >= 95, accessibility 100.
Also the bytes each page loads, as transferred (gzip) and as decoded, in all and by kind
(the document, style sheets, scripts, the API's JSON, the rest).

Lighthouse 12.2.3 is installed by `make bench` into .local/tools (not by `make install`:
the tests never need it); it drives Debian's Chromium.
"""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = REPO_ROOT / ".local" / "tools" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
PAGES = {"home": "/", "verification": "/orderer/verify/", "submission guide": "/contractor/submit/",
         "orderer list": "/orderers/"}
# Lighthouse's resourceType of a request, as the kinds the report names.
KINDS = {"Document": "html", "Stylesheet": "css", "Script": "js", "Fetch": "api", "XHR": "api"}
PERFORMANCE_TARGET = 95
ACCESSIBILITY_TARGET = 100


def _lighthouse(url: str, out: Path) -> dict:
    result = subprocess.run(
        ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
         "--only-categories=performance,accessibility",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed for {url}:\n{result.stderr[-3000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def _by_kind(requests: list[dict]) -> dict[str, float]:
    kinds: dict[str, float] = {}
    for r in requests:
        # A preloaded API answer is Lighthouse's "Other": the address says what it is.
        kind = "api" if "/api/" in r.get("url", "") else KINDS.get(r.get("resourceType", ""), "other")
        kinds[kind] = kinds.get(kind, 0) + r.get("transferSize", 0) / 1024
    return kinds


def _page_result(report: dict) -> dict:
    requests = report["audits"]["network-requests"]["details"]["items"]
    failing = {ref["id"]: report["audits"][ref["id"]]["title"]
               for category in report["categories"].values() for ref in category["auditRefs"]
               if ref.get("weight", 0) > 0 and report["audits"][ref["id"]].get("score") not in (None, 1)}
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        "transferred_kb": sum(r.get("transferSize", 0) for r in requests) / 1024,
        "decoded_kb": sum(r.get("resourceSize", 0) for r in requests) / 1024,
        "requests": len(requests),
        "transferred_kb_by_kind": _by_kind(requests),
        "search_index_loaded": any("search_index.json" in r["url"] for r in requests),
        "lcp_ms": report["audits"]["largest-contentful-paint"]["numericValue"],
        "not_perfect": failing,
    }


def measure_pages(site_url: str, runs: int = 1) -> dict:
    if not LIGHTHOUSE.is_file():
        raise RuntimeError(f"{LIGHTHOUSE} is missing: `make bench` installs Lighthouse into .local/tools")
    pages = {}
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        for label, path in PAGES.items():
            results = [_page_result(_lighthouse(site_url + path, Path(tmp) / f"{i}.json")) for i in range(runs)]
            # The median run by performance score (Lighthouse varies a few points run to run).
            results.sort(key=lambda r: r["performance"])
            pages[label] = {**results[len(results) // 2], "path": path, "runs": runs}
    return {"pages": pages,
            "pass": all(p["performance"] >= PERFORMANCE_TARGET and p["accessibility"] >= ACCESSIBILITY_TARGET
                        for p in pages.values())}


def print_pages(result: dict) -> None:
    print("\n== Pages: Lighthouse 12.2.3, mobile, against the local stack (gzip as CloudFront) ==")
    print(f"{'page':20}{'perf':>6}{'a11y':>6}{'gzip KB':>9}{'raw KB':>9}{'requests':>10}{'LCP ms':>8}  search index")
    for label, p in result["pages"].items():
        print(f"{label:20}{p['performance']:6}{p['accessibility']:6}{p['transferred_kb']:9.0f}{p['decoded_kb']:9.0f}"
              f"{p['requests']:10}{p['lcp_ms']:8.0f}  {'loaded' if p['search_index_loaded'] else 'not loaded'}")
        by_kind = p.get("transferred_kb_by_kind") or {}
        print(f"{'':20}  gzip KB by kind: " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(by_kind.items())))
        for audit, title in p["not_perfect"].items():
            print(f"{'':20}  not perfect: {audit} ({title})")
    print(f"targets: performance >= {PERFORMANCE_TARGET}, accessibility {ACCESSIBILITY_TARGET} -> "
          f"{'PASS' if result['pass'] else 'MISS'}")


def summary_rows(result: dict) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for label, p in result["pages"].items():
        ok = p["performance"] >= PERFORMANCE_TARGET and p["accessibility"] >= ACCESSIBILITY_TARGET
        rows.append((f"Lighthouse {label} (perf / a11y)", f"{p['performance']} / {p['accessibility']} "
                     f"({p['transferred_kb']:.0f} KB gzip, {p['decoded_kb']:.0f} KB raw)", "-",
                     f">= {PERFORMANCE_TARGET} / {ACCESSIBILITY_TARGET}", "PASS" if ok else "MISS"))
    return rows
