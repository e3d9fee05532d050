"""POSTs a webhook delivery. The endpoint's name is resolved here and the connection made to
an address checked to be public, so a name that resolves (or is re-pointed, DNS rebinding)
to an inside address cannot make the portal reach into a network. No redirects are followed:
a redirect is a failed delivery, like any answer other than 2xx."""
from __future__ import annotations

import http.client
import io
import socket
import ssl
import time
from urllib.parse import urlsplit

from ..domain.webhooks import DeliveryFailed, address_is_loopback, address_is_public

# For the whole request, not each read: a receiver that answers a byte at a time is cut off too.
TIMEOUT_SECONDS = 10
_ANSWER_READ = 64 * 1024  # of the receiver's answer body: read (so the connection ends cleanly), then dropped


def _address(host: str, port: int, local_targets: bool) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise DeliveryFailed("name_not_resolved") from None
    addresses = [str(info[4][0]) for info in infos]  # IPv4 and IPv6: the host is a str
    # Judged again at delivery (a name may be re-pointed after registration): locally only this
    # machine, in production only public addresses.
    allowed = address_is_loopback if local_targets else address_is_public
    if not all(allowed(a) for a in addresses):
        raise DeliveryFailed("address_not_local" if local_targets else "address_not_public")
    return addresses[0]


class _Deadline:
    """A connected socket whose every wait ends by one deadline. A timeout per read alone would
    let a receiver that answers a byte at a time hold the delivery (and the run) for ever."""

    def __init__(self, sock: socket.socket, deadline: float):
        self._sock, self._deadline = sock, deadline

    def _arm(self) -> None:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the delivery's time is up")
        self._sock.settimeout(left)

    def sendall(self, data, *args):
        self._arm()
        return self._sock.sendall(data, *args)

    def recv_into(self, buffer, *args):
        self._arm()
        return self._sock.recv_into(buffer, *args)

    def makefile(self, mode="rb", *args, **kwargs):
        # As socket.makefile does: counted, so that http.client closing the connection (an answer
        # without Content-Length ends when the receiver closes) leaves the socket open until the
        # answer has been read. Reads come back through recv_into above.
        self._sock._io_refs += 1
        return io.BufferedReader(socket.SocketIO(self, "rb"))

    def __getattr__(self, name):
        return getattr(self._sock, name)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a checked address, with the certificate checked for the name."""

    def __init__(self, host: str, address: str, port: int, timeout: float, context: ssl.SSLContext):
        super().__init__(host, port, timeout=timeout, context=context)
        self._tls, self._address, self._deadline = context, address, time.monotonic() + timeout

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = _Deadline(self._tls.wrap_socket(sock, server_hostname=self.host), self._deadline)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, address: str, port: int, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address, self._deadline = address, time.monotonic() + timeout

    def connect(self) -> None:
        self.sock = _Deadline(socket.create_connection((self._address, self.port), self.timeout), self._deadline)


def post(url: str, headers: dict[str, str], body: bytes, *, local_targets: bool = False,
         context: ssl.SSLContext | None = None, timeout: float = TIMEOUT_SECONDS) -> None:
    """Deliver; raises DeliveryFailed unless the endpoint answered 2xx."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if not local_targets and (parts.scheme != "https" or port != 443):
        # An endpoint registered before only 443 was allowed: never sent to, it says why.
        raise DeliveryFailed("port_not_allowed")
    address = _address(host, port, local_targets)
    if parts.scheme == "https":
        connection: http.client.HTTPConnection = _PinnedHTTPSConnection(
            host, address, port, timeout, context or ssl.create_default_context())
    else:  # only where local targets are allowed (domain.webhooks.url_problem)
        connection = _PinnedHTTPConnection(host, address, port, timeout)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        response.read(_ANSWER_READ)
    except TimeoutError:
        raise DeliveryFailed("timeout") from None
    except ssl.SSLError:
        raise DeliveryFailed("tls_error") from None
    except ConnectionRefusedError:
        raise DeliveryFailed("connection_refused") from None
    except (OSError, http.client.HTTPException):
        raise DeliveryFailed("connection_failed") from None
    finally:
        connection.close()
    if not 200 <= response.status < 300:
        raise DeliveryFailed(f"http_{response.status}")
