"""Operator calls in tests: real AWS SigV4 signatures (botocore's SigV4Auth, as the operator CLI
signs) with a local operator key that the session's settings name (PORTAL_OPERATOR_LOCAL_KEYS)."""
from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from pathlib import Path
from unittest import mock

HOST = "localhost"
KEY_ID = "LOCALOPTEST" + secrets.token_hex(4).upper()
SECRET = secrets.token_urlsafe(30)
NAME = "test-operator"


def install_keys(folder: Path) -> Path:
    path = folder / "operator-keys.json"
    path.write_text(json.dumps({KEY_ID: {"secret_access_key": SECRET, "name": NAME}}), encoding="utf-8")
    os.environ["PORTAL_OPERATOR_LOCAL_KEYS"] = str(path)
    return path


def signed(method: str, path: str, raw: bytes = b"", *, key_id: str = KEY_ID, secret: str = SECRET,
           at: dt.datetime | None = None, region: str = "ap-northeast-1", service: str = "execute-api") -> dict[str, str]:
    """The headers of ``method path`` with ``raw`` as its body, signed (at ``at``: a stale date)."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    headers = {"Host": HOST, **({"Content-Type": "application/json"} if raw else {})}
    request = AWSRequest(method=method, url=f"http://{HOST}{path}", headers=headers, data=raw)
    signer = SigV4Auth(Credentials(key_id, secret), service, region)
    if at is None:
        signer.add_auth(request)
    else:
        with mock.patch("botocore.auth.get_current_datetime", return_value=at.replace(tzinfo=None)):
            signer.add_auth(request)
    return dict(request.headers.items())


def call(api, method: str, path: str, body=None, **signing):
    """An operator request through the test client, signed; the reply."""
    raw = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else b""
    return api.request(method, path, headers=signed(method, path, raw, **signing), body=raw)
