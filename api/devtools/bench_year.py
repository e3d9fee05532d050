"""`make bench`'s national year (issue 30): at two scales of devtools.national_year (default 0.002
and 0.01: `--year-scales`), the read units (devtools/capacity.py, DynamoDB's own figures) and the
wall time of the first ledger page of the largest orderer, a search, a CSV part, the orderer list
and each daily job; the ratios between the sizes, and an SVG chart into the output folder.

    PYTHONPATH=api python -m devtools.bench_year [--year-scales 0.002,0.01] [--out .local/bench]

Each scale runs in its own process (its own folder, pepper and table): the folder is generated
(or what is left of it) first. A benchmark reports, it never gates.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from devtools import national_year

MEASURES = ("ledger_first_page", "ledger_search", "csv_part", "orderer_list",
            "job_expiry_events", "job_outbox_sweep", "job_inbox_digest", "job_wrong_key_bursts")
TARGET_RATIO = 1.5


def _largest_orderer(plan_) -> str:
    from collections import Counter
    received = Counter(plan_.guarantees[e.index].orderer_id for e in plan_.events
                       if e.action in ("receive", "receive_inbox", "receive_amended"))
    return received.most_common(1)[0][0]


def _csv_part(staff) -> int:
    """One CSV part of the register (usecases/ledger_export.part, the register's page as the route gives it)."""
    from chalicelib.usecases import ledger_export, receipt_ledger
    return len(ledger_export.part(staff, receipt_ledger.query_of({}), None, receipt_ledger.page).text)


def measure_store(plan_, store, day_offset: int = 0) -> dict[str, Any]:
    """The measures on the installed store (national_year.install)."""
    from chalicelib.usecases import public_registry, receipt_ledger
    from chalicelib.usecases.common import expiries, inbox_digest, wrong_key_bursts
    from chalicelib.usecases.deliver_mail import deliver_pending
    from devtools import capacity
    orderer_id = _largest_orderer(plan_)
    staff = national_year.staff_of(orderer_id)
    word = national_year.WORKS[0]
    # The morning after the year (a day further for each earlier bench of this folder: a daily job
    # runs once a day).
    now = dt.datetime.combine(national_year.FISCAL_YEAR_END + dt.timedelta(days=1 + day_offset), dt.time(6, 0),
                              tzinfo=national_year.JST).astimezone(dt.timezone.utc)
    clock = national_year.SimClock(now)
    national_year.install(store, clock)
    jobs = {
        "ledger_first_page": lambda: len(receipt_ledger.page(staff, receipt_ledger.query_of({}), None)["receipts"]),
        "ledger_search": lambda: len(receipt_ledger.page(staff, receipt_ledger.query_of({"q": word}), None)["receipts"]),
        "csv_part": lambda: _csv_part(staff),
        "orderer_list": lambda: len(public_registry.listing().get("orderers", [])),
        "job_expiry_events": lambda: expiries.record_expired(now),
        "job_outbox_sweep": lambda: deliver_pending(now),
        "job_inbox_digest": lambda: inbox_digest.send_daily(now),
        "job_wrong_key_bursts": lambda: wrong_key_bursts.tell_bursts(now),
    }
    result: dict[str, Any] = {"orderer": orderer_id, "now": now.isoformat()}
    for name, job in jobs.items():
        with capacity.tally() as units:
            started = time.perf_counter()
            answer = job()
            seconds = time.perf_counter() - started
        result[name] = {"read": units.read, "write": units.write, "calls": units.calls, "ms": seconds * 1000,
                        "answer": answer if isinstance(answer, int) else None}
    return result


def one_scale(scale: float, port: int) -> dict[str, Any]:
    """In a process of its own: generate (resume) the folder, then measure."""
    folder = national_year.folder_for(scale)
    state = folder / "bench-runs"
    runs = int(state.read_text()) if state.exists() else 0

    def hook(plan_, store):
        measured = measure_store(plan_, store, runs)
        state.write_text(str(runs + 1))
        return measured
    result = national_year.generate(scale, folder, port, store_hook=hook)
    return {**{k: v for k, v in result.items() if k != "hook"}, "measures": result["hook"]}


def svg_chart(results: list[dict[str, Any]], what: str = "read") -> str:
    """Read units (or ms) of each measure against the number of guarantees, log–log, hand-drawn."""
    import math
    width, height, left, top, right, bottom = 760, 420, 70, 30, 250, 50
    xs = [r["guarantees"] for r in results]
    values = [max(r["measures"][m][what], 0.5) for r in results for m in MEASURES]
    lx0, lx1 = math.log10(min(xs)) - 0.1, math.log10(max(xs)) + 0.1
    ly0, ly1 = math.log10(min(values)) - 0.2, math.log10(max(values)) + 0.2
    px = lambda x: left + (math.log10(x) - lx0) / (lx1 - lx0) * (width - left - right)  # noqa: E731
    py = lambda y: height - bottom - (math.log10(max(y, 0.5)) - ly0) / (ly1 - ly0) * (height - top - bottom)  # noqa: E731
    colours = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22")
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="{left}" y="18" font-size="14">{"読み込みユニット" if what == "read" else "所要時間 (ms)"}と規模（保証件数、対数目盛）</text>',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="black"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="black"/>']
    for x in xs:
        parts.append(f'<text x="{px(x):.1f}" y="{height - bottom + 18}" text-anchor="middle">{x:,}</text>')
    for e in range(math.floor(ly0), math.ceil(ly1) + 1):
        if ly0 <= e <= ly1:
            parts.append(f'<text x="{left - 6}" y="{py(10 ** e) + 4:.1f}" text-anchor="end">{10 ** e:g}</text>')
    for i, m in enumerate(MEASURES):
        points = " ".join(f"{px(r['guarantees']):.1f},{py(r['measures'][m][what]):.1f}" for r in results)
        c = colours[i % len(colours)]
        parts.append(f'<polyline points="{points}" fill="none" stroke="{c}" stroke-width="2"/>')
        parts.append(f'<text x="{width - right + 10}" y="{top + 16 * i + 10}" fill="{c}">{m}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def ratios(results: list[dict[str, Any]]) -> dict[str, dict[str, float | None]]:
    small, large = results[0]["measures"], results[-1]["measures"]
    out = {}
    for m in MEASURES:
        r = {k: (large[m][k] / small[m][k]) if small[m][k] else None for k in ("read", "ms")}
        out[m] = r
    return out


def run(scales: list[float], out: Path, port: int = 18520) -> dict[str, Any]:
    results = []
    for i, scale in enumerate(scales):
        answer = subprocess.run([sys.executable, "-m", "devtools.bench_year", "--one-scale", str(scale),
                                 "--port", str(port + i)], capture_output=True, text=True, check=True,
                                cwd=national_year.REPO_ROOT, env=None)
        results.append(json.loads(answer.stdout.strip().splitlines()[-1]))
    out.mkdir(parents=True, exist_ok=True)
    report = {"scales": scales, "results": results, "ratios": ratios(results) if len(results) > 1 else {},
              "target": f"each within {TARGET_RATIO}x between the sizes (reported, not gated)"}
    (out / "year.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if len(results) > 1:
        (out / "year-read-units.svg").write_text(svg_chart(results, "read"), encoding="utf-8")
        (out / "year-time.svg").write_text(svg_chart(results, "ms"), encoding="utf-8")
    return report


def print_report(report: dict[str, Any]) -> None:
    results = report["results"]
    print("\n== A national year, simulated: cost against size ==")
    print(f"{'measure':24}" + "".join(f"{r['guarantees']:>10,} gtees (RU / ms)" for r in results) + "   ratio RU / ms")
    for m in MEASURES:
        cells = "".join(f"{r['measures'][m]['read']:>14.1f} / {r['measures'][m]['ms']:>8.1f}" for r in results)
        ratio = report["ratios"].get(m, {})
        text = " / ".join("-" if ratio.get(k) is None else f"{ratio[k]:.2f}x" for k in ("read", "ms")) if ratio else "-"
        print(f"{m:24}{cells}   {text}")
    print(report["target"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="devtools.bench_year", description=__doc__.splitlines()[0])
    parser.add_argument("--year-scales", default="0.002,0.01")
    parser.add_argument("--out", type=Path, default=national_year.REPO_ROOT / ".local" / "bench")
    parser.add_argument("--port", type=int, default=18520)
    parser.add_argument("--one-scale", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one_scale is not None:
        print(json.dumps(one_scale(args.one_scale, args.port), ensure_ascii=False))
        return 0
    report = run([float(s) for s in args.year_scales.split(",")], args.out, args.port)
    print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
