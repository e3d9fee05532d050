"""POST /v1/certificate-copies (copy_certificate): the PDF for the right pair, the uniform 404 and
the typo answer otherwise."""
from __future__ import annotations



from openapi_document import COPIES, _typo, check_response, deref, documented_response, key_body, pointer, post_for_pdf


def test_certificate_copy_200_400_404(api, issue_guarantee):
    from chalicelib.domain import authkey
    issued = issue_guarantee()
    response = post_for_pdf(api, COPIES[0], key_body(issued))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf" and response.body.startswith(b"%PDF-")
    documented = documented_response(*COPIES, 200)[1]
    assert "application/pdf" in documented["content"]
    for name, header in documented["headers"].items():
        header = deref(pointer("paths", *COPIES, "responses", "200", "headers", name))[1]
        assert not header.get("required") or name in response.headers, name
    assert "attachment;" in response.headers["Content-Disposition"]
    wrong = {**key_body(issued), "auth_key": authkey.display(authkey.generate())}
    assert check_response(post_for_pdf(api, COPIES[0], wrong), *COPIES, 404)["error"]["code"] == "not_found"
    typo = {**key_body(issued), "auth_key": _typo(issued["auth_key"])}
    assert check_response(post_for_pdf(api, COPIES[0], typo), *COPIES, 400)["error"]["code"] == "auth_key_typo"
