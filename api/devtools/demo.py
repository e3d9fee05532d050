"""Demo data for `make run`: the portal's issuers (data/demo_sureties.json: the three 保証事業会社,
two 損害保険会社 and a bank; the demo guarantees are issued by 東日本建設業保証's 長野支店 with an
API token) and guarantees issued through the real code paths for 佐久市: a 前払金保証 with its
預託金融機関, an amended one, a cancelled 契約保証, a joint venture's 前払金保証, and one
instrument of each other issuer type (a 公共工事履行保証証券 and a 履行保証保険 from the two
insurers, a 銀行等の保証 from the bank, each with a token of its issuer); three of them are
submitted (電子提出) to 佐久市's 受付箱. The registry (the national list and the enrolled
orderers) is devtools/registry_seed.py's."""
from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any, cast

from chalicelib import bootstrap
from chalicelib.adapters import clock, keyed_hash
from chalicelib.domain import authkey, tokens
from chalicelib.domain.errors import PortalError
from chalicelib.domain.instruments import ADVANCE_KINDS, BRANCH_KINDS, DEFAULT_ISSUER_TYPE, RIDER_KINDS
from chalicelib.usecases import amend_guarantee, cancel_guarantee, issue_guarantee, submit_guarantee, sureties
from chalicelib.usecases.common import notice_documents

DEMO_SURETIES_FILE = Path(__file__).parent / "data" / "demo_sureties.json"


def demo_sureties() -> list[dict[str, Any]]:
    return json.loads(DEMO_SURETIES_FILE.read_text(encoding="utf-8"))["sureties"]


# The surety the demo guarantees are issued by (make run's token, the README, the guide videos).
DEMO_SURETY_ID = "demo-surety"
_DEMO = next(s for s in demo_sureties() if s["id"] == DEMO_SURETY_ID)
DEMO_SURETY_NAME: str = _DEMO["name"]
DEMO_SURETY_PROFILE: dict[str, str] = {"representative": _DEMO["representative"], "head_office": _DEMO["head_office"]}
DEMO_CONTACT: dict[str, str] = _DEMO["branches"]["nagano"]  # printed on the demo notices
DEMO_BRANCHES: dict[str, dict[str, str]] = _DEMO["branches"]
DEMO_CONTRACTOR_EMAIL = "soumu@asama-kensetsu.invalid"
# A work address on 佐久市's staff domain (data/demo_enrolments.json), also its administrator:
# make run writes its sign-in codes into .local/outbox/ (never sent anywhere).
DEMO_STAFF_EMAIL = "keiyaku@city.saku.nagano.jp"
DEMO_ORDERER_ADMIN_EMAIL = DEMO_STAFF_EMAIL
# The demo guarantees' 前払金保証約款 links to a real issuer's published full text (北海道建設業信用保証's page: the three 保証事業会社 publish terms of the same form; a page
# of 東日本建設業保証's own text was not found). The 契約保証約款 has no link: the page then
# names the terms only, as for a surety that gives no URL.
ADVANCE_TERMS_URL = "https://www2.hokkaido-cs.co.jp/wa/method/agreement"
GUARANTEE_TERMS = {
    "advance_payment": {"name": "前払金保証約款", "revision": "2020-04-01", "url": ADVANCE_TERMS_URL},
    "interim_advance_payment": {"name": "前払金保証約款", "revision": "2020-04-01", "url": ADVANCE_TERMS_URL},
    "contract": {"name": "契約保証約款", "revision": "2020-04-01"},
    # The insurers' and banks' instruments. The bond's 約款 is the one MLIT names
    # (公共工事用保証契約基本約款, after ICC Uniform Rules for Contract Bonds No.524); the policy's
    # 約款 and 特約 names differ by insurer (none was found published): the demo's are plausible.
    "performance_bond": {"name": "公共工事用保証契約基本約款", "revision": "2020-04-01"},
    "performance_insurance": {"name": "履行保証保険普通保険約款", "revision": "2020-04-01"},
    "bank_guarantee": {"name": "契約の保証に関する保証書（発注者の様式）", "revision": "2020-04-01"},
}
# What only one instrument's paper has.
DEMO_RIDERS = ["公共工事履行保証特約"]
DEMO_GUARANTOR_BRANCH = {"name": "佐久支店", "representative": "支店長 信濃 一郎"}
DEMO_JV = {
    "name": "浅間・佐久特定建設工事共同企業体",
    "address": "長野県佐久市中込1丁目1番1号",
    "representative": "浅間建設株式会社 代表取締役 佐久 太郎",
    "members": [
        {"name": "浅間建設株式会社", "address": "長野県佐久市中込1丁目1番1号",
         "representative": "代表取締役 佐久 太郎", "corporate_number": "1100001000005"},
        {"name": "佐久土木株式会社", "address": "長野県佐久市岩村田2丁目2番2号", "representative": "代表取締役 岩村田 花子"},
    ],
}


