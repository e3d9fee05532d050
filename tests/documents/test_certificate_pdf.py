"""電子保証の写し: rendered, signed PAdES with the platform key, checked with pyHanko's own
validator and with poppler, the way a records clerk or an auditor would meet it.

No database: the key is a local one set with signing.use_signer, and the JWKS is that key.
Needs poppler-utils (pdftotext, pdfinfo, pdfdetach, pdftoppm) and the IPA fonts.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import time
from pathlib import Path

import pytest

from chalicelib.adapters import certificates
from chalicelib.adapters.pdf import certificate_layout, pades
from chalicelib.usecases import copy_certificate
from chalicelib.adapters import jose, signing
from chalicelib.domain import views
from chalicelib.adapters.config import ConfigurationError
from chalicelib.domain.guarantee import Version
from chalicelib.domain.terms_rules import parse_terms
from chalicelib.adapters.signing import LocalKeySigner
from chalicelib.domain.views import GuaranteeState
from support import TEST_SURETY_NAME, demo_body, guarantee_request

JST = dt.timezone(dt.timedelta(hours=9))
ISSUED_AT = dt.datetime(2024, 7, 1, 1, 23, 45, tzinfo=dt.timezone.utc)
MOMENT = dt.datetime(2024, 9, 10, 3, 0, tzinfo=dt.timezone.utc)


def run(*args: str, data: bytes | None = None) -> str:
    return subprocess.run(args, input=data, check=True, capture_output=True).stdout.decode("utf-8")


def make_view(version_no: int = 1, latest: int = 1, history: list[dict] | None = None, receipt: dict | None = None,
              **overrides) -> dict:
    """What POST /v1/verifications shows for a 佐久市 前払金保証 (views.for_key on a real Version)."""
    body = guarantee_request(**overrides)
    body["guarantee_period"] = {"start": "2024-07-01", "end": "2025-04-14"}
    body["project"]["period"] = {"start": "2024-07-01", "end": "2025-03-14"}
    terms = parse_terms(body, ISSUED_AT.astimezone(JST).date())
    version = Version("g-test", version_no, "test-surety", TEST_SURETY_NAME, terms, ISSUED_AT)
    history = history or [{"version": 1, "kind": "issued", "label": "新規", "date": "2024-07-01", "reason": None,
                           "reason_label": None, "changes": []}]
    state = GuaranteeState("g-test", "test-surety", terms.contract_number, latest, "valid", history, None,
                           {str(version_no): receipt} if receipt else {}, None)
    jws = signing.sign(jose.signed_document(version.certificate(version.issue_date, orderer=demo_body()), version.issued_at.strftime(
        "%Y-%m-%dT%H:%M:%SZ")))
    return views.for_key(version, state, MOMENT, jws, demo_body())


@pytest.fixture(scope="module")
def key(tmp_path_factory):
    signer = LocalKeySigner.generate(tmp_path_factory.mktemp("copy-key"))
    signing.use_signer(signer)
    signing._registered.add(signer.public_jwk()["kid"])  # no table in unit tests
    yield signer
    signing.use_signer(None)


@pytest.fixture(scope="module")
def jwks(key) -> dict:
    return {"keys": [key.public_jwk()]}


def attachments_for(view: dict, jwks: dict) -> dict:
    return {
        certificate_layout.JWS_NAME: (view["jws"].encode(), "application/jose", "JWS"),
        certificate_layout.JWKS_NAME: (json.dumps(jwks).encode(), "application/jwk-set+json", "JWKS"),
        certificate_layout.COPY_NAME: (jose.canonical_json(copy_certificate.copy_document(view, MOMENT)),
                                    "application/json", "copy"),
    }


def make_copy(view: dict, jwks: dict, key, timestamper=None) -> bytes:
    pdf = certificate_layout.render(view, MOMENT, key.public_jwk()["kid"], copy_certificate.jwks_url())
    return pades.seal(pdf, attachments_for(view, jwks), key, timestamper=timestamper, moment=MOMENT)


class Copy:
    def __init__(self, tmp: Path, name: str, view: dict, jwks: dict, key):
        self.view = view
        self.pdf = make_copy(view, jwks, key)
        self.path = tmp / f"{name}.pdf"
        self.path.write_bytes(self.pdf)
        self.text = run("pdftotext", "-enc", "UTF-8", str(self.path), "-")


@pytest.fixture(scope="module")
def tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("copy")


@pytest.fixture(scope="module")
def plain(tmp, key, jwks) -> Copy:
    return Copy(tmp, "plain", make_view(receipt={
        "orderer": "佐久市", "department": "契約検査課", "name": "佐久 花子", "date": "2024-07-02",
        "recorded_at": "2024-07-02T01:23:45Z"}), jwks, key)


@pytest.fixture(scope="module")
def superseded(tmp, key, jwks) -> Copy:
    """Version 2 of 3, as its own key shows it."""
    def amended(v, before, after):
        return {"version": v, "kind": "amended", "label": f"第{v - 1}回変更", "date": f"2024-0{v + 6}-03",
                "reason": "increase", "reason_label": "増額",
                "changes": [{"field": "amount", "label": "保証金額", "before": before, "after": after}]}
    history = [{"version": 1, "kind": "issued", "label": "新規", "date": "2024-07-01", "reason": None,
                "reason_label": None, "changes": []},
               amended(2, "20,000,000円", "22,000,000円"), amended(3, "22,000,000円", "29,000,000円")]
    return Copy(tmp, "superseded", make_view(2, latest=3, history=history), jwks, key)


def validate(pdf: bytes, trust_roots):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    context = ValidationContext(trust_roots=trust_roots, allow_fetching=False, revocation_mode="soft-fail")
    return signature, validate_pdf_signature(signature, context)


def test_the_copy_is_a_pades_certification_signature_that_validates(plain, key):
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    certificate, _ = certificates.signing_certificate(key)
    signature, status = validate(plain.pdf, [certificate])
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert status.bottom_line
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.modification_level == ModificationLevel.NONE and status.docmdp_ok
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES, not adbe.pkcs7
    assert signature.docmdp_level.value == 1  # certification: no changes permitted
    assert status.md_algorithm == "sha256" and status.pkcs7_signature_mechanism == "sha256_ecdsa"
    # The signing certificate is the JWKS key, named as the issue asked.
    assert certificates.kid_of(status.signing_cert) == key.public_jwk()["kid"]
    assert "電子保証ポータル 署名用 (ローカル)" in status.signing_cert.subject.human_friendly


def test_the_embedded_jws_is_extracted_with_poppler_and_verifies(plain, jwks, tmp):
    listing = run("pdfdetach", "-list", str(plain.path))
    assert all(name in listing for name in ("certificate.jws", "jwks.json", "copy.json"))
    out = tmp / "detached"
    out.mkdir()
    run("pdfdetach", "-saveall", "-o", str(out), str(plain.path))
    jws = (out / "certificate.jws").read_text().strip()
    assert jws == plain.view["jws"]
    document = jose.verify(jws, jwks)
    assert document["certificate"]["contract_number"] == plain.view["certificate"]["contract_number"]
    shown = json.loads((out / "copy.json").read_text())
    assert shown["certificate"] == plain.view["certificate"] and shown["jws_kid"] == jwks["keys"][0]["kid"]
    assert json.loads((out / "jwks.json").read_text()) == jwks


def test_the_marking_and_every_field_are_in_the_text(plain):
    text, c = plain.text, plain.view["certificate"]
    flat = "".join(text.split())
    assert certificate_layout.MARK in text
    for value in (c["contract_number"], "22,000,000円", "前払金保証", c["project"]["name"], c["contractor"]["name"],
                  c["contractor"]["address"], TEST_SURETY_NAME, "状態：有効", "第1版（最新）", "2024年7月1日",
                  "受領済み（長野県佐久市 契約検査課、2024年7月2日）", "確認日時2024年9月10日12:00（日本時間）",
                  "長野県佐久市", "55,000,000円", "変更の履歴"):
        assert "".join(value.split()) in flat, value
    # How to check offline, with the key id a checker looks for in the JWKS.
    assert "devtools.verify" in text and "/api/.well-known/jwks.json" in text
    assert json.loads(jose.b64url_decode(plain.view["jws"].split(".")[0]))["kid"] in flat


def test_a4_pages_with_metadata_that_says_what_it_is(plain):
    info = run("pdfinfo", "-isodates", str(plain.path))
    # The full certificate (guarantee, works, contractor, surety) and how to check it: two pages at most.
    assert ("Pages:           1" in info or "Pages:           2" in info) and "595.276 x 841.89 pts (A4)" in info
    assert "CreationDate:    2024-09-10T12:00:00+09" in info
    assert certificate_layout.MARK in info  # Subject
    assert "Form:            AcroForm" in info  # the signature field


def test_a_superseded_version_shows_status_banner_and_its_own_history_only(superseded):
    text = "".join(superseded.text.split())
    assert "状態：変更済み" in text and "第2版（最新は第3版）" in text
    assert "".join(superseded.view["banner"]["message"].split()) in text
    assert "第1回変更（増額）" in text and "保証金額：20,000,000円→22,000,000円" in text
    assert "29,000,000円" not in text  # what changed later is never revealed by an older key
    # The JWS stays the one signed at issuance ("valid"); the page says what is true now.
    assert jose.verify(superseded.view["jws"], {"keys": [signing.current_signer().public_jwk()]})[
        "status_at_signing"] == "valid"


def test_a_long_history_flows_onto_a_second_page_marked_like_the_first(tmp, key, jwks):
    history = [{"version": 1, "kind": "issued", "label": "新規", "date": "2024-07-01", "reason": None,
                "reason_label": None, "changes": []}] + [
        {"version": v, "kind": "amended", "label": f"第{v - 1}回変更", "date": "2024-09-03", "reason": "extension",
         "reason_label": "保証期限変更", "changes": [
             {"field": "guarantee_period", "label": "保証期間", "before": "2024年7月1日 〜 2025年3月14日",
              "after": "2024年7月1日 〜 2025年4月14日"},
             {"field": "project.period", "label": "工期", "before": "2024年7月1日 〜 2025年2月14日",
              "after": "2024年7月1日 〜 2025年3月14日"}]} for v in range(2, 13)]
    copy = Copy(tmp, "long", make_view(12, latest=12, history=history), jwks, key)
    pages = int(run("pdfinfo", str(copy.path)).split("Pages:")[1].split()[0])
    assert pages >= 2
    for page in range(1, pages + 1):
        text = run("pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(copy.path), "-")
        assert certificate_layout.MARK in text and f"{page}/{pages}" in "".join(text.split())
    assert "変更の履歴（続き）" in copy.text and "第11回変更" in copy.text
    _, status = validate(copy.pdf, [certificates.signing_certificate(key)[0]])
    assert status.bottom_line


def test_a_character_no_font_has_is_marked_not_dropped(tmp, key, jwks):
    view = make_view()
    view["certificate"]["contractor"]["address"] = "長野県佐久市🏗1番地"  # reference data, not checked at issuance
    copy = Copy(tmp, "unprintable", view, jwks, key)
    flat = "".join(copy.text.split())
    assert "長野県佐久市〓1番地" in flat and "正しい文字は添付のJWSに含まれています" in flat


def test_render_sign_verify_size_and_time(plain, key, jwks, capsys):
    """Measured per certificate, warm (fonts and libraries loaded once per Lambda container)."""
    from devtools import verify

    view = plain.view
    rounds = 5
    t0 = time.perf_counter()
    for _ in range(rounds):
        unsigned = certificate_layout.render(view, MOMENT, key.public_jwk()["kid"], copy_certificate.jwks_url())
    t1 = time.perf_counter()
    for _ in range(rounds):
        signed = pades.seal(unsigned, attachments_for(view, jwks), key, moment=MOMENT)
    t2 = time.perf_counter()
    for _ in range(rounds):
        report = verify.Report()
        document, _ = verify.check_pdf(signed, jwks, report)
        assert document is not None and not report.failed, report.lines
    t3 = time.perf_counter()
    with capsys.disabled():
        print(f"\n[certificate copy] render {(t1 - t0) / rounds * 1000:.0f} ms, sign (attach + PAdES) "
              f"{(t2 - t1) / rounds * 1000:.0f} ms, offline check (pyHanko validation + JWS + pdftotext) "
              f"{(t3 - t2) / rounds * 1000:.0f} ms; unsigned {len(unsigned) / 1024:.1f} KiB, "
              f"signed {len(signed) / 1024:.1f} KiB")
    assert len(signed) < 300 * 1024


def test_the_local_signing_certificate_is_kept_next_to_the_key(key, monkeypatch, tmp_path):
    from asn1crypto import pem, x509

    monkeypatch.setenv("PORTAL_SIGNING_DIR", str(tmp_path))
    monkeypatch.setattr(certificates, "_certificates", {})
    first, _ = certificates.signing_certificate(key)
    path = tmp_path / f"{key.public_jwk()['kid']}.crt"
    stored = x509.Certificate.load(pem.unarmor(path.read_bytes())[2])
    assert stored.dump() == first.dump()
    monkeypatch.setattr(certificates, "_certificates", {})
    assert certificates.signing_certificate(key)[0].dump() == first.dump()  # read back, not made again
    assert first.key_usage_value.native == {"digital_signature", "non_repudiation"}


def _ca_issued_pem(signer, ca_name: str = "運用テスト CA") -> tuple[str, object]:
    """An operations CA and a certificate it issued for signer's public key (PEM: leaf, then CA)."""
    from cryptography import x509 as cx509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_subject = cx509.Name([cx509.NameAttribute(NameOID.COMMON_NAME, ca_name)])
    now = dt.datetime.now(dt.timezone.utc)
    ca = (cx509.CertificateBuilder().subject_name(ca_subject).issuer_name(ca_subject).public_key(ca_key.public_key())
          .serial_number(1).not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=365))
          .add_extension(cx509.BasicConstraints(ca=True, path_length=0), critical=True).sign(ca_key, hashes.SHA256()))
    jwk = signer.public_jwk()
    public = ec.EllipticCurvePublicNumbers(int.from_bytes(jose.b64url_decode(jwk["x"]), "big"),
                                           int.from_bytes(jose.b64url_decode(jwk["y"]), "big"),
                                           ec.SECP256R1()).public_key()
    leaf = (cx509.CertificateBuilder()
            .subject_name(cx509.Name([cx509.NameAttribute(NameOID.COMMON_NAME, "電子保証ポータル 署名用")]))
            .issuer_name(ca_subject).public_key(public).serial_number(2)
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=365))
            .add_extension(cx509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .sign(ca_key, hashes.SHA256()))
    pem_text = (leaf.public_bytes(serialization.Encoding.PEM) + ca.public_bytes(serialization.Encoding.PEM)).decode()
    from asn1crypto import x509
    return pem_text, x509.Certificate.load(ca.public_bytes(serialization.Encoding.DER))


