"""The functions: runtime, environment, sizes, schedule, and a Lambda package that works."""
from __future__ import annotations

import re
import json
import subprocess
import sys
import zipfile

import pytest

from infra_support import INFRA, REPO, STAGES, logical_id, main_stack, offline_environment
from portal_infra import lambda_package, stages

ENVIRONMENT = {"PORTAL_TABLE_NAME", "PORTAL_PEPPER_SECRET_ID", "PORTAL_SITE_URL", "PORTAL_MAIL_FROM",
               "PORTAL_FONT_DIR", "PORTAL_SIGNING_KEY_ID", "PORTAL_LOG_LEVEL", "PORTAL_ORIGIN_SECRET_ID"}
LAMBDA_UNZIPPED_LIMIT = 250 * 2**20


@pytest.mark.parametrize("stage", STAGES)
def test_functions_runtime_environment_and_sizes(templates, stage):
    t = templates[main_stack(stage)]
    api, mail = t["Resources"]["APIHandler"]["Properties"], t["Resources"]["DeliverMail"]["Properties"]
    documents = t["Resources"]["DocumentsHandler"]["Properties"]
    for fn in (api, documents, mail):
        major, minor = map(int, fn["Runtime"].removeprefix("python").split("."))
        assert (major, minor) >= (3, 12)
        env = fn["Environment"]["Variables"]
        assert set(env) == ENVIRONMENT
        assert env["PORTAL_TABLE_NAME"] == f"e-guarantee-{stage}"
        assert env["PORTAL_FONT_DIR"] == "/var/task/fonts"
        assert env["PORTAL_PEPPER_SECRET_ID"] == {"Ref": logical_id(t, "Pepper", "AWS::SecretsManager::Secret")}
        assert env["PORTAL_SIGNING_KEY_ID"] == {"Fn::GetAtt": [logical_id(t, "SigningKey", "AWS::KMS::Key"), "Arn"]}
        # The portal's own domain where the stage names one (prod must), else CloudFront's.
        domain = stages.load(stage).site_domain
        assert env["PORTAL_SITE_URL"] == (f"https://{domain}" if domain else {"Fn::Join": ["", ["https://", {
            "Fn::GetAtt": [logical_id(t, "Cdn", "AWS::CloudFront::Distribution"), "DomainName"]}]]})
        assert "PORTAL_DYNAMODB_ENDPOINT" not in env and "PORTAL_OUTBOX_DIR" not in env
        # Requests without CloudFront's secret are refused; only with it is the viewer the client.
        assert env["PORTAL_ORIGIN_SECRET_ID"] == {"Ref": logical_id(t, "OriginVerify", "AWS::SecretsManager::Secret")}
        # The committed stages keep the product's limits (domain/limits.py): no variable restates them.
        assert "PORTAL_LIMIT_PER_NUMBER" not in env and "PORTAL_LIMIT_PER_CLIENT" not in env
        assert fn["MemorySize"] >= 512
    assert api["FunctionName"] == f"e-guarantee-{stage}-api" and api["Timeout"] <= 29
    assert documents["FunctionName"] == f"e-guarantee-{stage}-documents" and documents["Timeout"] <= 29
    assert documents["Handler"] == api["Handler"] == "app.app"
    assert mail["FunctionName"] == f"e-guarantee-{stage}-deliver-mail" and mail["Handler"] == "app.deliver_mail"
    assert mail["Events"] == {"DeliverMailEvent": {"Type": "Schedule", "Properties": {"Schedule": "rate(5 minutes)"}}}
    hooks = t["Resources"]["DeliverWebhooks"]["Properties"]
    assert hooks["FunctionName"] == f"e-guarantee-{stage}-deliver-webhooks" and hooks["Handler"] == "app.deliver_webhooks"
    assert hooks["Events"] == {"DeliverWebhooksEvent": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 minute)"}}}
    assert set(hooks["Environment"]["Variables"]) == ENVIRONMENT and 60 <= hooks["Timeout"] <= 120
    assert "PORTAL_WEBHOOK_LOCAL_TARGETS" not in hooks["Environment"]["Variables"]  # public HTTPS only
    # A run (its budget and one more POST) ends inside the function's timeout, and that inside an
    # endpoint's lease: two runs never deliver to one endpoint at once.
    from chalicelib.adapters import webhook_sender
    from chalicelib.domain.webhooks import WEBHOOK_LEASE
    from chalicelib.usecases import deliver_webhooks
    assert deliver_webhooks.BUDGET_SECONDS + webhook_sender.TIMEOUT_SECONDS < hooks["Timeout"] \
        < WEBHOOK_LEASE.total_seconds()


