"""Infra tests: one real `cdk synth` (the CDK CLI from node_modules, both stages, no AWS
credentials) per session; every test reads the synthesized templates.

The synthesis packages the Lambda function with Chalice (wheels from PyPI, fonts from the
Debian packages), so the first run on a machine takes a minute or two; Chalice's dependency
cache (api/.chalice/deployments) makes later runs fast while the API code is unchanged.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from infra_support import CDK, INFRA, offline_environment
from store_wiring import module_wiring, store, wiring  # noqa: F401 - the store of each test (tests/store_wiring.py)


@pytest.fixture(scope="session")
def stub_site(tmp_path_factory) -> Path:
    # The site build is tested in tests/site; here only its upload is wired.
    site = tmp_path_factory.mktemp("stub-site")
    (site / "index.html").write_text("<!doctype html><title>stub</title>\n", encoding="utf-8")
    return site


@pytest.fixture(scope="session")
def synth(tmp_path_factory, stub_site) -> dict:
    if not CDK.is_file():
        pytest.fail(f"{CDK} is missing: run `make install` (npm ci installs the aws-cdk CLI)")
    out = tmp_path_factory.mktemp("cdk.out")
    started = time.perf_counter()
    result = subprocess.run(
        [str(CDK), "synth", "--quiet", "--no-notices", "-c", "stage=all", "-c", f"site_dir={stub_site}", "-o", str(out)],
        cwd=INFRA, env=offline_environment(), capture_output=True, text=True, timeout=900)
    seconds = time.perf_counter() - started
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"cdk synth failed ({seconds:.0f}s):\n{output[-6000:]}"
    print(f"\ncdk synth (dev + prod, 4 stacks): {seconds:.1f}s", file=sys.stderr)
    return {"out": out, "seconds": seconds, "output": output}


@pytest.fixture(scope="session")
def templates(synth) -> dict[str, dict]:
    """Stack name → template (plain JSON)."""
    return {path.name.removesuffix(".template.json"): json.loads(path.read_text())
            for path in synth["out"].glob("*.template.json")}


@pytest.fixture(scope="session")
def assertions(templates):
    """Stack name → aws_cdk.assertions.Template."""
    from aws_cdk.assertions import Template
    return {name: Template.from_json(template) for name, template in templates.items()}
