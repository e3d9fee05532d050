"""A national fiscal year of 電子保証, simulated (issue 30): a seeded plan of the year at a chosen
scale — every body of the national list as an orderer (≈1,800: prefectures, cities, towns and
villages, the 23 wards, the national bodies), the demo issuers (the three 保証事業会社, two 損害保険会社,
a bank), 250,000 guarantees × scale over the monthly profile (the peak July–September with about
30,000 前払金保証 a month at scale 1, the trough February), amendments (~15%), cancellations (~3%),
receipts (most), 電子提出 (some, received from the inbox) and verifications — carried out through
the product's own use cases (issue_guarantee, amend_guarantee, cancel_guarantee, submit_guarantee,
record_receipt, inbox_decisions, verify_guarantee), each at its own moment of the year (the use
cases' clock is set per event), into a persistent DynamoDB Local folder.

    PYTHONPATH=api python -m devtools.national_year --scale 0.002 [--folder .local/year-0.002]

Resumable: the folder keeps the database, the pepper and signing key, the keys handed out
(keys.jsonl) and progress.json (how many events of the plan are done); a rerun goes on from there,
and an event interrupted half-way is redone safely (issuance and amendment replay through their
idempotency keys, receipts and submissions are once per version by the product's own rules).
The plan is pure (``plan``): the unit tests check its proportions without a database.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import os
import random
import secrets
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from devtools import public_bodies

REPO_ROOT = Path(__file__).resolve().parents[2]
JST = dt.timezone(dt.timedelta(hours=9), "JST")

FULL_YEAR_GUARANTEES = 250_000
FISCAL_YEAR_START = dt.date(2025, 4, 1)   # 令和7年度
FISCAL_YEAR_END = dt.date(2026, 3, 31)
ACCEPTS_FROM = FISCAL_YEAR_START
# Thousands of guarantees a month at scale 1 (sums to 250): the peak July–September, the trough
# February. With 前払金保証 85% of the mix, July has ≈29,750 前払金保証 (the issue's ≈30,000).
MONTHLY_THOUSANDS = {4: 20, 5: 18, 6: 22, 7: 35, 8: 35, 9: 34, 10: 22, 11: 18, 12: 14, 1: 12, 2: 6, 3: 14}
KIND_MIX = {"advance_payment": 0.85, "contract": 0.08, "interim_advance_payment": 0.04,
            "performance_bond": 0.015, "performance_insurance": 0.01, "bank_guarantee": 0.005}
AMENDED_SHARE = 0.15
CANCELLED_SHARE = 0.03
RECEIVED_SHARE = 0.85       # of the guarantees, version 1 received (on the verification page or the inbox)
SUBMITTED_SHARE = 0.25      # of the guarantees, 電子提出 first (then received from the inbox)
AMENDED_RECEIVED_SHARE = 0.7  # of the amended ones received, the new version received too
VERIFICATIONS = (1, 2, 2, 3, 3, 4)  # per guarantee, drawn
DEPARTMENTS = ("契約検査課", "建設課", "土木課", "上下水道課")
# Weight of a body as an orderer (how many works it lets in a year, relatively).
WEIGHTS = {"national": 40.0, "prefecture": 30.0, "city": 2.0, "special_ward": 3.0, "town": 0.8}
SURETIES_BY_TYPE = {"insurer": ("tokio-marine-nichido", "sompo-japan"), "bank": ("hachijuni-nagano-bank",)}
KIND_ISSUER_TYPE = {"advance_payment": "surety_company", "interim_advance_payment": "surety_company",
                    "contract": "surety_company", "performance_bond": "insurer",
                    "performance_insurance": "insurer", "bank_guarantee": "bank"}
WORKS = ("道路改良工事", "橋梁補修工事", "河川改修工事", "舗装補修工事", "下水道管渠工事", "学校校舎改築工事",
         "砂防堰堤工事", "配水管布設替工事", "公園整備工事", "庁舎空調設備改修工事", "トンネル補修工事", "港湾施設整備工事")
SURNAMES = ("浅間", "信濃", "北辰", "東和", "大和", "富士", "瀬戸", "阿蘇", "吉野", "白山", "筑紫", "最上", "那須", "出雲")
FIRMS = ("建設", "土木", "工業", "組", "建工", "開発")


@dataclasses.dataclass(frozen=True)
class Orderer:
    orderer_id: str
    name: str
    prefecture: str
    category: str   # WEIGHTS' keys
    weight: float


@dataclasses.dataclass(frozen=True)
class Guarantee:
    index: int
    orderer_id: str
    kind: str
    surety_id: str
    issued_on: dt.date
    contract_price: int
    works_days: int


@dataclasses.dataclass(frozen=True)
class Event:
    at: dt.datetime          # UTC
    index: int               # the guarantee's
    action: str              # issue, verify, submit, receive_inbox, receive, amend, receive_amended, cancel
    department: str | None = None


@dataclasses.dataclass(frozen=True)
class Plan:
    scale: float
    seed: int
    orderers: tuple[Orderer, ...]
    guarantees: tuple[Guarantee, ...]
    events: tuple[Event, ...]

    def counts(self) -> Counter:
        return Counter(e.action for e in self.events)


def _category(body) -> str:
    if body.category in ("national", "prefecture", "special_ward"):
        return body.category
    return "city" if body.name.endswith("市") else "town"


def orderers() -> tuple[Orderer, ...]:
    """Every body of the national list, weighted by its category."""
    found = []
    for body in public_bodies.national_list():
        category = _category(body)
        found.append(Orderer(body.id, body.name, body.prefecture, category, WEIGHTS[category]))
    return tuple(found)


def _surety_company(orderer: Orderer) -> str:
    """The 保証事業会社 of the orderer's region (roughly: 北海道, east of 愛知 and 富山, the west)."""
    code = orderer.orderer_id[:2]
    if not code.isdigit():  # a national body: by its name
        return "hokkaido-surety" if "北海道" in orderer.name else (
            "west-japan-surety" if any(w in orderer.name for w in ("近畿", "中国", "四国", "九州", "沖縄")) else "demo-surety")
    return "hokkaido-surety" if code == "01" else "demo-surety" if int(code) <= 23 else "west-japan-surety"


