"""The service ports: what the use cases need from the world besides storage (storage.py) —
the product's clock, keyed hashes and sealing under the pepper, signatures, documents, mail,
webhook delivery and the settings they read. Small Protocols; the composition root
(chalicelib/bootstrap.py) wires adapters into them, tests wire fakes or the same adapters.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from ...domain.attempts import Limits
from ...domain.mail_messages import MailText
from .storage import Store

Json = dict[str, Any]


class Clock(Protocol):
    """The product's clock: every business date is the JST date of ``now()``."""

    def now(self) -> dt.datetime: ...

    def today(self) -> dt.date:
        """Today in Japan, by this clock."""


class KeyedHashes(Protocol):
    """HMAC under the server-side pepper, one label per use: secrets recognised, never kept."""

    def auth_key(self, canonical_key: str) -> str: ...
    def token_secret(self, secret: str) -> str: ...
    def staff_address(self, email: str) -> str: ...
    def sign_in_code(self, email: str, code: str) -> str: ...
    def session_token(self, token: str) -> str: ...
    def client_address(self, address: str) -> str: ...

    def subkey(self, label: str) -> bytes:
        """Key material for another primitive (cursor signatures, webhook ids)."""


class Sealer(Protocol):
    """Authenticated encryption under a key from the pepper, bound to a context."""

    def seal(self, plaintext: bytes, context: str) -> bytes: ...

    def unseal(self, sealed: bytes, context: str) -> bytes: ...


class Signatures(Protocol):
    """The platform's signature over certificates (JWS, ES256) and its published keys."""

    def sign(self, document: Json) -> str:
        """A compact JWS; the signing key is in the JWKS before the JWS is handed out."""

    def current_key(self) -> Json:
        """The public JWK of the key that signs now."""

    def jwks(self) -> Json:
        """Every key that ever signed, the current one first (with ``current_kid``)."""

    def verify(self, jws: str, jwks: Json) -> Json:
        """The signed document; raises ValueError when the JWS does not check against ``jwks``."""


class Documents(Protocol):
    """The PDFs the portal hands out, and what their fonts can print."""

    def unprintable(self, text: str) -> list[str]:
        """The characters of ``text`` a notice cannot print (a name must never be boxed)."""

    def notice(self, certificate: Json, shown_key: str, url: str, surety_contact: Json | None,
               amendment: Json | None) -> bytes:
        """The 「認証キーのお知らせ」 PDF."""

    def certificate_copy(self, view: Json, moment: dt.datetime, signer_kid: str, jwks_url: str, jwks: Json,
                         shown: Json) -> bytes:
        """The 電子保証の写し, signed (PAdES) by the key that signs now (``signer_kid``), with the
        version's JWS, the JWKS of the moment and what the page shows (``shown``) attached."""


class MailMessage(Protocol):
    def as_bytes(self) -> bytes: ...


class Mail(Protocol):
    """A text of domain/mail_messages.py as the message to send (addressed, dated, from the
    portal's sender), and new message ids. Sending is MailTransport."""

    def new_mail_id(self) -> str: ...

    def compose(self, to: str, text: MailText, now: dt.datetime) -> MailMessage: ...


class MailTransport(Protocol):
    def send(self, mail_id: str, to: str, raw: bytes) -> None: ...


class WebhookSender(Protocol):
    def post(self, url: str, headers: dict[str, str], body: bytes, *, local_targets: bool = False) -> None:
        """Deliver; raises domain.webhooks.DeliveryFailed unless the endpoint answered 2xx."""


@dataclass(frozen=True)
class Settings:
    """The stage's settings the use cases read."""
    site_url: str                 # where the portal's pages are (links in notices, the JWKS URL)
    webhook_local_targets: bool   # make run and tests: webhooks go to this machine over http
    attempt_limits: Limits        # wrong keys per 保証契約番号 and per client in an hour
    sign_in_limits: tuple[int, int]  # sign-in codes asked for, wrong codes entered, per client an hour


class Dependencies(Protocol):
    """Everything a use case reaches, installed once by the composition root. Each member is
    built on first use, so a cold start that only verifies builds (and imports) only what
    verifying needs."""

    @property
    def store(self) -> Store: ...
    @property
    def clock(self) -> Clock: ...
    @property
    def hashes(self) -> KeyedHashes: ...
    @property
    def sealer(self) -> Sealer: ...
    @property
    def signatures(self) -> Signatures: ...
    @property
    def documents(self) -> Documents: ...
    @property
    def mail(self) -> Mail: ...
    @property
    def transport(self) -> MailTransport: ...
    @property
    def webhook_sender(self) -> WebhookSender: ...
    @property
    def settings(self) -> Settings: ...
