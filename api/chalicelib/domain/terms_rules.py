"""The rules a surety's request must meet: its terms read from a schema-checked body
(edge/request_check.py has checked the shapes), every problem found at once and reported
by field (domain.errors.Invalid), on the business date ``today`` (JST); and the orderer's
enrolment on the contract date (the use case reads the orderer from the registry and
passes it in).

Pure domain code: no storage, no HTTP.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

from .errors import Invalid, Problem as FieldError
from .formatting import date_ja
from .guarantee import (KINDS, MAX_PERIOD_DAYS, CONTRACT_NUMBER_HINT, CORPORATE_NUMBER_MESSAGE,
                        ContractNumberError, Period, Project, Terms, corporate_number_valid,
                        normalize_contract_number)
from .instruments import ADVANCE_KINDS, BRANCH_KINDS, INSTRUMENTS, ISSUER_TYPES, RIDER_KINDS, kinds_for
from .orderers import Orderer, PublicBody, local_government_code_valid
from .parties import Advance, Company, Contractor, DepositBank, GuaranteeTerms, GuarantorBranch
from .security_rules import breaches
from .validation import WHOLE_YEN, is_whole, label, unusable_characters


# How a check records a problem: fail(field, code, message).
Fail = Callable[[str, str, str], None]


def _period(value: dict[str, Any], path: str, fail: Fail) -> Period | None:
    # The schema has checked both dates (shape, a real date, the years 2000-2099).
    start, end = dt.date.fromisoformat(value["start"]), dt.date.fromisoformat(value["end"])
    if start > end:
        fail(path, "invalid_period", f"{label(path)}の始期が終期より後になっています。")
        return None
    if (end - start).days > MAX_PERIOD_DAYS:
        fail(path, "period_too_long", f"{label(path)}が10年を超えています。")
        return None
    return Period(start, end)


def _yen(value: object, path: str, fail: Fail) -> int | None:
    if not is_whole(value):
        fail(path, "invalid_amount", WHOLE_YEN.format(label=label(path)))
        return None
    return value


def parse_terms(body: dict[str, Any], today: dt.date) -> Terms:
    """The guarantee an issuance body states, judged on ``today`` (the JST date).

    The body has passed its schema in openapi.yaml (edge/request_check.py: fields, types,
    lengths, patterns, choices); what is checked here is what a schema cannot say. Raises
    Invalid listing every rule the body breaks. The orderer is not judged here: see
    parse_issuance (and amendment_orderer_problem).
    """
    problems: list[FieldError] = []

    def fail(field: str, code: str, message: str) -> None:
        problems.append(FieldError(code, message, field))

    kind = body["kind"]
    contract_number = None
    try:
        contract_number = normalize_contract_number(body["contract_number"])
    except ContractNumberError:
        fail("contract_number", "invalid_contract_number", CONTRACT_NUMBER_HINT)
    orderer_id = body["orderer_id"]
    amount = _yen(body["amount"], "amount", fail)
    guarantee_period = _period(body["guarantee_period"], "guarantee_period", fail)

    p = body["project"]
    price = _yen(p["contract_price"], "project.contract_price", fail)
    works = _period(p["period"], "project.period", fail)
    contractor = _contractor(body["contractor"], fail)
    advance = _advance(body.get("advance"), kind, fail)
    contract_date = dt.date.fromisoformat(body["contract_date"]) if body.get("contract_date") else None
    guarantee_terms = GuaranteeTerms(**body["guarantee_terms"]) if body.get("guarantee_terms") else None
    riders, guarantor_branch = _instrument_parts(body, kind, fail)
    # A value is None only where a problem is recorded; the Terms here are read for their texts,
    # and built for good (below) only when there is no problem.
    project = Project(p["name"], p["location"], cast(int, price), cast(Period, works), p.get("number") or None)
    problems += unusable_characters(Terms(kind, "", orderer_id, 0, cast(Period, guarantee_period), project, contractor,
                                          advance=advance, guarantee_terms=guarantee_terms, riders=riders,
                                          guarantor_branch=guarantor_branch).texts())

    # Rules between fields: only once each field is individually valid.
    _joint_venture_rules(contractor, fail)
    if guarantee_terms is not None and dt.date.fromisoformat(guarantee_terms.revision) > today:
        fail("guarantee_terms.revision", "terms_revision_in_future",
             f"保証約款の改正日（{date_ja(guarantee_terms.revision)}）が未来の日付です。適用する約款の改正日を指定してください。")
    if amount is not None and price is not None and amount > price:
        fail("amount", "amount_exceeds_contract_price",
             f"保証金額（{amount:,}円）が請負代金額（{price:,}円）を超えています。")
    if advance is not None and price is not None and advance.amount > price:
        fail("advance.amount", "advance_exceeds_contract_price",
             f"{advance_label(kind)}（{advance.amount:,}円）が請負代金額（{price:,}円）を超えています。")
    if guarantee_period is not None and works is not None:
        if guarantee_period.end < works.end:
            fail("guarantee_period.end", "guarantee_period_ends_before_works",
                 "保証期間の終期は工期の終期以降の日付にしてください。")
        if guarantee_period.end < today:
            fail("guarantee_period.end", "guarantee_period_already_ended",
                 f"保証期間の終期（{date_ja(guarantee_period.end)}）が既に過ぎています。")
        if guarantee_period.start > works.end:
            fail("guarantee_period.start", "guarantee_period_starts_after_works",
                 "保証期間の始期が工期の終期より後になっています。")

    if problems:
        raise Invalid(problems)
    terms = Terms(kind, cast(str, contract_number), orderer_id, cast(int, amount), cast(Period, guarantee_period),
                  project, contractor, contract_date, advance, guarantee_terms, riders, guarantor_branch)
    # The amount against the contract it secures (security_rules.py): once every field is sound.
    problems += breaches(terms)
    if problems:
        raise Invalid(problems)
    return terms


ORDERER_NOT_FOUND = "発注者が見つかりません。電子保証に対応している発注者の ID（地方公共団体コードなど）を指定してください。"


def parse_issuance(body: dict[str, Any], today: dt.date, listed: PublicBody | None,
                   orderer: Orderer | None, issuer_type: str) -> Terms:
    """The terms of a new guarantee (parse_terms), of an instrument its issuer's type may issue,
    for an orderer enrolled for its kind on its contract date. ``listed`` is the body of
    ``body["orderer_id"]`` in the registry and ``orderer`` its enrolment (None when unknown / not
    enrolled). Raises Invalid listing every problem, the orderer's among them."""
    wrong_issuer = issuer_problem(body["kind"], issuer_type)
    if wrong_issuer:
        raise Invalid([wrong_issuer])
    refusal = issuance_orderer_problem(body["kind"], dt.date.fromisoformat(body["contract_date"]), today,
                                       listed, orderer)
    if listed is None and body["orderer_id"].isdigit() and not local_government_code_valid(body["orderer_id"]):
        # A typo of a code is told apart from an orderer not in the list (same code, plainer words).
        refusal = FieldError("orderer_not_found", f"{body['orderer_id']} は全国地方公共団体コードとして正しくありません"
                             "（検査数字が合いません）。発注者のコードをご確認ください。", "orderer_id")
    try:
        terms = parse_terms(body, today)
    except Invalid as e:
        raise Invalid(e.problems + [refusal] if refusal else e.problems) from None
    if refusal:
        raise Invalid([refusal])
    return terms


