#!/usr/bin/env python3
"""The CDK app: `cdk synth -c stage=dev` (or prod, or all).

Each stage is two stacks: EGuarantee-<stage>-edge (us-east-1, the WAF web ACL) and
EGuarantee-<stage> (ap-northeast-1, everything else). Synthesis needs no AWS credentials;
CDK_DEFAULT_ACCOUNT (set by the CLI when credentials exist) is used if present.

Context: stage=dev|prod|all (default dev); site_dir=PATH (the built site to upload;
default .local/site-<stage>, built by `make site-for STAGE=<stage>`); any key of
infra/stages.json overrides that stage's setting.
"""
from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import sys
import tempfile
from dataclasses import fields
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import aws_cdk as cdk  # noqa: E402

from portal_infra import stages as stage_config  # noqa: E402
from portal_infra.edge import EdgeStack  # noqa: E402
from portal_infra.lambda_package import prepare  # noqa: E402
from portal_infra.portal import PortalStack  # noqa: E402

EDGE_REGION = "us-east-1"  # CloudFront-scoped WAF web ACLs exist only there


@contextlib.contextmanager
def _chalice_workdir():
    """Chalice's construct writes its packages to ./chalice.out and never cleans up: give it
    a private directory per synthesis, removed at exit (after CDK has copied the assets)."""
    work = Path(tempfile.mkdtemp(prefix="chalice-out-"))
    atexit.register(shutil.rmtree, work, ignore_errors=True)
    previous = Path.cwd()
    os.chdir(work)
    try:
        yield
    finally:
        os.chdir(previous)


def build(app: cdk.App) -> list[cdk.Stack]:
    selected = app.node.try_get_context("stage") or "dev"
    names = stage_config.STAGES if selected == "all" else (selected,)
    overrides = {f.name: app.node.try_get_context(f.name) for f in fields(stage_config.Stage)}
    overrides = {k: v for k, v in overrides.items() if v is not None and k != "name"}
    account = os.environ.get("CDK_DEFAULT_ACCOUNT")
    selected_stages = [stage_config.load(name, overrides) for name in names]
    # api/requirements.txt from pyproject.toml; fonts and signing certificates into api/vendor/
    prepare(signing_certs={s.name: stage_config.signing_cert_path(s) for s in selected_stages if s.signing_cert})
    stacks = []
    for stage in selected_stages:
        name = stage.name
        site_dir = Path(app.node.try_get_context("site_dir") or REPO / ".local" / f"site-{name}")
        if not (site_dir / "index.html").is_file():
            raise SystemExit(f"no built site in {site_dir}: run `make site-for STAGE={name}` first "
                             f"(or pass -c site_dir=PATH)")
        # Chalice asks botocore for a region while writing its template (no call is made).
        os.environ.setdefault("AWS_DEFAULT_REGION", stage.region)
        edge = EdgeStack(app, stage.edge_stack_name, stage=stage, cross_region_references=True,
                         env=cdk.Environment(account=account, region=EDGE_REGION),
                         description=f"e-guarantee portal ({name}): WAF web ACL for CloudFront")
        with _chalice_workdir():
            main = PortalStack(app, stage.stack_name, stage=stage, web_acl_arn=edge.web_acl.attr_arn,
                               site_dir=site_dir, cross_region_references=True,
                               env=cdk.Environment(account=account, region=stage.region),
                               description=f"e-guarantee portal ({name}): API, data, site, CDN, alarms")
        main.add_stack_dependency(edge)
        for stack in (edge, main):
            cdk.Tags.of(stack).add("project", "e-guarantee-portal")
            cdk.Tags.of(stack).add("stage", name)
        stacks += [edge, main]
    return stacks


if __name__ == "__main__":
    cdk_app = cdk.App()
    build(cdk_app)
    cdk_app.synth()
