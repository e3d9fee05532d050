"""POST /v1/guarantees/{id}/cancellation (cancel_guarantee): once, and nothing changes afterwards."""
from __future__ import annotations



from openapi_document import AMEND, CANCEL, GET_ONE, amend, amendment, cancel, check_response, get_guarantee, today_jst


def test_cancel_200_then_409_already_cancelled_and_409_guarantee_cancelled(api, surety_token, issue_guarantee):
    gid = issue_guarantee()["guarantee"]["guarantee_id"]
    cancelled = check_response(cancel(api, surety_token, gid, {"reason": "工事の中止", "date": today_jst().isoformat()}),
                               *CANCEL, 200)
    assert (cancelled["status"], cancelled["status_label"]) == ("cancelled", "解約")
    assert {k: cancelled["cancellation"][k] for k in ("date", "reason")} == {"date": today_jst().isoformat(),
                                                                              "reason": "工事の中止"}
    assert cancelled == check_response(get_guarantee(api, surety_token, gid), *GET_ONE, 200)

    error = check_response(cancel(api, surety_token, gid, {"reason": "別の理由", "date": "2030-01-01"}),
                           *CANCEL, 409)["error"]
    assert error["code"] == "already_cancelled"
    error = check_response(amend(api, surety_token, gid, amendment()), *AMEND, 409)["error"]
    assert error["code"] == "guarantee_cancelled"
    after = check_response(get_guarantee(api, surety_token, gid), *GET_ONE, 200)
    assert after["cancellation"] == cancelled["cancellation"] and after["latest_version"] == 1
