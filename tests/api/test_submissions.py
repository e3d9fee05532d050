"""電子提出, the contractor's side: POST /v1/submission-previews and POST /v1/submissions.

Holding the key is the proof, and only real guarantees reach an inbox: a wrong key is a 404
(counted as on every key route), another orderer, an orderer that does not take 電子提出, an old,
cancelled or received version are refused; one entry per guarantee and orderer (the same version
again changes nothing and sends nothing); a newer version or a 差戻し reopens it; successful
submissions are limited per client. No key in the entry, its event or its mails."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import uuid

import pytest

from chalicelib.domain import attempts, authkey, events
from chalicelib.domain.submissions import (SUBMISSIONS_PER_CLIENT_PER_HOUR, Decision, DepartmentMail,
                                           submission_id_valid)
from chalicelib.usecases import sureties
from chalicelib.usecases.common import orderers
from openapi_document import (AMEND, FEED, RECEIPT, SPEC, VERIFY, amend, amendment, check_response, key_body,
                              post_receipt, receipt_body, verify)
from support import clock_at, counter, guarantee_request, issue_headers, mails_sent_to, post_json

PREVIEW = ("/v1/submission-previews", "post")
SUBMIT = ("/v1/submissions", "post")
DEPARTMENT_EACH = "keiyaku@city.saku.nagano.jp"      # 佐久市 契約検査課: a mail on each submission (demo data)
DEPARTMENT_DAILY = "kensetsu@city.saku.nagano.jp"    # 佐久市 建設課: the daily digest
ORIGIN_SECRET = "origin-secret-for-submissions"


def contact_address() -> str:
    return f"asama-{uuid.uuid4().hex[:8]}@example.co.jp"


def submission_body(issued: dict, **extra) -> dict:
    return {**key_body(issued), "orderer_id": "202177", "department": "契約検査課",
            "contact": {"name": "浅間 太郎", "email": contact_address(), "phone": "0267-00-0000"}, **extra}


def preview(api, body, headers: dict | None = None):
    return post_json(api, PREVIEW[0], body, headers)


def submit(api, body, headers: dict | None = None):
    return post_json(api, SUBMIT[0], body, headers)


def key_forms(issued: dict) -> list[str]:
    """The key as printed and as stored in no place: with and without its hyphens."""
    shown = issued["auth_key"]
    return [shown, shown.replace("-", "")]


def with_submission_id(address: str, submission_id: str) -> list:
    return [m for m in mails_sent_to(address) if submission_id in m["Subject"]]


# ---- preview ------------------------------------------------------------------------------

def test_preview_shows_what_the_key_opens_and_where_it_goes(api, issue_guarantee):
    issued = issue_guarantee()
    answer = check_response(preview(api, key_body(issued)), *PREVIEW, 200)
    verified = check_response(verify(api, key_body(issued)), *VERIFY, 200)
    assert answer["verification"]["certificate"] == verified["certificate"]
    assert answer["verification"]["sections"] == verified["sections"]
    assert answer["orderer"]["id"] == "202177" and answer["orderer"]["written_name"] == "長野県佐久市"
    assert answer["orderer"]["accepts_submissions"] is True
    assert "契約検査課" in answer["orderer"]["departments"]
    assert answer["orderer"]["contact"] == {"department": "総務部 契約検査課", "phone": "0267-62-2111"}
    assert (answer["submission"], answer["can_submit"], answer["refusal"]) == (None, True, None)


def test_preview_404_wrong_key_as_verify(api, issue_guarantee):
    issued = issue_guarantee()
    body = {**key_body(issued), "auth_key": authkey.display(authkey.generate())}
    assert check_response(preview(api, body), *PREVIEW, 404)["error"]["code"] == "not_found"


# ---- submit -------------------------------------------------------------------------------

def test_submit_201_with_a_receipt_mail_then_200_unchanged(api, issue_guarantee, store):
    issued = issue_guarantee()
    body = submission_body(issued, reference="R8-土-0012")
    first = check_response(submit(api, body), *SUBMIT, 201)
    assert first["newly_submitted"] is True
    entry = first["submission"]
    assert submission_id_valid(entry["submission_id"])
    assert (entry["orderer_id"], entry["orderer_name"], entry["department"]) == ("202177", "長野県佐久市", "契約検査課")
    assert (entry["state"], entry["state_label"], entry["decision"]) == ("pending", "未確認", None)
    assert (entry["version"], entry["version_label"]) == (1, "第1版")
    assert entry["contract_number"] == issued["guarantee"]["contract_number"]
    assert entry["reference"] == "R8-土-0012" and entry["contact"] == body["contact"]
    assert entry["submitted_at_label"].endswith("（日本時間）")

    # 受付: one mail to the contact address, with the 受付番号, never the key.
    mails = mails_sent_to(body["contact"]["email"])
    assert len(mails) == 1
    text = mails[0].get_content()
    assert entry["submission_id"] in mails[0]["Subject"] and entry["submission_id"] in text
    assert "長野県佐久市 契約検査課" in text and "発注者が受領を記録するか差し戻すと、メールでお知らせします" in text
    assert not any(k in text or k in mails[0]["Subject"] for k in key_forms(issued))
    # 契約検査課 hears of each submission: the inbox's address, no key, no key link.
    told = with_submission_id(DEPARTMENT_EACH, entry["submission_id"])
    assert len(told) == 1
    department_text = told[0].get_content()
    assert "http://127.0.0.1:8000/orderer/inbox/" in department_text and "#n=" not in department_text
    assert not any(k in department_text for k in key_forms(issued))

    # The same version with the same details again, while pending: the same entry, nothing written,
    # no mail; the answer (to whoever holds the key) without the 工事番号 and the contact.
    public = {k: v for k, v in entry.items() if k not in ("reference", "contact")}
    again = check_response(submit(api, body), *SUBMIT, 200)
    assert again == {"submission": public, "newly_submitted": False}
    assert len(mails_sent_to(body["contact"]["email"])) == 1
    assert len(with_submission_id(DEPARTMENT_EACH, entry["submission_id"])) == 1

    # The preview now names the entry (still correctable: it can be submitted).
    shown = check_response(preview(api, key_body(issued)), *PREVIEW, 200)
    assert shown["submission"] == public and shown["can_submit"] is True and shown["refusal"] is None

    # Nothing of the key in the stored entry.
    stored = store.submissions.get(entry["submission_id"])
    assert stored is not None and stored.guarantee_id == issued["guarantee"]["guarantee_id"]
    assert not any(k in json.dumps(stored.as_record(), ensure_ascii=False) for k in key_forms(issued))


def test_what_was_typed_in_full_width_is_kept_as_the_orderer_and_a_mail_server_read_it(api, issue_guarantee, store):
    """An IME's 全角 (０２６７－６２－２１１１, ｓａｔｏ＠…, Ｒ８－建－０２００) is the contractor's usual
    input: the phone and address are accepted, and the 工事番号 is filed in half width."""
    issued = issue_guarantee()
    address = contact_address()
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in address)
    body = submission_body(issued, reference="Ｒ８－建－０２００",
                           contact={"name": "浅間 太郎", "email": wide, "phone": "０２６７ー６２ー２１１１"})
    entry = check_response(submit(api, body), *SUBMIT, 201)["submission"]
    assert entry["reference"] == "R8-建-0200"
    assert (entry["contact"]["email"], entry["contact"]["phone"]) == (address, "0267-62-2111")
    assert store.submissions.get(entry["submission_id"]).reference == "R8-建-0200"
    assert len(mails_sent_to(address)) == 1


def test_the_preview_and_an_unchanged_answer_never_show_the_reference_or_the_contact(api, issue_guarantee):
    # The issuer holds every key it issued: what the orderer's 工事番号 and the contractor's contact
    # are is for the one who typed them, in the 201 answer only.
    issued = issue_guarantee()
    body = submission_body(issued, reference="R8-土-0012")
    typed = check_response(submit(api, body), *SUBMIT, 201)["submission"]
    assert (typed["reference"], typed["contact"]) == ("R8-土-0012", body["contact"])
    seen = check_response(preview(api, key_body(issued)), *PREVIEW, 200)["submission"]
    again = check_response(submit(api, body), *SUBMIT, 200)["submission"]
    for shown in (seen, again):
        assert shown["submission_id"] == typed["submission_id"] and shown["state"] == "pending"
        assert "reference" not in shown and "contact" not in shown
        assert "R8-土-0012" not in json.dumps(shown, ensure_ascii=False)
        assert body["contact"]["email"] not in json.dumps(shown, ensure_ascii=False)


def test_a_pending_entry_is_corrected_by_other_details(api, issue_guarantee, store):
    # The first key holder does not own the entry: the same version with another department,
    # 工事番号 or contact, while pending, replaces them (same 受付番号, a new `submitted` event, the
    # 受付 mail to the new contact saying it is a correction); counted against the hourly limit.
    issued = issue_guarantee()
    first_body = submission_body(issued)
    first = check_response(submit(api, first_body), *SUBMIT, 201)["submission"]
    before = store.submissions.get(first["submission_id"])
    real = {"name": "軽井 花子", "email": contact_address()}
    corrected = check_response(submit(api, submission_body(issued, contact=real, reference="R8-土-0013",
                                                           department="建設課")), *SUBMIT, 201)
    entry = corrected["submission"]
    assert corrected["newly_submitted"] is True
    assert (entry["submission_id"], entry["state"], entry["department"], entry["reference"], entry["contact"]) == \
        (first["submission_id"], "pending", "建設課", "R8-土-0013", real)
    stored = store.submissions.get(first["submission_id"])
    assert stored.contact.email == real["email"] and stored.revision == before.revision + 1
    assert [h["action"] for h in stored.history] == ["submitted", "submitted"]
    [mail] = mails_sent_to(real["email"])
    assert "訂正" in mail["Subject"] and "訂正として受け付けました" in mail.get_content()
    assert first["submission_id"] in mail["Subject"]
    assert len(mails_sent_to(first_body["contact"]["email"])) == 1    # the first contact: its own 受付 only
    # The same corrected details again change nothing and send nothing.
    same = submission_body(issued, contact=real, reference="R8-土-0013", department="建設課")
    assert check_response(submit(api, same), *SUBMIT, 200)["newly_submitted"] is False
    assert len(mails_sent_to(real["email"])) == 1
    assert store.submissions.get(first["submission_id"]).revision == stored.revision


def test_a_correction_is_counted_against_the_hourly_limit(api, issue_guarantee, monkeypatch):
    from chalicelib.usecases import submit_guarantee
    monkeypatch.setattr(submit_guarantee, "SUBMISSIONS_PER_CLIENT_PER_HOUR", 1)
    headers = {"X-Origin-Verify": ORIGIN_SECRET, "CloudFront-Viewer-Address": f"192.0.2.{uuid.uuid4().int % 200 + 1}:443"}
    with clock_at(dt.datetime(2026, 12, 2, 3, 5, tzinfo=dt.timezone.utc)):
        issued = issue_guarantee()
        monkeypatch.setenv("PORTAL_ORIGIN_SECRET", ORIGIN_SECRET)  # behind CloudFront: this test's client is its own
        check_response(submit(api, submission_body(issued), headers), *SUBMIT, 201)
        refused = submit(api, submission_body(issued), headers)   # another contact: a correction
    assert refused.status_code == 429 and refused.json_body["error"]["code"] == "throttled"


def test_the_departments_mail_goes_only_to_addresses_on_the_orderers_staff_domains_now(
        api, issue_guarantee, monkeypatch):
    gone = f"keiyaku-{uuid.uuid4().hex[:6]}@old-domain.example"   # saved while old-domain.example was 佐久市's
    find = orderers.find

    def after_removal(orderer_id):
        o = find(orderer_id)
        if o is None or orderer_id != "202177":
            return o
        mail = DepartmentMail("契約検査課", (gone, DEPARTMENT_EACH), "each")
        inbox = dataclasses.replace(o.inbox, department_mail=(mail,))
        return dataclasses.replace(o, enrolment=dataclasses.replace(o.enrolment, inbox=inbox))
    monkeypatch.setattr(orderers, "find", after_removal)
    assert "old-domain.example" not in find("202177").staff_email_domains
    entry = check_response(submit(api, submission_body(issue_guarantee())), *SUBMIT, 201)["submission"]
    assert len(with_submission_id(DEPARTMENT_EACH, entry["submission_id"])) == 1
    assert mails_sent_to(gone) == []


def test_a_submission_id_drawn_twice_is_drawn_again(api, issue_guarantee, store, monkeypatch):
    from chalicelib.usecases.ports.records import ConditionFailed
    real, drawn = store.submissions.submit, []

    def taken_once(submission, *a, **k):
        drawn.append(submission.submission_id)
        if len(drawn) == 1:
            raise ConditionFailed("entry")   # another entry holds this 受付番号
        return real(submission, *a, **k)
    monkeypatch.setattr(store.submissions, "submit", taken_once)
    body = submission_body(issue_guarantee())
    entry = check_response(submit(api, body), *SUBMIT, 201)["submission"]
    assert len(drawn) == 2 and drawn[0] != drawn[1] and entry["submission_id"] == drawn[1]
    [mail] = mails_sent_to(body["contact"]["email"])
    assert drawn[1] in mail["Subject"]


def test_the_submission_id_is_the_japanese_date(api, issue_guarantee):
    # 23:30 JST on 1 December is still 1 December in Japan, 14:30 UTC.
    at = dt.datetime(2026, 12, 1, 14, 30, tzinfo=dt.timezone.utc)
    with clock_at(at):
        issued = issue_guarantee()
        entry = check_response(submit(api, submission_body(issued)), *SUBMIT, 201)["submission"]
    assert entry["submission_id"].startswith("261201-")
    assert entry["submitted_at"] == "2026-12-01T14:30:00Z"
    assert entry["submitted_at_label"] == "2026年12月1日 23:30（日本時間）"


def test_a_daily_department_is_marked_for_its_digest_and_not_mailed(api, issue_guarantee, store):
    at = dt.datetime(2026, 12, 1, 16, 0, tzinfo=dt.timezone.utc)  # 2 December in Japan
    with clock_at(at):
        issued = issue_guarantee()
        entry = check_response(submit(api, submission_body(issued, department="建設課")), *SUBMIT, 201)["submission"]
    assert ("202177", "建設課") in store.submissions.digest_marks("2026-12-02")
    assert with_submission_id(DEPARTMENT_DAILY, entry["submission_id"]) == []


def test_submit_404_wrong_key_is_counted(api, issue_guarantee, store):
    issued = issue_guarantee()
    number = issued["guarantee"]["contract_number"]
    body = {**submission_body(issued), "auth_key": authkey.display(authkey.generate())}
    moment = dt.datetime(2026, 12, 1, 3, 5, tzinfo=dt.timezone.utc)
    with clock_at(moment):
        window = attempts.Window.at(moment)
        before = counter(*attempts.number_counter(number, window))
        assert check_response(submit(api, body), *SUBMIT, 404)["error"]["code"] == "not_found"
        assert counter(*attempts.number_counter(number, window)) == before + 1
    assert mails_sent_to(body["contact"]["email"]) == []
    assert store.submissions.of_guarantee("202177", issued["guarantee"]["guarantee_id"]) is None


def test_submit_409_another_orderer(api, issue_guarantee, store):
    issued = issue_guarantee()
    error = check_response(submit(api, submission_body(issued, orderer_id="200000")), *SUBMIT, 409)["error"]
    assert error["code"] == "orderer_mismatch" and "長野県佐久市" in error["message"]
    assert store.submissions.of_guarantee("200000", issued["guarantee"]["guarantee_id"]) is None


def test_submit_409_when_the_orderer_takes_no_submissions(api, issue_guarantee, store):
    issued = issue_guarantee(orderer_id="200000")  # 長野県: enrolled, 電子提出 not turned on
    shown = check_response(preview(api, key_body(issued)), *PREVIEW, 200)
    assert shown["orderer"]["accepts_submissions"] is False and shown["can_submit"] is False
    assert shown["refusal"]["code"] == "submissions_not_accepted"
    body = submission_body(issued, orderer_id="200000", department="会計局 会計課")
    error = check_response(submit(api, body), *SUBMIT, 409)["error"]
    assert error == {"code": "submissions_not_accepted", "message": shown["refusal"]["message"]}
    assert "電子メール" in error["message"]
    assert store.submissions.of_guarantee("200000", issued["guarantee"]["guarantee_id"]) is None


def test_submit_400_unknown_department(api, issue_guarantee, store):
    issued = issue_guarantee()
    body = submission_body(issued, department="存在しない課")
    error = check_response(submit(api, body), *SUBMIT, 400)["error"]
    assert (error["code"], error["field"]) == ("unknown_department", "department")
    assert store.submissions.of_guarantee("202177", issued["guarantee"]["guarantee_id"]) is None


@pytest.mark.parametrize("change, code, field", [
    (lambda b: b.pop("contact"), "missing_field", "contact"),
    (lambda b: b["contact"].pop("email"), "missing_field", "contact.email"),
    (lambda b: b["contact"].update(email="asama@"), "invalid_email", "contact.email"),
    (lambda b: b["contact"].update(name="浅間\u202e太郎"), "invalid_character", "contact.name"),
    (lambda b: b["contact"].update(name="浅" * 41), "too_long", "contact.name"),
    (lambda b: b["contact"].update(phone="電話してください"), "invalid_phone", "contact.phone"),
    (lambda b: b.update(reference="R" * 41), "too_long", "reference"),
    (lambda b: b.update(department="   "), "missing_field", "department"),
    (lambda b: b.update(orderer_id="Saku City"), "orderer_not_found", "orderer_id"),
    (lambda b: b.update(extra=1), "unknown_field", "extra"),
], ids=["no contact", "no email", "bad email", "bidi name", "long name", "bad phone", "long reference",
        "blank department", "bad orderer id", "extra"])
def test_submit_400(api, issue_guarantee, store, change, code, field):
    issued = issue_guarantee()
    body = submission_body(issued)
    change(body)
    error = check_response(submit(api, body), *SUBMIT, 400)["error"]
    assert (code, field) in {(d["code"], d.get("field")) for d in error.get("details", [error])}
    assert store.submissions.of_guarantee("202177", issued["guarantee"]["guarantee_id"]) is None


def test_the_domain_checks_hold_without_the_schema():
    # The demo seed calls the use case directly: the same rules apply to a body no schema checked.
    from chalicelib.domain.errors import Invalid
    from chalicelib.domain.submission_requests import read_submission
    issued = {"guarantee": {"contract_number": "SAKU-2024-0001"}, "auth_key": authkey.display(authkey.generate())}
    body = submission_body(issued)
    body["contact"] = {"name": "浅間\u202e太郎", "email": "not an address"}
    with pytest.raises(Invalid) as refused:
        read_submission(body)
    assert {(p.code, p.field) for p in refused.value.problems} == {("invalid_character", "contact.name"),
                                                                   ("invalid_email", "contact.email")}


def test_an_old_version_is_refused_and_the_new_one_reopens_the_entry(api, surety_token, issue_guarantee):
    issued = issue_guarantee()
    gid = issued["guarantee"]["guarantee_id"]
    body = submission_body(issued)
    first = check_response(submit(api, body), *SUBMIT, 201)["submission"]
    amended = check_response(amend(api, surety_token, gid, amendment()), *AMEND, 201)
    # The old key: the entry shows 変更あり, and the old version can no longer be submitted.
    shown = check_response(preview(api, key_body(issued)), *PREVIEW, 200)
    assert (shown["submission"]["state"], shown["submission"]["state_label"]) == ("superseded", "変更あり")
    assert shown["refusal"]["code"] == "submission_not_allowed"
    error = check_response(submit(api, body), *SUBMIT, 409)["error"]
    assert error["code"] == "submission_not_allowed"
    assert error["message"] == "この電子保証は変更されています。新しい「認証キーのお知らせ」で提出してください。"
    # The new version reopens the same entry: same 受付番号, pending, the new details, a new 受付 mail.
    new_contact = {"name": "軽井 花子", "email": contact_address()}
    again = check_response(submit(api, submission_body(amended, contact=new_contact)), *SUBMIT, 201)
    entry = again["submission"]
    assert again["newly_submitted"] is True
    assert (entry["submission_id"], entry["version"], entry["state"]) == (first["submission_id"], 2, "pending")
    assert entry["contact"] == new_contact
    mails = mails_sent_to(new_contact["email"])
    assert len(mails) == 1 and "もう一度受け付けました" in mails[0].get_content()


def test_a_cancelled_guarantee_is_refused(api, surety_token, issue_guarantee, wiring):
    issued = issue_guarantee()
    gid = issued["guarantee"]["guarantee_id"]
    today = wiring.clock.today().isoformat()
    cancelled = post_json(api, f"/v1/guarantees/{gid}/cancellation", {"reason": "契約の解除", "date": today},
                          {"Authorization": f"Bearer {surety_token}"})
    assert cancelled.status_code == 200, cancelled.body
    error = check_response(submit(api, submission_body(issued)), *SUBMIT, 409)["error"]
    assert error["code"] == "submission_not_allowed" and "解約" in error["message"]


def test_a_received_version_is_refused_and_a_receipt_shows_in_the_entry(api, issue_guarantee):
    received_first = issue_guarantee()
    check_response(post_receipt(api, receipt_body(received_first)), *RECEIPT, 201)
    error = check_response(submit(api, submission_body(received_first)), *SUBMIT, 409)["error"]
    assert error["code"] == "already_received"
    # Submitted, then received on the verification page: the entry reads 受領済み (one fact).
    issued = issue_guarantee()
    check_response(submit(api, submission_body(issued)), *SUBMIT, 201)
    check_response(post_receipt(api, receipt_body(issued)), *RECEIPT, 201)
    shown = check_response(preview(api, key_body(issued)), *PREVIEW, 200)
    assert (shown["submission"]["state"], shown["refusal"]["code"]) == ("received", "already_received")
    assert check_response(submit(api, submission_body(issued)), *SUBMIT, 409)["error"]["code"] == "already_received"


def test_a_returned_submission_reopens_when_submitted_again(api, issue_guarantee, store, wiring):
    issued = issue_guarantee()
    entry = check_response(submit(api, submission_body(issued)), *SUBMIT, 201)["submission"]
    read = store.submissions.get(entry["submission_id"])
    now = wiring.clock.now()
    decision = Decision("returned", "2026-12-01T01:00:00Z", "契約検査課", "佐久 花子", "staff@city.saku.nagano.jp",
                        reason="工事番号が違います")
    store.submissions.decide(read.decided(decision), read, events.returned(now, 1, read.submission_id, "工事番号が違います",
                                                                          {"kind": "orderer", "client": "0" * 16,
                                                                           "department": "契約検査課", "name": "佐久 花子"}), [])
    shown = check_response(preview(api, key_body(issued)), *PREVIEW, 200)
    assert shown["submission"]["state"] == "returned" and shown["can_submit"] is True
    assert shown["submission"]["decision"] == {"action": "returned", "at": "2026-12-01T01:00:00Z",
                                               "at_label": "2026年12月1日 10:00（日本時間）", "department": "契約検査課",
                                               "reason": "工事番号が違います"}
    body = submission_body(issued, reference="R8-土-0099")
    again = check_response(submit(api, body), *SUBMIT, 201)["submission"]
    assert (again["submission_id"], again["state"], again["decision"], again["reference"]) == \
        (entry["submission_id"], "pending", None, "R8-土-0099")
    history = store.submissions.get(entry["submission_id"]).history
    assert [h["action"] for h in history] == ["submitted", "returned", "submitted"]


# ---- the issuer's events ---------------------------------------------------------------------

@pytest.fixture
def own_surety(wiring):
    """A surety of its own, so its feed holds only what this test does."""
    surety_id = f"submit-{uuid.uuid4().hex[:8]}"
    sureties.register(surety_id, "提出建設業保証株式会社")
    return sureties.create_token(surety_id, label="submissions")[1]


def _feed(api, token) -> list:
    body = check_response(api.get(FEED[0], headers={"Authorization": f"Bearer {token}"}), *FEED, 200)
    return body["events"]


def _shares_reference(monkeypatch):
    """佐久市 as if its administrator let its issuers see its own 工事番号・契約番号."""
    find = orderers.find

    def sharing(orderer_id):
        o = find(orderer_id)
        if o is None or orderer_id != "202177":
            return o
        inbox = dataclasses.replace(o.inbox, shares_reference=True)
        return dataclasses.replace(o, enrolment=dataclasses.replace(o.enrolment, inbox=inbox))
    monkeypatch.setattr(orderers, "find", sharing)


@pytest.mark.parametrize("shared", [False, True], ids=["reference kept", "reference shared"])
def test_the_submitted_event_reaches_the_issuer(api, own_surety, wiring, monkeypatch, shared):
    if shared:
        _shares_reference(monkeypatch)
    start = wiring.clock.now()
    with clock_at(start):
        issued = post_json(api, "/v1/guarantees", guarantee_request(), issue_headers(own_surety)).json_body
        entry = check_response(submit(api, submission_body(issued, reference="R8-土-0012")), *SUBMIT, 201)["submission"]
    with clock_at(start + dt.timedelta(minutes=1)):  # the feed holds back the last 30 seconds
        feed = _feed(api, own_surety)
    submitted = [e["event"] for e in feed if e["event"]["type"] == "submitted"]
    assert len(submitted) == 1
    event = submitted[0]
    assert {k: event[k] for k in ("version", "submission_id", "orderer_id", "department")} == \
        {"version": 1, "submission_id": entry["submission_id"], "orderer_id": "202177", "department": "契約検査課"}
    assert event["actor"]["kind"] == "key_holder" and re.fullmatch(r"[0-9a-f]{16}", event["actor"]["client"])
    assert event.get("reference") == ("R8-土-0012" if shared else None)
    # The key opened it for a submission: a verification event of that purpose, by a key holder.
    checks = [e["event"] for e in feed if e["event"]["type"] == "verification"]
    assert {(c["purpose"], c["actor"]["kind"]) for c in checks} == {("submission", "key_holder")}
    assert not any(k in json.dumps(feed, ensure_ascii=False) for k in key_forms(issued))


# ---- the limit per client --------------------------------------------------------------------

def test_the_document_states_the_limit_the_code_keeps():
    assert f"直近の60分間で {SUBMISSIONS_PER_CLIENT_PER_HOUR} 件まで" in SPEC["info"]["description"]


def test_submissions_per_client_are_limited_per_hour(api, issue_guarantee, monkeypatch):
    moment = dt.datetime(2026, 12, 1, 2, 5, tzinfo=dt.timezone.utc)  # early in an hour: no boundary crossed
    with clock_at(moment):
        guarantees = [issue_guarantee() for _ in range(SUBMISSIONS_PER_CLIENT_PER_HOUR + 2)]
        later = guarantees.pop()
        # Behind CloudFront, so this test's client is its own (its viewer address).
        monkeypatch.setenv("PORTAL_ORIGIN_SECRET", ORIGIN_SECRET)
        client = {"X-Origin-Verify": ORIGIN_SECRET, "CloudFront-Viewer-Address": f"198.51.100.{uuid.uuid4().int % 200 + 1}:443"}
        other = {"X-Origin-Verify": ORIGIN_SECRET, "CloudFront-Viewer-Address": "203.0.113.77:443"}
        bodies = [submission_body(g) for g in guarantees[:-1]]
        answers = [submit(api, b, client).status_code for b in bodies]
        assert answers == [201] * SUBMISSIONS_PER_CLIENT_PER_HOUR
        # The same versions with the same details change nothing, so they never count and are never refused.
        assert submit(api, bodies[0], client).status_code == 200
        last = submission_body(guarantees[-1])
        refused = submit(api, last, client)
        error = check_response(refused, *SUBMIT, 429)["error"]
        assert error["code"] == "throttled" and "分後" in error["message"]
        # A sliding hour: the thirty weigh on into the next hour.
        assert 55 * 60 < int(refused.headers["Retry-After"]) <= 61 * 60
        assert mails_sent_to(last["contact"]["email"]) == []
        # Another client is not held back by this one.
        assert check_response(submit(api, last, other), *SUBMIT, 201)["newly_submitted"] is True
    with clock_at(moment + dt.timedelta(hours=2)):  # two hours on, nothing of the burst weighs
        assert submit(api, submission_body(later), client).status_code == 201
