"""`e-guarantee`: the portal's surety API from a shell.

    export E_GUARANTEE_API=https://portal.example.jp/api
    export E_GUARANTEE_TOKEN=egp_…          (never on the command line: it would be in the history)
    e-guarantee issue guarantees.csv --results issued.csv --notices notices/
    e-guarantee amend GUARANTEE_ID amendment.json --notices notices/
    e-guarantee cancel GUARANTEE_ID --reason 契約解除 --date 2026-12-01
    e-guarantee show GUARANTEE_ID
    e-guarantee events GUARANTEE_ID
    e-guarantee feed --cursor-file feed.cursor     (every event since the last call, as JSON lines)
    e-guarantee webhooks add https://hooks.example.co.jp/e-guarantee --description 基幹システム
    e-guarantee webhooks list | rotate WEBHOOK_ID | remove WEBHOOK_ID
    e-guarantee webhooks replay WEBHOOK_ID --since 2026-12-01T09:00:00+09:00   (or --cursor CURSOR)

`issue` takes many requests (CSV or JSON) and can be run again after an interruption: every
request is sent with an Idempotency-Key made from its content, requests already in the
results file (by that key, not by their position) are skipped, and a request whose answer
was lost gets the same guarantee (and key) back from the portal instead of a second one.
The results file and the notices hold the 認証キー: they are readable by their owner only.

`webhooks add` and `webhooks rotate` print the endpoint's signing secret on standard output,
this once (the portal cannot show it again), and write it nowhere else: put it straight into
the receiver's settings.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import sys
import time
from pathlib import Path

import httpx

from .requests_file import RequestsFileError, read_requests
from .sdk import Portal, PortalError

RESULT_COLUMNS = ("row", "request_id", "contract_number", "guarantee_id", "version", "auth_key", "notice_file")
# The run cannot go on: a wrong token, or the portal out of reach after the retries.
STOPPING_STATUSES = {401, 403, 429, 500, 502, 503, 504}


class Stopped(Exception):
    pass


def idempotency_key(request: dict) -> str:
    """The same row always gets the same key (the portal keeps a key's first answer 24 hours)."""
    canonical = json.dumps(request, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "cli-" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:40]


def _done_requests(results: Path) -> set[str]:
    if not results.exists():
        return set()
    with results.open(encoding="utf-8", newline="") as f:
        return {row["request_id"] for row in csv.DictReader(f) if row.get("request_id")}


def _open_results(results: Path):
    new = not results.exists() or results.stat().st_size == 0
    fd = os.open(results, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.fchmod(fd, 0o600)  # also a file that was there before: it holds the keys
    f = os.fdopen(fd, "w", encoding="utf-8", newline="")
    writer = csv.DictWriter(f, fieldnames=RESULT_COLUMNS)
    if new:
        writer.writeheader()
    return f, writer


class Progress:
    def __init__(self, total: int, out=sys.stderr):
        self.total, self.out, self.tty = total, out, out.isatty()
        self.started = time.monotonic()

    def show(self, done: int, failed: int) -> None:
        if self.tty:
            width = 30
            filled = round(width * done / self.total) if self.total else width
            self.out.write(f"\r[{'#' * filled}{'-' * (width - filled)}] {done}/{self.total}"
                           f"（失敗 {failed} 件 / failed {failed}）")
            self.out.flush()
        elif done == self.total or done % 10 == 0:
            self.out.write(f"{done}/{self.total} done, {failed} failed\n")

    def end(self, issued: int) -> float:
        seconds = time.monotonic() - self.started
        if self.tty:
            self.out.write("\n")
        return seconds


def _refusal(row: int, e: PortalError) -> str:
    if e.code == "contract_number_taken":
        return (f"{row} 件目: この保証契約番号は発行済みです。結果ファイルにない場合は、24時間より前の発行か別の"
                f"実行によるもので、認証キーは再表示できません（変更で新しい認証キーを発行できます）。"
                f" / row {row}: number already issued ({e.code})")
    return f"{row} 件目: {e.message} / row {row}: {e.status} {e.code}" + (f" ({e.field})" if e.field else "")


def issue(portal: Portal, source: Path, results: Path, notices: Path | None, encoding: str = "utf-8-sig") -> int:
    if results.resolve() == source.resolve():
        raise ValueError("結果ファイルには、読み込むファイルと別のファイルを指定してください / --results must differ from FILE")
    requests = read_requests(source, "issue", encoding)
    done = _done_requests(results)
    todo = [(i, r) for i, r in enumerate(requests, start=1) if idempotency_key(r) not in done]
    skipped = len(requests) - len(todo)
    if skipped:
        print(f"{skipped} 件は結果ファイルにあるため飛ばします / skipping {skipped} rows already in {results}",
              file=sys.stderr)
    progress = Progress(len(requests))
    failed: list[str] = []
    f, writer = _open_results(results)
    issued = 0
    try:
        progress.show(skipped, 0)
        for row, request in todo:
            key = idempotency_key(request)
            try:
                reply = portal.issue(request, idempotency_key=key)
            except PortalError as e:
                if e.status in STOPPING_STATUSES:
                    raise Stopped(f"{e.status} {e.code}: {e.message}") from None
                failed.append(_refusal(row, e))
            except httpx.TransportError as e:
                raise Stopped(f"ポータルに接続できません / cannot reach the portal ({type(e).__name__})") from None
            else:
                notice = Portal.notice_path(reply, notices) if notices else None
                # The key on disk first: a notice that cannot be saved never loses an issued guarantee.
                writer.writerow({"row": row, "request_id": key, "contract_number": reply.guarantee.contract_number,
                                 "guarantee_id": reply.guarantee.guarantee_id, "version": reply.version,
                                 "auth_key": reply.auth_key, "notice_file": str(notice or "")})
                f.flush()
                os.fsync(f.fileno())
                if notices:
                    Portal.save_notice(reply, notices)
                issued += 1
            progress.show(skipped + issued + len(failed), len(failed))
    finally:
        f.close()
        seconds = progress.end(issued)
        print(f"発行 {issued} 件、失敗 {len(failed)} 件（{seconds:.1f} 秒、1件あたり {seconds / max(issued, 1) * 1000:.0f} ms）"
              f" / issued {issued}, failed {len(failed)} in {seconds:.1f} s", file=sys.stderr)
        for line in failed:
            print(line, file=sys.stderr)
    return 1 if failed else 0


def _print(value) -> None:
    print(json.dumps(value.to_dict() if hasattr(value, "to_dict") else value, ensure_ascii=False, indent=2))


SECRET_WARNING = ("シークレットはこの一度だけ表示します。受信側の設定（環境変数・シークレット管理）にすぐ保管し、"
                  "ファイルやログに残さないでください。/ The secret is shown only now: store it in the receiver's "
                  "settings and nowhere else.")


def _endpoint_with_secret(reply) -> dict:
    hook = reply.webhook
    shown = {"webhook_id": hook.webhook_id, "url": hook.url, "secret": reply.secret}
    if hook.previous_secret_valid_until:
        shown["previous_secret_valid_until"] = hook.previous_secret_valid_until.isoformat()
    return shown


def webhooks(portal: Portal, args) -> int:
    if args.webhooks_command == "add":
        try:
            reply = portal.create_webhook(args.url, args.description)
        except PortalError as e:
            if e.code == "webhook_exists":
                print("シークレットが分からないときは `e-guarantee webhooks rotate （ID）` で再発行してください"
                      " / if its secret is lost, rotate it", file=sys.stderr)
            raise
        _print(_endpoint_with_secret(reply))
        print(SECRET_WARNING, file=sys.stderr)
    elif args.webhooks_command == "list":
        for hook in portal.webhooks():
            print(json.dumps(hook.to_dict(), ensure_ascii=False))
    elif args.webhooks_command == "rotate":
        reply = portal.rotate_webhook_secret(args.webhook_id)
        _print(_endpoint_with_secret(reply))
        print(SECRET_WARNING, file=sys.stderr)
        print("古いシークレットも24時間は署名に使います。その間に受信側を新しいシークレットに切り替えてください。"
              " / the old secret signs too for 24 hours: switch the receiver within that time.", file=sys.stderr)
    elif args.webhooks_command == "replay":
        reply = portal.replay_webhook(args.webhook_id, since=args.since, cursor=args.cursor)
        _print(reply.webhook)
        print("次の送信（1分以内）から送り直します。受け取り済みのイベントは webhook-id で重複を除いてください。"
              " / delivery starts over within a minute; drop repeats by webhook-id.", file=sys.stderr)
    elif args.webhooks_command == "remove":
        portal.delete_webhook(args.webhook_id)
        _print({"webhook_id": args.webhook_id, "deleted": True})
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="e-guarantee", description="電子保証ポータルの保証会社向け API / the surety API")
    parser.add_argument("--base-url", default=os.environ.get("E_GUARANTEE_API"),
                        help="API の URL（例 https://portal.example.jp/api）/ default: $E_GUARANTEE_API")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("issue", help="ファイルの電子保証をまとめて発行 / issue every request in a CSV or JSON file")
    p.add_argument("file", type=Path)
    p.add_argument("--results", type=Path, required=True, help="結果（保証契約番号・認証キー）の CSV / results CSV")
    p.add_argument("--notices", type=Path, help="お知らせ（PDF）を保存するフォルダ / folder for the notice PDFs")
    p.add_argument("--encoding", default="utf-8-sig",
                   help="CSV の文字コード（Excel の「CSV」なら cp932）/ the CSV's encoding (default UTF-8)")
    p = sub.add_parser("amend", help="変更 / amend a guarantee")
    p.add_argument("guarantee_id")
    p.add_argument("file", type=Path)
    p.add_argument("--notices", type=Path)
    p = sub.add_parser("cancel", help="解約 / cancel a guarantee")
    p.add_argument("guarantee_id")
    p.add_argument("--reason", required=True)
    p.add_argument("--date", required=True, help="解約日 YYYY-MM-DD")
    sub.add_parser("show", help="保証契約の照会 / show a guarantee").add_argument("guarantee_id")
    sub.add_parser("events", help="履歴 / a guarantee's events").add_argument("guarantee_id")
    p = sub.add_parser("feed", help="自社の全保証契約のイベント（前回の続きから）/ the feed of all events since last time")
    p.add_argument("--cursor-file", type=Path, required=True, help="続きの位置を保存するファイル / where the cursor is kept")
    p = sub.add_parser("webhooks", help="イベントの受信用の URL（Webhook）/ webhook endpoints")
    hooks = p.add_subparsers(dest="webhooks_command", required=True)
    p = hooks.add_parser("add", help="受信用の URL を登録（シークレットを一度だけ表示）/ register an endpoint (shows its secret once)")
    p.add_argument("url", help="https:// の URL / the endpoint's https URL")
    p.add_argument("--description", help="自社で見分けるための説明 / a note to tell it apart")
    hooks.add_parser("list", help="受信用の URL と送信の状況 / endpoints and how delivery goes")
    hooks.add_parser("rotate", help="シークレットを再発行 / a new secret (the old one signs 24 h more)").add_argument(
        "webhook_id")
    p = hooks.add_parser("replay", help="イベントを送り直す / deliver events again")
    p.add_argument("webhook_id")
    start = p.add_mutually_exclusive_group(required=True)
    start.add_argument("--since", help="この日時より後（時差付き。例 2026-12-01T09:00:00+09:00）/ after this time")
    start.add_argument("--cursor", help="このカーソルの後（本文の cursor、フィードの next_cursor）/ after this cursor")
    hooks.add_parser("remove", help="受信用の URL を削除 / remove an endpoint").add_argument("webhook_id")
    args = parser.parse_args(argv)

    token = os.environ.get("E_GUARANTEE_TOKEN")
    if not args.base_url or not token:
        parser.error("E_GUARANTEE_API（または --base-url）と E_GUARANTEE_TOKEN を設定してください / "
                     "set E_GUARANTEE_API (or --base-url) and E_GUARANTEE_TOKEN")
    portal = Portal(args.base_url, token)
    try:
        if args.command == "issue":
            return issue(portal, args.file, args.results, args.notices, args.encoding)
        if args.command == "amend":
            [request] = read_requests(args.file, "amend")
            reply = portal.amend(args.guarantee_id, request, idempotency_key=idempotency_key(
                {"guarantee_id": args.guarantee_id, **request}))
            if args.notices:
                print(f"notice: {Portal.save_notice(reply, args.notices)}", file=sys.stderr)
            _print({"guarantee_id": args.guarantee_id, "version": reply.version, "auth_key": reply.auth_key})
        elif args.command == "cancel":
            _print(portal.cancel(args.guarantee_id, args.reason, args.date))
        elif args.command == "show":
            _print(portal.guarantee(args.guarantee_id))
        elif args.command == "events":
            for event in portal.events(args.guarantee_id):
                print(json.dumps(event.to_dict(), ensure_ascii=False))
        elif args.command == "feed":
            saved = args.cursor_file.read_text(encoding="utf-8").strip() if args.cursor_file.exists() else None
            entries, cursor = portal.feed(saved or None)
            for entry in entries:
                print(json.dumps(entry.to_dict(), ensure_ascii=False))
            if cursor:
                sys.stdout.flush()  # printed before the cursor moves on: a crash repeats, never skips
                args.cursor_file.write_text(cursor + "\n", encoding="utf-8")
        elif args.command == "webhooks":
            return webhooks(portal, args)
    except Stopped as e:
        print(f"中断しました。原因を解決して同じコマンドを実行すると、続きから発行します / stopped, run again "
              f"to continue: {e}", file=sys.stderr)
        return 3
    except (PortalError, RequestsFileError, ValueError, OSError) as e:
        print(f"エラー / error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
