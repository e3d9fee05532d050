"""`chalice package` for Lambda, as `make package` runs it: generates api/requirements.txt
from pyproject.toml, copies the notice fonts into api/vendor/fonts/, packages for the pinned
runtime, exits non-zero if Chalice could not install any dependency, then splits Chalice's
zip into the lean and the documents packages with bytecode (lean.zip, documents.zip beside it;
`make deploy` does the same through the CDK construct) and reports their sizes.

    .venv/bin/python infra/package.py [--stage dev] OUT_DIR
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from portal_infra import lambda_package

LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024  # function code + layers, unzipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--stage", default="dev")
    args = parser.parse_args(argv)

    # Chalice asks botocore for a region while writing the template; no credentials are used.
    os.environ.setdefault("AWS_DEFAULT_REGION", "ap-northeast-1")
    from chalice import api as chalice_api

    try:
        lambda_package.prepare()
        with lambda_package.chalice_packaging():
            chalice_api.package_app(project_dir=str(lambda_package.API_DIR), output_dir=str(args.out_dir),
                                    stage=args.stage, chalice_config={"environment_variables": {
                                        "PORTAL_FONT_DIR": lambda_package.FONT_DIR_IN_LAMBDA}})
    except lambda_package.PackagingError as e:
        print(f"package: FAILED: {e}", file=sys.stderr)
        return 1
    zip_path = args.out_dir / "deployment.zip"
    try:
        made = lambda_package.split(zip_path, lambda_package.API_DIR / ".chalice" / "split")
    except lambda_package.PackagingError as e:
        print(f"package: FAILED: {e}", file=sys.stderr)
        return 1
    failed = False
    for kind, budget in (("lean", lambda_package.LEAN_BUDGET_BYTES), ("documents", LAMBDA_UNZIPPED_LIMIT)):
        target = args.out_dir / f"{kind}.zip"
        shutil.copyfile(made[kind], target)
        unzipped = lambda_package.unzipped_size(target)
        print(f"package: {target} {target.stat().st_size / 2**20:.1f} MiB zipped, {unzipped / 2**20:.1f} MiB "
              f"unzipped (budget {budget / 2**20:.0f} MiB), bytecode for {lambda_package.RUNTIME}")
        if unzipped > budget:
            print(f"package: FAILED: the {kind} package is over its budget", file=sys.stderr)
            failed = True
    print(f"package: Chalice's single zip was {lambda_package.unzipped_size(zip_path) / 2**20:.1f} MiB unzipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
