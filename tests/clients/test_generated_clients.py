"""A surety's developer generates a client from the OpenAPI document with the common tools,
and it works: openapi-python-client (PyPI) with the settings in clients/ and openapi-typescript
(npm), no warning that drops an operation, a schema or a response; then the generated Python
client runs a surety's and an orderer's whole path against the portal on DynamoDB Local —
issue, verify, amend, read events, sign in and record 受領 as staff, list — every response
parsed into the generated models."""
from __future__ import annotations

import importlib
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from openapi_document import advance_increase
from support import REPO, codes_sent_to, guarantee_request, staff_address

DOCUMENT = REPO / "api" / "chalicelib" / "openapi.yaml"
PYTHON_SETTINGS = REPO / "clients" / "openapi-python-client.yaml"
PACKAGE = "e_guarantee_portal_client"
# What a generator says when it leaves something out of the client.
DROPPED = ("Warning", "WARNING", "Unable to process", "Cannot parse", "will be omitted", "has resulted in the removal")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("python-client") / "client"
    result = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(DOCUMENT),
         "--config", str(PYTHON_SETTINGS), "--output-path", str(out)],
        capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert not [word for word in DROPPED if word in output], output[-4000:]
    # The SDK's own copy of the package (clients/python/src) may be imported already, by a test
    # before this one: set it aside, so that what is tested here is the client just generated,
    # and put it back afterwards, so that the SDK's modules keep the one they were imported with
    # (two copies of the package would hold two different UNSET markers).
    own = {name: sys.modules.pop(name) for name in list(sys.modules) if name == PACKAGE or name.startswith(PACKAGE + ".")}
    sys.path.insert(0, str(out))
    try:
        module = importlib.import_module(PACKAGE)
        assert Path(module.__file__).is_relative_to(out), module.__file__
        yield module
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]
        sys.modules.update(own)


def test_openapi_typescript_makes_types_for_every_operation_and_schema(tmp_path):
    import yaml
    out = tmp_path / "schema.d.ts"
    result = subprocess.run([str(REPO / "node_modules" / ".bin" / "openapi-typescript"), str(DOCUMENT), "-o", str(out)],
                            capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "warn" not in output.lower() and "error" not in output.lower(), output
    types = out.read_text(encoding="utf-8")
    document = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))
    operations = [op["operationId"] for path in document["paths"].values() for op in path.values()
                  if isinstance(op, dict) and "operationId" in op]
    for operation in operations:
        assert f"    {operation}: {{" in types, operation
    for schema in document["components"]["schemas"]:
        assert f"        {schema}: " in types, schema


def test_the_generated_python_client_runs_the_whole_path(generated, portal_url, surety_token):
    from e_guarantee_portal_client import AuthenticatedClient, Client
    from e_guarantee_portal_client.api.amendment import amend_guarantee
    from e_guarantee_portal_client.api.issuance import create_guarantee
    from e_guarantee_portal_client.api.receipt import record_receipt
    from e_guarantee_portal_client.api.staff import request_sign_in_code, sign_in
    from e_guarantee_portal_client.api.surety_read import get_guarantee, list_guarantee_events, list_guarantees
    from e_guarantee_portal_client.api.verification import verify_guarantee
    from e_guarantee_portal_client import models

    from chalicelib.adapters import clock

    base = f"{portal_url}/api"
    surety = AuthenticatedClient(base_url=base, token=surety_token, raise_on_unexpected_status=True)
    anyone = Client(base_url=base, raise_on_unexpected_status=True)

    # Issue: 201, the key once, the notice.
    request = guarantee_request(amount=20_000_000)
    issued = create_guarantee.sync_detailed(client=surety, body=models.IssuanceRequest.from_dict(request),
                                            idempotency_key=str(uuid.uuid4()))
    assert issued.status_code == 201 and isinstance(issued.parsed, models.IssuanceResponse)
    guarantee_id = issued.parsed.guarantee.guarantee_id
    number, key = issued.parsed.guarantee.contract_number, issued.parsed.auth_key

    # Verify as the orderer: the certificate and its history parse (IssuedHistoryEntry included).
    verified = verify_guarantee.sync(client=anyone, body=models.VerificationRequest(contract_number=number, auth_key=key))
    assert isinstance(verified, models.VerificationResponse)
    assert verified.certificate.contract_number == number and verified.certificate.amount == 20_000_000

    # Amend: a new version and a new key.
    amendment = {"base_version": 1, "reason": "increase", "effective_date": clock.today().isoformat(),
                 "changes": advance_increase(25_000_000)}  # 増額 after a 変更契約: the advance and the price too
    amended = amend_guarantee.sync_detailed(guarantee_id, client=surety, body=models.AmendmentRequest.from_dict(amendment),
                                            idempotency_key=str(uuid.uuid4()))
    assert amended.status_code == 201 and isinstance(amended.parsed, models.AmendmentResponse)
    new_key = amended.parsed.auth_key
    latest = verify_guarantee.sync(client=anyone, body=models.VerificationRequest(contract_number=number, auth_key=new_key))
    assert latest.certificate.amount == 25_000_000 and len(latest.history) == 2

    # The surety reads the guarantee and its events.
    read = get_guarantee.sync(guarantee_id, client=surety)
    assert isinstance(read, models.SuretyGuarantee) and read.to_dict()["guarantee_id"] == guarantee_id
    events = list_guarantee_events.sync(guarantee_id, client=surety)
    assert isinstance(events, models.EventsPage)
    kinds = [e.to_dict()["type"] for e in events.events]
    assert {"issued", "verification", "amended"} <= set(kinds)
    assert all(key not in str(e.to_dict()) and new_key not in str(e.to_dict()) for e in events.events)

    # An orderer's staff signs in (code by e-mail) and records 受領 of the latest version.
    site = {"Origin": "http://127.0.0.1:8000"}  # the portal's own pages (PORTAL_SITE_URL of the tests)
    address = staff_address()
    staff = Client(base_url=base, headers=site, raise_on_unexpected_status=True)
    sent = request_sign_in_code.sync_detailed(client=staff, body=models.SignInCodeRequest(email=address))
    assert sent.status_code == 202 and sent.parsed is not None
    session = sign_in.sync_detailed(client=staff, body=models.SignInRequest(email=address, code=codes_sent_to(address)[-1]))
    assert session.status_code == 201 and isinstance(session.parsed, models.StaffSession)
    cookie = session.headers["set-cookie"].split(";", 1)[0]
    staff = staff.with_headers({"Cookie": cookie})
    receipt = record_receipt.sync_detailed(client=staff, body=models.ReceiptRequest.from_dict(
        {"contract_number": number, "auth_key": new_key, "department": "契約検査課", "name": "佐久 花子"}))
    assert receipt.status_code == 201 and isinstance(receipt.parsed, models.ReceiptResponse)
    assert receipt.parsed.newly_recorded is True
    again = record_receipt.sync_detailed(client=staff, body=models.ReceiptRequest.from_dict(
        {"contract_number": number, "auth_key": new_key, "department": "契約検査課", "name": "佐久 花子"}))
    assert again.status_code == 200 and again.parsed.newly_recorded is False

    # The surety's list holds it, parsed.
    page = list_guarantees.sync(client=surety, orderer="202177")
    assert isinstance(page, models.GuaranteesPage)
    assert all(isinstance(g, models.GuaranteeSummary) for g in page.guarantees)
    assert guarantee_id in [g.to_dict()["guarantee_id"] for g in page.guarantees]
