"""The public registry routes: GET /v1/orderers (every enrolled orderer), GET /v1/orderers/{id}
(one orderer's page) and GET /v1/issuers (the sureties that issue), against openapi.yaml,
read live from the store (a change is on them at the next request), at full size too: all
1,804 bodies of the national list enrolled."""
from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import time

import pytest

from openapi_document import check_response

LIST = ("/v1/orderers", "get")
ONE = ("/v1/orderers/{orderer_id}", "get")
ISSUERS = ("/v1/issuers", "get")
SECRET_OF_STAFF = ("city.saku.nagano.jp", "keiyaku@", "staff_email_domains", "administrators", "departments",
                   "notification_addresses", "kensetsu@", "department_mail", "shares_reference")


@pytest.fixture
def fresh(wiring):
    """A store of its own, seeded as every test store is (the demo enrolments and their
    prefectures), installed for this test only: what a test enrols stays out of the others'."""
    from chalicelib import bootstrap
    from chalicelib.adapters import clock
    from chalicelib.adapters.memory import MemoryStore
    from chalicelib.usecases.common import dependencies
    from devtools import registry_seed

    own = bootstrap.Wiring(MemoryStore(clock.now))
    registry_seed.seed(own.store, own.clock.now(), everything=False)
    dependencies.install(own)
    yield own.store
    dependencies.install(wiring)


def enrol(store, orderer_id: str, **fields) -> None:
    from chalicelib.domain import audit
    from chalicelib.domain.orderers import Enrolment
    from devtools import registry_seed
    now = dt.datetime.now(dt.timezone.utc)
    enrolment = Enrolment(orderer_id, fields.pop("accepts_from", dt.date(2026, 4, 1)),
                          tuple(fields.pop("kinds", ("advance_payment",))), **fields)
    registry_seed.write_enrolment(store, enrolment, now, audit.setup_actor("tests"))


def listed_body(body_id: str):
    from devtools import public_bodies
    return next(b for b in public_bodies.national_list() if b.id == body_id)


def add_body(store, body) -> None:
    from chalicelib.domain import audit
    entry = audit.next_entry(store.audit.head(), dt.datetime.now(dt.timezone.utc), audit.setup_actor("tests"),
                             "bodies.import", "bodies", {"count": 1})
    store.registry.put_bodies([body], entry)


def test_the_list_names_the_enrolled_orderers_compactly_in_code_order(api):
    response = api.get(LIST[0])
    body = check_response(response, *LIST, 200)
    assert response.headers["Cache-Control"] == "public, max-age=60"
    by_id = {o["id"]: o for o in body["orderers"]}
    saku = by_id["202177"]
    assert saku == {"id": "202177", "written_name": "長野県佐久市", "name": "佐久市", "kana": "さくし",
                    "prefecture": "長野県", "category": "municipality", "accepts_from": "2024-07-01",
                    "kinds": ["advance_payment", "interim_advance_payment", "contract", "performance_bond",
                              "performance_insurance", "bank_guarantee"],
                    "scope": "佐久市が電子保証の利用を認めた工事・業務委託", "paper_still_accepted": True,
                    "suspended": False, "accepts_submissions": True}
    # 電子提出 only where the orderer's administrator turned it on (長野県 has not): named only then.
    assert "accepts_submissions" not in by_id["200000"]
    # A prefecture is written once (長野県), a national body without one (関東地方整備局).
    assert by_id["200000"]["written_name"] == "長野県"
    assert (by_id["mlit-kanto"]["written_name"], by_id["mlit-kanto"]["category"]) == ("関東地方整備局", "national")
    ids = [o["id"] for o in body["orderers"]]
    local = [i for i in ids if i.isdigit()]
    assert ids == sorted(local) + [i for i in ids if not i.isdigit()]
    assert body["kind_labels"]["interim_advance_payment"] == "中間前払金保証"
    assert body["category_labels"]["national"] == "国の機関"
    for secret in SECRET_OF_STAFF:
        assert secret not in response.body.decode("utf-8"), secret


def test_one_orderers_page_says_what_it_accepts_and_whom_to_ask(api):
    response = api.get("/v1/orderers/202177")
    orderer = check_response(response, *ONE, 200)["orderer"]
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert orderer["written_name"] == "長野県佐久市"
    assert orderer["accepts_from_label"] == "2024年7月1日"
    assert orderer["kind_labels"] == ["前払金保証", "中間前払金保証", "契約保証", "公共工事履行保証証券", "履行保証保険",
                                      "銀行等の保証"]
    assert orderer["category_label"] == "市町村"
    assert orderer["accepts_submissions"] is True
    assert check_response(api.get("/v1/orderers/200000"), *ONE, 200)["orderer"]["accepts_submissions"] is False
    assert orderer["contact"] == {"department": "総務部 契約検査課", "phone": "0267-62-2111"}
    assert (orderer["successor"], orderer["predecessors"], orderer["abolished_on"]) == (None, [], None)
    for secret in SECRET_OF_STAFF:
        assert secret not in response.body.decode("utf-8"), secret
    national = check_response(api.get("/v1/orderers/mlit-kanto"), *ONE, 200)["orderer"]
    assert (national["category_label"], national["body_type"], national["prefecture"]) == ("国の機関", "国土交通省", "")


