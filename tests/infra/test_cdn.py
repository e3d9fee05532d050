"""One origin: the site from private S3 and the API under /api/*, behind WAF, with the
local server's headers."""
from __future__ import annotations

import json

import pytest
import yaml

from infra_support import REPO, STAGES, edge_stack, logical_id, main_stack, resources_of_type
from devtools.server import load_security_headers
from portal_infra import edge, headers


def _distribution(template: dict) -> dict:
    [dist] = resources_of_type(template, "AWS::CloudFront::Distribution").values()
    return dist["Properties"]["DistributionConfig"]


@pytest.mark.parametrize("stage", STAGES)
def test_site_and_api_headers_equal_the_local_servers(templates, stage):
    t = templates[main_stack(stage)]
    config = _distribution(t)
    [api] = config["CacheBehaviors"]
    for part, prefix, behaviour in (("site", "SiteHeaders", config["DefaultCacheBehavior"]), ("api", "ApiHeaders", api)):
        policy_id = logical_id(t, prefix, "AWS::CloudFront::ResponseHeadersPolicy")
        policy = t["Resources"][policy_id]["Properties"]["ResponseHeadersPolicyConfig"]
        assert headers.headers_of(policy) == load_security_headers(part)
        assert behaviour["ResponseHeadersPolicyId"] == {"Ref": policy_id}
    # Cache-Control is the API's own (no-store everywhere, except the public keys: 5 minutes).
    api_headers = load_security_headers("api")
    assert api_headers["X-Content-Type-Options"] == "nosniff" and "Cache-Control" not in api_headers


@pytest.mark.parametrize("stage", STAGES)
def test_cloudfront_sends_the_origin_secret_by_reference(templates, stage):
    t = templates[main_stack(stage)]
    config = _distribution(t)
    [api] = config["CacheBehaviors"]
    origin = {o["Id"]: o for o in config["Origins"]}[api["TargetOriginId"]]
    [header] = origin["OriginCustomHeaders"]
    assert header["HeaderName"] == "X-Origin-Verify"
    secret = logical_id(t, "OriginVerify", "AWS::SecretsManager::Secret")
    # A dynamic reference, resolved by CloudFormation at deploy time: the value is in no template.
    assert header["HeaderValue"] == {"Fn::Join": ["", ["{{resolve:secretsmanager:", {"Ref": secret},
                                                       ":SecretString:::}}"]]}
    generated = t["Resources"][secret]["Properties"]["GenerateSecretString"]
    assert generated["PasswordLength"] >= 32 and generated["ExcludePunctuation"] is True
    env = t["Resources"]["APIHandler"]["Properties"]["Environment"]["Variables"]
    assert env["PORTAL_ORIGIN_SECRET_ID"] == {"Ref": secret}


@pytest.mark.parametrize("stage", STAGES)
def test_api_gateways_own_replies_have_the_portal_shape(templates, stage):
    responses = templates[main_stack(stage)]["Resources"]["RestAPI"]["Properties"]["GatewayResponses"]
    assert {"DEFAULT_4XX", "DEFAULT_5XX", "MISSING_AUTHENTICATION_TOKEN", "THROTTLED"} <= set(responses)
    for kind, response in responses.items():
        headers = response["ResponseParameters"]["Headers"]
        assert (headers["Cache-Control"], headers["X-Content-Type-Options"]) == ("'no-store'", "'nosniff'")
        body = json.loads(response["ResponseTemplates"]["application/json"])
        assert set(body) == {"error"} and body["error"]["code"] and body["error"]["message"], kind
        assert body["error"]["message"].isascii() is False  # Japanese, escaped as \uXXXX in the template
    assert responses["MISSING_AUTHENTICATION_TOKEN"]["StatusCode"] == "404"
    assert responses["THROTTLED"]["ResponseParameters"]["Headers"]["Retry-After"] == "'5'"
    # An operator route's signature refused by the IAM authorizer: the code the local check answers.
    for kind in ("ACCESS_DENIED", "INVALID_SIGNATURE", "EXPIRED_TOKEN"):
        assert responses[kind]["StatusCode"] == "403"
        assert json.loads(responses[kind]["ResponseTemplates"]["application/json"])["error"]["code"] == "operator_only"


def test_header_mapping_round_trips_every_header_kind():
    sample = {"Content-Security-Policy": "default-src 'self'", "X-Content-Type-Options": "nosniff",
              "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer",
              "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
              "Permissions-Policy": "camera=(self)", "Cross-Origin-Opener-Policy": "same-origin"}
    assert headers.headers_of(headers.policy_config("x", sample)) == sample