@pytest.mark.parametrize("stage", STAGES)
def test_integration_names_the_function_without_a_reference_cycle(templates, stage):
    t = templates[main_stack(stage)]
    definition = t["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]
    assert "APIHandler.Arn" not in str(definition)
    # The routes that make PDFs go to the documents function, every other one to the lean API.
    documents = set(lambda_package.DOCUMENT_ROUTES)
    for path, methods in definition["paths"].items():
        for method, operation in methods.items():
            if "x-amazon-apigateway-integration" not in operation:
                continue
            target = "documents" if (path, method) in documents else "api"
            assert f":function:e-guarantee-{stage}-{target}/invocations" in str(operation), (path, method)
            documents.discard((path, method))
    assert documents == set()  # every document route exists
    for function in ("APIHandler", "DocumentsHandler"):
        permission = t["Resources"][f"{function}InvokePermission"]["Properties"]
        assert permission["FunctionName"] == {"Ref": function}


@pytest.mark.parametrize("stage", STAGES)
def test_the_gateway_passes_pdfs_and_csv_files_as_bytes(templates, stage):
    """An office PC's contract list is Shift_JIS: a REST API reads a body of a type not among its
    binary media types as UTF-8 text, which would mangle it before the function saw it."""
    definition = templates[main_stack(stage)]["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]
    binary = definition["x-amazon-apigateway-binary-media-types"]
    assert {"application/pdf", "text/csv"} <= set(binary)


@pytest.mark.parametrize("stage", STAGES)
def test_log_groups_have_retention(templates, stage):
    t = templates[main_stack(stage)]
    groups = {r["Properties"]["LogGroupName"]: r["Properties"]["RetentionInDays"]
              for r in t["Resources"].values() if r["Type"] == "AWS::Logs::LogGroup"}
    days = 400 if stage == "prod" else 30
    assert groups == {f"/aws/lambda/e-guarantee-{stage}-api": days,
                      f"/aws/lambda/e-guarantee-{stage}-documents": days,
                      f"/aws/lambda/e-guarantee-{stage}-deliver-mail": days,
                      f"/aws/lambda/e-guarantee-{stage}-deliver-webhooks": days,
                      f"/aws/apigateway/e-guarantee-{stage}-api-access": days}


def test_requirements_come_from_pyproject_pinned_and_without_the_chalice_cli():
    import tomllib
    lines = lambda_package.runtime_requirements()
    names = {line.split("==")[0] for line in lines}
    direct = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    for requirement in direct:
        name = re.split(r"[=<>\[ ;]", requirement)[0].lower()
        assert (name in names) == (name != "chalice"), name
    assert all(re.fullmatch(r"[a-z0-9-]+==\S+", line) for line in lines)
    assert "pillow" in names  # reached through reportlab: the closure is followed


def test_could_not_install_dependencies_is_an_error():
    from chalice.utils import UI
    with pytest.raises(lambda_package.PackagingError, match="Could not install dependencies"):
        with lambda_package.chalice_packaging():
            UI().write("Could not install dependencies:\nlxml==6.1.3\nYou will have to build these yourself\n")


@pytest.fixture(scope="session")
def chalice_package(synth, tmp_path_factory):
    """`chalice package` as `make package` runs it (after the synth: it reuses Chalice's cache)."""
    out = tmp_path_factory.mktemp("chalice-package")
    result = subprocess.run([sys.executable, str(INFRA / "package.py"), str(out)], cwd=REPO,
                            env=offline_environment(), capture_output=True, text=True, timeout=900)
    return result, out


def test_chalice_package_succeeds_with_every_dependency(chalice_package):
    result, out = chalice_package
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "Could not install dependencies" not in output
    assert (out / "deployment.zip").is_file() and (out / "sam.json").is_file()


def _unpacked(zip_path, target):
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(target)
    return target


def _origin() -> dict:
    """CloudFront's secret header, when this test session's portal expects one."""
    import os
    secret = os.environ.get("PORTAL_ORIGIN_SECRET")
    return {"X-Origin-Verify": secret} if secret else {}


def _smoke(package_dir, cases, **env):
    import json
    import os
    python = lambda_package.runtime_python()
    # -I: no PYTHONPATH, no user site-packages: only the package answers, as in Lambda.
    result = subprocess.run([python, "-I", "-B", str(INFRA.parent / "tests" / "infra" / "lambda_smoke.py"),
                             str(package_dir), json.dumps(cases)], capture_output=True, text=True, timeout=300,
                            env={**os.environ, **env}, cwd=package_dir)
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.dynamodb  # the package runs on the session's DynamoDB Local, where the test issues
def test_the_lean_package_serves_the_key_paths_under_the_runtimes_python(chalice_package, issue_guarantee,
                                                                          tmp_path):
    """The function orderers wait on, as Lambda runs it: python3.12, the lean package (no PDF
    libraries, no fonts), bytecode only (-B: nothing written), answering proxy events."""
    import os
    result, out = chalice_package
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    lean = _unpacked(out / "lean.zip", tmp_path / "lean")
    names = {p.relative_to(lean).as_posix() for p in lean.rglob("*") if p.is_file()}
    assert "chalicelib/__pycache__/__init__.cpython-312.pyc" in names  # compiled for the runtime
    assert not any(n.startswith(("fonts/", "reportlab/", "pyhanko/", "PIL/", "lxml/")) for n in names)
    assert lambda_package.unzipped_size(out / "lean.zip") <= lambda_package.LEAN_BUDGET_BYTES
    issued = issue_guarantee()
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    origin = _origin()
    json_headers = {**origin, "Content-Type": "application/json", "Accept": "application/json"}
    ran = _smoke(lean, [
        {"method": "POST", "resource": "/v1/verifications", "path": "/v1/verifications", "headers": json_headers,
         "body": {"contract_number": number, "auth_key": key}},
        {"method": "GET", "resource": "/v1/orderers", "path": "/v1/orderers", "headers": origin},
        {"method": "POST", "resource": "/v1/notices", "path": "/v1/notices",
         "headers": {**json_headers, "Accept": "application/pdf"}, "body": {"contract_number": number, "auth_key": key}},
        {"schedule": "deliver_mail"},  # the mail sweep runs on the lean package too
        {"method": "GET", "resource": "/.well-known/jwks.json", "path": "/.well-known/jwks.json", "headers": origin},
        {"method": "POST", "resource": "/v1/staff/sign-in-codes", "path": "/v1/staff/sign-in-codes",
         "headers": {**json_headers, "Origin": os.environ["PORTAL_SITE_URL"]},  # the portal's own page
         "body": {"email": "keiyaku@city.saku.nagano.jp"}},
    ])
    assert ran["python"] == [3, 12]
    verified, orderers, notice, swept, jwks, code = ran["answers"]
    assert swept["status"] == "ran" and jwks["status"] == 200 and '"keys"' in jwks["body"]
    assert code["status"] == 202, code  # a sign-in code mailed (the outbox and the mail adapter)
    assert verified["status"] == 200 and number in verified["body"], verified
    assert orderers["status"] == 200
    # A document route cannot run here: that is why API Gateway sends it to the documents function.
    assert notice["status"] >= 500
    assert ran["document_modules"] == []


@pytest.mark.dynamodb  # the package runs on the session's DynamoDB Local, where the test issues
def test_the_lean_package_registers_webhooks_and_delivers_them_under_the_runtimes_python(chalice_package, api,
                                                                                         tmp_path):
    """The webhook function (lean package): an endpoint registered through API Gateway's event,
    and the scheduled delivery POSTing a signed event to a receiver that checks it with the SDK."""
    import datetime as dt
    import uuid
    from chalicelib.adapters import clock
    from chalicelib.usecases import sureties
    from devtools.webhook_receiver import WebhookReceiver
    from support import clock_at, guarantee_request, issue_headers, post_json
    result, out = chalice_package
    lean = _unpacked(out / "lean.zip", tmp_path / "lean")
    surety_id = f"smoke-{uuid.uuid4().hex[:8]}"
    sureties.register(surety_id, "スモーク建設業保証株式会社")
    token = sureties.create_token(surety_id, ["issue", "webhooks"])[1]
    receiver = WebhookReceiver().start()
    try:
        registering = [{"method": "POST", "resource": "/v1/webhooks", "path": "/v1/webhooks",
                        "headers": {**_origin(), "Content-Type": "application/json", "Authorization": f"Bearer {token}"},
                        "body": {"url": receiver.url}}]
        [registered] = _smoke(lean, registering)["answers"]
        assert registered["status"] == 201, registered
        receiver.secret = json.loads(registered["body"])["secret"]
        # An issuance a minute ago (old enough to be sent: feed.SETTLES), replayed from two minutes ago.
        now = clock.now()
        with clock_at(now - dt.timedelta(minutes=1)):
            issued = post_json(api, "/v1/guarantees", guarantee_request(), issue_headers(token)).json_body
        webhook_id = json.loads(registered["body"])["webhook"]["webhook_id"]
        since = (now - dt.timedelta(minutes=2)).isoformat()
        assert post_json(api, f"/v1/webhooks/{webhook_id}/replay", {"since": since},
                         {"Authorization": f"Bearer {token}"}).status_code == 202
        ran = _smoke(lean, [{"schedule": "deliver_webhooks"}])
    finally:
        receiver.stop()
    assert ran["answers"] == [{"status": "ran", "body": ""}] and ran["document_modules"] == []
    [delivery] = receiver.deliveries
    assert delivery.status == 204 and delivery.verified
    assert delivery.payload["guarantee_id"] == issued["guarantee"]["guarantee_id"]
    assert delivery.payload["event"]["type"] == "issued"


@pytest.mark.dynamodb  # the package runs on the session's DynamoDB Local, where the test issues
def test_the_documents_package_makes_the_notice_under_the_runtimes_python(chalice_package, issue_guarantee,
                                                                           tmp_path):
    result, out = chalice_package
    documents = _unpacked(out / "documents.zip", tmp_path / "documents")
    assert (documents / "fonts" / "ipamjm.ttf").is_file()
    issued = issue_guarantee()
    origin = _origin()
    pdf_headers = {**origin, "Content-Type": "application/json", "Accept": "application/pdf"}
    number_and_key = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"]}
    ran = _smoke(documents, [
        {"method": "POST", "resource": "/v1/notices", "path": "/v1/notices", "headers": pdf_headers,
         "body": number_and_key},
        {"method": "POST", "resource": "/v1/certificate-copies", "path": "/v1/certificate-copies",
         "headers": pdf_headers, "body": number_and_key},
    ], PORTAL_FONT_DIR=str(documents / "fonts"))
    notice, copy = ran["answers"]
    assert notice["status"] == 200 and notice["body"].startswith("JVBERi0"), notice  # base64 of "%PDF-"
    assert copy["status"] == 200 and copy["body"].startswith("JVBERi0"), copy[:300] if isinstance(copy, str) else copy["status"]
    assert {"reportlab", "qrcode", "pyhanko"} <= set(ran["document_modules"])


def test_package_fits_lambda_with_fonts_at_the_root(chalice_package):
    result, out = chalice_package
    with zipfile.ZipFile(out / "deployment.zip") as z:
        infos = z.infolist()
    names = {i.filename for i in infos}
    unzipped = sum(i.file_size for i in infos)
    print(f"\nLambda package: {(out / 'deployment.zip').stat().st_size / 2**20:.1f} MiB zipped, "
          f"{unzipped / 2**20:.1f} MiB unzipped (limit 250 MiB)", file=sys.stderr)
    assert unzipped < LAMBDA_UNZIPPED_LIMIT
    # vendor/fonts/ lands at the package root = /var/task/fonts
    assert {"fonts/ipaexg.ttf", "fonts/ipamjm.ttf"} <= names
    assert {"app.py", "chalice/app.py", "chalicelib/adapters/dynamodb/__init__.py",
            "chalicelib/adapters/dynamodb/keys.py", "chalicelib/adapters/dynamodb/schema.py"} <= names
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
    assert not any(n.startswith(("devtools/", "vendor/")) for n in names)
    # Every extension module is built for the Lambda runtime's CPython (or the stable ABI).
    runtime_tag = "cpython-" + lambda_package.RUNTIME.removeprefix("python").replace(".", "")
    extensions = [n for n in names if n.endswith(".so") and ".cpython-" in n]
    assert extensions and all(runtime_tag in n and "x86_64-linux-gnu" in n for n in extensions), extensions


@pytest.mark.parametrize("stage", STAGES)
def test_the_synthesized_function_code_is_an_s3_asset(synth, templates, stage):
    # Through the CDK asset bucket: the lean package for the API and the sweep, the documents one.
    resources = templates[main_stack(stage)]["Resources"]
    codes = {f: resources[f]["Properties"]["CodeUri"] for f in ("APIHandler", "DeliverMail", "DeliverWebhooks",
                                                                 "DocumentsHandler")}
    for code in codes.values():
        assert code["Bucket"] == {"Fn::Sub": "cdk-hnb659fds-assets-${AWS::AccountId}-ap-northeast-1"}
    assert codes["APIHandler"] == codes["DeliverMail"] == codes["DeliverWebhooks"] != codes["DocumentsHandler"]
    lean = synth["out"] / f"asset.{codes['APIHandler']['Key']}"
    documents = synth["out"] / f"asset.{codes['DocumentsHandler']['Key']}"
    assert lambda_package.unzipped_size(lean) <= lambda_package.LEAN_BUDGET_BYTES < lambda_package.unzipped_size(documents)


def test_signing_certificates_are_shipped_per_stage(tmp_path):
    api = tmp_path / "api"
    pem = tmp_path / "prod.pem"
    pem.write_text("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
    (api / "vendor" / "signing").mkdir(parents=True)
    (api / "vendor" / "signing" / "old.pem").write_text("stale")
    lambda_package.copy_signing_certs({"prod": pem}, api)
    assert sorted(p.name for p in (api / "vendor" / "signing").iterdir()) == ["prod.pem"]
    assert lambda_package.signing_cert_in_lambda("prod") == "/var/task/signing/prod.pem"


def test_stage_settings_are_validated(tmp_path):
    from portal_infra import stages
    with pytest.raises(stages.StageError, match="signing_cert"):
        stages.load("prod", {"signing_cert": str(tmp_path / "missing.pem")})
    with pytest.raises(stages.StageError, match="certificate_arn"):
        stages.load("prod", {"certificate_arn": "null"})
    with pytest.raises(stages.StageError, match="api_memory_mb"):
        stages.load("dev", {"api_memory_mb": 256})
    example_certificate = "arn:aws:acm:us-east-1:000000000000:certificate/00000000-0000-0000-0000-000000000000"
    assert stages.placeholders(stages.load("prod")) == ["mail_from=no-reply@e-hosho.example.jp",
                                                        "site_domain=e-hosho.example.jp",
                                                        f"certificate_arn={example_certificate}"]
    assert stages.placeholders(stages.load("prod", {
        "mail_from": "no-reply@hosho.co.jp", "site_domain": "e-hosho.hosho.co.jp",
        "certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/1b2c3d4e-0000-4000-8000-000000000001"})) == []
