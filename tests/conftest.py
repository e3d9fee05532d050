"""Shared fixtures: the portal's use cases wired (chalicelib/bootstrap.py) either to the
in-memory store (no Java: the default) or to a real DynamoDB Local (in memory, own port) for
the tests that need a real engine; the Chalice app on whichever is installed; a registered
test surety per store; and the whole portal (built site + API) on a local port.

Which store a test runs on is tests/store_wiring.py's (autouse fixtures that the conftest.py of
each folder reaching the use cases imports; tests/unit uses none): DynamoDB Local when it is
marked ``dynamodb`` or uses the ``dynamodb`` fixture (directly or through ``portal_url``: a real
server, threads, the browser tests); the in-memory store otherwise. Nothing in the product reads
its settings at import,
so the session's environment (one stage's configuration: a pepper, a signing folder, a mail
folder, generous limits) is set when pytest starts, not before some import.
"""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from devtools.dynamodb_local import DynamoDBLocal, free_port
from devtools.localenv import use_local_environment
from support import (
    OUTBOX,
    guarantee_request,
    issue_headers,
    post_json,
)

REPO = Path(__file__).resolve().parents[1]
_DYNAMODB_PORT = free_port()


def pytest_configure(config):
    config.addinivalue_line("markers", "dynamodb: needs DynamoDB Local, a real engine (conditional writes racing, "
                                       "transactions under concurrency, threads on a real server, the stored items)")
    use_local_environment(table_name=f"test-{uuid.uuid4().hex[:8]}", dynamodb_port=_DYNAMODB_PORT,
                          site_url="http://127.0.0.1:8000", pepper=secrets.token_hex(32), outbox_dir=str(OUTBOX))
    # Every test shares one client address: its own limit would trip across unrelated tests.
    # The brute-force tests set the limits they exercise.
    os.environ["PORTAL_LIMIT_PER_CLIENT"] = "100000"
    # The whole session signs in from one address: the per-client sign-in limits have their own test.
    os.environ["PORTAL_SIGNIN_REQUESTS_PER_CLIENT"] = "100000"
    os.environ["PORTAL_SIGNIN_WRONG_PER_CLIENT"] = "100000"


# ---- the stores --------------------------------------------------------------------------

@pytest.fixture(scope="session")
def dynamodb():
    with DynamoDBLocal(port=_DYNAMODB_PORT) as engine:
        yield engine


@pytest.fixture(scope="session")
def dynamodb_wiring(dynamodb):
    """The product's wiring, on the session's table in DynamoDB Local."""
    from chalicelib import bootstrap
    wiring = bootstrap.Wiring()
    wiring.store.ensure_table()
    return wiring


@pytest.fixture(scope="session")
def memory_wiring():
    """The product's wiring on the in-memory store (one for the session, as the table is)."""
    from chalicelib import bootstrap
    from chalicelib.adapters import clock
    from chalicelib.adapters.memory import MemoryStore
    return bootstrap.Wiring(MemoryStore(clock.now))


@pytest.fixture(scope="session")
def _test_token():
    from chalicelib.domain import tokens
    return tokens.generate()  # (token id, secret, token): registered in each store when first used


# ---- the API -----------------------------------------------------------------------------

@pytest.fixture(scope="session")
def api(tmp_path_factory):
    """Chalice's test client on the real app (no .chalice config: env comes from above); it
    serves on whichever store the test has installed."""
    from app import app
    from chalice.test import Client
    with Client(app, project_dir=str(tmp_path_factory.mktemp("chalice"))) as client:
        yield client.http


@pytest.fixture(scope="session")
def _issuer_tokens():
    from chalicelib.domain import tokens
    from support import TEST_ISSUERS
    return {issuer_type: tokens.generate() for issuer_type in TEST_ISSUERS}


@pytest.fixture(scope="session")
def issuer_tokens(surety_token, _issuer_tokens) -> dict[str, str]:
    """A token of each of the session's issuers by issuer type (surety_company: the test surety;
    insurer, bank: support.TEST_ISSUERS), with every scope."""
    return {"surety_company": surety_token, **{t: generated[2] for t, generated in _issuer_tokens.items()}}


@pytest.fixture(scope="session")
def token_for_kind(issuer_tokens):
    """The token of the session's issuer that may issue ``kind``."""
    from chalicelib.domain.instruments import INSTRUMENTS
    return lambda kind: issuer_tokens[INSTRUMENTS[kind].issuer_type]


@pytest.fixture(scope="session")
def issue_instrument(api, token_for_kind):
    """Issue a guarantee of any kind (support.guarantee_request's body for it, with overrides)
    as the session's issuer of that kind's type; returns the 201 body."""
    def issue(kind: str, **overrides) -> dict:
        response = post_json(api, "/v1/guarantees", guarantee_request(kind=kind, **overrides),
                             issue_headers(token_for_kind(kind)))
        assert response.status_code == 201, response.body
        return response.json_body
    return issue


@pytest.fixture(scope="session")
def surety_token(_test_token) -> str:
    """The test surety's token, with every scope (registered in whichever store a test runs on)."""
    return _test_token[2]


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
    # Said on every test that starts DynamoDB Local, so `-m "not dynamodb"` runs without Java: the
    # session's engine (`dynamodb`, also behind `portal_url`), the contract suite's and the
    # DynamoDB adapter tests' own (`contract_engine`, `engine`).
    for item in items:
        if set(getattr(item, "fixturenames", ())) & JAVA_FIXTURES and item.get_closest_marker("dynamodb") is None:
            item.add_marker("dynamodb")


JAVA_FIXTURES = {"dynamodb", "contract_engine", "engine"}
