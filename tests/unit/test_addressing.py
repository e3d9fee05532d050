"""御中 or 様: how the notice and the completion e-mail address the contractor (domain/addressing.py)."""
from __future__ import annotations

import pytest

from chalicelib.domain import addressing


@pytest.mark.parametrize("name", [
    "浅間建設株式会社", "株式会社佐久組", "(株)小諸工業", "㈱岩村田", "有限会社中込", "（有）臼田",
    "浅間・佐久特定建設工事共同企業体", "佐久JV", "佐久ＪＶ", "社会福祉法人 浅間会", "佐久土木", "山田工務店",
    "望月電設", "小海造園", "佐久設計事務所", "佐久建設協同組合",
])
def test_an_organisation_is_addressed_onchu(name):
    assert addressing.honorific(name) == "御中"
    assert addressing.addressee(name) == f"{name} 御中"


@pytest.mark.parametrize("name", ["山田太郎", "佐久 花子", "<b>&amp;</b>", ""])
def test_a_person_is_addressed_sama(name):
    assert addressing.honorific(name) == "様"
    assert addressing.addressee(name) == f"{name} 様"


def test_a_corporate_number_makes_any_name_an_organisation():
    # A 法人番号 proves a 法人 whatever its trade name looks like.
    assert addressing.honorific("やまだ", "1234567890123") == "御中"
    assert addressing.honorific("やまだ", None) == "様"
    assert addressing.honorific("やまだ", "") == "様"
