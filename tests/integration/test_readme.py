"""The README's "Issue a guarantee yourself" block, run as a new user would: with bash, in a
folder holding the `.local/demo.json` that `make run` writes, twice in a row. Each run must
issue a new guarantee (201): no tool a fresh Debian lacks (uuidgen, jq), no fixed 保証契約番号
or Idempotency-Key that makes the second run a 409."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from support import REPO


def readme_issue_block() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```sh\n(.*?)^```$", readme, re.S | re.M)
    [block] = [b for b in blocks if "/v1/guarantees" in b and "curl" in b]
    return block


@pytest.fixture(scope="module")
def demo_folder(dynamodb, tmp_path_factory):
    """What `make run` leaves for the reader: a surety with the demo's 取扱支店 and a token,
    the API's address, in .local/demo.json."""
    from chalicelib.domain import tokens
    from chalicelib.usecases import sureties
    from devtools.demo import DEMO_BRANCHES, DEMO_CONTACT, DEMO_SURETY_PROFILE
    from devtools.server import PortalServer

    sureties.register("readme-surety", "README保証株式会社", DEMO_CONTACT, branches=DEMO_BRANCHES,
                      **DEMO_SURETY_PROFILE)
    _, token = sureties.create_token("readme-surety", list(tokens.SCOPES), label="README")
    site = tmp_path_factory.mktemp("site")
    (site / "index.html").write_text("<!doctype html><title>portal</title>", encoding="utf-8")
    server = PortalServer(site, port=0).start()
    folder = tmp_path_factory.mktemp("checkout")
    (folder / ".local").mkdir()
    (folder / ".local" / "demo.json").write_text(
        json.dumps({"api_url": server.url + "/api", "surety_token": token}), encoding="utf-8")
    yield folder
    server.stop()


def test_the_readme_issue_example_issues_a_new_guarantee_each_time_it_is_run(demo_folder):
    assert "uuidgen" not in readme_issue_block() and "jq " not in readme_issue_block()
    # Only what a fresh Debian has plus curl and python3: a PATH without uuidgen or jq.
    tools = demo_folder / "bin"
    tools.mkdir(exist_ok=True)
    for tool in ("bash", "curl", "python3", "date", "cut"):
        found = sys.executable if tool == "python3" else shutil.which(tool)
        assert found, tool
        if not (tools / tool).exists():
            (tools / tool).symlink_to(found)
    env = {"PATH": str(tools), "HOME": str(demo_folder), "LANG": "C.UTF-8"}
    numbers = []
    for _ in range(2):
        run = subprocess.run(["bash", "-euo", "pipefail", "-c", readme_issue_block()], cwd=demo_folder, env=env,
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, run.stderr
        body, status = run.stdout.rstrip("\n").rsplit("\n", 1)
        assert status == "HTTP 201", run.stdout[-2000:]
        issued = json.loads(body)
        assert issued["auth_key"] and issued["guarantee"]["kind"] == "contract"
        numbers.append(issued["guarantee"]["contract_number"])
    assert numbers[0] != numbers[1]