def issuer_problem(kind: str, issuer_type: str) -> FieldError | None:
    """A 損害保険会社 issues bonds and policies, a bank its guarantee, a 保証事業会社 its three kinds:
    nothing else (the issuer's type is the operator's registration)."""
    if INSTRUMENTS[kind].issuer_type == issuer_type:
        return None
    own = "・".join(KINDS[k] for k in kinds_for(issuer_type))
    return FieldError("kind_not_for_issuer",
                      f"{ISSUER_TYPES[issuer_type]}として登録された発行者は、{KINDS[kind]}を発行できません"
                      f"（発行できるのは {own} です）。", "kind")


def _instrument_parts(body: dict[str, Any], kind: str, fail: Fail) -> tuple[tuple[str, ...], GuarantorBranch | None]:
    """特約 (a 履行保証保険's) and the guarantor's branch (a bank's): each only where its paper has it."""
    riders = tuple(body.get("riders") or ())
    if riders and kind not in RIDER_KINDS:
        fail("riders", "not_for_kind", f"{KINDS[kind]}には特約（riders）を指定できません。")
        riders = ()
    if len(set(riders)) != len(riders):
        fail("riders", "duplicate_rider", "同じ特約が重複しています。")
    branch = body.get("guarantor_branch")
    if branch is not None and kind not in BRANCH_KINDS:
        fail("guarantor_branch", "not_for_kind", f"{KINDS[kind]}には保証人の支店（guarantor_branch）を指定できません。")
        return riders, None
    if branch is None and kind in BRANCH_KINDS:
        fail("guarantor_branch", "missing_field",
             f"{KINDS[kind]}では、保証する支店（guarantor_branch の name。例 佐久支店）を指定してください。")
        return riders, None
    return riders, GuarantorBranch.from_dict(branch) if branch else None


