"""Maintenance commands on the store: signing keys and data migrations.

    python -m devtools.manage signing rotate | jwks
    python -m devtools.manage data migrate

The environment selects the table (see docs/contracts.md). Sureties, their API tokens and the
orderers' enrolments are the operator's, through the operator API and its CLI
(`python -m devtools.operator`): every change there is signed by an operator and audited.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="manage", epilog="保証会社・API トークン・発注者の受付は運営者の CLI です: "
                                     "python -m devtools.operator / sureties, tokens and enrolments: devtools.operator")
    sub = parser.add_subparsers(dest="what", required=True)
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
    say(f"{migrations.index_old_ledger_rows(store)} 受領台帳 rows from before the register were put in its orders")
    say(f"{migrations.index_old_digest_marks(store)} inbox digest marks from before their index were put in it")
    from devtools import registry_seed
    enrolled = json.loads((Path(__file__).parent / "data" / "enrolments_until_1_8.json").read_text(encoding="utf-8"))
    bodies = registry_seed.seed(store, clock.now(), everything=True, enrolments=enrolled["enrolments"], by="data migrate")
    say(f"{bodies} bodies of the national list and the orderers of data/orderers.json (API 1.8) were put in the registry")
    say(f"{migrations.mark_old_issuances(store)} (orderer, kind, contract date) of guarantees issued before API 1.9 were noted")
    expiring = migrations.expire_old_mails(store, retention.SENT_MAIL, retention.FAILED_MAIL, clock.now())
    say(f"{expiring} sent or failed mails from before mails expired now expire as the privacy page says")
    return 1 if moved["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())

