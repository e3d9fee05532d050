"""Every partition and sort key of the one table (schema.py), built here and nowhere else.

Single-table design, from the access patterns. This table is the statement of the layout:
tests/unit/test_dynamodb_keys.py evaluates each row's "built by" cells with this module and
checks that they give the keys shown, and that every constructor here appears in a row.

| access pattern                                   | where | pk                                 | sk                         | built by (pk)                              | built by (sk)                              |
|--------------------------------------------------|-------|------------------------------------|----------------------------|--------------------------------------------|--------------------------------------------|
| a guarantee's head (status, latest version)      | table | GUAR#<id>                          | HEAD                       | guarantee_pk("<id>")                       | HEAD_SK                                    |
| a guarantee's live state (history, receipts)     | table | GUAR#<id>                          | STATE                      | guarantee_pk("<id>")                       | STATE_SK                                   |
| a version of a guarantee (immutable)             | table | GUAR#<id>                          | VER#00002                  | guarantee_pk("<id>")                       | version_sk(2)                              |
| a guarantee's event log, in time order           | table | GUAR#<id>                          | EVT#<at>#<tail>            | guarantee_pk("<id>")                       | event_sk("<at>", "<tail>")                 |
| the `expired` event, once per end day            | table | GUAR#<id>                          | EXPIRED#<day>              | guarantee_pk("<id>")                       | expired_sk("<day>")                        |
| 保証契約番号, per surety (claim → id)            | table | NUM#<number>                       | SURETY#<surety>            | number_pk("<number>")                      | surety_sk("<surety>")                      |
| 認証キー hash (verification)                     | table | KEY#<hmac>                         | KEY                        | key_pk("<hmac>")                           | KEY_SK                                     |
| surety profile                                   | table | SURETY#<surety>                    | PROFILE                    | surety_pk("<surety>")                      | PROFILE_SK                                 |
| surety API token, by token id                    | table | TOKEN#<token id>                   | TOKEN                      | token_pk("<token id>")                     | TOKEN_SK                                   |
| idempotency record (TTL)                         | table | IDEM#<surety>#<key>                | IDEM                       | idempotency_pk("<surety>", "<key>")        | IDEM_SK                                    |
| versions ending on a day, for the daily job (TTL)| table | EXPIRY#<day>                       | <id>#0002                  | expiry_pk("<day>")                         | guarantee_version_sk("<id>", 2)            |
| an orderer's 受領台帳, by guarantee and version  | table | LEDGER#<orderer>                   | <id>#0002                  | ledger_pk("<orderer>")                     | guarantee_version_sk("<id>", 2)            |
| a daily job's run, once per day (TTL)            | table | JOB#<job>                          | <day>                      | job_pk("<job>")                            | "<day>"                                    |
| failure counters, per window (TTL)               | table | RATE#<name>                        | <window>                   | counter_pk("<name>")                       | "<window>"                                 |
| bursts of wrong keys, for the sweep (TTL)        | table | BURST                              | <window>#<number>          | BURSTS_PK                                  | burst_sk("<window>", "<number>")           |
| a staff address's live sign-in code (TTL)        | table | SIGNIN#<address hash>              | CODE                       | sign_in_pk("<address hash>")               | CODE_SK                                    |
| a staff session (TTL)                            | table | SESSION#<token hash>               | SESSION                    | session_pk("<token hash>")                 | SESSION_SK                                 |
| an outbox message (TTL once finished)            | table | MAIL#<mail id>                     | MAIL                       | mail_pk("<mail id>")                       | MAIL_SK                                    |
| the platform's public signing keys (JWK)         | table | SIGNKEYS                           | <kid>                      | SIGNING_KEYS_PK                            | "<kid>"                                    |
| a surety's webhook endpoints                     | table | WEBHOOK#<surety>                   | <webhook id>               | webhook_pk("<surety>")                     | "<webhook id>"                             |
| the national list of public bodies, by id       | table | BODIES                             | <body id>                  | BODIES_PK                                  | "<body id>"                                |
| every orderer's enrolment, by orderer id         | table | ENROLMENTS                         | <orderer id>               | ENROLMENTS_PK                              | "<orderer id>"                             |
| an enrolment's changes, by revision              | table | ENROLMENT#<orderer>                | REV#000002                 | enrolment_history_pk("<orderer>")          | revision_sk(2)                             |
| a staff e-mail domain's orderer (one at a time)  | table | STAFFDOMAIN#<domain>               | OWNER                      | staff_domain_pk("<domain>")                | OWNER_SK                                   |
| guarantees issued, per kind and contract date    | table | ISSUED#<orderer>                   | <kind>#<contract date>     | issued_pk("<orderer>")                     | issued_sk("<kind>", "<contract date>")     |
| the audit chain's entries, by number             | table | AUDIT                              | 000000000042               | AUDIT_PK                                   | audit_sk(42)                               |
| the audit chain's head (last number and hash)    | table | AUDITHEAD                          | HEAD                       | AUDIT_HEAD_PK                              | HEAD_SK                                    |
| an orderer's staff activity, in time order (TTL) | table | ACTIVITY#<orderer>                 | <at>#<tail>                | activity_pk("<orderer>")                   | activity_sk("<at>", "<tail>")              |
| an 電子提出 entry, by 受付番号                    | table | SUB#<受付番号>                     | SUB                        | submission_pk("<受付番号>")                | SUBMISSION_SK                              |
| a guarantee's entry in an orderer's inbox (claim)| table | GUAR#<id>                          | SUBMITTED#<orderer>        | guarantee_pk("<id>")                       | submitted_sk("<orderer>")                  |
| departments marked for a day's digest (TTL)      | table | DIGEST#<day>                       | <orderer>#<department>     | digest_pk("<day>")                         | digest_sk("<orderer>", "<department>")     |
| an orderer's contract list: its head (live gen.) | table | CONTRACTS#<orderer>                | HEAD                       | contract_list_pk("<orderer>")             | HEAD_SK                                    |
| a contract list's bucket, by generation         | table | CONTRACTS#<orderer>#<generation>   | B#00042                    | contract_bucket_pk("<orderer>", "<generation>") | contract_bucket_sk(42)                 |
| a day's digest marks not yet settled (sparse)  | gsi1  | DIGESTDUE#<day>                    | <orderer>#<department>     | digest_due_pk("<day>")                     | digest_sk("<orderer>", "<department>")     |
| a day's digest marks once settled (never read)  | gsi1  | DIGESTDONE#<day>                   | <orderer>#<department>     | digest_done_pk("<day>")                    | digest_sk("<orderer>", "<department>")     |
| a surety's guarantees of an orderer, newest first| gsi1  | ORDERER#<surety>#<orderer>         | <issued at>#<id>           | orderer_index_pk("<surety>", "<orderer>")  | listing_sk("<issued at>", "<id>")          |
| pending outbox messages, by due time             | gsi1  | OUTBOX#PENDING                     | <due at>                   | PENDING_MAIL_PK                            | "<due at>"                                 |
| webhook endpoints, by next attempt               | gsi1  | WEBHOOKS                           | <next attempt>             | DUE_WEBHOOKS_PK                            | "<next attempt>"                           |
| every surety's profile, by id                    | gsi1  | SURETIES                           | <surety>                   | SURETIES_PK                                | "<surety>"                                 |
| a surety's API tokens, oldest first              | gsi1  | TOKENS#<surety>                    | <created at>#<token id>    | surety_tokens_pk("<surety>")               | token_listing_sk("<created at>", "<token id>") |
| an orderer's 受領台帳, by when received          | gsi1  | LEDGERAT#<orderer>                 | <recorded at>#<id>#0002    | ledger_at_pk("<orderer>")                  | ledger_at_sk("<recorded at>", "<id>", 2)   |
| an orderer's inbox (受付箱), newest first        | gsi1  | INBOX#<orderer>                    | <submitted at>#<受付番号>  | inbox_pk("<orderer>")                      | inbox_sk("<submitted at>", "<受付番号>")   |
| a surety's guarantees of a contractor (法人番号) | gsi2  | CONTRACTOR#<surety>#<法人番号>      | <issued at>#<id>           | contractor_index_pk("<surety>", "<法人番号>") | listing_sk("<issued at>", "<id>")        |
| a surety's events in the order written (feed)    | gsi2  | FEED#<surety>                      | <written>#<id>#<tail>      | feed_pk("<surety>")                        | feed_sk("<written>", "<id>", "<tail>")     |
| an orderer's 受領台帳, by the period's end       | gsi2  | LEDGEREND#<orderer>                | <end>#<recorded at>#<id>#0002 | ledger_end_pk("<orderer>")             | ledger_end_sk("<end>", "<recorded at>", "<id>", 2) |
| (before Dec 2026) a number's live state          | table | NUM#<number>                       | CLAIM                      | number_pk("<number>")                      | OLD_CLAIM_SK                               |
| (before Dec 2026) a key, under its number        | table | NUM#<number>                       | KEY#<hmac>                 | number_pk("<number>")                      | old_key_sk("<hmac>")                       |

A verification is two strongly consistent GetItems: the key item by the key's HMAC alone
(it carries its number, compared in constant time, and a copy of its version's certificate
data), then the guarantee's live state. So 保証契約番号 need only be unique per surety, and
a wrong number, another surety's number and a wrong key cost the same read. The key itself
is never stored, only its HMAC under the server-side pepper.

The last two rows are the layout `devtools.manage data migrate` moves away from (migrations.py).
Counter names come from the domain without the "RATE#" prefix (domain/attempts.py); it is
added here, so the stored keys are those of before the ports.
"""
from __future__ import annotations

