"""Property tests (hypothesis) of the issuance rules: amounts, dates and periods.

Each property states the rule independently of the code (an oracle here) and lets
hypothesis look for a request where the server disagrees. Every failure must be a coded
PortalError (400) naming its field with a Japanese message, never another exception.
(The 認証キー codec has its own properties in test_authkey.py.)
"""
from __future__ import annotations

import copy
import datetime as dt

import pytest
from hypothesis import assume, example, given, settings, strategies as st

from chalicelib.domain.errors import Invalid
from chalicelib.domain.guarantee import MAX_PERIOD_DAYS
from chalicelib.domain.validation import label
from support import guarantee_request, read_issuance, registry_view

# A fixed business date: rules that depend on "today" are tested at chosen dates, never the machine's.
TODAY = dt.date(2026, 7, 1)
# Valid on TODAY; each example changes a copy. A 契約保証: the amount is checked against the
# contract price alone (the advance kinds add the advance between them, test_guarantee_rules.py).
BASE = guarantee_request(on=TODAY, kind="contract")
ACCEPTS_FROM = registry_view(BASE["orderer_id"])[1].accepts_from
DATE_FIELDS = ("guarantee_period.start", "guarantee_period.end", "project.period.start", "project.period.end")
# The rules' limits, stated here as the oracle (the document says them in openapi.yaml).
MIN_DATE, MAX_DATE = dt.date(2000, 1, 1), dt.date(2099, 12, 31)
MAX_YEN = 999_999_999_999
FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


def request_with(**changes) -> dict:
    """BASE with dotted paths replaced, e.g. request_with(**{"project.contract_price": 5})."""
    body = copy.deepcopy(BASE)
    for path, value in changes.items():
        *parents, leaf = path.split(".")
        node = body
        for part in parents:
            node = node[part]
        node[leaf] = value
    return body


def outcome(body, today: dt.date = TODAY) -> set[tuple[str, str]]:
    """{(field, code)} of every rule that failed; empty when the request is accepted."""
    try:
        read_issuance(body, today)
    except Invalid as e:
        details = e.problems
        for d in details:
            assert d.code and d.field, d
            assert d.message and not d.message.isascii(), d  # a Japanese sentence for people
        return {(d.field, d.code) for d in details}
    return set()


yen = st.integers(min_value=1, max_value=MAX_YEN)


# ---- amounts --------------------------------------------------------------------------------

@given(data=st.data(), price=st.integers(min_value=1, max_value=MAX_YEN - 1))
def test_any_amount_above_the_contract_price_is_refused_with_its_code(data, price):
    amount = data.draw(st.integers(min_value=price + 1, max_value=MAX_YEN), label="amount")
    found = outcome(request_with(amount=amount, **{"project.contract_price": price}))
    assert found == {("amount", "amount_exceeds_contract_price")}


