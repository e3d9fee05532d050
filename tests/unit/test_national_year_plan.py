"""devtools.national_year's plan (issue 30): the proportions of a national year, pure (no store)."""
from collections import Counter

import pytest

from devtools import national_year as year


@pytest.fixture(scope="module")
def plan():
    return year.plan(0.04)  # 10,000 guarantees


def test_the_year_has_its_size_and_every_orderer_of_the_national_list(plan):
    assert len(plan.guarantees) == 10_000
    assert 1_750 <= len(plan.orderers) <= 1_850
    assert {o.category for o in plan.orderers} == {"national", "prefecture", "city", "special_ward", "town"}


def test_the_months_follow_the_profile_peak_in_summer_trough_in_february(plan):
    months = Counter(g.issued_on.month for g in plan.guarantees)
    for month, thousands in year.MONTHLY_THOUSANDS.items():
        assert abs(months[month] - thousands * 40) <= 1  # 0.04 × 1,000
    assert min(months, key=months.__getitem__) == 2 and {7, 8} <= {m for m, _ in months.most_common(3)}
    advance_july = sum(1 for g in plan.guarantees if g.issued_on.month == 7 and g.kind == "advance_payment")
    assert 0.04 * 27_000 <= advance_july <= 0.04 * 33_000  # ≈30,000 前払金保証 in July at scale 1
    assert all(year.FISCAL_YEAR_START <= g.issued_on <= year.FISCAL_YEAR_END and g.issued_on.weekday() < 5
               for g in plan.guarantees)


def test_kinds_issuers_amendments_cancellations_receipts_submissions(plan):
    n = len(plan.guarantees)
    kinds = Counter(g.kind for g in plan.guarantees)
    assert abs(kinds["advance_payment"] / n - 0.85) < 0.02 and set(kinds) == set(year.KIND_MIX)
    for g in plan.guarantees:
        issuer_type = year.KIND_ISSUER_TYPE[g.kind]
        assert (g.surety_id in ("demo-surety", "west-japan-surety", "hokkaido-surety")) == (issuer_type == "surety_company")
    counts = plan.counts()
    assert counts["issue"] == n
    assert 0.12 <= counts["amend"] / n <= 0.16 and 0.02 <= counts["cancel"] / n <= 0.035
    assert 0.82 <= (counts["receive"] + counts["receive_inbox"]) / n <= 0.88
    assert 0.22 <= counts["submit"] / n <= 0.28 and counts["receive_inbox"] <= counts["submit"]
    assert 2.0 <= counts["verify"] / n <= 3.0


def test_each_guarantees_events_come_in_a_possible_order(plan):
    by_guarantee: dict[int, list] = {}
    for e in plan.events:
        by_guarantee.setdefault(e.index, []).append(e)
    assert [e.at for e in plan.events] == sorted(e.at for e in plan.events)
    for events in by_guarantee.values():
        actions = [e.action for e in events]
        assert actions[0] == "issue" and not ("amend" in actions and "cancel" in actions)
        if "receive_inbox" in actions:
            assert actions.index("submit") < actions.index("receive_inbox")
        if "receive_amended" in actions:
            assert actions.index("amend") < actions.index("receive_amended")
        if "amend" in actions or "cancel" in actions:  # after every receipt of version 1 and verification
            later = actions.index("amend" if "amend" in actions else "cancel")
            assert all(a not in ("receive", "receive_inbox", "verify", "submit") for a in actions[later:])


def test_the_same_seed_gives_the_same_year():
    assert year.plan(0.001).events == year.plan(0.001).events
    assert year.plan(0.001, seed=1).events != year.plan(0.001).events
