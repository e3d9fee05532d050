"""Authenticated encryption for the few things we must be able to use later but must not
keep readable: the first response of an idempotent issuance holds the 認証キー, and a retry
must receive it again (Stripe-style replay; the record expires by TTL); a webhook endpoint's
secret signs every delivery. Each is sealed with AES-256-GCM under a key derived from the server-side pepper, bound to
the record it belongs to (associated data), so the table alone reveals nothing.
"""
from __future__ import annotations

import os

from . import keyed_hash

_NONCE = 12


def _aead():
    # Imported on first use: issuance only, not on the verification path's cold start.
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    return AESGCM(keyed_hash.subkey("sealed-replies"))


def seal(plaintext: bytes, context: str) -> bytes:
    nonce = os.urandom(_NONCE)
    return nonce + _aead().encrypt(nonce, plaintext, context.encode())


def unseal(sealed: bytes, context: str) -> bytes:
    return _aead().decrypt(sealed[:_NONCE], sealed[_NONCE:], context.encode())