def issuance_orderer_problem(kind: str, contract_date: dt.date, today: dt.date, listed: PublicBody | None,
                             orderer: Orderer | None) -> FieldError | None:
    """Why a guarantee of ``kind`` contracted on ``contract_date`` cannot be issued for this
    orderer (None when it can): unknown, listed but not enrolled, suspended, or not accepting
    that kind on that date. Each message names the orderer as the portal writes it."""
    if listed is None:
        return FieldError("orderer_not_found", ORDERER_NOT_FOUND, "orderer_id")
    name = listed.written_name
    if orderer is None:
        return FieldError("orderer_not_enrolled",
                          f"{name}は、電子保証の対応先として登録されていません（電子保証を受け付けていません）。", "orderer_id")
    if orderer.enrolment.suspended:
        return FieldError("orderer_suspended",
                          f"{name}は、現在、電子保証の受付を停止しています。新しい電子保証は発行できません。", "orderer_id")
    if kind not in orderer.kinds:
        return FieldError("orderer_not_accepting", f"{name}は{KINDS[kind]}の電子保証を受け付けていません。", "orderer_id")
    if contract_date < orderer.accepts_from:
        accepts = "受け付けます" if today < orderer.accepts_from else "受け付けています"
        return FieldError("orderer_not_accepting",
                          f"{name}は、{date_ja(orderer.accepts_from)}から電子保証を{accepts}。"
                          f"契約日（{date_ja(contract_date)}）はそれより前です。", "orderer_id")
    return None


def amendment_orderer_problem(kind: str, listed: PublicBody | None, orderer: Orderer | None) -> FieldError | None:
    """Why the guarantee of an orderer can no longer be amended (None when it can): the orderer
    of the original version must still be enrolled for its kind. A suspended orderer's guarantees
    stay amendable: suspension stops new guarantees, not the ones it holds."""
    if listed is None or orderer is None:
        name = listed.written_name if listed is not None else "発注者"
        return FieldError("orderer_not_found",
                          f"{name}は電子保証の対応先から外れたため、この保証契約は電子保証では変更できません。", "orderer_id")
    if kind not in orderer.kinds:
        return FieldError("orderer_not_accepting",
                          f"{listed.written_name}は{KINDS[kind]}の電子保証を受け付けていません。", "orderer_id")
    return None


def advance_label(kind: str) -> str:
    return "中間前払金額" if kind == "interim_advance_payment" else "前払金額"


def _corporate_number(value: str | None, path: str, fail: Fail) -> str | None:
    if value and not corporate_number_valid(value):
        fail(path, "invalid_corporate_number", CORPORATE_NUMBER_MESSAGE.format(label=label(path)))
    return value or None


def _contractor(c: dict[str, Any], fail: Fail) -> Contractor:
    members = tuple(
        Company(m["name"], m["address"], m["representative"],
                _corporate_number(m.get("corporate_number"), f"contractor.members.{n}.corporate_number", fail))
        for n, m in enumerate(c.get("members") or ()))
    corporate_number = _corporate_number(c.get("corporate_number"), "contractor.corporate_number", fail)
    return Contractor(c["name"], c["address"], c["representative"], corporate_number, members)


def _joint_venture_rules(contractor: Contractor, fail: Fail) -> None:
    """A JV is represented by its lead member (代表構成員, members[0]); each member once."""
    if not contractor.members:
        return
    lead = contractor.members[0].name
    if lead not in contractor.representative:
        fail("contractor.representative", "jv_representative_mismatch",
             f"共同企業体の代表者には、代表構成員（構成員1）の名称「{lead}」を含めてください"
             f"（例：{lead} 代表取締役 ○○ ○○）。")
    seen = set()
    for n, member in enumerate(contractor.members):
        if member.name in seen:
            fail(f"contractor.members.{n}.name", "duplicate_member", f"構成員{n + 1}の名称「{member.name}」が重複しています。")
        seen.add(member.name)


def _advance(a: dict[str, Any] | None, kind: str, fail: Fail) -> Advance | None:
    """前払金保証 and 中間前払金保証 name the advance and its bank; a 契約保証 has neither."""
    if kind not in ADVANCE_KINDS:
        if a is not None:
            fail("advance", "not_for_kind", f"{KINDS[kind]}には前払金額・預託金融機関を指定できません。")
        return None
    if a is None:
        fail("advance", "missing_field",
             f"{KINDS[kind]}では、{advance_label(kind)}と預託金融機関（advance）を指定してください。")
        return None
    # An amendment of a version issued before the advance was recorded may give only part of it.
    absent = [key for key in ("amount", "deposit_bank", "redeposit") if a.get(key) is None]
    for key in absent:
        fail(f"advance.{key}", "missing_field", f"{label('advance.' + key)}を指定してください。")
    amount = None if "amount" in absent else _yen(a["amount"], "advance.amount", fail)
    if amount is None or absent:
        return None
    return Advance(amount, DepositBank.from_dict(a["deposit_bank"]), a["redeposit"])
