"""Getting the Chalice app into a Lambda package that works, or failing loudly.

- requirements.txt is generated from pyproject.toml `[project].dependencies` (the one
  hand-edited list) plus their dependencies, pinned at the versions installed in the
  environment that runs the tests, so Lambda gets exactly what was tested.
- chalicelib/openapi.json (the request schemas the server checks) is rewritten from
  openapi.yaml, so a package never ships a stale contract (devtools/openapi_json.py).
- The notice fonts are copied into api/vendor/fonts/; Chalice puts vendor/ at the root of
  the zip, so the function reads them from /var/task/fonts (PORTAL_FONT_DIR).
- The Lambda runtime is fixed here (RUNTIME), not taken from whatever Python runs the CDK
  app: Chalice picks the runtime from the interpreter and downloads manylinux wheels for
  that runtime's ABI; `chalice_packaging` pins the runtime and has pip fetch that
  runtime's wheels (cp312), whichever Python 3.11+ runs the CDK app.
- Chalice prints "Could not install dependencies" and carries on when a wheel does not fit
  Lambda; here that is an error (PackagingError), never a warning.
- Chalice's one zip becomes two (`split`): the **lean** package for the functions orderers
  wait on (verification, receipts, sign-in; the mail sweep), without what only documents
  need (the PDF libraries and their dependencies, the fonts), and the **documents** package
  for the routes that make PDFs (DOCUMENT_ROUTES). Both ship bytecode compiled by RUNTIME's
  own Python (`/var/task` is read-only: without it every cold start compiles everything)
  and only the botocore models the code uses.
"""
from __future__ import annotations

import contextlib
import csv
import glob
import hashlib
import importlib.metadata as metadata
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
API_DIR = REPO / "api"
PYPROJECT = REPO / "pyproject.toml"

RUNTIME = "python3.12"
ARCHITECTURE = "x86_64"
# Where Chalice's vendor/ directory lands in the function: the package root.
LAMBDA_TASK_ROOT = "/var/task"
FONT_SUBDIR = "fonts"
FONT_DIR_IN_LAMBDA = f"{LAMBDA_TASK_ROOT}/{FONT_SUBDIR}"
# (file name, Debian package, Debian path) of each PDF font: read from the file that
# chalicelib/adapters/pdf/fonts.py looks the fonts up with, so both name the same files.
FONTS_FILE = API_DIR / "chalicelib" / "adapters" / "pdf" / "fonts.json"
FONTS = tuple((f["file"], f["debian_package"], f"{f['debian_dir']}/{f['file']}")
              for f in json.loads(FONTS_FILE.read_text(encoding="utf-8")).values())
# Chalice bundles its own runtime (chalice/app.py); the CLI and its dependencies are not
# needed in Lambda.
NOT_IN_LAMBDA = {"chalice"}
MISSING_DEPENDENCIES = "Could not install dependencies"
# What only the PDF routes import (chalicelib/adapters/pdf, notice_documents, copy_certificate):
# they and whatever only they pull in (Pillow, lxml, aiohttp, …) stay out of the lean package.
DOCUMENT_LIBRARIES = {"reportlab", "qrcode", "pyhanko"}
# The routes served by the documents function: every route that renders a PDF. The API
# Gateway integration of these (path, method) goes to it; every other route to the lean one.
DOCUMENT_ROUTES = (("/v1/guarantees", "post"), ("/v1/guarantees/{guarantee_id}/amendments", "post"),
                   ("/v1/notices", "post"), ("/v1/certificate-copies", "post"))
# The AWS services the code calls (boto3.client(...) in chalicelib, PynamoDB's DynamoDB):
# botocore ships models for ~450 (19 MiB); the others are left out of both packages.
BOTOCORE_SERVICES = ("dynamodb", "kms", "secretsmanager", "sesv2")
LEAN_BUDGET_BYTES = 60 * 2**20  # unzipped (issue 17): what orderers' cold starts unpack
# The runtime's Python compiles the bytecode; found here, or named by PORTAL_LAMBDA_PYTHON.
PYTHON_FOR_RUNTIME = os.environ.get("PORTAL_LAMBDA_PYTHON")


