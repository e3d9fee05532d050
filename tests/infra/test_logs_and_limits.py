"""Who reached what (CloudFront and API Gateway access logs, kept as long as the stage's
logs), how much each function may run at once (reserved concurrency), where a failed scheduled
run goes (on-failure destination + alarm), and the TLS policy of production."""
from __future__ import annotations

import json
import re

import pytest
from aws_cdk.assertions import Match

from infra_support import STAGES, edge_stack, logical_id, main_stack, resources_of_type
from portal_infra import portal, stages

FUNCTIONS = {"APIHandler": "reserved_concurrency_api", "DocumentsHandler": "reserved_concurrency_documents",
             "DeliverMail": "reserved_concurrency_mail", "DeliverWebhooks": "reserved_concurrency_webhooks"}


@pytest.mark.parametrize("stage", STAGES)
def test_cloudfront_writes_access_logs_to_a_private_expiring_bucket(templates, assertions, stage):
    t, settings = templates[main_stack(stage)], stages.load(stage)
    bucket = logical_id(t, "AccessLogBucket", "AWS::S3::Bucket")
    [dist] = resources_of_type(t, "AWS::CloudFront::Distribution").values()
    assert dist["Properties"]["DistributionConfig"]["Logging"] == {
        "Bucket": {"Fn::GetAtt": [bucket, "RegionalDomainName"]}, "IncludeCookies": False, "Prefix": "cloudfront/"}
    assertions[main_stack(stage)].has_resource_properties("AWS::S3::Bucket", {
        "BucketEncryption": {"ServerSideEncryptionConfiguration": [
            {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
        "PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "BlockPublicPolicy": True,
                                           "IgnorePublicAcls": True, "RestrictPublicBuckets": True},
        # CloudFront's log delivery writes with an ACL: ACLs stay enabled, the owner owns the objects.
        "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]},
        "LifecycleConfiguration": {"Rules": Match.array_with([Match.object_like(
            {"ExpirationInDays": settings.log_retention_days, "Status": "Enabled"})])},
    })
    policy = next(p for p in resources_of_type(t, "AWS::S3::BucketPolicy").values()
                  if p["Properties"]["Bucket"] == {"Ref": bucket})
    [deny] = policy["Properties"]["PolicyDocument"]["Statement"]
    assert deny["Effect"] == "Deny" and deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


@pytest.mark.parametrize("stage", STAGES)
def test_api_gateway_writes_a_json_access_log_without_anything_secret(templates, stage):
    t, settings = templates[main_stack(stage)], stages.load(stage)
    setting = t["Resources"]["RestAPI"]["Properties"]["AccessLogSetting"]
    group = logical_id(t, "ApiAccessLog", "AWS::Logs::LogGroup")
    assert setting["DestinationArn"] == {"Fn::GetAtt": [group, "Arn"]}
    properties = t["Resources"][group]["Properties"]
    assert properties["LogGroupName"] == f"/aws/apigateway/e-guarantee-{stage}-api-access"
    assert properties["RetentionInDays"] == settings.log_retention_days
    fields = json.loads(setting["Format"])  # one JSON object per line
    assert "\n" not in setting["Format"] and fields == portal.ACCESS_LOG_FIELDS
    variables = re.findall(r"\$[\w.]+", setting["Format"])
    assert len(variables) == len(fields)
    # Only $context values; the route template, never the path with its values, the query string,
    # a header, the body or an authorizer's context.
    for variable in variables:
        assert variable.startswith("$context.") and variable != "$context.path", variable
        assert not re.search(r"querystring|header|authorizer|input|override|user|caller|apiKey", variable, re.I), variable
    # Each one checked against API Gateway's variable reference: ids, times, sizes, statuses, the
    # route template and the connecting address (CloudFront's edge, or a direct caller's).
    assert set(variables) == {
        "$context.requestId", "$context.requestTimeEpoch", "$context.httpMethod", "$context.resourcePath",
        "$context.status", "$context.protocol", "$context.responseLength", "$context.responseLatency",
        "$context.integrationLatency", "$context.integration.status", "$context.error.responseType",
        "$context.identity.sourceIp"}
    # REST APIs write access logs through the account's API Gateway role, set before the API.
    [account] = resources_of_type(t, "AWS::ApiGateway::Account")
    assert account in t["Resources"]["RestAPI"]["DependsOn"]
    role = t["Resources"][t["Resources"][account]["Properties"]["CloudWatchRoleArn"]["Fn::GetAtt"][0]]["Properties"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "apigateway.amazonaws.com"}
    assert "AmazonAPIGatewayPushToCloudWatchLogs" in json.dumps(role["ManagedPolicyArns"])


@pytest.mark.parametrize("stage", STAGES)
def test_every_function_has_its_reserved_concurrency_from_the_stage(templates, stage):
    settings = stages.load(stage)
    main, edge = templates[main_stack(stage)], templates[edge_stack(stage)]
    functions = {**resources_of_type(main, "AWS::Serverless::Function"), **resources_of_type(main, "AWS::Lambda::Function")}
    edge_functions = resources_of_type(edge, "AWS::Lambda::Function")
    assert len(functions) + len(edge_functions) == 7  # four of the portal's, three of CDK's deploy-time helpers
    for rid, fn in {**functions, **edge_functions}.items():
        key = FUNCTIONS.get(rid, "reserved_concurrency_helpers")
        assert fn["Properties"].get("ReservedConcurrentExecutions") == getattr(settings, key), rid
    # A burst API Gateway admits is run, not throttled by Lambda (API Gateway answers 429 past it).
    assert settings.reserved_concurrency_api >= settings.api_throttle_burst


def test_reserved_concurrency_is_required_in_production_and_sized_to_the_throttle():
    with pytest.raises(stages.StageError, match="reserved_concurrency_mail must be set in production"):
        stages.load("prod", {"reserved_concurrency_mail": "null"})
    with pytest.raises(stages.StageError, match="reserved_concurrency_api must be at least api_throttle_burst"):
        stages.load("prod", {"reserved_concurrency_api": "99"})
    with pytest.raises(stages.StageError, match="reserved_concurrency_helpers must be at least 1"):
        stages.load("dev", {"reserved_concurrency_helpers": "0"})
    # An account too small to reserve anything (AWS keeps 100 unreserved): dev may go without.
    assert stages.load("dev", {"reserved_concurrency_api": "null"}).reserved_concurrency_api is None


@pytest.mark.parametrize("stage", STAGES)
def test_a_failed_scheduled_run_goes_to_a_queue_with_an_alarm(templates, stage):
    t = templates[main_stack(stage)]
    alarms = {a["Properties"]["AlarmName"]: a["Properties"] for a in resources_of_type(t, "AWS::CloudWatch::Alarm").values()}
    for function, name, label, period in (("DeliverMail", f"e-guarantee-{stage}-deliver-mail", "mail", 300),
                                          ("DeliverWebhooks", f"e-guarantee-{stage}-deliver-webhooks", "webhooks", 60)):
        # The schedule is asynchronous: Lambda's own on-failure destination, not the rule's target DLQ.
        [config] = [c["Properties"] for c in resources_of_type(t, "AWS::Lambda::EventInvokeConfig").values()
                    if c["Properties"]["FunctionName"] == name]
        queue = config["DestinationConfig"]["OnFailure"]["Destination"]["Fn::GetAtt"][0]
        assert config["Qualifier"] == "$LATEST" and config["MaximumRetryAttempts"] == 0
        assert config["MaximumEventAgeInSeconds"] == period  # a run older than its successor is not run
        q = t["Resources"][queue]["Properties"]
        assert q["QueueName"] == f"{name}-failures" and q["KmsMasterKeyId"] == "alias/aws/sqs"
        assert q["MessageRetentionPeriod"] == 14 * 24 * 3600
        # The function's role may send to its queue (Lambda uses it for the destination), and only there.
        role = t["Resources"][t["Resources"][function]["Properties"]["Role"]["Fn::GetAtt"][0]]["Properties"]
        [sends] = [s for p in role["Policies"] for s in p["PolicyDocument"]["Statement"] if s.get("Sid") == "FailedRuns"]
        assert sends["Action"] == "sqs:SendMessage" and sends["Resource"] == {"Fn::GetAtt": [queue, "Arn"]}
        alarm = alarms[f"e-guarantee-{stage}-{label}-failed-runs"]
        assert alarm["MetricName"] == "ApproximateNumberOfMessagesVisible" and alarm["Threshold"] == 1
        assert alarm["Dimensions"] == [{"Name": "QueueName", "Value": {"Fn::GetAtt": [queue, "QueueName"]}}]
        assert alarm["AlarmActions"][0]["Ref"].startswith("Alarms")
    # The API functions are invoked synchronously: no asynchronous configuration for them.
    assert len(resources_of_type(t, "AWS::Lambda::EventInvokeConfig")) == 2


def test_production_serves_its_own_domain_with_tls_1_2_or_later(templates, assertions):
    settings = stages.load("prod")
    assertions[main_stack("prod")].has_resource_properties("AWS::CloudFront::Distribution", {
        "DistributionConfig": Match.object_like({
            "Aliases": [settings.site_domain],
            "ViewerCertificate": {"AcmCertificateArn": settings.certificate_arn, "MinimumProtocolVersion": "TLSv1.2_2021",
                                  "SslSupportMethod": "sni-only"}})})
    assert portal.TLS_POLICY.value == "TLS_V1_2_2021"