@given(data=st.data(), price=yen)
@example(data=None, price=1)
@example(data=None, price=MAX_YEN)
def test_any_amount_from_a_tenth_up_to_the_contract_price_is_accepted(data, price):
    least = -(-price // 10)  # 請負代金額の10分の1, rounded up to the yen
    amount = price if data is None else data.draw(st.integers(min_value=least, max_value=price), label="amount")
    terms = read_issuance(request_with(amount=amount, **{"project.contract_price": price}), TODAY)
    assert (terms.amount, terms.project.contract_price) == (amount, price)


@given(data=st.data(), price=st.integers(min_value=11, max_value=MAX_YEN))
def test_any_amount_below_a_tenth_of_the_contract_price_is_refused_with_its_code(data, price):
    amount = data.draw(st.integers(min_value=1, max_value=-(-price // 10) - 1), label="amount")
    found = outcome(request_with(amount=amount, **{"project.contract_price": price}))
    assert found == {("amount", "amount_below_contract_minimum")}


ADVANCE_BASE = guarantee_request(on=TODAY, kind="advance_payment")


@given(data=st.data(), price=st.integers(min_value=3, max_value=MAX_YEN),
       kind=st.sampled_from(["advance_payment", "interim_advance_payment"]))
def test_an_advance_guarantee_equal_to_an_advance_within_its_share_is_accepted_and_past_it_refused(data, price, kind):
    ceiling = price * (4 if kind == "advance_payment" else 2) // 10  # 10分の4 / 10分の2, rounded down
    assume(ceiling >= 1)
    advance = data.draw(st.integers(min_value=1, max_value=min(price, ceiling + 2)), label="advance")
    body = copy.deepcopy(ADVANCE_BASE)
    body.update(kind=kind, amount=advance)
    body["advance"]["amount"] = advance
    body["project"]["contract_price"] = price
    expected = set() if advance <= ceiling else {("advance.amount", "advance_exceeds_limit")}
    assert outcome(body) == expected
    # A guarantee of another amount than the advance leaves it partly unsecured, or secures more than was paid.
    other = data.draw(st.integers(min_value=1, max_value=price).filter(lambda a: a != advance), label="amount")
    assert ("amount", "amount_differs_from_advance") in outcome({**body, "amount": other})


not_an_amount = st.one_of(
    st.integers(max_value=0), st.integers(min_value=MAX_YEN + 1), st.floats(allow_nan=False),
    st.booleans(), st.text(max_size=20), st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@given(value=not_an_amount, field=st.sampled_from(["amount", "project.contract_price"]))
def test_anything_but_a_whole_number_of_yen_in_range_is_refused_as_invalid_amount(value, field):
    # 2.0 is a float in JSON terms here: only ints are amounts (a float is never silently rounded).
    found = outcome(request_with(**{field: value}))
    assert (field, "invalid_amount") in found
    assert all(f != "amount" or c != "amount_exceeds_contract_price" for f, c in found)


# ---- dates ------------------------------------------------------------------------------------

def expected_date_code(value) -> str | None:
    """The rule for a date field, stated independently of validation.py."""
    if value is None:
        return "missing_field"
    if isinstance(value, str):
        value = value.strip()  # text is judged as kept, without surrounding white space
    if not isinstance(value, str) or len(value) != 10 or not value.isascii():
        return "invalid_date"
    y, m, d = value[0:4], value[5:7], value[8:10]
    if value[4] != "-" or value[7] != "-" or not (y + m + d).isdigit():
        return "invalid_date"
    try:
        # Year 0000 exists in ISO 8601 (and is a leap year, as 2000 is): out of range, not malformed.
        parsed = dt.date(int(y) or 2000, int(m), int(d))
    except ValueError:
        return "invalid_date"  # 2024-02-30, month 13
    if int(y) == 0:
        return "date_out_of_range"
    return None if MIN_DATE <= parsed <= MAX_DATE else "date_out_of_range"


any_iso_date = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(dt.date.isoformat)
date_like = st.one_of(
    any_iso_date,                                                       # valid or out of range
    any_iso_date.map(lambda s: s.translate(FULL_WIDTH)),                # ２０２４－０７－０１
    st.tuples(st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99)).map(
        lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"),                 # 2024-02-30, 2024-13-01
    any_iso_date.map(lambda s: s + "T00:00:00Z"), any_iso_date.map(lambda s: s.replace("-", "/")),
    any_iso_date.map(lambda s: f" {s} "), any_iso_date.map(lambda s: s.replace("-", "")),
    st.text(max_size=12), st.text(alphabet="0123456789-０１２３４５６７８９－", min_size=8, max_size=12),
    st.none(), st.integers(), st.floats(), st.booleans(), st.lists(st.text(max_size=3), max_size=2),
)


@settings(max_examples=300)
@given(field=st.sampled_from(DATE_FIELDS), value=date_like)
@example(field="guarantee_period.end", value="２０２６－０７－０１")
@example(field="project.period.start", value="2024-02-30")
@example(field="project.period.end", value="1999-12-31")
@example(field="guarantee_period.start", value="2100-01-01")
@example(field="guarantee_period.start", value="0000-01-01")
def test_a_fuzzed_date_never_crashes_and_gets_the_code_of_its_rule(field, value):
    found = outcome(request_with(**{field: value}))
    code = expected_date_code(value)
    on_field = {c for f, c in found if f == field}
    if code is None:
        # A real date in range: whatever else it breaks (period rules), not its own format.
        assert not on_field & {"invalid_date", "date_out_of_range", "missing_field"}
    else:
        assert on_field == {code}, found
        message = next(d for d in _details(request_with(**{field: value})) if d.field == field).message
        assert label(field) in message


def _details(body):
    with pytest.raises(Invalid) as e:
        read_issuance(body, TODAY)
    return e.value.problems


# ---- periods ------------------------------------------------------------------------------------

days = st.dates(min_value=MIN_DATE, max_value=MAX_DATE)


def expected_period_failures(gp: tuple, works: tuple, today: dt.date) -> set[tuple[str, str]]:
    """The period rules, stated independently of guarantee.py."""
    failures = set()

    def own(name, start, end):
        if start > end:
            failures.add((name, "invalid_period"))
            return False
        if (end - start).days > MAX_PERIOD_DAYS:
            failures.add((name, "period_too_long"))
            return False
        return True

    gp_ok = own("guarantee_period", *gp)
    works_ok = own("project.period", *works)
    if gp_ok and works_ok:
        (gp_start, gp_end), (_, works_end) = gp, works
        if gp_end < works_end:
            failures.add(("guarantee_period.end", "guarantee_period_ends_before_works"))
        if gp_end < today:
            failures.add(("guarantee_period.end", "guarantee_period_already_ended"))
        if gp_start > works_end:
            failures.add(("guarantee_period.start", "guarantee_period_starts_after_works"))
    # A contract security must include the works from their start (security_rules.py): judged once
    # everything else holds.
    if not failures and gp[0] > works[0]:
        failures.add(("guarantee_period.start", "guarantee_period_starts_after_works_start"))
    return failures


@settings(max_examples=300)
@given(gp=st.tuples(days, days), works=st.tuples(days, days),
       today=st.dates(min_value=ACCEPTS_FROM, max_value=MAX_DATE))
def test_period_rules_hold_for_generated_periods(gp, works, today):
    body = request_with(**{"guarantee_period": {"start": gp[0].isoformat(), "end": gp[1].isoformat()},
                           "project.period": {"start": works[0].isoformat(), "end": works[1].isoformat()}})
    assert outcome(body, today) == expected_period_failures(gp, works, today)


@given(start=days, length=st.integers(min_value=0, max_value=MAX_PERIOD_DAYS), slack=st.integers(0, 400))
def test_a_guarantee_covering_the_works_and_still_running_is_accepted(start, length, slack):
    works_end = start + dt.timedelta(days=length)
    gp_end = works_end + dt.timedelta(days=slack)
    assume(gp_end <= MAX_DATE and (gp_end - start).days <= MAX_PERIOD_DAYS)
    today = max(ACCEPTS_FROM, start)
    assume(today <= gp_end)
    body = request_with(**{"guarantee_period": {"start": start.isoformat(), "end": gp_end.isoformat()},
                           "project.period": {"start": start.isoformat(), "end": works_end.isoformat()}})
    terms = read_issuance(body, today)
    assert terms.guarantee_period.start <= terms.guarantee_period.end
    assert terms.guarantee_period.end >= terms.project.period.end
