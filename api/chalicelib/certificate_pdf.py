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
import io
import json
import os
import secrets
import sys
from pathlib import Path

from . import clock, signing, store, verification, views
from .config import SETTINGS, ConfigurationError
from .errors import PortalError
from .guarantee import JST, today_in_japan

CONTENT_TYPE = "application/pdf"
MARK = "閲覧用の写し。提出書類には使えません"
TITLE = "電子保証の写し"

JWS_NAME = "certificate.jws"
JWKS_NAME = "jwks.json"
COPY_NAME = "copy.json"
COPY_TYPE = "e-guarantee-certificate-copy"

TSA_ENV = "PORTAL_TSA_URL"
CERT_ENV = "PORTAL_SIGNING_CERT"
LOCAL_SUBJECT = "電子保証ポータル 署名用 (ローカル)"
SIGNATURE_FIELD = "PortalSignature"
JWKS_PATH = "/api/.well-known/jwks.json"


def filename(contract_number: str, version: int) -> str:
    return f"電子保証の写し_{contract_number}_第{version}版.pdf"


def jwks_url() -> str:
    return SETTINGS.site_url + JWKS_PATH


# ---- the endpoint's use case ----------------------------------------------------------------

def by_key(body: object, client_address: str | None) -> tuple[str, bytes]:
    """POST /v1/certificate-copies: the signed copy of what this number and key show now."""
    number, key = verification.read_number_and_key(body)
    version, state, record = verification.find(number, key, client_address, "copy")
    jws = record.get("jws")
    if not jws:
        # Versions stored before certificates were signed: a copy without the JWS could not be
        # checked offline, which is its whole point.
        raise PortalError("copy_unavailable",
                          "この電子保証は、署名付きの写しを作成できません（署名導入前に発行されたため）。"
                          "確認ページで内容をご確認ください。", 409)
    now = clock.now()
    view = views.for_key(version, state, today_in_japan(now), jws)
    return filename(version.terms.contract_number, version.version), build(view, now)


def build(view: dict, moment: dt.datetime, timestamper=None) -> bytes:
    """The signed copy of a verification view (`views.for_key`, with its JWS), as of moment."""
    holder = signing.current_signer()
    jwk = holder.public_jwk()
    keys = signing.jwks()
    if jwk["kid"] not in {k["kid"] for k in keys["keys"]}:
        # Like signing.sign: a key is in the JWKS before anything it signed is handed out.
        store.register_signing_key(jwk)
        keys = signing.jwks()
    # The stored JWS must check against the published keys, or the copy would teach
    # verifiers to distrust a good guarantee.
    signing.verify(view["jws"], keys)
    shown = copy_document(view, moment)
    pdf = render(view, moment, signer_kid=jwk["kid"])
    attachments = {
        JWS_NAME: (view["jws"].encode("ascii"), "application/jose",
                   "発行時の電子保証の内容と電子保証ポータルの署名 (JWS, ES256)"),
        JWKS_NAME: (json.dumps(keys, ensure_ascii=False, indent=1).encode("utf-8"), "application/jwk-set+json",
                    "作成時点の公開鍵一覧 (JWKS)。参考: 確認には公開されている JWKS を使ってください"),
        COPY_NAME: (signing.canonical_json(shown), "application/json", "この写しに記載した内容 (JSON)"),
    }
    return seal(pdf, attachments, holder, timestamper=timestamper if timestamper is not None else _timestamper(),
                moment=moment)


def copy_document(view: dict, moment: dt.datetime) -> dict:
    """What the page says, for machines: a checker compares it with the JWS."""
    return {"type": COPY_TYPE, "platform": signing.PLATFORM_ID, "downloaded_at": _iso(moment),
            "jws_kid": _jws_kid(view["jws"]),
            **{k: view[k] for k in ("certificate", "guarantee", "banner", "history", "receipt")}}


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _jws_kid(jws: str) -> str:
    return json.loads(signing.b64url_decode(jws.split(".")[0]))["kid"]


