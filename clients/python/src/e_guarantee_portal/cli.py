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
Every row is read before any is sent: the rows with a value that cannot be read are named
(every cell of them, not the first) and left out, the others are issued; a row repeating an
earlier one is that row (one key, sent once, counted once). The exit code tells the cases
apart (EXIT_CODES_HELP, also in --help): all issued, some rows not, a wrong command or file,
stopped part-way, Ctrl-C. Replies are printed as the API's JSON (times in UTC with `Z`).

`webhooks add` and `webhooks rotate` print the endpoint's signing secret on standard output,
this once (the portal cannot show it again), and write it nowhere else: put it straight into
the receiver's settings.
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
import hashlib
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

import httpx

from .api_json import api_json
from .requests_file import RequestsFileError, Row, normalised_line, problem_lines, read_rows
from .sdk import Portal, PortalError

RESULT_COLUMNS = ("row", "request_id", "contract_number", "guarantee_id", "version", "auth_key", "notice_file")
# The run cannot go on: a wrong token, or the portal out of reach after the retries.
STOPPING_STATUSES = {401, 403, 429, 500, 502, 503, 504}

# Exit codes (the same for every command; `issue` is where all of them occur).
EXIT_DONE = 0          # everything done: every row issued (now or in an earlier run)
EXIT_NOT_ALL = 1       # some rows not issued (a value that cannot be read, or refused by the portal); the rest were
EXIT_INPUT = 2         # the command or its file is wrong (usage, file missing, encoding, columns): nothing sent
EXIT_STOPPED = 3       # stopped part-way: a wrong token, the portal out of reach or busy: run again to continue
EXIT_INTERRUPTED = 130  # stopped by Ctrl-C (128 + SIGINT, as shells count it): run again to continue

EXIT_CODES_HELP = """終了コード / exit codes:
  0    完了しました（issue では、すべての行を発行済みです）/ done (issue: every row issued)
  1    ポータルが受け付けませんでした。issue では、発行できなかった行（読み込めない値、受け付けられない内容）
       があり、ほかの行は発行しました / refused (issue: some rows not issued, the others were)
  2    コマンドまたはファイルの誤りです（列名、文字コード、ファイルがないなど）。何も送信していません
       / usage or input file error: nothing sent
  3    途中で中断しました（API トークンの誤り、ポータルに接続できない、混雑）。issue は同じコマンドで
       続きから発行します / stopped (wrong token, portal unreachable or busy): run again to continue
  130  Ctrl-C で中断しました。issue は同じコマンドで続きから発行します / interrupted: run again to continue"""


OUTPUT_HELP = """出力 / output:
  照会・履歴・フィードなどは、ポータルの API と同じ形の JSON で表示します。日時は API と同じく UTC で
  「Z」付き（2026-12-01T01:15:42Z、イベントの at はマイクロ秒まで 2026-12-01T01:15:42.123456Z）です。
  / JSON as the API writes it; times in UTC with Z, as in the API."""

ISSUE_HELP = """CSV（1行に1件、列名は項目名を . でつないだもの。例 project.name）または JSON の配列から発行します。
/ issue every request of a CSV (one row each, dotted column names) or a JSON array.

- 送信の前にすべての行を読み、読み込めない値（行・列・値・理由）をすべて表示します。その行は送らず、
  ほかの行は発行します。 / every row is read first; rows with unreadable values are named and not sent.
- 金額などの整数は、全角の数字と3桁ごとのカンマ（50,000,000）を読み替え、読み替えた行ごとに表示します。
  指数の形（2e7）、小数、単位（円）は読み込みません。 / full-width digits and thousands commas are read
  (and said so per row); exponents, decimals and units are refused.
- 前の行と同じ内容の行は、その行と同じ1件として数え、二度は送りません。 / a row repeating an earlier one is sent once.
- 結果（行番号・保証契約番号・認証キー）を --results のファイルに1件ずつ書きます。中断しても同じコマンドで
  続きから発行し、二重に発行することはありません。行番号は表計算ソフトの行番号（見出しが1行目）です。
  / results are written row by row; run again to continue, nothing is issued twice."""


