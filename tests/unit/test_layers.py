"""The folders of chalicelib/ are layers, and imports go one way:

    edge → usecases → domain ← adapters        (usecases reach adapters only through ports)

- domain/ is pure: it imports only the standard library and itself, so no AWS library,
  PynamoDB or Chalice can reach it (checked in a fresh interpreter, too);
- usecases/ import the domain and themselves, never an adapter: they depend on the ports
  (usecases/ports/), and the composition root (chalicelib/bootstrap.py) wires adapters into
  them — the only module of chalicelib that imports both, and that no layer imports;
- adapters/ import the domain and each other, and the ports they implement
  (usecases/ports/: the values and exceptions a store hands back), never a use case or the edge;
- a use case (usecases/*.py) never imports another use case: what two share lives in
  usecases/common/, which imports no use case either;
- nothing but app.py imports the edge.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

API = Path(__file__).resolve().parents[2] / "api"
LIB = API / "chalicelib"
LAYERS = ("domain", "adapters", "usecases", "edge")


def modules() -> list[Path]:
    return sorted(p for p in LIB.rglob("*.py"))


def dotted(path: Path) -> str:
    parts = path.relative_to(API).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every module this file imports (absolute names), at any depth of the file."""
    package = dotted(path).split(".") if path.name == "__init__.py" else dotted(path).split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def layer(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "chalicelib" and parts[1] in LAYERS else None


COMPOSITION_ROOT = LIB / "bootstrap.py"
PORTS = "chalicelib.usecases.ports"


def test_every_module_is_in_a_layer():
    loose = [p.name for p in LIB.glob("*.py") if p.name not in ("__init__.py", COMPOSITION_ROOT.name)]
    assert loose == [], "modules outside the layer folders (besides the composition root)"


@pytest.mark.parametrize("path", [p for p in modules() if p.parts[-2] != "chalicelib"], ids=dotted)
def test_imports_go_one_way(path):
    own = layer(dotted(path))
    allowed = {"domain": {"domain"}, "adapters": {"domain", "adapters"},
               "usecases": {"domain", "usecases"}, "edge": {"domain", "edge"}}[own]
    names = imported(path)
    for name in names:
        target = layer(name)
        if own == "adapters" and (name == PORTS or name.startswith(PORTS + ".")):
            continue  # an adapter implements the ports: it may name them, nothing else of the use cases
        assert target is None or target in allowed, f"{dotted(path)} imports {name}"
    if own == "domain":
        outside = {n.split(".")[0] for n in names} - set(sys.stdlib_module_names) - {"chalicelib", "__future__"}
        assert outside == set(), f"{dotted(path)} imports {outside}: the domain is pure"
    if own == "usecases":
        use_cases = {n for n in names if layer(n) == "usecases" and ".common" not in n
                     and n.count(".") >= 2 and (LIB / "usecases" / f"{n.split('.')[2]}.py").exists()}
        assert use_cases == set(), f"{dotted(path)} imports another use case: {use_cases}"


def test_use_cases_never_import_an_adapter():
    """Said apart from the rule above so that a failure names the seam: a use case needs a
    port (usecases/ports/) for what it wants from an adapter."""
    for path in (LIB / "usecases").rglob("*.py"):
        adapters = {n for n in imported(path) if layer(n) == "adapters"}
        assert adapters == set(), f"{dotted(path)} imports {adapters}: use a port"


def test_only_the_composition_root_wires_use_cases_to_adapters():
    assert COMPOSITION_ROOT.is_file()
    names = imported(COMPOSITION_ROOT)
    assert {layer(n) for n in names} >= {"usecases", "adapters"}
    assert "edge" not in {layer(n) for n in names}, "the composition root wires ports, not HTTP"
    for path in modules():
        if path != COMPOSITION_ROOT:
            assert "chalicelib.bootstrap" not in imported(path), f"{dotted(path)} imports the composition root"
            layers = {layer(n) for n in imported(path) if not n.startswith(PORTS)}
            assert not {"usecases", "adapters"} <= layers, f"{dotted(path)} imports use cases and adapters"


def test_only_app_imports_the_edge():
    for path in modules():
        if layer(dotted(path)) != "edge":
            assert not {n for n in imported(path) if layer(n) == "edge"}, dotted(path)
