"""Surety API tokens: `egp_<token id>_<secret>`.

The id locates the token's record; only an HMAC of the secret is stored, so a leaked
table does not leak working tokens. Shown once, when created.
"""
from __future__ import annotations

import re
import secrets

from .authkey import ALPHABET

SCOPES = ("issue", "amend", "cancel", "read", "webhooks")
# `webhooks` only when asked for: registering an endpoint sends the surety's events out of the
# portal, a step beyond reading them.
DEFAULT_SCOPES = ("issue", "amend", "cancel", "read")
_FORMAT = re.compile(r"^egp_([0-9A-HJKMNP-TV-Z]{12})_([0-9A-HJKMNP-TV-Z]{32})$")


def _random_symbols(n: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(n))


def generate() -> tuple[str, str, str]:
    """(token id, secret, the whole token). 160 bits of secret."""
    token_id, secret = _random_symbols(12), _random_symbols(32)
    return token_id, secret, f"egp_{token_id}_{secret}"


def parse(token: str) -> tuple[str, str] | None:
    match = _FORMAT.match(token or "")
    return (match.group(1), match.group(2)) if match else None


def from_authorization_header(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    scheme, _, credentials = value.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return parse(credentials.strip())
