"""Shared fixtures: a real DynamoDB Local (in memory, own port), the Chalice app on it,
a registered test surety, and the whole portal (built site + API) on a local port.

The environment is set here, at import, because PynamoDB reads Meta.host and
Meta.table_name when the store module is imported.
"""
from __future__ import annotations

import os
import secrets
import subprocess
import tempfile
import sys
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

from devtools.dynamodb_local import DynamoDBLocal, free_port  # noqa: E402
from devtools.localenv import use_local_environment  # noqa: E402
from support import TEST_SURETY_ID, TEST_SURETY_NAME, guarantee_request, issue_headers, post_json  # noqa: E402

_DYNAMODB_PORT = free_port()
use_local_environment(table_name=f"test-{uuid.uuid4().hex[:8]}", dynamodb_port=_DYNAMODB_PORT,
                      site_url="http://127.0.0.1:8000", pepper=secrets.token_hex(32),
                      outbox_dir=tempfile.mkdtemp(prefix="portal-outbox-"))
# Every test shares one client address: its own limit would trip across unrelated tests.
# The brute-force tests set the limits they exercise.
os.environ["PORTAL_LIMIT_PER_CLIENT"] = "100000"
# The whole session signs in from one address: the per-client sign-in limits have their own test.
os.environ["PORTAL_SIGNIN_REQUESTS_PER_CLIENT"] = "100000"
os.environ["PORTAL_SIGNIN_WRONG_PER_CLIENT"] = "100000"


@pytest.fixture(scope="session")
def dynamodb():
    with DynamoDBLocal(port=_DYNAMODB_PORT) as engine:
        from chalicelib.adapters import store
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
    from chalicelib.usecases import sureties
    sureties.register(TEST_SURETY_ID, TEST_SURETY_NAME)
    from chalicelib.domain import tokens
    return sureties.create_token(TEST_SURETY_ID, list(tokens.SCOPES), label="tests")[1]


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


def pytest_collection_modifyitems(config, items):
    """Browser tests last: Playwright's sync API keeps an event loop running in the main
    thread for as long as its session-wide browser lives, and code that calls asyncio.run()
    (pyHanko's signer and validator) cannot run inside it."""
    items.sort(key=lambda item: "/e2e/" in str(item.path).replace("\\", "/"))
