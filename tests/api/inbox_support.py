"""Entries of an inbox (受付箱) for the inbox's tests, written through the Submissions port as the
submission use case writes them (a Submission built from an issued guarantee, its `submitted`
event), so these tests do not wait for the contractor's routes. Under the product's clock."""
from __future__ import annotations

import secrets

from support import current_store

SAKU = "202177"


def contact_address() -> str:
    """A fresh contact address at the contractor (mails are found by it)."""
    return f"tanto-{secrets.token_hex(4)}@asama.example"


def submit(issued: dict, *, department: str = "契約検査課", email: str | None = None, reference: str | None = None,
           digest_day: str | None = None, orderer_id: str | None = None):
    """Submit the guarantee's latest version to its orderer's inbox (or reopen its entry there);
    returns the Submission written."""
    from chalicelib.adapters import clock
    from chalicelib.domain import events
    from chalicelib.domain.formatting import iso_utc_precise
    from chalicelib.domain.submissions import Contact, Submission, new_submission_id

    store = current_store()
    gid = issued["guarantee"]["guarantee_id"]
    state = store.guarantees.get_state(gid)
    version = store.guarantees.get_version(gid, state.latest_version).version
    t = version.terms
    orderer = orderer_id or t.orderer_id
    now = clock.now()
    at = iso_utc_precise(now)
    contact = Contact("浅間 太郎", email or contact_address(), "0267-00-0000")
    copied = {"contract_number": t.contract_number, "kind": t.kind, "project_name": t.project.name,
              "contractor": t.contractor.name, "amount": t.amount, "surety_name": version.surety_name}
    existing = store.submissions.of_guarantee(orderer, gid)
    if existing is not None:
        entry = existing.resubmitted(version=version.version, department=department, reference=reference,
                                     contact=contact, at=at, copied=copied)
    else:
        entry = Submission(submission_id=new_submission_id(now), orderer_id=orderer, guarantee_id=gid,
                           surety_id=state.surety_id, version=version.version, department=department,
                           reference=reference, contact=contact, submitted_at=at, first_submitted_at=at,
                           history=({"action": "submitted", "at": at, "version": version.version},), **copied)
    event = events.submitted(now, version.version, entry.submission_id, orderer, department,
                             {"kind": "key_holder", "client": "tests"}, reference)
    store.submissions.submit(entry, existing, event, [], digest_day)
    return entry
