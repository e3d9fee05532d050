"""電子保証の写し: a signed PDF of what a number and key show, for the orderer's contract file.

The copy is for reading and filing only — 「閲覧用の写し。提出書類には使えません」 is on
every page, because the submission is the key, never a printout. What makes the copy worth
keeping is that it can be checked years later without the portal:

- the PDF is signed PAdES (B-B; B-T with a signature time-stamp when PORTAL_TSA_URL names
  a TSA) by the same platform key that signs the JWS, as a certification signature that
  permits no changes;
- the version's JWS (signed at issuance) is attached as ``certificate.jws``, with the JWKS
  of the moment (``jwks.json``, informative only: a checker brings its own) and what the
  page shows in machine-readable form (``copy.json``), so `devtools.verify` can compare the
  two.

The signing certificate is an X.509 wrapper around the JWKS key: locally self-signed and
cached next to the key file (``<kid>.crt``); with KMS, supplied by operations in
PORTAL_SIGNING_CERT. Verifiers trust the key because the JWKS lists it, not because of a CA.

reportlab and pyHanko are imported inside functions: this module is imported on every cold
start, and only a copy request needs them.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from ..domain import views
from ..domain.errors import Conflict
from ..domain.formatting import iso_utc
from ..domain.number_and_key import read_number_and_key
from ..domain.signed_documents import COPY_TYPE, PLATFORM_ID, kid_of
from .common import key_access, orderers
from .common.dependencies import get as deps

CONTENT_TYPE = "application/pdf"

JWKS_PATH = "/api/.well-known/jwks.json"


def filename(contract_number: str, version: int) -> str:
    return f"電子保証の写し_{contract_number}_第{version}版.pdf"


def jwks_url() -> str:
    return deps().settings.site_url + JWKS_PATH


# ---- the endpoint's use case ----------------------------------------------------------------

def by_key(body: dict[str, Any], client_address: str | None) -> tuple[str, bytes]:
    """POST /v1/certificate-copies: the signed copy of what this number and key show now."""
    number, key = read_number_and_key(body)
    signed, state = key_access.find(number, key, client_address, "copy")
    version, jws = signed.version, signed.jws
    if not jws:
        # Versions stored before certificates were signed: a copy without the JWS could not be
        # checked offline, which is its whole point.
        raise Conflict("copy_unavailable",
                       "この電子保証は、署名付きの写しを作成できません（署名導入前に発行されたため）。"
                       "確認ページで内容をご確認ください。")
    now = deps().clock.now()
    view = views.for_key(version, state, now, jws, orderers.body(version.terms.orderer_id))
    return filename(version.terms.contract_number, version.version), build(view, now)


def build(view: dict[str, Any], moment: dt.datetime) -> bytes:
    """The signed copy of a verification view (`views.for_key`, with its JWS), as of moment."""
    d = deps()
    jwk = d.signatures.current_key()
    keys = d.signatures.jwks()
    if jwk["kid"] not in {k["kid"] for k in keys["keys"]}:
        # Like signing: a key is in the JWKS before anything it signed is handed out.
        d.store.signing_keys.register(jwk, d.clock.now())
        keys = d.signatures.jwks()
    # The stored JWS must check against the published keys, or the copy would teach
    # verifiers to distrust a good guarantee.
    d.signatures.verify(view["jws"], keys)
    return d.documents.certificate_copy(view, moment, jwk["kid"], jwks_url(), keys, copy_document(view, moment))


def copy_document(view: dict[str, Any], moment: dt.datetime) -> dict[str, Any]:
    """What the page says, for machines: a checker compares it with the JWS."""
    return {"type": COPY_TYPE, "platform": PLATFORM_ID, "downloaded_at": iso_utc(moment),
            "jws_kid": kid_of(view["jws"]),
            **{k: view[k] for k in ("certificate", "guarantee", "banner", "history", "receipt")}}