class FakeKms:
    """kms:GetPublicKey and kms:Sign (MessageType DIGEST) done by a local key, recording calls."""

    def __init__(self, private_key):
        self.key = private_key
        self.sign_calls: list[dict] = []

    def get_public_key(self, KeyId):
        from cryptography.hazmat.primitives import serialization
        return {"PublicKey": self.key.public_key().public_bytes(serialization.Encoding.DER,
                                                                serialization.PublicFormat.SubjectPublicKeyInfo)}

    def sign(self, **request):
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec, utils
        self.sign_calls.append(request)
        assert request["MessageType"] == "DIGEST" and len(request["Message"]) == 32
        return {"Signature": self.key.sign(request["Message"], ec.ECDSA(utils.Prehashed(hashes.SHA256())))}


def test_kms_signs_the_pdf_through_sign_der_with_the_certificate_operations_provide(monkeypatch, tmp_path, plain, key):
    from devtools import verify

    kms = FakeKms(LocalKeySigner.generate(tmp_path).private_key())
    holder = signing.KmsSigner("arn:aws:kms:ap-northeast-1:111122223333:key/copy", kms)
    monkeypatch.setattr(certificates, "_certificates", {})
    monkeypatch.delenv(certificates.CERT_ENV, raising=False)
    with pytest.raises(ConfigurationError, match="PORTAL_SIGNING_CERT"):
        certificates.signing_certificate(holder)

    pem_text, ca = _ca_issued_pem(holder)
    monkeypatch.setenv(certificates.CERT_ENV, pem_text)
    jwks = {"keys": [holder.public_jwk(), key.public_jwk()]}  # the PDF's key and the JWS's
    pdf = pades.seal(certificate_layout.render(plain.view, MOMENT, holder.public_jwk()["kid"], copy_certificate.jwks_url()),
                               attachments_for(plain.view, jwks), holder, moment=MOMENT)
    assert len(kms.sign_calls) == 1  # the PDF signature is one kms:Sign call
    _, status = validate(pdf, [ca])  # a CA-anchored validator accepts it...
    assert status.bottom_line, status.pretty_print_details()
    report = verify.Report()  # ...and so does the JWKS-anchored offline check
    document, _ = verify.check_pdf(pdf, jwks, report)
    assert document is not None and not report.failed, report.lines

    other = LocalKeySigner.generate(tmp_path / "other")
    monkeypatch.setattr(certificates, "_certificates", {})
    monkeypatch.setenv(certificates.CERT_ENV, _ca_issued_pem(other)[0])
    with pytest.raises(ConfigurationError, match="not for the signing key"):
        certificates.signing_certificate(holder)


