"""The registry in use (issue 27): issuance, amendment, sign-in, the ledger, the verification
result, the notice and the mails read the orderers from the store, at each request.

Each change here is written as the operator's use cases write it (through the Registry port,
with its audit entry: tests/registry_writes.py) and put back afterwards, since the stores live
for the test session."""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import subprocess
import uuid
from urllib.parse import unquote

import pytest

from registry_writes import body_changed, enrolled, enrolment_changed, write_enrolment
from openapi_document import advance_increase
from support import (
    STAFF_ORIGIN,
    codes_sent_to,
    guarantee_request,
    issue_headers,
    mails_sent_to,
    notice_pdf,
    post_json,
    staff_headers,
)

NIIGATA_PREFECTURE = "150002"  # 新潟県: listed (the seed writes the enrolled 新潟市's prefecture), not enrolled
NAGANO_CITY = "202011"        # 長野市
KOMORO = "202088"             # 小諸市
UEDA = "202037"               # 上田市: enrolled by no demo data and no other test


def issue(api, token, **overrides):
    return post_json(api, "/v1/guarantees", guarantee_request(**overrides), issue_headers(token))


def refusal(response) -> tuple[str, str, str]:
    assert response.status_code == 400, response.body
    error = response.json_body["error"]
    [detail] = [d for d in error.get("details", [error]) if d.get("field") == "orderer_id"]
    return detail["code"], detail["field"], detail["message"]


def pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return "".join(out.decode("utf-8").split())


# ---- issuance against the enrolment, on the contract date -----------------------------------

@pytest.mark.parametrize("orderer_id", ["999997", "mlit-nowhere"])
def test_an_orderer_the_registry_does_not_list_is_not_found(api, surety_token, orderer_id):
    code, field, message = refusal(issue(api, surety_token, orderer_id=orderer_id))
    assert (code, field) == ("orderer_not_found", "orderer_id") and "発注者が見つかりません" in message


def test_a_listed_body_that_is_not_enrolled_is_refused_by_name(api, surety_token, store):
    assert store.registry.body(NIIGATA_PREFECTURE) is not None and store.registry.enrolment(NIIGATA_PREFECTURE) is None
    code, _, message = refusal(issue(api, surety_token, orderer_id=NIIGATA_PREFECTURE))
    assert code == "orderer_not_enrolled"
    assert message == "新潟県は、電子保証の対応先として登録されていません（電子保証を受け付けていません）。"


def test_a_code_with_a_wrong_check_digit_is_told_apart_from_an_orderer_not_listed(api, surety_token):
    code, _, typo = refusal(issue(api, surety_token, orderer_id="202178"))  # 佐久市's code, one digit off
    assert code == "orderer_not_found"
    assert typo == "202178 は全国地方公共団体コードとして正しくありません（検査数字が合いません）。発注者のコードをご確認ください。"
    _, _, unknown = refusal(issue(api, surety_token, orderer_id="mlit-nowhere"))
    assert unknown != typo and "検査数字" not in unknown


def test_a_contract_dated_before_the_first_day_is_refused_with_both_dates(api, surety_token):
    code, _, message = refusal(issue(api, surety_token, contract_date="2024-06-30"))
    assert code == "orderer_not_accepting"
    assert message == "長野県佐久市は、2024年7月1日から電子保証を受け付けています。契約日（2024年6月30日）はそれより前です。"
    assert issue(api, surety_token, contract_date="2024-07-01").status_code == 201


def test_a_suspension_in_the_store_is_honoured_by_the_next_issuance_and_lifted_as_quickly(api, surety_token, store):
    with enrolment_changed(store, "202177", suspended=True, suspension_reason="システム移行のため"):
        code, _, message = refusal(issue(api, surety_token))
        assert code == "orderer_suspended"
        assert message == "長野県佐久市は、現在、電子保証の受付を停止しています。新しい電子保証は発行できません。"
    assert issue(api, surety_token).status_code == 201


def test_a_kind_the_orderer_stopped_accepting_is_refused_for_new_guarantees(api, surety_token, store):
    with enrolment_changed(store, "202177", kinds=("advance_payment", "interim_advance_payment")):
        code, _, message = refusal(issue(api, surety_token, kind="contract"))
        assert code == "orderer_not_accepting" and message == "長野県佐久市は契約保証の電子保証を受け付けていません。"
        assert issue(api, surety_token, kind="advance_payment").status_code == 201


def test_a_first_day_moved_in_the_store_is_the_one_judged(api, surety_token, store):
    contract = "2025-03-31"
    assert issue(api, surety_token, contract_date=contract).status_code == 201
    with enrolment_changed(store, "202177", accepts_from=dt.date(2025, 4, 1)):
        code, _, message = refusal(issue(api, surety_token, contract_date=contract))
        assert code == "orderer_not_accepting" and "2025年4月1日から" in message and "（2025年3月31日）" in message