def _business_days(month: int) -> list[dt.date]:
    year = FISCAL_YEAR_START.year if month >= 4 else FISCAL_YEAR_START.year + 1
    day = dt.date(year, month, 1)
    found = []
    while day.month == month:
        if day.weekday() < 5:
            found.append(day)
        day += dt.timedelta(days=1)
    return found


def _moment(rng: random.Random, day: dt.date) -> dt.datetime:
    """A time of the working day in Japan (09:00–17:59 JST), in UTC."""
    local = dt.datetime(day.year, day.month, day.day, rng.randint(9, 17), rng.randint(0, 59), rng.randint(0, 59),
                        tzinfo=JST)
    return local.astimezone(dt.timezone.utc)


def _weekday_after(day: dt.date, days: int) -> dt.date:
    day += dt.timedelta(days=days)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def plan(scale: float, seed: int = 30) -> Plan:
    """The year at ``scale`` (1.0 = 250,000 guarantees), the same for the same seed."""
    if not 0 < scale <= 1:
        raise ValueError("scale must be in (0, 1]")
    rng = random.Random(seed)  # noqa: S311 - a seeded simulation, not a secret
    bodies = orderers()
    weights = [o.weight for o in bodies]
    kinds, kind_weights = list(KIND_MIX), list(KIND_MIX.values())
    guarantees: list[Guarantee] = []
    events: list[Event] = []
    # Each month's count rounded so the months sum to the year's total.
    total = round(FULL_YEAR_GUARANTEES * scale)
    exact = {m: FULL_YEAR_GUARANTEES * scale * k / 250 for m, k in MONTHLY_THOUSANDS.items()}
    per_month = {m: int(v) for m, v in exact.items()}
    for m in sorted(exact, key=lambda m: exact[m] - per_month[m], reverse=True)[:total - sum(per_month.values())]:
        per_month[m] += 1
    chosen_orderers = rng.choices(bodies, weights=weights, k=total)
    chosen_kinds = rng.choices(kinds, weights=kind_weights, k=total)
    index = 0
    for month in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3):
        days = _business_days(month)
        for _ in range(per_month[month]):
            orderer, kind = chosen_orderers[index], chosen_kinds[index]
            issuer_type = KIND_ISSUER_TYPE[kind]
            surety = _surety_company(orderer) if issuer_type == "surety_company" else rng.choice(SURETIES_BY_TYPE[issuer_type])
            issued_on = rng.choice(days)
            # 請負代金額: 5百万円 to 5億円, most small (log-uniform), to the thousand yen.
            price = int(10 ** rng.uniform(6.7, 8.7)) // 1000 * 1000
            g = Guarantee(index, orderer.orderer_id, kind, surety, issued_on, price, rng.randint(90, 400))
            guarantees.append(g)
            events.extend(_events_of(rng, g))
            index += 1
    events.sort(key=lambda e: (e.at, e.index, e.action))
    return Plan(scale, seed, bodies, tuple(guarantees), tuple(events))


