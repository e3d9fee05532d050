"""The full 保証証書: everything a paper 前払金保証証書 / 契約保証証書 says — 前払金額, 預託金融機関,
再預託, 請負契約日, 工事番号, 保証約款, a joint venture and its members, the surety's 代表者,
本店所在地 and 取扱支店 — in the API, on the notice and on the signed copy."""
from __future__ import annotations

import base64
import copy
import subprocess

import pytest

from chalicelib.domain import certificate_text
from devtools.demo import DEMO_JV
from support import guarantee_request, issue_headers, post_json

SURETY_ID = "full-certificate-surety"
PROFILE = {"representative": "代表取締役社長 東 日本", "head_office": "東京都中央区八丁堀二丁目1番1号"}
BRANCH = {"department": "長野支店", "phone": "026-000-0000", "email": "nagano@surety.example",
          "hours": "平日 9:00〜17:00"}
PDF = {"Accept": "application/pdf"}


@pytest.fixture(scope="module")
def token(module_wiring) -> str:
    from chalicelib.usecases import sureties
    sureties.register(SURETY_ID, "東日本テスト建設業保証株式会社", {"department": "本店"},
                      branches={"nagano": BRANCH}, **PROFILE)
    return sureties.create_token(SURETY_ID, label="full certificate")[1]


def text_of(pdf: bytes) -> str:
    return "".join(subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                                  check=True).stdout.decode().split())


def jv_request(**overrides) -> dict:
    body = guarantee_request(contractor=copy.deepcopy(DEMO_JV), surety_branch="nagano")
    body.update(overrides)
    return body


def issue(api, token, body) -> dict:
    response = post_json(api, "/v1/guarantees", body, issue_headers(token))
    assert response.status_code == 201, response.body
    return response.json_body


def problems(api, token, body) -> set[tuple[str, str]]:
    response = post_json(api, "/v1/guarantees", body, issue_headers(token))
    assert response.status_code == 400, response.body
    error = response.json_body["error"]
    return {(d["code"], d["field"]) for d in error.get("details", [error])}


@pytest.fixture(scope="module")
def jv(api, token) -> dict:
    body = jv_request()
    return {"request": body, "issued": issue(api, token, body)}


def test_a_joint_ventures_advance_guarantee_carries_every_field(api, jv):
    body, issued = jv["request"], jv["issued"]
    key = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"]}
    certificate = post_json(api, "/v1/verifications", key).json_body["certificate"]
    assert certificate["advance"] == body["advance"]
    assert certificate["contract_date"] == body["contract_date"]
    assert certificate["guarantee_terms"] == body["guarantee_terms"]
    assert certificate["project"]["number"] == body["project"]["number"]
    assert certificate["contractor"]["members"] == DEMO_JV["members"]
    assert certificate["surety"] == {"id": SURETY_ID, "name": "東日本テスト建設業保証株式会社", **PROFILE,
                                     "issuer_type": "surety_company", "issuer_type_label": "保証事業会社",
                                     "contact": BRANCH}


def _every_line(certificate: dict, with_contact: bool = True) -> list[str]:
    return [line for _, rows in certificate_text.sections(certificate, with_contact) for label, lines in rows
            for line in [label, *lines]]


def test_the_notice_prints_every_field(jv):
    issued = jv["issued"]
    text = text_of(base64.b64decode(issued["notice"]["data_base64"]))
    # The contact is the letter's footer (お問い合わせ先), without the labels of the page's rows.
    for line in _every_line(issued["guarantee"], with_contact=False) + list(BRANCH.values()):
        assert "".join(line.split()) in text, line
    for printed in ("八十二銀行佐久支店", "利用しない", "前払金保証約款（2020年4月1日改正）", "構成員2", "佐久土木株式会社",
                    "代表取締役社長東日本", "長野支店", "026-000-0000"):
        assert printed in text, printed
    assert "第1版" not in text and "変更" not in text  # the first notice is as it always was


def test_the_signed_copy_prints_every_field(api, jv):
    issued = jv["issued"]
    key = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"]}
    response = post_json(api, "/v1/certificate-copies", key, PDF)
    assert response.status_code == 200, response.body
    text = text_of(response.body)
    for line in _every_line(issued["guarantee"]):
        assert "".join(line.split()) in text, line


