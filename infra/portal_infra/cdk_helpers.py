"""CDK's own deploy-time functions (the site upload, the cross-region reference's reader and
writer): their reserved concurrency and checkov's reasons, set where CDK leaves them."""
from __future__ import annotations

import aws_cdk as cdk
import constructs
import jsii

from . import audit


@jsii.implements(constructs.IValidation)
class _AfterPrepare:
    """Runs `apply` once CDK has created its own resources: the cross-region reference's
    functions are added while the app is prepared for synthesis, after every aspect has run
    and before validation (constructs' validations are the first hook after that)."""

    def __init__(self, apply) -> None:
        self._apply = apply

    def validate(self) -> list[str]:
        self._apply()
        return []


def reserve_helper_concurrency(stack: cdk.Stack, reserved: int | None) -> None:
    """Reserved concurrency and checkov's reasons on CDK's own deploy-time functions (the site
    upload, the cross-region reference's reader or writer): every function in `stack` that is
    a plain AWS::Lambda::Function, i.e. not one of the portal's (SAM) functions."""
    def apply() -> None:
        for construct in stack.node.find_all():
            if isinstance(construct, cdk.CfnResource) and construct.cfn_resource_type == "AWS::Lambda::Function" \
                    and construct.get_metadata("checkov") is None:
                if reserved is not None:
                    construct.add_property_override("ReservedConcurrentExecutions", reserved)
                audit.skip(construct, audit.NO_VPC, audit.HELPER_ENVIRONMENT, audit.HELPER_NO_DLQ)
    stack.node.add_validation(_AfterPrepare(apply))