# Prefixes a query or a scan matches on (begins_with), and the parsers below strip.
GUARANTEE_PREFIX = "GUAR#"
VERSION_PREFIX = "VER#"
EVENT_PREFIX = "EVT#"
NUMBER_PREFIX = "NUM#"
SURETY_PREFIX = "SURETY#"
OLD_KEY_PREFIX = "KEY#"
MAIL_PREFIX = "MAIL#"
WEBHOOK_PREFIX = "WEBHOOK#"
LEDGER_PREFIX = "LEDGER#"
TOKEN_PREFIX = "TOKEN#"  # noqa: S105 - a key prefix, not a secret

HEAD_SK = "HEAD"
STATE_SK = "STATE"
KEY_SK = "KEY"
PROFILE_SK = "PROFILE"
TOKEN_SK = "TOKEN"  # noqa: S105 - a sort key, not a secret
IDEM_SK = "IDEM"
CODE_SK = "CODE"
SESSION_SK = "SESSION"
MAIL_SK = "MAIL"
OLD_CLAIM_SK = "CLAIM"

BURSTS_PK = "BURST"
SIGNING_KEYS_PK = "SIGNKEYS"
PENDING_MAIL_PK = "OUTBOX#PENDING"
DUE_WEBHOOKS_PK = "WEBHOOKS"
SURETIES_PK = "SURETIES"
BODIES_PK = "BODIES"
ENROLMENTS_PK = "ENROLMENTS"
AUDIT_PK = "AUDIT"
AUDIT_HEAD_PK = "AUDITHEAD"
OWNER_SK = "OWNER"
SUBMISSION_SK = "SUB"