def test_an_amended_notice_says_its_version_its_date_and_what_changed(api, token, jv):
    issued = issue(api, token, jv_request())
    gid = issued["guarantee"]["guarantee_id"]
    new_bank = {"bank_name": "長野銀行", "branch_name": "佐久支店"}  # no codes: the old ones must not survive
    members = [DEMO_JV["members"][0], {"name": "岩村田建設株式会社", "address": "長野県佐久市岩村田3番",
                                       "representative": "代表取締役 岩村田 一"}]
    amendment = {"base_version": 1, "reason": "other", "effective_date": issued["guarantee"]["issue_date"],
                 "changes": {"advance": {"deposit_bank": new_bank}, "contractor": {"members": members}}}
    response = post_json(api, f"/v1/guarantees/{gid}/amendments", amendment, issue_headers(token))
    assert response.status_code == 201, response.body
    second = response.json_body
    assert second["guarantee"]["advance"]["deposit_bank"] == new_bank
    assert second["guarantee"]["contractor"]["members"] == members
    assert second["notice"]["filename"].endswith("_第2版.pdf")
    text = text_of(base64.b64decode(second["notice"]["data_base64"]))
    assert "電子保証にかかる「認証キー」のお知らせ（第2版）" in text
    assert "変更により、電子保証を変更いたしました（第2版）" in text
    assert "これまでの版の認証キーに代わるもの" in text
    assert "預託金融機関" in text and "八十二銀行佐久支店（金融機関コード0143・支店コード301）→長野銀行佐久支店" in text
    # Member by member: only the one that changed, with its place, address and representative.
    assert "構成員2：佐久土木株式会社（長野県佐久市岩村田2丁目2番2号、代表取締役岩村田花子）→構成員2：岩村田建設株式会社" in text
    assert "構成員1：浅間建設株式会社" not in text
    history = api.get(f"/v1/guarantees/{gid}", headers=issue_headers(token)).json_body
    [entry] = [v for v in history["versions"] if v["version"] == 2]
    labels = [change["label"] for change in entry["amendment"]["changes"]]
    assert labels == ["共同企業体の構成員", "預託金融機関"]


@pytest.mark.parametrize("change, found", [
    (lambda b: b.update(kind="contract"), ("not_for_kind", "advance")),
    (lambda b: b.pop("advance"), ("missing_field", "advance")),
    (lambda b: b["advance"].update(amount=55_000_001), ("advance_exceeds_contract_price", "advance.amount")),
    (lambda b: b["advance"]["deposit_bank"].update(bank_code="143"), ("invalid_bank_code", "advance.deposit_bank.bank_code")),
    (lambda b: b["advance"]["deposit_bank"].update(branch_code="３０１"),
     ("invalid_branch_code", "advance.deposit_bank.branch_code")),
    (lambda b: b["advance"].update(redeposit="no"), ("invalid_type", "advance.redeposit")),
    (lambda b: b["contractor"].update(members=b["contractor"]["members"][:1]), ("too_few_members", "contractor.members")),
    (lambda b: b["contractor"]["members"][1].update(corporate_number="1234567890123"),
     ("invalid_corporate_number", "contractor.members.1.corporate_number")),
    (lambda b: b["contractor"]["members"][1].update(name=" "), ("missing_field", "contractor.members.1.name")),
    (lambda b: b.update(surety_branch="tokyo"), ("unknown_surety_branch", "surety_branch")),
    (lambda b: b.pop("contract_date"), ("missing_field", "contract_date")),
    (lambda b: b["guarantee_terms"].pop("revision"), ("missing_field", "guarantee_terms.revision")),
])
def test_refusals_name_the_field(api, token, change, found):
    body = jv_request()
    change(body)
    assert found in problems(api, token, body)


def test_messages_name_members_and_the_bank_in_japanese(api, token):
    body = jv_request()
    body["contractor"]["members"][1]["corporate_number"] = "1234567890123"
    body["advance"]["deposit_bank"]["bank_code"] = "12"
    error = post_json(api, "/v1/guarantees", body, issue_headers(token)).json_body["error"]
    messages = {d["field"]: d["message"] for d in error.get("details", [error])}
    assert messages["advance.deposit_bank.bank_code"] == "金融機関コードは半角数字4桁で指定してください。"
    body["advance"]["deposit_bank"]["bank_code"] = "0143"
    error = post_json(api, "/v1/guarantees", body, issue_headers(token)).json_body["error"]
    assert error["message"] == "構成員2の法人番号が正しくありません（13桁、先頭はチェックディジット）。"


