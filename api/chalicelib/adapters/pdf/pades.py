"""PAdES signatures (pyHanko) on PDFs, by the platform's key holder: B-B, and B-T with a
signature time-stamp when PORTAL_TSA_URL names a TSA. A certification signature that
permits no changes, with files attached before signing.

pyHanko is imported inside functions: only a copy request needs it.
"""
from __future__ import annotations

import datetime as dt
import io
import os

from .. import clock, signing
from ..certificates import signing_certificate

TSA_ENV = "PORTAL_TSA_URL"
SIGNATURE_FIELD = "PortalSignature"


def timestamper():
    url = os.environ.get(TSA_ENV)
    if not url:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper
    return HTTPTimeStamper(url, timeout=10)


def _pyhanko_signer(holder: signing.Signer, certificate, chain: list):
    """A pyHanko Signer whose private-key operation is the key holder's `sign_der`: the same
    code path for a local key and for KMS (pyHanko hands over the DER of the signed
    attributes; `sign_der` hashes with SHA-256 and returns a DER ECDSA signature — exactly what
    CMS wants for sha256_ecdsa)."""
    from asn1crypto import algos
    from pyhanko.sign.signers.pdf_cms import Signer
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    class KeyHolderSigner(Signer):
        async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
            if digest_algorithm != "sha256":
                raise ValueError(f"the platform key signs ECDSA with SHA-256 only, not {digest_algorithm}")
            if dry_run:
                return bytes(72)  # the longest DER ECDSA P-256 signature
            # Synchronous (boto3 for KMS): one signature per request, nothing to overlap it with.
            return holder.sign_der(data)

    return KeyHolderSigner(signing_cert=certificate,
                           cert_registry=SimpleCertificateStore.from_certs([certificate, *chain]),
                           signature_mechanism=algos.SignedDigestAlgorithm({"algorithm": "sha256_ecdsa"}),
                           embed_roots=False)


def seal(pdf: bytes, attachments: dict[str, tuple[bytes, str, str]], holder: signing.Signer | None = None, *,
         timestamper=None, moment: dt.datetime | None = None) -> bytes:
    """Attach files and sign: one incremental update, covered whole by the signature."""
    from pyhanko.pdf_utils import embed
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    holder = holder or signing.current_signer()
    certificate, chain = signing_certificate(holder)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    when = (moment or clock.now()).astimezone(dt.timezone.utc).replace(microsecond=0)
    for name, (data, mime, description) in attachments.items():
        stream = embed.EmbeddedFileObject.from_file_data(
            writer, data, mime_type=mime,
            params=embed.EmbeddedFileParams(creation_date=when, modification_date=when))
        embed.embed_file(writer, embed.FileSpec(file_spec_string=name, file_name=name, embedded_data=stream,
                                                description=description))
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        # Certification with no changes allowed: a copy that someone edits afterwards must
        # stop validating, whatever the edit.
        certify=True, docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        reason="電子保証の写し（閲覧用）の作成", location="電子保証ポータル")
    pdf_signer = signers.PdfSigner(meta, _pyhanko_signer(holder, certificate, chain), timestamper=timestamper)
    # Without a TSA the container's size is known up front (certificates + ~1 KB of attributes
    # and signature); reserving it skips pyHanko's trial signature, two thirds of the signing
    # time. A time-stamp token's size is the TSA's business: let pyHanko measure it.
    reserved = None if timestamper else -(-(2048 + sum(len(c.dump()) for c in (certificate, *chain))) // 256) * 256
    return _outside_event_loop(lambda: pdf_signer.sign_pdf(writer, bytes_reserved=reserved).getvalue())


def _outside_event_loop(work):
    """pyHanko's sync API calls asyncio.run(), which fails inside a thread that already runs
    an event loop (an async host, a browser-driving test): run it on a thread of its own then."""
    import asyncio
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()
