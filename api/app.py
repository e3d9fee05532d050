"""Route table of the e-guarantee portal API. Thin on purpose: each route authenticates,
reads its input and hands over to a use-case module in chalicelib/."""
from chalice import Chalice, Rate

from chalicelib import clock, issuance, mail, notices, orderers, sureties, verification
from chalicelib.web import ANY_CONTENT_TYPE, endpoint, file_reply, reply, request_json

app = Chalice(app_name="e-guarantee-portal")
app.api.binary_types.append(notices.CONTENT_TYPE)


def _client_address() -> str | None:
    identity = (app.current_request.context or {}).get("identity") or {}
    return identity.get("sourceIp")


@app.route("/v1/guarantees", methods=["POST"], content_types=ANY_CONTENT_TYPE)
@endpoint
def create_guarantee():
    request = app.current_request
    caller = sureties.authenticate(request.headers.get("authorization"), scope="issue")
    issued = issuance.issue(caller, request.headers.get("idempotency-key"), request_json(request))
    return reply(201, issued.body, {"Idempotent-Replayed": "true"} if issued.replayed else None)


@app.route("/v1/verifications", methods=["POST"], content_types=ANY_CONTENT_TYPE)
@endpoint
def create_verification():
    request = app.current_request
    certificate = verification.verify(request_json(request), _client_address())
    return reply(200, {"certificate": certificate})


@app.route("/v1/notices", methods=["POST"], content_types=ANY_CONTENT_TYPE)
@endpoint
def create_notice():
    request = app.current_request
    filename, pdf = notices.by_key(request_json(request), _client_address())
    return file_reply(pdf, notices.CONTENT_TYPE, filename)


@app.schedule(Rate(5, unit=Rate.MINUTES))
def deliver_mail(event):
    """Retries the outbox: whatever could not be sent right after issuance."""
    mail.deliver_pending(clock.now())


@app.route("/v1/orderers", methods=["GET"])
@endpoint
def list_orderers():
    return reply(200, {"orderers": [o.public() for o in orderers.all_orderers().values()]})
