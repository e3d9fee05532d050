"""The checkov findings the portal does not fix, each with its reason.

A reason is put on the resource it is about, as checkov's inline skip (CloudFormation
`Metadata: {"checkov": {"skip": [{"id": ..., "comment": ...}]}}`), so the template says why
next to the resource and checkov prints it with the check. tests/infra/test_checkov.py runs
checkov (pinned in infra/checkov-requirements.txt) on every synthesized template and fails on
any finding without one; infra/.checkov.yaml holds how it is run, not what it skips.
"""
from __future__ import annotations

import aws_cdk as cdk

# Lambda functions ---------------------------------------------------------------------------
NO_VPC = ("CKV_AWS_117", "No VPC: the functions reach only AWS's public service endpoints (DynamoDB, KMS, "
          "Secrets Manager, SES, SQS) and, for webhooks, the sureties' public HTTPS endpoints; there is nothing "
          "private to reach, and a VPC would need NAT gateways (about US$45 a month each) to reach the rest.")
ENVIRONMENT_HOLDS_NO_SECRET = ("CKV_AWS_173", "The environment holds names, ARNs and limits only; the secrets "
                               "(pepper, origin secret) are read from Secrets Manager at run time. Lambda encrypts "
                               "the environment at rest with its service key.")
SYNCHRONOUS_NO_DLQ = ("CKV_AWS_116", "Invoked synchronously by API Gateway: a dead-letter queue only ever receives "
                      "asynchronous invocations. A failure is the HTTP answer, counted by the lambda-*-errors alarm.")
SCHEDULED_ON_FAILURE = ("CKV_AWS_116", "Failed runs go to the function's on-failure destination (EventInvokeConfig: "
                        "an SQS queue with an alarm on its depth), which keeps the error with the event; checkov "
                        "reads only the older DeadLetterQueue property.")
HELPER_NO_DLQ = ("CKV_AWS_116", "CDK's deploy-time custom-resource handler: CloudFormation invokes it and reports a "
                 "failure on the stack itself (the deploy fails and rolls back); a queue would hold nothing to act on.")
HELPER_ENVIRONMENT = ("CKV_AWS_173", "CDK's deploy-time handler: its environment holds no secret (names only).")

# Data ---------------------------------------------------------------------------------------
TABLE_AWS_OWNED_KEY = ("CKV_AWS_119", "Encrypted at rest (SSESpecification). 認証キー, codes and tokens are stored "
                       "only as keyed hashes; who may read the table is decided by IAM, which a customer managed key "
                       "would not narrow, at US$1 a month plus a KMS call per request.")
SECRET_AWS_MANAGED_KEY = ("CKV_AWS_149", "Encrypted with the account's aws/secretsmanager key; only the named roles "
                          "may read it (IAM). A customer managed key matters for sharing a secret across accounts, "
                          "which the portal never does.")
LOGS_SERVICE_ENCRYPTION = ("CKV_AWS_158", "CloudWatch Logs encrypts every log group at rest. The logs hold no secret "
                           "(認証キー and tokens are redacted; no bodies, headers or query strings), so a customer "
                           "managed key would add cost and a key policy without protecting more.")

# API Gateway --------------------------------------------------------------------------------
API_NO_XRAY = ("CKV_AWS_73", "No X-Ray: traces would keep request paths (with their guarantee numbers) outside the "
               "retention the operations docs state, at extra cost; each request's id, route, status and latency "
               "are in the API's access log and the function's JSON log.")
API_NO_CACHE = ("CKV_AWS_120", "No API cache: every answer is for one request and marked Cache-Control: no-store "
                "(verifications, receipts, signed documents); a cache would serve one client's answer to another.")

# Site, CDN, logs ----------------------------------------------------------------------------
SITE_BUCKET_LOGGED_BY_CDN = ("CKV_AWS_18", "Read only through CloudFront (Origin Access Control), whose access logs "
                             "record every viewer request; S3 server access logs would only repeat them as "
                             "CloudFront's fetches.")
LOG_BUCKET_ITSELF = ("CKV_AWS_18", "This is the access-log bucket: its own access logs would have to go to a further "
                     "bucket; changes to it are recorded by CloudTrail.")
LOG_BUCKET_UNVERSIONED = ("CKV_AWS_21", "Access logs are written once and expire after the stated period; versions "
                          "would keep expired logs (and their IP addresses) past it.")
DEV_DEFAULT_CERTIFICATE = ("CKV_AWS_174", "dev only: no domain of its own, so CloudFront's *.cloudfront.net "
                           "certificate, whose TLS policy AWS fixes. A production deploy is refused without "
                           "site_domain and certificate_arn (infra/preflight.py) and serves TLSv1.2_2021 or later.")

# Alarms, WAF --------------------------------------------------------------------------------
ALARM_TOPIC_UNENCRYPTED = ("CKV_AWS_26", "Alarm notifications only (alarm names and thresholds, nothing personal). "
                           "CloudWatch cannot publish to a topic under the AWS managed aws/sns key, so encryption "
                           "would need a customer managed key per region for nothing confidential.")
WAF_NO_JAVA = ("CKV_AWS_192", "No Java behind the ACL (S3, a CloudFront Function, Python on Lambda): Log4j's message "
               "lookup cannot be reached. The known-bad-inputs rule group would add a rule's cost and its false "
               "positives for it.")


def skip(resource: cdk.CfnResource, *reasons: tuple[str, str]) -> None:
    """checkov skips with their reasons on a CDK resource (merged with any already there)."""
    metadata = resource.get_metadata("checkov") or {}
    entries = list(metadata.get("skip", [])) + [{"id": check, "comment": comment} for check, comment in reasons]
    resource.add_metadata("checkov", {"skip": entries})


def skip_in_template(resource: dict, *reasons: tuple[str, str]) -> None:
    """The same, on a resource of a template dict (the Chalice SAM template before CDK includes it)."""
    metadata = resource.setdefault("Metadata", {}).setdefault("checkov", {})
    metadata.setdefault("skip", []).extend({"id": check, "comment": comment} for check, comment in reasons)
