"""The one-off moves of adapters/dynamodb/migrations.py (run by `devtools.manage data migrate`):
data written the way the portal stored it before December 2026 ends in today's layout, and
running a move again changes nothing."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chalicelib.adapters.dynamodb import migrations
from chalicelib.domain import retention
from chalicelib.usecases.ports.records import ConditionFailed, OutboxMail
from dynamo_support import NOW, SURETY, amend, client, issue, items_of, new_store

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def store(engine):
    return new_store(engine.endpoint)


def _to_the_layout_before_december_2026(store, guarantee_id: str, number: str, key_hashes: list[str]) -> None:
    """Rewrite a guarantee as the portal stored it before numbers were per surety."""
    table, ddb = store.engine.table_name, client(store)
    [state] = [i for i in items_of(store, f"GUAR#{guarantee_id}") if i["sk"]["S"] == "STATE"]
    claim = {k: v for k, v in state.items() if k not in ("pk", "sk", "contract_number")}
    ddb.put_item(TableName=table, Item={**claim, "pk": {"S": f"NUM#{number}"}, "sk": {"S": "CLAIM"},
                                        "guarantee_id": {"S": guarantee_id}})
    ddb.delete_item(TableName=table, Key={"pk": state["pk"], "sk": state["sk"]})
    ddb.delete_item(TableName=table, Key={"pk": {"S": f"NUM#{number}"}, "sk": {"S": f"SURETY#{SURETY}"}})
    for key_hash in key_hashes:
        [key] = items_of(store, f"KEY#{key_hash}")
        old = {k: v for k, v in key.items() if k not in ("pk", "sk", "contract_number")}
        ddb.put_item(TableName=table, Item={**old, "pk": {"S": f"NUM#{number}"}, "sk": {"S": f"KEY#{key_hash}"}})
        ddb.delete_item(TableName=table, Key={"pk": key["pk"], "sk": key["sk"]})


def test_guarantees_stored_before_numbers_were_per_surety_are_moved_and_open_again(store):
    issued = issue(store)
    amended = amend(store, issued)
    gid, number = issued.guarantee_id, issued.contract_number
    _to_the_layout_before_december_2026(store, gid, number, [issued.key_hash, amended.key_hash])
    # As the old layout stands, today's code finds nothing.
    assert store.guarantees.read_for_key(number, issued.key_hash) is None
    assert store.guarantees.get_state(gid) is None

    moved = migrations.migrate_to_keys_by_hash(store)
    assert moved["guarantees"] >= 1 and moved["keys"] >= 2 and moved["failed"] == 0
    opened = [store.guarantees.read_for_key(number, k.key_hash) for k in (issued, amended)]
    assert [match.signed.version.version for match, _ in opened] == [1, 2]
    assert [state.latest_version for _, state in opened] == [2, 2]  # the first version is superseded
    assert store.guarantees.find_guarantee_id(SURETY, number) == gid
    assert not [i for i in items_of(store, f"NUM#{number}")
                if i["sk"]["S"] == "CLAIM" or i["sk"]["S"].startswith("KEY#")]
    assert migrations.migrate_to_keys_by_hash(store) == {"guarantees": 0, "keys": 0, "failed": 0}  # nothing left


def test_a_guarantee_with_more_versions_than_one_transaction_holds_is_moved_too(store):
    issued = issue(store)
    gid, number = issued.guarantee_id, issued.contract_number
    _to_the_layout_before_december_2026(store, gid, number, [issued.key_hash])
    [old_key] = [i for i in items_of(store, f"NUM#{number}") if i["sk"]["S"].startswith("KEY#")]
    for n in range(60):  # as many keys as 60 versions would leave
        client(store).put_item(TableName=store.engine.table_name, Item={**old_key, "sk": {"S": f"KEY#fake{n:03d}"}})
    moved = migrations.migrate_to_keys_by_hash(store)
    assert moved["failed"] == 0 and moved["keys"] >= 61
    assert store.guarantees.find_by_key(number, issued.key_hash).guarantee_id == gid
    assert len(items_of(store, "KEY#fake059")) == 1


def test_before_the_migration_a_surety_cannot_issue_its_old_number_again(store):
    issued = issue(store)
    gid, number = issued.guarantee_id, issued.contract_number
    _to_the_layout_before_december_2026(store, gid, number, [issued.key_hash])
    with pytest.raises(ConditionFailed) as taken:
        issue(store, number=number)
    assert taken.value.what == "contract_number"
    # Another surety's old claim of the number is no obstacle.
    issue(store, number=number, surety_id="other-surety")
    # Read meanwhile, the guarantee has a head but no state (the use case answers 503: retry).
    assert store.guarantees.get_head(gid) is not None and store.guarantees.get_state(gid) is None
    migrations.migrate_to_keys_by_hash(store)
    assert store.guarantees.get_state(gid).guarantee_id == gid


def test_events_from_before_the_feed_are_added_by_the_migration(engine):
    store = new_store(engine.endpoint)  # its own table: the scan sees only this surety's events
    issued = issue(store, surety_id="feed-surety")
    later = (NOW + dt.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    [event] = [i for i in items_of(store, f"GUAR#{issued.guarantee_id}") if i["sk"]["S"].startswith("EVT#")]
    client(store).update_item(TableName=store.engine.table_name, Key={"pk": event["pk"], "sk": event["sk"]},
                              UpdateExpression="REMOVE gsi2pk, gsi2sk")  # as written before
    assert store.events.page_feed("feed-surety", later, 10, None)[0] == []
    assert migrations.index_old_events(store) == 1
    entries, _, _ = store.events.page_feed("feed-surety", later, 10, None)
    assert [(e.guarantee_id, e.event["type"]) for e in entries] == [(issued.guarantee_id, "issued")]
    assert migrations.index_old_events(store) == 0  # again: nothing doubled
    assert len(store.events.page_feed("feed-surety", later, 10, None)[0]) == 1


def test_guarantees_from_before_the_expired_event_get_their_end_day_from_the_migration(store):
    issued = issue(store, surety_id="feed-expiry", end=dt.date(2031, 3, 31))
    end = "2031-03-31"
    client(store).delete_item(TableName=store.engine.table_name,
                              Key={"pk": {"S": f"EXPIRY#{end}"}, "sk": {"S": f"{issued.guarantee_id}#0001"}})
    assert issued.guarantee_id not in {g for g, _, _ in store.expiries.ending_on(end, limit=1000)}
    assert migrations.index_old_expiries(store) >= 1
    assert [(v, s) for g, v, s in store.expiries.ending_on(end, limit=1000) if g == issued.guarantee_id] == \
        [(1, "feed-expiry")]
    assert migrations.index_old_expiries(store) == 0  # again: nothing to add


def test_mails_sent_before_mails_expired_are_given_their_end_by_the_migration(store):
    mail = OutboxMail("m-" + os.urandom(6).hex(), "keiyaku@asama.example", b"Subject: test\r\n\r\nbody")
    issue(store, mail=mail)
    claimed = store.outbox.claim(mail.mail_id, NOW)
    assert claimed == mail
    sent_at = NOW + dt.timedelta(seconds=5)
    store.outbox.mark_sent(mail.mail_id, sent_at, sent_at + retention.SENT_MAIL)
    sent = store.outbox.get(mail.mail_id)
    assert sent.status == "sent" and sent.kept_until == sent_at + retention.SENT_MAIL
    client(store).update_item(TableName=store.engine.table_name,
                              Key={"pk": {"S": f"MAIL#{mail.mail_id}"}, "sk": {"S": "MAIL"}},
                              UpdateExpression="REMOVE expires_at")  # as stored before
    assert store.outbox.get(mail.mail_id).kept_until is None

    assert migrations.expire_old_mails(store, retention.SENT_MAIL, retention.FAILED_MAIL, NOW) >= 1
    assert store.outbox.get(mail.mail_id).kept_until == sent.kept_until  # 30 days after it was sent
    before = store.outbox.get(mail.mail_id)
    migrations.expire_old_mails(store, retention.SENT_MAIL, retention.FAILED_MAIL, NOW)
    assert store.outbox.get(mail.mail_id) == before  # safe to run again


def test_manage_data_migrate_runs_every_move(engine):
    store = new_store(engine.endpoint)
    issued = issue(store)
    _to_the_layout_before_december_2026(store, issued.guarantee_id, issued.contract_number, [issued.key_hash])
    env = {**os.environ, "PORTAL_TABLE_NAME": store.engine.table_name, "PORTAL_DYNAMODB_ENDPOINT": engine.endpoint,
           "AWS_DEFAULT_REGION": "ap-northeast-1", "AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local"}
    run = subprocess.run([sys.executable, "-m", "devtools.manage", "data", "migrate"], cwd=REPO / "api", env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0] == "moved 1 guarantees (1 keys) to the per-surety layout"
    assert len(run.stdout.splitlines()) == 9
    assert "受領台帳 rows from before the register were put in its orders" in run.stdout
    assert "inbox digest marks from before their index were put in it" in run.stdout
    assert store.guarantees.read_for_key(issued.contract_number, issued.key_hash) is not None
    # API 1.8's orderers are enrolled in the registry as its file had them, with the national list,
    # and the guarantees issued before 1.9 are noted, so no change of the operator strands them.
    saku = store.registry.enrolment("202177")
    assert saku is not None and saku.staff_email_domains == ("city.saku.nagano.jp",)
    assert saku.accepts_from == dt.date(2024, 7, 1) and saku.changed_by == {"kind": "setup", "id": "data migrate"}
    assert len(store.registry.bodies()) == 1804
    terms = store.guarantees.get_version(issued.guarantee_id, 1).version.terms
    assert store.registry.issued_before(terms.orderer_id, terms.kind, None)
    again = subprocess.run([sys.executable, "-m", "devtools.manage", "data", "migrate"], cwd=REPO / "api", env=env,
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "0 bodies of the national list" in again.stdout
