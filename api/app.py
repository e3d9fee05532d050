"""Route table of the e-guarantee portal API. Thin on purpose: each route authenticates,
reads its body (checked against its operation's schema in openapi.yaml, see
chalicelib/edge/request_check.py) and hands over to a use case in chalicelib/usecases/, whose
dependencies chalicelib/bootstrap.py wires (on first use: importing this module reads no setting)."""
from chalice import Chalice, IAMAuthorizer, Rate
from chalice.app import Request
from chalicelib import (
    bootstrap,
    usecases,  # each use case module is imported by the first request that needs it
)
from chalicelib.bootstrap import origin_secrets, site_url
from chalicelib.domain.errors import NotFound
from chalicelib.usecases import operator as ops
from chalicelib.edge import client, cookies, logs, operator_auth, replies, request_check, uploads
from chalicelib.edge.web import (
    ANY_CONTENT_TYPE,
    endpoint,
    file_reply,
    reply,
    request_json,
)

app = Chalice(app_name="e-guarantee-portal")
bootstrap.ensure_installed()  # the product's adapters behind the use cases' ports, each built when first used
logs.install(app)  # on Lambda: JSON log lines, one access line per request (chalicelib/edge/logs.py)
# Every reply in the portal's shape; direct calls that skipped CloudFront refused, but for the
# operator's IAM-signed calls, which go to API Gateway directly (edge/operator_auth.py).
replies.install(app, origin_secrets, operator_auth.came_by_iam)
cookies.install(app, site_url)  # routes marked portal_pages_only: calls from the portal's own pages only
app.api.binary_types.append(usecases.reissue_notice.CONTENT_TYPE)
# A CSV crosses API Gateway as bytes both ways (edge/uploads.py): so the 受領台帳's CSV is sent as
# bytes too (Chalice base64-encodes the replies of a binary type, and refuses one that is not bytes).
app.api.binary_types.append(uploads.CSV)


def _client() -> str | None:
    """Who is counted for wrong keys: a signed-in member of staff by their account (a city
    hall behind one proxy is not one client), anyone else by their address."""
    token = cookies.token_from_portal_pages(app.current_request, site_url())
    session = usecases.staff_sign_in.current(token)  # None without a cookie, no read
    return f"staff:{session.staff.email}" if session is not None else _client_address()


def _client_address() -> str | None:
    return client.address(app.current_request, origin_secrets())


@app.route("/v1/guarantees", methods=["POST"], content_types=ANY_CONTENT_TYPE)
@endpoint
def create_guarantee():
    request = app.current_request
    caller = _caller("issue")
    body = request_json(request, "createGuarantee")
    issued = usecases.issue_guarantee.issue(caller, request.headers.get("idempotency-key"), body)
    return reply(201, issued.body, {"Idempotent-Replayed": "true"} if issued.replayed else None)


def _request() -> Request:
    """The request being answered: Chalice sets it before a route runs, so None is a bug."""
    request = app.current_request
    if request is None:
        raise RuntimeError("no request is being answered")
    return request


def _caller(scope: str):
    return usecases.sureties.authenticate(_request().headers.get("authorization"), scope=scope)


def _query(operation: str) -> dict[str, str]:
    """The operation's query parameters, checked against openapi.yaml (after authentication)."""
    # Chalice's MultiDict gives a parameter's last value, as dict() does.
    return request_check.query(operation, dict(_request().query_params or {}))


@app.route("/v1/guarantees", methods=["GET"])
@endpoint
def list_guarantees():
    caller = _caller("read")
    query = _query("listGuarantees")
    return reply(200, usecases.read_guarantees.listing(caller, query.get("orderer"), query.get("contractor"),
                                                       query.get("cursor"), query.get("limit")))


@app.route("/v1/guarantees/{guarantee_id}", methods=["GET"])
@endpoint
def get_guarantee(guarantee_id):
    return reply(200, usecases.read_guarantees.guarantee(_caller("read"), guarantee_id))


