"""The main stack (ap-northeast-1): everything of one stage except the WAF web ACL.

    browser ──https──> CloudFront ──/api/*──> API Gateway (REST, regional, stage "api") ──> Lambda (Chalice)
                          │   (WAF)                                                        │  ├─ DynamoDB table
                          └──/*──> S3 (private, Origin Access Control)                      │  ├─ Secrets Manager (pepper)
                                                                                            │  ├─ KMS (signing key)
    EventBridge (every 5 min) ──> Lambda deliver_mail ──> SES                              └─ SES (mail)
    EventBridge (every minute) ──> Lambda deliver_webhooks ──https──> the sureties' webhook endpoints

Site and API share one origin, so the browser never makes a cross-origin request and no
CORS is configured anywhere.
"""
from __future__ import annotations

import copy
import json
import os
import shutil
from pathlib import Path

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_assets as assets
from aws_cdk import aws_s3_deployment as s3deploy
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subs
from aws_cdk import aws_sqs as sqs
from chalice.cdk import Chalice
from constructs import Construct

from . import audit, gateway_responses, headers, lambda_package, table_properties
from .cdk_helpers import reserve_helper_concurrency
from .edge import KEY_ROUTES  # routes whose 404 means a wrong 保証契約番号 or 認証キー
from .stages import Stage

INDEX_FUNCTION = Path(__file__).resolve().parent / "cloudfront_index.js"
API_PATH_PATTERN = "/api/*"
ORIGIN_HEADER = "X-Origin-Verify"  # api/chalicelib/edge/client.py reads it
API_STAGE = "api"  # the Chalice api_gateway_stage: CloudFront forwards /api/... unchanged
API_TIMEOUT_SECONDS = 29  # API Gateway's integration limit
MAIL_TIMEOUT_SECONDS = 120
MAIL_MEMORY_MB = 512
# A run stops taking new work after 40 s (usecases/deliver_webhooks.py); one POST may take 10 s more.
WEBHOOK_TIMEOUT_SECONDS = 90
METRICS_NAMESPACE = "EGuarantee"
# Viewers on the portal's own domain negotiate TLS 1.2 or later (a production deploy needs
# that domain: stages.missing_for_production).
TLS_POLICY = cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021
# The scheduled functions and how often EventBridge starts them (api/app.py's @app.schedule).
SCHEDULED = {"DeliverMail": 300, "DeliverWebhooks": 60}
CDN_LOG_PREFIX = "cloudfront/"
# API Gateway's access log: one JSON line per request. Only $context values that cannot carry
# a secret: the route template (resourcePath), never the path with its values ($context.path),
# never the query string, a header, a body ($input) or an authorizer's context. sourceIp is
# CloudFront's edge for every request that came the right way, and the caller's own address
# for one that reached execute-api directly (refused with 403 by the function).
ACCESS_LOG_FIELDS = {
    "requestId": "$context.requestId", "time": "$context.requestTimeEpoch",
    "method": "$context.httpMethod", "route": "$context.resourcePath", "status": "$context.status",
    "protocol": "$context.protocol", "responseLength": "$context.responseLength",
    "latencyMs": "$context.responseLatency", "integrationLatencyMs": "$context.integrationLatency",
    "integrationStatus": "$context.integration.status", "error": "$context.error.responseType",
    "sourceIp": "$context.identity.sourceIp",
}
ACCESS_LOG_FORMAT = json.dumps(ACCESS_LOG_FIELDS, separators=(",", ":"))

# DynamoDB actions the store uses (chalicelib/adapters/dynamodb/). Transactions need the item-level
# actions (there is no separate IAM action for TransactWriteItems); DescribeTable is what
# PynamoDB calls for a model's metadata.
DYNAMODB_ACTIONS = ("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem",
                    "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem",
                    "dynamodb:DescribeTable")
KMS_ACTIONS = ("kms:Sign", "kms:GetPublicKey")
SECRET_ACTIONS = ("secretsmanager:GetSecretValue",)
SES_ACTIONS = ("ses:SendEmail", "ses:SendRawEmail")
LOG_ACTIONS = ("logs:CreateLogStream", "logs:PutLogEvents")



class _PortalChalice(Chalice):
    """Chalice's CDK construct, with two changes to how it packages:

    - packaging runs under lambda_package.chalice_packaging() (runtime pinned, missing
      dependencies are an error);
    - the SAM template is adapted before CDK includes it (adapt_sam_template).
    """

    _adapt = None  # set per instance through the class attribute below, before __init__ packages

    def _package_app(self):
        with lambda_package.chalice_packaging():
            super()._package_app()

    def _generate_sam_template_with_assets(self, chalice_out_dir, package_id):
        path = os.path.join(self._sam_package_dir, "sam.json")
        with open(path, encoding="utf-8") as f:
            template = json.load(f)
        type(self)._adapt(template)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(template, f, indent=2)
        # Chalice's one zip for every function becomes the lean package; the documents
        # function (added by adapt_sam_template) gets the package with the PDF libraries.
        full = Path(self._sam_package_dir) / "deployment.zip"
        packages = lambda_package.split(full, lambda_package.API_DIR / ".chalice" / "split")
        shutil.copyfile(packages["lean"], full)
        with_assets = super()._generate_sam_template_with_assets(chalice_out_dir, package_id)
        documents = assets.Asset(self, "DocumentsCode", path=str(packages["documents"]))
        with open(with_assets, encoding="utf-8") as f:
            template = json.load(f)
        template["Resources"][DOCUMENTS_FUNCTION]["Properties"]["CodeUri"] = {
            "Bucket": documents.s3_bucket_name, "Key": documents.s3_object_key}
        with open(with_assets, "w", encoding="utf-8") as f:
            json.dump(template, f, indent=2)
        return with_assets


