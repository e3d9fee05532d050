"""Least privilege: every IAM statement in every template, checked one by one.

A `*` (or any wildcard) in a Resource fails the test unless it is one of the exceptions
below, each of which AWS or CDK's own deploy-time machinery requires:

- `arn:…:log-group:/aws/lambda/<our function>:*`: the `:*` names the log streams of that one
  log group (CloudWatch Logs has no ARN for "streams that will exist").
- `<bucket ARN>/*`: objects of one named bucket (our site bucket; CDK's bootstrap asset bucket,
  read by the site upload).
- `arn:…:ssm:…:parameter/cdk/exports/…*`: the SSM parameters through which CDK passes the WAF
  ACL's ARN from us-east-1 to Tokyo (cross-region reference), and nothing else.
- KMS key policy `Resource: "*"`: in a key policy it means "this key"; the statement lets the
  account's IAM policies apply to the key (CDK's and AWS's default key policy).
- AWSLambdaBasicExecutionRole (AWS managed, logs on `*`): only on CDK's own deploy-time
  helper functions (site upload, cross-region reference), never on the portal's functions.
- AmazonAPIGatewayPushToCloudWatchLogs: only on the role of the region's API Gateway account
  setting, through which REST APIs write their access logs.
"""
from __future__ import annotations

import json
import re

import pytest

from infra_support import STAGES, edge_stack, logical_id, main_stack, resources_of_type
from portal_infra import portal

BASIC_EXECUTION = "service-role/AWSLambdaBasicExecutionRole"


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _text(value) -> str:
    return json.dumps(value, sort_keys=True)


def identity_statements(template: dict):
    """(resource id, policy name, statement) for every identity policy in the template."""
    for rid, resource in template["Resources"].items():
        props = resource.get("Properties", {})
        if resource["Type"] == "AWS::IAM::Role":
            for policy in props.get("Policies", []):
                for st in _as_list(policy["PolicyDocument"]["Statement"]):
                    yield rid, policy["PolicyName"], st
        elif resource["Type"] in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            for st in _as_list(props["PolicyDocument"]["Statement"]):
                yield rid, props.get("PolicyName", rid), st
        elif resource["Type"] == "AWS::Serverless::Function":
            assert "Policies" not in props, f"{rid}: SAM-generated policies are not allowed"


_ALLOWED_WILDCARDS = (
    re.compile(r':log-group:/aws/lambda/e-guarantee-(dev|prod)-(api|documents|deliver-mail|deliver-webhooks):\*"'),
    re.compile(r'"/\*"\]\]\}$'),  # <bucket ARN> + "/*", checked below to be a named bucket
    re.compile(r':parameter/cdk/exports/[A-Za-z0-9/-]*\*"'),
)


def _resource_ok(resource) -> bool:
    text = _text(resource)
    if "*" not in text:
        return True
    if resource == "*":
        return False
    if _ALLOWED_WILDCARDS[0].search(text) or _ALLOWED_WILDCARDS[2].search(text):
        return True
    # bucket objects: Fn::Join of [<our bucket's Arn> or CDK's asset bucket, "/*"]
    if _ALLOWED_WILDCARDS[1].search(text) and ("SiteBucket" in text or "cdk-hnb659fds-assets" in text):
        return text.count("*") == 1
    return False


@pytest.mark.parametrize("stack", [n(s) for s in STAGES for n in (main_stack, edge_stack)])
def test_no_statement_allows_a_wildcard_resource(templates, stack):
    bad = []
    for rid, policy, st in identity_statements(templates[stack]):
        assert st["Effect"] == "Allow", (rid, st)
        assert "NotResource" not in st and "NotAction" not in st, (rid, st)
        for action in _as_list(st["Action"]):
            assert action != "*" and not action.endswith(":*"), (rid, action)
        for resource in _as_list(st["Resource"]):
            if not _resource_ok(resource):
                bad.append((rid, policy, st.get("Sid"), _text(resource)))
    assert not bad, "wildcard resources:\n" + "\n".join(map(str, bad))


