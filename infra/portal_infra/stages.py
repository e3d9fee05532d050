"""Stage settings (dev, prod): infra/stages.json, overridable with `cdk -c KEY=VALUE`."""
from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass, fields
from pathlib import Path

STAGES_FILE = Path(__file__).resolve().parents[1] / "stages.json"
LIMITS_MODULE = Path(__file__).resolve().parents[2] / "api" / "chalicelib" / "domain" / "limits.py"
STAGES = ("dev", "prod")
# CloudWatch Logs accepts only these retention periods.
LOG_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
                      2922, 3288, 3653)
# Stage keys of the reserved concurrency, by the function they size.
RESERVED_CONCURRENCY = ("reserved_concurrency_api", "reserved_concurrency_documents", "reserved_concurrency_mail",
                        "reserved_concurrency_webhooks", "reserved_concurrency_helpers")
# What an example stages.json holds until the operator names the real ones (refused by `make deploy`).
EXAMPLE_ACCOUNT = ":000000000000:"
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}$")


class StageError(ValueError):
    pass


@dataclass(frozen=True)
class Stage:
    name: str
    region: str
    table_name: str
    mail_from: str
    mail_hosted_zone_id: str | None
    mail_hosted_zone_name: str | None
    site_domain: str | None
    certificate_arn: str | None
    alarm_email: str | None
    log_retention_days: int
    api_memory_mb: int
    waf_verify_limit_per_5min: int
    api_throttle_rate: int
    api_throttle_burst: int
    production: bool
    signing_cert: str | None = None  # PEM file (repo-relative or absolute): X.509 certificate of the KMS key
    tsa_url: str | None = None       # optional RFC 3161 time-stamping service for signed PDF copies
    signing_key_generation: int = 1  # +1 rotates the KMS signing key (docs/operations.md)
    # Failed verifications allowed per hour (chalicelib/domain/attempts.py): per 保証契約番号, and per
    # client address — raise the latter when many clerks share a municipal gateway. null keeps the
    # product's defaults (api/chalicelib/domain/limits.py), which the API applies without a variable.
    failures_per_number_per_hour: int | None = None
    failures_per_client_per_hour: int | None = None
    # Sign-in codes asked for and wrong codes entered per client in an hour (domain/staff.py has
    # the defaults; null keeps them): raise them too for a gateway shared by many clerks.
    sign_in_codes_per_client_per_hour: int | None = None
    wrong_sign_in_codes_per_client_per_hour: int | None = None
    # Reserved concurrency per function (docs/operations.md, "Concurrency"): each function keeps
    # its share however another one is flooded, and none can take the whole account. null: no
    # reservation (an account whose concurrency limit is too low to reserve any; never prod).
    reserved_concurrency_api: int | None = None
    reserved_concurrency_documents: int | None = None
    reserved_concurrency_mail: int | None = None
    reserved_concurrency_webhooks: int | None = None
    reserved_concurrency_helpers: int | None = None  # CDK's deploy-time functions (site upload, cross-region reference)
    # The IAM principals that are the portal's operators (comma-separated users or roles; a
    # role's sessions count): the only callers of /v1/operator/... (edge/operator_auth.py).
    # null: nobody yet — the operator routes refuse every call until one is named.
    operator_arns: str | None = None

    @property
    def limits_environment(self) -> dict[str, str]:
        """The API's per-hour limits as its environment (chalicelib/adapters/config.py reads them)."""
        environment = {}
        if self.failures_per_number_per_hour is not None:
            environment["PORTAL_LIMIT_PER_NUMBER"] = str(self.failures_per_number_per_hour)
        if self.failures_per_client_per_hour is not None:
            environment["PORTAL_LIMIT_PER_CLIENT"] = str(self.failures_per_client_per_hour)
        if self.sign_in_codes_per_client_per_hour is not None:
            environment["PORTAL_SIGNIN_REQUESTS_PER_CLIENT"] = str(self.sign_in_codes_per_client_per_hour)
        if self.wrong_sign_in_codes_per_client_per_hour is not None:
            environment["PORTAL_SIGNIN_WRONG_PER_CLIENT"] = str(self.wrong_sign_in_codes_per_client_per_hour)
        return environment

    @property
    def operator_environment(self) -> dict[str, str]:
        """PORTAL_OPERATOR_ARNS when operators are named. Never the local key file setting: the
        local keys are `make run`'s, and a stage verifies operators through IAM only."""
        arns = [a.strip() for a in (self.operator_arns or "").split(",") if a.strip()]
        return {"PORTAL_OPERATOR_ARNS": ",".join(arns)} if arns else {}

    @property
    def prefix(self) -> str:
        """Physical names of this stage's resources start with it."""
        return f"e-guarantee-{self.name}"

    @property
    def stack_name(self) -> str:
        return f"EGuarantee-{self.name}"

    @property
    def edge_stack_name(self) -> str:
        return f"EGuarantee-{self.name}-edge"

    @property
    def mail_domain(self) -> str:
        return self.mail_from.rsplit("@", 1)[1].lower()

    @property
    def api_function_name(self) -> str:
        return f"{self.prefix}-api"

    @property
    def documents_function_name(self) -> str:
        return f"{self.prefix}-documents"

    @property
    def mail_function_name(self) -> str:
        return f"{self.prefix}-deliver-mail"

    @property
    def webhook_function_name(self) -> str:
        return f"{self.prefix}-deliver-webhooks"

    @property
    def web_acl_name(self) -> str:
        return f"{self.prefix}-web"


