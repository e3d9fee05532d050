"""The 「電子保証（認証キー）発行完了のお知らせ」 e-mail: sent when asked for, never with the
key, never failing or repeating the issuance, retried until delivered."""
from __future__ import annotations

import email
import email.policy
import threading

import pytest

from chalicelib.domain import authkey, retention
from chalicelib.adapters import clock
from chalicelib.adapters import mail
from chalicelib.usecases import deliver_mail
from chalicelib.usecases.common import outbox
from openapi_document import advance_increase
from support import current_store, guarantee_request, issue_headers, post_json

from support import OUTBOX


def messages_for(contract_number: str) -> list[email.message.EmailMessage]:
    found = []
    for path in OUTBOX.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if contract_number in message["Subject"]:
            found.append(message)
    return found


def test_the_completion_notice_is_sent_without_the_key(api, surety_token):
    body = guarantee_request(completion_notice_email="soumu@asama.example")
    issued = post_json(api, "/v1/guarantees", body, issue_headers(surety_token)).json_body
    [message] = messages_for(body["contract_number"])
    assert message["To"] == "soumu@asama.example"
    # The orderer's 工事番号 is in the subject, for the orderers that file mail by it.
    assert message["Subject"] == (f"電子保証（認証キー）発行完了のお知らせ（保証契約番号：{body['contract_number']}"
                                  f"／工事番号：{body['project']['number']}）")
    assert "変更" not in message["Subject"] and "変更" not in message.get_content()
    assert message["Auto-Submitted"] == "auto-generated"
    text = message.get_content()
    assert "浅間建設株式会社 御中" in text and "佐久市" in text and "22,000,000円" in text
    assert "認証キー」のお知らせ" in text
    raw = message.as_string()
    key = issued["auth_key"]
    for form in (key, authkey.parse(key), key.lower(), key.replace("-", "")):
        assert form not in raw and form not in text


def test_the_completion_notice_names_the_submission_page_where_the_orderer_takes_it(api, surety_token):
    """佐久市 takes 電子提出 (the demo enrolment): the mail offers the portal's page beside the e-mail,
    which stays; an orderer that does not take it gets the e-mail path alone."""
    from chalicelib import bootstrap
    from chalicelib.domain import links
    page = links.submission_url(bootstrap.installed().settings.site_url)
    saku = guarantee_request(completion_notice_email="soumu@asama.example")
    post_json(api, "/v1/guarantees", saku, issue_headers(surety_token))
    [told] = messages_for(saku["contract_number"])
    text = told.get_content()
    assert "電子提出を受け付けています" in text and page in text
    assert "電子メールに添付して提出することもできます" in text
    nagano = guarantee_request(completion_notice_email="soumu@asama.example", orderer_id="200000")
    assert post_json(api, "/v1/guarantees", nagano, issue_headers(surety_token)).status_code == 201
    [plain] = messages_for(nagano["contract_number"])
    assert "電子提出" not in plain.get_content() and page not in plain.get_content()
    assert "ダウンロードしたPDFを電子メールに添付し" in plain.get_content()


def test_no_mail_when_not_asked_for(api, surety_token):
    body = guarantee_request()
    assert post_json(api, "/v1/guarantees", body, issue_headers(surety_token)).status_code == 201
    assert messages_for(body["contract_number"]) == []


@pytest.mark.parametrize("address", ["not-an-address", "a@b", "a b@example.jp", "x" * 250 + "@example.jp", 42])
def test_a_bad_address_is_refused(api, surety_token, address):
    response = post_json(api, "/v1/guarantees", guarantee_request(completion_notice_email=address),
                         issue_headers(surety_token))
    assert response.status_code == 400
    fields = {d["field"]: d["code"] for d in response.json_body["error"].get("details", [response.json_body["error"]])}
    assert fields["completion_notice_email"] in ("invalid_email", "invalid_type")


class FailingTransport:
    def __init__(self):
        self.calls = 0

    def send(self, mail_id, to, raw):
        self.calls += 1
        raise ConnectionError("SES unreachable")


def _mail_id_of(guarantee_id: str, contract_number: str) -> str:
    due = current_store().outbox.due(clock.now() + outbox.backoff(outbox.MAX_ATTEMPTS), 100)
    for mail_id in due:
        if current_store().outbox.get(mail_id).guarantee_id == guarantee_id:
            return mail_id
    raise AssertionError(f"no pending mail for {contract_number}")