DOCUMENTS_FUNCTION = "DocumentsHandler"


def _add_documents_function(resources: dict, stage: Stage) -> None:
    """A second function with the same app and the documents package, for the routes that
    make PDFs (lambda_package.DOCUMENT_ROUTES), its invoke permission and its log group.
    The lean package of APIHandler leaves out the PDF libraries and fonts, so the function
    orderers wait on unpacks and imports less."""
    resources[DOCUMENTS_FUNCTION] = copy.deepcopy(resources["APIHandler"])
    permission = copy.deepcopy(resources["APIHandlerInvokePermission"])
    permission["Properties"]["FunctionName"] = {"Ref": DOCUMENTS_FUNCTION}
    resources[f"{DOCUMENTS_FUNCTION}InvokePermission"] = permission
    for resource in list(resources.values()):
        if resource["Type"] == "AWS::Logs::LogGroup" and \
                resource["Properties"]["LogGroupName"]["Fn::Sub"].lower() == "/aws/lambda/${apihandler}":
            group = copy.deepcopy(resource)
            group["Properties"]["LogGroupName"] = {"Fn::Sub": "/aws/lambda/${" + DOCUMENTS_FUNCTION + "}"}
            resources[f"{DOCUMENTS_FUNCTION}LogGroup"] = group


def adapt_sam_template(template: dict, stage: Stage, log_groups: dict[str, str],
                       per_function: dict[str, dict] | None = None, access_log_arn: str | None = None) -> None:
    """What Chalice's SAM output needs for this deployment.

    - Fixed function names, so log-group ARNs (IAM) and alarm dimensions are known strings.
    - The API's Lambda integration addressed by that name instead of `${APIHandler.Arn}`:
      the function's PORTAL_SITE_URL refers to the CloudFront distribution, whose API origin
      refers to the REST API; with the integration referring back to the function that
      would be a dependency cycle. API Gateway does not need the function to exist when
      the integration is created (it is looked up per request), and the invoke permission
      still depends on both.
    - Log groups named by those names; `log_groups` receives function id → log group id.
    - `per_function`: properties for one function (Chalice's stage_config applies to all).
    - A per-stage API name (CloudWatch's ApiName dimension) and stage throttling.
    - API Gateway's own replies in the portal's error shape (gateway_responses.py).
    - The API's access log (`access_log_arn`, ACCESS_LOG_FORMAT).
    - checkov's skips with their reasons (audit.py) on the resources they are about.
    """
    resources = template["Resources"]
    _add_documents_function(resources, stage)
    names = {"APIHandler": stage.api_function_name, DOCUMENTS_FUNCTION: stage.documents_function_name,
             "DeliverMail": stage.mail_function_name, "DeliverWebhooks": stage.webhook_function_name}
    for logical_id, name in names.items():
        resources[logical_id]["Properties"]["FunctionName"] = name
    for logical_id, properties in (per_function or {}).items():
        resources[logical_id]["Properties"].update(properties)
    def function_arn(name: str) -> str:
        return "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:" + name

    def rewrite(node, name: str = stage.api_function_name):
        if isinstance(node, dict):
            return {k: rewrite(v, name) for k, v in node.items()}
        if isinstance(node, list):
            return [rewrite(v, name) for v in node]
        if isinstance(node, str):
            return node.replace("${APIHandler.Arn}", function_arn(name))
        return node

    # Chalice 1.34 names the API handler's log group `/aws/lambda/${ApiHandler}` while the
    # function is `APIHandler` (CfnInclude rejects the dangling reference): use the fixed
    # names, which also keeps the log groups independent of the functions.
    for logical_id, resource in resources.items():
        if resource["Type"] != "AWS::Logs::LogGroup":
            continue
        ref = resource["Properties"]["LogGroupName"]["Fn::Sub"].removeprefix("/aws/lambda/${").rstrip("}")
        function_id = next(f for f in names if f.lower() == ref.lower())
        resource["Properties"]["LogGroupName"] = f"/aws/lambda/{names[function_id]}"
        log_groups[function_id] = logical_id
        audit.skip_in_template(resource, audit.LOGS_SERVICE_ENCRYPTION)
    for logical_id in names:
        audit.skip_in_template(resources[logical_id], audit.NO_VPC, audit.ENVIRONMENT_HOLDS_NO_SECRET,
                               audit.SCHEDULED_ON_FAILURE if logical_id in SCHEDULED else audit.SYNCHRONOUS_NO_DLQ)

    api = resources["RestAPI"]["Properties"]
    paths = api["DefinitionBody"]["paths"]
    for path, method in lambda_package.DOCUMENT_ROUTES:
        paths[path][method] = rewrite(paths[path][method], stage.documents_function_name)
    api["DefinitionBody"] = rewrite(api["DefinitionBody"])
    api["Name"] = f"{stage.prefix}-api"
    api["GatewayResponses"] = gateway_responses.for_sam()
    api["MethodSettings"] = [{
        "ResourcePath": "/*", "HttpMethod": "*",
        "ThrottlingRateLimit": stage.api_throttle_rate, "ThrottlingBurstLimit": stage.api_throttle_burst,
        "MetricsEnabled": False, "DataTraceEnabled": False,
    }]
    if access_log_arn:
        api["AccessLogSetting"] = {"DestinationArn": access_log_arn, "Format": ACCESS_LOG_FORMAT}
    audit.skip_in_template(resources["RestAPI"], audit.API_NO_XRAY, audit.API_NO_CACHE)


class PortalStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, *, stage: Stage, web_acl_arn: str,
                 site_dir: Path, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.stage = stage
        keep = cdk.RemovalPolicy.RETAIN if stage.production else cdk.RemovalPolicy.DESTROY

        # ---- data and secrets ------------------------------------------------------------
        self.table = cdk.CfnResource(self, "Table", type="AWS::DynamoDB::Table",
                                     properties=table_properties(stage.table_name, stage.production))
        self.table.apply_removal_policy(keep)
        audit.skip(self.table, audit.TABLE_AWS_OWNED_KEY)
        table_arn = self.table.get_att("Arn").to_string()
        index_arns = [f"{table_arn}/index/{index['IndexName']}"
                      for index in table_properties(stage.table_name, stage.production)["GlobalSecondaryIndexes"]]

        self.pepper = secretsmanager.Secret(
            self, "Pepper", secret_name=f"{stage.prefix}/pepper",
            description="Server-side secret of the keyed hashes of 認証キー and API tokens (64 hex digits). "
                        "Losing or changing it makes every issued key unverifiable: see docs/operations.md.",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=64, exclude_punctuation=True, exclude_uppercase=True, include_space=False,
                exclude_characters="ghijklmnopqrstuvwxyz"),  # what is left: 0-9 a-f, i.e. hex
            removal_policy=cdk.RemovalPolicy.RETAIN if stage.production else cdk.RemovalPolicy.DESTROY)
        audit.skip(self.pepper.node.default_child, audit.SECRET_AWS_MANAGED_KEY)

        # CloudFront sends this in X-Origin-Verify; the API refuses requests without it, so a
        # call straight to API Gateway (which skips the WAF and could write any viewer address)
        # gets nothing. Rotated by `make rotate-origin-secret` (docs/operations.md).
        self.origin_secret = secretsmanager.Secret(
            self, "OriginVerify", secret_name=f"{stage.prefix}/origin-verify",
            description="Sent by CloudFront to the API (X-Origin-Verify); requests without it are refused. "
                        "Rotate with `make rotate-origin-secret STAGE=...` (docs/operations.md).",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=48, exclude_punctuation=True, include_space=False),
            removal_policy=cdk.RemovalPolicy.DESTROY)
        audit.skip(self.origin_secret.node.default_child, audit.SECRET_AWS_MANAGED_KEY)

        # A new generation is a new key (KMS does not rotate asymmetric keys): the old one is
        # removed from the stack (retained in prod) and its public key stays in the JWKS.
        generation = stage.signing_key_generation
        self.signing_key = kms.Key(
            self, "SigningKey" if generation == 1 else f"SigningKey{generation}",
            key_spec=kms.KeySpec.ECC_NIST_P256, key_usage=kms.KeyUsage.SIGN_VERIFY,
            alias=f"alias/{stage.prefix}-signing-{generation}",
            description="Signs electronic-guarantee certificates (ES256); the public key is published as JWKS.",
            pending_window=cdk.Duration.days(30 if stage.production else 7), removal_policy=keep)

        zone = None
        if stage.mail_hosted_zone_id:
            zone = route53.PublicHostedZone.from_hosted_zone_attributes(
                self, "MailZone", hosted_zone_id=stage.mail_hosted_zone_id, zone_name=stage.mail_hosted_zone_name)
        self.mail_identity = ses.EmailIdentity(
            self, "MailIdentity",
            identity=ses.Identity.public_hosted_zone(zone) if zone else ses.Identity.domain(stage.mail_domain))
        mail_identity_arn = self.format_arn(service="ses", resource="identity", resource_name=stage.mail_domain)

        # ---- failed scheduled runs ---------------------------------------------------------
        # EventBridge invokes the scheduled functions asynchronously: once Lambda has accepted
        # the event, a run that fails or times out never reaches EventBridge again (its target
        # dead-letter queue only gets events it could not hand to Lambda at all). So the failure
        # destination is Lambda's own: the run's event, error and stack trace go to an SQS queue
        # (on-failure destination), with an alarm on its depth. No retries: the next scheduled run
        # does the same work (claims with leases make that safe), and an event that waited longer
        # than one period (the function busy at its reserved concurrency) is dropped to the queue
        # too, rather than run after its successor.
        self.failure_queues = {
            logical_id: sqs.Queue(
                self, f"{logical_id}Failures", queue_name=f"{stage.prefix}-{label}-failures",
                encryption=sqs.QueueEncryption.KMS_MANAGED, enforce_ssl=True,  # aws/sqs: the role needs no KMS grant
                retention_period=cdk.Duration.days(14),  # SQS's longest: time to read what failed
                removal_policy=cdk.RemovalPolicy.DESTROY)
            for logical_id, label in (("DeliverMail", "deliver-mail"), ("DeliverWebhooks", "deliver-webhooks"))}

        # ---- roles: exactly what each function uses ---------------------------------------
        def log_group_arn(function_name: str) -> str:
            # `:*` covers the log streams of this one log group.
            return self.format_arn(service="logs", resource="log-group",
                                   resource_name=f"/aws/lambda/{function_name}:*",
                                   arn_format=cdk.ArnFormat.COLON_RESOURCE_NAME)

        def statements(function_name: str, *, secret: bool, key: bool, mail: bool = True,
                       origin: bool = True, failures: sqs.Queue | None = None) -> list[iam.PolicyStatement]:
            out = [
                iam.PolicyStatement(sid="Table", actions=list(DYNAMODB_ACTIONS), resources=[table_arn, *index_arns]),
                iam.PolicyStatement(sid="Logs", actions=list(LOG_ACTIONS), resources=[log_group_arn(function_name)]),
            ]
            if mail:
                out.insert(1, iam.PolicyStatement(sid="Mail", actions=list(SES_ACTIONS), resources=[mail_identity_arn],
                                                  conditions={"StringEquals": {"ses:FromAddress": stage.mail_from}}))
            if secret:
                secrets = [self.pepper.secret_arn] + ([self.origin_secret.secret_arn] if origin else [])
                out.append(iam.PolicyStatement(sid="Secrets", actions=list(SECRET_ACTIONS), resources=secrets))
            if key:
                out.append(iam.PolicyStatement(sid="Signing", actions=list(KMS_ACTIONS),
                                               resources=[self.signing_key.key_arn]))
            if failures is not None:  # Lambda sends to the on-failure destination with the function's role
                out.append(iam.PolicyStatement(sid="FailedRuns", actions=["sqs:SendMessage"],
                                               resources=[failures.queue_arn]))
            return out

        lambda_principal = iam.ServicePrincipal("lambda.amazonaws.com")
        self.api_role = iam.Role(
            self, "ApiRole", assumed_by=lambda_principal,
            description=f"e-guarantee {stage.name}: the API function",
            inline_policies={"portal": iam.PolicyDocument(
                statements=statements(stage.api_function_name, secret=True, key=True))})
        # The documents function: the same rights as the API (it serves API routes), its own logs.
        self.documents_role = iam.Role(
            self, "DocumentsRole", assumed_by=lambda_principal,
            description=f"e-guarantee {stage.name}: the API's document routes (PDF)",
            inline_policies={"portal": iam.PolicyDocument(
                statements=statements(stage.documents_function_name, secret=True, key=True))})
        # The sweep only reads the outbox and sends mail: no pepper, no signing key.
        self.mail_role = iam.Role(
            self, "MailRole", assumed_by=lambda_principal,
            description=f"e-guarantee {stage.name}: the mail sweep (deliver_mail)",
            inline_policies={"portal": iam.PolicyDocument(
                statements=statements(stage.mail_function_name, secret=False, key=False,
                                      failures=self.failure_queues["DeliverMail"]))})
        # Webhooks: the pepper unseals each endpoint's secret and signs feed cursors; no mail, no signing key.
        self.webhook_role = iam.Role(
            self, "WebhookRole", assumed_by=lambda_principal,
            description=f"e-guarantee {stage.name}: webhook delivery (deliver_webhooks)",
            inline_policies={"portal": iam.PolicyDocument(
                statements=statements(stage.webhook_function_name, secret=True, key=False, mail=False,
                                      origin=False,  # it answers no request: no CloudFront origin secret
                                      failures=self.failure_queues["DeliverWebhooks"]))})

        # ---- site bucket and CDN ----------------------------------------------------------
        self.site_bucket = s3.Bucket(
            self, "SiteBucket", block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED, enforce_ssl=True, versioned=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            lifecycle_rules=[s3.LifecycleRule(noncurrent_version_expiration=cdk.Duration.days(90),
                                              abort_incomplete_multipart_upload_after=cdk.Duration.days(7))],
            removal_policy=cdk.RemovalPolicy.RETAIN)
        audit.skip(self.site_bucket.node.default_child, audit.SITE_BUCKET_LOGGED_BY_CDN)

        # ---- access logs (docs/operations.md, "Logs and retention") -------------------------
        # CloudFront's standard logs: who (viewer address, user agent) reached what (URI, status),
        # never cookies. CloudFront writes them with an ACL as its log-delivery account, so this
        # bucket keeps ACLs (owner preferred: the objects are still the account's) while blocking
        # every public grant. Kept as long as the functions' logs, then expired.
        self.log_bucket = s3.Bucket(
            self, "AccessLogBucket", block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED, enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
            lifecycle_rules=[s3.LifecycleRule(expiration=cdk.Duration.days(stage.log_retention_days),
                                              abort_incomplete_multipart_upload_after=cdk.Duration.days(7))],
            removal_policy=cdk.RemovalPolicy.RETAIN)
        audit.skip(self.log_bucket.node.default_child, audit.LOG_BUCKET_ITSELF, audit.LOG_BUCKET_UNVERSIONED)
        self.api_access_log = logs.CfnLogGroup(
            self, "ApiAccessLog", log_group_name=f"/aws/apigateway/{stage.prefix}-api-access",
            retention_in_days=stage.log_retention_days)
        self.api_access_log.apply_removal_policy(keep)
        audit.skip(self.api_access_log, audit.LOGS_SERVICE_ENCRYPTION)
        # REST APIs write access logs through the region's API Gateway account setting: one role per
        # account and region, shared by every API there (so AWS's managed policy, not one log group).
        # Retained: deleting one stage must not take the role from another stage's API in the account.
        api_logs_role = iam.Role(
            self, "ApiGatewayLogsRole", assumed_by=iam.ServicePrincipal("apigateway.amazonaws.com"),
            description="API Gateway (account setting): writes the REST APIs' access logs to CloudWatch Logs",
            managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name(
                "service-role/AmazonAPIGatewayPushToCloudWatchLogs")])
        api_logs_role.apply_removal_policy(cdk.RemovalPolicy.RETAIN)
        api_account = apigateway.CfnAccount(self, "ApiGatewayAccount", cloud_watch_role_arn=api_logs_role.role_arn)

        site_headers = cdk.CfnResource(
            self, "SiteHeaders", type="AWS::CloudFront::ResponseHeadersPolicy",
            properties={"ResponseHeadersPolicyConfig": headers.policy_config(f"{stage.prefix}-site-headers")})
        api_headers = cdk.CfnResource(
            self, "ApiHeaders", type="AWS::CloudFront::ResponseHeadersPolicy",
            properties={"ResponseHeadersPolicyConfig": headers.policy_config(f"{stage.prefix}-api-headers",
                                                                             part="api")})
        index_function = cloudfront.Function(
            self, "SiteIndex", function_name=f"{stage.prefix}-site-index",
            code=cloudfront.FunctionCode.from_file(file_path=str(INDEX_FUNCTION)),
            runtime=cloudfront.FunctionRuntime.JS_2_0,
            comment="Directory URLs -> index.html (MkDocs)")

        # ---- the API (Chalice) ------------------------------------------------------------
        # Placeholder, replaced below: the distribution is created after the API (its origin).
        self._site_url_token = None
        self.log_groups: dict[str, str] = {}
        # Chalice applies stage_config (user-provided parameters) to every function alike, so
        # the sweep's own role and sizes are set on its template resource.
        per_function = {"APIHandler": {},
                        DOCUMENTS_FUNCTION: {"Role": self.documents_role.role_arn},
                        "DeliverMail": {"Role": self.mail_role.role_arn, "MemorySize": MAIL_MEMORY_MB,
                                        "Timeout": MAIL_TIMEOUT_SECONDS},
                        "DeliverWebhooks": {"Role": self.webhook_role.role_arn, "MemorySize": MAIL_MEMORY_MB,
                                            "Timeout": WEBHOOK_TIMEOUT_SECONDS}}
        for logical_id, reserved in (("APIHandler", stage.reserved_concurrency_api),
                                     (DOCUMENTS_FUNCTION, stage.reserved_concurrency_documents),
                                     ("DeliverMail", stage.reserved_concurrency_mail),
                                     ("DeliverWebhooks", stage.reserved_concurrency_webhooks)):
            if reserved is not None:
                per_function[logical_id]["ReservedConcurrentExecutions"] = reserved
        _PortalChalice._adapt = staticmethod(
            lambda template: adapt_sam_template(template, stage, self.log_groups, per_function,
                                                access_log_arn=self.api_access_log.attr_arn))
        chalice_stage = {
            "api_gateway_stage": API_STAGE,
            "api_gateway_endpoint_type": "REGIONAL",  # CloudFront is in front: no second, edge-optimized one
            "manage_iam_role": False,
            "iam_role_arn": self.api_role.role_arn,
            "autogen_policy": False,
            "lambda_memory_size": stage.api_memory_mb,
            "lambda_timeout": API_TIMEOUT_SECONDS,
            "log_retention_in_days": stage.log_retention_days,
            "environment_variables": {},  # filled below, once the distribution exists
            "tags": {"project": "e-guarantee-portal", "stage": stage.name},
        }
        self.api = _PortalChalice(self, "Api", source_dir=str(lambda_package.API_DIR), stage_config=chalice_stage)
        rest_api = self.api.get_resource("RestAPI")
        rest_api.node.add_dependency(api_account)  # the stage's access log needs the account's role first
        # The scheduled functions' asynchronous invocations: where a failed run goes (see the queues).
        # A resource of its own (not SAM's EventInvokeConfig, which CDK's inclusion mis-validates).
        for logical_id, period in SCHEDULED.items():
            invoke_config = lambda_.CfnEventInvokeConfig(
                self, f"{logical_id}InvokeConfig", qualifier="$LATEST",
                function_name={"DeliverMail": stage.mail_function_name, "DeliverWebhooks": stage.webhook_function_name}[logical_id],
                maximum_retry_attempts=0, maximum_event_age_in_seconds=period,
                destination_config=lambda_.CfnEventInvokeConfig.DestinationConfigProperty(
                    on_failure=lambda_.CfnEventInvokeConfig.OnFailureProperty(
                        destination=self.failure_queues[logical_id].queue_arn)))
            invoke_config.node.add_dependency(self.api.get_resource(logical_id))
        api_domain = f"{rest_api.ref}.execute-api.{self.region}.{self.url_suffix}"

        api_cache = cloudfront.CachePolicy(
            self, "ApiCachePolicy", cache_policy_name=f"{stage.prefix}-api",
            comment="API: nothing cached (the API answers Cache-Control: no-store); Authorization forwarded",
            # CloudFront forwards Authorization on GET only when it is part of the cache key,
            # and a cache key needs a max TTL above 0; no-store answers are still never cached.
            min_ttl=cdk.Duration.seconds(0), default_ttl=cdk.Duration.seconds(0), max_ttl=cdk.Duration.seconds(1),
            header_behavior=cloudfront.CacheHeaderBehavior.allow_list("Authorization"),
            query_string_behavior=cloudfront.CacheQueryStringBehavior.all(),
            cookie_behavior=cloudfront.CacheCookieBehavior.none(),
            # With the behaviour's compress=True, CloudFront compresses the API's JSON (an issuance
            # reply carries the notice in base64) only if the policy lets Accept-Encoding through.
            enable_accept_encoding_gzip=True, enable_accept_encoding_brotli=True)

        certificate = domain_names = None
        if stage.site_domain:
            certificate = acm.Certificate.from_certificate_arn(self, "SiteCertificate", stage.certificate_arn)
            domain_names = [stage.site_domain]

        self.distribution = cloudfront.Distribution(
            self, "Cdn", comment=f"e-guarantee portal ({stage.name})",
            default_root_object="index.html",
            price_class=cloudfront.PriceClass.PRICE_CLASS_200,  # PriceClass_100 has no edge in Japan
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            # Only with a custom certificate: *.cloudfront.net's policy is fixed by AWS.
            minimum_protocol_version=TLS_POLICY if certificate else None,
            certificate=certificate, domain_names=domain_names,
            enable_logging=True, log_bucket=self.log_bucket, log_file_prefix=CDN_LOG_PREFIX,
            log_includes_cookies=False,  # the staff session cookie must never be written down
            web_acl_id=web_acl_arn,
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.site_bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                response_headers_policy=cloudfront.ResponseHeadersPolicy.from_response_headers_policy_id(
                    self, "SiteHeadersRef", site_headers.ref),
                function_associations=[cloudfront.FunctionAssociation(
                    function=index_function, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST)],
                compress=True),
            additional_behaviors={API_PATH_PATTERN: cloudfront.BehaviorOptions(
                origin=origins.HttpOrigin(
                    api_domain, protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
                    origin_ssl_protocols=[cloudfront.OriginSslPolicy.TLS_V1_2],
                    read_timeout=cdk.Duration.seconds(30),
                    # A dynamic reference ({{resolve:secretsmanager:…}}): the value never enters the template.
                    custom_headers={ORIGIN_HEADER: self.origin_secret.secret_value.unsafe_unwrap()}),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
                cache_policy=api_cache,
                origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
                response_headers_policy=cloudfront.ResponseHeadersPolicy.from_response_headers_policy_id(
                    self, "ApiHeadersRef", api_headers.ref),
                compress=True)})
        if not certificate:
            audit.skip(self.distribution.node.default_child, audit.DEV_DEFAULT_CERTIFICATE)
        distribution_arn = self.format_arn(service="cloudfront", region="", resource="distribution",
                                           resource_name=self.distribution.distribution_id)
        # Missing pages: 404 from S3 rather than 403 (the bucket lists only to this distribution).
        self.site_bucket.add_to_resource_policy(iam.PolicyStatement(
            sid="CloudFrontListForNotFound", actions=["s3:ListBucket"], resources=[self.site_bucket.bucket_arn],
            principals=[iam.ServicePrincipal("cloudfront.amazonaws.com")],
            conditions={"StringEquals": {"AWS:SourceArn": distribution_arn}}))

        site_url = (f"https://{stage.site_domain}" if stage.site_domain
                    else f"https://{self.distribution.distribution_domain_name}")
        environment = {
            "PORTAL_TABLE_NAME": stage.table_name,
            "PORTAL_PEPPER_SECRET_ID": self.pepper.secret_arn,
            "PORTAL_SITE_URL": site_url,
            "PORTAL_MAIL_FROM": stage.mail_from,
            "PORTAL_FONT_DIR": lambda_package.FONT_DIR_IN_LAMBDA,
            "PORTAL_SIGNING_KEY_ID": self.signing_key.key_arn,
            "PORTAL_LOG_LEVEL": "INFO",
            # Requests must come through CloudFront (with this secret); only then is the viewer's
            # address (CloudFront-Viewer-Address) the client counted by the attempt limits.
            "PORTAL_ORIGIN_SECRET_ID": self.origin_secret.secret_arn,
            **stage.limits_environment,
            **stage.operator_environment,
        }
        # Signed PDF copies (POST /v1/certificate-copies) need the KMS key's certificate, which can
        # only be made once the key exists: until stages.json names it, copies answer 500.
        if stage.signing_cert:
            environment["PORTAL_SIGNING_CERT"] = lambda_package.signing_cert_in_lambda(stage.name)
        if stage.tsa_url:
            environment["PORTAL_TSA_URL"] = stage.tsa_url
        for function in ("APIHandler", DOCUMENTS_FUNCTION, "DeliverMail", "DeliverWebhooks"):
            for key, value in environment.items():
                self.api.add_environment_variable(key, value, function)

        deployment = s3deploy.BucketDeployment(
            self, "SiteContent", sources=[s3deploy.Source.asset(str(site_dir))],
            destination_bucket=self.site_bucket, distribution=self.distribution, distribution_paths=["/*"],
            prune=True, memory_limit=512)
        self._scope_invalidation(deployment, distribution_arn)

        # ---- monitoring --------------------------------------------------------------------
        self.alarm_topic = sns.Topic(self, "Alarms", topic_name=f"{stage.prefix}-alarms",
                                     display_name=f"e-guarantee {stage.name} alarms", enforce_ssl=True)
        audit.skip(self.alarm_topic.node.default_child, audit.ALARM_TOPIC_UNENCRYPTED)
        if stage.alarm_email:
            self.alarm_topic.add_subscription(subs.EmailSubscription(stage.alarm_email))
        self._alarms(stage, rest_api_name=f"{stage.prefix}-api")
        reserve_helper_concurrency(self, stage.reserved_concurrency_helpers)

        cdk.CfnOutput(self, "SiteUrl", value=site_url)
        cdk.CfnOutput(self, "DistributionId", value=self.distribution.distribution_id)
        cdk.CfnOutput(self, "DistributionDomain", value=self.distribution.distribution_domain_name)
        cdk.CfnOutput(self, "ApiBase", value=f"{site_url}/api")
        # The operator's calls (SigV4, `python -m devtools.operator --api …`) go to API Gateway
        # itself: CloudFront would change the Host they sign.
        cdk.CfnOutput(self, "OperatorApiBase", value=f"https://{api_domain}/{API_STAGE}")
        cdk.CfnOutput(self, "TableName", value=stage.table_name)
        cdk.CfnOutput(self, "PepperSecretArn", value=self.pepper.secret_arn)
        cdk.CfnOutput(self, "OriginSecretArn", value=self.origin_secret.secret_arn)
        cdk.CfnOutput(self, "SigningKeyArn", value=self.signing_key.key_arn)
        cdk.CfnOutput(self, "SiteBucketName", value=self.site_bucket.bucket_name)
        cdk.CfnOutput(self, "AlarmTopicArn", value=self.alarm_topic.topic_arn)
        cdk.CfnOutput(self, "AccessLogBucketName", value=self.log_bucket.bucket_name)
        cdk.CfnOutput(self, "ApiAccessLogGroup", value=self.api_access_log.ref)
        if not zone:
            # Easy DKIM: three CNAME records to add at the mail domain's DNS.
            for n in (1, 2, 3):
                cdk.CfnOutput(self, f"DkimRecord{n}", value=cdk.Fn.join(" CNAME ", [
                    getattr(self.mail_identity, f"dkim_dns_token_name{n}"),
                    getattr(self.mail_identity, f"dkim_dns_token_value{n}")]))

    # ------------------------------------------------------------------------------------

    def _scope_invalidation(self, deployment: s3deploy.BucketDeployment, distribution_arn: str) -> None:
        """BucketDeployment grants cloudfront:CreateInvalidation on every distribution ("*");
        CloudFront accepts a distribution ARN there, so narrow it to this one."""
        policy = deployment.handler_role.node.try_find_child("DefaultPolicy")
        cfn_policy = policy.node.default_child
        document = self.resolve(cfn_policy.policy_document)
        narrowed = 0
        for index, statement in enumerate(document["Statement"]):
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            if all(a.startswith("cloudfront:") for a in actions) and statement.get("Resource") == "*":
                cfn_policy.add_property_override(f"PolicyDocument.Statement.{index}.Resource", distribution_arn)
                narrowed += 1
        if narrowed != 1:
            raise RuntimeError("BucketDeployment's CloudFront statement not found: check the IAM tests")

    def _alarm(self, construct_id: str, metric: cloudwatch.IMetric, *, name: str, description: str,
               threshold: float, periods: int = 1, datapoints: int | None = None) -> cloudwatch.Alarm:
        alarm = cloudwatch.Alarm(
            self, construct_id, metric=metric, alarm_name=f"{self.stage.prefix}-{name}",
            alarm_description=description, threshold=threshold, evaluation_periods=periods,
            datapoints_to_alarm=datapoints or periods,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING)
        alarm.add_alarm_action(cw_actions.SnsAction(self.alarm_topic))
        return alarm

    def _log_metric(self, construct_id: str, function_logical_id: str, function_name: str, metric_name: str,
                    pattern: str) -> cloudwatch.Metric:
        log_group = self.api.get_resource(self.log_groups[function_logical_id])
        metric_filter = logs.CfnMetricFilter(
            self, construct_id, log_group_name=f"/aws/lambda/{function_name}", filter_pattern=pattern,
            metric_transformations=[logs.CfnMetricFilter.MetricTransformationProperty(
                metric_namespace=f"{METRICS_NAMESPACE}/{self.stage.name}", metric_name=metric_name,
                metric_value="1", default_value=0)])
        metric_filter.node.add_dependency(log_group)
        return cloudwatch.Metric(namespace=f"{METRICS_NAMESPACE}/{self.stage.name}", metric_name=metric_name,
                                 statistic="Sum", period=cdk.Duration.minutes(15))

    def _alarms(self, stage: Stage, rest_api_name: str) -> None:
        five = cdk.Duration.minutes(5)
        api_dims = {"ApiName": rest_api_name, "Stage": API_STAGE}
        requests = cloudwatch.Metric(namespace="AWS/ApiGateway", metric_name="Count", dimensions_map=api_dims,
                                     statistic="Sum", period=five)
        errors_5xx = cloudwatch.Metric(namespace="AWS/ApiGateway", metric_name="5XXError", dimensions_map=api_dims,
                                       statistic="Sum", period=five)
        self._alarm("Api5xxRate", cloudwatch.MathExpression(
            expression="IF(requests >= 20, 100 * errors / requests, 0)",
            using_metrics={"requests": requests, "errors": errors_5xx}, period=five, label="5xx %"),
            name="api-5xx-rate", threshold=5, periods=3, datapoints=2,
            description="More than 5% of API requests answered 5xx (at least 20 requests in 5 minutes).")
        for logical_id, function_name, label in (("APIHandler", stage.api_function_name, "api"),
                                                 (DOCUMENTS_FUNCTION, stage.documents_function_name, "documents"),
                                                 ("DeliverMail", stage.mail_function_name, "mail"),
                                                 ("DeliverWebhooks", stage.webhook_function_name, "webhooks")):
            dims = {"FunctionName": function_name}
            self._alarm(f"{logical_id}Errors", cloudwatch.Metric(
                namespace="AWS/Lambda", metric_name="Errors", dimensions_map=dims, statistic="Sum", period=five),
                name=f"lambda-{label}-errors", threshold=1,
                description=f"{function_name} failed (an unhandled error or a timeout; handled errors are 4xx/5xx answers).")
            self._alarm(f"{logical_id}Throttles", cloudwatch.Metric(
                namespace="AWS/Lambda", metric_name="Throttles", dimensions_map=dims, statistic="Sum", period=five),
                name=f"lambda-{label}-throttles", threshold=1,
                description=f"{function_name} was throttled (account concurrency exhausted).")
        for metric_name in ("ReadThrottleEvents", "WriteThrottleEvents"):
            self._alarm(f"Table{metric_name}", cloudwatch.Metric(
                namespace="AWS/DynamoDB", metric_name=metric_name, dimensions_map={"TableName": stage.table_name},
                statistic="Sum", period=five),
                name=f"dynamodb-{metric_name.lower()}", threshold=1,
                description=f"DynamoDB throttled the table ({metric_name}); on-demand tables throttle only on sudden peaks.")
        # From the functions' structured logs (api/chalicelib/edge/logs.py). The key routes run on
        # both API functions (notices and signed copies on the documents one): one metric, a
        # filter on each log group.
        def key_metric(construct_id: str, metric_name: str, pattern: str) -> cloudwatch.Metric:
            self._log_metric(f"Documents{construct_id}", DOCUMENTS_FUNCTION, stage.documents_function_name,
                             metric_name, pattern)
            return self._log_metric(construct_id, "APIHandler", stage.api_function_name, metric_name, pattern)

        lockouts = key_metric("LockoutsFilter", "Lockouts", '{ $.message = "lockout*" }')
        self._alarm("LockoutSpike", lockouts, name="lockout-spike", threshold=3,
                    description="3+ lockout signals in 15 minutes: a 保証契約番号's wrong keys from all clients reached "
                                "the hourly limit (a signal, never a lock; typos never count: guessing or a broken client).")
        refused = key_metric("LockedOutFilter", "LockedOutRequests", '{ $.event = "request" && $.status = 429 }')
        self._alarm("LockedOutRequests", refused, name="locked-out-requests", threshold=50,
                    description="50+ requests refused with 429 in 15 minutes (clients keep trying while locked out).")
        routes = " || ".join(f'$.route = "{r}"' for r in KEY_ROUTES)
        failures = key_metric("KeyFailuresFilter", "KeyCheckFailures",
                              f'{{ $.event = "request" && $.status = 404 && ({routes}) }}')
        self._alarm("KeyCheckFailures", failures, name="key-check-failures", threshold=100,
                    description="100+ wrong 保証契約番号/認証キー pairs in 15 minutes.")
        for logical_id, function_name in (("APIHandler", stage.api_function_name),
                                          (DOCUMENTS_FUNCTION, stage.documents_function_name),
                                          ("DeliverMail", stage.mail_function_name)):
            not_sent = self._log_metric(f"{logical_id}MailFilter", logical_id, function_name, "MailNotSent",
                                        '{ $.logger = "portal.mail" && $.level = "WARNING" }')
        stopped = self._log_metric("WebhookStoppedFilter", "DeliverWebhooks", stage.webhook_function_name,
                                   "WebhookRunsStopped", '{ $.logger = "portal.webhooks" && $.level = "ERROR" }')
        self._alarm("WebhookRunsStopped", stopped, name="webhook-runs-stopped", threshold=3,
                    description="Webhook delivery stopped on an error 3+ times in 15 minutes (the store, or a secret "
                                "that cannot be unsealed); a surety's endpoint failing is not counted here.")
        self._alarm("MailNotSent", not_sent, name="mail-not-sent", threshold=5,
                    description="5+ e-mails could not be sent in 15 minutes (SES sandbox, identity not verified, quota).")
        for logical_id, label in (("DeliverMail", "mail"), ("DeliverWebhooks", "webhooks")):
            queue = self.failure_queues[logical_id]
            self._alarm(f"{logical_id}FailedRuns", queue.metric_approximate_number_of_messages_visible(
                statistic="Maximum", period=five), name=f"{label}-failed-runs", threshold=1,
                description=f"A scheduled run failed, timed out or was dropped (waited past its period): "
                            f"the queue {queue.queue_name} holds its event and error (docs/operations.md).")