@app.route("/v1/guarantees/{guarantee_id}/events", methods=["GET"])
@endpoint
def get_guarantee_events(guarantee_id):
    caller = _caller("read")
    query = _query("listGuaranteeEvents")
    return reply(200, usecases.read_guarantees.event_log(caller, guarantee_id, query.get("cursor"), query.get("limit")))


@app.route("/v1/events", methods=["GET"])
@endpoint
def list_surety_events():
    caller = _caller("read")
    query = _query("listSuretyEvents")
    return reply(200, usecases.read_guarantees.feed(caller, query.get("cursor"), query.get("limit")))


# ---- webhooks (surety) ----------------------------------------------------------------------

@app.route("/v1/webhooks", methods=["POST"], content_types=ANY_CONTENT_TYPE)
@endpoint
def create_webhook():
    caller = _caller("webhooks")
    return reply(201, usecases.webhooks.register(caller, request_json(app.current_request, "createWebhook")))


@app.route("/v1/webhooks", methods=["GET"])
@endpoint
def list_webhooks():
    return reply(200, usecases.webhooks.listing(_caller("webhooks")))


@app.route("/v1/webhooks/{webhook_id}", methods=["DELETE"])
@endpoint
def delete_webhook(webhook_id):
    return reply(200, usecases.webhooks.remove(_caller("webhooks"), webhook_id))


@app.route("/v1/webhooks/{webhook_id}/secret", methods=["POST"], content_types=ANY_CONTENT_TYPE)
@endpoint
def rotate_webhook_secret(webhook_id):
    return reply(201, usecases.webhooks.rotate_secret(_caller("webhooks"), webhook_id))


@app.route("/v1/webhooks/{webhook_id}/replay", methods=["POST"], content_types=ANY_CONTENT_TYPE)
@endpoint
def replay_webhook(webhook_id):
    caller = _caller("webhooks")
    return reply(202, usecases.webhooks.replay(caller, webhook_id, request_json(app.current_request, "replayWebhook")))


@app.route("/v1/guarantees/{guarantee_id}/amendments", methods=["POST"], content_types=ANY_CONTENT_TYPE)
@endpoint
def create_amendment(guarantee_id):
    caller = _caller("amend")
    request = app.current_request
    body = request_json(request, "amendGuarantee")
    issued = usecases.amend_guarantee.amend(caller, guarantee_id, request.headers.get("idempotency-key"), body)
    return reply(201, issued.body, {"Idempotent-Replayed": "true"} if issued.replayed else None)


@app.route("/v1/guarantees/{guarantee_id}/cancellation", methods=["POST"], content_types=ANY_CONTENT_TYPE)
@endpoint
def create_cancellation(guarantee_id):
    caller = _caller("cancel")
    usecases.cancel_guarantee.cancel(caller, guarantee_id,
                            request_json(app.current_request, "cancelGuarantee"))
    return reply(200, usecases.read_guarantees.guarantee(caller, guarantee_id))


@app.route("/v1/verifications", methods=["POST"], content_types=ANY_CONTENT_TYPE)
@endpoint
def create_verification():
    body = request_json(app.current_request, "verifyGuarantee")
    return reply(200, usecases.verify_guarantee.verify(body, _client()))


@app.route("/v1/receipts", methods=["POST"], content_types=ANY_CONTENT_TYPE)
@cookies.portal_pages_only
@endpoint
def create_receipt():
    # Recording 受領 carries the orderer's authority: a signed-in member of its staff only.
    token = cookies.token_of(app.current_request)
    session = usecases.staff_sign_in.required(token)
    body = request_json(app.current_request, "recordReceipt")
    receipt, newly = usecases.record_receipt.record(body, session.staff, f"staff:{session.staff.email}")
    # Offered for this sign-in's next receipt (GET /v1/staff/session), here and on まとめて確認.
    usecases.staff_sign_in.remember_receipt_entries(token, body["department"], body["name"])
    return reply(201 if newly else 200, {"receipt": receipt, "newly_recorded": newly})


