"""cfn-lint on every synthesized template (SAM included: cfn-lint applies the transform)."""
from __future__ import annotations

import subprocess
from pathlib import Path
import sys

# W3005 "dependency already enforced": CDK's own DependsOn on its helper roles; harmless.
IGNORED = ("W3005",)


def test_cfn_lint_passes(synth):
    templates = sorted(str(p) for p in synth["out"].glob("*.template.json"))
    assert len(templates) == 4
    result = subprocess.run([str(Path(sys.executable).with_name("cfn-lint")), "--format", "parseable",
                             "--ignore-checks", *IGNORED, "--", *templates],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
