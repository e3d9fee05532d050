"""What the law, the standard contract and the orderers' rules require of the amount and the
period of a guarantee, checked against the contract it secures — the same for every issuer.

- 契約の保証 (契約保証, 公共工事履行保証証券, 履行保証保険, 銀行等の保証): at least a tenth of the
  請負代金額 (the orderers' 契約保証取扱要領 under 公共工事標準請負契約約款 第4条; 会計法 第29条の9
  for the state). Some orderers ask 10分の3 in low-bid contracts: more is never refused.
- 前払金保証: the 保証金 is at most the advance paid (保証事業法 第2条第2項), and a guarantee of
  less leaves part of the advance unsecured, so 保証金額 = 前払金額; the advance is within
  10分の4 of the 請負代金額 (地方自治法施行規則 附則第3条; 予算決算及び会計令臨時特例 第2条 for
  the state), a 中間前払金 within 10分の2.
- The period covers the works: it ends on or after their end (terms_rules.py) and a contract
  security starts on or before their start (「保証期間は、契約期間を含むこと」). It should also
  start by the 契約日 (a 履行保証保険 runs 「請負契約締結時から」); orderers word that rule
  differently, so a start after the 契約日 is a caution, not a refusal.

``breaches`` are refusals at issuance and amendment. ``cautions`` are what the orderer is told
on the result: every breach of a version issued before these checks existed, and the
契約日 caution.

Pure domain code: no storage, no HTTP.
"""
from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .errors import Problem
from .formatting import date_ja, yen_ja
from .instruments import INSTRUMENTS

if TYPE_CHECKING:  # guarantee.py imports instruments; this module reads its Terms only
    from .guarantee import Terms

CONTRACT_MINIMUM = Fraction(1, 10)
ADVANCE_CEILINGS = {"advance_payment": Fraction(4, 10), "interim_advance_payment": Fraction(2, 10)}
_SHARE_JA = {Fraction(1, 10): "10分の1", Fraction(2, 10): "10分の2", Fraction(4, 10): "10分の4"}


def minimum_contract_amount(price: int) -> int:
    """The least a contract security may be: a tenth of the price, rounded up to the yen."""
    return -(-price * CONTRACT_MINIMUM.numerator // CONTRACT_MINIMUM.denominator)


def advance_ceiling(kind: str, price: int) -> int:
    share = ADVANCE_CEILINGS[kind]
    return price * share.numerator // share.denominator


def breaches(terms: Terms) -> list[Problem]:
    """Every refusal the amount of ``terms`` earns against its own contract."""
    instrument = INSTRUMENTS[terms.kind]
    price = terms.project.contract_price
    problems = []
    if instrument.secures == "contract":
        least = minimum_contract_amount(price)
        if terms.amount < least:
            problems.append(Problem(
                "amount_below_contract_minimum",
                f"{instrument.label}の{instrument.amount_label}（{yen_ja(terms.amount)}）が、請負代金額（{yen_ja(price)}）の"
                f"10分の1（{yen_ja(least)}）に足りません。契約の保証は請負代金額の10分の1以上が必要です。", "amount"))
    elif terms.advance is not None:
        advance = terms.advance.amount
        name = "中間前払金額" if terms.kind == "interim_advance_payment" else "前払金額"
        if terms.amount != advance:
            problems.append(Problem(
                "amount_differs_from_advance",
                f"{instrument.label}の保証金額（{yen_ja(terms.amount)}）が{name}（{yen_ja(advance)}）と違います。"
                f"保証金額は{name}と同じ額にしてください。", "amount"))
        ceiling = advance_ceiling(terms.kind, price)
        if advance > ceiling:
            share = _SHARE_JA[ADVANCE_CEILINGS[terms.kind]]
            problems.append(Problem(
                "advance_exceeds_limit",
                f"{name}（{yen_ja(advance)}）が、請負代金額（{yen_ja(price)}）の{share}（{yen_ja(ceiling)}）を"
                f"超えています。{name}は請負代金額の{share}以内です。", "advance.amount"))
    works = terms.project.period
    if instrument.secures == "contract" and terms.guarantee_period.start > works.start:
        problems.append(Problem(
            "guarantee_period_starts_after_works_start",
            f"{instrument.period_label}の始期（{date_ja(terms.guarantee_period.start)}）が工期の始期"
            f"（{date_ja(works.start)}）より後です。契約の保証の{instrument.period_label}は工期を含むようにしてください。",
            "guarantee_period.start"))
    return problems


def cautions(terms: Terms) -> list[dict[str, Any]]:
    """What the orderer should look at on this version (the result page and the ledger say it):
    ``{"code", "message"}`` each. A version issued today has no breach (it would have been
    refused); one issued before the checks may."""
    found = [{"code": p.code, "message": "発行時の確認では見つからなかった点があります：" + p.message}
             for p in breaches(terms)]
    instrument = INSTRUMENTS[terms.kind]
    start, signed = terms.guarantee_period.start, terms.contract_date
    if instrument.secures == "contract" and signed is not None and start > signed:
        found.append({"code": "period_starts_after_contract_date",
                      "message": f"{instrument.period_label}の始期（{date_ja(start)}）が、請負契約日（{date_ja(signed)}）より"
                                 f"後です。契約日から保証を求める発注者もあります。貴団体の取扱いと照らしてご確認ください。"})
    return found
