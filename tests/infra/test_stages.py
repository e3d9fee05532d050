"""Stage settings are checked before anything is synthesized."""
from __future__ import annotations

import pytest

import infra_support  # noqa: F401  (puts infra/ on the path)
from portal_infra import stages


@pytest.mark.parametrize("stage", stages.STAGES)
def test_the_committed_stages_apply_the_products_attempt_limits(stage):
    """The limits are stated once, in api/chalicelib/domain/limits.py: a committed stage leaves
    them null, sets no variable, and the API applies those defaults."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("limits_under_test", stages.LIMITS_MODULE)
    limits = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(limits)
    loaded = stages.load(stage)
    assert (loaded.failures_per_number_per_hour, loaded.failures_per_client_per_hour) == (None, None)
    assert stages.wrong_key_limits(loaded) == (limits.WRONG_KEYS_PER_NUMBER_PER_HOUR, limits.WRONG_KEYS_PER_CLIENT_PER_HOUR)
    assert "PORTAL_LIMIT_PER_NUMBER" not in loaded.limits_environment


def test_a_gateway_shared_by_many_clerks_can_have_a_higher_client_limit():
    assert stages.load("prod", {"failures_per_client_per_hour": "500"}).failures_per_client_per_hour == 500


def test_the_sign_in_limits_per_client_are_stage_settings_too():
    """A gateway shared by many clerks: the sign-in limits per client can be raised like the key
    limits (null keeps domain/staff.py's defaults, which the API applies without a variable)."""
    committed = stages.load("prod").limits_environment
    assert committed == {}
    raised = stages.load("prod", {"sign_in_codes_per_client_per_hour": "300",
                                  "wrong_sign_in_codes_per_client_per_hour": "200"}).limits_environment
    assert raised["PORTAL_SIGNIN_REQUESTS_PER_CLIENT"] == "300" and raised["PORTAL_SIGNIN_WRONG_PER_CLIENT"] == "200"
    with pytest.raises(stages.StageError, match="wrong_sign_in_codes_per_client_per_hour"):
        stages.load("dev", {"wrong_sign_in_codes_per_client_per_hour": "0"})


@pytest.mark.parametrize("overrides", [{"failures_per_number_per_hour": "0"},
                                       {"failures_per_number_per_hour": "60"}])
def test_attempt_limits_that_make_no_sense_are_refused(overrides):
    with pytest.raises(stages.StageError, match="failures_per_number_per_hour"):
        stages.load("dev", overrides)
