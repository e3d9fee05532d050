"""E-mail transports: the MIME message of a text (domain/mail_messages.py says what each
message says) and the two ways it leaves.

Production sends through Amazon SES (sesv2); locally the same MIME message is written to a
directory (`.local/outbox/*.eml`). Delivery through the outbox is usecases/common/outbox.py.
"""
from __future__ import annotations

import datetime as dt
import os
import uuid
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from ..domain.mail_messages import MailText
from .config import settings


def compose(to: str, text: MailText, now: dt.datetime) -> EmailMessage:
    """The message to send: a text of domain/mail_messages.py, addressed and dated."""
    message = EmailMessage()
    message["Subject"] = text.subject
    mail_from = settings().mail_from
    message["From"] = mail_from
    message["To"] = to
    message["Date"] = format_datetime(now.astimezone(dt.timezone.utc))
    message["Message-ID"] = make_msgid(domain=mail_from.rsplit("@", 1)[-1].rstrip(">"))
    # Tells mail systems not to auto-reply (vacation notices) to a machine.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text.body, charset="utf-8")
    return message


def new_mail_id() -> str:
    return uuid.uuid4().hex


# ---- transports -------------------------------------------------------------------------

class DirectoryTransport:
    """Local development: each message becomes an .eml file a mail client can open."""

    def __init__(self, directory: str):
        self.directory = Path(directory)

    def send(self, mail_id: str, to: str, raw: bytes) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        final = self.directory / f"{stamp}-{mail_id}.eml"
        partial = final.with_suffix(".part")
        partial.write_bytes(raw)
        os.replace(partial, final)  # readers never see half a message


class SesTransport:
    """Production: Amazon SES v2, raw MIME so the message is exactly what was stored."""

    def __init__(self):
        import boto3  # only where mail is actually sent
        self.client = boto3.client("sesv2", region_name=settings().region)

    def send(self, mail_id: str, to: str, raw: bytes) -> None:
        self.client.send_email(
            FromEmailAddress=settings().mail_from,
            Destination={"ToAddresses": [to]},
            Content={"Raw": {"Data": raw}},
        )


_transport = None


def transport():
    global _transport
    if _transport is None:
        outbox_dir = settings().outbox_dir
        _transport = DirectoryTransport(outbox_dir) if outbox_dir else SesTransport()
    return _transport


def set_transport(value) -> None:
    """Tests only: replace the transport (None: back to the configured one)."""
    global _transport
    _transport = value
