"""受付箱 (the orderer's inbox of 電子提出): its staff list what was submitted to their orderer,
newest first and filtered, open an entry without the key, and record 受領 (a receipt exactly as
the verification page records it) or 差戻し — one at a time or many at once, never another
orderer's, and two members of staff deciding at once never both win.

Entries are written through the Submissions port (tests/api/inbox_support.py). Every test runs
under a product clock of its own day (never the machine's date), so its list is its own."""
from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest

from inbox_support import SAKU, contact_address, submit
from openapi_document import SPEC, amend, amendment, cancel, check_response, post_receipt, receipt_body
from support import mails_sent_to, post_json, staff_headers

LIST = ("/v1/staff/submissions", "get")
GET = ("/v1/staff/submissions/{submission_id}", "get")
RECEIVE = ("/v1/staff/submissions/{submission_id}/receipt", "post")
RETURN = ("/v1/staff/submissions/{submission_id}/return", "post")
DECIDE = ("/v1/staff/submission-decisions", "post")
WHO = {"department": "契約検査課", "name": "佐久 花子"}
REASON = "保証金額が契約書の前払金額と異なります。ご確認ください。"
_days = itertools.count()


class Clock:
    """The product's clock for one test: a day no other test uses, 10:00 in Japan, moved on by hand."""

    def __init__(self, at: dt.datetime):
        self.at = at

    def advance(self, **delta) -> None:
        self.at += dt.timedelta(**delta)

    @property
    def day(self) -> dt.date:
        from chalicelib.domain.formatting import JST
        return self.at.astimezone(JST).date()


@pytest.fixture
def clock():
    from chalicelib.adapters import clock as product
    from chalicelib.domain.formatting import JST
    day = dt.date(2031, 1, 6) + dt.timedelta(days=next(_days))
    moment = Clock(dt.datetime.combine(day, dt.time(10), JST).astimezone(dt.timezone.utc))
    product.set_clock(lambda: moment.at)
    yield moment
    product.set_clock(None)


@pytest.fixture
def staff(api, clock):
    return staff_headers(api)


def listing(api, staff, clock, query: str = "") -> dict:
    day = clock.day.isoformat()
    response = api.get(f"/v1/staff/submissions?from={day}&to={day}{'&' + query if query else ''}", headers=staff)
    return check_response(response, *LIST, 200)


def ids(page: dict) -> list[str]:
    return [s["submission_id"] for s in page["submissions"]]


def path(op: tuple[str, str], submission_id: str) -> str:
    return op[0].replace("{submission_id}", submission_id)


def receive(api, staff, submission_id: str, **body):
    return post_json(api, path(RECEIVE, submission_id), {**WHO, **body}, staff)


def return_(api, staff, submission_id: str, reason: str = REASON):
    return post_json(api, path(RETURN, submission_id), {**WHO, "reason": reason}, staff)


def events_of(store, guarantee_id: str) -> list[dict]:
    return store.events.page(guarantee_id, 100, None)[0]


def no_key_in(texts, *issued: dict) -> None:
    for text in texts:
        for one in issued:
            key = one["auth_key"]
            assert key not in text and key.replace("-", "") not in text


# ---- the list -----------------------------------------------------------------------------

def test_the_inbox_lists_newest_first_with_what_was_submitted(api, staff, clock, issue_guarantee):
    first = submit(issue_guarantee(), reference="R6-土木-0012")
    clock.advance(minutes=5)
    second = submit(issue_guarantee(kind="contract"), department="建設課")
    clock.advance(minutes=5)
    third = submit(issue_guarantee(), department="建設課")
    page = listing(api, staff, clock)
    assert ids(page) == [third.submission_id, second.submission_id, first.submission_id]
    assert page["next_cursor"] is None
    shown = page["submissions"][2]
    assert (shown["version"], shown["version_label"], shown["latest_version"]) == (1, "第1版", 1)
    assert (shown["contract_number"], shown["kind"], shown["kind_label"]) == (first.contract_number, "advance_payment",
                                                                             "前払金保証")
    assert (shown["department"], shown["reference"], shown["contractor"]) == ("契約検査課", "R6-土木-0012",
                                                                            first.contractor)
    assert shown["amount_label"] == f"{first.amount:,}円" and shown["surety_name"] == first.surety_name
    assert shown["contact"] == first.contact.as_record()
    assert shown["submitted_at_label"].endswith("（日本時間）") and shown["submitted_at"].endswith("Z")
    assert (shown["state"], shown["state_label"], shown["decision"], shown["receipt"], shown["resubmitted"]) == (
        "pending", "未確認", None, None, False)