class PackagingError(RuntimeError):
    pass


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _target_environment() -> dict[str, str]:
    version = RUNTIME.removeprefix("python")
    return {
        "python_version": version, "python_full_version": f"{version}.0",
        "implementation_name": "cpython", "platform_python_implementation": "CPython",
        "sys_platform": "linux", "os_name": "posix", "platform_system": "Linux",
        "platform_machine": ARCHITECTURE, "extra": "",
    }


def _closure(roots, env: dict[str, str]) -> dict[str, str]:
    """Canonical name → installed version of `roots` (Requirements) and all they pull in, with
    environment markers evaluated for the Lambda runtime."""
    from packaging.requirements import Requirement

    pinned: dict[str, str] = {}
    queue = list(roots)
    while queue:
        req = queue.pop()
        name = _canonical(req.name)
        if name in pinned or (req.marker is not None and not req.marker.evaluate(env)):
            continue
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            raise PackagingError(f"{req.name} (needed in Lambda) is not installed here: run `make install`") from None
        if dist.version not in req.specifier:
            raise PackagingError(f"installed {req.name} {dist.version} does not satisfy {req}")
        pinned[name] = dist.version
        for line in dist.requires or []:
            sub = Requirement(line)
            if sub.marker is not None and not sub.marker.evaluate(env):
                continue  # includes every `extra == "…"` requirement: no extras are asked for
            # Extras asked for by the parent, e.g. pkg[foo]: follow their requirements too.
            queue.append(sub)
            for extra in sub.extras:
                try:
                    extra_dist = metadata.distribution(sub.name)
                except metadata.PackageNotFoundError:
                    continue
                for extra_line in extra_dist.requires or []:
                    extra_req = Requirement(extra_line)
                    if extra_req.marker is not None and extra_req.marker.evaluate({**env, "extra": extra}):
                        queue.append(extra_req)
    return pinned


def _direct(pyproject: Path):
    from packaging.requirements import Requirement
    return [Requirement(line) for line in tomllib.loads(pyproject.read_text())["project"]["dependencies"]
            if _canonical(Requirement(line).name) not in NOT_IN_LAMBDA]


def runtime_requirements(pyproject: Path = PYPROJECT) -> list[str]:
    """`name==version` lines: pyproject's runtime dependencies and everything they pull in,
    with environment markers evaluated for the Lambda runtime."""
    pinned = _closure(_direct(pyproject), _target_environment())
    return [f"{name}=={version}" for name, version in sorted(pinned.items())]


def document_only(pyproject: Path = PYPROJECT) -> set[str]:
    """The distributions that only the document libraries bring: not needed by the lean package."""
    direct = _direct(pyproject)
    env = _target_environment()
    documents = _closure([r for r in direct if _canonical(r.name) in DOCUMENT_LIBRARIES], env)
    rest = _closure([r for r in direct if _canonical(r.name) not in DOCUMENT_LIBRARIES], env)
    return set(documents) - set(rest)


def write_requirements(api_dir: Path = API_DIR, pyproject: Path = PYPROJECT) -> Path:
    path = api_dir / "requirements.txt"
    text = ("# GENERATED by infra/portal_infra/lambda_package.py from pyproject.toml: do not edit.\n"
            + "\n".join(runtime_requirements(pyproject)) + "\n")
    if not path.is_file() or path.read_text() != text:  # unchanged: keep Chalice's cache key stable
        path.write_text(text)
    return path