# ---- guarantees -------------------------------------------------------------------------

def guarantee_pk(guarantee_id: str) -> str:
    return f"{GUARANTEE_PREFIX}{guarantee_id}"


def parse_guarantee_pk(pk: str) -> str:
    return pk.removeprefix(GUARANTEE_PREFIX)


def version_sk(version: int) -> str:
    return f"{VERSION_PREFIX}{version:05d}"


def event_sk(at: str, tail: str) -> str:
    # Time first so a Query returns the log in order; the random tail keeps two events of
    # one microsecond apart.
    return f"{EVENT_PREFIX}{at}#{tail}"


def parse_event_sk(sk: str) -> tuple[str, str]:
    """(at, tail) of an event's sort key."""
    at, tail = sk.removeprefix(EVENT_PREFIX).rsplit("#", 1)
    return at, tail


def expired_sk(day: str) -> str:
    return f"EXPIRED#{day}"


def number_pk(contract_number: str) -> str:
    return f"{NUMBER_PREFIX}{contract_number}"


def surety_sk(surety_id: str) -> str:
    return f"{SURETY_PREFIX}{surety_id}"


def parse_surety_sk(sk: str) -> str:
    return sk.removeprefix(SURETY_PREFIX)


def key_pk(key_hash: str) -> str:
    return f"KEY#{key_hash}"


