"""Run by tests/infra/test_lambda.py with the runtime's Python inside an unpacked package:
the handler Lambda calls (`app.app`) answers API Gateway proxy events for the given routes.

    python3.12 -B lambda_smoke.py PACKAGE_DIR CASES_JSON

CASES_JSON: [{"method", "resource", "path", "headers", "body"} or {"schedule": name}]; prints one JSON line with
each answer's status and body, and the modules of the document libraries that were loaded.
"""
import json
import sys

package, cases = sys.argv[1], json.loads(sys.argv[2])
sys.path.insert(0, package)
import app  # noqa: E402

answers = []
for case in cases:
    if case.get("schedule"):  # a scheduled function, as EventBridge calls it
        getattr(app, case["schedule"])({"version": "0", "id": "smoke", "detail-type": "Scheduled Event", "source": "aws.events",
                                        "account": "123456789012", "time": "2026-12-01T00:00:00Z",
                                        "region": "ap-northeast-1", "resources": [], "detail": {}}, None)
        answers.append({"status": "ran", "body": ""})
        continue
    event = {
        "resource": case["resource"], "path": case["path"], "httpMethod": case["method"],
        "headers": case.get("headers") or {}, "multiValueHeaders": {},
        "queryStringParameters": None, "multiValueQueryStringParameters": None,
        "pathParameters": case.get("pathParameters"), "stageVariables": None,
        "requestContext": {"resourcePath": case["resource"], "httpMethod": case["method"], "stage": "api",
                           "requestId": "smoke", "identity": {"sourceIp": "192.0.2.1"}},
        "body": json.dumps(case["body"]) if case.get("body") is not None else None,
        "isBase64Encoded": False,
    }
    answer = app.app(event, None)
    answers.append({"status": answer["statusCode"], "body": answer.get("body") or ""})
loaded = sorted({m.split(".")[0] for m in sys.modules} & {"reportlab", "pyhanko", "PIL", "qrcode", "lxml", "aiohttp"})
print(json.dumps({"answers": answers, "document_modules": loaded, "python": list(sys.version_info[:2])}))
