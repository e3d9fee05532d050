"""The one data file of orderers: well-formed, and the codes are real 地方公共団体コード."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.domain import legacy_orderers as orderers
from chalicelib.domain.guarantee import KINDS


def test_saku_city_accepts_e_guarantees_from_july_2024():
    saku = orderers.get("202177")
    assert saku is not None and saku.name == "佐久市" and saku.prefecture == "長野県"
    # One written form of the orderer everywhere (banner, receipts, mails, the certificate).
    assert saku.written_name == orderers.name_of("202177") == "長野県佐久市"
    assert orderers.written_name("府中市", "東京都") == "東京都府中市" and orderers.written_name("長野県", "長野県") == "長野県"
    assert orderers.name_of("999997") == "999997"  # no longer listed: its code
    assert saku.accepts_from == dt.date(2024, 7, 1)
    assert saku.accepts("advance_payment", dt.date(2024, 7, 1))
    assert not saku.accepts("advance_payment", dt.date(2024, 6, 30))
    assert saku.paper_still_accepted


def test_every_entry_is_well_formed():
    for o in orderers.all_orderers().values():
        assert orderers.local_government_code_valid(o.id)
        assert set(o.kinds) <= set(KINDS)
        assert o.name and o.prefecture.endswith(("都", "道", "府", "県"))


@pytest.mark.parametrize("code, valid", [
    ("202177", True),   # 佐久市
    ("202011", True),   # 長野市
    ("131016", True),   # 千代田区
    ("202178", False),
    ("20217", False),
    ("２０２１７７", False),
])
def test_local_government_code_check_digit(code, valid):
    assert orderers.local_government_code_valid(code) is valid


def test_duplicates_and_bad_codes_are_rejected_when_loading():
    entry = {"id": "202177", "name": "佐久市", "prefecture": "長野県", "accepts_from": "2024-07-01",
             "kinds": ["contract"]}
    with pytest.raises(ValueError):
        orderers.parse({"orderers": [entry, entry]})
    with pytest.raises(ValueError):
        orderers.parse({"orderers": [{**entry, "id": "202178"}]})
