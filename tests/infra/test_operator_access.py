"""The operator's routes in AWS: IAM-signed (API Gateway's SigV4 authorizer on every
/v1/operator/... method), the operators named by the stage (PORTAL_OPERATOR_ARNS), and never
the local key file: no function of any stage has PORTAL_OPERATOR_LOCAL_KEYS."""
from __future__ import annotations

import json

import pytest

from infra_support import INFRA, STAGES, main_stack, resources_of_type
from portal_infra import stages


def _functions(template: dict) -> dict[str, dict]:
    return {**resources_of_type(template, "AWS::Serverless::Function"), **resources_of_type(template, "AWS::Lambda::Function")}


@pytest.mark.parametrize("stage", STAGES)
def test_no_function_ever_reads_the_local_operator_keys(templates, stage):
    for name, template in templates.items():
        for rid, fn in _functions(template).items():
            env = (fn["Properties"].get("Environment") or {}).get("Variables") or {}
            assert "PORTAL_OPERATOR_LOCAL_KEYS" not in env, f"{name} {rid}"
    assert "PORTAL_OPERATOR_LOCAL_KEYS" not in json.dumps(templates)


def test_the_infra_code_never_sets_the_local_operator_keys():
    for path in INFRA.rglob("*.py"):
        if "cdk.out" not in path.parts:
            assert "PORTAL_OPERATOR_LOCAL_KEYS" not in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize("stage", STAGES)
def test_every_operator_method_needs_an_iam_signature(templates, stage):
    [api] = resources_of_type(templates[main_stack(stage)], "AWS::Serverless::Api").values()
    swagger = api["Properties"]["DefinitionBody"]
    schemes = swagger["securityDefinitions"]
    operator_paths = {p: ops for p, ops in swagger["paths"].items() if p.startswith("/v1/operator/")}
    assert len(operator_paths) >= 10
    for path, ops in operator_paths.items():
        for method, op in ops.items():
            if method == "options":
                continue
            [requirement] = op["security"]
            [scheme] = requirement
            assert schemes[scheme]["x-amazon-apigateway-authtype"] == "awsSigv4", (path, method)
    for path, ops in swagger["paths"].items():
        if not path.startswith("/v1/operator/"):  # the other routes are not made IAM-only by mistake
            assert all("security" not in op or all("sigv4" not in r for r in op["security"])
                       for m, op in ops.items() if isinstance(op, dict)), path


@pytest.mark.parametrize("stage", STAGES)
def test_the_operators_are_named_by_the_stage_only(templates, stage):
    env = templates[main_stack(stage)]["Resources"]["APIHandler"]["Properties"]["Environment"]["Variables"]
    assert "PORTAL_OPERATOR_ARNS" not in env  # the committed stages name nobody yet: every operator call is refused
    outputs = templates[main_stack(stage)]["Outputs"]
    assert "execute-api" in json.dumps(outputs["OperatorApiBase"]["Value"])


def test_a_stage_names_its_operators_as_iam_arns():
    named = stages.load("dev", {"operator_arns": "arn:aws:iam::123456789012:role/PortalOperator, "
                                                "arn:aws:iam::123456789012:user/unei"})
    assert named.operator_environment == {
        "PORTAL_OPERATOR_ARNS": "arn:aws:iam::123456789012:role/PortalOperator,arn:aws:iam::123456789012:user/unei"}
    assert stages.load("dev").operator_environment == {}
    with pytest.raises(stages.StageError, match="operator_arns"):
        stages.load("dev", {"operator_arns": "someone"})
