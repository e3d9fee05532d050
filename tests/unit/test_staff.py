"""Who counts as a member of an orderer's staff, and how long a session lasts."""
from __future__ import annotations

import datetime as dt

from chalicelib.domain import staff
from support import registry_view

T0 = dt.datetime(2026, 7, 1, 0, 0, tzinfo=dt.timezone.utc)


def test_an_account_is_the_address_folded_to_lower_case():
    assert staff.account("  Keiyaku@City.Saku.Nagano.JP ") == "keiyaku@city.saku.nagano.jp"
    assert staff.account("not an address") is None
    assert staff.account("a@b") is None


def test_staff_are_recognised_by_the_exact_domain_of_their_orderer():
    saku = registry_view("202177")[1]
    assert saku.employs("keiyaku@city.saku.nagano.jp") and saku.employs("Keiyaku@City.Saku.Nagano.JP")
    for other in ("keiyaku@evil.city.saku.nagano.jp", "keiyaku@city.saku.nagano.jp.example.com",
                  "city.saku.nagano.jp@example.com", "keiyaku@example.com"):
        assert not saku.employs(other), other


def test_the_staff_view_names_the_orderer_and_its_departments_as_given():
    member = staff.Staff("a@city.saku.nagano.jp", "202177")
    saku = registry_view("202177")[1]
    shown = member.public(saku)
    assert shown["orderer"] == {"id": "202177", "name": "長野県佐久市"} and "契約検査課" in shown["departments"]
    assert member.public(None) == {"email": "a@city.saku.nagano.jp", "orderer": {"id": "202177", "name": "202177"},
                                   "departments": []}
    session = staff.Session(member, T0, T0, {"department": "建設課", "name": "佐久 花子"})
    assert session.entries_view(("建設課",)) == {"department": "建設課", "name": "佐久 花子"}
    assert session.entries_view(("契約検査課",)) is None  # a department the orderer no longer has


def test_a_session_ends_when_idle_or_at_its_absolute_limit():
    session = staff.Session(staff.Staff("a@city.saku.nagano.jp", "202177"), T0, T0)
    assert not session.expired(T0 + staff.SESSION_IDLE)
    assert session.expired(T0 + staff.SESSION_IDLE + dt.timedelta(seconds=1))
    busy = staff.Session(session.staff, T0, T0 + staff.SESSION_ABSOLUTE)
    assert busy.expired(T0 + staff.SESSION_ABSOLUTE + dt.timedelta(seconds=1))
    assert session.ends_at() == T0 + staff.SESSION_ABSOLUTE


def _code(sent: int, mailed: dt.datetime, attempts: int = 0, code_hash: str = "h") -> staff.SignInCode:
    return staff.SignInCode(code_hash, mailed + staff.CODE_TTL, attempts, sent, T0)


def test_past_the_hourly_cap_the_code_already_mailed_is_kept_and_a_new_one_comes_once_none_works():
    later = T0 + dt.timedelta(minutes=30)
    cap = staff.CODES_PER_WINDOW
    assert staff.next_code(None, T0) == (T0, 1)
    assert staff.next_code(_code(cap - 1, later), later) == (T0, cap)
    assert staff.next_code(_code(cap, later), later + dt.timedelta(minutes=1)) is None  # it works: kept
    assert staff.next_code(_code(cap, later), later + staff.CODE_TTL) == (T0, cap + 1)  # expired: a new one
    assert staff.next_code(_code(cap, later, code_hash=staff.USED), later) == (T0, cap + 1)  # used by its owner
    assert staff.next_code(_code(cap, T0), T0 + staff.CODE_WINDOW) == (T0 + staff.CODE_WINDOW, 1)  # a new window


def test_a_code_spent_by_guessers_is_replaced_up_to_the_ceiling_then_void_until_it_expires():
    later = T0 + dt.timedelta(minutes=30)
    spent = _code(staff.MAIL_CEILING - 1, later, attempts=staff.CODE_GUESS_BUDGET)
    assert not spent.usable(later) and spent.spent_by_guessing(later)
    assert staff.next_code(spent, later, replacing_spent=True) == (T0, staff.MAIL_CEILING)
    at_ceiling = _code(staff.MAIL_CEILING, later, attempts=staff.CODE_GUESS_BUDGET)
    assert staff.next_code(at_ceiling, later, replacing_spent=True) is None
    assert staff.next_code(at_ceiling, later + dt.timedelta(minutes=9)) is None  # a request: still void
    assert staff.next_code(at_ceiling, later + staff.CODE_TTL) == (T0, staff.MAIL_CEILING + 1)