# ---- signing: certificate, pyHanko signer, PAdES ------------------------------------------------

def _timestamper():
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


_certificates: dict[str, tuple[object, list]] = {}


def signing_certificate(holder: signing.Signer):
    """(X.509 certificate of the holder's key, other certificates to embed), as asn1crypto objects.

    PORTAL_SIGNING_CERT (PEM text or a path to a PEM file: the certificate, then its chain) wins
    when set, and is required with KMS. Otherwise a self-signed certificate is made once
    and kept as PORTAL_SIGNING_DIR/<kid>.crt."""
    kid = holder.public_jwk()["kid"]
    cached = _certificates.get(kid)
    if cached is not None:
        return cached
    configured = os.environ.get(CERT_ENV)
    if configured:
        certificates = _load_pem_certificates(configured)
        if not certificates or _kid_of(certificates[0]) != kid:
            raise ConfigurationError(f"{CERT_ENV}: the first certificate is not for the signing key {kid}")
        result = (certificates[0], certificates[1:])
    elif isinstance(holder, signing.KmsSigner):
        raise ConfigurationError(f"{CERT_ENV} must hold the X.509 certificate of the KMS signing key "
                                 "(see docs/contracts.md, Production configuration)")
    else:
        result = (_local_certificate(holder, kid), [])
    _certificates[kid] = result
    return result


def _local_certificate(holder: signing.Signer, kid: str):
    from asn1crypto import pem, x509

    directory = os.environ.get("PORTAL_SIGNING_DIR")
    path = Path(directory) / f"{kid}.crt" if directory else None
    if path is not None and path.is_file():
        certificate = x509.Certificate.load(pem.unarmor(path.read_bytes())[2])
        if _kid_of(certificate) == kid:
            return certificate
    certificate = self_signed_certificate(holder, LOCAL_SUBJECT)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Written whole then renamed: a concurrent reader never sees half a certificate.
        temporary = path.with_name(f".{kid}.{secrets.token_hex(4)}.tmp")
        temporary.write_bytes(pem.armor("CERTIFICATE", certificate.dump()))
        os.replace(temporary, path)
    return certificate


def _load_pem_certificates(value: str) -> list:
    from asn1crypto import pem, x509

    data = value.encode("ascii") if "-----BEGIN" in value else Path(value).read_bytes()
    return [x509.Certificate.load(der) for kind, _, der in pem.unarmor(data, multiple=True) if kind == "CERTIFICATE"]


def _kid_of(certificate) -> str:
    """The RFC 7638 thumbprint of a certificate's EC P-256 key: the JWKS kid it must match."""
    from cryptography.hazmat.primitives.serialization import load_der_public_key
    return signing._public_jwk(load_der_public_key(certificate.public_key.dump()))["kid"]


def _name(common_name: str, organization: str | None = None):
    from asn1crypto import x509
    fields = {"country_name": "JP", "organization_name": organization or "電子保証ポータル", "common_name": common_name}
    return x509.Name.build(fields)


def _public_key_info(holder: signing.Signer):
    from asn1crypto import keys
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    jwk = holder.public_jwk()
    public = ec.EllipticCurvePublicNumbers(int.from_bytes(signing.b64url_decode(jwk["x"]), "big"),
                                           int.from_bytes(signing.b64url_decode(jwk["y"]), "big"),
                                           ec.SECP256R1()).public_key()
    return keys.PublicKeyInfo.load(public.public_bytes(serialization.Encoding.DER,
                                                       serialization.PublicFormat.SubjectPublicKeyInfo))


