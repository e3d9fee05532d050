"""The offline checker `python -m devtools.verify FILE --jwks JWKS`, run as a person would run
it (a subprocess, nothing but files), on good and on tampered certificates."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chalicelib.adapters.pdf import certificate_layout, pades
from chalicelib.usecases import copy_certificate
from chalicelib.adapters import signing
from chalicelib.adapters.signing import LocalKeySigner
from support import REPO
from test_certificate_pdf import MOMENT, attachments_for, make_view


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A key, its JWKS, a good JWS and a good signed copy, written as files."""
    tmp = tmp_path_factory.mktemp("offline")
    signer = LocalKeySigner.generate(tmp / "key")
    signing.use_signer(signer)
    signing._registered.add(signer.public_jwk()["kid"])  # no table in unit tests
    jwks = {"keys": [signer.public_jwk()]}
    view, other = make_view(), make_view()
    pdf = pades.seal(certificate_layout.render(view, MOMENT, signer.public_jwk()["kid"], copy_certificate.jwks_url()),
                               attachments_for(view, jwks), signer, moment=MOMENT)
    paths = {"tmp": tmp, "jwks": tmp / "jwks.json", "jws": tmp / "certificate.jws", "pdf": tmp / "copy.pdf"}
    paths["jwks"].write_text(json.dumps(jwks))
    paths["jws"].write_text(view["jws"] + "\n")
    paths["pdf"].write_bytes(pdf)
    yield {**paths, "view": view, "other": other, "signer": signer, "jwks_doc": jwks, "pdf_bytes": pdf}
    signing.use_signer(None)


def verify(path: Path, jwks: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "api")}
    return subprocess.run([sys.executable, "-m", "devtools.verify", str(path), "--jwks", str(jwks)],
                          cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)


