"""`make bench`, the deployed shape: the Lambda packages as Lambda meets them.

`infra/package.py` builds them as `make deploy` does: Chalice's single zip (what was
deployed before December 2026: everything, no bytecode), and from it the lean package (the
API and the mail sweep) and the documents package (the routes that make PDFs), both with
bytecode compiled by the runtime's Python. Each is unpacked into its own folder and, in
fresh `python3.12 -B` interpreters (no bytecode written, as in Lambda's read-only
/var/task), `import app` is timed against the framework's own `import chalice,
pynamodb.models` from the lean package (compiled): the baseline a Chalice app on PynamoDB
cannot go below. Target: the lean package at most 60 MiB unzipped, its cold import within
1.3x of that baseline.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# Appended, not first: infra/ has its own app.py (the CDK app), which must not shadow api/app.py.
sys.path.append(str(REPO_ROOT / "infra"))

from portal_infra import lambda_package  # noqa: E402

COLD_IMPORT_TARGET = 1.30
REPEATS = 9
_PROBE = ("import sys, time\nsys.path.insert(0, {folder!r})\nt0 = time.perf_counter()\n{statement}\n"
          "print(repr(time.perf_counter() - t0))\n")


def _clean_env() -> dict[str, str]:
    # The bench runs with PYTHONPATH=api: neither the packager nor the probes may see it.
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")}


def _cold_import(python: str, folder: Path, statement: str) -> float:
    out = subprocess.run([python, "-B", "-c", _PROBE.format(folder=str(folder), statement=statement)],
                         cwd=folder, capture_output=True, text=True, check=True, env=_clean_env())
    return float(out.stdout.strip().splitlines()[-1]) * 1000


def _read_only_copy(zip_path: Path, folder: Path) -> Path:
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(folder)
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode & ~0o222)
    return folder


def _writable(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o200)


def measure_packages(repeats: int = REPEATS) -> dict:
    python = lambda_package.runtime_python()
    with tempfile.TemporaryDirectory(prefix="bench-packages-") as tmp:
        out = Path(tmp) / "package"
        built = subprocess.run([sys.executable, str(REPO_ROOT / "infra" / "package.py"), str(out)],
                               cwd=REPO_ROOT, capture_output=True, text=True, env=_clean_env())
        if built.returncode != 0:
            raise RuntimeError(f"infra/package.py failed:\n{built.stdout}{built.stderr}")
        zips = {"chalice zip, no bytecode (before)": out / "deployment.zip", "lean (API, mail sweep)": out / "lean.zip",
                "documents (PDF routes)": out / "documents.zip"}
        folders = {label: _read_only_copy(path, Path(tmp) / f"unpacked-{i}") for i, (label, path) in enumerate(zips.items())}
        lean = folders["lean (API, mail sweep)"]
        try:
            samples: dict[str, list[float]] = {label: [] for label in folders}
            samples["framework"] = []
            probes = [(label, folder, "import app") for label, folder in folders.items()]
            probes.append(("framework", lean, "import chalice, pynamodb.models"))
            for probe in probes:  # warm the file cache, not counted
                _cold_import(python, probe[1], probe[2])
            for i in range(repeats):
                for label, folder, statement in probes[i % len(probes):] + probes[:i % len(probes)]:
                    samples[label].append(_cold_import(python, folder, statement))
        finally:
            for folder in folders.values():
                _writable(folder)
        medians = {label: statistics.median(values) for label, values in samples.items()}
        packages = {label: {"zipped_mib": path.stat().st_size / 2**20,
                            "unzipped_mib": lambda_package.unzipped_size(path) / 2**20,
                            "import_app_ms": medians[label],
                            "ratio_to_framework": medians[label] / medians["framework"]}
                    for label, path in zips.items()}
    lean_result = packages["lean (API, mail sweep)"]
    return {"python": python, "repeats": repeats, "framework_ms": medians["framework"], "packages": packages,
            "pass_size": lean_result["unzipped_mib"] <= lambda_package.LEAN_BUDGET_BYTES / 2**20,
            "pass_import": lean_result["ratio_to_framework"] <= COLD_IMPORT_TARGET}


def print_packages(result: dict) -> None:
    print(f"\n== Lambda packages, cold import as Lambda meets it ({result['python']} -B, read-only folder, "
          f"median of {result['repeats']}) ==")
    print(f"{'package':38}{'zipped':>9}{'unzipped':>10}{'import app':>12}{'/ framework':>13}")
    for label, p in result["packages"].items():
        print(f"{label:38}{p['zipped_mib']:7.1f}Mi{p['unzipped_mib']:8.1f}Mi{p['import_app_ms']:9.0f} ms"
              f"{p['ratio_to_framework']:11.2f}x")
    print(f"framework baseline `import chalice, pynamodb.models` (lean, compiled): {result['framework_ms']:.0f} ms")
    budget = lambda_package.LEAN_BUDGET_BYTES / 2**20
    print(f"targets: lean <= {budget:.0f} MiB unzipped -> {'PASS' if result['pass_size'] else 'MISS'}; "
          f"lean cold import <= {COLD_IMPORT_TARGET:.2f}x the framework -> {'PASS' if result['pass_import'] else 'MISS'}")


def summary_rows(result: dict) -> list[tuple[str, str, str, str, str]]:
    lean = result["packages"]["lean (API, mail sweep)"]
    before = result["packages"]["chalice zip, no bytecode (before)"]
    budget = lambda_package.LEAN_BUDGET_BYTES / 2**20
    return [
        ("lean package unzipped (before: one zip)", f"{lean['unzipped_mib']:.1f} MiB ({before['unzipped_mib']:.1f})",
         "-", f"<= {budget:.0f} MiB", "PASS" if result["pass_size"] else "MISS"),
        ("cold import app / framework (lean)", f"{lean['import_app_ms']:.0f} / {result['framework_ms']:.0f} ms",
         f"{lean['ratio_to_framework']:.2f}x", f"<= {COLD_IMPORT_TARGET:.2f}x", "PASS" if result["pass_import"] else "MISS"),
        ("cold import app before (one zip, no bytecode)", f"{before['import_app_ms']:.0f} ms",
         f"{before['ratio_to_framework']:.2f}x", "-", "-"),
    ]
