"""`make rotate-origin-secret`: the order of its AWS calls is what keeps every request served —
the new value is current (old still valid) before CloudFront sends it, the old value is
withdrawn only after the distribution is deployed, and a run after a stopped one finishes
that rotation instead of taking the label off the value CloudFront still sends. botocore's
Stubber checks each call's parameters against the real service models."""
from __future__ import annotations

import boto3
import pytest
from botocore.stub import ANY, Stubber

import infra_support  # noqa: F401 - puts infra/ on sys.path
import rotate_origin_secret as rotation
from chalicelib.adapters.config import ORIGIN_SECRET_TTL_SECONDS

SECRET = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:e-guarantee-dev/origin-verify-AbCdEf"
DISTRIBUTION = "E2EXAMPLE"
V1, V2 = "version-one-00000000000000000000000", "version-two-00000000000000000000000"


def _config(sent: str) -> dict:
    origin = {"Id": "api-origin", "DomainName": "abc.execute-api.ap-northeast-1.amazonaws.com",
              "CustomHeaders": {"Quantity": 1, "Items": [{"HeaderName": "X-Origin-Verify", "HeaderValue": sent}]},
              "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}}
    site = {"Id": "site-origin", "DomainName": "site.s3.ap-northeast-1.amazonaws.com",
            "S3OriginConfig": {"OriginAccessIdentity": ""}}
    behaviour = {"TargetOriginId": "site-origin", "ViewerProtocolPolicy": "redirect-to-https"}
    return {"CallerReference": "ref", "Comment": "", "Enabled": True,
            "Origins": {"Quantity": 2, "Items": [site, origin]}, "DefaultCacheBehavior": behaviour,
            "CacheBehaviors": {"Quantity": 1, "Items": [
                {"PathPattern": "/api/*", "TargetOriginId": "api-origin", "ViewerProtocolPolicy": "https-only"}]}}


class Aws:
    """Two stubbed clients and a record of what was sent to CloudFront."""

    def __init__(self):
        creds = {"aws_access_key_id": "x", "aws_secret_access_key": "x"}
        self.sm = boto3.client("secretsmanager", region_name="ap-northeast-1", **creds)
        self.cf = boto3.client("cloudfront", region_name="us-east-1", **creds)
        self.sm_stub, self.cf_stub = Stubber(self.sm), Stubber(self.cf)
        self.sent: dict = {}
        self.log: list[str] = []
        real_update = self.cf.update_distribution

        def update(**kwargs):
            self.sent.update(kwargs)
            return real_update(**kwargs)
        self.cf.update_distribution = update

    def state(self, stages: dict[str, list[str]], values: dict[str, str], cloudfront_sends: str):
        self.sm_stub.add_response("describe_secret", {"VersionIdsToStages": stages}, {"SecretId": SECRET})
        for version in (V2, V1):
            if version in values:
                self.sm_stub.add_response("get_secret_value", {"SecretString": values[version]},
                                          {"SecretId": SECRET, "VersionId": version})
        self.cf_stub.add_response("get_distribution_config", {"DistributionConfig": _config(cloudfront_sends),
                                                              "ETag": "E0"}, {"Id": DISTRIBUTION})

    def switch(self, sent_before: str, withdrawn: str):
        self.cf_stub.add_response("get_distribution_config", {"DistributionConfig": _config(sent_before), "ETag": "E1"},
                                  {"Id": DISTRIBUTION})
        self.cf_stub.add_response("update_distribution", {}, {"Id": DISTRIBUTION, "IfMatch": "E1",
                                                              "DistributionConfig": ANY})
        self.cf_stub.add_response("get_distribution", {"Distribution": {
            "Id": DISTRIBUTION, "ARN": "arn", "Status": "Deployed", "LastModifiedTime": "2026-12-01T00:00:00Z",
            "InProgressInvalidationBatches": 0, "DomainName": "d.cloudfront.net",
            "ActiveTrustedSigners": {"Enabled": False, "Quantity": 0}, "DistributionConfig": _config("x")}},
            {"Id": DISTRIBUTION})
        self.sm_stub.add_response("update_secret_version_stage", {}, {
            "SecretId": SECRET, "VersionStage": "AWSPREVIOUS", "RemoveFromVersionId": withdrawn})

    def run(self):
        with self.sm_stub, self.cf_stub:
            rotation.rotate(SECRET, DISTRIBUTION, secretsmanager=self.sm, cloudfront=self.cf,
                            sleep=lambda s: self.log.append(f"sleep {s}"), say=self.log.append)
            self.sm_stub.assert_no_pending_responses()
            self.cf_stub.assert_no_pending_responses()

    def header_sent(self) -> str:
        [api_origin] = [o for o in self.sent["DistributionConfig"]["Origins"]["Items"] if o["Id"] == "api-origin"]
        [site_origin] = [o for o in self.sent["DistributionConfig"]["Origins"]["Items"] if o["Id"] == "site-origin"]
        assert "CustomHeaders" not in site_origin  # the site's S3 origin never gets the secret
        [header] = api_origin["CustomHeaders"]["Items"]
        assert header["HeaderName"] == "X-Origin-Verify"
        return header["HeaderValue"]


def test_a_rotation_puts_a_new_value_waits_then_switches_cloudfront_then_withdraws_the_old():
    aws = Aws()
    aws.state({V1: ["AWSCURRENT"]}, {V1: "value-one"}, cloudfront_sends="value-one")
    aws.sm_stub.add_response("put_secret_value", {"VersionId": V2}, {"SecretId": SECRET, "SecretString": ANY})
    aws.switch(sent_before="value-one", withdrawn=V1)
    aws.run()
    waited = [int(line.split()[1]) for line in aws.log if line.startswith("sleep")]
    assert waited and waited[0] > ORIGIN_SECRET_TTL_SECONDS  # longer than any function keeps the old read
    new = aws.header_sent()
    assert new != "value-one" and len(new) == rotation.SECRET_LENGTH and new.isalnum()


def test_a_run_after_a_stopped_one_finishes_that_rotation_without_a_new_value():
    # The last run put value-two and stopped before CloudFront switched: CloudFront still sends
    # value-one (AWSPREVIOUS). A new put would take that label away and refuse every request.
    aws = Aws()
    aws.state({V1: ["AWSPREVIOUS"], V2: ["AWSCURRENT"]}, {V1: "value-one", V2: "value-two"},
              cloudfront_sends="value-one")
    aws.switch(sent_before="value-one", withdrawn=V1)
    aws.run()
    assert aws.header_sent() == "value-two"
    assert any("finishing" in line for line in aws.log)


def test_a_value_cloudfront_sends_that_the_secret_does_not_know_stops_the_run_before_any_change():
    aws = Aws()
    aws.state({V1: ["AWSPREVIOUS"], V2: ["AWSCURRENT"]}, {V1: "value-one", V2: "value-two"},
              cloudfront_sends="set-by-hand")
    with pytest.raises(rotation.RotationError):
        aws.run()
    assert aws.sent == {}