# ---- 電子提出 (contractor) ----------------------------------------------------------------------
# No sign-in: the key in the body is the proof (never in a URL); wrong keys counted as on every key route.

@app.route("/v1/submission-previews", methods=["POST"], content_types=ANY_CONTENT_TYPE)
@endpoint
def preview_submission():
    body = request_json(app.current_request, "previewSubmission")
    return reply(200, usecases.submit_guarantee.preview(body, _client()))


@app.route("/v1/submissions", methods=["POST"], content_types=ANY_CONTENT_TYPE)
@endpoint
def create_submission():
    body = request_json(app.current_request, "createSubmission")
    submission, newly = usecases.submit_guarantee.submit(body, _client())
    return reply(201 if newly else 200, {"submission": submission, "newly_submitted": newly})


# ---- orderer staff: sign-in and session ------------------------------------------------------

@app.route("/v1/staff/sign-in-codes", methods=["POST"], content_types=ANY_CONTENT_TYPE)
@cookies.portal_pages_only
@endpoint
def create_sign_in_code():
    usecases.staff_sign_in.request_code(request_json(app.current_request, "requestSignInCode")["email"], _client_address())
    return reply(202, {"message": usecases.staff_sign_in.CODE_SENT_MESSAGE})


@app.route("/v1/staff/session", methods=["POST"], content_types=ANY_CONTENT_TYPE)
@cookies.portal_pages_only
@endpoint
def create_staff_session():
    body = request_json(app.current_request, "signIn")
    token, session = usecases.staff_sign_in.sign_in(body["email"], body["code"], _client_address())
    return reply(201, usecases.staff_sign_in.session_view(session),
                 {"Set-Cookie": cookies.session_cookie(token, session.ends_at() - session.created_at, site_url())})


@app.route("/v1/staff/session", methods=["GET"])
@cookies.portal_pages_only
@endpoint
def get_staff_session():
    return reply(200, usecases.staff_sign_in.session_view(usecases.staff_sign_in.required(cookies.token_of(app.current_request))))


@app.route("/v1/staff/session", methods=["DELETE"])
@cookies.portal_pages_only
@endpoint
def delete_staff_session():
    usecases.staff_sign_in.sign_out(cookies.token_of(app.current_request))
    return reply(200, {"signed_out": True}, {"Set-Cookie": cookies.cleared_cookie(site_url())})


# ---- orderer administrator (発注者の管理者: departments, notification addresses, staff activity) ----

@app.route("/v1/staff/orderer", methods=["GET"])
@cookies.portal_pages_only
@endpoint
def get_own_orderer():
    session = usecases.staff_sign_in.required(cookies.token_of(app.current_request))
    return reply(200, usecases.orderer_admin.settings(session.staff))


@app.route("/v1/staff/orderer", methods=["PATCH"], content_types=ANY_CONTENT_TYPE)
@cookies.portal_pages_only
@endpoint
def change_own_orderer():
    session = usecases.staff_sign_in.required(cookies.token_of(app.current_request))
    body = request_json(app.current_request, "changeOrdererSettings")
    return reply(200, usecases.orderer_admin.change(session.staff, body))


@app.route("/v1/staff/activity", methods=["GET"])
@cookies.portal_pages_only
@endpoint
def list_staff_activity():
    session = usecases.staff_sign_in.required(cookies.token_of(app.current_request))
    query = _query("listStaffActivity")
    return reply(200, usecases.orderer_admin.activity(session.staff, query.get("cursor"), query.get("limit")))


# ---- 受領台帳 (orderer staff) ----------------------------------------------------------------

