"""The 「電子保証にかかる「認証キー」のお知らせ」 as a document: rendered at issuance, and
again on request for anyone who holds the number and key (the key is never stored, so
the notice cannot be kept either: it is re-rendered, identically, from the version).
"""
from __future__ import annotations

import base64

from ...domain import authkey, links
from ...domain.guarantee import Version
from .certificates import certificate as certificate_of
from .dependencies import get as deps

CONTENT_TYPE = "application/pdf"


def filename(contract_number: str, version: int = 1) -> str:
    """The first version keeps the name it always had; a later one says which version it is,
    so the old and the new notice never look alike in a mail or a folder."""
    suffix = f"_第{version}版" if version > 1 else ""
    return f"電子保証認証キーのお知らせ_{contract_number}{suffix}.pdf"


def render(version: Version, canonical_key: str) -> bytes:
    d = deps()
    shown = authkey.display(canonical_key)
    # The status printed is the one at issue: the notice is the same document whenever rendered.
    certificate = certificate_of(version, version.issue_date)
    url = links.verify_url(d.settings.site_url, version.terms.contract_number, shown)
    return d.documents.notice(certificate, shown, url, version.surety_contact, version.amendment)


def attachment(version: Version, canonical_key: str) -> dict[str, str]:
    """The notice inside a JSON reply (the issuance response)."""
    return {
        "filename": filename(version.terms.contract_number, version.version),
        "content_type": CONTENT_TYPE,
        "data_base64": base64.b64encode(render(version, canonical_key)).decode("ascii"),
    }
