"""The SDK's distribution (clients/python), built as the site and a surety build it: the wheel
holds the SDK, the CLI and the layer the generator makes from the document now (the layer is
never committed: the build makes it, and ignores any copy `make client` left in src/); an
sdist carries that layer, so its wheel needs neither the repository nor the generator; and
the distribution has its own name, so installing it never replaces the development project
(it did once: commit 034d8d5)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

from support import REPO

SDK = REPO / "clients" / "python"
REPO_VARIABLE = "E_GUARANTEE_PORTAL_REPO"
FIELDS = "e_guarantee_portal/request_fields.json"
PACKAGE = "e_guarantee_portal_client/"


def copy_of_the_sdk(to: Path) -> Path:
    """clients/python as a fresh clone has it: without the layer `make client` leaves in src/.
    Built from a copy, as the site does: the build leaves nothing in the repository."""
    shutil.copytree(SDK, to, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__",
                                                           "e_guarantee_portal_client", "request_fields.json"))
    return to


def build_wheel(source: Path, out: Path, repo: Path | None, **extra_env: str) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items() if name != REPO_VARIABLE}
    env.update(extra_env)
    if repo is not None:
        env[REPO_VARIABLE] = str(repo)
    out.mkdir(parents=True, exist_ok=True)
    return subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                           "--quiet", "-w", str(out), str(source)],
                          env=env, cwd=out, capture_output=True, text=True, check=False, timeout=300)


def layer_of(wheel: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name.startswith(PACKAGE) or name == FIELDS}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("sdk-wheel")
    source = copy_of_the_sdk(tmp / "source")
    # A stale layer in src/, as `make client` leaves one before the document changes: never packaged.
    (source / "src" / "e_guarantee_portal_client").mkdir()
    (source / "src" / "e_guarantee_portal_client" / "stale.py").write_text("STALE = True\n", encoding="utf-8")
    (source / "src" / FIELDS).write_text("{}\n", encoding="utf-8")
    built = build_wheel(source, tmp / "out", REPO)
    assert built.returncode == 0, (built.stdout + built.stderr)[-3000:]
    [found] = (tmp / "out").glob("e_guarantee_portal_sdk-*.whl")
    return found


def test_the_wheel_holds_the_sdk_the_cli_and_the_layer_the_document_makes(wheel, tmp_path):
    from devtools import python_client
    names = zipfile.ZipFile(wheel).namelist()
    assert {"e_guarantee_portal/request_fields.json", "e_guarantee_portal_client/py.typed",
            "e_guarantee_portal/cli.py", "e_guarantee_portal_client/client.py"} <= set(names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "e-guarantee = e_guarantee_portal.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()

    fresh = python_client.generate(tmp_path)
    expected = {PACKAGE + path.relative_to(fresh).as_posix(): path.read_bytes()
                for path in fresh.rglob("*") if path.is_file() and "__pycache__" not in path.parts}
    packaged = layer_of(wheel)
    assert json.loads(packaged.pop(FIELDS)) == python_client.request_fields()
    assert sorted(packaged) == sorted(expected)
    assert [name for name in expected if packaged[name] != expected[name]] == []


def test_an_sdist_carries_the_layer_and_builds_without_the_repository_or_the_generator(wheel, tmp_path):
    source = copy_of_the_sdk(tmp_path / "source")
    env = {**os.environ, REPO_VARIABLE: str(REPO)}
    sdist_of = "import sys; from setuptools import build_meta; print(build_meta.build_sdist(sys.argv[1]))"
    made = subprocess.run([sys.executable, "-c", sdist_of, str(tmp_path / "dist")],
                          cwd=source, env=env, capture_output=True, text=True, check=False, timeout=300)
    assert made.returncode == 0, (made.stdout + made.stderr)[-3000:]
    [sdist] = (tmp_path / "dist").glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path / "unpacked", filter="data")
    [unpacked] = (tmp_path / "unpacked").iterdir()
    # A generator that cannot run: the sdist's wheel must not need it.
    broken = tmp_path / "broken" / "openapi_python_client"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text("", encoding="utf-8")
    (broken / "__main__.py").write_text("raise SystemExit('the generator was called')\n", encoding="utf-8")
    built = build_wheel(unpacked, tmp_path / "out", None, PYTHONPATH=str(broken.parent))
    assert built.returncode == 0, (built.stdout + built.stderr)[-3000:]
    [from_sdist] = (tmp_path / "out").glob("e_guarantee_portal_sdk-*.whl")
    assert layer_of(from_sdist) == layer_of(wheel)


def test_a_copy_without_the_repository_is_refused_with_the_reason(tmp_path):
    source = copy_of_the_sdk(tmp_path / "source")
    built = build_wheel(source, tmp_path / "out", None)
    assert built.returncode != 0
    assert REPO_VARIABLE in built.stdout + built.stderr
    assert not list((tmp_path / "out").glob("*.whl"))


def test_installing_the_sdk_leaves_the_development_project_in_place(wheel, tmp_path):
    """Both distributions in one venv, the project's first: the SDK's install removes nothing."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]
    sdk = tomllib.loads((SDK / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]
    assert (project, sdk) == ("e-guarantee-portal", "e-guarantee-portal-sdk")
    # The development project's wheel (its metadata only: it packages no module), from a copy.
    (tmp_path / "project").mkdir()
    shutil.copy(REPO / "pyproject.toml", tmp_path / "project")
    built = build_wheel(tmp_path / "project", tmp_path / "project-wheel", None)
    assert built.returncode == 0, (built.stdout + built.stderr)[-3000:]
    [project_wheel] = (tmp_path / "project-wheel").glob("*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    for each in (project_wheel, wheel):
        installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-index",
                                    "--no-deps", str(each)], capture_output=True, text=True, check=False, timeout=300)
        assert installed.returncode == 0, (installed.stdout + installed.stderr)[-3000:]
        assert "uninstall" not in installed.stdout.lower(), installed.stdout
    names = "import importlib.metadata as m; print('\\n'.join(sorted(d.metadata['Name'] for d in m.distributions())))"
    listed = subprocess.run([str(python), "-c", names], capture_output=True, text=True, check=True, timeout=60)
    assert {project, sdk} <= set(listed.stdout.split())


def test_the_build_runs_the_generator_the_tests_check():
    """The SDK's build requirement and the dev extras (the tests, `make client`) pin one version."""
    def pins(requirements: list[str]) -> set[str]:
        return {r for r in requirements if r.startswith("openapi-python-client")}
    build = tomllib.loads((SDK / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]["requires"]
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    dev = project["optional-dependencies"]["dev"]
    assert len(pins(build)) == 1 and "==" in next(iter(pins(build)))
    assert pins(build) == pins(dev)
