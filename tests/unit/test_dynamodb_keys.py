"""The access-pattern table in adapters/dynamodb/keys.py is what keys.py builds: every row's
"built by" cells give the keys the row shows, every constructor and constant appears in a
row, every parser undoes its constructor, and no other module writes a key prefix."""
from __future__ import annotations

import ast
import importlib.util
import inspect
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "api" / "chalicelib" / "adapters" / "dynamodb"


def _plain_module(path: Path):
    # By path: keys.py is plain Python, the package around it loads PynamoDB (not in a unit test).
    spec = importlib.util.spec_from_file_location("dynamodb_keys", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


keys = _plain_module(PACKAGE / "keys.py")
COLUMNS = ("access pattern", "where", "pk", "sk", "built by (pk)", "built by (sk)")


def rows() -> list[dict[str, str]]:
    lines = [line for line in keys.__doc__.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert tuple(header) == COLUMNS
    assert set(lines[1]) <= set("|-")
    return [dict(zip(header, (cell.strip() for cell in line.strip("|").split("|")))) for line in lines[2:]]


def built(expression: str) -> str:
    """A "built by" cell evaluated with keys.py alone: a constant, a call with literal
    arguments, or a literal (a value the caller supplies as it is)."""
    node = ast.parse(expression, mode="eval").body
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return getattr(keys, node.id)
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords, expression
    return getattr(keys, node.func.id)(*(ast.literal_eval(a) for a in node.args))


def names_in(expression: str) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(expression, mode="eval")) if isinstance(n, ast.Name)}


def constructors() -> set[str]:
    functions = {name for name, f in inspect.getmembers(keys, inspect.isfunction)
                 if f.__module__ == keys.__name__ and not name.startswith(("parse_", "_"))}
    constants = {name for name, v in vars(keys).items()
                 if name.isupper() and isinstance(v, str) and not name.endswith("_PREFIX")}
    return functions | constants


@pytest.mark.parametrize("row", rows(), ids=lambda r: r["access pattern"])
def test_each_pattern_shows_the_keys_its_constructors_build(row):
    assert row["where"] in ("table", "gsi1", "gsi2")
    assert built(row["built by (pk)"]) == row["pk"]
    assert built(row["built by (sk)"]) == row["sk"]


def test_every_constructor_and_constant_is_in_the_table():
    used = set().union(*(names_in(r["built by (pk)"]) | names_in(r["built by (sk)"]) for r in rows()))
    assert constructors() - used == set(), "keys.py builds keys the table does not show"
    assert used - constructors() == set()


def test_every_prefix_begins_a_key_of_the_table():
    prefixes = {name: v for name, v in vars(keys).items() if name.endswith("_PREFIX")}
    shown = [r["pk"] for r in rows()] + [r["sk"] for r in rows()]
    for name, prefix in prefixes.items():
        assert any(key.startswith(prefix) for key in shown), name


def test_parsers_undo_their_constructors():
    assert keys.parse_guarantee_pk(keys.guarantee_pk("gABC")) == "gABC"
    assert keys.parse_event_sk(keys.event_sk("2026-12-01T00:00:00.000000Z", "a1b2")) == \
        ("2026-12-01T00:00:00.000000Z", "a1b2")
    assert keys.parse_surety_sk(keys.surety_sk("nishi-hosho")) == "nishi-hosho"
    assert keys.parse_old_key_sk(keys.old_key_sk("f" * 64)) == "f" * 64
    assert keys.parse_guarantee_version_sk(keys.guarantee_version_sk("g#with#hash", 12)) == ("g#with#hash", 12)
    assert keys.parse_burst_sk(keys.burst_sk("2026-12-01T10", "SAKU#2024#1")) == ("2026-12-01T10", "SAKU#2024#1")
    assert keys.parse_mail_pk(keys.mail_pk("m-1")) == "m-1"
    assert keys.parse_webhook_pk(keys.webhook_pk("test-surety")) == "test-surety"


def test_counter_names_from_the_domain_are_stored_as_before():
    # domain/attempts.py names counters without the prefix; the stored key is as it always was.
    assert keys.counter_pk("NUM#SAKU-2024-0001") == "RATE#NUM#SAKU-2024-0001"


def _looks_like_key(text: str) -> bool:
    """An upper-case word and "#" (a prefix), or one of keys.py's fixed keys."""
    fixed = {v for name, v in vars(keys).items() if name.isupper() and isinstance(v, str)}
    return bool(re.match(r"[A-Z]+#", text)) or text in fixed


@pytest.mark.parametrize("path", sorted(p for p in PACKAGE.glob("*.py") if p.name != "keys.py"), ids=lambda p: p.name)
def test_no_other_module_writes_a_key(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    inline = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
              and id(n) not in docstrings and _looks_like_key(n.value)]
    assert inline == [], f"{path.name} writes key text inline: {inline}"


def test_keys_module_imports_nothing():
    # Plain text functions: infra/, scripts and these tests can read it without the AWS libraries.
    tree = ast.parse((PACKAGE / "keys.py").read_text(encoding="utf-8"))
    imports = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
               and not (isinstance(n, ast.ImportFrom) and n.module == "__future__")]
    assert imports == []
