"""Values come back as the engine gives them: JSON-shaped records (None, booleans, fractions,
empty lists and maps, sets, any text), a profile's empty parts, a version stored without a
signature; what the engine cannot store (a tuple) is refused before anything is written."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.domain.sureties import Surety
from contract_support import entry, event, issue, mail, new_guarantee, result, uid

ODD = {"none": None, "yes": True, "no": False, "ratio": 0.25, "big": 10**15, "empty_list": [], "empty_map": {},
       "text": "𠮷野家・髙橋「様」\n", "empty": "", "nested": [{"a": [1, {"b": None}]}], "tags": {"a", "b"}}
AS_STORED = ODD


def test_records_come_back_json_shaped(store):
    issued = issue(store)
    store.events.add(issued.guarantee_id, issued.surety_id, event("odd", extra=ODD))
    assert store.events.list(issued.guarantee_id)[-1]["extra"] == AS_STORED
    orderer = uid("o")
    store.guarantees.record_receipt(issued.guarantee_id, issued.surety_id, 1, {"recorded_at": "t", **ODD},
                                    event("receipt"), [], (orderer, {"row": ODD}))
    assert store.ledger.entry(orderer, issued.guarantee_id, 1) == {"row": AS_STORED}
    assert store.guarantees.get_state(issued.guarantee_id).receipts["1"] == {"recorded_at": "t", **AS_STORED}
    store.guarantees.cancel(issued.guarantee_id, issued.surety_id, {"date": "2026-12-01", "odd": ODD},
                            event("cancelled"))
    assert store.guarantees.get_state(issued.guarantee_id).cancellation == {"date": "2026-12-01", "odd": AS_STORED}


def test_what_the_engine_cannot_store_is_refused_before_anything_is_written(store):
    issued = issue(store)
    sent = [mail()]
    for odd in [(1, "two"), set(), dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)]:
        with pytest.raises(ValueError):
            store.events.add(issued.guarantee_id, issued.surety_id, event("odd", extra={"v": odd}))
        with pytest.raises(ValueError):
            store.events.add(issued.guarantee_id, issued.surety_id, event("odd", extra=[odd]), sent)
        with pytest.raises(ValueError):
            store.guarantees.cancel(issued.guarantee_id, issued.surety_id, {"date": odd}, event("cancelled"))
    assert [e["type"] for e in store.events.list(issued.guarantee_id)] == ["issued"]
    assert store.outbox.get(sent[0].mail_id) is None
    assert store.guarantees.get_state(issued.guarantee_id).status == "active"


def test_a_version_stored_without_a_signature_has_none(store):
    new = new_guarantee(uid("s"))
    del new.version_record["jws"]
    store.guarantees.create(new, result(new.surety_id, uid(), new.guarantee_id))
    assert store.guarantees.get_version(new.guarantee_id, 1).jws is None
    assert store.guarantees.find_by_key(new.contract_number, new.key_hash).signed.jws is None


def test_a_profiles_empty_parts(store):
    surety = Surety(uid("s"), "名前だけ株式会社", None, None, None, {})
    store.sureties.put(surety, entry(store, "surety.register"))
    assert store.sureties.get(surety.id) == surety
    empty_contact = Surety(uid("s"), "空の連絡先株式会社", {}, "", "", {"b": {}})
    store.sureties.put(empty_contact, entry(store, "surety.register"))
    got = store.sureties.get(empty_contact.id)
    assert (got.contact, got.representative, got.head_office, got.branches) == ({}, "", "", {"b": {}})