def _coerce(name: str, value, kind):
    if value is None or value == "" or value == "null":
        return None
    if kind is bool:
        return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes")
    if kind is int:
        return int(value)
    return str(value)


def load(name: str, overrides: dict | None = None, path: Path = STAGES_FILE) -> Stage:
    """The stage `name`, with `overrides` (CDK context values) applied on top of stages.json."""
    if name not in STAGES:
        raise StageError(f"unknown stage {name!r}: use one of {', '.join(STAGES)} (-c stage=dev)")
    raw = dict(json.loads(path.read_text(encoding="utf-8"))[name])
    for key, value in (overrides or {}).items():
        if key in raw:
            raw[key] = value
    types = {"log_retention_days": int, "api_memory_mb": int, "waf_verify_limit_per_5min": int,
             "api_throttle_rate": int, "api_throttle_burst": int, "production": bool,
             "signing_key_generation": int, "failures_per_number_per_hour": int,
             "failures_per_client_per_hour": int, "sign_in_codes_per_client_per_hour": int,
             "wrong_sign_in_codes_per_client_per_hour": int, **{name: int for name in RESERVED_CONCURRENCY}}
    values = {f.name: _coerce(f.name, raw.get(f.name), types.get(f.name, str)) for f in fields(Stage)
              if f.name != "name"}
    stage = Stage(name=name, **values)
    validate(stage)
    return stage