def self_signed_certificate(holder: signing.Signer, common_name: str, days: int = 3650,
                            organization: str | None = None):
    """An X.509 v3 certificate for the holder's key, signed by that key through `sign_der`
    (so it works for a KMS key as well as a local one)."""
    import hashlib

    from asn1crypto import x509

    name = _name(common_name, organization)
    spki = _public_key_info(holder)
    key_id = hashlib.sha1(spki["public_key"].contents).digest()  # RFC 5280 §4.2.1.2 method 1
    start = clock.now().astimezone(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(hours=1)
    tbs = x509.TbsCertificate({
        "version": "v3",
        "serial_number": int.from_bytes(secrets.token_bytes(16), "big") >> 1,
        "signature": {"algorithm": "sha256_ecdsa"},
        "issuer": name, "subject": name,
        "validity": {"not_before": x509.Time({"utc_time": start}),
                     "not_after": x509.Time({"utc_time": start + dt.timedelta(days=days)})},
        "subject_public_key_info": spki,
        "extensions": [
            {"extn_id": "basic_constraints", "critical": True, "extn_value": {"ca": False}},
            # non_repudiation (content commitment): what pyHanko asks of a document signer by default.
            {"extn_id": "key_usage", "critical": True, "extn_value": {"digital_signature", "non_repudiation"}},
            {"extn_id": "key_identifier", "critical": False, "extn_value": key_id},
            {"extn_id": "authority_key_identifier", "critical": False, "extn_value": {"key_identifier": key_id}},
        ],
    })
    return x509.Certificate({"tbs_certificate": tbs, "signature_algorithm": {"algorithm": "sha256_ecdsa"},
                             "signature_value": holder.sign_der(tbs.dump())})


def certificate_request(holder: signing.Signer, common_name: str, organization: str | None = None) -> bytes:
    """A PKCS#10 CSR (PEM) for the holder's key, signed through `sign_der`: what operations
    sends to their CA for the KMS key's certificate."""
    from asn1crypto import csr, pem

    info = csr.CertificationRequestInfo({"version": "v1", "subject": _name(common_name, organization),
                                         "subject_pk_info": _public_key_info(holder), "attributes": []})
    request = csr.CertificationRequest({"certification_request_info": info,
                                        "signature_algorithm": {"algorithm": "sha256_ecdsa"},
                                        "signature": holder.sign_der(info.dump())})
    return pem.armor("CERTIFICATE REQUEST", request.dump())


# ---- rendering ---------------------------------------------------------------------------------

_WARN = (0.70, 0.09, 0.09)  # the copy mark, and a cancellation: red means "do not rely on this"
_WARN_SHADE = (0.99, 0.93, 0.93)
_AMBER = (0.60, 0.33, 0.02)
_AMBER_SHADE = (0.99, 0.96, 0.90)
_OK = (0.10, 0.42, 0.22)
_STATUS_COLOURS = {"valid": _OK, "superseded": _AMBER, "expired": _AMBER, "cancelled": _WARN}
_SUBSTITUTE = "〓"  # the printers' mark for a character that cannot be set


def render(view: dict, moment: dt.datetime, signer_kid: str) -> bytes:
    """The unsigned copy (A4, one page for ordinary guarantees, more when the history is long).
    Same view and moment, same bytes."""
    from . import notice
    notice._font("main")  # registered before the canvas names it as its initial font
    return _Copy(view, moment, signer_kid).compose()


class _Copy:
    def __init__(self, view: dict, moment: dt.datetime, signer_kid: str):
        from . import notice as n
        self.n = n
        self.view = view
        self.cert = view["certificate"]
        self.moment = moment.astimezone(JST)
        self.signer_kid = signer_kid
        self.jws_kid = _jws_kid(view["jws"])
        self.substituted = False
        self.page_start = True

    # Values come from the issuance request (checked printable then) and from reference data;
    # a character no font has is marked rather than crashing the layout or vanishing.
    def clean(self, text: str | None) -> str:
        text = text or ""
        bad = set(self.n.unprintable(text))
        if not bad:
            return text
        self.substituted = True
        return "".join(_SUBSTITUTE if ch in bad else ch for ch in text)

    def _canvas(self, buffer):
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen.canvas import Canvas
        return Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1, lang="ja-JP", pdfVersion=(1, 7),
                      initialFontName=self.n._FONT_NAMES["main"])

    # Page geometry: the mark band on top of every page, a footer line at the bottom.
    def _top(self) -> float:
        return self.n._PAGE_H - self.n._MARGIN - 18 * self.n._MM

    def _bottom(self) -> float:
        return self.n._MARGIN + 6 * self.n._MM

    def blocks(self):
        history = self.view.get("history") or []
        # In short runs, so that a long history fills the page it starts on before flowing on.
        chunks = [history[i:i + 4] for i in range(0, len(history), 4)] or [[]]
        return ([self.head, self.state, self.guarantee_table, self.project_table]
                + [lambda page, y, c=c, first=(i == 0): self.history(page, y, c, first) for i, c in enumerate(chunks)]
                + [self.how_to_check])

    def compose(self) -> bytes:
        n = self.n
        blocks = self.blocks()
        scratch = n._Page(self._canvas(io.BytesIO()), measuring=True)
        heights = [self._top() - block(scratch, self._top()) for block in blocks]
        pages: list[list[int]] = [[]]
        y = self._top()
        gap = 3 * n._MM
        for i, h in enumerate(heights):
            if pages[-1] and y - h < self._bottom():
                pages.append([])
                y = self._top()
            pages[-1].append(i)
            y -= h + gap

        buffer = io.BytesIO()
        c = self._canvas(buffer)
        pdf_date = self.moment.strftime("D:%Y%m%d%H%M%S+09'00'")
        c.setDateFormatter(lambda *_: pdf_date)
        c.setTitle(f"{TITLE}（閲覧用） 保証契約番号 {self.cert['contract_number']}")
        c.setAuthor("電子保証ポータル")
        c.setSubject(f"{MARK}。保証契約番号 {self.cert['contract_number']} 第{self.cert['version']}版")
        c.setCreator("電子保証ポータル")
        page = n._Page(c)
        for number, indices in enumerate(pages, start=1):
            self.watermark(page)
            self.mark_band(page)
            y = self._top()
            for i in indices:
                self.page_start = i == indices[0]
                y = blocks[i](page, y) - gap
            self.footer(page, number, len(pages))
            c.showPage()
        c.save()
        return buffer.getvalue()

    # -- every page

    def watermark(self, page) -> None:
        n, c = self.n, page.c
        c.saveState()
        c.setFillAlpha(0.07)
        c.translate(n._PAGE_W / 2, n._PAGE_H / 2)
        c.rotate(36)
        page.text(0, 10, "閲覧用の写し", 78, align="center", color=_WARN)
        page.text(0, -50, "提出書類には使えません", 36, align="center", color=_WARN)
        c.restoreState()

    def mark_band(self, page) -> None:
        n, c = self.n, page.c
        top = n._PAGE_H - n._MARGIN
        height = 15 * n._MM
        c.setFillColorRGB(*_WARN_SHADE)
        c.setStrokeColorRGB(*_WARN)
        c.setLineWidth(1.4)
        c.roundRect(n._MARGIN, top - height, n._CONTENT_W, height, 3, stroke=1, fill=1)
        page.text(n._PAGE_W / 2, top - 7 * n._MM, MARK, 15, align="center", color=_WARN, bold=True)
        page.text(n._PAGE_W / 2, top - 12 * n._MM,
                  "発注者への提出は「認証キーのお知らせ」の保証契約番号と認証キーで行います。"
                  "この写しは契約書類の綴り込み用です。", 8.5, align="center")

    def footer(self, page, number: int, total: int) -> None:
        n = self.n
        y = n._MARGIN
        page.rule(n._MARGIN, y + 4 * n._MM, n._PAGE_W - n._MARGIN, y + 4 * n._MM, 0.4)
        page.text(n._MARGIN, y, f"{TITLE}（閲覧用）　保証契約番号 {self.cert['contract_number']}　"
                                f"第{self.cert['version']}版　{self.moment_text()} 作成", 7.5, color=n._MUTED)
        page.text(n._PAGE_W - n._MARGIN, y, f"{number} / {total}", 7.5, align="right", color=n._MUTED)

    def moment_text(self) -> str:
        m = self.moment
        return f"{m.year}年{m.month}月{m.day}日 {m.hour:02d}:{m.minute:02d}（日本時間）"

    # -- blocks: each draws from a top y and returns its bottom y

    def head(self, page, y: float) -> float:
        n = self.n
        y -= 19
        page.text(n._PAGE_W / 2, y, TITLE, 19, align="center", bold=True)
        return y - 3

    def state(self, page, y: float) -> float:
        """Status at download time, version, and the banner: what decides how to read the rest."""
        n, c = self.n, page.c
        g = self.view["guarantee"]
        colour = _STATUS_COLOURS.get(g["status"], n._ACCENT)
        label = f"状態：{g['status_label']}"
        size = 12
        width = page.width(label, size) + 8 * n._MM
        c.setFillColorRGB(*colour)
        c.roundRect(n._MARGIN, y - 9 * n._MM, width, 9 * n._MM, 2.5, stroke=0, fill=1)
        page.text(n._MARGIN + 4 * n._MM, y - 6.2 * n._MM, label, size, color=(1, 1, 1), bold=True)
        version = f"第{g['version']}版" + ("（最新）" if g["version"] == g["latest_version"]
                                          else f"（最新は第{g['latest_version']}版）")
        page.text(n._MARGIN + width + 5 * n._MM, y - 6.2 * n._MM, version, 11)
        page.text(n._PAGE_W - n._MARGIN, y - 6.2 * n._MM, f"確認日時 {self.moment_text()}", 9,
                  align="right", color=n._MUTED)
        y -= 9 * n._MM
        receipt = self.view.get("receipt")
        y = page.paragraph(n._MARGIN + 1, y - 14, "受領確認：" + self.clean(
            receipt["label"] if receipt else "この版の受領は、作成時点では記録されていません。"), 9.5, n._CONTENT_W) + 9.5 * 1.55 - 3
        banner = self.view.get("banner")
        if banner:
            y -= 3 * n._MM
            shade = _WARN_SHADE if banner["kind"] == "cancelled" else _AMBER_SHADE
            ink = _WARN if banner["kind"] == "cancelled" else _AMBER
            lines = page.wrap(self.clean(banner["message"]), 10.5, n._CONTENT_W - 8 * n._MM)
            advice = (page.wrap(self.clean(banner["advice"]), 9, n._CONTENT_W - 8 * n._MM)
                      if banner.get("advice") else [])
            height = 4 * n._MM + len(lines) * 15 + len(advice) * 13.5 + 1.5 * n._MM
            c.setFillColorRGB(*shade)
            c.roundRect(n._MARGIN, y - height, n._CONTENT_W, height, 2, stroke=0, fill=1)
            c.setFillColorRGB(*ink)
            c.rect(n._MARGIN, y - height, 2.2, height, stroke=0, fill=1)
            line_y = y - 4 * n._MM - 6
            for line in lines:
                page.text(n._MARGIN + 4 * n._MM, line_y, line, 10.5, color=ink, bold=True)
                line_y -= 15
            for line in advice:
                page.text(n._MARGIN + 4 * n._MM, line_y, line, 9)
                line_y -= 13.5
            y -= height
        return y

    def _section(self, page, y: float, heading: str, rows: list[tuple[str, list[str]]]) -> float:
        n = self.n
        page.heading(n._MARGIN, y - 11, heading)
        return n._table(page, [(k, [self.clean(v) for v in vs if v] or ["—"]) for k, vs in rows], y - 17, 9.5)

    def guarantee_table(self, page, y: float) -> float:
        n, c, g = self.n, self.cert, self.view["guarantee"]
        rows = []
        if g.get("cancellation"):
            cancel = g["cancellation"]
            rows.append(("解約日", [n._date_ja(dt.date.fromisoformat(cancel["date"]))
                                   + (f"（{cancel['reason']}）" if cancel.get("reason") else "")]))
        rows += [
            ("保証の種類", [c["kind_label"]]),
            ("保証契約番号", [c["contract_number"]]),
            ("保証金額", [n._yen(c["amount"])]),
            ("保証期間", [n._period(c["guarantee_period"])]),
            ("保証会社", [c["surety"]["name"]]),
            ("発行日", [n._date_ja(dt.date.fromisoformat(c["issue_date"]))]),
        ]
        return self._section(page, y, "保証の内容", rows)

    def project_table(self, page, y: float) -> float:
        n, p, k = self.n, self.cert["project"], self.cert["contractor"]
        rows = [
            ("発注者", [n._orderer_name(self.cert["orderer"])]),
            ("工事名", [p["name"]]),
            ("工事場所", [p["location"]]),
            ("工期", [n._period(p["period"])]),
            ("請負代金額", [n._yen(p["contract_price"])]),
            ("受注者", [k["name"]]),
            ("受注者の所在地", [k.get("address")]),
            ("代表者", [k.get("representative")]),
        ]
        if k.get("corporate_number"):
            rows.append(("法人番号", [k["corporate_number"]]))
        return self._section(page, y, "工事と受注者", rows)

    def history(self, page, y: float, entries: list[dict], first: bool) -> float:
        """変更の履歴 up to this version, as on the verification page (版・日付・内容・変更点)."""
        n, c = self.n, page.c
        size, leading, pad = 8.8, 8.8 * 1.45, 1.5 * n._MM
        widths = [16 * n._MM, 30 * n._MM, 32 * n._MM]
        widths.append(n._CONTENT_W - sum(widths))
        # A run that continues the table on the same page needs no heading of its own
        # (measured with one: the scratch page cannot know where a block will land).
        headed = first or self.page_start or page.measuring
        if headed:
            y -= 11
            page.heading(n._MARGIN, y, "変更の履歴" if first else "変更の履歴（続き）")
            y -= 6
        else:
            y += 3 * n._MM - 0.4  # the previous run's bottom rule is this run's top
        if not entries:
            return page.paragraph(n._MARGIN + 2, y - 12, "履歴はありません。", 9, n._CONTENT_W, color=n._MUTED) + 6
        rows = [["版", "日付", "内容", "変更点"]] if headed else []
        for e in entries:
            content = e["label"] + (f"（{e['reason_label']}）" if e.get("reason_label") else "")
            changes = "\n".join(self.clean(f"{ch['label']}：{ch['before']} → {ch['after']}")
                                for ch in e.get("changes") or []) or "—"
            date = n._date_ja(dt.date.fromisoformat(e["date"])) if e.get("date") else ""
            rows.append([f"第{e['version']}版", date, self.clean(content), changes])
        top = y
        x_edges = [n._MARGIN]
        for w in widths:
            x_edges.append(x_edges[-1] + w)
        for r, row in enumerate(rows):
            cells = [[line for part in text.split("\n") for line in page.wrap(part, size, w - 2 * pad)]
                     for text, w in zip(row, widths)]
            height = 2 * pad + size + (max(map(len, cells)) - 1) * leading
            header = headed and r == 0
            if header:
                c.setFillColorRGB(*n._SHADE)
                c.rect(n._MARGIN, y - height, n._CONTENT_W, height, stroke=0, fill=1)
            for x, lines in zip(x_edges, cells):
                baseline = y - pad - size * 0.88
                for line in lines:
                    page.text(x + pad, baseline, line, size, color=n._ACCENT if header else n._INK)
                    baseline -= leading
            y -= height
            page.rule(n._MARGIN, y, n._PAGE_W - n._MARGIN, y, 0.4)
        for x in x_edges[1:-1]:
            page.rule(x, top, x, y, 0.4)
        c.setStrokeColorRGB(*n._INK)
        c.setLineWidth(0.8)
        c.rect(n._MARGIN, y, n._CONTENT_W, top - y, stroke=1, fill=0)
        return y

    def how_to_check(self, page, y: float) -> float:
        """The offline check, in words a records clerk can pass on to whoever checks."""
        n, c = self.n, page.c
        width = n._CONTENT_W - 7 * n._MM
        kids = f"署名鍵ID（kid）：{self.signer_kid}"
        if self.jws_kid != self.signer_kid:
            kids = f"PDF署名の鍵ID（kid）：{self.signer_kid}\nJWS署名の鍵ID（kid）：{self.jws_kid}"
        paragraphs = [
            (f"この PDF には電子保証ポータルの電子署名（PAdES）と、発行時の内容への署名データ（添付の {JWS_NAME}、"
             f"JWS・ES256）が含まれています。添付の {COPY_NAME} は本書の記載内容、{JWKS_NAME} は作成時点の公開鍵一覧（参考）です。",
             n._INK),
            ("インターネットに接続せずに、公開鍵一覧（JWKS）だけで確認できます：① PDF の署名が有効で、署名した鍵が JWKS に"
             "あること　② JWS の署名が JWKS の鍵で正しいこと　③ JWS の内容（保証契約番号・保証金額など）が本書と一致すること。",
             n._INK),
            (f"JWKS：{jwks_url()}", n._MUTED),
            ("確認ツール：python -m devtools.verify <この PDF> --jwks <JWKS ファイル>", n._MUTED),
        ] + [(line, n._MUTED) for line in kids.split("\n")]
        if self.substituted:
            paragraphs.append((f"「{_SUBSTITUTE}」は、この写しの文字セットにない文字です。正しい文字は添付の JWS に含まれています。",
                               _WARN))
        lines = [(line, colour) for text, colour in paragraphs for line in page.wrap(text, 7.5, width)]
        height = 3 + 7 * n._MM + len(lines) * 10.2
        c.setStrokeColorRGB(*n._RULE)
        c.setLineWidth(0.6)
        c.roundRect(n._MARGIN, y - height, n._CONTENT_W, height, 2, stroke=1, fill=0)
        page.text(n._MARGIN + 3.5 * n._MM, y - 5.5 * n._MM, "電子署名と確認方法", 9.5, color=n._ACCENT, bold=True)
        line_y = y - 5.5 * n._MM - 13
        for line, colour in lines:
            page.text(n._MARGIN + 3.5 * n._MM, line_y, line, 7.5, color=colour)
            line_y -= 10.2
        return y - height


# ---- operations: the KMS key's certificate ------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    """python -m chalicelib.certificate_pdf csr|self-signed --common-name NAME: for operations,
    with PORTAL_SIGNING_KEY_ID (KMS, needs kms:GetPublicKey and kms:Sign) or PORTAL_SIGNING_DIR set."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m chalicelib.certificate_pdf",
                                     description="A CSR or a self-signed certificate for the platform signing key")
    parser.add_argument("what", choices=["csr", "self-signed"])
    parser.add_argument("--common-name", default="電子保証ポータル 署名用")
    parser.add_argument("--organization", default=None)
    parser.add_argument("--days", type=int, default=3650)
    args = parser.parse_args(argv)
    holder = signing.current_signer()
    if args.what == "csr":
        sys.stdout.write(certificate_request(holder, args.common_name, args.organization).decode("ascii"))
    else:
        from asn1crypto import pem
        certificate = self_signed_certificate(holder, args.common_name, args.days, args.organization)
        sys.stdout.write(pem.armor("CERTIFICATE", certificate.dump()).decode("ascii"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
