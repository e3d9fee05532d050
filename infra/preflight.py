"""Checks before `make deploy`: AWS credentials that work, no example values left in the
stage's settings and, for production, the portal's own domain with its certificate (so that
CloudFront holds viewers to TLS 1.2 or later) and the operator named on the site's 運営者情報,
利用規約 and プライバシーポリシー. Prints the account id on success (the Makefile bootstraps it).

    .venv/bin/python infra/preflight.py STAGE
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
OPERATOR_FILE = Path(__file__).resolve().parents[1] / "site" / "operator.json"

from portal_infra import stages  # noqa: E402


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in stages.STAGES:
        print(f"usage: make deploy STAGE={'|'.join(stages.STAGES)}", file=sys.stderr)
        return 2
    stage = stages.load(argv[0])
    problems = []
    identity = None
    try:
        import boto3
        identity = boto3.client("sts", region_name=stage.region).get_caller_identity()
    except Exception as e:  # noqa: BLE001 - any failure means: no usable credentials
        problems.append(
            "AWS の認証情報がありません / No usable AWS credentials "
            f"({type(e).__name__}). Configure them first, e.g. `aws configure sso` then "
            "`export AWS_PROFILE=...`, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN "
            "(docs/deploy.md, 'AWS credentials').")
    left = stages.placeholders(stage)
    if left:
        problems.append(f"infra/stages.json の {stage.name} にまだ例の値があります / stage {stage.name} still has "
                        f"example values: {', '.join(left)}. Set them in infra/stages.json (docs/deploy.md).")
    if unset := stages.missing_for_production(stage):
        problems.append(f"本番には独自ドメインとその証明書が必要です / a production deploy needs the portal's own domain: "
                        f"set {' and '.join(unset)} in infra/stages.json (an ACM certificate in us-east-1 for "
                        "site_domain). On CloudFront's default certificate viewers may still negotiate TLS 1.0; "
                        "with it CloudFront requires TLS 1.2 or later (TLSv1.2_2021) (docs/deploy.md).")
    if stage.production and (unnamed := missing_operator()):
        problems.append(f"site/operator.json に未記入の項目があります / the operator is not named yet: {', '.join(unnamed)}. "
                        "A public portal names who runs it (運営者情報, 利用規約, プライバシーポリシー).")
    if problems:
        print("\n".join(problems) + "\nNothing was deployed.", file=sys.stderr)
        return 1
    print(f"deploying {stage.name} as {identity['Arn']}", file=sys.stderr)
    print(identity["Account"])
    return 0


def missing_operator(path: Path = OPERATOR_FILE) -> list[str]:
    """What a public portal must name and does not yet: who runs it, its representative
    (個人情報保護法 第32条), where, and one way to reach it."""
    operator = json.loads(path.read_text(encoding="utf-8"))
    missing = [name for name in ("name", "representative", "address", "contact_department") if not operator.get(name)]
    if not (operator.get("contact_email") or operator.get("contact_phone")):
        missing.append("contact_email or contact_phone")
    return missing


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
