"""The certificate as printed (domain/certificate_text.py) and what a key shows (views.for_key):
the one place where amounts, dates and names are written for people; the pages only lay
the rows out, and scripts find a row by its key, never by its wording. Pure: no PDF, no table."""
from __future__ import annotations

import copy
import datetime as dt

from chalicelib.domain import certificate_text, views
from chalicelib.domain.guarantee import Version
from chalicelib.domain.terms_rules import parse_terms
from chalicelib.domain.views import GuaranteeState
from support import TEST_SURETY_NAME, demo_body, guarantee_request

JST = dt.timezone(dt.timedelta(hours=9))
ISSUED_AT = dt.datetime(2024, 7, 1, 1, 23, 45, tzinfo=dt.timezone.utc)
MOMENT = dt.datetime(2024, 9, 10, 15, 30, tzinfo=dt.timezone.utc)  # 9月11日 0時30分 in Japan
JV = {"name": "浅間・佐久特定建設工事共同企業体", "address": "長野県佐久市中込1丁目1番1号",
      "representative": "浅間建設株式会社 代表取締役 佐久 太郎",
      "members": [{"name": "浅間建設株式会社", "address": "長野県佐久市中込1丁目1番1号", "representative": "代表取締役 佐久 太郎"},
                  {"name": "佐久土木株式会社", "address": "長野県佐久市岩村田2丁目2番2号", "representative": "代表取締役 岩村田 花子"}]}
ISSUED = {"version": 1, "kind": "issued", "label": "新規", "date": "2024-07-01", "reason": None,
          "reason_label": None, "changes": []}
AMENDED = {"version": 2, "kind": "amended", "label": "第1回変更", "date": "2024-08-01", "reason": "increase",
           "reason_label": "増額", "changes": [{"field": "amount", "label": "保証金額", "before": "20,000,000円",
                                                "after": "22,000,000円"}]}


def version_of(number: int = 1, **overrides) -> Version:
    body = guarantee_request(**overrides)
    body["guarantee_period"] = {"start": "2024-07-01", "end": "2025-04-14"}
    body["project"]["period"] = {"start": "2024-07-01", "end": "2025-03-14"}
    terms = parse_terms(body, ISSUED_AT.astimezone(JST).date())
    return Version("g-test", number, "test-surety", TEST_SURETY_NAME, terms, ISSUED_AT)


def view(version: Version, status: str = "valid", history=None, cancellation=None, receipts=None) -> dict:
    state = GuaranteeState("g-test", "test-surety", version.terms.contract_number, len(history or [ISSUED]),
                           status, history or [ISSUED], cancellation, receipts or {}, None)
    return views.for_key(version, state, MOMENT, None, demo_body())


def rows_by_key(shown: dict) -> dict[str, tuple[str, list[str]]]:
    return {r["key"]: (r["label"], r["lines"]) for s in shown["sections"] for r in s["rows"]}


def test_the_answer_carries_the_rows_the_pdfs_print_each_with_a_stable_key():
    shown = view(version_of())
    assert [(s["title"], [(r["label"], r["lines"]) for r in s["rows"]]) for s in shown["sections"]] \
        == certificate_text.sections(shown["certificate"])
    assert [s["key"] for s in shown["sections"]] == ["guarantee", "project", "contractor", "surety"]
    rows = rows_by_key(shown)
    keys = [r["key"] for s in shown["sections"] for r in s["rows"]]
    assert len(keys) == len(set(keys))
    amount = shown["certificate"]["amount"]
    assert rows["amount"] == ("保証金額", [f"{amount:,}円"])
    assert rows["guarantee_period"] == ("保証期間", ["2024年7月1日 〜 2025年4月14日"])
    assert rows["project_period"] == ("工期", ["2024年7月1日 〜 2025年3月14日"])
    assert rows["issue_date"] == ("発行日", ["2024年7月1日"])


