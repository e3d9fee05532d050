"""The demo data `make run` seeds: made through the real code paths, reused on the next run."""
from __future__ import annotations

from devtools.demo import DEMO_VALUES, demo_notice, seed_demo
from support import post_json


def _status(api, number, key):
    body = post_json(api, "/v1/verifications", {"contract_number": number, "auth_key": key}).json_body
    return body["guarantee"]["status"], (body["banner"] or {}).get("kind")


def test_seed_makes_a_valid_an_amended_and_a_cancelled_guarantee_and_reuses_them(api):
    values = seed_demo(None)
    assert set(values) == set(DEMO_VALUES)
    assert _status(api, values["contract_number"], values["auth_key"]) == ("valid", None)
    assert _status(api, values["amended_contract_number"], values["amended_auth_key"]) == ("valid", None)
    assert _status(api, values["amended_contract_number"], values["amended_old_auth_key"]) == (
        "superseded", "superseded")
    assert _status(api, values["cancelled_contract_number"], values["cancelled_auth_key"]) == (
        "cancelled", "cancelled")
    for prefix, kind, issuer_id in (("bond", "performance_bond", "tokio-marine-nichido"),
                                    ("insurance", "performance_insurance", "sompo-japan"),
                                    ("bank", "bank_guarantee", "hachijuni-nagano-bank")):
        shown = post_json(api, "/v1/verifications", {"contract_number": values[f"{prefix}_contract_number"],
                                                     "auth_key": values[f"{prefix}_auth_key"]}).json_body
        certificate = shown["certificate"]
        assert (shown["guarantee"]["status"], certificate["kind"], certificate["surety"]["id"],
                certificate["orderer"]["id"], shown["cautions"]) == (
            "valid", kind, issuer_id, "202177", [])
    assert demo_notice(values).startswith(b"%PDF-")
    assert seed_demo(values) == values
    assert seed_demo({**values, "auth_key": "0000"}) != values
    assert seed_demo({**values, "bank_auth_key": values["auth_key"]}) != values


def test_seed_submits_three_demo_guarantees_to_sakus_inbox_once(api):
    from chalicelib.adapters import keyed_hash
    from chalicelib.domain import authkey
    from devtools.demo import DEMO_SUBMISSIONS, seed_submissions
    from support import current_store
    values = seed_demo(None)
    store = current_store()

    def entry(prefix):
        match = store.guarantees.find_by_key(values[f"{prefix}_contract_number"],
                                             keyed_hash.auth_key(authkey.parse(values[f"{prefix}_auth_key"])))
        return store.submissions.of_guarantee("202177", match.guarantee_id)
    entries = {prefix: entry(prefix) for prefix, _, _ in DEMO_SUBMISSIONS}
    assert {p: (e.department, e.state) for p, e in entries.items()} == {
        prefix: (department, "pending") for prefix, department, _ in DEMO_SUBMISSIONS}
    assert entry("bank") is None  # not every demo guarantee: the submission page has some to submit
    # Seeding again submits nothing more and changes no entry (what staff did with it stays).
    assert seed_submissions(values) == 0
    assert {prefix: entry(prefix) for prefix in entries} == entries