def seed_issuers() -> int:
    """Register the demo's sureties (data/demo_sureties.json), or bring an earlier run's up to
    date; one that is already as the file says is not written again (no audit entry for
    nothing). Returns how many were written."""
    store = bootstrap.installed().store
    written = 0
    for raw in demo_sureties():
        stored = store.sureties.get(raw["id"])
        wanted = (raw["name"], raw.get("contact"), raw.get("representative"), raw.get("head_office"),
                  raw.get("branches", {}), raw.get("issuer_type", DEFAULT_ISSUER_TYPE))
        if stored is not None and (stored.name, stored.contact, stored.representative, stored.head_office,
                                   stored.branches, stored.issuer_type) == wanted:
            continue
        sureties.register(raw["id"], raw["name"], raw.get("contact"), representative=raw.get("representative"),
                          head_office=raw.get("head_office"), branches=raw.get("branches"),
                          issuer_type=raw.get("issuer_type"))
        written += 1
    return written


def demo_request(contract_number: str, today: dt.date, kind: str = "advance_payment",
                 amount: int | None = None) -> dict:
    """A realistic guarantee for a 佐久市 road works contract (price 55,000,000円) signed today,
    of any instrument: for the two advance kinds, the advance (equal to the guarantee's amount,
    unless given 22,000,000円 for a 前払金 and 11,000,000円 for a 中間前払金: their ceilings) and its bank; a contract security is a tenth
    of the price (5,500,000円) unless given; a 履行保証保険 names its 特約, a bank's guarantee its
    branch. Issue it with a token of an issuer of the kind's type (instruments.INSTRUMENTS)."""
    if amount is None:  # each at its ceiling or floor (security_rules.py): 10分の4, 10分の2, 10分の1
        amount = {"advance_payment": 22_000_000, "interim_advance_payment": 11_000_000}.get(kind, 5_500_000)
    works_start = today
    works_end = today + dt.timedelta(days=250)
    body = {
        "kind": kind,
        "contract_number": contract_number,
        "orderer_id": "202177",
        "amount": amount,
        "guarantee_period": {"start": works_start.isoformat(),
                             "end": (works_end + dt.timedelta(days=30)).isoformat()},
        "project": {
            "name": "市道岩村田1号線道路改良工事",
            "location": "長野県佐久市岩村田地内",
            "contract_price": 55_000_000,
            "period": {"start": works_start.isoformat(), "end": works_end.isoformat()},
            "number": "佐建第2024-15号",
        },
        "contractor": {
            "name": "浅間建設株式会社",
            "address": "長野県佐久市中込1丁目1番1号",
            "representative": "代表取締役 佐久 太郎",
        },
        "contract_date": today.isoformat(),
        "guarantee_terms": dict(GUARANTEE_TERMS.get(kind, GUARANTEE_TERMS["advance_payment"])),
    }
    if kind in ADVANCE_KINDS:
        body["advance"] = {"amount": amount, "redeposit": False,
                           "deposit_bank": {"bank_name": "八十二銀行", "branch_name": "佐久支店",
                                            "bank_code": "0143", "branch_code": "301"}}
    if kind in RIDER_KINDS:
        body["riders"] = list(DEMO_RIDERS)
    if kind in BRANCH_KINDS:
        body["guarantor_branch"] = dict(DEMO_GUARANTOR_BRANCH)
    return body


