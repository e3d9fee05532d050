"""`cdk synth` runs offline and yields the two stacks of each stage."""
from __future__ import annotations

import os
import sys

import pytest

from infra_support import STAGES, edge_stack, main_stack


def test_synth_without_aws_credentials_yields_both_stages(synth, templates):
    assert set(templates) == {n for s in STAGES for n in (main_stack(s), edge_stack(s))}
    assert "Successfully synthesized" in synth["output"]
    # Nothing in the templates depends on a lookup that needs an AWS account.
    for name, template in templates.items():
        assert "cdk.context" not in str(template), name


def test_stacks_live_where_they_must(synth):
    import json
    manifest = json.loads((synth["out"] / "manifest.json").read_text())
    regions = {name: a["environment"].rsplit("/", 1)[1] for name, a in manifest["artifacts"].items()
               if a["type"] == "aws:cloudformation:stack"}
    for stage in STAGES:
        assert regions[main_stack(stage)] == "ap-northeast-1"  # the data stays in Tokyo
        assert regions[edge_stack(stage)] == "us-east-1"  # CloudFront-scoped WAF lives only there


def test_templates_have_no_dependency_cycle(assertions):
    # Template.from_json checks for cycles by default; building them is the test.
    assert len(assertions) == 4


def test_deploy_refuses_without_aws_credentials():
    import subprocess
    import sys

    from infra_support import INFRA, offline_environment
    result = subprocess.run([sys.executable, str(INFRA / "preflight.py"), "dev"], env=offline_environment(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "No usable AWS credentials" in result.stderr and "Nothing was deployed" in result.stderr
    assert result.stdout == ""  # no account id: the Makefile stops before bootstrap/deploy


def test_a_production_deploy_needs_the_operator_named_on_the_policy_pages(tmp_path):
    import json
    import subprocess
    import sys

    from infra_support import INFRA, offline_environment
    sys.path.insert(0, str(INFRA))
    import preflight

    operator = tmp_path / "operator.json"
    named = {"name": "電子保証ポータル運営株式会社", "representative": "代表取締役 山田 一郎",
             "address": "東京都千代田区…", "contact_department": "ポータル事務局",
             "contact_email": None, "contact_phone": "03-0000-0000", "policies_effective": "2026-12-01"}
    operator.write_text(json.dumps(named), encoding="utf-8")
    assert preflight.missing_operator(operator) == []  # a phone or an e-mail address will do
    operator.write_text(json.dumps({**named, "representative": None, "contact_phone": ""}), encoding="utf-8")
    assert preflight.missing_operator(operator) == ["representative", "contact_email or contact_phone"]

    result = subprocess.run([sys.executable, str(INFRA / "preflight.py"), "prod"], env=offline_environment(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and result.stdout == ""
    missing = preflight.missing_operator()
    # The repository names no operator (nobody invents a legal entity); whatever is missing is named.
    assert ("the operator is not named yet: " + ", ".join(missing) in result.stderr) if missing \
        else "the operator is not named" not in result.stderr


def test_readme_links_the_deploy_guide():
    from infra_support import REPO
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/deploy.md" in readme and (REPO / "docs" / "deploy.md").is_file()


@pytest.mark.parametrize("unset", [{"site_domain": None, "certificate_arn": None}])
def test_a_production_deploy_without_its_own_domain_is_refused(monkeypatch, capsys, unset):
    """On CloudFront's default certificate viewers may negotiate TLS 1.0: prod needs its domain."""
    from infra_support import INFRA, offline_environment
    sys.path.insert(0, str(INFRA))
    import preflight
    from portal_infra import stages

    for key in [k for k in os.environ if k.startswith(("AWS_", "CDK_"))]:
        monkeypatch.delenv(key)
    for key, value in offline_environment().items():
        monkeypatch.setenv(key, value)
    load = stages.load
    monkeypatch.setattr(preflight.stages, "load", lambda name: load(name, {k: "null" for k in unset}))
    assert preflight.main(["prod"]) == 1
    err = capsys.readouterr().err
    assert "a production deploy needs the portal's own domain: set site_domain and certificate_arn" in err
    assert "Nothing was deployed" in err
    assert stages.missing_for_production(load("prod")) == []  # the committed prod names one (an example)
    assert stages.missing_for_production(load("dev", unset)) == []  # dev may use *.cloudfront.net
