"""What the e-mails say (domain/mail_messages.py): pure text from domain values, no transport.

The messages as delivered (MIME, outbox, SES) are checked in tests/api/test_mail.py and the
tests of each use case; here the wording rules that hold whatever sends them."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from chalicelib.domain import mail_messages, staff

UTC = dt.timezone.utc


def certificate(guarantee_period: dict | None = None, version: int = 1, **contractor) -> dict:
    """The fields of a certificate the messages read (domain/guarantee.py Version.certificate)."""
    return {"guarantee_period": guarantee_period or {"start": "2024-07-01", "end": "2025-04-14"},
        "contract_number": "0000-2024-000123", "version": version, "kind": "advance_payment", "kind_label": "前払金保証", "amount": 22_000_000,
        "issue_date": "2024-07-01", "orderer": {"name": "佐久市", "prefecture": "長野県"},
        "project": {"name": "市道岩村田1号線道路改良工事", "number": None},
        "contractor": {"name": "浅間建設株式会社", **contractor}, "surety": {"name": "テスト建設業保証株式会社"},
    }


def minutes(period: dt.timedelta) -> int:
    return int(period.total_seconds() // 60)


def test_the_sign_in_answer_states_the_code_rules_of_the_domain():
    # If CODE_TTL or CODE_DIGITS changes, the answer must change with it: no number is written twice.
    for text in (mail_messages.SIGN_IN_CODE_SENT, mail_messages.SIGN_IN_CODE_INVALID):
        assert re.findall(r"(\d+)桁", text) == [str(staff.CODE_DIGITS)]
    assert re.findall(r"(\d+)分", mail_messages.SIGN_IN_CODE_SENT) == [str(minutes(staff.CODE_TTL))]
    assert f"有効期限{minutes(staff.CODE_TTL)}分" in mail_messages.SIGN_IN_CODE_SENT


def test_the_sign_in_answer_and_its_use_case_say_the_same():
    from chalicelib.usecases import staff_sign_in
    assert staff_sign_in.CODE_SENT_MESSAGE == mail_messages.SIGN_IN_CODE_SENT
    assert staff_sign_in.INVALID_CODE_MESSAGE == mail_messages.SIGN_IN_CODE_INVALID


@pytest.mark.parametrize("valid_for", [staff.CODE_TTL, dt.timedelta(minutes=15), dt.timedelta(minutes=5)])
def test_the_code_mail_states_how_long_the_code_lives_and_its_length(valid_for):
    text = mail_messages.sign_in_code("佐久市", "12345678", valid_for)
    assert re.findall(r"(\d+)分", text.body) == [str(minutes(valid_for))]
    assert "この8桁の数字" in text.body and "確認コード：12345678" in text.body
    assert text.body.startswith("佐久市 ご担当者様\n\n電子保証ポータルへのサインイン")
    assert text.subject == "電子保証ポータル サインインの確認コード"


def test_a_replacement_code_mail_says_why_it_came_unasked():
    plain = mail_messages.sign_in_code("佐久市", "12345678", staff.CODE_TTL)
    replaced = mail_messages.sign_in_code("佐久市", "87654321", staff.CODE_TTL, replaces_guessed=True)
    assert "誤った確認コードの入力が続いたため" in replaced.body and "誤った確認コード" not in plain.body


def test_the_completion_notice_addresses_the_contractor_by_the_domain_rule():
    company = mail_messages.completion_notice(certificate(), None)
    person = mail_messages.completion_notice(certificate(name="山田太郎"), None)
    numbered = mail_messages.completion_notice(certificate(name="やまだ", corporate_number="1234567890123"), None)
    assert company.body.startswith("浅間建設株式会社 御中\n")
    assert person.body.startswith("山田太郎 様\n")
    assert numbered.body.startswith("やまだ 御中\n")


def test_the_completion_subject_names_the_project_number_only_when_there_is_one():
    cert = certificate()
    assert mail_messages.completion_notice(cert, None).subject == \
        "電子保証（認証キー）発行完了のお知らせ（保証契約番号：0000-2024-000123）"
    cert["project"]["number"] = "佐建第12号"
    assert mail_messages.completion_notice(cert, None).subject == \
        "電子保証（認証キー）発行完了のお知らせ（保証契約番号：0000-2024-000123／工事番号：佐建第12号）"


def test_the_amended_completion_notice_names_the_version_and_the_changes():
    cert = {**certificate(), "version": 2}
    amendment = {"effective_date": "2024-08-01",
                 "changes": [{"label": "保証金額", "before": "22,000,000円", "after": "25,000,000円"}]}
    text = mail_messages.completion_notice(cert, None, amendment)
    assert text.subject.startswith("電子保証（認証キー）変更完了のお知らせ（第2版）（保証契約番号：")
    assert "変更日　　　：2024年8月1日" in text.body
    assert "  保証金額：22,000,000円 → 25,000,000円" in text.body


def test_the_wrong_keys_notice_gives_the_hour_in_japan():
    # 04:00 UTC ends the window: the hour from 12時00分 JST; counted at 03:41 UTC = 12時41分 JST.
    text = mail_messages.wrong_keys_notice(certificate(), 57, dt.datetime(2024, 9, 10, 4, 0, tzinfo=UTC),
                                           dt.datetime(2024, 9, 10, 3, 41, tzinfo=UTC))
    assert "2024年9月10日 12時00分から12時41分までの間に" in text.body
    assert "誤った認証キーによる確認が57回ありました" in text.body


def test_receipt_notices_name_who_recorded_and_the_version():
    receipt = {"orderer": "佐久市", "department": "建設部 土木課", "name": "佐久 花子", "date": "2024-07-05"}
    recorded = mail_messages.receipt_notice(certificate(), receipt, 2)
    withdrawn = mail_messages.receipt_withdrawn_notice(certificate(), receipt, 2, dt.date(2024, 7, 6))
    assert "長野県佐久市 建設部 土木課（担当：佐久 花子）が、2024年7月5日に" in recorded.body
    assert "0000-2024-000123（第2版）" in recorded.body and "0000-2024-000123（第2版）" in withdrawn.body
    assert withdrawn.subject == "電子保証の受領の記録の取り消しのお知らせ（保証契約番号：0000-2024-000123）"


def test_the_withdrawal_notice_says_who_took_back_which_record_and_when_with_no_reason_invented():
    receipt = {"orderer": "佐久市", "department": "契約検査課", "name": "佐久 花子", "date": "2024-07-05"}
    body = mail_messages.receipt_withdrawn_notice(certificate(), receipt, 2, dt.date(2024, 7, 6)).body
    assert ("長野県佐久市 契約検査課（担当：佐久 花子）が、2024年7月5日に記録した次の電子保証の受領の記録を、"
            "2024年7月6日に取り消しました。") in body
    assert "誤って" not in body and "ため" not in body


def test_the_staff_change_subject_takes_the_event_without_its_date():
    text = mail_messages.staff_expired_notice(certificate(guarantee_period={"start": "2024-07-01", "end": "2025-04-14"}))
    assert text.subject == "受領済みの電子保証の保証期間の終了のお知らせ（保証契約番号：0000-2024-000123）"
    assert "■ 保証期間の終了（2025年4月14日）\n\nこの電子保証の保証期間が終わりました（期限満了）。\n" in text.body


def test_each_staff_change_is_worded_from_domain_values():
    # The headings and advice are the domain's: a use case passes the certificate and a date.
    amended = mail_messages.staff_amended_notice(certificate(version=3), dt.date(2024, 8, 3))
    assert amended.subject == "受領済みの電子保証の変更のお知らせ（保証契約番号：0000-2024-000123）"
    assert ("■ 変更（第3版）\n\nこの電子保証は変更され、第3版が発行されました（変更日 2024年8月3日）。"
            "受領された版は最新ではありません。\n変更後の内容は、受注者から届く新しい「認証キーのお知らせ」（第3版）"
            "で確認してください。\n電子保証ポータルの受領台帳でも") in amended.body
    cancelled = mail_messages.staff_cancelled_notice(certificate(), dt.date(2024, 9, 1))
    assert cancelled.subject == "受領済みの電子保証の解約のお知らせ（保証契約番号：0000-2024-000123）"
    assert ("■ 解約（2024年9月1日）\n\nこの保証契約は解約されました。解約された保証契約の電子保証は、"
            "保証の対象になりません。\n") in cancelled.body


def test_the_use_cases_word_no_staff_change_themselves():
    from pathlib import Path

    from chalicelib import usecases
    root = Path(usecases.__file__).parent
    for name in ("amend_guarantee.py", "cancel_guarantee.py", "common/receipt_followups.py"):
        source = (root / name).read_text(encoding="utf-8")
        for words in ("保証期間の終了", "期限満了", "解約されました", "受領された版は最新", "認証キーのお知らせ"):
            assert words not in source, (name, words)