def old_key_sk(key_hash: str) -> str:
    return f"{OLD_KEY_PREFIX}{key_hash}"


def parse_old_key_sk(sk: str) -> str:
    return sk.removeprefix(OLD_KEY_PREFIX)


def idempotency_pk(surety_id: str, key: str) -> str:
    return f"IDEM#{surety_id}#{key}"


def guarantee_version_sk(guarantee_id: str, version: int) -> str:
    """An entry per guarantee version: an expiry day's, an orderer's ledger row."""
    return f"{guarantee_id}#{version:04d}"


def parse_guarantee_version_sk(sk: str) -> tuple[str, int]:
    guarantee_id, version = sk.rsplit("#", 1)
    return guarantee_id, int(version)


def expiry_pk(day: str) -> str:
    return f"EXPIRY#{day}"


def ledger_pk(orderer_id: str) -> str:
    return f"{LEDGER_PREFIX}{orderer_id}"


def parse_ledger_pk(pk: str) -> str:
    return pk.removeprefix(LEDGER_PREFIX)


def ledger_at_pk(orderer_id: str) -> str:
    return f"LEDGERAT#{orderer_id}"


def ledger_at_sk(recorded_at: str, guarantee_id: str, version: int) -> str:
    # When received first (ISO UTC, so text order is time order): the register reads it newest
    # or oldest first, and a received-date range is a key condition on it.
    return f"{recorded_at}#{guarantee_version_sk(guarantee_id, version)}"


def ledger_end_pk(orderer_id: str) -> str:
    return f"LEDGEREND#{orderer_id}"


def ledger_end_sk(end: str, recorded_at: str, guarantee_id: str, version: int) -> str:
    # The guarantee period's last day (YYYY-MM-DD) first: "ends before a day" is a key condition.
    return f"{end}#{ledger_at_sk(recorded_at, guarantee_id, version)}"


def orderer_index_pk(surety_id: str, orderer_id: str) -> str:
    # Scoped by surety: a surety lists only its own guarantees.
    return f"ORDERER#{surety_id}#{orderer_id}"


def contractor_index_pk(surety_id: str, corporate_number: str) -> str:
    return f"CONTRACTOR#{surety_id}#{corporate_number}"


def listing_sk(at: str, guarantee_id: str) -> str:
    return f"{at}#{guarantee_id}"


def feed_pk(surety_id: str) -> str:
    return f"FEED#{surety_id}"


def feed_sk(written: str, guarantee_id: str, tail: str) -> str:
    return f"{written}#{guarantee_id}#{tail}"


# ---- the rest ---------------------------------------------------------------------------

def surety_pk(surety_id: str) -> str:
    return f"{SURETY_PREFIX}{surety_id}"


def parse_surety_pk(pk: str) -> str:
    return pk.removeprefix(SURETY_PREFIX)


def token_pk(token_id: str) -> str:
    return f"{TOKEN_PREFIX}{token_id}"


def parse_token_pk(pk: str) -> str:
    return pk.removeprefix(TOKEN_PREFIX)


def job_pk(job: str) -> str:
    return f"JOB#{job}"


def counter_pk(name: str) -> str:
    return f"RATE#{name}"


def burst_sk(window: str, number: str) -> str:
    return f"{window}#{number}"


def parse_burst_sk(sk: str) -> tuple[str, str]:
    """(window, number): the window has no "#", a number may."""
    window, number = sk.split("#", 1)
    return window, number


def sign_in_pk(address_hash: str) -> str:
    return f"SIGNIN#{address_hash}"