def _events_of(rng: random.Random, g: Guarantee) -> list[Event]:
    found = [Event(_moment(rng, g.issued_on), g.index, "issue")]
    # The issue moment is the earliest of the guarantee's: the others come on later days.
    for _ in range(rng.choice(VERIFICATIONS)):
        found.append(Event(_moment(rng, _weekday_after(g.issued_on, rng.randint(1, 10))), g.index, "verify"))
    department = rng.choice(DEPARTMENTS)
    received = rng.random() < RECEIVED_SHARE
    submitted = rng.random() < SUBMITTED_SHARE
    last_day = FISCAL_YEAR_END
    if submitted:
        on = _weekday_after(g.issued_on, rng.randint(1, 3))
        found.append(Event(_moment(rng, on), g.index, "submit", department))
        if received:
            found.append(Event(_moment(rng, _weekday_after(on, rng.randint(1, 5))), g.index, "receive_inbox", department))
    elif received:
        found.append(Event(_moment(rng, _weekday_after(g.issued_on, rng.randint(1, 10))), g.index, "receive", department))
    period_end = g.issued_on + dt.timedelta(days=g.works_days + 30)
    later_from = g.issued_on + dt.timedelta(days=20)   # after every receipt and verification above
    later_until = min(last_day - dt.timedelta(days=10), period_end - dt.timedelta(days=1))
    draw = rng.random()
    if later_from < later_until and draw < CANCELLED_SHARE + AMENDED_SHARE:
        on = _weekday_after(later_from, rng.randint(0, (later_until - later_from).days))
        if on <= later_until:
            if draw < CANCELLED_SHARE:
                found.append(Event(_moment(rng, on), g.index, "cancel"))
            else:
                found.append(Event(_moment(rng, on), g.index, "amend"))
                if received and rng.random() < AMENDED_RECEIVED_SHARE:
                    found.append(Event(_moment(rng, _weekday_after(on, rng.randint(1, 5))), g.index,
                                       "receive_amended", department))
    return found


# ---- carrying the plan out ------------------------------------------------------------------

def _uuid(plan_: Plan, *parts: object) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"national-year:{plan_.seed}:{plan_.scale}:" + ":".join(map(str, parts))))


def _contract_number(g: Guarantee) -> str:
    return f"FY25-{g.surety_id[:4].upper()}-{g.index:07d}"


def request_body(g: Guarantee, orderer: Orderer) -> dict[str, Any]:
    """The issuance request of a planned guarantee (devtools.demo's shape, varied per guarantee)."""
    from chalicelib.domain.instruments import ADVANCE_KINDS, BRANCH_KINDS, RIDER_KINDS
    from devtools.demo import DEMO_GUARANTOR_BRANCH, DEMO_RIDERS, GUARANTEE_TERMS
    h = int(hashlib.sha256(f"{g.index}".encode()).hexdigest(), 16)
    share = {"advance_payment": 4, "interim_advance_payment": 2}.get(g.kind, 1)
    # A 前払金 at its ceiling (10分の4, 中間 10分の2), a security at its floor (10分の1), to the thousand yen.
    amount = g.contract_price * share // 10 // 1000 * 1000 if share > 1 else -(-g.contract_price // 10 // 1000) * 1000
    works_start = g.issued_on + dt.timedelta(days=h % 5)
    works_end = works_start + dt.timedelta(days=g.works_days)
    place = orderer.name if orderer.category == "national" else f"{orderer.prefecture}{'' if orderer.category == 'prefecture' else orderer.name}"
    body: dict[str, Any] = {
        "kind": g.kind, "contract_number": _contract_number(g), "orderer_id": g.orderer_id, "amount": amount,
        "guarantee_period": {"start": works_start.isoformat(), "end": (works_end + dt.timedelta(days=30)).isoformat()},
        "project": {"name": f"{SURNAMES[h % len(SURNAMES)]}地区{WORKS[(h >> 8) % len(WORKS)]}（第{g.index % 9 + 1}工区）",
                    "location": f"{place}地内", "contract_price": g.contract_price,
                    "period": {"start": works_start.isoformat(), "end": works_end.isoformat()},
                    "number": f"R7-{(h >> 16) % 9000 + 1000}号"},
        "contractor": {"name": f"{SURNAMES[(h >> 24) % len(SURNAMES)]}{FIRMS[(h >> 32) % len(FIRMS)]}株式会社",
                       "address": f"{place}1丁目{(h >> 40) % 20 + 1}番{(h >> 48) % 20 + 1}号",
                       "representative": "代表取締役 山田 太郎"},
        "contract_date": g.issued_on.isoformat(),
        "guarantee_terms": dict(GUARANTEE_TERMS.get(g.kind, GUARANTEE_TERMS["advance_payment"])),
    }
    if g.kind in ADVANCE_KINDS:
        body["advance"] = {"amount": amount, "redeposit": False,
                           "deposit_bank": {"bank_name": "八十二銀行", "branch_name": "佐久支店",
                                            "bank_code": "0143", "branch_code": "301"}}
    if g.kind in RIDER_KINDS:
        body["riders"] = list(DEMO_RIDERS)
    if g.kind in BRANCH_KINDS:
        body["guarantor_branch"] = dict(DEMO_GUARANTOR_BRANCH)
    return body


