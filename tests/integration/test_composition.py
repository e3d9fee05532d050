"""The composition root (chalicelib/bootstrap.py): importing the app reads no setting and
builds nothing, and a cold start that only verifies loads only what verifying needs."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

API = Path(__file__).resolve().parents[2] / "api"


def _fresh(script: str, env: dict[str, str]) -> dict:
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=API,
                         env=env)
    return json.loads(out.stdout)


def test_importing_the_app_reads_no_setting_and_loads_no_store_or_document_code():
    # No PORTAL_* variable at all: before, importing the store read the table name and endpoint.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "AWS_"))}
    found = _fresh(
        "import json, sys\n"
        "import app\n"
        "from chalicelib.adapters import config\n"
        "print(json.dumps({'settings_read': config.settings.cache_info().currsize,\n"
        "  'loaded': sorted(m for m in ('pynamodb', 'boto3', 'reportlab', 'pyhanko', 'chalicelib.adapters.dynamodb',\n"
        "                               'chalicelib.adapters.memory', 'chalicelib.adapters.mail',\n"
        "                               'chalicelib.adapters.signing') if m in sys.modules)}))\n", env)
    assert found == {"settings_read": 0, "loaded": []}


def test_a_verification_on_the_installed_store_loads_only_the_verifying_ports():
    """The same wiring on the in-memory store: a verification builds the guarantees and events
    ports, never the webhook, outbox or staff ones, and imports no PDF or mail code."""
    env = {**os.environ, "PORTAL_PEPPER": "ab" * 32}
    found = _fresh(
        "import json, sys\n"
        "from chalicelib import bootstrap\n"
        "from chalicelib.adapters import clock\n"
        "from chalicelib.adapters.memory import MemoryStore\n"
        "wiring = bootstrap.install(MemoryStore(clock.now))\n"
        "from chalicelib.domain.errors import NotFound\n"
        "from chalicelib.domain import authkey\n"
        "from chalicelib.usecases import verify_guarantee\n"
        "try:\n"
        "    verify_guarantee.verify({'contract_number': 'T-0123456789AB', 'auth_key': authkey.display(authkey.generate())},\n"
        "                            '192.0.2.1')\n"
        "except Exception as e:\n"
        "    outcome = type(e).__name__\n"
        "print(json.dumps({'outcome': outcome, 'built': sorted(k for k in vars(wiring) if not k.startswith('_')),\n"
        "  'ports': sorted(k for k in vars(wiring.store) if not k.startswith('_')),\n"
        "  'loaded': sorted(m for m in ('reportlab', 'pyhanko', 'chalicelib.adapters.mail',\n"
        "                               'chalicelib.adapters.webhook_sender', 'chalicelib.adapters.documents')\n"
        "                   if m in sys.modules)}))\n", env)
    assert found["loaded"] == []
    assert "documents" not in found["built"] and "mail" not in found["built"] and "webhook_sender" not in found["built"]
    assert found["outcome"] == "NotFound"  # a wrong key: read, counted, answered
    assert {"guarantees", "counters"} <= set(found["ports"])
    assert not {"webhooks", "outbox", "staff", "ledger", "signing_keys"} & set(found["ports"]), found["ports"]


def test_a_verification_on_dynamodb_loads_only_the_verifying_adapter_modules(dynamodb):
    """The product's wiring on the real table (the session's DynamoDB Local, which the
    environment names): a cold verification imports the DynamoDB modules of the ports it
    reads, never those of the webhooks, outbox, staff, ledger or signing keys, nor PDF or mail code."""
    found = _fresh(
        "import json, sys\n"
        "from chalicelib import bootstrap\n"
        "bootstrap.install()\n"
        "from chalicelib.domain import authkey\n"
        "from chalicelib.usecases import verify_guarantee\n"
        "try:\n"
        "    verify_guarantee.verify({'contract_number': 'T-0123456789AB', 'auth_key': authkey.display(authkey.generate())},\n"
        "                            '192.0.2.1')\n"
        "except Exception as e:\n"
        "    outcome = type(e).__name__\n"
        "print(json.dumps({'outcome': outcome,\n"
        "  'dynamodb': sorted(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('chalicelib.adapters.dynamodb.')),\n"
        "  'loaded': sorted(m for m in ('reportlab', 'pyhanko', 'chalicelib.adapters.mail',\n"
        "                               'chalicelib.adapters.webhook_sender', 'chalicelib.adapters.documents')\n"
        "                   if m in sys.modules)}))\n", dict(os.environ))
    assert found["outcome"] == "NotFound" and found["loaded"] == []
    assert {"guarantees", "counters"} <= set(found["dynamodb"])
    assert not {"webhooks", "outbox", "staff", "ledger", "signing_keys", "migrations", "lifecycle"} & set(found["dynamodb"]), \
        found["dynamodb"]