def validate(stage: Stage) -> None:
    problems = []
    if not stage.mail_from or not _EMAIL.match(stage.mail_from):
        problems.append(f"mail_from {stage.mail_from!r} is not an e-mail address")
    if stage.alarm_email and not _EMAIL.match(stage.alarm_email):
        problems.append(f"alarm_email {stage.alarm_email!r} is not an e-mail address")
    if bool(stage.site_domain) != bool(stage.certificate_arn):
        problems.append("site_domain and certificate_arn go together (an ACM certificate in us-east-1 for the domain)")
    if stage.certificate_arn and not stage.certificate_arn.startswith("arn:aws:acm:us-east-1:"):
        problems.append("certificate_arn must be an ACM certificate in us-east-1 (CloudFront reads only those)")
    if bool(stage.mail_hosted_zone_id) != bool(stage.mail_hosted_zone_name):
        problems.append("mail_hosted_zone_id and mail_hosted_zone_name go together")
    if stage.log_retention_days not in LOG_RETENTION_DAYS:
        problems.append(f"log_retention_days must be one of {LOG_RETENTION_DAYS}")
    if stage.api_memory_mb < 512:
        problems.append("api_memory_mb must be at least 512 (the notice PDF parses a 46 MB font)")
    if not 10 <= stage.waf_verify_limit_per_5min <= 2_000_000_000:
        problems.append("waf_verify_limit_per_5min must be at least 10 (AWS WAF's minimum)")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{2,40}", stage.table_name):
        problems.append(f"table_name {stage.table_name!r}: 3-41 lower-case letters, digits and hyphens")
    if stage.signing_cert and not signing_cert_path(stage).is_file():
        problems.append(f"signing_cert {stage.signing_cert} does not exist")
    if stage.signing_key_generation < 1:
        problems.append("signing_key_generation starts at 1")
    per_number, per_client = wrong_key_limits(stage)
    if not 1 <= per_number <= per_client:
        problems.append("failures_per_number_per_hour must be at least 1 and at most failures_per_client_per_hour")
    for key in ("sign_in_codes_per_client_per_hour", "wrong_sign_in_codes_per_client_per_hour"):
        if getattr(stage, key) is not None and getattr(stage, key) < 1:
            problems.append(f"{key} must be at least 1, or null for the default")
    for key in RESERVED_CONCURRENCY:
        value = getattr(stage, key)
        if value is None and stage.production:
            problems.append(f"{key} must be set in production (one flood must not starve the other functions)")
        if value is not None and value < 1:
            problems.append(f"{key} must be at least 1, or null for no reservation")
    if stage.reserved_concurrency_api is not None and stage.reserved_concurrency_api < stage.api_throttle_burst:
        # A burst that API Gateway lets through would otherwise be throttled by Lambda (a 5xx)
        # instead of answered 429 by API Gateway's own limit.
        problems.append("reserved_concurrency_api must be at least api_throttle_burst")
    for arn in (a.strip() for a in (stage.operator_arns or "").split(",") if a.strip()):
        if not re.fullmatch(r"arn:aws[a-z-]*:(iam::\d{12}:(user|role)/[\w+=,.@/-]+|sts::\d{12}:assumed-role/[\w+=,.@-]+/[\w+=,.@-]+)", arn):
            problems.append(f"operator_arns: {arn!r} is not an IAM user or role ARN")
    if stage.tsa_url and not stage.tsa_url.startswith("https://"):
        problems.append("tsa_url must be an https:// URL")
    if problems:
        raise StageError(f"stage {stage.name}: " + "; ".join(problems) + f" (edit {STAGES_FILE.name} or pass -c KEY=VALUE)")


def placeholders(stage: Stage) -> list[str]:
    """Settings still at their example values: fine for `cdk synth`, refused by `make deploy`."""
    found = []
    if stage.mail_domain.endswith(("example.jp", "example.com", "example.org", ".invalid", ".example")):
        found.append(f"mail_from={stage.mail_from}")
    if stage.site_domain and stage.site_domain.endswith(("example.jp", "example.com")):
        found.append(f"site_domain={stage.site_domain}")
    if stage.certificate_arn and EXAMPLE_ACCOUNT in stage.certificate_arn:
        found.append(f"certificate_arn={stage.certificate_arn}")
    return found


def missing_for_production(stage: Stage) -> list[str]:
    """What a production deploy needs and this stage lacks: the portal's own domain, whose ACM
    certificate lets CloudFront hold viewers to TLS 1.2 or later (portal.TLS_POLICY). On
    CloudFront's default *.cloudfront.net certificate AWS fixes the policy and viewers may
    still negotiate TLS 1.0; the notices' links would also change if the distribution were
    ever recreated."""
    if not stage.production:
        return []
    return [key for key in ("site_domain", "certificate_arn") if not getattr(stage, key)]


def product_limits():
    """api/chalicelib/domain/limits.py, the product's default limits, read by path (infra does
    not import the API's packages)."""
    spec = importlib.util.spec_from_file_location("portal_infra_limits", LIMITS_MODULE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def wrong_key_limits(stage: Stage) -> tuple[int, int]:
    """The wrong-key limits the stage's API applies: its own, or the product's defaults."""
    defaults = product_limits()
    number, client = stage.failures_per_number_per_hour, stage.failures_per_client_per_hour
    return (defaults.WRONG_KEYS_PER_NUMBER_PER_HOUR if number is None else number,
            defaults.WRONG_KEYS_PER_CLIENT_PER_HOUR if client is None else client)


def signing_cert_path(stage: Stage) -> Path:
    path = Path(stage.signing_cert)
    return path if path.is_absolute() else STAGES_FILE.parents[1] / path