# What seed_demo returns and run.py writes to .local/demo.json (besides the URLs).
DEMO_VALUES = ("surety_token", "contract_number", "auth_key",
               "amended_contract_number", "amended_old_auth_key", "amended_auth_key",
               "cancelled_contract_number", "cancelled_auth_key", "jv_contract_number", "jv_auth_key",
               "bond_contract_number", "bond_auth_key", "insurance_contract_number", "insurance_auth_key",
               "bank_contract_number", "bank_auth_key")
# The other issuers' instruments for 佐久市: (the demo.json prefix, the kind, the issuer, its branch).
OTHER_ISSUERS = (("bond", "performance_bond", "tokio-marine-nichido", "nagano"),
                 ("insurance", "performance_insurance", "sompo-japan", "nagano"),
                 ("bank", "bank_guarantee", "hachijuni-nagano-bank", "saku"))


# 電子提出 to 佐久市 (its 受付箱 has entries to open, receive and return): (the demo.json prefix, the
# receiving department, the orderer's own 工事番号). 契約検査課 hears of each one by mail, 建設課
# once a day (data/demo_enrolments.json). The first demo guarantee is left for the submission page.
DEMO_SUBMISSIONS = (("jv", "建設課", None), ("bond", "契約検査課", "R8-土-0012"), ("insurance", "契約検査課", None))
DEMO_SUBMISSION_CONTACT = {"name": "浅間 太郎", "email": DEMO_CONTRACTOR_EMAIL, "phone": "0267-00-0000"}


def seed_submissions(values: dict) -> int:
    """Submit the demo guarantees of DEMO_SUBMISSIONS through the use case, each unless its entry
    is there already (what staff did with it in an earlier run stays). Returns how many were
    submitted now; none when 佐久市 takes no 電子提出 (an earlier run's enrolment, before it)."""
    store = bootstrap.installed().store
    made = 0
    for prefix, department, reference in DEMO_SUBMISSIONS:
        number, key = values[f"{prefix}_contract_number"], values[f"{prefix}_auth_key"]
        match = store.guarantees.find_by_key(number, keyed_hash.auth_key(authkey.parse(key)))
        if match is None:
            continue
        orderer_id = match.signed.version.terms.orderer_id
        if store.submissions.of_guarantee(orderer_id, match.guarantee_id) is not None:
            continue
        body = {"contract_number": number, "auth_key": key, "orderer_id": orderer_id, "department": department,
                "reference": reference, "contact": dict(DEMO_SUBMISSION_CONTACT)}
        try:
            _, newly = submit_guarantee.submit(body, "demo (make run)")
        except PortalError:
            return made  # not accepted here (an earlier run's data): `make reset-data` seeds it afresh
        made += int(newly)
    return made


def _key_works(number: str, shown_key: str) -> bool:
    return bootstrap.installed().store.guarantees.read_for_key(number, keyed_hash.auth_key(authkey.parse(shown_key))) is not None


def _still_valid(previous: dict) -> bool:
    """The previous demo values still work against this database."""
    try:
        token_id, secret = tokens.parse(previous["surety_token"]) or (None, None)
        record = bootstrap.installed().store.sureties.get_token(token_id) if token_id else None
        if record is None or record.revoked:
            return False
        if not keyed_hash.equal(record.secret_hash, keyed_hash.token_secret(cast(str, secret))):
            return False
        if set(tokens.SCOPES) - set(record.scopes):
            return False  # a token of an earlier version, without a scope added since (webhooks)
        pairs = [("contract_number", "auth_key"), ("amended_contract_number", "amended_auth_key"),
                 ("amended_contract_number", "amended_old_auth_key"), ("cancelled_contract_number", "cancelled_auth_key"),
                 ("jv_contract_number", "jv_auth_key"),
                 *((f"{prefix}_contract_number", f"{prefix}_auth_key") for prefix, *_ in OTHER_ISSUERS)]
        return all(_key_works(previous[n], previous[k]) for n, k in pairs)
    except (KeyError, TypeError, ValueError, authkey.AuthKeyError):
        return False


def _number(today: dt.date, series: str) -> str:
    return f"DEMO-{series}-{today:%Y%m%d}-{uuid.uuid4().hex[:4].upper()}"