def test_an_issuance_is_noted_for_the_operators_stranding_check_and_a_refusal_is_not(api, surety_token, store):
    with enrolled(store, NAGANO_CITY, accepts_from=dt.date(2025, 4, 1)):
        assert not store.registry.issued_before(NAGANO_CITY, "contract", None)
        refusal(issue(api, surety_token, orderer_id=NAGANO_CITY, kind="contract", contract_date="2025-03-31"))
        assert not store.registry.issued_before(NAGANO_CITY, "contract", None)
        issued = issue(api, surety_token, orderer_id=NAGANO_CITY, kind="contract", contract_date="2025-05-01")
        assert issued.status_code == 201, issued.body
        assert store.registry.issued_before(NAGANO_CITY, "contract", dt.date(2025, 5, 2))
        assert not store.registry.issued_before(NAGANO_CITY, "contract", dt.date(2025, 5, 1))
        assert not store.registry.issued_before(NAGANO_CITY, "advance_payment", None)
        assert issued.json_body["guarantee"]["orderer"] == {"id": NAGANO_CITY, "name": "長野市", "prefecture": "長野県"}


# ---- amendments: the original orderer must still be enrolled for the kind --------------------

def increase(guarantee: dict) -> dict:
    """A 増額 of 1,000,000円: a 前払金保証's advance rises with it (保証金額 = 前払金額)."""
    amount = guarantee["amount"] + 1_000_000
    return advance_increase(amount) if "advance" in guarantee else {"amount": amount}


def amend(api, token, issued: dict):
    body = {"base_version": issued["version"], "reason": "increase",
            "effective_date": issued["guarantee"]["issue_date"],
            "changes": increase(issued["guarantee"])}
    return post_json(api, f"/v1/guarantees/{issued['guarantee']['guarantee_id']}/amendments", body,
                     issue_headers(token))


def test_a_suspended_orderers_guarantees_stay_amendable(api, surety_token, issue_guarantee, store):
    issued = issue_guarantee()
    with enrolment_changed(store, "202177", suspended=True):
        amended = amend(api, surety_token, issued)
        assert amended.status_code == 201, amended.body


def test_an_amendment_is_refused_once_the_orderer_no_longer_takes_the_kind(api, surety_token, issue_guarantee, store):
    issued = issue_guarantee(kind="contract")
    with enrolment_changed(store, "202177", kinds=("advance_payment",)):
        code, field, message = refusal(amend(api, surety_token, issued))
        assert (code, field) == ("orderer_not_accepting", "orderer_id")
        assert message == "長野県佐久市は契約保証の電子保証を受け付けていません。"
    assert amend(api, surety_token, issued).status_code == 201


# ---- sign-in: the domain's holder, departments from the enrolment, at each request ------------

def test_staff_of_a_newly_enrolled_orderer_sign_in_and_a_change_of_domain_or_departments_is_honoured_at_once(
        api, store):
    address = f"kanzai-{uuid.uuid4().hex[:8]}@city.ueda.nagano.jp"
    assert post_json(api, "/v1/staff/sign-in-codes", {"email": address}, STAFF_ORIGIN).status_code == 202
    assert codes_sent_to(address) == []  # nobody holds the domain yet
    with enrolled(store, UEDA, staff_email_domains=("city.ueda.nagano.jp",), departments=("契約課", "建設課")):
        headers = staff_headers(api, address)
        [mail] = mails_sent_to(address)
        assert mail.get_content().startswith("長野県上田市 ご担当者様")
        session = api.get("/v1/staff/session", headers=headers).json_body["staff"]
        assert session["orderer"] == {"id": UEDA, "name": "長野県上田市"}
        assert session["departments"] == ["契約課", "建設課"]

        changed = dataclasses.replace(store.registry.enrolment(UEDA), departments=("契約課", "道路課"))
        write_enrolment(store, changed)
        assert api.get("/v1/staff/session", headers=headers).json_body["staff"]["departments"] == ["契約課", "道路課"]

        write_enrolment(store, dataclasses.replace(changed, staff_email_domains=()), "orderer.staff_domains")
        assert api.get("/v1/staff/session", headers=headers).status_code == 401  # no longer its staff
        assert post_json(api, "/v1/staff/sign-in-codes", {"email": address}, STAFF_ORIGIN).status_code == 202
        assert len(codes_sent_to(address)) == 1  # no new code


