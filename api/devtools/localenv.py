"""The environment of docs/contracts.md for a local run, a test session or a benchmark.

Must be applied before `chalicelib` or `app` is imported: PynamoDB reads the endpoint and
table name at import.
"""
from __future__ import annotations

import os
import tempfile
from typing import cast

# Each would override or mix with the values set below.
_CONFLICTING = ("AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION", "PORTAL_PEPPER", "PORTAL_PEPPER_FILE",
                "PORTAL_OUTBOX_DIR", "PORTAL_SIGNING_KEY_ID", "PORTAL_SIGNING_DIR")


def use_local_environment(*, table_name: str, dynamodb_port: int, site_url: str,
                          pepper: str | None = None, pepper_file: str | None = None,
                          outbox_dir: str | None = None, signing_dir: str | None = None) -> dict[str, str]:
    """Point the portal at a DynamoDB Local on 127.0.0.1; exactly one of pepper / pepper_file.
    With outbox_dir, e-mail is written there as .eml files instead of going to SES."""
    if (pepper is None) == (pepper_file is None):
        raise ValueError("give exactly one of pepper and pepper_file")
    for name in _CONFLICTING:
        os.environ.pop(name, None)
    env = {
        "PORTAL_TABLE_NAME": table_name,
        "PORTAL_DYNAMODB_ENDPOINT": f"http://127.0.0.1:{dynamodb_port}",
        "PORTAL_SITE_URL": site_url,
        "AWS_DEFAULT_REGION": "ap-northeast-1",
        # Dummy credentials, set unconditionally: a developer's real AWS keys must never
        # be what a local run signs with.
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        # Stops DynamoDB Local from phoning home and from writing its metadata file into the cwd.
        "DDB_LOCAL_TELEMETRY": "0",
        # Webhooks may go to a receiver on this machine (production: public HTTPS only).
        "PORTAL_WEBHOOK_LOCAL_TARGETS": "1",
    }
    if outbox_dir is not None:
        env["PORTAL_OUTBOX_DIR"] = outbox_dir
    # Certificates are signed with a local P-256 key kept here (generated at first use).
    env["PORTAL_SIGNING_DIR"] = signing_dir or tempfile.mkdtemp(prefix="portal-signing-")
    if pepper is not None:
        env["PORTAL_PEPPER"] = pepper
    else:
        env["PORTAL_PEPPER_FILE"] = cast(str, pepper_file)  # exactly one of the two is given
    os.environ.update(env)
    return env