def seed_demo(previous: dict | None) -> dict:
    """The demo guarantees through the real code paths: a valid one (with the completion
    e-mail), an amended one (増額 after a 変更契約, so both keys show something different), a
    cancelled one, a joint venture's, and the insurers' and the bank's instruments."""
    seed_issuers()
    if previous and _still_valid(previous):
        kept = {k: previous[k] for k in DEMO_VALUES}
        seed_submissions(kept)
        return kept
    _, token = sureties.create_token(DEMO_SURETY_ID, list(tokens.SCOPES), label="demo (make run)")
    caller = sureties.authenticate(f"Bearer {token}", scope="issue")
    today = clock.today()

    def issue(series: str, kind: str = "advance_payment", amount: int = 22_000_000, **extra) -> dict:
        body = {**demo_request(_number(today, series), today, kind, amount), "surety_branch": "nagano", **extra}
        return issue_guarantee.issue(caller, str(uuid.uuid4()), body).body

    # 電子保証発行完了のお知らせ: 希望する — so the outbox shows the e-mail too.
    valid = issue("A", completion_notice_email=DEMO_CONTRACTOR_EMAIL)
    amended = issue("B", amount=20_000_000)
    # The 変更契約 raises the price: the advance stays within its 10分の4 (25,000,000円 of 62,500,000円).
    increase = {"base_version": 1, "reason": "increase", "effective_date": today.isoformat(),
                "changes": {"amount": 25_000_000, "advance": {"amount": 25_000_000},
                            "project": {"contract_price": 62_500_000}}, "note": "請負代金額の変更に伴う増額",
                "completion_notice_email": DEMO_CONTRACTOR_EMAIL}
    second = amend_guarantee.amend(caller, amended["guarantee"]["guarantee_id"], str(uuid.uuid4()), increase).body
    cancelled = issue("C", kind="contract", amount=5_500_000)
    cancel_guarantee.cancel(caller, cancelled["guarantee"]["guarantee_id"],
                            {"reason": "契約の解除", "date": today.isoformat()})
    # A joint venture's 前払金保証: the page lists its members.
    joint = issue("D", contractor=DEMO_JV)
    others = {}
    for series, (prefix, kind, issuer_id, branch) in zip("EFG", OTHER_ISSUERS, strict=True):
        _, issuer_token = sureties.create_token(issuer_id, ["issue", "read"], label="demo (make run)")
        issuer = sureties.authenticate(f"Bearer {issuer_token}", scope="issue")
        body = {**demo_request(_number(today, series), today, kind), "surety_branch": branch}
        made = issue_guarantee.issue(issuer, str(uuid.uuid4()), body).body
        others[f"{prefix}_contract_number"] = made["guarantee"]["contract_number"]
        others[f"{prefix}_auth_key"] = made["auth_key"]
    values = {
        "surety_token": token,
        "contract_number": valid["guarantee"]["contract_number"],
        "auth_key": valid["auth_key"],
        "amended_contract_number": amended["guarantee"]["contract_number"],
        "amended_old_auth_key": amended["auth_key"],
        "amended_auth_key": second["auth_key"],
        "cancelled_contract_number": cancelled["guarantee"]["contract_number"],
        "cancelled_auth_key": cancelled["auth_key"],
        "jv_contract_number": joint["guarantee"]["contract_number"],
        "jv_auth_key": joint["auth_key"],
        **others,
    }
    seed_submissions(values)
    return values


def demo_notice(values: dict) -> bytes:
    """The demo guarantee's notice PDF, rendered from the stored version and the demo key."""
    key = authkey.parse(values["auth_key"])
    match = bootstrap.installed().store.guarantees.find_by_key(values["contract_number"], keyed_hash.auth_key(key))
    if match is None:
        raise RuntimeError("the demo guarantee's key does not open it")
    return notice_documents.render(match.signed.version, key)


def demo_webhook(token: str, url: str) -> str:
    """Point the demo surety's webhook at this run's receiver (ports change between runs: the
    endpoints of earlier runs are removed). Returns the new endpoint's secret."""
    from chalicelib.usecases import webhooks
    caller = sureties.authenticate(f"Bearer {token}", scope="webhooks")
    for hook in webhooks.listing(caller)["webhooks"]:
        webhooks.remove(caller, hook["webhook_id"])
    return webhooks.register(caller, {"url": url, "description": "make run のデモ受信"})["secret"]
