"""The domain loads no AWS library, PynamoDB, Chalice or PDF library, checked in a fresh
interpreter (the import rules themselves are tests/unit/test_layers.py; a process is no unit test)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

API = Path(__file__).resolve().parents[2] / "api"
LIB = API / "chalicelib"


def dotted(path: Path) -> str:
    parts = path.relative_to(API).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_the_domain_loads_no_aws_library_or_framework_in_a_fresh_interpreter():
    names = [dotted(p) for p in (LIB / "domain").glob("*.py")]
    script = (
        "import importlib, json, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in ('boto3', 'botocore', 'pynamodb', 'chalice', 'reportlab', 'pyhanko')"
        " if m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=API)
    assert json.loads(out.stdout) == []
