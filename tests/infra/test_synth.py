"""`cdk synth` runs offline and yields the two stacks of each stage."""
from __future__ import annotations

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


def test_a_production_deploy_needs_the_operator_named_on_the_policy_pages():
    import subprocess
    import sys

    from infra_support import INFRA, offline_environment
    result = subprocess.run([sys.executable, str(INFRA / "preflight.py"), "prod"], env=offline_environment(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and result.stdout == ""
    # The repository ships no operator (nobody invents a legal entity): every field is named.
    assert "the operator is not named yet: name, address, contact_department, contact_email, contact_phone" \
        in result.stderr


def test_readme_links_the_deploy_guide():
    from infra_support import REPO
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/deploy.md" in readme and (REPO / "docs" / "deploy.md").is_file()
