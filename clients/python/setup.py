"""The SDK's build (metadata in pyproject.toml): the generated layer (sdk_layer.py) is made here,
from the repository's OpenAPI document, so that no generated code is committed and a wheel
always holds the layer of the document it was built from.

- In the repository (`pip install ./clients/python`), or in a copy of clients/python with
  $E_GUARANTEE_PORTAL_REPO naming the repository: the layer is generated into the wheel's
  build folder. A copy left in src/ by `make client` is never packaged.
- In an sdist (built from the repository, the layer already in it): the sdist's layer is used.
"""
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # setuptools' build backend does not put the project on the path

import sdk_layer  # noqa: E402


def write_layer(root: Path) -> None:
    repo = sdk_layer.find_repo(HERE)
    if repo is not None:
        sdk_layer.write(repo, root)
    elif (HERE / "PKG-INFO").is_file() and (HERE / "src" / sdk_layer.PACKAGE).is_dir():
        sdk_layer.copy(HERE / "src", root)
    else:
        sys.exit(f"The SDK's generated layer is made from {sdk_layer.DOCUMENT.as_posix()}, which is not here: build "
                 f"clients/python inside the repository, or set {sdk_layer.REPO_VARIABLE} to the repository.")


class BuildPy(build_py):
    def run(self):
        super().run()
        if not self.dry_run:
            write_layer(Path(self.build_lib))


class Sdist(sdist):
    def make_release_tree(self, base_dir, files):
        super().make_release_tree(base_dir, files)
        write_layer(Path(base_dir) / "src")


setup(cmdclass={"build_py": BuildPy, "sdist": Sdist})