def font_sources() -> dict[str, Path]:
    """The font files to ship: from PORTAL_FONT_DIR if set (as fonts.py does), else Debian's paths."""
    configured = os.environ.get("PORTAL_FONT_DIR")
    found, missing = {}, []
    for name, package, debian_path in FONTS:
        path = Path(configured) / name if configured else Path(debian_path)
        if path.is_file():
            found[name] = path
        else:
            missing.append(f"{path} (Debian package {package})")
    if missing:
        raise PackagingError("notice fonts missing: " + ", ".join(missing)
                             + " — run `make system-deps` or apt-get install " + " ".join(p for _, p, _ in FONTS))
    return found


def copy_fonts(api_dir: Path = API_DIR) -> Path:
    target = api_dir / "vendor" / FONT_SUBDIR
    target.mkdir(parents=True, exist_ok=True)
    for name, source in font_sources().items():
        dest = target / name
        if not dest.is_file() or dest.stat().st_size != source.stat().st_size or \
                dest.stat().st_mtime < source.stat().st_mtime:
            shutil.copy2(source, dest)
    return target


def prune_dependency_cache(api_dir: Path = API_DIR, keep: int = 2) -> None:
    """Chalice keeps one ~75 MB zip per code version in .chalice/deployments and never
    deletes any: keep the newest few."""
    cached = sorted((api_dir / ".chalice" / "deployments").glob("*.zip"), key=lambda p: p.stat().st_mtime,
                    reverse=True)
    for old in cached[keep:]:
        old.unlink(missing_ok=True)


SIGNING_SUBDIR = "signing"


def signing_cert_in_lambda(stage_name: str) -> str:
    return f"{LAMBDA_TASK_ROOT}/{SIGNING_SUBDIR}/{stage_name}.pem"


def copy_signing_certs(certs: dict[str, Path], api_dir: Path = API_DIR) -> None:
    """The certificates of the stages' KMS signing keys (public data) into vendor/signing/,
    one <stage>.pem each; PORTAL_SIGNING_CERT names the stage's file in /var/task/signing."""
    target = api_dir / "vendor" / SIGNING_SUBDIR
    wanted = {f"{name}.pem": path.read_bytes() for name, path in certs.items()}
    if target.is_dir():
        for old in target.iterdir():
            if old.name not in wanted:
                old.unlink()
    if wanted:
        target.mkdir(parents=True, exist_ok=True)
        for name, data in wanted.items():
            if not (target / name).is_file() or (target / name).read_bytes() != data:
                (target / name).write_bytes(data)


def write_openapi_json(api_dir: Path = API_DIR) -> None:
    sys.path.insert(0, str(api_dir))
    try:
        from devtools import openapi_json
    finally:
        sys.path.remove(str(api_dir))
    openapi_json.write(api_dir / "chalicelib" / "openapi.json", api_dir / "chalicelib" / "openapi.yaml")


def prepare(api_dir: Path = API_DIR, signing_certs: dict[str, Path] | None = None) -> None:
    """Everything `chalice package` needs besides the code: requirements.txt, openapi.json,
    the fonts and the signing certificates."""
    write_requirements(api_dir)
    write_openapi_json(api_dir)
    copy_fonts(api_dir)
    copy_signing_certs(signing_certs or {}, api_dir)
    prune_dependency_cache(api_dir)


