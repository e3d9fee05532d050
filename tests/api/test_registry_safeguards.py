"""Two safeguards around the registry found in review: the audit check reads up to the head it
started from (a change committed meanwhile is no break), and a notification address that is not
on the orderer's staff domains as they are now hears nothing (a domain removed, or moved to
another orderer, no longer receives this orderer's mail)."""
from __future__ import annotations

import pytest

from registry_writes import enrolment_changed

SAKU = "202177"


def test_a_change_committed_while_the_chain_is_checked_is_no_break(store, monkeypatch):
    from chalicelib.usecases.operator import audit_log
    head = store.audit.head()
    with enrolment_changed(store, SAKU, scope="試行の工事"):  # entries after the head the check read
        assert store.audit.head().seq > head.seq
        with monkeypatch.context() as m:
            m.setattr(store.audit, "head", lambda: head)
            result = audit_log.verify()
    assert result == {"valid": True, "first_broken": None, "checked": head.seq,
                      "head": {"seq": head.seq, "hash": head.hash}}


def test_a_notification_address_off_the_orderers_domains_hears_nothing(store):
    from chalicelib.usecases.common import orderers
    clerk = "clerk@city.saku.nagano.jp"
    with enrolment_changed(store, SAKU, notification_addresses=("Box@City.Saku.Nagano.jp", "spy@elsewhere.example.jp")):
        assert orderers.with_notification_addresses(SAKU, [clerk]) == [clerk, "box@city.saku.nagano.jp"]
    with enrolment_changed(store, SAKU, notification_addresses=("box@city.saku.nagano.jp",),
                           staff_email_domains=("city-saku.example.lg.jp",)):
        assert orderers.with_notification_addresses(SAKU, [clerk]) == [clerk]


def test_the_public_list_is_read_again_only_when_the_registry_changed(api, store, monkeypatch):
    # Anyone may ask for the list: asked again, it costs one read of the audit head, not a read
    # of the ~1,800 bodies; a change of the registry (which moves the head) is seen at once.
    reads = []
    real = store.registry.bodies
    monkeypatch.setattr(store.registry, "bodies", lambda: reads.append(1) or real())
    first = api.get("/v1/orderers").json_body
    again = api.get("/v1/orderers").json_body
    assert again == first and len(reads) <= 1  # 0: kept from an earlier test of this store
    before = len(reads)
    with enrolment_changed(store, SAKU, scope="試行の工事"):
        changed = {o["id"]: o for o in api.get("/v1/orderers").json_body["orderers"]}
        assert changed[SAKU]["scope"] == "試行の工事" and len(reads) == before + 1


@pytest.mark.parametrize("contact, field", [
    ({"url": "javascript:alert(1)"}, "contact.url"), ({"url": "http://city.example.lg.jp/"}, "contact.url"),
    ({"email": "not an address"}, "contact.email")])
def test_a_contact_for_contractors_is_an_https_page_and_a_real_address(contact, field):
    from chalicelib.domain.errors import Invalid
    from chalicelib.usecases.operator import checks
    p = checks.Problems()
    assert checks.contact(p, {"department": "契約課", "url": "https://www.city.example.lg.jp/keiyaku/",
                              "email": "keiyaku@city.example.lg.jp"}) is not None
    p.raise_any()
    p = checks.Problems()
    checks.contact(p, {"department": "契約課", **contact})
    with pytest.raises(Invalid) as refused:
        p.raise_any()
    assert [problem.field for problem in refused.value.problems] == [field]
