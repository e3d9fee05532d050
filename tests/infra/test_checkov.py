"""checkov (pinned in infra/checkov-requirements.txt, installed by `make test` into
.local/tools/checkov) on every synthesized template: no failed check. A check the portal does
not fix is skipped on its resource with its reason (infra/portal_infra/audit.py)."""
from __future__ import annotations

import json
import subprocess
import time
import sys

import pytest

from infra_support import INFRA, REPO
from portal_infra import audit

CHECKOV = REPO / ".local" / "tools" / "checkov" / "bin" / "checkov"
REQUIREMENTS = INFRA / "checkov-requirements.txt"


def _reasons() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for value in vars(audit).values():
        if isinstance(value, tuple) and len(value) == 2 and str(value[0]).startswith("CKV_"):
            found.setdefault(value[0], set()).add(value[1])
    return found


@pytest.fixture(scope="module")
def checkov_report(synth) -> dict:
    if not CHECKOV.is_file():
        pytest.fail(f"{CHECKOV} is missing: `make test` installs it (the Makefile's CHECKOV_STAMP)")
    version = subprocess.run([str(CHECKOV), "--version"], capture_output=True, text=True, timeout=300).stdout.strip()
    pinned = next(line.split("==")[1] for line in REQUIREMENTS.read_text().splitlines() if line.startswith("checkov=="))
    assert version == pinned, f"checkov {version} in {CHECKOV.parent.parent}, {pinned} pinned: run `make test`"
    templates = sorted(synth["out"].glob("*.template.json"))
    assert len(templates) == 4  # dev and prod, main and edge
    started = time.perf_counter()
    result = subprocess.run([str(CHECKOV), "--config-file", str(INFRA / ".checkov.yaml"), "--output", "json",
                             *(arg for path in templates for arg in ("-f", str(path)))],
                            capture_output=True, text=True, timeout=600)
    print(f"\ncheckov on {len(templates)} templates: {time.perf_counter() - started:.1f}s", file=sys.stderr)
    assert result.returncode in (0, 1), result.stderr[-3000:]
    report = json.loads(result.stdout)
    [report] = report if isinstance(report, list) else [report]  # one framework: cloudformation
    return report


def test_checkov_finds_no_failed_check(checkov_report):
    failed = checkov_report["results"]["failed_checks"]
    assert not failed, f"{len(failed)} failed checkov checks (fix each, or skip it on its resource with its " \
        "reason in infra/portal_infra/audit.py):\n" + "\n".join(
            f"  {c['check_id']} {c['check_name']}: {c['resource']} ({c['file_path']})" for c in failed)
    summary = checkov_report["summary"]
    assert summary["parsing_errors"] == 0 and summary["passed"] > 200, summary


def test_every_skip_is_one_of_the_stated_reasons(checkov_report):
    reasons = _reasons()
    skipped = checkov_report["results"]["skipped_checks"]
    assert skipped
    for check in skipped:
        comment = check["check_result"].get("suppress_comment")
        assert comment in reasons.get(check["check_id"], set()), (check["check_id"], check["resource"], comment)


def test_the_checks_this_issue_is_about_are_fixed_not_skipped(checkov_report):
    # TLS policy (prod), access logs (CloudFront, API Gateway), reserved concurrency: never skipped.
    skipped = {(c["check_id"], c["file_path"].lstrip("/")) for c in checkov_report["results"]["skipped_checks"]}
    for check in ("CKV_AWS_86", "CKV_AWS_76", "CKV_AWS_115"):
        assert not [s for s in skipped if s[0] == check], check
    assert not [s for s in skipped if s[0] == "CKV_AWS_174" and "EGuarantee-prod" in s[1]]
    passed = {c["check_id"] for c in checkov_report["results"]["passed_checks"]}
    assert {"CKV_AWS_86", "CKV_AWS_76", "CKV_AWS_115", "CKV_AWS_174"} <= passed
