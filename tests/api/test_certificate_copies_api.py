"""POST /v1/certificate-copies: the signed PDF copy of what a number and key show."""
from __future__ import annotations

import io
import json
import subprocess
from urllib.parse import quote

from chalicelib.adapters import clock
from devtools import verify
from openapi_document import advance_increase
from support import current_store, issue_headers, post_json

PDF = {"Accept": "application/pdf"}


def text_of(pdf: bytes) -> str:
    return "".join(subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                                  check=True).stdout.decode().split())


def check_offline(pdf: bytes, jwks: dict) -> tuple[dict, dict]:
    report = verify.Report()
    document, shown = verify.check_pdf(pdf, jwks, report)
    assert document is not None and not report.failed, report.lines
    return document, shown


def test_a_copy_is_a_signed_pdf_carrying_the_jws_the_verification_shows(api, issue_guarantee):
    issued = issue_guarantee()
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    response = post_json(api, "/v1/certificate-copies", {"contract_number": number, "auth_key": key}, PDF)
    assert response.status_code == 200, response.body
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert f"filename*=UTF-8''{quote(f'電子保証の写し_{number}_第1版.pdf')}" in response.headers["Content-Disposition"]
    pdf = response.body
    assert pdf.startswith(b"%PDF-")

    jwks = api.get("/.well-known/jwks.json").json_body
    document, shown = check_offline(pdf, jwks)
    shown_now = post_json(api, "/v1/verifications", {"contract_number": number, "auth_key": key}).json_body
    assert document["certificate"] == shown_now["certificate"]
    assert shown["certificate"] == shown_now["certificate"] and shown["guarantee"] == shown_now["guarantee"]
    text = text_of(pdf)
    assert "閲覧用の写し。提出書類には使えません" in text and number in text and "状態：有効" in text
    assert key not in text and key.encode() not in pdf  # the key opens the copy; it is never in it


def test_an_old_version_copy_says_superseded_with_the_banner(api, surety_token, issue_guarantee):
    issued = issue_guarantee(amount=20_000_000)
    gid, number = issued["guarantee"]["guarantee_id"], issued["guarantee"]["contract_number"]
    body = {"base_version": 1, "reason": "increase", "effective_date": clock.today().isoformat(),
            "changes": advance_increase(25_000_000)}
    amended = post_json(api, f"/v1/guarantees/{gid}/amendments", body, issue_headers(surety_token))
    assert amended.status_code == 201, amended.body
    body = {"contract_number": number, "auth_key": issued["auth_key"]}
    response = post_json(api, "/v1/certificate-copies", body, PDF)
    assert response.status_code == 200
    text = text_of(response.body)
    assert "状態：変更済み" in text and "第1版（最新は第2版）" in text and "この電子保証は変更されています" in text
    assert "20,000,000円" in text and "25,000,000円" not in text  # an old key never shows what came later
    document, shown = check_offline(response.body, api.get("/.well-known/jwks.json").json_body)
    assert document["status_at_signing"] == "valid" and shown["guarantee"]["status"] == "superseded"


def test_another_guarantees_key_gets_the_uniform_404_and_the_copy_is_logged(api, issue_guarantee):
    issued, other = issue_guarantee(), issue_guarantee()
    number = issued["guarantee"]["contract_number"]
    wrong = post_json(api, "/v1/certificate-copies", {"contract_number": number, "auth_key": other["auth_key"]}, PDF)
    assert wrong.status_code == 404
    assert wrong.headers["Content-Type"].startswith("application/json")
    assert json.loads(wrong.body)["error"]["code"] == "not_found"
    right = post_json(api, "/v1/certificate-copies", {"contract_number": number, "auth_key": issued["auth_key"]}, PDF)
    assert right.status_code == 200
    events = current_store().events.list(issued["guarantee"]["guarantee_id"])
    # The wrong key was only counted (the same work as for a number nobody issued).
    assert [(e["type"], e.get("outcome"), e.get("purpose")) for e in events] == [
        ("issued", None, None), ("verification", "success", "copy")]
    assert events[-1]["version"] == 1


def test_a_malformed_key_is_refused_before_any_lookup(api, issue_guarantee):
    issued = issue_guarantee()
    number = issued["guarantee"]["contract_number"]
    typo = issued["auth_key"][:-1] + ("0" if issued["auth_key"][-1] != "0" else "1")
    response = post_json(api, "/v1/certificate-copies", {"contract_number": number, "auth_key": typo}, PDF)
    assert response.status_code == 400
    assert json.loads(response.body)["error"]["field"] == "auth_key"
    assert [e["type"] for e in current_store().events.list(issued["guarantee"]["guarantee_id"])] == ["issued"]


def test_the_copy_is_signed_with_the_current_key_after_rotation(api, issue_guarantee):
    import os
    from pathlib import Path

    from chalicelib.adapters import signing
    from pyhanko.pdf_utils.reader import PdfFileReader

    issued = issue_guarantee()  # signed by the key current now
    signing.rotate_local(Path(os.environ["PORTAL_SIGNING_DIR"]), current_store().signing_keys)
    new_kid = signing.current_signer().public_jwk()["kid"]
    response = post_json(api, "/v1/certificate-copies", {"contract_number": issued["guarantee"]["contract_number"],
                                                         "auth_key": issued["auth_key"]}, PDF)
    assert response.status_code == 200
    jwks = api.get("/.well-known/jwks.json").json_body
    check_offline(response.body, jwks)  # the PDF by the new key, the JWS by the retired one: both listed
    signer_cert = PdfFileReader(io.BytesIO(response.body)).embedded_signatures[0].signer_cert
    assert verify._jwk_for_certificate(signer_cert, jwks)["kid"] == new_kid
    assert (Path(os.environ["PORTAL_SIGNING_DIR"]) / f"{new_kid}.crt").is_file()