def session_pk(token_hash: str) -> str:
    return f"SESSION#{token_hash}"


def mail_pk(mail_id: str) -> str:
    return f"{MAIL_PREFIX}{mail_id}"


def parse_mail_pk(pk: str) -> str:
    return pk.removeprefix(MAIL_PREFIX)


def webhook_pk(surety_id: str) -> str:
    return f"{WEBHOOK_PREFIX}{surety_id}"


def parse_webhook_pk(pk: str) -> str:
    return pk.removeprefix(WEBHOOK_PREFIX)


def surety_tokens_pk(surety_id: str) -> str:
    return f"TOKENS#{surety_id}"


def token_listing_sk(created_at: str, token_id: str) -> str:
    return f"{created_at}#{token_id}"


# ---- the registry of orderers, the audit chain, staff activity -------------------------

def enrolment_history_pk(orderer_id: str) -> str:
    return f"ENROLMENT#{orderer_id}"


def revision_sk(revision: int) -> str:
    # Zero-padded so a Query returns the history in order.
    return f"REV#{revision:06d}"


def staff_domain_pk(domain: str) -> str:
    return f"STAFFDOMAIN#{domain}"


def issued_pk(orderer_id: str) -> str:
    return f"ISSUED#{orderer_id}"


def issued_sk(kind: str, contract_date: str) -> str:
    # "#" sorts before every character of a kind's name, so "<kind>#" bounds one kind's dates
    # (issued_before reads the greatest key below "<kind>#<day>").
    return f"{kind}#{contract_date}"


def audit_sk(seq: int) -> str:
    return f"{seq:012d}"


def activity_pk(orderer_id: str) -> str:
    return f"ACTIVITY#{orderer_id}"


def activity_sk(at: str, tail: str) -> str:
    return f"{at}#{tail}"


# ---- 電子提出: the orderers' inboxes ----------------------------------------------------------

def submission_pk(submission_id: str) -> str:
    return f"SUB#{submission_id}"


def submitted_sk(orderer_id: str) -> str:
    # Under the guarantee: one entry per guarantee and orderer (the claim's "not there yet").
    return f"SUBMITTED#{orderer_id}"


def inbox_pk(orderer_id: str) -> str:
    return f"INBOX#{orderer_id}"


def inbox_sk(submitted_at: str, submission_id: str) -> str:
    # Time first: the inbox reads newest first, and date bounds are key conditions on it.
    return f"{submitted_at}#{submission_id}"


DIGEST_PREFIX = "DIGEST#"


def digest_pk(day: str) -> str:
    return f"{DIGEST_PREFIX}{day}"


def parse_digest_pk(pk: str) -> str:
    """The day of a digest mark's key."""
    return pk.removeprefix(DIGEST_PREFIX)


def digest_due_pk(day: str) -> str:
    """gsi1 of a day's marks still to settle: settle_digest takes a mark out, so a sweep reads what is
    left to do, not the day's settled marks again (issue 30)."""
    return f"DIGESTDUE#{day}"


def digest_done_pk(day: str) -> str:
    """Where a settled mark's gsi1 key points should a late submission of its day touch it again
    (never read: the mark stays settled)."""
    return f"DIGESTDONE#{day}"


def digest_sk(orderer_id: str, department: str) -> str:
    return f"{orderer_id}#{department}"


# ---- the orderers' own contract lists (契約一覧, issue 30) ------------------------------------

def contract_list_pk(orderer_id: str) -> str:
    return f"CONTRACTS#{orderer_id}"


def contract_bucket_pk(orderer_id: str, generation: str) -> str:
    # Each generation its own partition: a replaced list is removed by its known keys.
    return f"CONTRACTS#{orderer_id}#{generation}"


CONTRACT_BUCKET_PREFIX = "B#"


def contract_bucket_sk(bucket: int) -> str:
    return f"{CONTRACT_BUCKET_PREFIX}{bucket:05d}"


def parse_contract_bucket_sk(sk: str) -> int:
    return int(sk.removeprefix(CONTRACT_BUCKET_PREFIX))
