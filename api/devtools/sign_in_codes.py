"""The sign-in code the local portal last mailed to an address (the outbox folder's .eml files):
how the tools that sign a member of staff in locally (the guide videos, the load test) read it."""
from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path


def latest(outbox: Path, address: str) -> str | None:
    """The newest mail to ``address`` that holds a 確認コード, its code; None if none was sent."""
    for path in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns, reverse=True):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == address:
            found = re.search(r"確認コード：(\d{8})", message.get_content())
            if found:
                return found.group(1)
    return None