@contextlib.contextmanager
def chalice_packaging():
    """Run Chalice's packaging for RUNTIME and turn its dependency warning into an error.

    Chalice 1.34 derives the runtime from sys.version_info (Config.lambda_python_version);
    the pin here makes the template's Runtime and the downloaded wheels agree on RUNTIME,
    whichever Python (3.11+) runs the CDK app.
    """
    from chalice import config as chalice_config
    from chalice import utils as chalice_utils
    from chalice.deploy import packager

    written: list[str] = []
    original_version = chalice_config.Config.__dict__["lambda_python_version"]
    original_write = chalice_utils.UI.write
    original_download = packager.PipRunner.download_manylinux_wheels
    original_iter = packager.BaseLambdaDeploymentPackager._iter_app_filenames

    def write(self, msg: str) -> None:
        written.append(msg)
        original_write(self, msg)

    def download_manylinux_wheels(self, abi, packages, directory, platforms=None):
        # Chalice's own version leaves out --python-version, so pip looks for wheels of the
        # interpreter running it (cp311-cp312-…, which never exist) whenever the runtime
        # differs from that interpreter; with it, pip picks RUNTIME's wheels (and abi3/none).
        digits = abi.removeprefix("cp")
        for package in packages:
            arguments = ["--only-binary=:all:", "--no-deps"]
            for platform in platforms or ["manylinux2014_x86_64"]:
                arguments.extend(["--platform", platform])
            arguments.extend(["--implementation", "cp", "--python-version", f"{digits[0]}.{digits[1:]}",
                              "--abi", abi, "--dest", directory, package])
            self._execute("download", arguments)

    def iter_app_filenames(self, project_dir):
        # Bytecode caches are local artefacts: they would ship cpython-311 .pyc files and
        # change Chalice's dependency-cache key on every test run.
        for full_path, zip_path in original_iter(self, project_dir):
            if "__pycache__" not in zip_path.split("/") and not zip_path.endswith(".pyc"):
                yield full_path, zip_path

    chalice_config.Config.lambda_python_version = property(lambda self: RUNTIME)
    chalice_utils.UI.write = write
    packager.PipRunner.download_manylinux_wheels = download_manylinux_wheels
    packager.BaseLambdaDeploymentPackager._iter_app_filenames = iter_app_filenames
    captured = io.StringIO()
    try:
        with contextlib.redirect_stdout(captured):
            yield
    finally:
        chalice_config.Config.lambda_python_version = original_version
        chalice_utils.UI.write = original_write
        packager.PipRunner.download_manylinux_wheels = original_download
        packager.BaseLambdaDeploymentPackager._iter_app_filenames = original_iter
        output = captured.getvalue()
        if output:
            sys.stderr.write(output)  # stdout belongs to the CDK CLI protocol; show it on stderr
    text = output + "".join(written)
    if MISSING_DEPENDENCIES in text:
        raise PackagingError("chalice could not package every dependency for Lambda "
                             f"({RUNTIME}, {ARCHITECTURE}):\n{text}")


# ---- lean and documents packages ----------------------------------------------------------