def staff_of(orderer_id: str):
    from chalicelib.domain.staff import Staff
    return Staff(email=f"keiyaku@{staff_domain(orderer_id)}", orderer_id=orderer_id)


def staff_domain(orderer_id: str) -> str:
    return f"o{orderer_id}.year.invalid"


class SimClock:
    """The use cases' clock (usecases/ports/services.Clock), set to each event's moment."""

    def __init__(self, at: dt.datetime):
        self.at = at

    def now(self) -> dt.datetime:
        return self.at

    def today(self) -> dt.date:
        return self.at.astimezone(JST).date()


def install(store, clock: SimClock):
    """The product's wiring on ``store`` with the simulation's clock (nothing global is changed)."""
    from chalicelib import bootstrap
    from chalicelib.usecases.common import dependencies

    class _Wiring(bootstrap.Wiring):
        @property
        def clock(self):
            return clock

    wiring = _Wiring(store)
    dependencies.install(wiring)
    return wiring


def seed_registry(store, plan_: Plan, now: dt.datetime) -> int:
    """The national list, and every body enrolled for every kind from the year's first day with its
    departments, a staff domain and 電子提出 on (ten an audited write, as registry_seed does)."""
    from chalicelib.domain import audit
    from chalicelib.domain.orderers import Enrolment
    from chalicelib.domain.submissions import InboxSettings
    from chalicelib.usecases.ports.records import EnrolmentWrite
    from devtools import registry_seed
    registry_seed.seed(store, now, everything=True, enrolments=[], by="national year")
    actor = audit.setup_actor("national year")
    known = {e.orderer_id for e in store.registry.enrolments()}
    pending = [o for o in plan_.orderers if o.orderer_id not in known]
    for start in range(0, len(pending), 10):
        batch = [Enrolment(o.orderer_id, ACCEPTS_FROM, tuple(KIND_MIX), scope=f"{o.name}が電子保証の利用を認めた工事",
                           paper_still_accepted=True, staff_email_domains=(staff_domain(o.orderer_id),),
                           departments=DEPARTMENTS, inbox=InboxSettings(accepts=True),
                           revision=1, changed_at=now, changed_by=actor) for o in pending[start:start + 10]]
        entry = audit.next_entry(store.audit.head(), now, actor, "orderer.enrol", "orderers",
                                 {"count": len(batch), "first": batch[0].orderer_id, "last": batch[-1].orderer_id})
        store.registry.put_enrolments(
            [EnrolmentWrite(e, None, {"revision": 1, "at": now.isoformat(), "actor": actor, "action": "orderer.enrol",
                                      "changes": e.changes_from(None)}, e.staff_email_domains) for e in batch], entry)
    return len(pending)