@app.route("/v1/staff/receipts", methods=["GET"])
@cookies.portal_pages_only
@endpoint
def list_received():
    session = usecases.staff_sign_in.required(cookies.token_of(app.current_request))
    query = _query("listReceivedGuarantees")
    return reply(200, usecases.receipt_ledger.page(session.staff, usecases.receipt_ledger.query_of(query),
                                                   query.get("cursor")))


@app.route("/v1/staff/receipts.csv", methods=["GET"])
@cookies.portal_pages_only
@endpoint
def export_received():
    session = usecases.staff_sign_in.required(cookies.token_of(app.current_request))
    today = bootstrap.installed().clock.today()
    filters, cursor = _ledger_filters("exportReceivedGuarantees")
    part = usecases.ledger_export.part(session.staff, usecases.receipt_ledger.query_of(filters), cursor,
                                      usecases.receipt_ledger.page)
    response = file_reply(part.text.encode("utf-8"), "text/csv; charset=utf-8", usecases.receipt_ledger.csv_filename(session.staff, today))
    if part.next_cursor is not None:
        response.headers["X-Next-Cursor"] = part.next_cursor
    return response


def _ledger_filters(operation: str) -> tuple[dict[str, str], str | None]:
    """The register's filters (receipt_ledger.query_of reads them) and the part's cursor."""
    query = _query(operation)
    return {k: v for k, v in query.items() if k != "cursor"}, query.get("cursor")


@app.route("/v1/staff/receipts/{guarantee_id}/{version}", methods=["GET"])
@cookies.portal_pages_only
@endpoint
def get_received(guarantee_id, version):
    session = usecases.staff_sign_in.required(cookies.token_of(app.current_request))
    return reply(200, usecases.receipt_ledger.received(session.staff, guarantee_id, _receipt_version(version)))


@app.route("/v1/staff/receipts/{guarantee_id}/{version}/withdrawal", methods=["POST"], content_types=ANY_CONTENT_TYPE)
@cookies.portal_pages_only
@endpoint
def withdraw_receipt(guarantee_id, version):
    session = usecases.staff_sign_in.required(cookies.token_of(app.current_request))
    body = request_json(app.current_request, "withdrawReceipt")
    usecases.record_receipt.withdraw(session.staff, guarantee_id, _receipt_version(version), body["department"])
    return reply(200, {"withdrawn": True})


def _receipt_version(text: str) -> int:
    """A version in a path, as ASCII digits of a number a guarantee can reach ('²' or a
    5,000-digit number is no version: never handed to int() unchecked)."""
    if not (text.isascii() and text.isdigit() and len(text) <= 4 and 1 <= int(text)):
        raise NotFound("not_found", "この受領の記録は見つかりません。")
    return int(text)


# ---- the orderer's own contract list (契約一覧, staff) --------------------------------------------

@app.route("/v1/staff/contract-list", methods=["GET"])
@cookies.portal_pages_only
@endpoint
def get_contract_list():
    session = usecases.staff_sign_in.required(cookies.token_of(app.current_request))
    return reply(200, usecases.contract_list.current(session.staff))


@app.route("/v1/staff/contract-list", methods=["PUT"], content_types=ANY_CONTENT_TYPE)
@cookies.portal_pages_only
@endpoint
def upload_contract_list():
    session = usecases.staff_sign_in.required(cookies.token_of(app.current_request))
    try:
        return reply(200, usecases.contract_list.upload(
            session.staff, uploads.csv_file(app.current_request, usecases.contract_list.MAX_BYTES, "契約一覧")))
    except usecases.contract_list.Refused as refused:  # evaluated only when raised: no import at cold start
        return reply(400, {"error": refused.body()})


@app.route("/v1/staff/contract-list", methods=["DELETE"])
@cookies.portal_pages_only
@endpoint
def remove_contract_list():
    session = usecases.staff_sign_in.required(cookies.token_of(app.current_request))
    return reply(200, usecases.contract_list.remove(session.staff))


# ---- 受付箱 (orderer staff) -------------------------------------------------------------------

