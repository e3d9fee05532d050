
""" A client library for accessing E-Guarantee Portal API """
from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