class Progress:
    """progress.json (events done) and keys.jsonl (what each issuance, amendment and submission
    handed out) in the folder."""

    def __init__(self, folder: Path, plan_: Plan):
        self.path, self.keys_path = folder / "progress.json", folder / "keys.jsonl"
        self.done = 0
        self.keys: dict[int, dict[str, Any]] = {}
        if self.path.exists():
            saved = json.loads(self.path.read_text(encoding="utf-8"))
            if (saved["scale"], saved["seed"]) != (plan_.scale, plan_.seed):
                raise SystemExit(f"{folder} holds another plan (scale {saved['scale']}, seed {saved['seed']})")
            self.done = saved["done"]
        if self.keys_path.exists():
            for line in self.keys_path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    record = json.loads(line)
                    self.keys.setdefault(record.pop("i"), {}).update(record)
        self.scale, self.seed, self.total = plan_.scale, plan_.seed, len(plan_.events)

    def note(self, index: int, **values: Any) -> None:
        self.keys.setdefault(index, {}).update(values)
        with self.keys_path.open("a", encoding="utf-8") as f:
            f.write(json.dumps({"i": index, **values}, ensure_ascii=False) + "\n")

    def advance(self) -> None:
        self.done += 1
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"scale": self.scale, "seed": self.seed, "done": self.done, "total": self.total}),
                       encoding="utf-8")
        os.replace(tmp, self.path)


class Bar:
    """A progress line (no dependency: tqdm is not among the project's)."""

    def __init__(self, total: int, done: int, out=sys.stderr):
        self.total, self.done, self.out, self.started, self.first = total, done, out, time.monotonic(), done
        self.shown = 0.0

    def update(self, done: int) -> None:
        self.done = done
        now = time.monotonic()
        if now - self.shown < 0.5 and done < self.total:
            return
        self.shown = now
        rate = (done - self.first) / max(now - self.started, 1e-6)
        left = (self.total - done) / rate if rate > 0 else 0
        width = 30
        filled = int(width * done / max(self.total, 1))
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{self.total:,} events "
              f"{rate:6.1f}/s, about {left / 60:5.1f} min left", end="", file=self.out, flush=True)

    def close(self) -> None:
        print(file=self.out, flush=True)


def carry_out(plan_: Plan, folder: Path, store, *, stop_after: int | None = None, show: bool = True) -> int:
    """Carry the plan's events out (from where the folder's progress says) on ``store`` through the
    use cases. ``stop_after``: do at most that many events now (the tests' interruption). Returns
    how many events were done now."""
    from chalicelib.domain.errors import PortalError
    from chalicelib.domain import tokens
    from chalicelib.usecases import (amend_guarantee, cancel_guarantee, inbox_decisions, issue_guarantee,
                                     record_receipt, submit_guarantee, sureties, verify_guarantee)
    from devtools import demo

    folder.mkdir(parents=True, exist_ok=True)
    clock = SimClock(dt.datetime.combine(FISCAL_YEAR_START, dt.time(0, 0), tzinfo=JST).astimezone(dt.timezone.utc)
                     - dt.timedelta(days=1))
    install(store, clock)
    progress = Progress(folder, plan_)
    if progress.done == 0:
        seed_registry(store, plan_, clock.now())
        demo.seed_issuers()
    callers = {}
    for surety_id in {g.surety_id for g in plan_.guarantees}:
        _, token = sureties.create_token(surety_id, list(tokens.SCOPES), label="national year")
        callers[surety_id] = sureties.authenticate(f"Bearer {token}", scope="issue")
    by_id = {o.orderer_id: o for o in plan_.orderers}
    contact = dict(demo.DEMO_SUBMISSION_CONTACT)
    bar = Bar(len(plan_.events), progress.done) if show else None
    made = 0
    try:
        for event in plan_.events[progress.done:]:
            if stop_after is not None and made >= stop_after:
                break
            clock.at = event.at
            g = plan_.guarantees[event.index]
            kept = progress.keys.get(g.index, {})
            client = f"10.{g.index // 65536 % 256}.{g.index // 256 % 256}.{g.index % 256}"
            if event.action == "issue":
                answer = issue_guarantee.issue(callers[g.surety_id], _uuid(plan_, g.index, "issue"),
                                               request_body(g, by_id[g.orderer_id])).body
                progress.note(g.index, gid=answer["guarantee"]["guarantee_id"],
                              number=answer["guarantee"]["contract_number"], key=answer["auth_key"])
            elif event.action == "verify":
                verify_guarantee.verify({"contract_number": kept["number"], "auth_key": kept["key"]}, client)
            elif event.action == "submit":
                entry, _ = submit_guarantee.submit(
                    {"contract_number": kept["number"], "auth_key": kept["key"], "orderer_id": g.orderer_id,
                     "department": event.department, "reference": f"R7-{g.index:06d}", "contact": contact}, client)
                progress.note(g.index, submission=entry["submission_id"])
            elif event.action == "receive_inbox":
                inbox_decisions.receive(staff_of(g.orderer_id), kept["submission"],
                                        {"department": event.department, "name": "契約 花子"}, client)
            elif event.action in ("receive", "receive_amended"):
                record_receipt.record({"contract_number": kept["number"], "auth_key": kept["key"],
                                       "department": event.department, "name": "契約 花子",
                                       **({"note": "変更契約分"} if event.action == "receive_amended" else {})},
                                      staff_of(g.orderer_id), client)
            elif event.action == "amend":
                body = request_body(g, by_id[g.orderer_id])
                end = dt.date.fromisoformat(body["guarantee_period"]["end"]) + dt.timedelta(days=60)
                works_end = dt.date.fromisoformat(body["project"]["period"]["end"]) + dt.timedelta(days=60)
                change = {"base_version": 1, "reason": "extension", "effective_date": clock.today().isoformat(),
                          "changes": {"guarantee_period": {"end": end.isoformat()},
                                      "project": {"period": {"end": works_end.isoformat()}}},
                          "note": "工期の延長に伴う保証期限の変更"}
                answer = amend_guarantee.amend(callers[g.surety_id], kept["gid"], _uuid(plan_, g.index, "amend"),
                                               change).body
                progress.note(g.index, key=answer["auth_key"])
            elif event.action == "cancel":
                try:
                    cancel_guarantee.cancel(callers[g.surety_id], kept["gid"],
                                            {"reason": "契約の解除", "date": clock.today().isoformat()})
                except PortalError:
                    state = store.guarantees.get_state(kept["gid"])
                    if state is None or state.status != "cancelled":
                        raise  # not a repeat of an interrupted cancellation
            progress.advance()
            made += 1
            if bar:
                bar.update(progress.done)
    finally:
        if bar:
            bar.close()
    return made