class Stopped(Exception):
    pass


class InputError(Exception):
    """The command's files cannot be used (nothing was sent)."""


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

    def end(self) -> float:
        seconds = time.monotonic() - self.started
        if self.tty:
            self.out.write("\n")
        return seconds


@contextlib.contextmanager
def _interrupts_held():
    """Ctrl-C waits while an issued guarantee is written down: its row in the results file is
    there whole or not at all (an answer not written down is asked for again with its key)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught and callable(previous):
            previous(signal.SIGINT, None)  # Python's own handler raises KeyboardInterrupt here


def _problem_lines(e: PortalError) -> list[str]:
    """Every problem the portal named, one line each."""
    return [f"  {p.field}: {p.message}（{p.code}）" if p.field else f"  {p.message}（{p.code}）" for p in e.details]


def _refusal(label: str, e: PortalError) -> list[str]:
    if e.code == "contract_number_taken":
        return [(f"{label}: この保証契約番号は発行済みです。結果ファイルにない場合は、24時間より前の発行か別の"
                 f"実行によるもので、認証キーは再表示できません（変更で新しい認証キーを発行できます）。"
                 f" / number already issued ({e.code})")]
    return [f"{label}: ポータルが受け付けませんでした（{e.status}）。 / refused by the portal:", *_problem_lines(e)]


@dataclasses.dataclass
class _Plan:
    todo: list[tuple[Row, str]]        # (row, its Idempotency-Key), to send
    invalid: list[tuple[int, list[str]]]  # (row number, the lines that say why), never sent
    repeats: list[str]                 # one line per row that repeats an earlier one (sent once)
    skipped: int                       # in the results file already (an earlier run)
    total: int                         # the distinct requests of the file


def _plan(rows: list[Row], done: set[str]) -> _Plan:
    """What each row becomes before anything is sent: every unreadable value of every row is
    found here, a row the same as an earlier one is that row (one request, one key, counted
    once), and a row with another's 保証契約番号 but other content is named (the portal would
    refuse the second)."""
    plan = _Plan([], [], [], 0, 0)
    first_alike: dict[str, Row] = {}
    first_with_number: dict[str, Row] = {}
    for row in rows:
        key = idempotency_key(row.request)
        # A row with an unreadable cell is alike another only with the same cells unread.
        alike = key + repr([(p.column, p.value) for p in row.problems])
        if alike in first_alike:
            earlier = first_alike[alike]
            plan.repeats.append(f"{row.label}は {earlier.label}と同じ内容です。1 件として数え、二度は送りません。"
                                f" / row {row.number} repeats row {earlier.number}: sent once")
            continue
        first_alike[alike] = row
        plan.total += 1
        number = row.request.get("contract_number")
        problems = problem_lines(row)
        if isinstance(number, str) and number in first_with_number:
            earlier = first_with_number[number]
            problems.append(f"{row.label} contract_number 「{number}」: {earlier.label}と同じ保証契約番号で、内容が"
                            f"異なります。保証契約番号は1件ごとに別の番号にしてください。 / the number of row "
                            f"{earlier.number}, with other content")
        if isinstance(number, str):
            first_with_number.setdefault(number, row)
        if problems:
            plan.invalid.append((row.number, problems))
            continue
        if key in done:
            plan.skipped += 1
        else:
            plan.todo.append((row, key))
    return plan


def _summary(issued: int, plan: _Plan, refused: int, unsent: int, seconds: float) -> str:
    parts = [f"発行 {issued} 件"]
    english = [f"issued {issued}"]
    if plan.skipped:
        parts.append(f"前回までに発行済み {plan.skipped} 件")
        english.append(f"{plan.skipped} issued before")
    if plan.invalid or refused:
        parts.append(f"発行できなかった行 {len(plan.invalid) + refused} 件（送信前に見つけた誤り {len(plan.invalid)} 件、"
                     f"ポータルが受け付けなかった行 {refused} 件）")
        english.append(f"not issued {len(plan.invalid) + refused} ({len(plan.invalid)} invalid, {refused} refused)")
    if unsent:
        parts.append(f"中断のため未処理 {unsent} 件")
        english.append(f"{unsent} not done yet")
    if plan.repeats:
        parts.append(f"同じ内容の行 {len(plan.repeats)} 件は前の行と合わせて 1 件と数えました")
        english.append(f"{len(plan.repeats)} repeated row(s) counted once")
    timing = f"所要 {seconds:.1f} 秒" + (f"、1件あたり {seconds / issued * 1000:.0f} ms" if issued else "")
    return f"{'、'.join(parts)}。{timing}。 / {', '.join(english)} in {seconds:.1f} s"


def issue(portal: Portal, source: Path, results: Path, notices: Path | None, encoding: str = "utf-8-sig") -> int:
    try:
        if results.resolve() == source.resolve():
            raise InputError("結果ファイルには、読み込むファイルと別のファイルを指定してください / --results must differ from FILE")
        rows = read_rows(source, "issue", encoding)
        plan = _plan(rows, _done_requests(results))
        f, writer = _open_results(results)
    except OSError as e:
        raise InputError(f"{e.filename or source}: ファイルを開けません（{e.strerror or e}） / cannot open") from None
    for row in rows:
        if row.normalised:
            print(normalised_line(row), file=sys.stderr)
    for line in plan.repeats:
        print(line, file=sys.stderr)
    if plan.skipped:
        print(f"{plan.skipped} 件は結果ファイルにあるため飛ばします / skipping {plan.skipped} rows already in {results}",
              file=sys.stderr)
    if plan.invalid:
        print(f"{len(plan.invalid)} 件は誤りがあるため送信しません。理由は最後に表示します。"
              f" / {len(plan.invalid)} invalid row(s) not sent (see below)", file=sys.stderr)
    progress = Progress(plan.total)
    not_issued: list[tuple[int, list[str]]] = list(plan.invalid)
    issued = refused = 0
    sent = 0
    try:
        progress.show(plan.skipped + len(plan.invalid), len(plan.invalid))
        for row, key in plan.todo:
            try:
                reply = portal.issue(row.request, idempotency_key=key)
            except PortalError as e:
                if e.status in STOPPING_STATUSES:
                    raise Stopped(f"{e.status} {e.code}: {e.message}") from None
                refused += 1
                not_issued.append((row.number, _refusal(row.label, e)))
            except httpx.TransportError as e:
                raise Stopped(f"ポータルに接続できません / cannot reach the portal ({type(e).__name__})") from None
            else:
                notice = Portal.notice_path(reply, notices) if notices else None
                try:
                    with _interrupts_held():
                        # The key on disk first: a notice that cannot be saved never loses an issued guarantee.
                        writer.writerow({"row": row.number, "request_id": key,
                                         "contract_number": reply.guarantee.contract_number,
                                         "guarantee_id": reply.guarantee.guarantee_id, "version": reply.version,
                                         "auth_key": reply.auth_key, "notice_file": str(notice or "")})
                        f.flush()
                        os.fsync(f.fileno())
                        if notices:
                            Portal.save_notice(reply, notices)
                        issued += 1  # counted before a held Ctrl-C is let through
                except OSError as e:
                    raise Stopped(f"{e.filename or results}: 保存できません（{e.strerror or e}） / cannot save") from None
            sent += 1
            progress.show(plan.skipped + len(plan.invalid) + sent, len(not_issued))
    finally:
        f.close()
        seconds = progress.end()
        print(_summary(issued, plan, refused, len(plan.todo) - sent, seconds), file=sys.stderr)
        for _, lines in sorted(not_issued, key=lambda item: item[0]):
            for line in lines:
                print(line, file=sys.stderr)
    return EXIT_NOT_ALL if not_issued else EXIT_DONE


def _print(value) -> None:
    print(json.dumps(api_json(value), ensure_ascii=False, indent=2))


def _print_line(value) -> None:
    print(json.dumps(api_json(value), ensure_ascii=False))


SECRET_WARNING = ("シークレットはこの一度だけ表示します。受信側の設定（環境変数・シークレット管理）にすぐ保管し、"  # noqa: S105 - a warning, not a secret
                  "ファイルやログに残さないでください。/ The secret is shown only now: store it in the receiver's "
                  "settings and nowhere else.")


def _endpoint_with_secret(reply) -> dict:
    hook = api_json(reply.webhook)
    shown = {"webhook_id": hook["webhook_id"], "url": hook["url"], "secret": reply.secret}
    if hook.get("previous_secret_valid_until"):
        shown["previous_secret_valid_until"] = hook["previous_secret_valid_until"]
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
            _print_line(hook)
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
    parser = argparse.ArgumentParser(prog="e-guarantee", description="電子保証ポータルの保証会社向け API / the surety API",
                                     epilog=f"{OUTPUT_HELP}\n\n{EXIT_CODES_HELP}",
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", default=os.environ.get("E_GUARANTEE_API"),
                        help="API の URL（例 https://portal.example.jp/api）/ default: $E_GUARANTEE_API")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("issue", help="ファイルの電子保証をまとめて発行 / issue every request in a CSV or JSON file",
                       description=ISSUE_HELP, epilog=EXIT_CODES_HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
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
        return _run(portal, args)
    except Stopped as e:
        print(f"中断しました。原因を解決して同じコマンドを実行すると、続きから発行します / stopped, run again "
              f"to continue: {e}", file=sys.stderr)
        return EXIT_STOPPED
    except KeyboardInterrupt:
        if args.command == "issue":
            print("中断しました（Ctrl-C）。同じコマンドをもう一度実行すると、続きから発行します。発行済みの行が二重に"
                  "発行されることはありません。 / interrupted: run the same command again to continue (nothing is "
                  "issued twice)", file=sys.stderr)
        else:
            print("中断しました（Ctrl-C）。 / interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except PortalError as e:
        print(f"エラー / error: {e.status} {e.code}", file=sys.stderr)
        for line in _problem_lines(e):
            print(line, file=sys.stderr)
        return EXIT_STOPPED if e.status in STOPPING_STATUSES else EXIT_NOT_ALL
    except httpx.TransportError as e:
        print(f"ポータルに接続できません。E_GUARANTEE_API とネットワークを確かめてください / cannot reach the portal "
              f"({type(e).__name__})", file=sys.stderr)
        return EXIT_STOPPED
    except (InputError, RequestsFileError, OSError, ValueError) as e:
        print(f"エラー / error: {e}", file=sys.stderr)
        return EXIT_INPUT


def _run(portal: Portal, args) -> int:
    if args.command == "issue":
        return issue(portal, args.file, args.results, args.notices, args.encoding)
    if args.command == "amend":
        rows = read_rows(args.file, "amend")
        if len(rows) != 1:
            raise InputError(f"{args.file.name}: 変更の内容は1件だけにしてください / one amendment per file")
        [row] = rows
        if row.problems:
            raise InputError("\n".join(problem_lines(row)))
        if row.normalised:
            print(normalised_line(row), file=sys.stderr)
        request = row.request
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
            _print_line(event)
    elif args.command == "feed":
        saved = args.cursor_file.read_text(encoding="utf-8").strip() if args.cursor_file.exists() else None
        entries, cursor = portal.feed(saved or None)
        for entry in entries:
            _print_line(entry)
        if cursor:
            sys.stdout.flush()  # printed before the cursor moves on: a crash repeats, never skips
            args.cursor_file.write_text(cursor + "\n", encoding="utf-8")
    elif args.command == "webhooks":
        return webhooks(portal, args)
    return EXIT_DONE


if __name__ == "__main__":
    sys.exit(main())