@pytest.mark.parametrize("orderer_id", [
    "202029",        # 松本市: in the national list, not enrolled
    "202178",        # a wrong check digit
    "999999",        # no such code
    "mlit-nowhere",  # an own id nobody has
    "MLIT-KANTO",    # ids are lower case
    "2021770",       # seven digits
    "%E4%BD%90%E4%B9%85",  # 佐久, as a path carries it
    "a" * 300,
])
def test_an_orderer_not_enrolled_or_no_id_at_all_is_one_404(api, orderer_id):
    response = api.get(f"/v1/orderers/{orderer_id}")
    body = check_response(response, *ONE, 404)
    assert body["error"]["code"] == "orderer_not_found"
    assert body["error"]["message"] == "この発注者は、電子保証の対応先として登録されていません。"
    assert response.headers["Cache-Control"] == "no-store"


def test_an_orderer_enrolled_in_the_store_is_listed_at_the_next_request(api, fresh):
    before = api.get(LIST[0]).json_body["orderers"]
    assert "202029" not in {o["id"] for o in before}
    assert api.get("/v1/orderers/202029").status_code == 404
    add_body(fresh, listed_body("202029"))
    enrol(fresh, "202029", accepts_from=dt.date(2027, 4, 1), kinds=("contract",), scope="松本市の建設工事",
          paper_still_accepted=False, contact={"department": "財政部 契約課"})
    after = check_response(api.get(LIST[0]), *LIST, 200)["orderers"]
    assert len(after) == len(before) + 1
    matsumoto = next(o for o in after if o["id"] == "202029")
    assert (matsumoto["written_name"], matsumoto["accepts_from"], matsumoto["paper_still_accepted"]) == (
        "長野県松本市", "2027-04-01", False)
    page = check_response(api.get("/v1/orderers/202029"), *ONE, 200)["orderer"]
    assert (page["accepts_from_label"], page["kind_labels"], page["contact"]) == (
        "2027年4月1日", ["契約保証"], {"department": "財政部 契約課"})


def test_a_suspended_orderer_stays_listed_as_suspended_and_a_merged_one_points_at_its_successor(api, fresh):
    from chalicelib.domain.orderers import PublicBody
    add_body(fresh, listed_body("mlit-kinki"))
    enrol(fresh, "mlit-kinki", suspended=True, suspension_reason="システム更新のため")
    add_body(fresh, PublicBody("kaku-old", "旧架空町", "きゅうかくうちょう", "長野県", "other", body_type="その他",
                               abolished_on=dt.date(2026, 10, 1), succeeded_by="202177"))
    enrol(fresh, "kaku-old")
    saku = fresh.registry.body("202177")
    add_body(fresh, dataclasses.replace(saku, predecessors=("kaku-old",)))
    listed = {o["id"]: o for o in check_response(api.get(LIST[0]), *LIST, 200)["orderers"]}
    assert listed["mlit-kinki"]["suspended"] is True
    assert "kaku-old" not in listed  # abolished: its successor is listed instead
    old = check_response(api.get("/v1/orderers/kaku-old"), *ONE, 200)["orderer"]
    assert old["successor"] == {"id": "202177", "written_name": "長野県佐久市"}
    assert old["abolished_on"] == "2026-10-01"
    new = check_response(api.get("/v1/orderers/202177"), *ONE, 200)["orderer"]
    assert new["predecessors"] == [{"id": "kaku-old", "written_name": "長野県旧架空町"}]
    assert "システム更新" not in api.get("/v1/orderers/mlit-kinki").body.decode("utf-8")


