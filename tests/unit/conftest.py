"""tests/unit is pure: no process, no network, no DynamoDB, no PDF rendering or signing.

Two guards keep it so (tests/unit/test_purity.py shows that each one fails):
- before anything runs, no test module here may import a library that renders or signs
  documents, talks to AWS or DynamoDB, or starts processes (FORBIDDEN), nor use a fixture
  of tests/conftest.py (each of those starts DynamoDB Local, the app on it or a site build);
- while a test here runs, starting a process or opening a network connection fails it, at
  the interpreter's audit hook, so it is caught however deep in a library the call is made.

Tests that need any of these belong elsewhere: tests/documents (rendering and signing),
tests/api and tests/integration (DynamoDB Local, processes).
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT_CONFTEST = HERE.parent / "conftest.py"

# Top-level packages, and chalicelib modules, that a unit test may not import.
FORBIDDEN = (
    "subprocess", "multiprocessing", "concurrent.futures.process", "pty",
    "reportlab", "pyhanko", "pyhanko_certvalidator", "qrcode", "PIL",
    "boto3", "botocore", "pynamodb", "playwright", "urllib.request", "http.client", "requests", "urllib3",
    "chalicelib.adapters.pdf", "chalicelib.adapters.store", "chalicelib.adapters.dynamodb",
    "devtools.dynamodb_local", "devtools.server",
)

# Audit events (docs.python.org/3/library/audit_events.html) that start a process or reach the network.
SPAWNS = frozenset({"subprocess.Popen", "os.system", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
                    "os.exec", "os.startfile", "pty.spawn"})
NETWORK = frozenset({"socket.connect", "socket.bind", "socket.getaddrinfo", "socket.gethostbyname",
                     "socket.sendto"})


def forbidden_imports(source: str) -> list[str]:
    """Every import of a FORBIDDEN module in a module's source, at any depth (imports inside
    functions included), as `line: name`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        for name in names:
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN):
                found.append(f"{node.lineno}: {name}")
                break
    return found


class _Guard:
    """The audit hook: installed once (a hook cannot be removed), armed only while a unit test runs."""

    def __init__(self) -> None:
        self.armed = False
        self.seen: list[str] = []

    def __call__(self, event: str, args: tuple) -> None:
        if not self.armed or (event not in SPAWNS and event not in NETWORK):
            return
        what = f"{event}{args!r:.200}"
        self.seen.append(what)
        raise ImpureUnitTest(f"a unit test may not start a process or reach the network: {what}")


class ImpureUnitTest(RuntimeError):
    pass


GUARD = _Guard()
sys.addaudithook(GUARD)


def pytest_collection_modifyitems(config, items):
    """Refuses the run if a unit test module imports what FORBIDDEN lists or a unit test uses
    a fixture of tests/conftest.py (this hook sees only the items under tests/unit)."""
    problems = []
    checked = set()
    for item in items:
        path = Path(str(item.path)).resolve()
        if HERE not in path.parents:
            continue
        if path not in checked:
            checked.add(path)
            problems += [f"{path.relative_to(HERE)}:{hit}" for hit in forbidden_imports(path.read_text(encoding="utf-8"))]
        for name, definitions in item._fixtureinfo.name2fixturedefs.items():
            if any(Path(d.func.__code__.co_filename).resolve() == ROOT_CONFTEST for d in definitions):
                problems.append(f"{item.nodeid}: uses the fixture {name!r} of tests/conftest.py")
    if problems:
        raise pytest.UsageError("tests/unit must stay pure (tests/unit/conftest.py):\n  " + "\n  ".join(problems))


@pytest.fixture(autouse=True)
def _pure():
    """Arms the guard for the test; a call it refused fails the test even if the code under test
    caught the error."""
    GUARD.seen.clear()
    GUARD.armed = True
    try:
        yield
    finally:
        GUARD.armed = False
    if GUARD.seen:
        pytest.fail("a unit test may not start a process or reach the network: " + "; ".join(GUARD.seen))


@pytest.fixture
def purity_guard():
    """The guard itself, for tests/unit/test_purity.py."""
    return GUARD, forbidden_imports, ImpureUnitTest
