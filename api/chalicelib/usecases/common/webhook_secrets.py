"""A webhook endpoint's signing secret at rest: sealed (AES-GCM under a key from the pepper),
bound to its surety and endpoint, so the table alone signs nothing."""
from __future__ import annotations

import json

from .dependencies import get as deps


def _context(surety_id: str, webhook_id: str) -> str:
    return f"webhook-secret:{surety_id}:{webhook_id}"


def seal(surety_id: str, webhook_id: str, secret: str) -> bytes:
    return deps().sealer.seal(secret.encode(), _context(surety_id, webhook_id))


def unseal(surety_id: str, webhook_id: str, sealed: bytes) -> str:
    return deps().sealer.unseal(sealed, _context(surety_id, webhook_id)).decode()


def seal_previous(surety_id: str, webhook_id: str, entries: list[tuple[str, str]]) -> bytes:
    """The secrets replaced by rotations, each with the time it stops signing."""
    return deps().sealer.seal(json.dumps(entries).encode(), "previous:" + _context(surety_id, webhook_id))


def unseal_previous(surety_id: str, webhook_id: str, sealed: bytes | None) -> list[tuple[str, str]]:
    if sealed is None:
        return []
    return [(secret, until) for secret, until in
            json.loads(deps().sealer.unseal(sealed, "previous:" + _context(surety_id, webhook_id)))]