def test_a_contract_guarantee_shows_its_ratio_to_the_contract_price(api, token):
    issued = issue(api, token, guarantee_request(kind="contract", amount=5_500_001))
    rows = dict(certificate_text.guarantee_rows(issued["guarantee"]))
    # Rounded down: 10.0000018% reads as the tenth it is.
    assert rows["保証金額"] == ["5,500,001円（請負代金額の10%）"]
    # Below the tenth, a version issued before the checks reads 9.9%, never the tenth it is not.
    assert dict(certificate_text.guarantee_rows({**issued["guarantee"], "amount": 5_499_999}))["保証金額"] == [
        "5,499,999円（請負代金額の9.9%）"]
    assert "advance" not in issued["guarantee"]


def test_a_new_representative_of_one_member_is_a_change_of_that_member(api, token):
    issued = issue(api, token, jv_request())
    gid = issued["guarantee"]["guarantee_id"]
    members = copy.deepcopy(DEMO_JV["members"])
    members[1]["representative"] = "代表取締役 岩村田 次郎"
    amendment = {"base_version": 1, "reason": "other", "effective_date": issued["guarantee"]["issue_date"],
                 "changes": {"contractor": {"members": members}}}
    response = post_json(api, f"/v1/guarantees/{gid}/amendments", amendment, issue_headers(token))
    assert response.status_code == 201, response.body
    [change] = response.json_body["guarantee"] and api.get(
        f"/v1/guarantees/{gid}", headers=issue_headers(token)).json_body["versions"][-1]["amendment"]["changes"]
    assert change["label"] == "共同企業体の構成員"
    assert change["before"].endswith("代表取締役 岩村田 花子）") and change["after"].endswith("代表取締役 岩村田 次郎）")


@pytest.mark.parametrize("change, found", [
    (lambda b: b["contractor"].update(representative="佐久土木株式会社 代表取締役 岩村田 花子"),
     ("jv_representative_mismatch", "contractor.representative")),
    (lambda b: b["contractor"]["members"].append(dict(b["contractor"]["members"][1])),
     ("duplicate_member", "contractor.members.2.name")),
    (lambda b: b["guarantee_terms"].update(revision="2099-01-01"),
     ("terms_revision_in_future", "guarantee_terms.revision")),
])
def test_what_cannot_be_true_of_a_certificate_is_refused(api, token, change, found):
    body = jv_request()
    change(body)
    assert found in problems(api, token, body)


def test_the_terms_carry_the_url_of_their_full_text_to_the_orderer(api, jv):
    body, issued = jv["request"], jv["issued"]
    assert body["guarantee_terms"]["url"].startswith("https://")  # the demo's terms state one
    key = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"]}
    answer = post_json(api, "/v1/verifications", key).json_body
    assert answer["certificate"]["guarantee_terms"]["url"] == body["guarantee_terms"]["url"]


def test_terms_without_a_url_are_shown_by_name_only(api, token):
    body = jv_request()
    del body["guarantee_terms"]["url"]
    issued = issue(api, token, body)
    key = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"]}
    assert "url" not in post_json(api, "/v1/verifications", key).json_body["certificate"]["guarantee_terms"]


@pytest.mark.parametrize("url", ["http://www.example.co.jp/terms", "javascript:alert(1)", "https://user:pw@example.jp/",
                                 "https://example.jp/a b", "ftp://example.jp/terms", "https://" + "a" * 495 + ".jp"])
def test_a_terms_url_must_be_https_and_plain(api, token, url):
    body = jv_request()
    body["guarantee_terms"]["url"] = url
    found = problems(api, token, body)
    assert found in ({("invalid_terms_url", "guarantee_terms.url")}, {("too_long", "guarantee_terms.url")})
    response = post_json(api, "/v1/guarantees", body, issue_headers(token))
    if ("invalid_terms_url", "guarantee_terms.url") in found:
        assert "https://" in response.json_body["error"]["message"]
