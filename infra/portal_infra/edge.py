"""us-east-1: the WAF web ACL for the CloudFront distribution, and alarms on its metrics.

AWS WAF keeps CloudFront-scoped web ACLs (and their CloudWatch metrics) in us-east-1 only,
so this small stack lives there; the main stack reads the ACL's ARN through CDK's
cross-region reference (an SSM parameter written here and read there at deploy time).
"""
from __future__ import annotations

import json

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subs
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

from . import audit
from .cdk_helpers import reserve_helper_concurrency
from .stages import Stage

# API routes that take a 保証契約番号 and 認証キー: the ones worth guessing against
# (tests/infra checks this list against every such route in the OpenAPI contract).
KEY_ROUTES = ("/v1/verifications", "/v1/receipts", "/v1/notices", "/v1/certificate-copies",
              "/v1/submission-previews", "/v1/submissions")
# Staff sign-in: codes can be guessed too (the API limits each client; this limits each IP earlier).
SIGN_IN_ROUTES = ("/v1/staff/sign-in-codes", "/v1/staff/session")
KEY_PATHS = tuple(f"/api{route}" for route in KEY_ROUTES + SIGN_IN_ROUTES)  # as CloudFront and WAF see them
RATE_RULE = "KeyPathsRateLimit"
COMMON_RULES = "AWSManagedRulesCommonRuleSet"
# The API checks its own body limit (64 KiB, answered in the API's error shape); the
# managed set's 8 KB body rule would block larger, valid surety requests with a bare 403.
COMMON_RULES_COUNT_ONLY = ("SizeRestrictions_BODY",)
TOO_MANY = {"error": {"code": "too_many_requests",
                      "message": "短時間に多くの確認が行われたため、一時的に受け付けを停止しています。5分ほど待ってから再度お試しください。"}}


def _visibility(metric: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    # No sampled requests: AWS would keep samples with viewers' addresses and headers, which
    # the privacy page says the portal does not keep. The metrics are counts only.
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=metric, sampled_requests_enabled=False)


def _starts_with(path: str) -> wafv2.CfnWebACL.StatementProperty:
    return wafv2.CfnWebACL.StatementProperty(byte_match_statement=wafv2.CfnWebACL.ByteMatchStatementProperty(
        field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(uri_path={}),
        positional_constraint="STARTS_WITH", search_string=path,
        text_transformations=[wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="URL_DECODE"),
                              wafv2.CfnWebACL.TextTransformationProperty(priority=1, type="LOWERCASE")]))


class EdgeStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, *, stage: Stage, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.stage = stage
        rate_rule = wafv2.CfnWebACL.RuleProperty(
            name=RATE_RULE, priority=0,
            action=wafv2.CfnWebACL.RuleActionProperty(block=wafv2.CfnWebACL.BlockActionProperty(
                custom_response=wafv2.CfnWebACL.CustomResponseProperty(
                    response_code=429, custom_response_body_key="too_many_requests",
                    response_headers=[wafv2.CfnWebACL.CustomHTTPHeaderProperty(name="Retry-After", value="300")]))),
            statement=wafv2.CfnWebACL.StatementProperty(rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                limit=stage.waf_verify_limit_per_5min, aggregate_key_type="IP", evaluation_window_sec=300,
                scope_down_statement=wafv2.CfnWebACL.StatementProperty(or_statement=wafv2.CfnWebACL.OrStatementProperty(
                    statements=[_starts_with(p) for p in KEY_PATHS])))),
            visibility_config=_visibility(RATE_RULE))
        common = wafv2.CfnWebACL.RuleProperty(
            name=COMMON_RULES, priority=1,
            override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
            statement=wafv2.CfnWebACL.StatementProperty(managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                vendor_name="AWS", name=COMMON_RULES,
                rule_action_overrides=[wafv2.CfnWebACL.RuleActionOverrideProperty(
                    name=name, action_to_use=wafv2.CfnWebACL.RuleActionProperty(count={}))
                    for name in COMMON_RULES_COUNT_ONLY])),
            visibility_config=_visibility(COMMON_RULES))
        self.web_acl = wafv2.CfnWebACL(
            self, "WebAcl", name=stage.web_acl_name, scope="CLOUDFRONT",
            description=f"e-guarantee portal {stage.name} - rate limit on key paths and AWS common rules",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            custom_response_bodies={"too_many_requests": wafv2.CfnWebACL.CustomResponseBodyProperty(
                content_type="APPLICATION_JSON", content=json.dumps(TOO_MANY, ensure_ascii=False))},
            rules=[rate_rule, common],
            visibility_config=_visibility(stage.web_acl_name))
        audit.skip(self.web_acl, audit.WAF_NO_JAVA)

        topic = sns.Topic(self, "Alarms", topic_name=f"{stage.prefix}-edge-alarms",
                          display_name=f"e-guarantee {stage.name} edge alarms",
                          enforce_ssl=True)
        audit.skip(topic.node.default_child, audit.ALARM_TOPIC_UNENCRYPTED)
        if stage.alarm_email:
            topic.add_subscription(subs.EmailSubscription(stage.alarm_email))
        self.alarm_topic = topic
        # CloudFront-scoped ACLs publish their metrics in us-east-1 without a Region dimension.
        blocked_by_rate = cloudwatch.Metric(
            namespace="AWS/WAFV2", metric_name="BlockedRequests", statistic="Sum", period=cdk.Duration.minutes(5),
            dimensions_map={"WebACL": stage.web_acl_name, "Rule": RATE_RULE})
        alarm = blocked_by_rate.create_alarm(
            self, "RateLimitLockouts", alarm_name=f"{stage.prefix}-waf-rate-limit-lockouts",
            alarm_description=("Clients were blocked by the WAF rate limit on the key paths "
                               "(verifications, receipts, notices, submissions): guessing, a script, or one office's NAT over the limit."),
            threshold=1, evaluation_periods=1, comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING)
        alarm.add_alarm_action(cw_actions.SnsAction(topic))
        blocked_all = cloudwatch.Metric(
            namespace="AWS/WAFV2", metric_name="BlockedRequests", statistic="Sum", period=cdk.Duration.minutes(5),
            dimensions_map={"WebACL": stage.web_acl_name, "Rule": "ALL"})
        spike = blocked_all.create_alarm(
            self, "BlockedSpike", alarm_name=f"{stage.prefix}-waf-blocked-spike",
            alarm_description="Many requests blocked by the web ACL (all rules): an attack, or a rule blocking real users.",
            threshold=500, evaluation_periods=1, comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING)
        spike.add_alarm_action(cw_actions.SnsAction(topic))
        cdk.CfnOutput(self, "WebAclArn", value=self.web_acl.attr_arn)
        reserve_helper_concurrency(self, stage.reserved_concurrency_helpers)
