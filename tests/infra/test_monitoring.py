"""Alarms and the log fields they read."""
from __future__ import annotations

import pytest

from chalicelib.edge import logs
from infra_support import STAGES, edge_stack, main_stack, resources_of_type


def _alarms(template: dict) -> dict[str, dict]:
    return {a["Properties"]["AlarmName"]: a["Properties"]
            for a in resources_of_type(template, "AWS::CloudWatch::Alarm").values()}


@pytest.mark.parametrize("stage", STAGES)
def test_alarms_exist_and_notify(templates, stage):
    p = f"e-guarantee-{stage}-"
    alarms = _alarms(templates[main_stack(stage)])
    for name in ("api-5xx-rate", "lambda-api-errors", "lambda-mail-errors", "lambda-api-throttles",
                 "lambda-mail-throttles", "lambda-documents-errors", "lambda-documents-throttles", "dynamodb-readthrottleevents", "dynamodb-writethrottleevents",
                 "lockout-spike", "locked-out-requests", "key-check-failures", "mail-not-sent"):
        assert p + name in alarms, name
        [action] = alarms[p + name]["AlarmActions"]
        assert "Ref" in action and action["Ref"].startswith("Alarms")
    edge_alarms = _alarms(templates[edge_stack(stage)])
    assert {p + "waf-rate-limit-lockouts", p + "waf-blocked-spike"} <= set(edge_alarms)
    rate = edge_alarms[p + "waf-rate-limit-lockouts"]
    assert {d["Name"]: d["Value"] for d in rate["Dimensions"]} == {"WebACL": f"e-guarantee-{stage}-web",
                                                                 "Rule": "KeyPathsRateLimit"}


@pytest.mark.parametrize("stage", STAGES)
def test_metric_filters_read_fields_the_logs_write(templates, stage):
    filters = resources_of_type(templates[main_stack(stage)], "AWS::Logs::MetricFilter")
    assert len(filters) == 10  # the three key-route metrics on both API functions, mail on all three, webhook runs stopped
    written = set(logs.FIELDS) | {"level", "logger", "message", "time"}
    import re
    for f in filters.values():
        for field in re.findall(r"\$\.(\w+)", f["Properties"]["FilterPattern"]):
            assert field in written, field
        assert f["Properties"]["LogGroupName"].startswith(f"/aws/lambda/e-guarantee-{stage}-")
