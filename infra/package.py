"""`chalice package` for Lambda, as `make package` runs it: generates api/requirements.txt
from pyproject.toml, copies the notice fonts into api/vendor/fonts/, packages for the pinned
runtime, and exits non-zero if Chalice could not install any dependency.

    .venv/bin/python infra/package.py [--stage dev] OUT_DIR
"""
from __future__ import annotations

import argparse
import os
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from portal_infra import lambda_package  # noqa: E402

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
    with zipfile.ZipFile(zip_path) as z:
        unzipped = sum(i.file_size for i in z.infolist())
    print(f"package: {zip_path} {zip_path.stat().st_size / 2**20:.1f} MiB zipped, "
          f"{unzipped / 2**20:.1f} MiB unzipped (Lambda limit 250 MiB), runtime {lambda_package.RUNTIME}")
    if unzipped > LAMBDA_UNZIPPED_LIMIT:
        print("package: FAILED: larger than Lambda's 250 MiB unzipped limit", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