def folder_for(scale: float) -> Path:
    return REPO_ROOT / ".local" / f"year-{scale:g}"


def open_environment(folder: Path, port: int) -> None:
    """The local environment for the folder's database: its own pepper and signing key, kept with it
    (the keys handed out stay valid across runs). Before chalicelib is imported."""
    from devtools.localenv import use_local_environment
    folder.mkdir(parents=True, exist_ok=True)
    pepper = folder / "pepper"
    if not pepper.exists():
        pepper.write_text(secrets.token_hex(32), encoding="utf-8")
    os.environ["PORTAL_LIMIT_PER_NUMBER"] = os.environ["PORTAL_LIMIT_PER_CLIENT"] = str(10**9)
    use_local_environment(table_name="national-year", dynamodb_port=port, site_url="http://127.0.0.1:8000",
                          pepper_file=str(pepper), outbox_dir=str(folder / "outbox"),
                          signing_dir=str(folder / "signing"))


def generate(scale: float, folder: Path, port: int, *, seed: int = 30, store_hook: Callable | None = None) -> dict:
    """Start DynamoDB Local on the folder, carry the plan out (or what is left of it), stop it."""
    from devtools.dynamodb_local import DynamoDBLocal
    open_environment(folder, port)
    plan_ = plan(scale, seed)
    engine = DynamoDBLocal(port=port, db_path=folder / "dynamodb")
    engine.start()
    try:
        from chalicelib import bootstrap
        store = bootstrap.product_store()
        store.ensure_table()
        started = time.monotonic()
        made = carry_out(plan_, folder, store)
        result = {"scale": scale, "guarantees": len(plan_.guarantees), "events": len(plan_.events),
                  "done_now": made, "seconds": time.monotonic() - started, "counts": dict(plan_.counts())}
        if store_hook:
            result["hook"] = store_hook(plan_, store)
        return result
    finally:
        engine.stop()


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="devtools.national_year", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.002, help="share of a year's 250,000 guarantees (default 0.002)")
    parser.add_argument("--folder", type=Path, help="default .local/year-<scale>")
    parser.add_argument("--port", type=int, default=18510, help="DynamoDB Local's port (default 18510)")
    parser.add_argument("--seed", type=int, default=30)
    parser.add_argument("--plan-only", action="store_true", help="print the plan's counts, write nothing")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.plan_only:
        p = plan(args.scale, args.seed)
        print(json.dumps({"guarantees": len(p.guarantees), "events": len(p.events), **p.counts()}, indent=2))
        return 0
    result = generate(args.scale, args.folder or folder_for(args.scale), args.port, seed=args.seed)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
