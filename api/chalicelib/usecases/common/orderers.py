"""The registry as the use cases read it: an orderer is a listed body with an enrolment.

Every read goes to the store (one or two small strongly consistent reads): a change the
operator makes is honoured by the next request, on every Lambda, without a restart."""
from __future__ import annotations

from collections.abc import Iterable

from ...domain.orderers import CONTACT_FIELDS, Enrolment, Orderer, PublicBody, domain_of
from .dependencies import get as deps


def find(orderer_id: str) -> Orderer | None:
    """The enrolled orderer (suspended or not); None when the body is unknown or not enrolled."""
    registry = deps().store.registry
    enrolment = registry.enrolment(orderer_id)
    if enrolment is None:
        return None
    body = registry.body(orderer_id)
    return Orderer(body, enrolment) if body is not None else None


def body(orderer_id: str) -> PublicBody | None:
    return deps().store.registry.body(orderer_id)


def written_name(orderer_id: str) -> str:
    """The orderer's name as the portal writes it everywhere (長野県佐久市), from the registry;
    a body the registry does not know reads as its id."""
    b = body(orderer_id)
    return b.written_name if b is not None else orderer_id


def public_contact(enrolment: Enrolment) -> dict[str, str] | None:
    """Whom a contractor asks at the orderer (its public page, the 電子提出 preview): the
    contact's public fields only."""
    contact = {k: v for k, v in (enrolment.contact or {}).items() if k in CONTACT_FIELDS and v}
    return contact or None


def employing(email: str) -> Orderer | None:
    """The enrolled orderer whose staff use this address's domain (the domain held by it)."""
    domain = domain_of(email)
    orderer_id = deps().store.registry.orderer_by_domain(domain) if domain else None
    orderer = find(orderer_id) if orderer_id else None
    return orderer if orderer is not None and orderer.employs(email) else None


def administers(orderer_id: str, email: str) -> bool:
    """Whether this member of the orderer's staff is one of the administrators the operator
    named for it (an address on its staff domains: one moved away no longer counts)."""
    orderer = find(orderer_id)
    return orderer is not None and orderer.administered_by(email)


def with_notification_addresses(orderer_id: str, staff: Iterable[str]) -> list[str]:
    """Who hears of a change to a guarantee the orderer received: the staff who recorded its
    receipts, then the orderer's notification addresses (通知先) not among them — one copy each."""
    enrolment = deps().store.registry.enrolment(orderer_id)
    # Only addresses on the orderer's staff domains as they are now: a domain the operator
    # removed or moved to another orderer no longer receives this orderer's mail.
    extra = [a for a in enrolment.notification_addresses if domain_of(a) in enrolment.staff_email_domains] \
        if enrolment is not None else []
    return list(dict.fromkeys([*(a.lower() for a in staff), *(a.lower() for a in extra)]))
