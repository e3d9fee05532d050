"""How times, dates and amounts are written: the one place for each form.

Stored and API times are UTC ISO 8601 with a Z; what people read is in Japan's time and
calendar (2024年7月1日, 令和6年), amounts in whole yen with thousands separators.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

JST = dt.timezone(dt.timedelta(hours=9), "JST")
_SECONDS = "%Y-%m-%dT%H:%M:%SZ"
_MICROSECONDS = "%Y-%m-%dT%H:%M:%S.%fZ"
_REIWA = dt.date(2019, 5, 1)


def iso_utc(moment: dt.datetime) -> str:
    """A UTC time to the second (API replies, certificates)."""
    return moment.astimezone(dt.timezone.utc).strftime(_SECONDS)


def iso_utc_precise(moment: dt.datetime) -> str:
    """A UTC time to the microsecond (event logs and stored records, which sort by it)."""
    return moment.astimezone(dt.timezone.utc).strftime(_MICROSECONDS)


def parse_iso_utc(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, _SECONDS).replace(tzinfo=dt.timezone.utc)


def parse_iso_utc_precise(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, _MICROSECONDS).replace(tzinfo=dt.timezone.utc)


def today_in_japan(now: dt.datetime) -> dt.date:
    """The business date of a moment: every rule judges dates in Japan."""
    return now.astimezone(JST).date()


def date_ja(d: dt.date | str) -> str:
    """2024年7月1日 (a date or its ISO text)."""
    if isinstance(d, str):
        d = dt.date.fromisoformat(d)
    return f"{d.year}年{d.month}月{d.day}日"


def date_ja_with_era(d: dt.date) -> str:
    """2024年（令和6年）7月1日: clerks file by 和暦, the guarantee itself uses 西暦."""
    if d < _REIWA:
        return date_ja(d)
    year = d.year - 2018
    era = "令和元年" if year == 1 else f"令和{year}年"
    return f"{d.year}年（{era}）{d.month}月{d.day}日"


def time_ja(moment: dt.datetime) -> str:
    """2024年7月1日 09:30（日本時間）"""
    m = moment.astimezone(JST)
    return f"{date_ja(m.date())} {m.hour:02d}:{m.minute:02d}（日本時間）"


def yen_ja(amount: int) -> str:
    return f"{amount:,}円"


def period_ja(start: dt.date | str, end: dt.date | str) -> str:
    return f"{date_ja(start)} 〜 {date_ja(end)}"


def ratio_ja(amount: int, price: int) -> str:
    """請負代金額の10% / 10.5%: rounded down to a tenth of a percent, so a guarantee just under a
    tenth never reads as 10%; a whole percent is written without ".0", as a clerk writes it."""
    tenths = amount * 1000 // price
    return f"請負代金額の{tenths // 10}%" if tenths % 10 == 0 else f"請負代金額の{tenths // 10}.{tenths % 10}%"


def deposit_bank_ja(bank: dict[str, Any]) -> str:
    """○○銀行 ××支店（金融機関コード 0123・支店コード 456）"""
    codes = "・".join(f"{name} {bank[key]}" for key, name in (("bank_code", "金融機関コード"),
                                                             ("branch_code", "支店コード")) if bank.get(key))
    return f"{bank['bank_name']} {bank['branch_name']}" + (f"（{codes}）" if codes else "")


def redeposit_ja(redeposit: bool) -> str:
    return "利用する" if redeposit else "利用しない"


def jst_day_start(day: dt.date) -> str:
    """00:00 of a Japanese day as a stored time compares (UTC to the microsecond): a day's bounds
    are its start and the next day's."""
    return iso_utc_precise(dt.datetime.combine(day, dt.time(), JST))
