"""The operator CLI (devtools/operator.py) against a real local server (devtools.server, the
app over HTTP, the test's store), signing each request with botocore's SigV4Auth and the local
key file that `make run` creates (ensure_local_operator_key)."""
from __future__ import annotations

import json
import os
import stat
import uuid

import pytest

from devtools import operator as cli
from support import current_store


@pytest.fixture(scope="module")
def local_key(tmp_path_factory):
    before = os.environ.get("PORTAL_OPERATOR_LOCAL_KEYS")
    folder = tmp_path_factory.mktemp("local")
    named = cli.ensure_local_operator_key(folder)
    yield named
    if before is None:
        os.environ.pop("PORTAL_OPERATOR_LOCAL_KEYS", None)
    else:
        os.environ["PORTAL_OPERATOR_LOCAL_KEYS"] = before


@pytest.fixture(scope="module")
def server(tmp_path_factory, local_key):
    from app import app
    from devtools.server import PortalServer
    with PortalServer(tmp_path_factory.mktemp("site"), port=0, app=app) as running:
        yield running


def run(server, local_key, *argv: str) -> tuple[int, str]:
    out: list[str] = []
    code = cli.main(["--api", f"{server.url}/api", "--local", "--key-file", local_key["operator_keys_file"], *argv], say=out.append)
    return code, "\n".join(out)


def test_the_local_key_is_made_once_owner_only_and_named_for_demo_json(tmp_path):
    first = cli.ensure_local_operator_key(tmp_path)
    path = tmp_path / "operator-keys.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    keys = json.loads(path.read_text(encoding="utf-8"))
    assert list(keys) == [first["operator_access_key_id"]] and len(keys[first["operator_access_key_id"]]["secret_access_key"]) >= 40
    assert os.environ["PORTAL_OPERATOR_LOCAL_KEYS"] == str(path) == first["operator_keys_file"]
    assert "secret" not in json.dumps(first)  # demo.json names the credential; the secret stays in the file
    assert cli.ensure_local_operator_key(tmp_path) == first  # kept across runs


def test_the_cli_enrols_and_changes_an_orderer_over_http(server, local_key):
    from devtools import public_bodies
    store = current_store()
    body = next(b for b in public_bodies.national_list()
                if b.prefecture == "青森県" and b.category == "municipality" and store.registry.body(b.id) is None)
    code, _ = run(server, local_key, "bodies", "add", "--id", f"cli-{uuid.uuid4().hex[:6]}", "--name", "CLI 試験組合",
                  "--category", "other", "--body-type", "一部事務組合")
    assert code == 0
    # bring the body in as `bodies import` does, but for one body (the whole list is another test's size)
    client = cli.Client(f"{server.url}/api", cli.local_credentials(local_key["operator_keys_file"]), "ap-northeast-1")
    client.call("POST", "/v1/operator/bodies/imports", {"bodies": [{"id": body.id, "name": body.name, "kana": body.kana,
                                                                     "prefecture": body.prefecture, "category": body.category}]})
    staff_domain = f"cli{uuid.uuid4().hex[:8]}.example.lg.jp"
    code, out = run(server, local_key, "orderer", "enrol", body.id, "--from", "2025-10-01", "--kind", "contract",
                    "--domain", staff_domain, "--department", "財政課", "--contact-phone", "0172-00-0000")
    assert code == 0, out
    assert json.loads(out)["enrolment"]["revision"] == 1
    code, out = run(server, local_key, "orderer", "change", body.id, "--kind", "contract", "--kind", "advance_payment")
    assert code == 0, out
    assert store.registry.enrolment(body.id).kinds == ("contract", "advance_payment")
    code, out = run(server, local_key, "orderer", "admins", body.id, f"kanri@{staff_domain}")
    assert code == 0, out
    [entry], _ = store.audit.page(1, None)
    assert entry.action == "orderer.administrators" and entry.actor == {
        "kind": "operator", "id": local_key["operator_name"], "via": "local-sigv4"}
    code, out = run(server, local_key, "orderer", "enrol", body.id, "--from", "2025-10-01", "--kind", "contract")
    assert code == 1  # already enrolled: refused, said on stderr
    code, out = run(server, local_key, "audit", "verify")
    assert code == 0 and "正しく" in out


def test_the_cli_registers_a_surety_and_issues_and_revokes_its_token(server, local_key, capsys):
    surety_id = f"cli-{uuid.uuid4().hex[:8]}"
    code, out = run(server, local_key, "surety", "add", surety_id, "CLI テスト保証株式会社", "--department", "本店",
                    "--representative", "代表取締役 試験 太郎", "--branch", "aomori:department=青森支店,phone=017-000-0000")
    assert code == 0 and "registered" in out
    assert current_store().sureties.get(surety_id).branches == {"aomori": {"department": "青森支店", "phone": "017-000-0000"}}
    code, out = run(server, local_key, "token", "create", surety_id, "--scope", "read", "--label", "cli")
    assert code == 0
    token_id = out.splitlines()[0].split()[-1]
    token = out.splitlines()[1].split()[-1]
    assert token.startswith(f"egp_{token_id}_")
    code, listed = run(server, local_key, "token", "list", surety_id)
    assert code == 0 and token_id in listed and token.rsplit("_", 1)[1] not in listed
    code, out = run(server, local_key, "token", "revoke", token_id)
    assert code == 0 and current_store().sureties.get_token(token_id).revoked


