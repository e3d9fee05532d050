"""The e-guarantee portal's client for sureties: `Portal` (sdk.py), webhook signature checks
(webhooks.py) and the `e-guarantee` CLI."""
from .sdk import NewerEvent, NewerFeedEntry, Portal, PortalError, Problem
from .webhooks import WebhookSignatureError, verify as verify_webhook

__all__ = ["NewerEvent", "NewerFeedEntry", "Portal", "PortalError", "Problem", "WebhookSignatureError", "verify_webhook"]