@pytest.mark.parametrize("stack", [n(s) for s in STAGES for n in (main_stack, edge_stack)])
def test_managed_policies_only_on_cdk_helpers(templates, stack):
    for rid, role in resources_of_type(templates[stack], "AWS::IAM::Role").items():
        managed = [_text(m) for m in role["Properties"].get("ManagedPolicyArns", [])]
        if rid.startswith(("ApiRole", "DocumentsRole", "MailRole", "WebhookRole")):
            assert managed == [], rid
        elif rid.startswith("ApiGatewayLogsRole"):  # the account's API Gateway logging role (access logs)
            assert len(managed) == 1 and "service-role/AmazonAPIGatewayPushToCloudWatchLogs" in managed[0], managed
        else:
            assert rid.startswith(("Custom", "CustomCDKBucketDeployment")), f"unexpected role {rid}"
            assert all(BASIC_EXECUTION in m for m in managed), (rid, managed)


def _role_statements(template: dict, prefix: str) -> dict[str, dict]:
    role = template["Resources"][logical_id(template, prefix, "AWS::IAM::Role")]
    [policy] = role["Properties"]["Policies"]
    return {st["Sid"]: st for st in policy["PolicyDocument"]["Statement"]}


@pytest.mark.parametrize("stage", STAGES)
def test_api_role_grants_exactly_the_named_resources(templates, stage):
    t = templates[main_stack(stage)]
    st = _role_statements(t, "ApiRole")
    assert set(st) == {"Table", "Mail", "Logs", "Secrets", "Signing"}
    assert sorted(_as_list(st["Table"]["Action"])) == sorted(portal.DYNAMODB_ACTIONS)
    table = {"Fn::GetAtt": ["Table", "Arn"]}
    assert st["Table"]["Resource"] == [
        table, *({"Fn::Join": ["", [table, f"/index/{i}"]]} for i in ("gsi1", "gsi2"))]
    assert sorted(_as_list(st["Secrets"]["Action"])) == ["secretsmanager:GetSecretValue"]
    assert sorted(r["Ref"] for r in st["Secrets"]["Resource"]) == sorted(
        logical_id(t, name, "AWS::SecretsManager::Secret") for name in ("Pepper", "OriginVerify"))
    assert sorted(_as_list(st["Signing"]["Action"])) == ["kms:GetPublicKey", "kms:Sign"]
    assert st["Signing"]["Resource"] == {"Fn::GetAtt": [logical_id(t, "SigningKey", "AWS::KMS::Key"), "Arn"]}
    assert sorted(_as_list(st["Mail"]["Action"])) == ["ses:SendEmail", "ses:SendRawEmail"]
    domain = "dev.e-hosho.example.jp" if stage == "dev" else "e-hosho.example.jp"
    assert _text(st["Mail"]["Resource"]).endswith(f':identity/{domain}"]]}}')
    assert st["Mail"]["Condition"] == {"StringEquals": {"ses:FromAddress": f"no-reply@{domain}"}}
    assert sorted(_as_list(st["Logs"]["Action"])) == ["logs:CreateLogStream", "logs:PutLogEvents"]
    assert f"log-group:/aws/lambda/e-guarantee-{stage}-api:*" in _text(st["Logs"]["Resource"])


@pytest.mark.parametrize("stage", STAGES)
def test_mail_sweep_has_its_own_smaller_role(templates, stage):
    t = templates[main_stack(stage)]
    st = _role_statements(t, "MailRole")
    assert set(st) == {"Table", "Mail", "Logs", "FailedRuns"}  # no pepper, no signing key
    assert f"log-group:/aws/lambda/e-guarantee-{stage}-deliver-mail:*" in _text(st["Logs"]["Resource"])
    functions = t["Resources"]
    assert functions["DeliverMail"]["Properties"]["Role"] == {"Fn::GetAtt": [logical_id(t, "MailRole"), "Arn"]}
    assert functions["APIHandler"]["Properties"]["Role"] == {"Fn::GetAtt": [logical_id(t, "ApiRole"), "Arn"]}


