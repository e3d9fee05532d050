"""The notice PDF at issuance and again by number and key (POST /v1/notices)."""
from __future__ import annotations

import base64
import json
import subprocess

from support import TEST_SURETY_ID, current_store, guarantee_request, issue_headers, post_json


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def notice_bytes(issued: dict) -> bytes:
    notice = issued["notice"]
    assert notice["content_type"] == "application/pdf"
    assert notice["filename"] == f"電子保証認証キーのお知らせ_{issued['guarantee']['contract_number']}.pdf"
    return base64.b64decode(notice["data_base64"])


def test_issuance_carries_the_notice_with_number_and_key(issue_guarantee):
    issued = issue_guarantee()
    pdf = notice_bytes(issued)
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert "認証キー" in text and "のお知らせ" in text
    assert issued["guarantee"]["contract_number"] in text
    assert issued["auth_key"] in text


def test_a_replay_and_a_later_request_give_the_same_document(api, surety_token):
    body, headers = guarantee_request(), issue_headers(surety_token)
    first = post_json(api, "/v1/guarantees", body, headers).json_body
    replay = post_json(api, "/v1/guarantees", body, headers).json_body
    assert replay["notice"] == first["notice"]
    later = post_json(api, "/v1/notices", {"contract_number": body["contract_number"], "auth_key": first["auth_key"]},
                      {"Accept": "application/pdf"})
    assert later.status_code == 200
    assert later.headers["Content-Type"] == "application/pdf"
    assert later.headers["Cache-Control"] == "no-store"
    assert "filename*=UTF-8''" in later.headers["Content-Disposition"]
    assert later.body == notice_bytes(first)


def test_a_notice_request_is_logged_and_a_wrong_key_gets_the_uniform_404(api, issue_guarantee):
    issued, other = issue_guarantee(), issue_guarantee()
    number = issued["guarantee"]["contract_number"]
    wrong = post_json(api, "/v1/notices", {"contract_number": number, "auth_key": other["auth_key"]},
                      {"Accept": "application/pdf"})
    assert wrong.status_code == 404
    assert json.loads(wrong.body)["error"]["code"] == "not_found"
    right = post_json(api, "/v1/notices", {"contract_number": number, "auth_key": issued["auth_key"]},
                      {"Accept": "application/pdf"})
    assert right.status_code == 200
    events = current_store().events.list(issued["guarantee"]["guarantee_id"])
    assert [(e["type"], e.get("outcome"), e.get("purpose")) for e in events] == [
        ("issued", None, None), ("verification", "success", "notice")]  # the wrong key: counted only


def test_names_the_notice_cannot_print_are_refused_before_anything_is_stored(api, surety_token):
    body = guarantee_request()
    body["contractor"]["representative"] = "代表取締役 🏗 太郎"  # no notice font has emoji
    response = post_json(api, "/v1/guarantees", body, issue_headers(surety_token))
    assert response.status_code == 400
    error = response.json_body["error"]
    assert (error["code"], error["field"]) == ("unprintable_character", "contractor.representative")
    assert "印字できない文字" in error["message"]
    assert current_store().guarantees.find_guarantee_id(TEST_SURETY_ID, body["contract_number"]) is None


def test_rare_kanji_are_printed_on_the_notice(issue_guarantee):
    issued = issue_guarantee(contractor={"name": "髙﨑建設株式会社", "address": "長野県佐久市中込1丁目1番1号",
                                          "representative": "代表取締役 𠮷田 一郎"})
    text = pdf_text(notice_bytes(issued))
    assert "髙﨑建設株式会社" in text
