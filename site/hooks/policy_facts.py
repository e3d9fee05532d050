"""MkDocs hook: the facts that the pages state (運営者情報, 利用規約, プライバシーポリシー, the
orderer's guides to signing in and recording receipts), taken from where they are decided, so
the pages cannot promise one thing while the portal does another:

  {{ fact.operator_name }} …        site/operator.json (who runs the portal)
  {{ fact.sent_mail_days }} …       api/chalicelib/domain/retention.py, staff.py, receipts.py (periods)
  {{ fact.log_days }}, region …     infra/stages.json, production stage (the public site's)
  {{ fact.api_rate }}, body_kib …   the limits sureties meet: the production stage's API
                                    throttle, gateway_replies.json, the API's own constants
  {{ fact.receipt_note_chars }} …   what a request admits: openapi.yaml (as the API checks it)
  {{ fact.kinds_insurer }}, contract_minimum …  which issuer issues what, and the shares the
                                    amounts are checked against: domain/instruments.py,
                                    domain/security_rules.py
  {{ fact.allowed_hosts }}, mail_from …  what an orderer's IT department allows (the page for
                                    separated networks): the production stage's domain and mail
                                    sender, and the API base the pages call (mkdocs.yml)

Pages write `{{ fact.name }}` in their Markdown; templates (site/overrides/) read the same
`fact` mapping. An unknown name fails the build rather than printing braces on a public page.
tests/site/test_page_facts.py builds the site with changed facts and sees the pages follow.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

REPO = Path(__file__).resolve().parents[2]
OPERATOR_FILE = REPO / "site" / "operator.json"
STAGES_FILE = REPO / "infra" / "stages.json"
GATEWAY_REPLIES = json.loads((REPO / "api" / "chalicelib" / "edge" / "gateway_replies.json").read_text(encoding="utf-8"))
NOT_YET = "本番公開の前に記載します"
FACT = re.compile(r"\{\{\s*fact\.([a-z_]+)\s*\}\}")
# Regions the portal may run in, as a reader knows them: the data stays in Japan.
REGIONS = {"ap-northeast-1": "東京リージョン（日本国内）", "ap-northeast-3": "大阪リージョン（日本国内）"}

_facts: dict[str, str] = {}


def _whole(period: dt.timedelta, unit: dt.timedelta) -> str:
    count, rest = divmod(period, unit)
    if rest:
        raise PluginError(f"policy_facts: {period} is not a whole number of {unit}")
    return str(count)


def operator_facts(operator: dict) -> dict[str, str]:
    def value(name: str) -> str:
        return operator.get(name) or NOT_YET
    effective = dt.date.fromisoformat(operator["policies_effective"])
    contact = [operator.get(k) for k in ("contact_department", "contact_phone", "contact_email")]
    return {
        "operator_name": value("name"),
        "operator_representative": value("representative"),
        "operator_address": value("address"),
        "operator_contact": "　".join(c for c in contact if c) or NOT_YET,
        "policies_effective": f"{effective.year}年{effective.month}月{effective.day}日",
    }


def _stage_or(value: int | None, default: int) -> int:
    return default if value is None else value


def facts() -> dict[str, str]:
    if str(REPO / "api") not in sys.path:
        sys.path.insert(0, str(REPO / "api"))
    from chalicelib.domain import limits, receipts, retention, staff, webhooks
    from chalicelib.edge import request_check, web
    from chalicelib.usecases.common import paging

    hour, day, minute = dt.timedelta(hours=1), dt.timedelta(days=1), dt.timedelta(minutes=1)
    production = production_stage()
    return {
        **operator_facts(json.loads(OPERATOR_FILE.read_text(encoding="utf-8"))),
        "code_digits": str(staff.CODE_DIGITS),
        "code_minutes": _whole(staff.CODE_TTL, minute),
        "code_kept_hours": _whole(staff.CODE_WINDOW, hour),
        "codes_per_hour": str(staff.CODES_PER_WINDOW),
        "wrong_codes_per_client": str(staff.MAX_WRONG_CODES_PER_CLIENT),
        "wrong_codes_per_client_and_address": str(staff.MAX_WRONG_CODES_PER_CLIENT_AND_ADDRESS),
        "wrong_codes_per_code": str(staff.CODE_GUESS_BUDGET),
        "code_mail_ceiling": str(staff.MAIL_CEILING),
        "session_idle_minutes": _whole(staff.SESSION_IDLE, minute),
        "session_hours": _whole(staff.SESSION_ABSOLUTE, hour),
        "receipt_withdrawal_hours": _whole(receipts.WITHDRAWAL_WINDOW, hour),
        "wrong_key_counter_hours": _whole(retention.WRONG_KEY_COUNTER, hour),
        "idempotent_reply_hours": _whole(retention.IDEMPOTENT_REPLY, hour),
        "sent_mail_days": _whole(retention.SENT_MAIL, day),
        "failed_mail_days": _whole(retention.FAILED_MAIL, day),
        "log_days": str(production["log_retention_days"]),
        "flood_limit": f'{production["waf_verify_limit_per_5min"]:,}',
        "region": REGIONS[production["region"]],
        # The production stage's own limits, or (null) the product's defaults.
        "wrong_keys_per_client_hour": str(_stage_or(production["failures_per_client_per_hour"],
                                                    limits.WRONG_KEYS_PER_CLIENT_PER_HOUR)),
        "wrong_keys_per_number_hour": str(_stage_or(production["failures_per_number_per_hour"],
                                                    limits.WRONG_KEYS_PER_NUMBER_PER_HOUR)),
        # API Gateway's throttle on the production stage: all callers together, per second.
        "api_rate": f'{production["api_throttle_rate"]:,}',
        "api_burst": f'{production["api_throttle_burst"]:,}',
        "throttled_retry_after": str(GATEWAY_REPLIES["THROTTLED"]["retry_after"]),
        "body_kib": str(web.MAX_BODY_BYTES // 1024),
        "page_limit": str(paging.MAX_LIMIT),
        "webhooks_per_surety": str(webhooks.MAX_PER_SURETY),
        **receipt_limits(request_check.document()),
        **instrument_facts(),
    }


def instrument_facts() -> dict[str, str]:
    """What each issuer type may issue (kinds_surety_company, kinds_insurer, kinds_bank) and the
    shares of the 請負代金額 the amounts are checked against, as the guides write them (10分の1)."""
    from fractions import Fraction

    from chalicelib.domain import instruments, security_rules

    def tenths(share: Fraction) -> str:
        if (share * 10).denominator != 1:
            raise PluginError(f"policy_facts: {share} is not a whole number of tenths")
        return f"10分の{share * 10}"

    return {
        **{f"kinds_{t}": "、".join(instruments.KINDS[k] for k in instruments.kinds_for(t)) for t in instruments.ISSUER_TYPES},
        "contract_minimum": tenths(security_rules.CONTRACT_MINIMUM),
        "advance_ceiling": tenths(security_rules.ADVANCE_CEILINGS["advance_payment"]),
        "interim_advance_ceiling": tenths(security_rules.ADVANCE_CEILINGS["interim_advance_payment"]),
    }


def production_stage() -> dict:
    return next(s for s in json.loads(STAGES_FILE.read_text(encoding="utf-8")).values()
                if isinstance(s, dict) and s.get("production"))


def host_facts(production: dict, api_base: str) -> dict[str, str]:
    """Where an orderer's browsers and mail filters meet the portal, for its IT department: the
    production stage's own domain and mail sender (infra/stages.json), and the API base the
    pages call (mkdocs.yml extra.api_base: a path on the site's host, unless it names a host).
    `allowed_hosts` is the page's table, one row per host name."""
    site_host = production.get("site_domain")
    mail_from = production["mail_from"]
    facts = {"mail_from": mail_from, "mail_domain": mail_from.rpartition("@")[2]}
    if not site_host:
        return {**facts, "portal_host": NOT_YET, "portal_url": NOT_YET, "api_url": NOT_YET,
                "allowed_hosts": f"許可していただくホスト名は、{NOT_YET}。"}
    api = urlsplit(api_base)
    if api.scheme not in ("", "https") or (api.scheme and not api.hostname):
        raise PluginError(f"policy_facts: extra.api_base {api_base!r} is neither a path nor an https:// address")
    api_url = api_base.rstrip("/") + "/" if api.scheme else f"https://{site_host}{api_base.rstrip('/')}/"
    site_url = f"https://{site_host}/"
    uses = {site_host: [f"ポータルのページ（`{site_url}`）"]}
    uses.setdefault(urlsplit(api_url).hostname or site_host, []).append(f"ページが呼び出す API（`{api_url}`）")
    rows = [f"| `{host}` | {'、'.join(what)} |" for host, what in uses.items()]
    table = "\n".join(["| ホスト名（HTTPS、443番ポート） | 使うもの |", "|---|---|", *rows])
    return {**facts, "portal_host": site_host, "portal_url": site_url, "api_url": api_url, "allowed_hosts": table}


def submission_facts() -> dict[str, str]:
    """What the guides say of 電子提出 (domain/submissions.py): an example 受付番号 in the form the
    API gives them (a submission on 2026年12月7日: the date part is what the guides explain), and
    the states the inbox shows."""
    from chalicelib.domain import contract_list, submissions

    # The date part as the API makes it; a fixed tail, so that the page is the same on every build.
    issued = submissions.new_submission_id(dt.datetime(2026, 12, 7, 10, 30, tzinfo=dt.timezone.utc))
    example = issued[:7] + "K7QM-3X9D"
    if not submissions.submission_id_valid(example):
        raise PluginError(f"policy_facts: the example 受付番号 {example} is no longer one (domain/submissions.py)")
    return {"submission_id_example": example,
            "inbox_states": "".join(f"「{label}」" for label in submissions.INBOX_STATES.values()),
            "submissions_per_client_hour": str(submissions.SUBMISSIONS_PER_CLIENT_PER_HOUR),
            # The contract list's uploads a member of staff may make in an hour (domain/contract_list.py).
            "contract_list_uploads_per_staff_hour": str(contract_list.UPLOADS_PER_STAFF_PER_HOUR)}


def receipt_limits(document: dict) -> dict[str, str]:
    """The lengths a receipt's name and note may have, from the schema the API checks bodies by."""
    fields = document["components"]["schemas"]["ReceiptRequest"]["properties"]
    return {"receipt_name_chars": str(fields["name"]["maxLength"]),
            "receipt_note_chars": str(fields["note"]["maxLength"])}


def on_config(config):
    global _facts
    _facts = {**facts(), **host_facts(production_stage(), config["extra"]["api_base"]), **submission_facts()}
    return config


def on_env(env, config, files):
    env.globals["fact"] = _facts  # the templates' {{ fact.code_digits }}: the same facts
    return env


def on_serve(server, config, builder):
    server.watch(str(OPERATOR_FILE))
    return server


def fill(markdown: str, known: dict[str, str], where: str) -> str:
    def one(match: re.Match) -> str:
        if match.group(1) not in known:
            raise PluginError(f"{where}: unknown fact {match.group(1)!r} (site/hooks/policy_facts.py)")
        return known[match.group(1)]
    return FACT.sub(one, markdown)


def on_page_markdown(markdown, page, config, files):
    return fill(markdown, _facts, page.file.src_path)