@pytest.mark.dynamodb  # two sweeps claim the message at once: conditional writes racing
def test_a_failed_send_never_fails_the_issuance_and_is_retried_once(api, surety_token):
    failing = FailingTransport()
    mail.set_transport(failing)
    try:
        body = guarantee_request(completion_notice_email="keiyaku@asama.example")
        response = post_json(api, "/v1/guarantees", body, issue_headers(surety_token))
    finally:
        mail.set_transport(None)
    assert response.status_code == 201
    assert failing.calls == 1
    assert messages_for(body["contract_number"]) == []
    mail_id = _mail_id_of(response.json_body["guarantee"]["guarantee_id"], body["contract_number"])
    state = current_store().outbox.get(mail_id)
    assert (state.status, state.attempts, state.last_error) == ("pending", 1, "ConnectionError")
    assert state.kept_until is None  # waiting to be sent: never removed

    # Not due yet: the sweep leaves it alone.
    assert mail_id not in current_store().outbox.due(clock.now(), 100)
    # Later, two sweeps at once (two Lambda invocations): delivered exactly once.
    later = clock.now() + outbox.backoff(1)
    threads = [threading.Thread(target=deliver_mail.deliver_pending, args=(later,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(messages_for(body["contract_number"])) == 1
    sent = current_store().outbox.get(mail_id)
    assert sent.status == "sent"
    # Kept 30 days after sending (DynamoDB's TTL has whole seconds), as the privacy page says.
    assert sent.kept_until == (later + retention.SENT_MAIL).replace(microsecond=0)
    # A sent message is out of the pending index: later sweeps never send it again.
    deliver_mail.deliver_pending(later + outbox.backoff(5))
    assert len(messages_for(body["contract_number"])) == 1


def test_a_message_is_given_up_after_the_last_attempt(api, surety_token):
    failing = FailingTransport()
    mail.set_transport(failing)
    try:
        body = guarantee_request(completion_notice_email="keiyaku@asama.example")
        issued = post_json(api, "/v1/guarantees", body, issue_headers(surety_token)).json_body
        mail_id = _mail_id_of(issued["guarantee"]["guarantee_id"], body["contract_number"])
        moments = [clock.now() + outbox.backoff(outbox.MAX_ATTEMPTS) * (i + 1) for i in range(outbox.MAX_ATTEMPTS + 2)]
        for moment in moments:
            outbox.deliver(mail_id, moment)
    finally:
        mail.set_transport(None)
    state = current_store().outbox.get(mail_id)
    assert state.status == "failed" and state.attempts == outbox.MAX_ATTEMPTS
    # The first attempt was at issuance; the last one, given up, is kept 90 days for the operator.
    given_up_at = moments[outbox.MAX_ATTEMPTS - 2]
    assert state.kept_until == (given_up_at + retention.FAILED_MAIL).replace(microsecond=0)


def test_an_amendment_mail_says_it_is_a_change_with_its_version_and_what_changed(api, surety_token):
    body = guarantee_request(completion_notice_email="soumu@asama.example")
    issued = post_json(api, "/v1/guarantees", body, issue_headers(surety_token)).json_body
    gid = issued["guarantee"]["guarantee_id"]
    amendment = {"base_version": 1, "reason": "increase", "effective_date": issued["guarantee"]["issue_date"],
                 "changes": advance_increase(25_000_000),
                 "completion_notice_email": "soumu@asama.example"}
    response = post_json(api, f"/v1/guarantees/{gid}/amendments", amendment, issue_headers(surety_token))
    assert response.status_code == 201, response.body
    assert response.json_body["notice"]["filename"].endswith("_第2版.pdf")
    [first, second] = sorted(messages_for(body["contract_number"]), key=lambda m: "第2版" in m["Subject"])
    assert "変更" not in first["Subject"]
    assert second["Subject"].startswith("電子保証（認証キー）変更完了のお知らせ（第2版）")
    text = second.get_content()
    assert "変更手続きが完了しました" in text and "第2版" in text
    assert "保証金額：22,000,000円 → 25,000,000円" in text and "前払金額：22,000,000円 → 25,000,000円" in text
    assert "以前の版のお知らせは提出しないでください" in text



def _mails(contract_number: str) -> dict[str, email.message.EmailMessage]:
    return {m["Subject"].split("（保証契約番号")[0]: m for m in messages_for(contract_number)}


@pytest.mark.parametrize("kind, issuer_row, amount_row, cancelled", [
    ("performance_insurance", "保険会社名　：テスト損害保険株式会社", "保険金額　　：5,500,000円",
     "この履行保証保険は解約されました"),
    ("bank_guarantee", "金融機関名　：株式会社テスト銀行 佐久支店", "保証金額　　：5,500,000円",
     "この銀行等の保証は解約されました"),
])
def test_an_insurers_and_a_banks_mails_name_the_instrument_and_its_issuer(
        api, issue_instrument, token_for_kind, kind, issuer_row, amount_row, cancelled):
    from support import staff_headers
    issued = issue_instrument(kind, completion_notice_email="soumu@asama.example")
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    recorded = post_json(api, "/v1/receipts", {"contract_number": number, "auth_key": key,
                                               "department": "契約検査課", "name": "佐久 花子"}, staff_headers(api))
    assert recorded.status_code == 201, recorded.body
    cancellation = post_json(api, f"/v1/guarantees/{issued['guarantee']['guarantee_id']}/cancellation",
                             {"reason": "工事の中止", "date": clock.today().isoformat()}, issue_headers(token_for_kind(kind)))
    assert cancellation.status_code == 200, cancellation.body
    mails = _mails(number)
    completion = mails["電子保証（認証キー）発行完了のお知らせ"].get_content()
    receipt = mails["電子保証の受領確認のお知らせ"].get_content()
    staff = mails["受領済みの電子保証の解約のお知らせ"].get_content()
    label = {"performance_insurance": "履行保証保険", "bank_guarantee": "銀行等の保証"}[kind]
    for text in (completion, receipt, staff):
        # The instrument by its name, its issuer by what its paper calls it; never a 保証会社.
        assert f"保証の種類　：{label}" in text and issuer_row in text
        assert "保証会社" not in text
        assert f"保証契約番号：{number}" in text  # the number the orderer's form asks for
    assert amount_row in completion
    assert f"{issuer_row.split('：')[1].split()[0]}のインターネットサービスから" in completion
    assert cancelled in staff
    for message in mails.values():
        raw = message.as_string()
        for form in (key, authkey.parse(key), key.replace("-", "")):
            assert form not in raw and form not in message.get_content()
