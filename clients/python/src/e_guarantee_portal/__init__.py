"""The e-guarantee portal's client for sureties: `Portal` (sdk.py) and the `e-guarantee` CLI."""
from .sdk import Portal, PortalError

__all__ = ["Portal", "PortalError"]
