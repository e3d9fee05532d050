"""The e-guarantee portal's AWS infrastructure (AWS CDK v2, Python).

infra/app.py builds one stage (dev or prod) as two stacks:
  EGuarantee-<stage>       ap-northeast-1: table, API (Chalice), pepper, signing key, SES, site, CDN, alarms
  EGuarantee-<stage>-edge  us-east-1: the WAF web ACL (CloudFront-scoped ACLs live only there) and its alarms
"""

import importlib.util as _importlib_util
from pathlib import Path as _Path

_TABLE_MODULE = _Path(__file__).resolve().parents[1] / "table.py"


def table_properties(table_name: str, production: bool) -> dict:
    """CloudFormation properties of the table, from infra/table.py (itself derived from
    api/chalicelib/adapters/dynamodb/schema.py, the definition the local bootstrap uses)."""
    spec = _importlib_util.spec_from_file_location("portal_infra_table", _TABLE_MODULE)
    module = _importlib_util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.cloudformation_properties(table_name, production)