def test_the_issuers_are_the_registered_issuers_by_type_with_their_instruments_and_branches(api, fresh):
    from devtools.demo import seed_issuers
    assert seed_issuers() == 6
    assert seed_issuers() == 0  # as the file says already: nothing written again
    response = api.get(ISSUERS[0])
    issuers = check_response(response, *ISSUERS, 200)["issuers"]
    assert response.headers["Cache-Control"] == "public, max-age=60"
    by_name = {i["name"]: i for i in issuers}
    east = by_name["東日本建設業保証株式会社"]
    assert east["head_office"] == "東京都中央区八丁堀二丁目27番10号"
    assert east["representative"] == "取締役社長"
    branches = {b["id"]: b for b in east["branches"]}
    assert branches["nagano"]["department"] == "長野支店"
    assert by_name["西日本建設業保証株式会社"]["head_office"] == "大阪府大阪市西区立売堀二丁目1番2号"
    # Each issuer says what it is and which instruments it issues, in the paper's words.
    assert [(i["name"], i["issuer_type_label"], i["kind_labels"]) for i in issuers if i["id"] in {
        "demo-surety", "tokio-marine-nichido", "sompo-japan", "hachijuni-nagano-bank"}] == [
        ("東日本建設業保証株式会社", "保証事業会社", ["前払金保証", "中間前払金保証", "契約保証"]),
        ("損害保険ジャパン株式会社", "損害保険会社", ["公共工事履行保証証券", "履行保証保険"]),
        ("東京海上日動火災保険株式会社", "損害保険会社", ["公共工事履行保証証券", "履行保証保険"]),
        ("株式会社八十二長野銀行", "銀行等", ["銀行等の保証"])]
    # By type (保証事業会社, 損害保険会社, 銀行等: the page's groups), by name within a type.
    types = [i["issuer_type"] for i in issuers]
    assert types == sorted(types, key=["surety_company", "insurer", "bank"].index)
    assert {"surety_company", "insurer", "bank"} <= set(types)
    for issuer_type in set(types):
        names = [i["name"] for i in issuers if i["issuer_type"] == issuer_type]
        assert names == sorted(names)
    assert "token" not in response.body.decode("utf-8").lower()


def test_an_earlier_runs_enrolments_get_the_new_kinds_in_one_audited_change_each(wiring):
    """`make run` on a database of an earlier version: 佐久市 and 長野県 enrolled for the three kinds
    of 保証事業会社 are brought up to data/demo_enrolments.json's six, through the operator's
    change (revision, history, audit entry by the setup actor); the others are left as they were,
    and a second run writes nothing."""
    from chalicelib import bootstrap
    from chalicelib.adapters import clock
    from chalicelib.adapters.memory import MemoryStore
    from chalicelib.usecases.common import dependencies
    from devtools import registry_seed

    old = ["advance_payment", "interim_advance_payment", "contract"]
    earlier = [{**e, "kinds": old} if e["orderer_id"] in ("202177", "200000") else e
               for e in registry_seed.demo_enrolments()]
    own = bootstrap.Wiring(MemoryStore(clock.now))
    registry_seed.seed(own.store, own.clock.now(), everything=False, enrolments=earlier)
    untouched = {e["orderer_id"]: own.store.registry.enrolment(e["orderer_id"]) for e in earlier}
    dependencies.install(own)
    try:
        head = own.store.audit.head().seq
        assert registry_seed.add_missing_kinds() == ["202177", "200000"]
        wanted = {e["orderer_id"]: tuple(e["kinds"]) for e in registry_seed.demo_enrolments()}
        for orderer_id in ("202177", "200000"):
            enrolment = own.store.registry.enrolment(orderer_id)
            assert enrolment.kinds == wanted[orderer_id]
            assert "bank_guarantee" in enrolment.kinds and enrolment.revision == 2
            assert enrolment.changed_by == {"kind": "setup", "id": "demo data"}
            assert own.store.registry.history(orderer_id)[-1]["action"] == "orderer.change"
        entries = own.store.audit.after(head, 10)
        assert [(e.action, e.target, e.actor["kind"]) for e in entries] == [
            ("orderer.change", "orderer:202177", "setup"), ("orderer.change", "orderer:200000", "setup")]
        assert entries[0].details["changes"]["kinds"] == [old, list(wanted["202177"])]
        for orderer_id, before in untouched.items():
            if orderer_id not in ("202177", "200000"):
                assert own.store.registry.enrolment(orderer_id) == before
        after = own.store.audit.head()
        assert registry_seed.add_missing_kinds() == []
        assert own.store.audit.head() == after
    finally:
        dependencies.install(wiring)


def test_at_full_size_every_body_enrolled_the_list_answers_and_stays_small(api, fresh):
    """All 1,804 bodies of the national list enrolled: the route answers in one read of each
    kind, and the list a phone downloads stays small once compressed (as CloudFront sends it)."""
    from devtools import public_bodies, registry_seed

    registry_seed.enrol_every_body(fresh, dt.datetime.now(dt.timezone.utc))
    started = time.perf_counter()
    response = api.get(LIST[0])
    elapsed = time.perf_counter() - started
    body = check_response(response, *LIST, 200)
    assert len(body["orderers"]) == len(public_bodies.national_list()) == 1804
    raw = response.body if isinstance(response.body, bytes) else response.body.encode("utf-8")
    compressed = len(gzip.compress(raw, compresslevel=6))
    # Measured: about 360 bytes an orderer as sent (650 KB), 48 KB compressed: a phone's download.
    assert len(raw) < 1804 * 400, len(raw)
    assert compressed < 64_000, compressed
    assert elapsed < 2.0, elapsed
    assert json.loads(raw)["orderers"][0]["id"] == "010006"  # 北海道 first, in code order
