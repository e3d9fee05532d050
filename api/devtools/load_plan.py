"""The load test's plan (issue 30): the request rates of the key paths at 10× the peak business
day, computed from the public volumes and the assumptions below, each stated once here.

Pure arithmetic, no I/O: `make load` (devtools/load.py) runs Locust with `users` virtual users,
each going through one guarantee's life every `pace_s` seconds (Locust's constant_pacing), so
the paths' rates are the plan's; tests/unit/test_load_plan.py checks the sums.

The volumes (issue 30, public figures): about 222,000 前払金保証 a year (FY2023, the three
保証事業会社), the peak July–September at about 30,000 a month, ≈ 1,400 a business day. The
other kinds (契約保証, 中間前払金保証) come on top: the national year's generator (section E,
devtools/national_year.py) plans 250,000 guarantees of all kinds, so the peak day of all kinds
is 1,400 × 250,000 / 222,000.

What each guarantee brings in its life (assumptions, marked so: no public figure was found):
- one issuance (the surety's system) and one notice PDF fetched again by key (the contractor
  prints the 「認証キーのお知らせ」);
- three verifications ("each guarantee is verified a few times": at receipt, at the payment
  of the advance, at an audit or change);
- 受領: 70 % recorded at the verification page (POST /v1/receipts), 30 % sent by 電子提出
  (POST /v1/submissions) and taken from the 受付箱 (POST …/receipt);
- two views of the 受領台帳's first page per receipt (the clerk looks it up, a colleague checks).
Amendments (~15 %) and cancellations are not in the key paths of this test.

The day: the business hours of a city hall, 8:30–17:15 less an hour's lunch ≈ 7.75 h; the
plan takes 8 h (28,800 s) so that the rate is the day's mean over its working hours, and the
test runs at 10× that mean (which also covers a busy hour at twice the mean five times over).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

# Public figures (issue 30).
ADVANCE_PER_PEAK_DAY = 1_400          # 前払金保証 on a peak business day
ADVANCE_PER_YEAR = 222_000            # 前払金保証 a year (FY2023)
ALL_KINDS_PER_YEAR = 250_000          # every kind (the national year's plan, section E)
# Assumptions (see the docstring).
BUSINESS_DAY_S = 8 * 3600
FACTOR = 10
VERIFICATIONS_PER_GUARANTEE = 3
NOTICES_PER_GUARANTEE = 1
SUBMITTED_SHARE = 0.30                # 受領 by 電子提出 and the 受付箱
LEDGER_PAGES_PER_RECEIPT = 2

# The key paths: Locust's request names and their per-guarantee counts (the operation names of
# the report and of docs/operations.md's 「費用の見積もり」).
OPERATIONS = ("issuance", "notice", "verification", "receipt", "submission", "inbox_receipt", "ledger_page")


def per_guarantee() -> dict[str, float]:
    """How many requests of each operation one guarantee's life makes."""
    receipts = 1.0  # every guarantee is received once: at the page or from the 受付箱
    return {
        "issuance": 1.0,
        "notice": float(NOTICES_PER_GUARANTEE),
        "verification": float(VERIFICATIONS_PER_GUARANTEE),
        "receipt": receipts * (1 - SUBMITTED_SHARE),
        "submission": receipts * SUBMITTED_SHARE,
        "inbox_receipt": receipts * SUBMITTED_SHARE,
        "ledger_page": receipts * LEDGER_PAGES_PER_RECEIPT,
    }


@dataclass(frozen=True)
class Plan:
    guarantees_per_peak_day: float   # all kinds, one peak business day
    guarantees_per_s: float          # at FACTOR × the day's mean over its business hours
    rates: dict[str, float]          # requests per second of each operation
    total_rps: float
    users: int                       # Locust users, one guarantee's life each per pace_s
    pace_s: float
    guarantees_per_year: int         # the national year the cost is given for

    def requests_in(self, minutes: float) -> dict[str, float]:
        return {name: rate * minutes * 60 for name, rate in self.rates.items()}


def plan(factor: float = FACTOR, users: int | None = None, pace_s: float = 20.0) -> Plan:
    """The rates at `factor` × the peak business day. Give `users` to fix the user count (the
    pace then follows); otherwise the users are those that keep about `pace_s` per life."""
    if factor <= 0 or pace_s <= 0 or (users is not None and users < 1):
        raise ValueError("factor, pace and users must be positive")
    day = ADVANCE_PER_PEAK_DAY * ALL_KINDS_PER_YEAR / ADVANCE_PER_YEAR
    per_s = day * factor / BUSINESS_DAY_S
    counts = per_guarantee()
    rates = {name: per_s * counts[name] for name in OPERATIONS}
    if users is None:
        users = max(1, math.ceil(per_s * pace_s))
    return Plan(guarantees_per_peak_day=day, guarantees_per_s=per_s, rates=rates,
                total_rps=sum(rates.values()), users=users, pace_s=users / per_s,
                guarantees_per_year=ALL_KINDS_PER_YEAR)


def describe(p: Plan) -> str:
    lines = [f"peak business day: {p.guarantees_per_peak_day:,.0f} guarantees (all kinds); "
             f"×{FACTOR} over {BUSINESS_DAY_S / 3600:.0f} h = {p.guarantees_per_s:.3f} guarantees/s",
             f"Locust: {p.users} users, one guarantee's life every {p.pace_s:.1f} s each; "
             f"{p.total_rps:.2f} requests/s in all"]
    lines += [f"  {name:<14} {rate:6.3f}/s" for name, rate in p.rates.items()]
    return "\n".join(lines)


if __name__ == "__main__":
    print(describe(plan()))