def test_a_csr_and_a_self_signed_certificate_for_the_kms_key_are_signed_by_that_key(tmp_path):
    from cryptography import x509 as cx509
    from cryptography.hazmat.primitives import serialization

    kms = FakeKms(LocalKeySigner.generate(tmp_path).private_key())
    holder = signing.KmsSigner("arn:aws:kms:ap-northeast-1:111122223333:key/csr", kms)
    request = cx509.load_pem_x509_csr(certificates.certificate_request(holder, "電子保証ポータル 署名用"))
    assert request.is_signature_valid
    assert request.subject.rfc4514_string().startswith("CN=電子保証ポータル 署名用")
    certificate = cx509.load_der_x509_certificate(certificates.self_signed_certificate(holder, "署名用").dump())
    certificate.verify_directly_issued_by(certificate)
    assert certificate.public_key().public_bytes(serialization.Encoding.DER,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo) == \
        kms.get_public_key("x")["PublicKey"]


def _dummy_tsa():
    """pyHanko's in-process TSA (RSA only) with a time-stamping certificate of its own."""
    from asn1crypto import keys, x509
    from cryptography import x509 as cx509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pyhanko.sign.timestamps import DummyTimeStamper

    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = cx509.Name([cx509.NameAttribute(NameOID.COMMON_NAME, "Test TSA")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (cx509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(tsa_key.public_key())
            .serial_number(7).not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(cx509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .sign(tsa_key, hashes.SHA256()))
    tsa_cert = x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    private = keys.PrivateKeyInfo.load(tsa_key.private_bytes(serialization.Encoding.DER,
                                                             serialization.PrivateFormat.PKCS8,
                                                             serialization.NoEncryption()))
    return DummyTimeStamper(tsa_cert=tsa_cert, tsa_key=private), tsa_cert


def test_with_a_tsa_the_signature_carries_a_time_stamp(plain, key, jwks, monkeypatch):
    """PAdES B-T. No TSA is reachable here: pyHanko's in-process one stands in for the HTTP one."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.timestamps import HTTPTimeStamper
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    monkeypatch.delenv(pades.TSA_ENV, raising=False)
    assert pades.timestamper() is None
    monkeypatch.setenv(pades.TSA_ENV, "http://tsa.example.invalid/tsp")
    configured = pades.timestamper()
    assert isinstance(configured, HTTPTimeStamper) and configured.url == "http://tsa.example.invalid/tsp"

    timestamper, tsa_cert = _dummy_tsa()
    pdf = make_copy(plain.view, jwks, key, timestamper=timestamper)
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    status = validate_pdf_signature(
        signature, ValidationContext(trust_roots=[certificates.signing_certificate(key)[0]], allow_fetching=False),
        ts_validation_context=ValidationContext(trust_roots=[tsa_cert], allow_fetching=False))
    assert status.bottom_line
    assert status.timestamp_validity is not None and status.timestamp_validity.intact
    assert status.timestamp_validity.trusted

    from devtools import verify
    report = verify.Report()  # offline, without the TSA's certificate: intact is what it can say
    document, _ = verify.check_pdf(pdf, jwks, report)
    assert document is not None and not report.failed, report.lines
    assert any("タイムスタンプは署名と一致します" in line for line in report.lines)


def test_the_cancellation_and_history_rows_are_certificate_texts(tmp, key, jwks, monkeypatch):
    # The copy prints the rows certificate_text states (as a verification answer carries them),
    # not words of its own: change the statement, and the copy changes with it.
    from chalicelib.domain import certificate_text
    stated_history = certificate_text.history_rows
    monkeypatch.setattr(certificate_text, "cancellation_row", lambda c: ("cancellation", "解約日", [f"解約{c['date']}"]))
    monkeypatch.setattr(certificate_text, "history_rows",
                        lambda entries: [dict(r, content="履歴" + r["content"]) for r in stated_history(entries)])
    view = make_view()
    view["guarantee"]["cancellation"] = {"date": "2024-09-01", "reason": "工事の中止", "recorded_at": "2024-09-01T00:00:00Z"}
    flat = "".join(Copy(tmp, "stated", view, jwks, key).text.split())
    assert "解約2024-09-01" in flat and "履歴新規" in flat
