"""保証契約番号 are unique per surety: two sureties may use the same number, each key opens
only its own guarantee, and no surety can block or read another's. A key is found by its
keyed hash alone and the number compared afterwards, so an unknown number, another
surety's number and a wrong key all cost the same read and the same counters."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.domain import attempts, authkey
from chalicelib.usecases import sureties
from chalicelib.usecases.common import wrong_key_bursts
from support import (TEST_SURETY_ID, counter, current_store, clock_at, guarantee_request, issue_headers, mails_sent_to, new_contract_number,
                     post_json)

OTHER = "second-surety"
OTHER_MAIL = "nagano-branch@second-surety.example"


@pytest.fixture(scope="module")
def other_token(module_wiring) -> str:
    sureties.register(OTHER, "第二建設業保証株式会社", branches={"nagano": {"department": "長野支店", "email": OTHER_MAIL}})
    return sureties.create_token(OTHER, label="second surety")[1]


def issue(api, token, number, **extra):
    response = post_json(api, "/v1/guarantees", guarantee_request(contract_number=number, **extra), issue_headers(token))
    return response


def verify(api, number, key):
    return post_json(api, "/v1/verifications", {"contract_number": number, "auth_key": key})


def test_two_sureties_one_number_each_key_opens_its_own(api, surety_token, other_token):
    number = new_contract_number()
    # The second surety takes the number first: the first surety can still use it.
    second = issue(api, other_token, number, surety_branch="nagano")
    first = issue(api, surety_token, number)
    assert (second.status_code, first.status_code) == (201, 201)
    first, second = first.json_body, second.json_body
    assert first["guarantee"]["guarantee_id"] != second["guarantee"]["guarantee_id"]
    mine = verify(api, number, first["auth_key"]).json_body["certificate"]
    theirs = verify(api, number, second["auth_key"]).json_body["certificate"]
    assert (mine["surety"]["id"], theirs["surety"]["id"]) == (TEST_SURETY_ID, OTHER)
    assert (mine["guarantee_id"], theirs["guarantee_id"]) == (first["guarantee"]["guarantee_id"],
                                                              second["guarantee"]["guarantee_id"])
    # Within one surety the number is still unique.
    again = issue(api, other_token, number, surety_branch="nagano")
    assert again.status_code == 409 and again.json_body["error"]["code"] == "contract_number_taken"
    # A key opens nothing under another number, whoever's it is.
    assert verify(api, new_contract_number(), first["auth_key"]).status_code == 404
    assert current_store().guarantees.find_guarantee_id(OTHER, number) == second["guarantee"]["guarantee_id"]
    assert current_store().guarantees.find_guarantee_id(TEST_SURETY_ID, number) == first["guarantee"]["guarantee_id"]


def test_a_surety_cannot_read_another_surety_guarantee_with_the_same_number(api, surety_token, other_token):
    number = new_contract_number()
    theirs = issue(api, other_token, number, surety_branch="nagano").json_body
    issue(api, surety_token, number)
    response = api.get(f"/v1/guarantees/{theirs['guarantee']['guarantee_id']}",
                       headers={"Authorization": f"Bearer {surety_token}"})
    assert response.status_code == 404 and response.json_body["error"]["code"] == "guarantee_not_found"


def test_a_burst_of_wrong_keys_is_told_to_every_surety_using_the_number(api, surety_token, other_token, monkeypatch):
    monkeypatch.setenv("PORTAL_LIMIT_PER_NUMBER", "3")
    number = new_contract_number()
    theirs = issue(api, other_token, number, surety_branch="nagano").json_body
    mine = issue(api, surety_token, number).json_body
    monkeypatch.setenv("PORTAL_ORIGIN_SECRET", "burst-test-secret")
    moment = dt.datetime(2032, 5, 6, 2, 10, tzinfo=dt.timezone.utc)
    with clock_at(moment):
        for i in range(3):  # three clients, one wrong key each: no client is limited, the number's total is
            response = post_json(api, "/v1/verifications",
                                 {"contract_number": number, "auth_key": authkey.display(authkey.generate())},
                                 {"X-Origin-Verify": "burst-test-secret", "CloudFront-Viewer-Address": f"198.51.100.{i}:443"})
            assert response.status_code == 404
    # The request only noted it (the same write for any number); the 5-minute sweep tells.
    assert [e for e in current_store().events.list(theirs["guarantee"]["guarantee_id"]) if e["type"] == "lockout"] == []
    wrong_key_bursts.tell_bursts(moment + dt.timedelta(minutes=5))  # (and whatever other tests noted)
    for issued in (mine, theirs):
        signals = [e for e in current_store().events.list(issued["guarantee"]["guarantee_id"]) if e["type"] == "lockout"]
        assert [s["scope"] for s in signals] == ["number"]
    [message] = mails_sent_to(OTHER_MAIL)
    text = message.get_content()
    assert number in message["Subject"] and "誤った認証キー" in message["Subject"]
    assert "第二建設業保証株式会社 ご担当者様" in text and "3回" in text
    assert "正しい認証キーでの確認は、これまでどおり行えます" in text
    assert theirs["auth_key"] not in text and theirs["auth_key"].replace("-", "") not in text
    # Still a signal, not a lock: both keys open.
    with clock_at(moment):
        for issued in (mine, theirs):
            assert post_json(api, "/v1/verifications", {"contract_number": number, "auth_key": issued["auth_key"]},
                             {"X-Origin-Verify": "burst-test-secret"}).status_code == 200


def test_an_unknown_number_and_a_wrong_key_count_the_same(api, issue_guarantee, monkeypatch):
    issued = issue_guarantee()
    moment = dt.datetime(2032, 5, 7, 3, 10, tzinfo=dt.timezone.utc)
    unknown = new_contract_number()
    with clock_at(moment):
        assert verify(api, issued["guarantee"]["contract_number"], authkey.display(authkey.generate())).status_code == 404
        assert verify(api, unknown, authkey.display(authkey.generate())).status_code == 404
    window = attempts.Window.at(moment)
    for number in (issued["guarantee"]["contract_number"], unknown):
        assert counter(*attempts.number_counter(number, window)) == 1


def test_a_burst_for_a_number_nobody_issued_is_noted_the_same_way_and_tells_nobody(api, monkeypatch):
    monkeypatch.setenv("PORTAL_LIMIT_PER_NUMBER", "2")
    unknown = new_contract_number()
    moment = dt.datetime(2032, 5, 8, 4, 10, tzinfo=dt.timezone.utc)
    with clock_at(moment):
        assert [verify(api, unknown, authkey.display(authkey.generate())).status_code for _ in range(2)] == [404] * 2
    assert [b.number for b in current_store().counters.pending_bursts() if b.number == unknown] == [unknown]
    wrong_key_bursts.tell_bursts(moment)
    assert [b for b in current_store().counters.pending_bursts() if b.number == unknown] == []  # told nobody, and done


def test_a_surety_gets_at_most_one_burst_mail_an_hour(api, other_token, monkeypatch):
    monkeypatch.setenv("PORTAL_LIMIT_PER_NUMBER", "2")
    numbers = [new_contract_number() for _ in range(3)]
    for number in numbers:
        assert issue(api, other_token, number, surety_branch="nagano").status_code == 201
    before = len(mails_sent_to(OTHER_MAIL))
    moment = dt.datetime(2032, 5, 9, 5, 10, tzinfo=dt.timezone.utc)
    with clock_at(moment):
        for number in numbers:
            for _ in range(2):
                assert verify(api, number, authkey.display(authkey.generate())).status_code == 404
    wrong_key_bursts.tell_bursts(moment)
    for number in numbers:  # three guarantees get their event...
        gid = current_store().guarantees.find_guarantee_id(OTHER, number)
        assert [e["type"] for e in current_store().events.list(gid) if e["type"] == "lockout"] == ["lockout"]
    assert len(mails_sent_to(OTHER_MAIL)) == before + 1  # ...and their surety one e-mail
