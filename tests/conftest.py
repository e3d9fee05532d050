"""Shared fixtures: a real DynamoDB Local (in memory, own port), the Chalice app on it,
a registered test surety, and the whole portal (built site + API) on a local port.

The environment is set here, at import, because PynamoDB reads Meta.host and
Meta.table_name when the store module is imported.
"""
from __future__ import annotations

import copy
import datetime as dt
import os
import secrets
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "api"))

from devtools.dynamodb_local import DynamoDBLocal, free_port  # noqa: E402

_DYNAMODB_PORT = free_port()
os.environ.update({
    "PORTAL_TABLE_NAME": f"test-{uuid.uuid4().hex[:8]}",
    "PORTAL_DYNAMODB_ENDPOINT": f"http://127.0.0.1:{_DYNAMODB_PORT}",
    "PORTAL_PEPPER": secrets.token_hex(32),
    "PORTAL_SITE_URL": "http://127.0.0.1:8000",
    "AWS_DEFAULT_REGION": "ap-northeast-1",
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
})
os.environ.pop("PORTAL_PEPPER_FILE", None)

TEST_SURETY_ID = "test-surety"
TEST_SURETY_NAME = "テスト建設業保証株式会社"


@pytest.fixture(scope="session")
def dynamodb():
    with DynamoDBLocal(port=_DYNAMODB_PORT) as engine:
        from chalicelib import store
        store.ensure_table()
        yield engine


@pytest.fixture(scope="session")
def api(dynamodb, tmp_path_factory):
    """Chalice's test client on the real app (no .chalice config: env comes from above)."""
    from chalice.test import Client
    from app import app
    with Client(app, project_dir=str(tmp_path_factory.mktemp("chalice"))) as client:
        yield client.http


@pytest.fixture(scope="session")
def surety_token(dynamodb) -> str:
    from chalicelib import sureties
    sureties.register(TEST_SURETY_ID, TEST_SURETY_NAME)
    return sureties.create_token(TEST_SURETY_ID, label="tests")[1]


def new_contract_number() -> str:
    return f"T-{uuid.uuid4().hex[:12].upper()}"


def guarantee_request(**overrides) -> dict:
    """A valid issuance body for 佐久市, dated from today so it is currently valid;
    top-level keys in overrides replace the defaults."""
    start = dt.date.today()
    works_end = start + dt.timedelta(days=250)
    body = {
        "kind": "advance_payment",
        "contract_number": new_contract_number(),
        "orderer_id": "202177",
        "amount": 22_000_000,
        "guarantee_period": {"start": start.isoformat(),
                             "end": (works_end + dt.timedelta(days=30)).isoformat()},
        "project": {
            "name": "市道岩村田1号線道路改良工事",
            "location": "長野県佐久市岩村田地内",
            "contract_price": 55_000_000,
            "period": {"start": start.isoformat(), "end": works_end.isoformat()},
        },
        "contractor": {
            "name": "浅間建設株式会社",
            "address": "長野県佐久市中込1丁目1番1号",
            "representative": "代表取締役 佐久 太郎",
        },
    }
    body.update(copy.deepcopy(overrides))
    return body


def post_json(api, path: str, body, headers: dict | None = None):
    import json
    return api.post(path, body=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                    headers={"Content-Type": "application/json", **(headers or {})})


def issue_headers(token: str, idempotency_key: str | None = None) -> dict:
    return {"Authorization": f"Bearer {token}", "Idempotency-Key": idempotency_key or str(uuid.uuid4())}


@pytest.fixture(scope="session")
def issue_guarantee(api, surety_token):
    def issue(**overrides) -> dict:
        response = post_json(api, "/v1/guarantees", guarantee_request(**overrides), issue_headers(surety_token))
        assert response.status_code == 201, response.body
        return response.json_body
    return issue


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)],
        cwd=REPO, check=True, env={**os.environ, "PORTAL_API_BASE": "/api"},
    )
    return out


@pytest.fixture(scope="session")
def portal_url(dynamodb, built_site) -> str:
    from devtools.server import PortalServer
    server = PortalServer(built_site, port=0).start()
    yield server.url
    server.stop()