def test_the_cli_registers_an_insurer_and_a_bank_and_lists_their_type(server, local_key):
    insurer, bank = f"cli-ins-{uuid.uuid4().hex[:6]}", f"cli-bank-{uuid.uuid4().hex[:6]}"
    code, out = run(server, local_key, "surety", "add", insurer, "CLI テスト損害保険株式会社", "--issuer-type", "insurer",
                    "--department", "公共工事保証課")
    assert code == 0, out
    assert "損害保険会社（insurer）" in out and "公共工事履行保証証券・履行保証保険" in out
    code, out = run(server, local_key, "surety", "add", bank, "株式会社CLIテスト銀行", "--issuer-type", "bank")
    assert code == 0, out
    assert (current_store().sureties.get(insurer).issuer_type, current_store().sureties.get(bank).issuer_type) == (
        "insurer", "bank")
    code, out = run(server, local_key, "surety", "list")
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("cli-")}
    assert "銀行等（bank）" in lines[bank] and "銀行等の保証" in lines[bank]
    code, out = run(server, local_key, "surety", "show", insurer)
    assert code == 0 and json.loads(out.split("\n", 1)[1])["issuer_type"] == "insurer"
    # A change without --issuer-type keeps the type; another type is refused (nothing written).
    code, out = run(server, local_key, "surety", "change", bank, "株式会社CLIテスト銀行", "--department", "佐久支店")
    assert code == 0 and "銀行等（bank）" in out
    head = current_store().audit.head()
    code, out = run(server, local_key, "surety", "change", bank, "株式会社CLIテスト銀行", "--issuer-type", "insurer")
    assert code == 1
    assert current_store().audit.head() == head and current_store().sureties.get(bank).issuer_type == "bank"


def test_the_cli_offers_every_kind_and_issuer_type():
    from chalicelib.domain.instruments import ISSUER_TYPES, KINDS
    with pytest.raises(SystemExit):
        cli.parser().parse_args(["surety", "add", "x-y-z", "名", "--issuer-type", "credit_union"])
    for issuer_type in ISSUER_TYPES:
        assert cli.parser().parse_args(["surety", "add", "x-y-z", "名", "--issuer-type", issuer_type]).issuer_type == issuer_type
    args = cli.parser().parse_args(["orderer", "enrol", "202177", "--from", "2025-04-01",
                                    *[a for kind in KINDS for a in ("--kind", kind)]])
    assert args.kinds == list(KINDS)


def test_a_wrong_key_is_refused_by_the_server(server, local_key, tmp_path):
    wrong = tmp_path / "keys.json"
    wrong.write_text(json.dumps({local_key["operator_access_key_id"]: {"secret_access_key": "not-the-secret"}}))
    out: list[str] = []
    assert cli.main(["--api", f"{server.url}/api", "--local", "--key-file", str(wrong), "orderer", "list"], say=out.append) == 1


@pytest.fixture
def empty_store():
    """A store of its own: the whole national list is not left in the session's."""
    from chalicelib import bootstrap
    from chalicelib.adapters import clock
    from chalicelib.adapters.memory import MemoryStore
    from chalicelib.usecases.common import dependencies
    before = dependencies.get()
    wiring = bootstrap.install(MemoryStore(clock.now))
    yield wiring.store
    dependencies.install(before)


def test_bodies_import_sends_only_what_differs_in_batches(local_key, api, empty_store):
    """Through the test client (the whole national list over HTTP would only be slower): the
    real signature, the real routes, every body of the list."""
    from devtools import public_bodies

    def transport(method, url, headers, body):
        path = url.split("://", 1)[1].split("/", 1)[1]
        response = api.request(method, "/" + path, headers={**headers, "Host": headers["Host"]}, body=body)
        return response.status_code, response.body

    client = cli.Client("http://localhost", cli.local_credentials(local_key["operator_keys_file"]), "ap-northeast-1",
                        transport)
    store = empty_store
    everything = public_bodies.national_list()
    said: list[str] = []
    totals = cli.import_bodies(client, said.append)
    assert totals["added"] == len(everything) == 1804 and totals["batches"] == -(-len(everything) // cli.BATCH)
    assert [b.id for b in store.registry.bodies()] == sorted(b.id for b in everything)
    assert store.registry.body("131016").name == "千代田区" and store.registry.body("mlit-kanto") is not None
    assert len(store.audit.after(0, 100)) == totals["batches"]  # one audit entry per batch
    assert cli.import_bodies(client, said.append) == {"added": 0, "changed": 0, "batches": 0}  # nothing differs now
