"""A version's certificate as shown now: its orderer named as the registry names it at the
time of asking (usecases/common/orderers.py), so a renamed body reads with its new name on
the verification page, the notice, the signed copy and the mails alike."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ...domain.guarantee import Version
from . import orderers


def certificate(version: Version, today: dt.date, status: str | None = None) -> dict[str, Any]:
    return version.certificate(today, status, orderer=orderers.body(version.terms.orderer_id))
