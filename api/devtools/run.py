"""`make run`: the whole portal on this machine, with demo data, until Ctrl-C.

Run as `PYTHONPATH=api python -m devtools.run` from the repo root (the Makefile does).
State lives under `.local/` (git-ignored): the DynamoDB Local database, the pepper,
the built site and `demo.json`. Running again reuses all of it.
"""
from __future__ import annotations

import errno
import json
import logging
import os
import secrets
import signal
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path
from typing import Any

from devtools.dynamodb_local import DynamoDBLocal, DynamoDBLocalError, port_in_use
from devtools.localenv import use_local_environment

REPO_ROOT = Path(__file__).resolve().parents[2]
LOCAL_DIR = REPO_ROOT / ".local"
DB_DIR = LOCAL_DIR / "dynamodb"
SITE_DIR = LOCAL_DIR / "site"
PEPPER_FILE = LOCAL_DIR / "pepper"
DEMO_FILE = LOCAL_DIR / "demo.json"
# The demo notice holds the demo key in print: private like demo.json.
NOTICE_FILE = LOCAL_DIR / "demo-notice.pdf"
OUTBOX_DIR = LOCAL_DIR / "outbox"
MAIL_SWEEP_SECONDS = 30
WEBHOOK_SECONDS = 5  # production: every minute
TABLE_NAME = "e-guarantee-local"
VERIFY_PAGE = "/orderer/verify/"
HOST = "127.0.0.1"
DEMO_URLS = ("site_url", "api_url", "dynamodb_endpoint", "table_name", "orderer_staff_email", "webhook_receiver",
             "orderer_admin_email", "operator_credential", "operator_access_key_id")

log = logging.getLogger("portal.run")


class _Interrupted(BaseException):
    """Ctrl-C or SIGTERM during startup (BaseException: no `except Exception` swallows it)."""


class RunError(Exception):
    """A startup problem the user can fix; printed without a traceback."""


