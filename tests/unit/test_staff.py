"""Who counts as a member of an orderer's staff, and how long a session lasts."""
from __future__ import annotations

import datetime as dt

from chalicelib.domain import orderers, staff

T0 = dt.datetime(2026, 7, 1, 0, 0, tzinfo=dt.timezone.utc)


def test_an_account_is_the_address_folded_to_lower_case():
    assert staff.account("  Keiyaku@City.Saku.Nagano.JP ") == "keiyaku@city.saku.nagano.jp"
    assert staff.account("not an address") is None
    assert staff.account("a@b") is None


def test_staff_are_recognised_by_the_exact_domain_of_their_orderer():
    assert orderers.employing("keiyaku@city.saku.nagano.jp").id == "202177"
    for other in ("keiyaku@evil.city.saku.nagano.jp", "keiyaku@city.saku.nagano.jp.example.com",
                  "city.saku.nagano.jp@example.com", "keiyaku@example.com"):
        assert orderers.employing(other) is None, other


def test_a_session_ends_when_idle_or_at_its_absolute_limit():
    session = staff.Session(staff.Staff("a@city.saku.nagano.jp", "202177"), T0, T0)
    assert not session.expired(T0 + staff.SESSION_IDLE)
    assert session.expired(T0 + staff.SESSION_IDLE + dt.timedelta(seconds=1))
    busy = staff.Session(session.staff, T0, T0 + staff.SESSION_ABSOLUTE)
    assert busy.expired(T0 + staff.SESSION_ABSOLUTE + dt.timedelta(seconds=1))
    assert session.ends_at() == T0 + staff.SESSION_ABSOLUTE
