"""HTTP for the online geocoder, with a limit on each request's whole time.

geopy's usual adapters time out a *read*, not a request: a server that sends
one byte a second never trips a 10 s timeout, and the requests adapter retries
twice more on its own. :class:`DeadlineAdapter` reads ``timeout`` as the time
the whole request may take (connecting, sending, the headers, the body) and
never retries: the caller (:class:`~geomap.geoparse.online.OnlineGeocoder`)
decides about retries within the run's deadline. Standard library only
(``http.client``); system proxies are honoured as ``urllib`` finds them
(``HTTP_PROXY``, ``HTTPS_PROXY``, ``NO_PROXY``).

The clock is checked before every socket operation, whose own timeout is the
time left, so a request ends at most a moment after its limit.
"""

from __future__ import annotations

import base64
import http.client
import io
import json
import socket
import ssl
import time
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import getproxies, proxy_bypass

from geopy.adapters import AdapterHTTPError, BaseSyncAdapter
from geopy.exc import (
    GeocoderParseError,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
)

__all__ = ["MAX_ANSWER_BYTES", "DeadlineAdapter"]

#: The largest answer read (a Nominatim answer is a few kilobytes).
MAX_ANSWER_BYTES = 4_000_000
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_MAX_REDIRECTS = 3


class DeadlineAdapter(BaseSyncAdapter):
    """A geopy adapter whose ``timeout`` limits each request's whole time.

    Give it to a geopy geocoder as ``adapter_factory=DeadlineAdapter``.
    """

    def __init__(
        self, *, proxies: dict[str, str] | None = None, ssl_context: ssl.SSLContext | None = None
    ) -> None:
        super().__init__(proxies=proxies, ssl_context=ssl_context)
        self._proxies = dict(getproxies() if proxies is None else proxies)
        self._ssl_context = ssl_context or ssl.create_default_context()

    def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
        text = self.get_text(url, timeout=timeout, headers=headers)
        try:
            return json.loads(text)
        except ValueError:
            raise GeocoderParseError(f"the answer is not JSON: {text[:80]!r}") from None

    def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
        ends = time.monotonic() + float(timeout)
        for _ in range(_MAX_REDIRECTS + 1):
            status, answer_headers, body = self._fetch(url, headers, ends)
            location = answer_headers.get("location")
            if status in _REDIRECTS and location:
                url = urljoin(url, location)
                continue
            break
        text = _decode(body, answer_headers.get("content-type", ""))
        if status >= 400:
            raise AdapterHTTPError(
                f"Non-successful status code {status}",
                status_code=status,
                headers=answer_headers,
                text=text,
            )
        return text

    def _fetch(
        self, url: str, headers: dict[str, str], ends: float
    ) -> tuple[int, dict[str, str], bytes]:
        """Status, headers (lower-case names) and body of one GET, within ``ends``."""
        connection, target, extra = self._connection(url, _time_left(ends))
        raw: socket.socket | None = None
        try:
            connection.connect()
            raw = connection.sock
            connection.sock = _DeadlineSocket(raw, ends)
            connection.request("GET", target, headers={**headers, **extra})
            response = connection.getresponse()
            body = response.read(MAX_ANSWER_BYTES + 1)
            if len(body) > MAX_ANSWER_BYTES:
                raise GeocoderServiceError(f"the answer is larger than {MAX_ANSWER_BYTES:,} bytes")
            return response.status, {k.lower(): v for k, v in response.getheaders()}, body
        except TimeoutError:
            raise GeocoderTimedOut("the request ran out of time") from None
        except (ssl.SSLError, http.client.HTTPException) as error:
            raise GeocoderServiceError(f"{type(error).__name__}: {error}") from None
        except OSError as error:
            raise GeocoderUnavailable(error.strerror or str(error)) from None
        finally:
            connection.close()
            if raw is not None:
                raw.close()

    def _connection(
        self, url: str, timeout: float
    ) -> tuple[http.client.HTTPConnection, str, dict[str, str]]:
        """The connection for ``url`` (through a proxy when the system sets
        one), the request target and any proxy header."""
        parts = urlsplit(url)
        host, port = parts.hostname or "", parts.port
        https = parts.scheme == "https"
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        proxy = self._proxies.get(parts.scheme)
        if not proxy or proxy_bypass(host):
            return self._direct(https, host, port, timeout), target, {}
        proxy_parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        extra = _proxy_authorization(proxy_parts.username, proxy_parts.password)
        proxy_host, proxy_port = proxy_parts.hostname or "", proxy_parts.port
        if https:  # a tunnel through the proxy, TLS inside it
            tunnel = http.client.HTTPSConnection(
                proxy_host, proxy_port, timeout=timeout, context=self._ssl_context
            )
            tunnel.set_tunnel(host, port, headers=extra)
            return tunnel, target, {}
        connection = self._direct(proxy_parts.scheme == "https", proxy_host, proxy_port, timeout)
        return connection, url, extra

    def _direct(
        self, https: bool, host: str, port: int | None, timeout: float
    ) -> http.client.HTTPConnection:
        if https:
            return http.client.HTTPSConnection(
                host, port, timeout=timeout, context=self._ssl_context
            )
        return http.client.HTTPConnection(host, port, timeout=timeout)


def _time_left(ends: float) -> float:
    left = ends - time.monotonic()
    if left <= 0:
        raise GeocoderTimedOut("the request ran out of time")
    return left


def _proxy_authorization(user: str | None, password: str | None) -> dict[str, str]:
    if not user:
        return {}
    token = base64.b64encode(f"{unquote(user)}:{unquote(password or '')}".encode()).decode()
    return {"Proxy-Authorization": f"Basic {token}"}


def _decode(body: bytes, content_type: str) -> str:
    charset = "utf-8"
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            charset = value.strip('"')
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


class _DeadlineSocket:
    """A connected socket whose every operation may take only the time left
    until ``ends`` (then ``TimeoutError``). ``http.client`` closes it when
    the answer is complete but may still read what it buffered: the real
    socket is closed by whoever connected it, once the answer is read."""

    def __init__(self, sock: socket.socket, ends: float) -> None:
        self._sock = sock
        self._ends = ends

    def _arm(self) -> None:
        left = self._ends - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request ran out of time")
        self._sock.settimeout(left)

    def sendall(self, data: bytes) -> None:
        self._arm()
        self._sock.sendall(data)

    def recv_into(self, buffer: Any, nbytes: int = 0) -> int:
        self._arm()
        return self._sock.recv_into(buffer, nbytes)

    def makefile(self, mode: str = "rb", *args: Any, **kwargs: Any) -> io.BufferedReader:
        return io.BufferedReader(_DeadlineReader(self))

    def close(self) -> None:
        """Nothing: see the class's note."""


class _DeadlineReader(io.RawIOBase):
    """The raw stream ``http.client`` reads a response from."""

    def __init__(self, sock: _DeadlineSocket) -> None:
        self._socket = sock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        return self._socket.recv_into(buffer)