def runtime_python() -> str:
    """An interpreter of RUNTIME's version, to compile bytecode the runtime will use."""
    version = RUNTIME.removeprefix("python")
    candidates = [PYTHON_FOR_RUNTIME] if PYTHON_FOR_RUNTIME else []
    candidates += sorted(glob.glob(os.path.expanduser(f"~/.pyenv/versions/{version}.*/bin/{RUNTIME}")), reverse=True)
    candidates += [shutil.which(RUNTIME)]
    for candidate in filter(None, candidates):
        try:
            out = subprocess.run([candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                                 capture_output=True, text=True, timeout=30)
        except OSError:
            continue
        if out.returncode == 0 and out.stdout.strip() == version:
            return candidate
    raise PackagingError(
        f"{RUNTIME} is needed to compile the Lambda package's bytecode for the {RUNTIME} runtime, and none "
        f"was found: install it (e.g. `pyenv install {version}`) or set PORTAL_LAMBDA_PYTHON to its path.")


def _dist_files(z: zipfile.ZipFile) -> dict[str, set[str]]:
    """Canonical distribution name → the paths its RECORD lists (its dist-info included)."""
    found: dict[str, set[str]] = {}
    for name in z.namelist():
        parts = name.split("/")
        if len(parts) == 2 and parts[0].endswith(".dist-info") and parts[1] == "RECORD":
            dist = _canonical(parts[0].removesuffix(".dist-info").rsplit("-", 1)[0])
            rows = csv.reader(io.StringIO(z.read(name).decode("utf-8")))
            found[dist] = {row[0] for row in rows if row} | {n for n in z.namelist() if n.startswith(parts[0] + "/")}
    return found


def _unused_model(name: str) -> bool:
    parts = name.split("/")
    return (len(parts) > 3 and parts[0] == "botocore" and parts[1] == "data"
            and parts[2] not in BOTOCORE_SERVICES)


def _cruft(name: str) -> bool:
    # Local caches that Chalice copies with chalicelib/ (a linter's, bytecode of another Python).
    return any(part in (".ruff_cache", "__pycache__", ".pytest_cache") for part in name.split("/"))


def _write_compiled(z: zipfile.ZipFile, names: list[str], out: Path, python: str) -> None:
    with tempfile.TemporaryDirectory(prefix="lambda-package-") as tmp:
        root = Path(tmp) / "task"
        for name in names:
            z.extract(name, root)
        # unchecked-hash: the .pyc is used whatever the files' times (zips carry 1980 dates);
        # -s/-p: tracebacks name /var/task paths.
        result = subprocess.run(
            [python, "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash",
             "-s", str(root), "-p", LAMBDA_TASK_ROOT, str(root)], capture_output=True, text=True)
        failed = [line for line in result.stdout.splitlines() if "Error" in line]
        ours = [line for line in failed if "chalicelib" in line or "app.py" in line]
        if result.returncode != 0 and (not failed or ours):
            raise PackagingError(f"compileall failed ({result.returncode}): {(result.stdout + result.stderr)[-2000:]}")
        if failed:
            # A vendored file that is not Python 3 (a test or script of a dependency) stays source-only.
            sys.stderr.write("package: not compiled (kept as source): " + "; ".join(failed[:5]) + "\n")
        info = {i.filename: i for i in z.infolist()}
        # A name of its own: a synth and `make bench` may split the same zip at once.
        handle, name = tempfile.mkstemp(dir=out.parent, suffix=".tmp")
        os.close(handle)
        tmp_out = Path(name)
        with zipfile.ZipFile(tmp_out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as target:
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                name = path.relative_to(root).as_posix()
                entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                entry.external_attr = info[name].external_attr if name in info else (0o644 << 16)
                entry.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(entry, path.read_bytes())
        tmp_out.replace(out)


def split(full_zip: Path, out_dir: Path, pyproject: Path = PYPROJECT) -> dict[str, Path]:
    """{"lean": zip, "documents": zip} from Chalice's deployment.zip, compiled; cached by content."""
    digest = hashlib.sha256(full_zip.read_bytes())
    digest.update(repr((sorted(document_only(pyproject)), BOTOCORE_SERVICES, RUNTIME)).encode())
    digest.update(Path(__file__).read_bytes())  # a change of how packages are made makes new ones
    key = digest.hexdigest()[:20]
    out_dir.mkdir(parents=True, exist_ok=True)
    made = {kind: out_dir / f"{key}-{kind}.zip" for kind in ("lean", "documents")}
    if all(p.is_file() for p in made.values()):
        return made
    python = runtime_python()
    with zipfile.ZipFile(full_zip) as z:
        files = _dist_files(z)
        dropped = document_only(pyproject)
        if dropped - set(files):
            # Without its RECORD a distribution's files cannot be told apart: never ship a lean
            # package that silently still holds (or half holds) what it should not.
            raise PackagingError(f"no RECORD in the package for {sorted(dropped - set(files))}")
        documents_only = set().union(*(files[d] for d in dropped))
        kept = [n for n in z.namelist() if not n.endswith("/") and not _cruft(n) and not _unused_model(n)]
        lean = [n for n in kept if n not in documents_only and not n.startswith(f"{FONT_SUBDIR}/")]
        _write_compiled(z, kept, made["documents"], python)
        _write_compiled(z, lean, made["lean"], python)
    for old in sorted(out_dir.glob("*.zip"), key=lambda p: p.stat().st_mtime, reverse=True)[4:]:
        old.unlink(missing_ok=True)  # the newest two pairs
    return made


def unzipped_size(zip_path: Path) -> int:
    with zipfile.ZipFile(zip_path) as z:
        return sum(i.file_size for i in z.infolist())