def test_filters_by_department_kind_state_and_day(api, staff, clock, issue_guarantee):
    first = submit(issue_guarantee())
    clock.advance(minutes=1)
    second = submit(issue_guarantee(kind="contract"), department="建設課")
    clock.advance(minutes=1)
    third = submit(issue_guarantee(), department="建設課")
    assert ids(listing(api, staff, clock, "department=建設課")) == [third.submission_id, second.submission_id]
    assert ids(listing(api, staff, clock, "kind=contract")) == [second.submission_id]
    assert ids(listing(api, staff, clock, "department=建設課&kind=advance_payment")) == [third.submission_id]
    assert ids(listing(api, staff, clock, "state=pending")) == [third.submission_id, second.submission_id,
                                                                first.submission_id]
    assert ids(listing(api, staff, clock, "state=received")) == []
    # The days are Japan's and inclusive: the next day holds none of these, a range ending today all.
    day = clock.day
    tomorrow = (day + dt.timedelta(days=1)).isoformat()
    assert ids(check_response(api.get(f"/v1/staff/submissions?from={tomorrow}", headers=staff), *LIST, 200)) == []
    until_today = check_response(api.get(f"/v1/staff/submissions?from={(day - dt.timedelta(days=1)).isoformat()}"
                                         f"&to={day.isoformat()}", headers=staff), *LIST, 200)
    assert ids(until_today)[:3] == [third.submission_id, second.submission_id, first.submission_id]


def test_pages_follow_the_cursor_and_a_cursor_continues_its_own_list_only(api, staff, clock, issue_guarantee):
    made = []
    for _ in range(3):
        made.append(submit(issue_guarantee()).submission_id)
        clock.advance(minutes=1)
    seen, cursor = [], ""
    for _ in range(5):
        page = listing(api, staff, clock, f"limit=1{'&cursor=' + cursor if cursor else ''}")
        assert len(page["submissions"]) <= 1
        seen += ids(page)
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == made[::-1]
    first = listing(api, staff, clock, "limit=1")
    # Another filter is another list: its cursor does not continue this one.
    other = api.get(f"/v1/staff/submissions?limit=1&department=建設課&cursor={first['next_cursor']}", headers=staff)
    assert check_response(other, *LIST, 400)["error"]["code"] == "invalid_cursor"


@pytest.mark.parametrize("query, field", [("state=valid", "state"), ("kind=surety_bond", "kind"),
                                          ("from=2031-02-30", "from"), ("to=2031-1-1", "to"),
                                          ("from=2031-03-02&to=2031-03-01", "from"), ("limit=0", "limit"),
                                          ("cursor=a.b", "cursor")])
def test_a_malformed_query_is_refused_at_its_parameter(api, staff, query, field):
    error = check_response(api.get(f"/v1/staff/submissions?{query}", headers=staff), *LIST, 400)["error"]
    assert error["field"] == field and error["message"]