def test_a_domain_moved_to_another_orderer_signs_its_staff_in_for_that_orderer(api, store):
    address = f"kanzai-{uuid.uuid4().hex[:8]}@city.komoro.nagano.jp"
    with enrolled(store, KOMORO, staff_email_domains=("city.komoro.nagano.jp",)):
        headers = staff_headers(api, address)
        assert api.get("/v1/staff/session", headers=headers).json_body["staff"]["orderer"]["id"] == KOMORO
        komoro = store.registry.enrolment(KOMORO)
        write_enrolment(store, dataclasses.replace(komoro, staff_email_domains=()), "orderer.staff_domains")
        with enrolled(store, NAGANO_CITY, staff_email_domains=("city.komoro.nagano.jp",)):
            assert api.get("/v1/staff/session", headers=headers).status_code == 401  # the old orderer's session ends
            again = staff_headers(api, address)
            assert api.get("/v1/staff/session", headers=again).json_body["staff"]["orderer"]["id"] == NAGANO_CITY


# ---- names from the registry -------------------------------------------------------------

def test_a_renamed_body_reads_with_its_new_name_in_the_result_the_notice_the_mails_and_the_ledger(
        api, surety_token, store):
    contractor = f"soumu-{uuid.uuid4().hex[:6]}@asama.example"
    staff = staff_headers(api)
    issued = issue(api, surety_token, completion_notice_email=contractor).json_body
    key = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"]}
    signed_name = issued["guarantee"]["orderer"]["name"]
    with body_changed(store, "202177", name="新佐久市"):
        shown = post_json(api, "/v1/verifications", key).json_body
        assert shown["certificate"]["orderer"] == {"id": "202177", "name": "新佐久市", "prefecture": "長野県"}
        rows = {r["key"]: r["lines"] for s in shown["sections"] for r in s["rows"]}
        assert rows["orderer"] == ["長野県新佐久市"]
        notice = pdf_text(notice_pdf(api, issued))
        assert "発注者（長野県新佐久市）へは" in notice and "発注者長野県新佐久市工事名" in notice
        assert "発注者（長野県佐久市）" not in notice

        received = post_json(api, "/v1/receipts", {**key, "department": "契約検査課", "name": "佐久 花子"}, staff)
        assert received.status_code == 201, received.body
        assert received.json_body["receipt"]["label"].startswith("受領済み（長野県新佐久市 契約検査課")
        assert "長野県新佐久市 契約検査課" in mails_sent_to(contractor)[-1].get_content()  # the receipt notice

        assert api.get("/v1/staff/session", headers=staff).json_body["staff"]["orderer"]["name"] == "長野県新佐久市"
        csv_reply = api.get("/v1/staff/receipts.csv", headers={**staff, "Accept": "text/csv"})
        assert "受領台帳_長野県新佐久市_" in unquote(csv_reply.headers["Content-Disposition"])
        opened = api.get(f"/v1/staff/receipts/{issued['guarantee']['guarantee_id']}/1", headers=staff).json_body
        assert opened["certificate"]["orderer"]["name"] == "新佐久市" and opened["receipt"]["orderer"] == "長野県新佐久市"
    # Put back: the same guarantee reads with the old name again.
    assert signed_name == "佐久市"
    assert post_json(api, "/v1/verifications", key).json_body["receipt"]["orderer"] == "長野県佐久市"


def test_a_body_the_registry_no_longer_knows_reads_as_its_id(api, surety_token, store, monkeypatch):
    issued = issue(api, surety_token).json_body
    key = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"]}
    monkeypatch.setattr(type(store.registry), "body", lambda self, body_id: None)
    shown = post_json(api, "/v1/verifications", key).json_body
    assert shown["certificate"]["orderer"] == {"id": "202177", "name": "202177", "prefecture": ""}


# ---- the ledger: predecessors' rows ------------------------------------------------------

def test_an_orderers_staff_read_the_receipts_of_the_bodies_merged_into_it(api, surety_token, store):
    komoro_staff = f"keiyaku-{uuid.uuid4().hex[:6]}@city.komoro.nagano.jp"
    with enrolled(store, KOMORO, staff_email_domains=("city.komoro.nagano.jp",), departments=("契約検査課",)):
        issued = issue(api, surety_token, orderer_id=KOMORO).json_body
        gid = issued["guarantee"]["guarantee_id"]
        key = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"]}
        recorded = post_json(api, "/v1/receipts", {**key, "department": "契約検査課", "name": "小諸 一郎"},
                             staff_headers(api, komoro_staff))
        assert recorded.status_code == 201, recorded.body
        saku_staff = staff_headers(api)

        def saku_ledger() -> set[str]:
            return {r["guarantee_id"] for r in api.get("/v1/staff/receipts", headers=saku_staff).json_body["receipts"]}

        assert gid not in saku_ledger()
        assert api.get(f"/v1/staff/receipts/{gid}/1", headers=saku_staff).status_code == 404
        with body_changed(store, "202177", predecessors=(KOMORO,)):
            assert gid in saku_ledger()
            opened = api.get(f"/v1/staff/receipts/{gid}/1", headers=saku_staff)
            assert opened.status_code == 200 and opened.json_body["certificate"]["orderer"]["name"] == "小諸市"
            raw = api.get("/v1/staff/receipts.csv", headers={**saku_staff, "Accept": "text/csv"}).body
            rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
            assert key["contract_number"] in {r[0] for r in rows[1:]}
        assert gid not in saku_ledger()


