"""Which store a test's use cases run on, as autouse fixtures: imported by the conftest.py of
each folder whose tests reach the use cases (not tests/unit, which is pure and uses none).

DynamoDB Local when the test is marked ``dynamodb`` or uses the ``dynamodb`` fixture (directly
or through ``portal_url``: a real server, threads, the browser tests); the in-memory store
otherwise. PORTAL_TEST_STORE=dynamodb runs every test on DynamoDB Local (the behaviour on the
fakes and on the real engine is one: tests/contract holds them to it; this checks it end to end).
"""
from __future__ import annotations

import os

import pytest
from support import TEST_ISSUERS, TEST_SURETY_ID, TEST_SURETY_NAME

ALL_ON_DYNAMODB = os.environ.get("PORTAL_TEST_STORE") == "dynamodb"


def needs_engine(item) -> bool:
    return ALL_ON_DYNAMODB or item.get_closest_marker("dynamodb") is not None or \
        "dynamodb" in getattr(item, "fixturenames", ())


def once(wiring, name: str, make):
    """``make()`` once per store: what a session keeps (a registered surety) exists in each."""
    kept = wiring.__dict__.setdefault("_kept_by_tests", {})
    if name not in kept:
        kept[name] = make()
    return kept[name]


def _install(request, engine: bool):
    from chalicelib.usecases.common import dependencies
    chosen = request.getfixturevalue("dynamodb_wiring" if engine else "memory_wiring")
    dependencies.install(chosen)
    token_id, secret, _ = request.getfixturevalue("_test_token")
    issuer_tokens = request.getfixturevalue("_issuer_tokens")

    def register() -> None:
        from chalicelib.adapters import keyed_hash
        from chalicelib.domain import tokens
        from chalicelib.usecases import sureties
        from chalicelib.domain import audit

        def give_token(surety_id: str, token_id: str, secret: str) -> None:
            sureties.audited(lambda entry: chosen.store.sureties.put_token(
                token_id, surety_id, keyed_hash.token_secret(secret), list(tokens.SCOPES), "tests", entry),
                audit.setup_actor("tests"), "token.issue", f"token:{token_id}", {"surety_id": surety_id})
        sureties.register(TEST_SURETY_ID, TEST_SURETY_NAME)
        give_token(TEST_SURETY_ID, token_id, secret)
        for issuer_type, (surety_id, name) in TEST_ISSUERS.items():
            sureties.register(surety_id, name, {"department": "公務部", "phone": "03-0000-0000"},
                              representative="取締役社長", head_office="東京都千代田区", issuer_type=issuer_type)
            issuer_token_id, issuer_secret, _ = issuer_tokens[issuer_type]
            give_token(surety_id, issuer_token_id, issuer_secret)

    def enrol() -> None:
        from devtools import registry_seed
        registry_seed.seed(chosen.store, chosen.clock.now(), everything=False)
    once(chosen, "registry", enrol)
    once(chosen, "test surety", register)
    return chosen


@pytest.fixture(scope="module", autouse=True)
def module_wiring(request):
    """For a module's own fixtures (made before its first test): DynamoDB Local when every
    test of the module needs it, the in-memory store otherwise."""
    items = [item for item in request.session.items if item.module is request.module]
    return _install(request, bool(items) and all(needs_engine(item) for item in items))


@pytest.fixture(autouse=True)
def wiring(request, module_wiring):
    """The dependencies every use case reaches during this test."""
    return _install(request, needs_engine(request.node))


@pytest.fixture
def store(wiring):
    """The store this test runs on (ports.storage.Store)."""
    return wiring.store