@app.route("/v1/staff/submissions", methods=["GET"])
@cookies.portal_pages_only
@endpoint
def list_submissions():
    staff = usecases.staff_sign_in.required(cookies.token_of(app.current_request)).staff
    query = _query("listSubmissions")
    return reply(200, usecases.inbox.rows(staff, usecases.inbox.Filters.from_query(query), query.get("cursor"),
                                          query.get("limit")))


@app.route("/v1/staff/submissions/{submission_id}", methods=["GET"])
@cookies.portal_pages_only
@endpoint
def get_submission(submission_id):
    session = usecases.staff_sign_in.required(cookies.token_of(app.current_request))
    return reply(200, usecases.inbox.entry(session.staff, submission_id))


@app.route("/v1/staff/submissions/{submission_id}/receipt", methods=["POST"], content_types=ANY_CONTENT_TYPE)
@cookies.portal_pages_only
@endpoint
def receive_submission(submission_id):
    staff = usecases.staff_sign_in.required(cookies.token_of(app.current_request)).staff
    body = request_json(app.current_request, "receiveSubmission")
    received, newly = usecases.inbox_decisions.receive(staff, submission_id, body, f"staff:{staff.email}")
    return reply(201 if newly else 200, received)


@app.route("/v1/staff/submissions/{submission_id}/return", methods=["POST"], content_types=ANY_CONTENT_TYPE)
@cookies.portal_pages_only
@endpoint
def return_submission(submission_id):
    staff = usecases.staff_sign_in.required(cookies.token_of(app.current_request)).staff
    body = request_json(app.current_request, "returnSubmission")
    return reply(200, usecases.inbox_decisions.return_(staff, submission_id, body, f"staff:{staff.email}"))


@app.route("/v1/staff/submission-decisions", methods=["POST"], content_types=ANY_CONTENT_TYPE)
@cookies.portal_pages_only
@endpoint
def decide_submissions():
    staff = usecases.staff_sign_in.required(cookies.token_of(app.current_request)).staff
    body = request_json(app.current_request, "decideSubmissions")
    return reply(200, usecases.inbox_decisions.decide_many(staff, body, f"staff:{staff.email}"))


def _pdf_by_key(operation: str, make, content_type: str):
    """A PDF that a number and key open: the notice again, or the signed copy."""
    body = request_json(app.current_request, operation)
    filename, pdf = make(body, _client())
    return file_reply(pdf, content_type, filename)


@app.route("/v1/notices", methods=["POST"], content_types=ANY_CONTENT_TYPE)
@endpoint
def create_notice():
    return _pdf_by_key("renderNotice", usecases.reissue_notice.by_key, usecases.reissue_notice.CONTENT_TYPE)


@app.route("/v1/certificate-copies", methods=["POST"], content_types=ANY_CONTENT_TYPE)
@endpoint
def create_certificate_copy():
    return _pdf_by_key("createCertificateCopy", usecases.copy_certificate.by_key, usecases.copy_certificate.CONTENT_TYPE)


@app.schedule(Rate(5, unit=Rate.MINUTES))
def deliver_mail(event):
    """Retries the outbox (whatever could not be sent at once); once a day, tells the staff
    who received a guarantee that its period ended."""
    usecases.deliver_mail.sweep(bootstrap.installed().clock.now())


@app.schedule(Rate(1, unit=Rate.MINUTES))
def deliver_webhooks(event):
    """POSTs the sureties' new events to their webhook endpoints, and retries those that failed."""
    usecases.deliver_webhooks.run(bootstrap.installed().clock.now())


@app.route("/.well-known/jwks.json", methods=["GET"])
@endpoint
def get_jwks():
    # Public keys only; cacheable for a short while (rotation adds keys, never removes them).
    return reply(200, bootstrap.installed().signatures.jwks(), {"Cache-Control": "public, max-age=300"})