@pytest.mark.parametrize("stage", STAGES)
def test_api_is_behind_api_path_on_the_same_distribution(templates, stage):
    t = templates[main_stack(stage)]
    config = _distribution(t)
    [api] = config["CacheBehaviors"]
    assert api["PathPattern"] == "/api/*"
    assert api["ViewerProtocolPolicy"] == "https-only"
    assert set(api["AllowedMethods"]) == {"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"}
    origins = {o["Id"]: o for o in config["Origins"]}
    api_origin = origins[api["TargetOriginId"]]
    assert api_origin["DomainName"] == {"Fn::Join": ["", [{"Ref": "RestAPI"}, ".execute-api.ap-northeast-1.",
                                                          {"Ref": "AWS::URLSuffix"}]]}
    assert "OriginPath" not in api_origin or api_origin["OriginPath"] == ""  # /api/... reaches stage "api"
    rest = t["Resources"]["RestAPI"]["Properties"]
    assert rest["StageName"] == "api" and rest["EndpointConfiguration"] == "REGIONAL"
    cache = t["Resources"][api["CachePolicyId"]["Ref"]]["Properties"]["CachePolicyConfig"]
    assert cache["DefaultTTL"] == 0 and cache["MinTTL"] == 0
    assert cache["ParametersInCacheKeyAndForwardedToOrigin"]["HeadersConfig"]["Headers"] == ["Authorization"]
    # Compressed like the site (and the local server): the API's JSON too.
    keyed = cache["ParametersInCacheKeyAndForwardedToOrigin"]
    assert keyed["EnableAcceptEncodingGzip"] is True and keyed["EnableAcceptEncodingBrotli"] is True
    assert api["Compress"] is True and config["DefaultCacheBehavior"]["Compress"] is True
    site_origin = origins[config["DefaultCacheBehavior"]["TargetOriginId"]]
    assert "OriginAccessControlId" in site_origin and site_origin["S3OriginConfig"]["OriginAccessIdentity"] == ""
    assert config["PriceClass"] == "PriceClass_200"  # the class that includes Japan's edges


@pytest.mark.parametrize("stage", STAGES)
def test_no_cors_anywhere(templates, stage):
    text = json.dumps(templates[main_stack(stage)])
    assert "Access-Control-Allow" not in text and "CorsConfig" not in text
    paths = templates[main_stack(stage)]["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]["paths"]
    assert not [p for p, methods in paths.items() if "options" in methods]


@pytest.mark.parametrize("stage", STAGES)
def test_waf_is_attached_with_rate_limit_and_common_rules(templates, stage):
    t, e = templates[main_stack(stage)], templates[edge_stack(stage)]
    web_acl_id = _distribution(t)["WebACLId"]
    reader = logical_id(t, "ExportsReader", "Custom::CrossRegionExportReader")
    assert web_acl_id["Fn::GetAtt"][0] == reader and "WebAclArn" in web_acl_id["Fn::GetAtt"][1]
    [acl] = resources_of_type(e, "AWS::WAFv2::WebACL").values()
    props = acl["Properties"]
    assert props["Scope"] == "CLOUDFRONT" and props["DefaultAction"] == {"Allow": {}}
    rules = {r["Name"]: r for r in props["Rules"]}
    rate = rules[edge.RATE_RULE]["Statement"]["RateBasedStatement"]
    assert rate["AggregateKeyType"] == "IP" and rate["Limit"] == 1500 and rate["EvaluationWindowSec"] == 300
    paths = {s["ByteMatchStatement"]["SearchString"] for s in rate["ScopeDownStatement"]["OrStatement"]["Statements"]}
    assert paths == {f"/api{r}" for r in edge.KEY_ROUTES + edge.SIGN_IN_ROUTES}
    assert rules[edge.RATE_RULE]["Action"]["Block"]["CustomResponse"]["ResponseCode"] == 429
    managed = rules[edge.COMMON_RULES]["Statement"]["ManagedRuleGroupStatement"]
    assert (managed["VendorName"], managed["Name"]) == ("AWS", "AWSManagedRulesCommonRuleSet")
    assert rules[edge.COMMON_RULES]["OverrideAction"] == {"None": {}}
    # Counts only: no samples of viewers' addresses and headers kept by AWS (the privacy page).
    for config in [props["VisibilityConfig"]] + [r["VisibilityConfig"] for r in props["Rules"]]:
        assert config["SampledRequestsEnabled"] is False
    # The writer in us-east-1 publishes exactly this ACL's ARN for the Tokyo stack.
    [writer] = resources_of_type(e, "Custom::CrossRegionExportWriter").values()
    assert {"Fn::GetAtt": ["WebAcl", "Arn"]} in writer["Properties"]["WriterProps"]["exports"].values()


def _resolve(spec: dict, node):
    while isinstance(node, dict) and "$ref" in node:
        target = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def test_rate_limited_paths_are_every_route_taking_a_key():
    spec = yaml.safe_load((REPO / "api" / "chalicelib" / "openapi.yaml").read_text(encoding="utf-8"))
    takes_key = set()
    for path, methods in spec["paths"].items():
        body = (methods.get("post") or {}).get("requestBody")
        if not body:
            continue
        schema = _resolve(spec, _resolve(spec, body)["content"]["application/json"]["schema"])
        for part in [schema, *schema.get("allOf", [])]:
            if "auth_key" in _resolve(spec, part).get("properties", {}):
                takes_key.add(path)
    assert takes_key == set(edge.KEY_ROUTES)
