"""The notice again, for whoever holds the number and key (POST /v1/notices)."""
from __future__ import annotations

from typing import Any

from ..domain.number_and_key import read_number_and_key
from .common import key_access, notice_documents

CONTENT_TYPE = notice_documents.CONTENT_TYPE


def by_key(body: dict[str, Any], client_address: str | None) -> tuple[str, bytes]:
    number, key = read_number_and_key(body)
    version = key_access.find(number, key, client_address, "notice")[0].version
    return notice_documents.filename(version.terms.contract_number, version.version), notice_documents.render(version, key)