# ---- the public registry: orderers enrolled in 電子保証, sureties that issue -----------------
# Public data, the same for everyone: browsers may keep it a minute (a change shows within it).
PUBLIC_REGISTRY_CACHE = {"Cache-Control": "public, max-age=60"}


@app.route("/v1/orderers", methods=["GET"])
@endpoint
def list_orderers():
    return reply(200, usecases.public_registry.listing(), PUBLIC_REGISTRY_CACHE)


@app.route("/v1/orderers/{orderer_id}", methods=["GET"])
@endpoint
def get_orderer(orderer_id):
    return reply(200, usecases.public_registry.orderer(orderer_id), PUBLIC_REGISTRY_CACHE)


@app.route("/v1/issuers", methods=["GET"])
@endpoint
def list_issuers():
    return reply(200, usecases.public_registry.issuers(), PUBLIC_REGISTRY_CACHE)


# ---- operator (運営者): IAM-signed requests only (edge/operator_auth.py) -------------------------

_iam = IAMAuthorizer()
_operators = operator_auth.OperatorAuth(bootstrap.operator_local_keys, bootstrap.operator_arns,
                                        operator_auth.wall_clock)


def _operator() -> dict:
    """The operator calling (the audit log's actor): checked before anything else is read."""
    return _operators.actor(_request())


def _operator_body(operation: str) -> tuple[dict, dict]:
    """The operator, then the body checked against its schema (a refused caller's body is never read)."""
    actor = _operator()
    body = request_json(_request(), operation)
    if not isinstance(body, dict):  # every operator request schema is an object
        raise RuntimeError(f"{operation}: the schema let a non-object through")
    return actor, body


@app.route("/v1/operator/bodies", methods=["GET"], authorizer=_iam)
@endpoint
def operator_list_bodies():
    _operator()
    return reply(200, ops.bodies.listing())


@app.route("/v1/operator/bodies", methods=["POST"], content_types=ANY_CONTENT_TYPE, authorizer=_iam)
@endpoint
def operator_add_body():
    actor, body = _operator_body("operatorAddBody")
    return reply(201, ops.bodies.add(body, actor))


@app.route("/v1/operator/bodies/imports", methods=["POST"], content_types=ANY_CONTENT_TYPE, authorizer=_iam)
@endpoint
def operator_import_bodies():
    actor, body = _operator_body("operatorImportBodies")
    return reply(200, ops.bodies.import_batch(body, actor))


@app.route("/v1/operator/bodies/{orderer_id}/merger", methods=["POST"], content_types=ANY_CONTENT_TYPE,
           authorizer=_iam)
@endpoint
def operator_merge_body(orderer_id):
    actor, body = _operator_body("operatorMergeBody")
    return reply(200, ops.bodies.merge(orderer_id, body, actor))


@app.route("/v1/operator/enrolments", methods=["GET"], authorizer=_iam)
@endpoint
def operator_list_enrolments():
    _operator()
    return reply(200, ops.enrolments.listing())


@app.route("/v1/operator/enrolments/{orderer_id}", methods=["GET"], authorizer=_iam)
@endpoint
def operator_get_enrolment(orderer_id):
    _operator()
    return reply(200, ops.enrolments.get(orderer_id))


@app.route("/v1/operator/enrolments/{orderer_id}", methods=["POST"], content_types=ANY_CONTENT_TYPE,
           authorizer=_iam)
@endpoint
def operator_enrol(orderer_id):
    actor, body = _operator_body("operatorEnrol")
    return reply(201, ops.enrolments.enrol(orderer_id, body, actor))


@app.route("/v1/operator/enrolments/{orderer_id}", methods=["PATCH"], content_types=ANY_CONTENT_TYPE,
           authorizer=_iam)
@endpoint
def operator_change_enrolment(orderer_id):
    actor, body = _operator_body("operatorChangeEnrolment")
    return reply(200, ops.enrolments.change(orderer_id, body, actor))


