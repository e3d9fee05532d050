"""Operator commands: sureties and their API tokens.

    python -m devtools.manage surety add ID NAME [--department 長野支店 --phone 026-… --email … --hours …]
    python -m devtools.manage token create SURETY_ID [--scope issue --scope read] [--label TEXT]
    python -m devtools.manage token revoke TOKEN_ID
    python -m devtools.manage signing rotate | jwks

The environment selects the table (see docs/contracts.md). A new token is printed once:
only its keyed hash is stored.
"""
from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="manage")
    sub = parser.add_subparsers(dest="what", required=True)
    surety = sub.add_parser("surety").add_subparsers(dest="action", required=True)
    add = surety.add_parser("add")
    add.add_argument("surety_id")
    add.add_argument("name")
    for field in ("department", "phone", "email", "hours"):
        add.add_argument(f"--{field}", help=f"contact {field}, printed on notices")
    add.add_argument("--representative", help="代表者, as certificates name it")
    add.add_argument("--head-office", help="本店所在地")
    add.add_argument("--branch", action="append", default=[], metavar="ID:FIELD=VALUE,...",
                     help="a branch (取扱支店) requests may name, e.g. "
                          "'nagano:department=長野支店,phone=026-000-0000,email=nagano@example.jp'")
    token = sub.add_parser("token").add_subparsers(dest="action", required=True)
    create = token.add_parser("create")
    create.add_argument("surety_id")
    create.add_argument("--scope", action="append", dest="scopes")
    create.add_argument("--label")
    revoke = token.add_parser("revoke")
    revoke.add_argument("token_id")
    signing_cmd = sub.add_parser("signing").add_subparsers(dest="action", required=True)
    signing_cmd.add_parser("rotate", help="local key: generate a new current key; the old one stays in the JWKS")
    signing_cmd.add_parser("jwks", help="print the JWKS (public keys) for offline verifiers")
    data_cmd = sub.add_parser("data").add_subparsers(dest="action", required=True)
    data_cmd.add_parser("migrate", help="move data stored before Dec 2026 to today's layout and retention (safe to repeat)")
    args = parser.parse_args(argv)

    # After argument errors: importing connects nothing yet.
    from chalicelib import bootstrap

    if args.what == "data":
        return migrate_data(bootstrap.product_store())  # the table the settings name; no use case involved
    bootstrap.install()
    if args.what == "signing":
        import json
        from pathlib import Path
        from chalicelib.adapters import signing
        if args.action == "rotate":
            if not os.environ.get("PORTAL_SIGNING_DIR"):
                print("KMS: create a new key, set PORTAL_SIGNING_KEY_ID and deploy; it becomes current at its "
                      "first signature and the old key is kept as retired.", file=sys.stderr)
                return 1
            jwk = signing.rotate_local(Path(os.environ["PORTAL_SIGNING_DIR"]),
                                       bootstrap.installed().store.signing_keys).public_jwk()
            print(f"new current signing key: {jwk['kid']}")
        else:
            print(json.dumps(bootstrap.installed().signatures.jwks(), indent=2))
        return 0
    from chalicelib.domain.sureties import CONTACT_FIELDS
    from chalicelib.usecases import sureties

    if args.what == "surety":
        contact = {f: getattr(args, f) for f in CONTACT_FIELDS if getattr(args, f)}
        branches = {}
        for spec in args.branch:
            branch, _, fields = spec.partition(":")
            branches[branch] = dict(pair.split("=", 1) for pair in fields.split(",") if "=" in pair)
        s = sureties.register(args.surety_id, args.name, contact or None, representative=args.representative,
                              head_office=args.head_office, branches=branches)
        print(f"surety {s.id} ({s.name}) registered")
    elif args.action == "create":
        token_id, secret = sureties.create_token(args.surety_id, args.scopes, args.label)
        print(f"token id: {token_id}")
        print(f"token:    {secret}")
        print("この API トークンは今回だけ表示されます。安全な場所に保管してください。", file=sys.stderr)
    else:
        if not sureties.revoke_token(args.token_id):
            print(f"token {args.token_id} not found", file=sys.stderr)
            return 1
        print(f"token {args.token_id} revoked")
    return 0


def migrate_data(store, say=print) -> int:
    """`data migrate`: the one-off scans of adapters/dynamodb/migrations.py, which move data
    stored before December 2026 to today's layout and retention (safe to repeat). The one place
    they run from (make run calls this for data an earlier version left in .local/dynamodb)."""
    from chalicelib.adapters import clock
    from chalicelib.adapters.dynamodb import migrations
    from chalicelib.domain import retention
    moved = migrations.migrate_to_keys_by_hash(store)
    say(f"moved {moved['guarantees']} guarantees ({moved['keys']} keys) to the per-surety layout"
        + (f"; {moved['failed']} numbers failed: run again" if moved["failed"] else ""))
    say(f"{migrations.index_old_events(store)} events from before the surety feed were added to it")
    say(f"{migrations.index_old_expiries(store)} versions from before the `expired` event were given their end day")
    say(f"{migrations.index_old_sureties(store)} surety profiles and tokens from before sureties were listed were added to the lists")
    expiring = migrations.expire_old_mails(store, retention.SENT_MAIL, retention.FAILED_MAIL, clock.now())
    say(f"{expiring} sent or failed mails from before mails expired now expire as the privacy page says")
    return 1 if moved["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())