def _port_from_env(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    try:
        port = int(raw)
    except ValueError:
        raise RunError(f"{name}={raw!r} はポート番号ではありません (must be an integer port).") from None
    if not 1 <= port <= 65535:
        raise RunError(f"{name}={port} は範囲外です (must be 1-65535).")
    return port


def _busy_port_message(port: int, variable: str) -> str:
    return (
        f"ポート {port} は既に使用中です。前回の `make run` が残っていないか確認するか、"
        f"{variable}=<別のポート> make run で変更してください。\n"
        f"Port {port} on {HOST} is already in use. Stop whatever holds it "
        f"(`ss -ltnp 'sport = :{port}'` shows it) or choose another port with {variable}=<port>."
    )


def _write_private(path: Path, content: str | bytes) -> None:
    """Write a file readable by its owner only, atomically (never world-readable, even briefly)."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.unlink()
    except FileNotFoundError:
        pass
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(content.encode("utf-8") if isinstance(content, str) else content)
    os.replace(tmp, path)


def ensure_pepper() -> Path:
    if not PEPPER_FILE.exists():
        # Generated once: every stored keyed hash depends on it, so it must survive restarts.
        _write_private(PEPPER_FILE, secrets.token_hex(32) + "\n")
    os.chmod(PEPPER_FILE, 0o600)
    return PEPPER_FILE


def set_environment(portal_port: int, dynamodb_port: int) -> dict[str, str]:
    """The variables of docs/contracts.md; must run before chalicelib or app is imported."""
    return use_local_environment(table_name=TABLE_NAME, dynamodb_port=dynamodb_port,
                                 site_url=f"http://{HOST}:{portal_port}", pepper_file=str(PEPPER_FILE),
                                 outbox_dir=str(OUTBOX_DIR), signing_dir=str(LOCAL_DIR / "signing"))


def read_previous_demo() -> dict[str, Any] | None:
    try:
        data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as e:
        print(f"注意: {DEMO_FILE} を読めないため、デモデータを作り直します ({e}).", file=sys.stderr)
        return None
    return data if isinstance(data, dict) else None


def build_site() -> None:
    # NO_MKDOCS_2_WARNING: Material's banner about MkDocs 2 is not actionable here (mkdocs<2 is pinned).
    env = dict(os.environ, PORTAL_API_BASE="/api", NO_MKDOCS_2_WARNING="1")
    print("サイトをビルドしています… (mkdocs build --strict)", flush=True)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(SITE_DIR)],
        cwd=REPO_ROOT, env=env,
    )
    if result.returncode != 0:
        raise RunError(f"サイトのビルドに失敗しました (mkdocs build exited {result.returncode}); see the messages above.")


def write_demo(values: dict[str, str]) -> None:
    # Holds a surety token and an authentication key: owner-only.
    from devtools.demo import DEMO_VALUES

    keys = DEMO_URLS + DEMO_VALUES
    _write_private(DEMO_FILE, json.dumps({k: values[k] for k in keys}, ensure_ascii=False, indent=2) + "\n")


def local_operator_credential() -> dict[str, str]:
    """The local operator credential (`.local/operator-keys.json`, made once, owner-only), and
    the setting that makes the local server check operator signatures against it. demo.json
    names the file and the key id; the secret stays in the file."""
    from devtools.operator import ensure_local_operator_key
    return ensure_local_operator_key(LOCAL_DIR)


def _display_width(text: str) -> int:
    # Kanji and kana take two terminal columns; len() would misalign the table.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _other_issuers_rows(values: dict[str, str]) -> list[tuple[str, str]]:
    """The insurers' and the bank's demo instruments: kind, number (as its paper calls it), issuer, key."""
    from chalicelib.domain.instruments import INSTRUMENTS
    from devtools.demo import OTHER_ISSUERS, demo_sureties
    names = {s["id"]: s["name"] for s in demo_sureties()}
    rows = []
    for prefix, kind, issuer_id, _branch in OTHER_ISSUERS:
        instrument = INSTRUMENTS[kind]
        rows.append((f"{instrument.label} / {kind}",
                     f"{values[f'{prefix}_contract_number']}  ({instrument.number_label}, {names[issuer_id]})"))
        rows.append(("  認証キー / key", values[f"{prefix}_auth_key"]))
    return rows


def summary(values: dict[str, str]) -> str:
    verify_url = values["site_url"] + VERIFY_PAGE
    rows = [
        ("サイト / Site", values["site_url"] + "/"),
        ("API", values["api_url"]),
        ("確認ページ / Verification page", verify_url),
        ("保証契約番号 / Contract number", values["contract_number"]),
        ("認証キー / Authentication key", values["auth_key"]),
        ("変更あり / Amended (number)", values["amended_contract_number"]),
        ("  最新の認証キー / latest key", values["amended_auth_key"]),
        ("  変更前の認証キー / old key", values["amended_old_auth_key"]),
        ("解約済み / Cancelled (number)", values["cancelled_contract_number"]),
        ("  認証キー / key", values["cancelled_auth_key"]),
        ("共同企業体 / Joint venture (number)", values["jv_contract_number"]),
        ("  認証キー / key", values["jv_auth_key"]),
        *_other_issuers_rows(values),
        ("職員のメール / Staff e-mail", f"{values['orderer_staff_email']}  (受領の記録: 確認コードは送信メールに届きます"
                                         " / to record 受領: the sign-in code lands in the outbox)"),
        ("受付箱 / Inbox", f"{values['site_url']}/orderer/inbox/  (デモの電子提出が3件あります: 職員のメールでサインイン"
                           " / three demo submissions: sign in as staff)"),
        ("佐久市の管理者 / Orderer admin", f"{values['orderer_admin_email']}  (部署・通知先の管理 / departments, notices)"),
        ("運営者の鍵 / Operator key", f"{values['operator_credential']}  (python -m devtools.operator"
                                       " --local …: SigV4 で署名 / signs with it)"),
        ("保証会社トークン / Surety token", values["surety_token"]),
        ("DynamoDB Local", f"{values['dynamodb_endpoint']}  (table {values['table_name']})"),
        ("お知らせPDF / Notice PDF", str(NOTICE_FILE.relative_to(REPO_ROOT))),
        ("送信メール / Outbox (.eml)", str(OUTBOX_DIR.relative_to(REPO_ROOT)) + "/"),
        ("デモ値 / Demo values", str(DEMO_FILE.relative_to(REPO_ROOT))),
        ("Webhook 受信 / Webhook receiver", f"{values['webhook_receiver']}  (届いたイベントの一覧"
                                              " / deliveries; also printed below)"),
    ]
    width = max(_display_width(label) for label, _ in rows)
    line = "=" * 72
    body = "\n".join(f"  {label}{' ' * (width - _display_width(label))}  {value}" for label, value in rows)
    return (
        f"\n{line}\n  電子保証ポータル (local) を起動しました / The portal is running.\n{line}\n{body}\n"
        f"{line}\n  確認ページで保証契約番号と認証キーを入力してください。\n"
        f"  Open the verification page and enter the contract number and key.\n"
        f"  停止は Ctrl-C / Press Ctrl-C to stop (data is kept in .local/dynamodb).\n{line}\n"
    )


def _print_delivery(delivery) -> None:
    if delivery.payload is None:
        print(f"Webhook: 応答 {delivery.status}（署名を確認できませんでした / signature not verified)", flush=True)
        return
    event = delivery.payload["event"]
    print(f"Webhook 受信 / received: {event['type']} {delivery.payload['guarantee_id']} {event['at']}"
          "（署名 OK / signature verified）", flush=True)


def main() -> int:
    # Only our own request lines at INFO: botocore and PynamoDB chatter drowns them otherwise.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", datefmt="%H:%M:%S"))
    portal_log = logging.getLogger("portal")
    portal_log.addHandler(handler)
    portal_log.setLevel(logging.INFO)
    portal_log.propagate = False
    stop = threading.Event()
    starting = True

    def on_signal(signum: int, _frame: Any) -> None:
        stop.set()
        # During startup (Java boot, seeding, the site build) waiting for the next
        # checkpoint could take half a minute: abort right away instead.
        if starting:
            raise _Interrupted

    # Ctrl-C, `kill`, and closing the terminal all end in the same orderly shutdown.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)

    dynamodb: DynamoDBLocal | None = None
    server = None
    receiver = None
    try:
        portal_port = _port_from_env("PORTAL_PORT", 8000)
        dynamodb_port = _port_from_env("DYNAMODB_PORT", 8765)
        if portal_port == dynamodb_port:
            raise RunError("PORTAL_PORT と DYNAMODB_PORT は別の番号にしてください (the two ports must differ).")
        # Checked before anything starts, so a busy port leaves nothing behind.
        for port, variable in ((dynamodb_port, "DYNAMODB_PORT"), (portal_port, "PORTAL_PORT")):
            if port_in_use(port, HOST):
                raise RunError(_busy_port_message(port, variable))

        LOCAL_DIR.mkdir(mode=0o700, exist_ok=True)
        ensure_pepper()
        env = set_environment(portal_port, dynamodb_port)
        operator = local_operator_credential()  # before the server: it reads the setting it makes

        print(f"DynamoDB Local を起動しています ({DB_DIR.relative_to(REPO_ROOT)})…", flush=True)
        # Assigned before start() so an interrupted start still gets stopped below.
        dynamodb = DynamoDBLocal(port=dynamodb_port, db_path=DB_DIR, shared_db=True, host=HOST)
        dynamodb.start()

        from chalicelib import bootstrap
        from chalicelib.adapters import clock
        from chalicelib.usecases.deliver_mail import sweep
        from devtools.manage import migrate_data
        from chalicelib.usecases import deliver_webhooks
        from devtools import registry_seed
        from devtools.demo import DEMO_ORDERER_ADMIN_EMAIL, DEMO_STAFF_EMAIL, demo_notice, demo_webhook, seed_demo
        from devtools.webhook_receiver import WebhookReceiver

        store = bootstrap.product_store()  # the table set_environment named
        store.ensure_table()
        bootstrap.install(store)
        # The national list (about 1,800 bodies: written once; later changes come through the
        # operator) and the demo's enrolled orderers across prefectures (data/demo_enrolments.json):
        # before the migration, which would otherwise enrol 佐久市 as API 1.8's file had it.
        written = registry_seed.seed(store, clock.now(), everything=True)
        if written:
            print(f"全国の発注者の一覧を登録しました（{written}件） / national list of orderers seeded.", flush=True)
        migrate_data(store, say=lambda _line: None)  # data an earlier `make run` left, as `manage data migrate` does
        for orderer_id in registry_seed.add_missing_kinds():  # an earlier run's enrolments, before the new kinds
            print(f"デモの発注者 {orderer_id} の受け付ける保証の種類を追加しました / kinds added to {orderer_id}'s enrolment.",
                  flush=True)
        demo = seed_demo(read_previous_demo())
        _write_private(NOTICE_FILE, demo_notice(demo))
        # The demo surety's webhook goes to a receiver in this process, as a surety's system would take it.
        receiver = WebhookReceiver(host=HOST, on_delivery=_print_delivery).start()
        receiver.secret = demo_webhook(demo["surety_token"], receiver.url)
        build_site()

        from app import app
        from devtools.server import PortalServer

        try:
            server = PortalServer(SITE_DIR, host=HOST, port=portal_port, app=app)
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                raise RunError(_busy_port_message(portal_port, "PORTAL_PORT")) from None
            raise
        server.start()

        values = {
            "site_url": server.url,
            "api_url": server.url + "/api",
            "dynamodb_endpoint": dynamodb.endpoint,
            "table_name": env["PORTAL_TABLE_NAME"],
            "orderer_staff_email": DEMO_STAFF_EMAIL,
            "orderer_admin_email": DEMO_ORDERER_ADMIN_EMAIL,
            "operator_credential": operator["operator_keys_file"],
            "operator_access_key_id": operator["operator_access_key_id"],
            "webhook_receiver": receiver.url.rsplit("/hooks/", 1)[0] + "/",
            **demo,
        }
        write_demo(values)
        starting = False
        if stop.is_set():
            return 0
        print(summary(values), flush=True)

        ticks = 0
        while not stop.wait(1.0):
            ticks += 1
            if ticks % MAIL_SWEEP_SECONDS == 0:
                # Production runs this on a schedule (app.deliver_mail); here, in the loop.
                sweep(clock.now())
            if ticks % WEBHOOK_SECONDS == 0:
                deliver_webhooks.run(clock.now())  # app.deliver_webhooks
            if dynamodb.process is not None and dynamodb.process.poll() is not None:
                raise RunError(
                    f"DynamoDB Local が終了しました (exit {dynamodb.process.returncode}); "
                    f"see {DB_DIR / f'dynamodb-local-{dynamodb_port}.log'}"
                )
        print("\n停止しています… / Stopping…", flush=True)
        return 0
    except _Interrupted:
        print("\n中断しました / Interrupted.", flush=True)
        return 0
    except (RunError, DynamoDBLocalError) as e:
        if stop.is_set():
            # Ctrl-C also reaches mkdocs and Java's startup: their failure is the stop itself.
            return 0
        print(f"\nエラー / Error: {e}", file=sys.stderr, flush=True)
        return 1
    finally:
        # A second Ctrl-C while stopping must not leave Java running.
        starting = False
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
        if server is not None:
            server.stop()
        if receiver is not None:
            receiver.stop()
        if dynamodb is not None:
            dynamodb.stop()
            print("停止しました。データは .local/dynamodb に残っています。 / Stopped; data kept.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
