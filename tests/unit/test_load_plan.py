"""The load test's plan (devtools/load_plan.py) and the report's arithmetic (devtools/load.py):
the rates at 10× the peak business day, the users and pace that keep them, the percentiles read
from Locust's histogram and the costs a request, a guarantee and a year add up to."""
from __future__ import annotations

import math

import pytest

from devtools import load, load_plan


def test_the_peak_day_of_all_kinds_follows_the_public_figures():
    p = load_plan.plan()
    # 1,400 前払金保証 a peak business day, scaled from 222,000 a year to 250,000 of every kind.
    assert p.guarantees_per_peak_day == pytest.approx(1_400 * 250_000 / 222_000)
    assert round(p.guarantees_per_peak_day) == 1_577
    # ×10 over an 8-hour business day.
    assert p.guarantees_per_s == pytest.approx(1_576.58 * 10 / 28_800, rel=1e-4)
    assert round(p.guarantees_per_s, 3) == 0.547


def test_each_path_runs_at_its_share_of_a_guarantee_life():
    p = load_plan.plan()
    g = p.guarantees_per_s
    assert p.rates == pytest.approx({"issuance": g, "notice": g, "verification": 3 * g, "receipt": 0.7 * g,
                                     "submission": 0.3 * g, "inbox_receipt": 0.3 * g, "ledger_page": 2 * g})
    # Every guarantee is received once: at the page or from the 受付箱.
    assert p.rates["receipt"] + p.rates["inbox_receipt"] == pytest.approx(g)
    assert p.total_rps == pytest.approx(8.3 * g)
    assert round(p.total_rps, 2) == 4.54
    assert set(p.rates) == set(load_plan.OPERATIONS)


def test_the_users_at_their_pace_make_the_planned_rate():
    p = load_plan.plan()
    assert p.users == math.ceil(p.guarantees_per_s * 20.0) == 11
    assert p.users / p.pace_s == pytest.approx(p.guarantees_per_s)
    fixed = load_plan.plan(users=4)
    assert fixed.users == 4 and fixed.pace_s == pytest.approx(4 / fixed.guarantees_per_s)
    assert load_plan.plan(factor=1).total_rps == pytest.approx(p.total_rps / 10)
    assert p.requests_in(10)["verification"] == pytest.approx(3 * p.guarantees_per_s * 600)


@pytest.mark.parametrize("arguments", [{"factor": 0}, {"pace_s": -1}, {"users": 0}])
def test_a_plan_without_load_is_refused(arguments):
    with pytest.raises(ValueError):
        load_plan.plan(**arguments)


def test_percentiles_come_from_the_histogram_by_nearest_rank():
    histogram = {10.0: 50, 20.0: 45, 300.0: 4, 1500.0: 1}  # 100 requests
    assert load.percentile(histogram, 0.50) == 10.0
    assert load.percentile(histogram, 0.95) == 20.0
    assert load.percentile(histogram, 0.99) == 300.0
    assert load.percentile(histogram, 1.0) == 1500.0
    assert load.percentile({}, 0.5) == 0.0


def test_a_request_costs_its_units_time_and_bytes_at_the_stated_prices():
    prices = {"lambda_gb_s": 1e-5, "lambda_request": 1e-7, "api_gateway_request": 2e-6,
              "dynamodb_read_unit": 1e-7, "dynamodb_write_unit": 5e-7, "cloudfront_request": 1e-6,
              "cloudfront_gb_out": 0.1, "ses_mail": 1e-4}
    cost = load.cost_per_request(read_units=3, write_units=2, server_ms=500, reply_bytes=10_000,
                                 prices=prices, memory_gb=1.0)
    assert cost["lambda"] == pytest.approx(1e-7 + 0.5 * 1e-5)
    assert cost["api_gateway"] == pytest.approx(2e-6)
    assert cost["dynamodb"] == pytest.approx(3e-7 + 1e-6)
    assert cost["cloudfront"] == pytest.approx(1e-6 + 1e-5 * 0.1)
    assert cost["total"] == pytest.approx(cost["lambda"] + cost["api_gateway"] + cost["dynamodb"] + cost["cloudfront"])


def test_a_guarantee_costs_each_operation_times_its_count_plus_its_mails():
    one = {"lambda": 1.0, "api_gateway": 0.5, "dynamodb": 0.25, "cloudfront": 0.125, "total": 1.875}
    per_request = {name: one for name in load_plan.OPERATIONS}
    counts = load_plan.per_guarantee()
    cost = load.cost_per_guarantee(per_request, counts, mails=2, prices={**load.PRICES, "ses_mail": 0.01})
    life = sum(counts.values())  # 8.3 requests
    assert life == pytest.approx(8.3)
    assert cost["lambda"] == pytest.approx(life)
    assert cost["ses"] == pytest.approx(0.02)
    assert cost["total"] == pytest.approx(life * 1.875 + 0.02)
