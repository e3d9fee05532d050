"""The national list through the operator API: bodies added with an id of their own, the
published list brought in by batches (new bodies and changed names, never a deletion), and
the audit log's chain: verified whole, and a tampered entry found."""
from __future__ import annotations

import os
import uuid
import pytest

import operator_signing as op
from support import current_store


@pytest.fixture(scope="module", autouse=True)
def operator_keys(tmp_path_factory):
    op.install_keys(tmp_path_factory.mktemp("operator"))
    yield
    os.environ.pop("PORTAL_OPERATOR_LOCAL_KEYS", None)


def own_body(**overrides) -> dict:
    return {"id": f"kumiai-{uuid.uuid4().hex[:8]}", "name": "テスト地区広域連合", "kana": "てすとちくこういきれんごう",
            "prefecture": "長野県", "category": "other", "body_type": "広域連合", **overrides}


def test_a_body_with_an_own_id_is_added_once(api):
    body = own_body()
    response = op.call(api, "POST", "/v1/operator/bodies", body)
    assert response.status_code == 201, response.body
    store = current_store()
    added = store.registry.body(body["id"])
    assert (added.name, added.body_type, added.source) == ("テスト地区広域連合", "広域連合", "operator")
    [entry], _ = store.audit.page(1, None)
    assert (entry.action, entry.target) == ("body.add", f"orderer:{body['id']}")
    head = store.audit.head()
    again = op.call(api, "POST", "/v1/operator/bodies", body)
    assert (again.status_code, again.json_body["error"]["code"]) == (409, "body_exists")
    assert store.audit.head() == head


@pytest.mark.parametrize(("overrides", "code"), [
    ({"id": "202178", "category": "municipality"}, "invalid_orderer_id"),   # wrong check digit
    ({"id": "202177", "category": "other"}, "invalid_orderer_id"),          # a code is not an own id
    ({"id": "mlit-test", "category": "municipality"}, "invalid_orderer_id"),
    ({"body_type": "町内会"}, "invalid_value"),
])
def test_a_wrong_body_is_refused_and_nothing_written(api, overrides, code):
    store = current_store()
    head, count = store.audit.head(), len(store.registry.bodies())
    response = op.call(api, "POST", "/v1/operator/bodies", own_body(**overrides))
    assert response.status_code == 400, response.body
    assert response.json_body["error"]["code"] == code
    assert (store.audit.head(), len(store.registry.bodies())) == (head, count)


def test_the_import_adds_and_renames_and_never_deletes(api):
    from devtools import public_bodies
    store = current_store()
    fresh = [b for b in public_bodies.national_list() if b.prefecture == "鹿児島県" and store.registry.body(b.id) is None][:3]
    items = [{"id": b.id, "name": b.name, "kana": b.kana, "prefecture": b.prefecture, "category": b.category} for b in fresh]
    first = op.call(api, "POST", "/v1/operator/bodies/imports", {"bodies": items, "source": public_bodies.source()})
    assert first.status_code == 200, first.body
    assert first.json_body == {"added": [b.id for b in fresh], "changed": [], "unchanged": 0}
    head = store.audit.head()
    same = op.call(api, "POST", "/v1/operator/bodies/imports", {"bodies": items}).json_body
    assert same == {"added": [], "changed": [], "unchanged": 3} and store.audit.head() == head  # nothing to write
    renamed = [{**items[0], "kana": items[0]["kana"] + "（改）"}]
    result = op.call(api, "POST", "/v1/operator/bodies/imports", {"bodies": renamed}).json_body
    assert result["changed"] == [fresh[0].id] and store.registry.body(fresh[0].id).kana.endswith("（改）")
    [entry], _ = store.audit.page(1, None)
    assert entry.action == "bodies.import" and entry.details["changed"][fresh[0].id]["kana"][0] == fresh[0].kana
    assert all(store.registry.body(b.id) is not None for b in fresh[1:])  # left out: kept
    too_many = op.call(api, "POST", "/v1/operator/bodies/imports", {"bodies": items * 31})
    assert (too_many.status_code, too_many.json_body["error"]["code"]) == (400, "too_many_bodies")
    twice = op.call(api, "POST", "/v1/operator/bodies/imports", {"bodies": items[:1] * 2})
    assert (twice.status_code, twice.json_body["error"]["code"]) == (400, "duplicate_value")
    listed = op.call(api, "GET", "/v1/operator/bodies").json_body["bodies"]
    assert {b.id for b in fresh} <= {b["id"] for b in listed}


def test_a_tampered_audit_entry_breaks_the_verified_chain(api, store):
    from chalicelib.adapters.memory import MemoryStore
    if not isinstance(store, MemoryStore):
        pytest.skip("edits the in-memory store's entries directly")
    assert op.call(api, "POST", "/v1/operator/bodies", own_body()).status_code == 201
    assert op.call(api, "GET", "/v1/operator/audit/verification").json_body["valid"] is True
    head = store.audit.head()
    state = store._state  # what an attacker with the table would edit: no route or command can
    original = state.audit[head.seq - 1]
    try:
        state.audit[head.seq - 1] = {**original, "details": {**original["details"], "forged": True}}
        result = op.call(api, "GET", "/v1/operator/audit/verification").json_body
        assert (result["valid"], result["first_broken"]) == (False, head.seq - 1)
    finally:
        state.audit[head.seq - 1] = original
    assert op.call(api, "GET", "/v1/operator/audit/verification").json_body["valid"] is True


def test_an_entry_cut_off_the_end_is_found(monkeypatch):
    from types import SimpleNamespace

    from chalicelib.usecases.operator import audit_log
    real = current_store().audit
    assert audit_log.verify()["valid"] is True

    class LastEntryGone:  # the chain reads whole, but ends before the head
        def head(self):
            return real.head()

        def after(self, seq, limit):
            return [e for e in real.after(seq, limit) if e.seq < real.head().seq]

    monkeypatch.setattr(audit_log, "deps", lambda: SimpleNamespace(store=SimpleNamespace(audit=LastEntryGone())))
    result = audit_log.verify()
    assert (result["valid"], result["first_broken"]) == (False, real.head().seq)
