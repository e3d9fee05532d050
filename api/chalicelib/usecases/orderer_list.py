"""GET /v1/orderers until the public registry replaces it (usecases/public_registry.py, issue
27): the enrolled orderers that accept 電子保証 now, from the registry, in the reply's old shape."""
from __future__ import annotations

from typing import Any

from .common import orderers
from .common.dependencies import get as deps


def enrolled() -> list[dict[str, Any]]:
    found = (orderers.find(e.orderer_id) for e in deps().store.registry.enrolments() if not e.suspended)
    return [{"id": o.id, "name": o.name, "prefecture": o.prefecture, "accepts_from": o.accepts_from.isoformat(),
             "kinds": list(o.kinds), "scope": o.scope, "paper_still_accepted": o.paper_still_accepted}
            for o in found if o is not None]
