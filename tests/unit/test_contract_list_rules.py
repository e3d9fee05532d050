"""The contract list as read from its file (domain/contract_list.py) and the checks of a
received guarantee against the rules and the list (domain/contract_checks.py): pure code."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.domain import contract_checks, contract_list
from chalicelib.domain.contract_list import Contract, Refused, parse, parse_date

HEADER = "契約番号,工事名,受注者,請負代金額,工期の始期,工期の終期\r\n"


def refused(raw: bytes) -> list[dict]:
    with pytest.raises(Refused) as caught:
        parse(raw)
    body = caught.value.body()
    assert body["code"] == "invalid_contract_list" and body["message"].endswith("。")
    return body["lines"]


def test_an_excel_file_in_shift_jis_is_read():
    text = HEADER + "R6-土木-001,市道１号線舗装工事,株式会社　佐久建設,\"22,000,000円\",2024/7/1,2025/3/31\r\n"
    [c] = parse(text.encode("cp932"))
    assert (c.line, c.number, c.project_name, c.contractor, c.price, c.works_start, c.works_end) == (
        2, "R6-土木-001", "市道１号線舗装工事", "株式会社　佐久建設", 22_000_000, "2024-07-01", "2025-03-31")
    assert c.keys == ("r6-土木-001",)


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_utf8_with_or_without_a_bom_and_one_works_period_cell(bom):
    text = "工事番号,工事名,受注者,請負代金額,工期\n" \
           "K-1,橋梁補修工事,佐久工業株式会社,¥5500000,令和6年7月1日～令和7年3月31日\n" \
           "K-2,道路改良工事,浅間建設株式会社,1000000,2024年7月1日〜2024年12月20日\n"
    one, two = parse(bom + text.encode("utf-8"))
    assert (one.works_start, one.works_end, one.price) == ("2024-07-01", "2025-03-31", 5_500_000)
    assert (two.works_start, two.works_end) == ("2024-07-01", "2024-12-20")


@pytest.mark.parametrize("text, day", [("令和6年7月1日", dt.date(2024, 7, 1)), ("令和元年5月1日", dt.date(2019, 5, 1)),
                                       ("平成31年4月30日", dt.date(2019, 4, 30)), ("R6.7.1", dt.date(2024, 7, 1)),
                                       ("２０２４／７／１", dt.date(2024, 7, 1)), ("2024-07-01", dt.date(2024, 7, 1)),
                                       ("2024年2月30日", None), ("来月", None)])
def test_dates_in_the_forms_clerks_write(text, day):
    assert parse_date(text) == day


def test_every_wrong_line_is_named_and_nothing_is_kept():
    text = HEADER + "A-1,工事,受注,abc,2024/7/1,2025/3/31\n" \
                    ",工事,受注,100,2024/7/1,2025/3/31\n" \
                    "A-3,工事,受注,100,2024/13/1,2025/3/31\n" \
                    "A-4,工事,受注,100,2025/4/1,2025/3/31\n" \
                    "A-1,工事,受注,100,2024/7/1,2025/3/31\n" \
                    "A-6,工事,受注,100,2024/7/1,2025/3/31\n"
    lines = refused(text.encode("utf-8"))
    assert [(e["line"], e["column"]) for e in lines] == [(2, "請負代金額"), (3, "契約番号"), (4, "工期の始期"),
                                                          (5, "工期の始期"), (6, "契約番号")]
    assert lines[0]["message"].startswith("2行目の請負代金額：「abc」は金額として読めません。")
    assert "2行目と同じです" in lines[4]["message"]
    assert all(e["message"].endswith("。") for e in lines)


def test_a_file_without_a_key_column_or_with_a_half_period_is_refused_at_its_header():
    [missing] = refused("工事名,受注者\n工事,受注\n".encode())
    assert missing["line"] == 1 and "「契約番号」か「工事番号」" in missing["message"]
    [half] = refused("契約番号,工期の始期\nA,2024/7/1\n".encode())
    assert half["line"] == 1 and half["column"] == "工期"


def test_at_most_100_lines_are_reported():
    text = HEADER + "".join(f"A-{n},工事,受注,xyz,2024/7/1,2025/3/31\n" for n in range(300))
    assert len(refused(text.encode())) == 100


def test_limits_of_size_and_rows():
    [size] = refused(b"a" * (contract_list.MAX_BYTES + 1))
    assert "5MB" in size["message"]
    rows = "契約番号\n" + "".join(f"{n}\n" for n in range(contract_list.MAX_CONTRACTS + 1))
    [count] = refused(rows.encode())
    assert "50,000件まで" in count["message"]
    assert len(parse(("契約番号\n" + "".join(f"{n}\n" for n in range(contract_list.MAX_CONTRACTS))).encode())) == 50_000


def test_empty_and_binary_files_are_refused():
    assert "空です" in refused(b"")[0]["message"]
    assert "文字コード" in refused(b"\xff\xfe\x00\x81\x00")[0]["message"] or refused(b"\xff\xfe\x00\x81\x00")


def row(**changes) -> dict:
    base = {"guarantee_id": "g1", "version": 1, "contract_number": "123-4567", "kind": "advance_payment",
            "project_name": "市道１号線舗装工事", "project_number": "R6-土木-001", "contractor": "株式会社 佐久建設",
            "amount": 8_000_000, "guarantee_period": {"start": "2024-07-01", "end": "2025-03-31"},
            "contract_price": 22_000_000, "works_period": {"start": "2024-07-01", "end": "2025-03-31"},
            "advance_amount": 8_000_000}
    return {**base, **changes}


def test_the_rules_on_a_row_alone():
    assert contract_checks.findings(row(), None, False) == []
    assert contract_checks.findings(row(advance_amount=8_800_001, amount=8_800_001), None, False) == ["advance_over_share"]
    assert contract_checks.findings(row(advance_amount=8_800_000, amount=8_800_000), None, False) == []
    interim = row(kind="interim_advance_payment", advance_amount=4_400_001, amount=4_400_001)
    assert contract_checks.findings(interim, None, False) == ["advance_over_share"]
    bond = row(kind="contract", advance_amount=None, amount=2_199_999)
    assert contract_checks.findings(bond, None, False) == ["contract_bond_below_10pct"]
    assert contract_checks.findings({**bond, "amount": 2_200_000}, None, False) == []
    assert contract_checks.findings(row(kind="performance_bond", advance_amount=None, amount=1), None, False) == \
        ["contract_bond_below_10pct"]
    short = row(guarantee_period={"start": "2024-07-01", "end": "2025-03-30"})
    assert contract_checks.findings(short, None, False) == ["period_short_of_works"]
    # A row written before the row kept the contract's figures: checked on what it has.
    old = {k: v for k, v in row().items() if k not in ("contract_price", "works_period", "advance_amount")}
    assert contract_checks.findings(old, None, False) == []


def test_the_comparison_with_the_list_folds_widths_and_spaces():
    line = Contract(2, ("r6-土木-001",), "R6-土木-001", "市道1号線舗装工事", "株式会社　佐久建設", 22_000_000,
                    "2024-07-01", "2025-03-31")
    assert contract_checks.findings(row(), line, True) == []
    other = Contract(2, ("r6-土木-001",), "R6-土木-001", "市道2号線舗装工事", "浅間建設株式会社", 23_000_000,
                     "2024-07-01", "2025-02-28")
    assert contract_checks.findings(row(), other, True) == ["contractor_differs", "project_name_differs",
                                                            "price_differs", "works_period_differs"]
    assert contract_checks.findings(row(), Contract(2, ("x",), "X"), True) == []  # only the number given
    assert contract_checks.findings(row(), None, True) == ["not_in_contract_list"]


def test_a_row_is_looked_up_by_the_orderers_reference_its_project_number_and_its_number():
    assert contract_checks.row_keys(row(orderer_reference="Ｒ６－００１")) == ["r6-001", "r6-土木-001", "123-4567"]


def test_each_contract_is_in_the_bucket_of_each_of_its_keys():
    from chalicelib.usecases.contract_list import buckets_of
    contracts = [Contract(n, (f"c{n}", f"p{n}"), f"C{n}") for n in range(100)]
    buckets = buckets_of(contracts)
    assert len(buckets) == 13
    for c in contracts:
        for key in c.keys:
            assert c.as_dict() in buckets[contract_list.bucket_of(key, 13)]