def test_without_a_session_or_from_another_site_nothing_is_read(api, staff):
    from support import STAFF_ORIGIN
    assert check_response(api.get(LIST[0], headers=STAFF_ORIGIN), *LIST, 401)["error"]["code"] == "not_signed_in"
    elsewhere = {**staff, "Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}
    assert check_response(api.get(LIST[0], headers=elsewhere), *LIST, 403)["error"]["code"] == "cross_site_request"


def test_changed_and_cancelled_guarantees_are_shown_so_and_the_newer_version_only_named(
        api, staff, clock, surety_token, issue_guarantee):
    changed, cancelled, waiting = issue_guarantee(), issue_guarantee(), issue_guarantee()
    entries = {}
    for name, issued in (("changed", changed), ("cancelled", cancelled), ("waiting", waiting)):
        entries[name] = submit(issued)
        clock.advance(minutes=1)
    assert amend(api, surety_token, changed["guarantee"]["guarantee_id"], amendment()).status_code == 201
    assert cancel(api, surety_token, cancelled["guarantee"]["guarantee_id"]).status_code == 200
    page = {s["submission_id"]: s for s in listing(api, staff, clock)["submissions"]}
    superseded = page[entries["changed"].submission_id]
    assert (superseded["state"], superseded["state_label"]) == ("superseded", "変更あり（第2版が発行済み）")
    assert (superseded["version"], superseded["latest_version"]) == (1, 2)
    assert superseded["amount"] == entries["changed"].amount  # the version submitted, never the newer one's
    gone = page[entries["cancelled"].submission_id]
    assert gone["state"] == "cancelled" and gone["state_label"].startswith("解約（")
    assert page[entries["waiting"].submission_id]["state"] == "pending"
    # A filter on what became of the guarantee reads on past entries it drops, a store page at a time.
    assert ids(listing(api, staff, clock, "state=superseded&limit=1")) == [entries["changed"].submission_id]
    assert ids(listing(api, staff, clock, "state=cancelled")) == [entries["cancelled"].submission_id]
    assert ids(listing(api, staff, clock, "state=pending")) == [entries["waiting"].submission_id]
    # Opened, the entry shows the version submitted as verified: the newer one is only named.
    opened = check_response(api.get(path(GET, entries["changed"].submission_id), headers=staff), *GET, 200)
    assert opened["verification"]["guarantee"]["version"] == 1
    assert opened["verification"]["guarantee"]["status"] == "superseded"
    assert opened["verification"]["banner"]["kind"] == "superseded"
    assert len(opened["verification"]["history"]) == 1
    assert str(25_000_000) not in json.dumps(opened) and "25,000,000" not in json.dumps(opened, ensure_ascii=False)


# ---- one entry ------------------------------------------------------------------------------

def test_an_entry_opens_as_verified_without_the_key(api, staff, clock, issue_guarantee):
    issued = issue_guarantee()
    entry = submit(issued)
    opened = check_response(api.get(path(GET, entry.submission_id), headers=staff), *GET, 200)
    assert opened["submission"]["submission_id"] == entry.submission_id
    verification = opened["verification"]
    assert verification["certificate"]["contract_number"] == issued["guarantee"]["contract_number"]
    assert verification["guarantee"]["status"] == "valid" and verification["sections"]
    assert verification["jws"]
    no_key_in([json.dumps(opened, ensure_ascii=False)], issued)


def test_another_orderers_entry_a_malformed_or_unknown_number_are_all_not_found(api, staff, clock, issue_guarantee):
    elsewhere = submit(issue_guarantee(), orderer_id="202126")  # in 大町市's inbox
    for submission_id in (elsewhere.submission_id, "261207-AAAA-AAAA", "not-a-number", "261207-K7QM-3X9D-EXTRA"):
        for response, op in ((api.get(path(GET, submission_id), headers=staff), GET),
                             (receive(api, staff, submission_id), RECEIVE),
                             (return_(api, staff, submission_id), RETURN)):
            assert check_response(response, *op, 404)["error"]["code"] == "not_found", (submission_id, op)
    assert elsewhere.submission_id not in ids(listing(api, staff, clock))


# ---- 受領 ------------------------------------------------------------------------------------

def test_receive_records_the_receipt_the_verification_page_would_and_tells_the_contact(
        api, staff, clock, store, issue_guarantee):
    contractor, contact = contact_address(), contact_address()
    issued = issue_guarantee(completion_notice_email=contractor)
    gid = issued["guarantee"]["guarantee_id"]
    entry = submit(issued, email=contact)
    response = receive(api, staff, entry.submission_id, note="原本を受領")
    received = check_response(response, *RECEIVE, 201)
    assert received["receipt"]["label"].startswith("受領済み（長野県佐久市 契約検査課、")
    assert "note" not in received["receipt"]
    shown = received["submission"]
    assert (shown["state"], shown["state_label"]) == ("received", "受領済み")
    assert (shown["decision"]["action"], shown["decision"]["department"], shown["decision"]["name"]) == (
        "received", "契約検査課", "佐久 花子")
    assert shown["receipt"] == received["receipt"]
    # The ledger has its row, the verification shows the receipt, the surety's log the event.
    ledger = api.get("/v1/staff/receipts", headers=staff).json_body["receipts"]
    assert [r["guarantee_id"] for r in ledger if r["guarantee_id"] == gid] == [gid]
    assert store.guarantees.get_state(gid).receipts["1"]["note"] == "原本を受領"
    [event] = [e for e in events_of(store, gid) if e["type"] == "receipt"]
    assert (event["submission_id"], event["version"], event["actor"]["kind"]) == (entry.submission_id, 1, "orderer")
    assert store.submissions.get(entry.submission_id).state == "received"
    # The contractor hears as from the verification page, the contact by the inbox's own mail.
    [notice] = [m for m in mails_sent_to(contractor) if m["Subject"].startswith("電子保証の受領確認のお知らせ")]
    [told] = mails_sent_to(contact)
    assert told["Subject"] == f"電子提出の受領のお知らせ（受付番号：{entry.submission_id}）"
    body = told.get_content()
    assert entry.submission_id in body and "長野県佐久市 契約検査課" in body and "様" in body
    no_key_in([body, notice.get_content(), response.body.decode()], issued)
    # Again: the first receipt, nothing more written or sent.
    again = check_response(receive(api, staff, entry.submission_id, name="別の 担当"), *RECEIVE, 200)
    assert again["receipt"] == received["receipt"]
    assert len(mails_sent_to(contact)) == 1
    [note] = [a for a in store.activity.page(SAKU, 100_000, None)[0] if a.get("submission_id") == entry.submission_id]
    assert (note["action"], note["guarantee_id"]) == ("receipt_recorded", gid)


def test_the_ledger_row_of_a_receipt_from_the_inbox_keeps_its_number_and_the_orderers_reference(
        api, staff, clock, issue_guarantee):
    """The register is matched with the inbox (受付番号) and the orderer's own files (the 工事番号 the
    contractor typed); a receipt recorded on the verification page has neither."""
    from_inbox, on_page = issue_guarantee(), issue_guarantee()
    entry = submit(from_inbox, reference="R8-建-0101")
    check_response(receive(api, staff, entry.submission_id), *RECEIVE, 201)
    assert post_receipt(api, receipt_body(on_page), staff=staff).status_code == 201
    rows = {r["guarantee_id"]: r for r in api.get("/v1/staff/receipts", headers=staff).json_body["receipts"]}
    inbox_row = rows[from_inbox["guarantee"]["guarantee_id"]]
    assert (inbox_row["submission_id"], inbox_row["orderer_reference"]) == (entry.submission_id, "R8-建-0101")
    assert "submission_id" not in rows[on_page["guarantee"]["guarantee_id"]]
    csv_text = api.get("/v1/staff/receipts.csv", headers={**staff, "Accept": "text/csv"}).body.decode("utf-8-sig")
    header, *lines = csv_text.split("\r\n")
    assert header.endswith(",受付番号,発注者の工事番号・契約番号（電子提出）")
    [line] = [ln for ln in lines if from_inbox["guarantee"]["contract_number"] in ln]
    assert line.endswith(f",{entry.submission_id},R8-建-0101")


def test_the_contact_who_is_the_contractor_hears_once(api, staff, clock, issue_guarantee):
    address = contact_address()
    entry = submit(issue_guarantee(completion_notice_email=address), email=address)
    check_response(receive(api, staff, entry.submission_id), *RECEIVE, 201)
    subjects = [m["Subject"] for m in mails_sent_to(address)]
    assert [s for s in subjects if "受領" in s] == [f"電子提出の受領のお知らせ（受付番号：{entry.submission_id}）"]


def test_a_receipt_recorded_on_the_verification_page_counts_in_the_inbox(api, staff, clock, issue_guarantee):
    issued = issue_guarantee()
    entry = submit(issued)
    first = check_response(post_receipt(api, receipt_body(issued), staff=staff), "/v1/receipts", "post", 201)
    shown = {s["submission_id"]: s for s in listing(api, staff, clock)["submissions"]}[entry.submission_id]
    assert (shown["state"], shown["receipt"]) == ("received", first["receipt"])
    assert ids(listing(api, staff, clock, "state=received")) == [entry.submission_id]
    assert ids(listing(api, staff, clock, "state=pending")) == []
    again = check_response(receive(api, staff, entry.submission_id), *RECEIVE, 200)
    assert again["receipt"] == first["receipt"]
    # Received is received: no 差戻し any more.
    assert check_response(return_(api, staff, entry.submission_id), *RETURN, 409)["error"]["code"] == \
        "return_not_allowed"


def test_a_receipt_withdrawn_on_the_ledger_leaves_the_entry_pending_and_tells_the_contact(
        api, staff, clock, store, issue_guarantee):
    # The receipt is one fact: withdrawn on the 受領台帳, the entry stored received counts as pending
    # (未確認, no receipt), can be returned or received again, and its contact hears of the withdrawal.
    contact = contact_address()
    issued = issue_guarantee()
    gid = issued["guarantee"]["guarantee_id"]
    entry = submit(issued, email=contact)
    check_response(receive(api, staff, entry.submission_id), *RECEIVE, 201)
    withdrawn = post_json(api, f"/v1/staff/receipts/{gid}/1/withdrawal", {"department": WHO["department"]}, staff)
    assert withdrawn.status_code == 200, withdrawn.body
    assert store.submissions.get(entry.submission_id).state == "received"   # as stored; shown as what it is now
    shown = check_response(api.get(path(GET, entry.submission_id), headers=staff), *GET, 200)["submission"]
    assert (shown["state"], shown["state_label"], shown["receipt"]) == ("pending", "未確認", None)
    assert entry.submission_id in ids(listing(api, staff, clock, "state=pending"))
    assert ids(listing(api, staff, clock, "state=received")) == []
    [told] = [m for m in mails_sent_to(contact) if "取" in m["Subject"] and "消" in m["Subject"]]
    no_key_in([told.get_content()], issued)
    # Received again from the inbox, withdrawn again, then returned: both allowed.
    clock.advance(minutes=1)
    again = check_response(receive(api, staff, entry.submission_id), *RECEIVE, 201)["submission"]
    assert again["state"] == "received" and again["receipt"] is not None
    assert post_json(api, f"/v1/staff/receipts/{gid}/1/withdrawal", {"department": WHO["department"]},
                     staff).status_code == 200
    returned = check_response(return_(api, staff, entry.submission_id), *RETURN, 200)["submission"]
    assert returned["state"] == "returned"


def test_a_resubmission_after_a_withdrawn_receipt_reopens_the_entry(api, staff, clock, issue_guarantee):
    from openapi_document import key_body
    issued = issue_guarantee()
    gid = issued["guarantee"]["guarantee_id"]
    entry = submit(issued)
    check_response(receive(api, staff, entry.submission_id), *RECEIVE, 201)
    assert post_json(api, f"/v1/staff/receipts/{gid}/1/withdrawal", {"department": WHO["department"]},
                     staff).status_code == 200
    clock.advance(minutes=2)
    body = {**key_body(issued), "orderer_id": SAKU, "department": entry.department,
            "contact": {"name": entry.contact.name, "email": entry.contact.email, "phone": entry.contact.phone}}
    answer = check_response(post_json(api, "/v1/submissions", body), "/v1/submissions", "post", 201)
    assert (answer["newly_submitted"], answer["submission"]["submission_id"], answer["submission"]["state"]) == \
        (True, entry.submission_id, "pending")
    assert any("もう一度受け付けました" in m.get_content() for m in mails_sent_to(entry.contact.email))


def test_a_changed_guarantee_cannot_be_received_from_the_old_entry(api, staff, clock, surety_token, issue_guarantee):
    issued = issue_guarantee()
    entry = submit(issued)
    assert amend(api, surety_token, issued["guarantee"]["guarantee_id"], amendment()).status_code == 201
    error = check_response(receive(api, staff, entry.submission_id), *RECEIVE, 409)["error"]
    assert error["code"] == "receipt_not_allowed" and "変更" in error["message"]


def test_a_department_not_of_the_orderer_is_refused(api, staff, clock, issue_guarantee):
    entry = submit(issue_guarantee())
    error = check_response(receive(api, staff, entry.submission_id, department="総務課"), *RECEIVE, 400)["error"]
    assert (error["code"], error["field"]) == ("unknown_department", "department")
    error = check_response(post_json(api, path(RETURN, entry.submission_id), WHO, staff), *RETURN, 400)["error"]
    assert (error["code"], error["field"]) == ("missing_field", "reason")


# ---- 差戻し ----------------------------------------------------------------------------------

def test_return_with_its_reason_tells_the_contact_and_the_surety_and_blocks_receipt(
        api, staff, clock, store, issue_guarantee):
    contact = contact_address()
    issued = issue_guarantee()
    gid = issued["guarantee"]["guarantee_id"]
    entry = submit(issued, email=contact)
    returned = check_response(return_(api, staff, entry.submission_id), *RETURN, 200)["submission"]
    assert (returned["state"], returned["state_label"]) == ("returned", "差戻し")
    assert (returned["decision"]["action"], returned["decision"]["reason"]) == ("returned", REASON)
    [event] = [e for e in events_of(store, gid) if e["type"] == "returned"]
    assert (event["submission_id"], event["reason"], event["actor"]["department"]) == (
        entry.submission_id, REASON, "契約検査課")
    [told] = mails_sent_to(contact)
    assert told["Subject"] == f"電子提出の差戻しのお知らせ（受付番号：{entry.submission_id}）"
    assert REASON in told.get_content() and "もう一度提出" in told.get_content()
    no_key_in([told.get_content()], issued)
    # Returned: no 受領 until it is submitted again, and returning again changes nothing.
    assert check_response(receive(api, staff, entry.submission_id), *RECEIVE, 409)["error"]["code"] == \
        "submission_returned"
    again = check_response(return_(api, staff, entry.submission_id, "別の理由"), *RETURN, 200)["submission"]
    assert again["decision"]["reason"] == REASON and len(mails_sent_to(contact)) == 1
    assert ids(listing(api, staff, clock, "state=returned")) == [entry.submission_id]
    [note] = [a for a in store.activity.page(SAKU, 100_000, None)[0] if a.get("submission_id") == entry.submission_id]
    assert note["action"] == "submission_returned"
    # Submitted again: the same 受付番号, pending, and now it can be received.
    clock.advance(minutes=3)
    submit(issued)
    reopened = check_response(receive(api, staff, entry.submission_id), *RECEIVE, 201)["submission"]
    assert reopened["state"] == "received" and reopened["resubmitted"] is True


def test_a_reason_keeps_its_lines_and_the_mail_prints_them(api, staff, clock, store, issue_guarantee):
    contact = contact_address()
    entry = submit(issue_guarantee(), email=contact)
    typed = "保証金額が違います。  \r\n契約書をご確認ください。\r\rよろしくお願いします。"
    returned = check_response(return_(api, staff, entry.submission_id, typed), *RETURN, 200)["submission"]
    kept = "保証金額が違います。\n契約書をご確認ください。\n\nよろしくお願いします。"
    assert returned["decision"]["reason"] == kept
    assert store.submissions.get(entry.submission_id).decision.reason == kept
    [told] = mails_sent_to(contact)
    assert "■ 差戻しの理由\n  保証金額が違います。\n  契約書をご確認ください。\n\n  よろしくお願いします。\n" in \
        told.get_content()
    # Many at once take the same reason of several lines.
    other = submit(issue_guarantee())
    response = post_json(api, DECIDE[0], {"action": "return", "reason": "一行目\n二行目", **WHO,
                                          "submission_ids": [other.submission_id]}, staff)
    [result] = check_response(response, *DECIDE, 200)["results"]
    assert result["submission"]["decision"]["reason"] == "一行目\n二行目"


@pytest.mark.parametrize("body, code, field", [
    ({"reason": "\n".join(["行"] * 11)}, "too_long", "reason"),
    ({"reason": "一行目\n\u202e二行目"}, "invalid_character", "reason"),
    ({"reason": "理由", "name": "佐久\n花子"}, "invalid_character", "name"),
    ({"reason": "理由", "department": "契約\n検査課"}, "invalid_character", "department"),
], ids=["11 lines", "a control character on a line", "a name on two lines", "a department on two lines"])
def test_only_the_reason_may_hold_line_breaks(api, staff, clock, issue_guarantee, body, code, field):
    entry = submit(issue_guarantee())
    response = post_json(api, path(RETURN, entry.submission_id), {**WHO, **body}, staff)
    error = check_response(response, *RETURN, 400)["error"]
    assert (code, field) in [(p["code"], p.get("field")) for p in error.get("details", [error])]


def test_two_members_deciding_at_once_the_second_hears_it_changed(api, clock, store, issue_guarantee, monkeypatch):
    """Each read the entry before the other wrote: the write on the older revision is refused, nothing of it kept."""
    from chalicelib.domain import events
    from chalicelib.domain.formatting import iso_utc
    from chalicelib.domain.submissions import Decision
    first, second = staff_headers(api), staff_headers(api)
    submissions = type(store.submissions)
    read_as_it_was = submissions.get

    def someone_decides_meanwhile(action):
        def get(self, submission_id):
            read = read_as_it_was(self, submission_id)
            monkeypatch.setattr(submissions, "get", read_as_it_was)  # once
            decided = read.decided(Decision(action, iso_utc(clock.at), "建設課", "別の 職員", "other@city.saku.nagano.jp",
                                            "別の理由" if action == "returned" else None))
            event = events.returned(clock.at, read.version, read.submission_id, "別の理由", {"kind": "orderer"}) \
                if action == "returned" else events.receipt(clock.at, read.version, {"kind": "orderer"}, read.submission_id)
            self.decide(decided, read, event, [])
            return read
        return get

    issued = issue_guarantee()
    entry = submit(issued)
    monkeypatch.setattr(submissions, "get", someone_decides_meanwhile("returned"))
    error = check_response(receive(api, second, entry.submission_id), *RECEIVE, 409)["error"]
    assert error["code"] == "submission_changed" and "読み込み直して" in error["message"]
    state = store.guarantees.get_state(issued["guarantee"]["guarantee_id"])
    assert state.receipts == {}  # the receipt was not written without its entry
    assert store.submissions.get(entry.submission_id).decision.name == "別の 職員"

    other = submit(issue_guarantee())
    monkeypatch.setattr(submissions, "get", someone_decides_meanwhile("received"))
    assert check_response(return_(api, first, other.submission_id), *RETURN, 409)["error"]["code"] == \
        "submission_changed"
    assert store.submissions.get(other.submission_id).state == "received"


def _colliding_once(monkeypatch, obj, name: str, after: int = 0):
    """``obj.name`` raises what the DynamoDB engine raises when two writes collide (its call
    number ``after`` + 1 only); the others write."""
    from chalicelib.usecases.ports.records import ConditionFailed
    real, calls = getattr(obj, name), []

    def colliding(*a, **k):
        calls.append(a)
        if len(calls) == after + 1:
            raise ConditionFailed("transaction")
        return real(*a, **k)
    monkeypatch.setattr(obj, name, colliding)


def test_two_writes_colliding_are_submission_changed_on_either_route(api, staff, clock, store, issue_guarantee,
                                                                      monkeypatch):
    returning, receiving = submit(issue_guarantee()), submit(issue_guarantee())
    _colliding_once(monkeypatch, store.submissions, "decide")
    error = check_response(return_(api, staff, returning.submission_id), *RETURN, 409)["error"]
    assert error["code"] == "submission_changed" and "読み込み直して" in error["message"]
    _colliding_once(monkeypatch, store.guarantees, "record_receipt")
    error = check_response(receive(api, staff, receiving.submission_id), *RECEIVE, 409)["error"]
    assert error["code"] == "submission_changed"
    assert {store.submissions.get(e.submission_id).state for e in (returning, receiving)} == {"pending"}


def test_a_collision_in_many_at_once_refuses_that_entry_only(api, staff, clock, store, issue_guarantee, monkeypatch):
    entries = [submit(issue_guarantee(), email=contact_address()) for _ in range(3)]
    _colliding_once(monkeypatch, store.submissions, "decide", after=1)
    response = post_json(api, DECIDE[0], {"action": "return", "reason": REASON, **WHO,
                                          "submission_ids": [e.submission_id for e in entries]}, staff)
    results = check_response(response, *DECIDE, 200)["results"]
    assert [(r["outcome"], r.get("error", {}).get("code")) for r in results] == [
        ("returned", None), ("refused", "submission_changed"), ("returned", None)]
    assert [store.submissions.get(e.submission_id).state for e in entries] == ["returned", "pending", "returned"]


def test_many_at_once_leave_their_mails_to_the_outbox_sweep(api, staff, clock, store, issue_guarantee, monkeypatch):
    from chalicelib.usecases import deliver_mail
    from chalicelib.usecases.common.dependencies import get as deps
    entries = [submit(issue_guarantee(), email=contact_address()) for _ in range(3)]
    transport, sent = deps().transport, []
    real_send = transport.send
    monkeypatch.setattr(transport, "send", lambda *a: (sent.append(a[1]), real_send(*a))[1])
    response = post_json(api, DECIDE[0], {"action": "receive", **WHO,
                                          "submission_ids": [e.submission_id for e in entries]}, staff)
    assert {r["outcome"] for r in check_response(response, *DECIDE, 200)["results"]} == {"received"}
    assert sent == [] and all(mails_sent_to(e.contact.email) == [] for e in entries)   # written, not sent
    deliver_mail.deliver_pending(clock.at)
    for e in entries:
        [told] = mails_sent_to(e.contact.email)
        assert told["Subject"] == f"電子提出の受領のお知らせ（受付番号：{e.submission_id}）"
    # One at a time: at once, as before.
    single = submit(issue_guarantee(), email=contact_address())
    check_response(receive(api, staff, single.submission_id), *RECEIVE, 201)
    assert len(mails_sent_to(single.contact.email)) == 1


# ---- many at once ----------------------------------------------------------------------------

def test_many_at_once_each_its_own_outcome(api, staff, clock, surety_token, issue_guarantee):
    fine, changed, returned, received = (issue_guarantee() for _ in range(4))
    entries = {name: submit(issued) for name, issued in
               (("fine", fine), ("changed", changed), ("returned", returned), ("received", received))}
    elsewhere = submit(issue_guarantee(), orderer_id="202126")
    assert amend(api, surety_token, changed["guarantee"]["guarantee_id"], amendment()).status_code == 201
    check_response(return_(api, staff, entries["returned"].submission_id), *RETURN, 200)
    check_response(receive(api, staff, entries["received"].submission_id), *RECEIVE, 201)
    named = [entries[n].submission_id for n in ("fine", "changed", "returned", "received")] + \
        ["261207-AAAA-AAAA", elsewhere.submission_id]
    response = post_json(api, DECIDE[0], {"action": "receive", "submission_ids": named, **WHO}, staff)
    results = check_response(response, *DECIDE, 200)["results"]
    assert [r["submission_id"] for r in results] == named
    assert [(r["outcome"], r.get("error", {}).get("code")) for r in results] == [
        ("received", None), ("refused", "receipt_not_allowed"), ("refused", "submission_returned"),
        ("unchanged", None), ("refused", "not_found"), ("refused", "not_found")]
    assert results[0]["submission"]["state"] == "received"
    assert "submission" not in results[1] and results[1]["error"]["message"]

    pending = submit(issue_guarantee())
    back = post_json(api, DECIDE[0], {"action": "return", "submission_ids": [pending.submission_id,
                                                                             entries["fine"].submission_id],
                                      "reason": REASON, **WHO}, staff)
    assert [(r["outcome"], r.get("error", {}).get("code")) for r in check_response(back, *DECIDE, 200)["results"]] \
        == [("returned", None), ("refused", "return_not_allowed")]


@pytest.mark.parametrize("body, code, field", [
    ({"action": "return", "submission_ids": ["261207-AAAA-AAAA"]}, "missing_field", "reason"),
    ({"action": "receive", "submission_ids": []}, "missing_field", "submission_ids"),
    ({"action": "receive", "submission_ids": [f"261207-AAAA-{n:04d}" for n in range(51)]}, "too_many_submissions",
     "submission_ids"),
    ({"action": "receive", "submission_ids": ["261207-AAAA-AAAA", "261207-AAAA-AAAA"]}, "duplicate_submission_id",
     "submission_ids"),
    ({"action": "approve", "submission_ids": ["261207-AAAA-AAAA"]}, "invalid_choice", "action"),
    ({"action": "receive", "submission_ids": ["261207-AAAA-AAAA"], "department": "総務課"}, "unknown_department",
     "department"),
], ids=["no reason", "none", "51", "twice", "unknown action", "department"])
def test_what_concerns_the_whole_request_refuses_it_all(api, staff, body, code, field):
    response = post_json(api, DECIDE[0], {**WHO, **body}, staff)
    error = check_response(response, *DECIDE, 400)["error"]
    assert (code, field) in [(p["code"], p.get("field")) for p in error.get("details", [error])]


def test_the_limits_are_stated_once():
    from chalicelib.domain import submissions
    schemas = SPEC["components"]["schemas"]
    assert schemas["InboxState"]["enum"] == list(submissions.INBOX_STATES)
    assert schemas["SubmissionIds"]["maxItems"] == submissions.MAX_DECISIONS
    assert schemas["ReturnReason"]["maxLength"] == submissions.RETURN_REASON_MAX_LENGTH
    assert schemas["InboxDecisionsRequest"]["properties"]["reason"]["maxLength"] == submissions.RETURN_REASON_MAX_LENGTH
    assert f"{submissions.RETURN_REASON_MAX_LINES}行以内" in schemas["ReturnReason"]["description"]
    assert f"{submissions.RETURN_REASON_MAX_LINES + 1}行以上" in schemas["ReturnReason"]["description"]
    assert schemas["DepartmentMailAddresses"]["maxItems"] == submissions.MAX_DEPARTMENT_ADDRESSES
    assert schemas["DepartmentMail"]["properties"]["frequency"]["enum"] == list(submissions.MAIL_FREQUENCIES)
    assert schemas["InboxOptions"]["properties"]["frequencies"]["required"] == list(submissions.MAIL_FREQUENCIES)


def test_a_failure_inside_is_answered_in_the_documented_shape_and_reveals_nothing(api, staff, monkeypatch):
    from chalicelib.usecases import inbox, inbox_decisions
    from chalicelib.usecases.ports.records import StoreUnavailable

    def calls():
        some = "261207-AAAA-AAAA"
        return ((api.get(LIST[0], headers=staff), LIST), (api.get(path(GET, some), headers=staff), GET),
                (receive(api, staff, some), RECEIVE), (return_(api, staff, some), RETURN),
                (post_json(api, DECIDE[0], {"action": "receive", "submission_ids": [some], **WHO}, staff), DECIDE))

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail that must not leak")

    def unavailable(*args, **kwargs):
        raise StoreUnavailable("test")

    for failure, status, code in ((broken, 500, "internal_error"), (unavailable, 503, "service_unavailable")):
        for module, name in ((inbox, "rows"), (inbox, "entry"), (inbox_decisions, "receive"),
                             (inbox_decisions, "return_"), (inbox_decisions, "decide_many")):
            monkeypatch.setattr(module, name, failure)
        for response, op in calls():
            assert check_response(response, *op, status)["error"]["code"] == code, op
            assert b"secret detail" not in response.body


def test_a_predecessors_inbox_follows_the_orderers_own_across_pages(api, staff, clock, issue_guarantee, monkeypatch):
    """After a merger the staff read the bodies merged into theirs too (ledgers.ledger_ids): the
    orderer's own entries first, then the predecessor's, one cursor through both."""
    from chalicelib.usecases import inbox
    from chalicelib.usecases.common import inbox_entries
    merged = (SAKU, "202126")
    monkeypatch.setattr(inbox, "ledger_ids", lambda who: merged)
    monkeypatch.setattr(inbox_entries, "ledger_ids", lambda who: merged)
    own = submit(issue_guarantee())
    clock.advance(minutes=1)
    theirs = [submit(issue_guarantee(), orderer_id="202126") for _ in range(2)]
    seen, cursor = [], None
    for _ in range(6):
        page = listing(api, staff, clock, f"limit=2{'&cursor=' + cursor if cursor else ''}")
        seen += ids(page)
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen[0] == own.submission_id and sorted(seen[1:]) == sorted(e.submission_id for e in theirs)
    opened = check_response(api.get(path(GET, theirs[0].submission_id), headers=staff), *GET, 200)
    assert opened["submission"]["submission_id"] == theirs[0].submission_id
