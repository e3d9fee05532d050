"""Settings from the environment (twelve-factor: the same code runs locally and on Lambda).

Read on first use, never at import (chalicelib/bootstrap.py asks for them when it first builds
what needs them): tests and tools may import anything, then set the environment.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from ..domain.attempts import DEFAULT_LIMITS, Limits


@dataclass(frozen=True)
class Settings:
    table_name: str
    dynamodb_endpoint: str | None
    region: str
    site_url: str
    mail_from: str
    outbox_dir: str | None  # set: write mail to this directory instead of sending through SES
    webhook_local_targets: bool  # make run and tests: webhooks may go to this machine over http


def load() -> Settings:
    return Settings(
        table_name=os.environ.get("PORTAL_TABLE_NAME", "e-guarantee-local"),
        dynamodb_endpoint=os.environ.get("PORTAL_DYNAMODB_ENDPOINT") or None,
        region=os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION") or "ap-northeast-1",
        site_url=os.environ.get("PORTAL_SITE_URL", "http://127.0.0.1:8000").rstrip("/"),
        mail_from=os.environ.get("PORTAL_MAIL_FROM", "no-reply@e-guarantee.invalid"),
        outbox_dir=os.environ.get("PORTAL_OUTBOX_DIR") or None,
        webhook_local_targets=os.environ.get("PORTAL_WEBHOOK_LOCAL_TARGETS") == "1",
    )


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The settings, read from the environment once (tests: ``settings.cache_clear()`` after
    changing it)."""
    return load()


def attempt_limits() -> Limits:
    """Failed key checks allowed per 保証契約番号 and per client in an hour (a stage setting)."""
    default = DEFAULT_LIMITS  # unset: the product's defaults (domain/limits.py)
    return Limits(int(os.environ.get("PORTAL_LIMIT_PER_NUMBER", default.per_number)),
                  int(os.environ.get("PORTAL_LIMIT_PER_CLIENT", default.per_client)))


def sign_in_limits() -> tuple[int, int]:
    """Sign-in codes asked for, and wrong codes entered, per client in an hour (a stage setting;
    domain/staff.py has the defaults)."""
    from ..domain import staff
    return (int(os.environ.get("PORTAL_SIGNIN_REQUESTS_PER_CLIENT", staff.MAX_CODE_REQUESTS_PER_CLIENT)),
            int(os.environ.get("PORTAL_SIGNIN_WRONG_PER_CLIENT", staff.MAX_WRONG_CODES_PER_CLIENT)))


class ConfigurationError(RuntimeError):
    pass


@lru_cache(maxsize=1)
def pepper() -> bytes:
    """The server-side secret behind every keyed hash. Never logged, never stored in the table."""
    raw = os.environ.get("PORTAL_PEPPER")
    path = os.environ.get("PORTAL_PEPPER_FILE")
    secret_id = os.environ.get("PORTAL_PEPPER_SECRET_ID")
    if not raw and path:
        with open(path, encoding="ascii") as f:
            raw = f.read().strip()
    if not raw and secret_id:
        # Production: AWS Secrets Manager, read once per Lambda container.
        import boto3
        raw = boto3.client("secretsmanager", region_name=settings().region).get_secret_value(
            SecretId=secret_id)["SecretString"].strip()
    if not raw:
        raise ConfigurationError("PORTAL_PEPPER, PORTAL_PEPPER_FILE or PORTAL_PEPPER_SECRET_ID must be set")
    try:
        value = bytes.fromhex(raw)
    except ValueError as e:
        raise ConfigurationError("the pepper must be hex") from e
    if len(value) < 32:
        raise ConfigurationError("the pepper must be at least 32 bytes")
    return value


# How long a read of the origin secret is trusted. A rotation (docs/operations.md) waits longer
# than this between making a new value current and letting CloudFront send it.
ORIGIN_SECRET_TTL_SECONDS = 300
# After a failed read: keep the values read before (if any) and try again after this long.
ORIGIN_SECRET_RETRY_SECONDS = 30
_origin_cache: dict = {"values": None, "next_read": 0.0}


def origin_secrets() -> tuple[str, ...] | None:
    """The values a request from CloudFront may carry in X-Origin-Verify: the secret's current
    and previous versions (both are valid while a rotation is under way). None: no origin
    secret is configured (local runs), so no request is told apart by it.

    PORTAL_ORIGIN_SECRET (comma-separated values) is for tests and `make run`;
    PORTAL_ORIGIN_SECRET_ID names the Secrets Manager secret on AWS. Wall-clock time, not a
    monotonic clock: Lambda may freeze an environment, and the rotation counts on every
    function rereading the secret within ORIGIN_SECRET_TTL_SECONDS of real time."""
    raw = os.environ.get("PORTAL_ORIGIN_SECRET")
    if raw:
        return tuple(v.strip() for v in raw.split(",") if v.strip())
    secret_id = os.environ.get("PORTAL_ORIGIN_SECRET_ID")
    if not secret_id:
        return None
    import time
    now = time.time()
    if _origin_cache["values"] is None or now >= _origin_cache["next_read"]:
        try:
            _origin_cache["values"] = _read_origin_secret(secret_id)
            _origin_cache["next_read"] = now + ORIGIN_SECRET_TTL_SECONDS
        except Exception:
            # Secrets Manager did not answer: the values read before stay valid a little longer
            # (with none, the caller refuses the request); no request waits on a retry storm.
            _origin_cache["next_read"] = now + ORIGIN_SECRET_RETRY_SECONDS
            if _origin_cache["values"] is None:
                raise
    return _origin_cache["values"]


def _read_origin_secret(secret_id: str) -> tuple[str, ...]:
    import boto3
    from botocore.config import Config
    client = boto3.client("secretsmanager", region_name=settings().region, config=Config(
        connect_timeout=2, read_timeout=3, retries={"max_attempts": 2, "mode": "standard"}))
    values = [client.get_secret_value(SecretId=secret_id)["SecretString"].strip()]
    try:
        values.append(client.get_secret_value(SecretId=secret_id, VersionStage="AWSPREVIOUS")["SecretString"].strip())
    except client.exceptions.ResourceNotFoundException:
        pass  # never rotated, or the rotation has finished: only the current value is valid
    return tuple(v for v in values if v)


def operator_arns() -> tuple[str, ...]:
    """The IAM principals that are the portal's operators in AWS (PORTAL_OPERATOR_ARNS,
    comma-separated: users, roles — a role's sessions count as the role)."""
    raw = os.environ.get("PORTAL_OPERATOR_ARNS", "")
    return tuple(v.strip() for v in raw.split(",") if v.strip())


def operator_local_keys() -> dict[str, dict[str, str]] | None:
    """The local operator keys ({access key id: {secret_access_key, name}}) from the JSON file
    PORTAL_OPERATOR_LOCAL_KEYS names; None when the setting is absent (always so in AWS: the
    stack never sets it, tests/infra checks). Read on every use: `make run` may add a key."""
    path = os.environ.get("PORTAL_OPERATOR_LOCAL_KEYS")
    if not path:
        return None
    import json
    with open(path, encoding="utf-8") as f:
        keys = json.load(f)
    if not isinstance(keys, dict):
        raise ConfigurationError("PORTAL_OPERATOR_LOCAL_KEYS: expected an object of access key id → key")
    return {k: v for k, v in keys.items() if isinstance(v, dict) and isinstance(v.get("secret_access_key"), str)}