@pytest.mark.parametrize("stage", STAGES)
def test_webhook_delivery_has_its_own_role_without_mail_or_signing(templates, stage):
    t = templates[main_stack(stage)]
    st = _role_statements(t, "WebhookRole")
    assert set(st) == {"Table", "Logs", "Secrets", "FailedRuns"}  # the pepper unseals the endpoints' secrets
    assert "OriginVerify" not in _text(st["Secrets"]["Resource"]) and "Pepper" in _text(st["Secrets"]["Resource"])
    assert f"log-group:/aws/lambda/e-guarantee-{stage}-deliver-webhooks:*" in _text(st["Logs"]["Resource"])
    assert t["Resources"]["DeliverWebhooks"]["Properties"]["Role"] == {"Fn::GetAtt": [logical_id(t, "WebhookRole"), "Arn"]}


@pytest.mark.parametrize("stage", STAGES)
def test_documents_function_has_the_apis_rights_and_its_own_logs(templates, stage):
    t = templates[main_stack(stage)]
    api, documents = _role_statements(t, "ApiRole"), _role_statements(t, "DocumentsRole")
    assert set(documents) == set(api)
    for sid in set(api) - {"Logs"}:
        assert documents[sid] == api[sid], sid
    assert f"log-group:/aws/lambda/e-guarantee-{stage}-documents:*" in _text(documents["Logs"]["Resource"])
    assert t["Resources"]["DocumentsHandler"]["Properties"]["Role"] == {
        "Fn::GetAtt": [logical_id(t, "DocumentsRole"), "Arn"]}


@pytest.mark.parametrize("stage", STAGES)
def test_key_policy_is_the_account_default_only(templates, stage):
    t = templates[main_stack(stage)]
    key = t["Resources"][logical_id(t, "SigningKey", "AWS::KMS::Key")]["Properties"]
    assert key["KeySpec"] == "ECC_NIST_P256" and key["KeyUsage"] == "SIGN_VERIFY"
    [statement] = key["KeyPolicy"]["Statement"]
    assert statement["Principal"] == {"AWS": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::",
                                                                 {"Ref": "AWS::AccountId"}, ":root"]]}}


@pytest.mark.parametrize("stage", STAGES)
def test_bucket_policy_allows_only_this_distribution(templates, stage):
    t = templates[main_stack(stage)]
    site = logical_id(t, "SiteBucket", "AWS::S3::Bucket")
    [policy] = [p for p in resources_of_type(t, "AWS::S3::BucketPolicy").values()
                if p["Properties"]["Bucket"] == {"Ref": site}]
    distribution = logical_id(t, "Cdn", "AWS::CloudFront::Distribution")
    for st in policy["Properties"]["PolicyDocument"]["Statement"]:
        if st["Effect"] == "Deny":
            assert st["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
            continue
        assert st["Principal"] == {"Service": "cloudfront.amazonaws.com"}
        assert f'"Ref": "{distribution}"' in _text(st["Condition"]["StringEquals"]["AWS:SourceArn"])
        assert sorted(_as_list(st["Action"])) in (["s3:GetObject"], ["s3:ListBucket"])
    for bucket in resources_of_type(t, "AWS::S3::Bucket").values():  # the site's and the access logs'
        assert bucket["Properties"]["PublicAccessBlockConfiguration"] == {
            "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True}


@pytest.mark.parametrize("stage", STAGES)
def test_site_upload_invalidates_only_this_distribution(templates, stage):
    t = templates[main_stack(stage)]
    distribution = logical_id(t, "Cdn", "AWS::CloudFront::Distribution")
    found = [st for _, _, st in identity_statements(t)
             if any(a.startswith("cloudfront:") for a in _as_list(st["Action"]))]
    assert len(found) == 1 and f'":distribution/", {{"Ref": "{distribution}"}}' in _text(found[0]["Resource"])