def test_after_a_merger_the_successors_staff_receive_what_was_addressed_to_the_predecessor(api, surety_token, store):
    # The merged-away body's domains went to its successor: without this, nobody could receive it.
    with enrolled(store, KOMORO, staff_email_domains=(), departments=("契約検査課",)):
        issued = issue(api, surety_token, orderer_id=KOMORO).json_body
        gid = issued["guarantee"]["guarantee_id"]
        key = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"]}
        saku_staff = staff_headers(api)
        receipt = {**key, "department": "契約検査課", "name": "佐久 花子"}
        refused = post_json(api, "/v1/receipts", receipt, saku_staff)
        assert refused.status_code == 403 and refused.json_body["error"]["code"] == "wrong_orderer"
        with body_changed(store, "202177", predecessors=(KOMORO,)):
            recorded = post_json(api, "/v1/receipts", receipt, saku_staff)
            assert recorded.status_code == 201, recorded.body
            assert store.ledger.entry(KOMORO, gid, 1) is not None  # in the predecessor's 受領台帳
            assert store.ledger.entry("202177", gid, 1) is None
            rows = api.get("/v1/staff/receipts", headers=saku_staff).json_body["receipts"]
            assert gid in {r["guarantee_id"] for r in rows}


def test_a_signed_copy_names_the_renamed_orderer_and_still_checks_against_the_jws_of_issuance(api, surety_token, store):
    from devtools import verify
    issued = issue(api, surety_token).json_body
    key = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"]}
    with body_changed(store, "202177", name="新佐久市"):
        response = post_json(api, "/v1/certificate-copies", key, {"Accept": "application/pdf"})
        assert response.status_code == 200, response.body
        assert "長野県新佐久市工事名" in pdf_text(response.body)  # the 発注者 row (the watermark runs between)
        report = verify.Report()
        document, shown = verify.check_pdf(response.body, api.get("/.well-known/jwks.json").json_body, report)
    assert not report.failed, report.lines
    assert document["certificate"]["orderer"]["name"] == "佐久市"  # signed at issuance, as it was
    assert shown["certificate"]["orderer"]["name"] == "新佐久市"
    assert any("「長野県佐久市」から「長野県新佐久市」に変わっています" in line for line in report.lines)


def test_the_daily_expiry_notices_reach_the_staff_of_an_orderer_enrolled_in_the_store(api, surety_token, store):
    from chalicelib.usecases import deliver_mail
    from devtools.demo import demo_request
    from support import clock_at, new_contract_number
    end_day = dt.datetime(2032, 3, 31, 3, 0, tzinfo=dt.timezone.utc)  # a day no other test sweeps
    issued_at = end_day - dt.timedelta(days=60)
    body = demo_request(new_contract_number(), issued_at.date())
    body.update(orderer_id=KOMORO, guarantee_period={"start": issued_at.date().isoformat(),
                                                     "end": end_day.date().isoformat()})
    body["project"]["period"] = {"start": issued_at.date().isoformat(),
                                 "end": (end_day.date() - dt.timedelta(days=5)).isoformat()}
    address = f"keiyaku-{uuid.uuid4().hex[:6]}@city.komoro.nagano.jp"
    with enrolled(store, KOMORO, staff_email_domains=("city.komoro.nagano.jp",), departments=("契約検査課",)):
        with clock_at(issued_at):
            issued = post_json(api, "/v1/guarantees", body, issue_headers(surety_token)).json_body
            key = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"]}
            recorded = post_json(api, "/v1/receipts", {**key, "department": "契約検査課", "name": "小諸 一郎"},
                                 staff_headers(api, address))
            assert recorded.status_code == 201, recorded.body
        after = end_day + dt.timedelta(days=1)
        with clock_at(after), body_changed(store, KOMORO, name="新小諸市"):
            deliver_mail.sweep(after)
    [notice] = [m for m in mails_sent_to(address) if m["Subject"].startswith("受領済みの電子保証の保証期間の終了のお知らせ")]
    assert "長野県新小諸市" in notice.get_content()
