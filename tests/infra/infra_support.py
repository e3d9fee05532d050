"""Helpers shared by the infra tests (conftest.py holds the fixtures)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
INFRA = REPO / "infra"
CDK = REPO / "node_modules" / ".bin" / "cdk"
STAGES = ("dev", "prod")
# Appended, never prepended: infra/app.py (the CDK app) must not shadow api/app.py (the API).
if str(INFRA) not in sys.path:
    sys.path.append(str(INFRA))


def offline_environment() -> dict[str, str]:
    """The environment of a machine with no AWS access: no credentials, no profile, no
    instance metadata, no account; only a region."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "CDK_"))}
    env.update({
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials", "AWS_CONFIG_FILE": "/nonexistent/config",
        "AWS_EC2_METADATA_DISABLED": "true", "AWS_DEFAULT_REGION": "ap-northeast-1",
        "CDK_DISABLE_VERSION_CHECK": "1", "CI": "true",
    })
    return env


def main_stack(stage: str) -> str:
    return f"EGuarantee-{stage}"


def edge_stack(stage: str) -> str:
    return f"EGuarantee-{stage}-edge"


def resources_of_type(template: dict, type_: str) -> dict[str, dict]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == type_}


def logical_id(template: dict, prefix: str, type_: str | None = None) -> str:
    found = [k for k, v in template["Resources"].items()
             if k.startswith(prefix) and (type_ is None or v["Type"] == type_)]
    assert len(found) == 1, f"{prefix}: {found}"
    return found[0]