def test_the_orderer_reads_as_the_notice_prints_it_prefecture_first():
    rows = rows_by_key(view(version_of()))
    assert rows["orderer"] == ("発注者", ["長野県佐久市"])
    assert certificate_text.orderer_name({"name": "府中市", "prefecture": "東京都"}) == "東京都府中市"
    assert certificate_text.orderer_name({"name": "長野県", "prefecture": "長野県"}) == "長野県"


def test_a_joint_ventures_members_are_rows_member_1_first_as_the_representative():
    contractor = copy.deepcopy(JV)
    contractor["members"][1]["corporate_number"] = "1100001000005"
    rows = rows_by_key(view(version_of(contractor=contractor)))
    first, second = rows["member_1"], rows["member_2"]
    assert first[0] == "構成員1" and first[1][0] == contractor["members"][0]["name"] + "（代表構成員）"
    assert second[0] == "構成員2" and second[1][0] == contractor["members"][1]["name"]
    assert second[1][-1] == "法人番号 1100001000005"


def test_a_cancelled_guarantee_leads_with_its_cancellation_date_and_reason():
    shown = view(version_of(), status="cancelled", cancellation={"date": "2024-09-01", "reason": "工事の中止"})
    first = shown["sections"][0]["rows"][0]
    assert first == {"key": "cancellation", "label": "解約日", "lines": ["2024年9月1日（工事の中止）"]}
    assert certificate_text.cancellation_row({"date": "2024-09-01", "reason": None}) \
        == ("cancellation", "解約日", ["2024年9月1日"])
    assert "cancellation" not in rows_by_key(view(version_of()))


def test_the_history_rows_are_written_for_people_in_the_order_of_the_history():
    shown = view(version_of(2), history=[ISSUED, AMENDED])
    assert view(version_of(1), history=[ISSUED, AMENDED])["history_rows"][-1]["version"] == "第1版"  # never later
    assert shown["history_rows"] == [
        {"version": "第1版", "date": "2024年7月1日", "content": "新規", "changes": []},
        {"version": "第2版", "date": "2024年8月1日", "content": "第1回変更（増額）", "changes": AMENDED["changes"]}]


def test_when_the_portal_looked_is_written_in_japans_time_as_the_copy_prints_it():
    shown = view(version_of())
    assert shown["as_of"] == "2024-09-10T15:30:00Z"
    assert shown["as_of_label"] == "2024年9月11日 00:30（日本時間）"


def test_a_receipt_shows_its_date_as_written_and_the_surety_sees_the_same_with_the_note():
    receipt = {"orderer": "佐久市", "department": "契約検査課", "name": "佐久 花子", "date": "2024-07-02",
               "recorded_at": "2024-07-02T01:00:00Z", "note": "原本確認済", "staff": "a@city.saku.nagano.jp"}
    version = version_of()
    shown = views.receipt_view(receipt, views.orderer_name(version, demo_body()))
    # A receipt stored with the short name reads as the registry names the version's orderer now.
    assert shown["orderer"] == "長野県佐久市"
    assert shown["label"] == "受領済み（長野県佐久市 契約検査課、2024年7月2日）" and shown["date_label"] == "2024年7月2日"
    assert "note" not in shown and "staff" not in shown
    assert views.receipt_view(receipt, "長野県佐久市", with_note=True) == {**shown, "note": "原本確認済"}
    # A body the registry no longer knows reads as its id.
    assert views.orderer_name(version, None) == "202177"


def test_a_ratio_is_written_as_a_clerk_writes_it_whole_percents_without_a_trailing_zero():
    from chalicelib.domain.formatting import ratio_ja
    assert ratio_ja(5_500_000, 55_000_000) == "請負代金額の10%"
    assert ratio_ja(5_775_000, 55_000_000) == "請負代金額の10.5%"
    assert ratio_ja(5_499_999, 55_000_000) == "請負代金額の9.9%"  # rounded down, never up to 10%