@app.route("/v1/operator/enrolments/{orderer_id}/suspension", methods=["POST"], content_types=ANY_CONTENT_TYPE,
           authorizer=_iam)
@endpoint
def operator_suspend(orderer_id):
    actor, body = _operator_body("operatorSuspend")
    return reply(200, ops.enrolments.suspend(orderer_id, body, actor))


@app.route("/v1/operator/enrolments/{orderer_id}/resumption", methods=["POST"], content_types=ANY_CONTENT_TYPE,
           authorizer=_iam)
@endpoint
def operator_resume(orderer_id):
    actor, body = _operator_body("operatorResume")
    return reply(200, ops.enrolments.resume(orderer_id, body, actor))


@app.route("/v1/operator/enrolments/{orderer_id}/staff-domains", methods=["PUT"], content_types=ANY_CONTENT_TYPE,
           authorizer=_iam)
@endpoint
def operator_set_staff_domains(orderer_id):
    actor, body = _operator_body("operatorSetStaffDomains")
    return reply(200, ops.enrolments.set_staff_domains(orderer_id, body, actor))


@app.route("/v1/operator/enrolments/{orderer_id}/administrators", methods=["PUT"], content_types=ANY_CONTENT_TYPE,
           authorizer=_iam)
@endpoint
def operator_set_administrators(orderer_id):
    actor, body = _operator_body("operatorSetAdministrators")
    return reply(200, ops.enrolments.set_administrators(orderer_id, body, actor))


@app.route("/v1/operator/sureties", methods=["GET"], authorizer=_iam)
@endpoint
def operator_list_sureties():
    _operator()
    return reply(200, ops.sureties.listing())


@app.route("/v1/operator/sureties", methods=["POST"], content_types=ANY_CONTENT_TYPE, authorizer=_iam)
@endpoint
def operator_add_surety():
    actor, body = _operator_body("operatorAddSurety")
    return reply(201, ops.sureties.add(body, actor))


@app.route("/v1/operator/sureties/{surety_id}", methods=["GET"], authorizer=_iam)
@endpoint
def operator_get_surety(surety_id):
    _operator()
    return reply(200, ops.sureties.profile(surety_id))


@app.route("/v1/operator/sureties/{surety_id}", methods=["PUT"], content_types=ANY_CONTENT_TYPE, authorizer=_iam)
@endpoint
def operator_change_surety(surety_id):
    actor, body = _operator_body("operatorChangeSurety")
    return reply(200, ops.sureties.change(surety_id, body, actor))


@app.route("/v1/operator/sureties/{surety_id}/tokens", methods=["GET"], authorizer=_iam)
@endpoint
def operator_list_tokens(surety_id):
    _operator()
    return reply(200, ops.sureties.tokens_of(surety_id))


@app.route("/v1/operator/sureties/{surety_id}/tokens", methods=["POST"], content_types=ANY_CONTENT_TYPE,
           authorizer=_iam)
@endpoint
def operator_issue_token(surety_id):
    actor, body = _operator_body("operatorIssueToken")
    return reply(201, ops.sureties.issue_token(surety_id, body, actor))


@app.route("/v1/operator/tokens/{token_id}/revocation", methods=["POST"], content_types=ANY_CONTENT_TYPE,
           authorizer=_iam)
@endpoint
def operator_revoke_token(token_id):
    actor = _operator()
    return reply(200, ops.sureties.revoke(token_id, actor))


@app.route("/v1/operator/audit", methods=["GET"], authorizer=_iam)
@endpoint
def operator_audit_log():
    _operator()
    query = _query("operatorAuditLog")
    return reply(200, ops.audit_log.page(query.get("cursor"), query.get("limit")))


@app.route("/v1/operator/audit/verification", methods=["GET"], authorizer=_iam)
@endpoint
def operator_verify_audit():
    _operator()
    return reply(200, ops.audit_log.verify())