def assert_invalid(result: subprocess.CompletedProcess, *expected: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "結果: 無効" in result.stdout and "RESULT: INVALID" in result.stdout
    for text in expected:
        assert text in result.stdout, result.stdout
    assert "Traceback" not in result.stderr, result.stderr


def test_a_good_jws_is_valid_and_its_essentials_are_printed(files):
    result = verify(files["jws"], files["jwks"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "結果: 有効" in result.stdout and "RESULT: VALID" in result.stdout
    certificate = files["view"]["certificate"]
    assert certificate["contract_number"] in result.stdout and "22,000,000円" in result.stdout
    assert files["signer"].public_jwk()["kid"] in result.stdout


def test_a_jws_with_one_payload_character_changed_is_invalid(files):
    header, payload, signature = files["view"]["jws"].split(".")
    i = len(payload) // 2  # inside the payload: the last character may only carry padding bits
    tampered = payload[:i] + ("A" if payload[i] != "A" else "B") + payload[i + 1:]
    path = files["tmp"] / "tampered.jws"
    path.write_text(f"{header}.{tampered}.{signature}")
    assert_invalid(verify(path, files["jwks"]), "[NG]", "tampered")


def test_a_good_pdf_is_valid(files):
    result = verify(files["pdf"], files["jwks"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[NG]" not in result.stdout
    for line in ("PDF に署名した鍵が JWKS にあります", "署名の後に変更（追記）はありません",
                 "JWS の内容と写しの記載内容（状態以外のすべての項目・版）が一致します",
                 "印字された保証契約番号・保証金額が JWS と一致します"):
        assert line in result.stdout
    assert "RESULT: VALID" in result.stdout


def test_a_pdf_with_one_byte_changed_inside_the_signed_range_is_invalid(files):
    pdf = bytearray(files["pdf_bytes"])
    # A digit of the page size: still a parseable PDF, so only the signature can tell.
    at = pdf.index(b"/MediaBox [ 0 0 595.2756 841.8898 ]") + len(b"/MediaBox [ 0 0 595.275")
    pdf[at:at + 1] = b"7" if pdf[at:at + 1] != b"7" else b"8"
    path = files["tmp"] / "byte.pdf"
    path.write_bytes(bytes(pdf))
    assert_invalid(verify(path, files["jwks"]), "PDF の署名が内容と一致しません")


def test_a_pdf_with_another_certificates_jws_swapped_in_afterwards_is_invalid(files):
    """The attacker's way: an incremental update that replaces the attachment."""
    from pyhanko.pdf_utils import embed, generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(files["pdf_bytes"]))
    names = writer.root["/Names"]["/EmbeddedFiles"]["/Names"]
    index = [str(names[i]) for i in range(0, len(names), 2)].index(certificate_layout.JWS_NAME) * 2
    spec_ref = names.raw_get(index + 1)
    spec = spec_ref.get_object()
    stream = embed.EmbeddedFileObject.from_file_data(writer, files["other"]["jws"].encode())
    spec["/EF"] = generic.DictionaryObject({generic.pdf_name("/F"): stream.ef_stream_ref,
                                            generic.pdf_name("/UF"): stream.ef_stream_ref})
    writer.update_container(spec)
    out = io.BytesIO()
    writer.write(out)
    path = files["tmp"] / "swapped-later.pdf"
    path.write_bytes(out.getvalue())
    # Poppler now shows the other certificate's JWS as the attachment...
    detached = subprocess.run(["pdfdetach", "-save", "1", "-o", "/dev/stdout", str(path)], capture_output=True)
    assert files["other"]["jws"].encode() in detached.stdout
    # ...and the checker says the document changed after signing.
    assert_invalid(verify(path, files["jwks"]), "署名の後に PDF が変更されています")


def test_a_signed_pdf_whose_jws_is_another_certificates_is_invalid(files):
    """Signed as a whole, but the JWS is not the one for what the page says (a portal bug, or a
    forger holding the key): the content check catches it."""
    view, other = files["view"], files["other"]
    attachments = attachments_for(view, files["jwks_doc"])
    attachments[certificate_layout.JWS_NAME] = (other["jws"].encode(), "application/jose", "JWS")
    pdf = pades.seal(certificate_layout.render(view, MOMENT, files["signer"].public_jwk()["kid"], copy_certificate.jwks_url()),
                               attachments, files["signer"], moment=MOMENT)
    path = files["tmp"] / "swapped-signed.pdf"
    path.write_bytes(pdf)
    result = verify(path, files["jwks"])
    assert_invalid(result, "保証契約番号が JWS", "JWS と写しの記載内容が異なります", "印字された保証契約番号・保証金額が JWS と一致しません")
    assert "[OK] PDF の署名は内容と一致します" in result.stdout  # the signature itself is fine


def test_a_jwks_without_the_key_makes_both_invalid(files):
    stranger = LocalKeySigner.generate(files["tmp"] / "stranger").public_jwk()
    path = files["tmp"] / "other-jwks.json"
    path.write_text(json.dumps({"keys": [stranger]}))
    assert_invalid(verify(files["jws"], path), "署名した鍵が JWKS にありません")
    assert_invalid(verify(files["pdf"], path), "PDF に署名した鍵が JWKS にありません")


def test_garbage_is_invalid_and_a_missing_jwks_is_a_usage_error(files):
    path = files["tmp"] / "garbage.pdf"
    path.write_bytes(b"%PDF-1.7\nnot really a pdf\n")
    assert_invalid(verify(path, files["jwks"]))
    missing = verify(files["jws"], files["tmp"] / "no-such-jwks.json")
    assert missing.returncode == 2 and "JWKS を読み取れません" in missing.stdout


@pytest.mark.parametrize("kind, lines", [
    ("performance_insurance", ("証券番号 / contract number", "保険金額 / amount: 5,500,000円", "保険期間 / period",
                               "被保険者（発注者） / orderer", "保険契約者（受注者） / contractor",
                               "保険会社 / issuer: テスト損害保険株式会社", "特約 / riders: 公共工事履行保証特約",
                               "印字された証券番号・保険金額が JWS と一致します")),
    ("bank_guarantee", ("保証書番号 / contract number", "債権者（発注者） / orderer",
                        "保証人（銀行等） / issuer: 株式会社テスト銀行", "保証する支店 / branch: 佐久支店 支店長 信濃 一郎",
                        "印字された保証書番号・保証金額が JWS と一致します")),
])
def test_an_insurers_and_a_banks_copy_is_checked_in_its_own_words(files, kind, lines):
    from test_instrument_documents import Documents, version_of
    copy = Documents(files["tmp"], f"verify-{kind}", version_of(kind), files["signer"])
    result = verify(copy.copy_path, files["jwks"])
    assert result.returncode == 0, result.stdout + result.stderr
    for line in lines:
        assert line in result.stdout, result.stdout
    assert "保証会社" not in result.stdout
