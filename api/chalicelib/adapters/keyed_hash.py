"""Keyed hashes (HMAC-SHA256 under the server-side pepper) for every secret we must recognise
but never keep: 認証キー, surety API tokens, client addresses in the event log.

Each use has its own label, so a hash of one kind can never be replayed as another.
"""
from __future__ import annotations

import hashlib
import hmac

from . import config

_VERSION = "v1"


def _mac(label: str, value: str) -> str:
    msg = f"{_VERSION}:{label}:{value}".encode()
    return hmac.new(config.pepper(), msg, hashlib.sha256).hexdigest()


def auth_key(canonical_key: str) -> str:
    return _mac("auth-key", canonical_key)


def token_secret(secret: str) -> str:
    return _mac("surety-token", secret)


def staff_address(email: str) -> str:
    return _mac("staff-address", email)


def sign_in_code(email: str, code: str) -> str:
    # Bound to the address: a code sent to one account is worth nothing for another.
    return _mac("sign-in-code", f"{email}\n{code}")


def session_token(token: str) -> str:
    return _mac("staff-session", token)


def client_address(address: str) -> str:
    # Truncated: enough to correlate attempts from one address, useless to recover it.
    return _mac("client-address", address)[:16]


def subkey(label: str) -> bytes:
    """Derived key material for other primitives (e.g. sealing idempotent replies)."""
    return hmac.new(config.pepper(), f"{_VERSION}:subkey:{label}".encode(), hashlib.sha256).digest()


def equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
