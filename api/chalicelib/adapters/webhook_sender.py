"""POSTs a webhook delivery. The endpoint's name is resolved here and the connection made to
an address checked to be public, so a name that resolves (or is re-pointed, DNS rebinding)
to an inside address cannot make the portal reach into a network. No redirects are followed:
a redirect is a failed delivery, like any answer other than 2xx."""
from __future__ import annotations

import http.client
import socket
import ssl
import threading
from urllib.parse import urlsplit

from ..domain.webhooks import address_is_public

# For the whole request, not each read: a receiver that answers a byte at a time is cut off too.
TIMEOUT_SECONDS = 10
_ANSWER_READ = 64 * 1024  # of the receiver's answer body: read (so the connection ends cleanly), then dropped


class DeliveryFailed(Exception):
    """A delivery that did not reach a 2xx answer; ``reason`` is short and holds no secret."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _address(host: str, port: int, local_targets: bool) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise DeliveryFailed("name_not_resolved") from None
    addresses = [info[4][0] for info in infos]
    if not local_targets and not all(address_is_public(a) for a in addresses):
        raise DeliveryFailed("address_not_public")
    return addresses[0]


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a checked address, with the certificate checked for the name."""

    def __init__(self, host: str, address: str, port: int, timeout: float, context: ssl.SSLContext):
        super().__init__(host, port, timeout=timeout, context=context)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, address: str, port: int, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


def post(url: str, headers: dict[str, str], body: bytes, *, local_targets: bool = False,
         context: ssl.SSLContext | None = None, timeout: float = TIMEOUT_SECONDS) -> None:
    """Deliver; raises DeliveryFailed unless the endpoint answered 2xx."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = _address(host, port, local_targets)
    if parts.scheme == "https":
        connection: http.client.HTTPConnection = _PinnedHTTPSConnection(
            host, address, port, timeout, context or ssl.create_default_context())
    else:  # only where local targets are allowed (domain.webhooks.url_problem)
        connection = _PinnedHTTPConnection(host, address, port, timeout)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    cut = threading.Event()

    def cut_off() -> None:
        cut.set()
        if connection.sock is not None:
            try:
                connection.sock.shutdown(socket.SHUT_RDWR)  # wakes a read that is waiting
            except OSError:
                pass

    timer = threading.Timer(timeout, cut_off)
    timer.start()
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        response.read(_ANSWER_READ)
    except socket.timeout:
        raise DeliveryFailed("timeout") from None
    except ssl.SSLError:
        raise DeliveryFailed("timeout" if cut.is_set() else "tls_error") from None
    except ConnectionRefusedError:
        raise DeliveryFailed("connection_refused") from None
    except (OSError, http.client.HTTPException):
        raise DeliveryFailed("timeout" if cut.is_set() else "connection_failed") from None
    finally:
        timer.cancel()
        connection.close()
    if cut.is_set():
        raise DeliveryFailed("timeout")
    if not 200 <= response.status < 300:
        raise DeliveryFailed(f"http_{response.status}")
