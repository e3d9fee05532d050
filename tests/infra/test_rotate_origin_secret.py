"""`make rotate-origin-secret`: the order of its AWS calls is what keeps every request served —
the new value is current (old still valid) before CloudFront sends it, and the old value is
withdrawn only after the distribution is deployed. botocore's Stubber checks each call's
parameters against the real service models."""
from __future__ import annotations

import boto3
from botocore.stub import ANY, Stubber

import infra_support  # noqa: F401 - puts infra/ on sys.path
import rotate_origin_secret as rotation

SECRET = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:e-guarantee-dev/origin-verify-AbCdEf"
DISTRIBUTION = "E2EXAMPLE"


def _config(old_value: str) -> dict:
    origin = {"Id": "api-origin", "DomainName": "abc.execute-api.ap-northeast-1.amazonaws.com",
              "CustomHeaders": {"Quantity": 1, "Items": [{"HeaderName": "X-Origin-Verify", "HeaderValue": old_value}]},
              "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}}
    site = {"Id": "site-origin", "DomainName": "site.s3.ap-northeast-1.amazonaws.com",
            "S3OriginConfig": {"OriginAccessIdentity": ""}}
    behaviour = {"TargetOriginId": "site-origin", "ViewerProtocolPolicy": "redirect-to-https"}
    return {"CallerReference": "ref", "Comment": "", "Enabled": True,
            "Origins": {"Quantity": 2, "Items": [site, origin]}, "DefaultCacheBehavior": behaviour,
            "CacheBehaviors": {"Quantity": 1, "Items": [
                {"PathPattern": "/api/*", "TargetOriginId": "api-origin", "ViewerProtocolPolicy": "https-only"}]}}


def test_rotation_order_never_leaves_cloudfront_with_a_value_the_api_refuses():
    sm = boto3.client("secretsmanager", region_name="ap-northeast-1", aws_access_key_id="x", aws_secret_access_key="x")
    cf = boto3.client("cloudfront", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    log: list[str] = []
    sent: dict = {}
    with Stubber(sm) as sm_stub, Stubber(cf) as cf_stub:
        sm_stub.add_response("describe_secret", {"VersionIdsToStages": {"old-version-id-00000000000000000": ["AWSCURRENT"]}},
                             {"SecretId": SECRET})
        sm_stub.add_response("put_secret_value", {"VersionId": "new-version-id-00000000000000000"},
                             {"SecretId": SECRET, "SecretString": ANY})
        cf_stub.add_response("get_distribution_config", {"DistributionConfig": _config("old"), "ETag": "E1"},
                             {"Id": DISTRIBUTION})
        cf_stub.add_response("update_distribution", {}, {"Id": DISTRIBUTION, "IfMatch": "E1", "DistributionConfig": ANY})
        cf_stub.add_response("get_distribution", {"Distribution": {
            "Id": DISTRIBUTION, "ARN": "arn", "Status": "Deployed", "LastModifiedTime": "2026-12-01T00:00:00Z",
            "InProgressInvalidationBatches": 0, "DomainName": "d.cloudfront.net",
            "ActiveTrustedSigners": {"Enabled": False, "Quantity": 0},
            "DistributionConfig": _config("new")}}, {"Id": DISTRIBUTION})
        sm_stub.add_response("update_secret_version_stage", {}, {
            "SecretId": SECRET, "VersionStage": "AWSPREVIOUS", "RemoveFromVersionId": "old-version-id-00000000000000000"})

        real_update = cf.update_distribution

        def update(**kwargs):
            sent.update(kwargs)
            return real_update(**kwargs)
        cf.update_distribution = update
        rotation.rotate(SECRET, DISTRIBUTION, secretsmanager=sm, cloudfront=cf,
                        sleep=lambda s: log.append(f"sleep {s}"), say=log.append)
        sm_stub.assert_no_pending_responses()
        cf_stub.assert_no_pending_responses()
    # It waited longer than the API's cache of the secret before CloudFront sent the new value.
    from chalicelib.adapters.config import ORIGIN_SECRET_TTL_SECONDS
    waited = [int(line.split()[1]) for line in log if line.startswith("sleep")]
    assert waited and waited[0] > ORIGIN_SECRET_TTL_SECONDS
    [api_origin] = [o for o in sent["DistributionConfig"]["Origins"]["Items"] if o["Id"] == "api-origin"]
    [header] = api_origin["CustomHeaders"]["Items"]
    assert header["HeaderName"] == "X-Origin-Verify" and header["HeaderValue"] != "old"
    assert len(header["HeaderValue"]) == rotation.SECRET_LENGTH and header["HeaderValue"].isalnum()
    [site_origin] = [o for o in sent["DistributionConfig"]["Origins"]["Items"] if o["Id"] == "site-origin"]
    assert "CustomHeaders" not in site_origin  # the site's S3 origin never gets the secret
