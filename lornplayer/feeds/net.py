"""The network policy and the one way lornplayer talks HTTP (stdlib ``urllib``, no Qt).

Policy, enforced here for every request:

* only ``http``/``https`` URLs, and only when the user asked (add, refresh, download,
  import from URL) or enabled it (automatic refresh or download); the "Work offline"
  setting (:data:`OFFLINE_SETTING`) turns every request off with :class:`OfflineError`;
* a connect/read timeout (:data:`TIMEOUT`), TLS certificates verified with the system's
  trust store, at most :data:`MAX_REDIRECTS` redirects, a clear ``User-Agent``;
* no cookie jar (urllib keeps no cookies unless told to), no telemetry, no referrer;
* every failure is a :class:`NetworkError` whose message names the URL and says in
  plain words what went wrong (DNS, refused, HTTP 404, 5xx, TLS, timeout, truncated).
"""

from __future__ import annotations

import http.client
import logging
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from email.message import Message

from lornplayer import __version__
from lornplayer.errors import SourceError

OFFLINE_SETTING = "network.offline"
TIMEOUT = 20.0
MAX_REDIRECTS = 5
USER_AGENT = f"lornplayer/{__version__} (offline podcast player for LØRN cases; no tracking)"
MAX_PAGE_BYTES = 20 * 1024 * 1024

log = logging.getLogger(__name__)  # every request is logged (to the local log file only)


class NetworkError(SourceError):
    """A request failed; ``str()`` is one line naming the URL and the problem."""

    def __init__(self, url: str, reason: str, *, retry: bool = False, status: int | None = None):
        super().__init__(url, reason)
        self.url, self.retry, self.status = url, retry, status


class OfflineError(NetworkError):
    def __init__(self, url: str):
        super().__init__(
            url, 'not contacted: lornplayer is set to work offline (turn off "Work offline" to use the network)'
        )


def is_url(text: str) -> bool:
    return urllib.parse.urlsplit(str(text)).scheme.lower() in ("http", "https")


def is_offline(library) -> bool:
    return bool(library is not None and library.get_setting(OFFLINE_SETTING, False))


@dataclass
class Response:
    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    headers: Message
    body: bytes = b""

    @property
    def content_type(self) -> str:
        return (self.headers.get_content_type() or "").lower() if self.headers else ""

    def text(self) -> str:
        charset = self.headers.get_content_charset() if self.headers else None
        for enc in (charset, "utf-8", "cp1252"):
            if not enc:
                continue
            try:
                return self.body.decode(enc)
            except (LookupError, UnicodeDecodeError):
                continue
        return self.body.decode("utf-8", "replace")


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS
    max_repeats = 2

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not is_url(newurl):
            raise urllib.error.HTTPError(newurl, code, f"redirect to a non-web address {newurl}", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@dataclass
class Client:
    """Makes requests under the policy.  ``offline`` is checked before every request."""

    offline: bool = False
    timeout: float = TIMEOUT
    max_redirects: int = MAX_REDIRECTS
    extra_ca: str | None = None  # a CA bundle (tests); the system's is always used as well
    _opener: urllib.request.OpenerDirector | None = field(default=None, repr=False)

    @classmethod
    def for_library(cls, library, **kwargs) -> Client:
        return cls(offline=is_offline(library), **kwargs)

    def _build(self) -> urllib.request.OpenerDirector:
        if self._opener is None:
            ctx = ssl.create_default_context()  # verifies certificates and host names
            if self.extra_ca:
                ctx.load_verify_locations(self.extra_ca)
            redirects = type("Redirects", (_Redirects,), {"max_redirections": self.max_redirects})()
            # No HTTPCookieProcessor: cookies are never kept.  No proxy handler beyond the default.
            self._opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=ctx), redirects)
            self._opener.addheaders = []
        return self._opener

    def check(self, url: str) -> None:
        if not is_url(url):
            raise NetworkError(url, "not a web address (only http:// and https:// are used)")
        if self.offline:
            raise OfflineError(url)

    def open(self, url: str, headers: dict[str, str] | None = None):
        """Open ``url`` and return the raw response (the caller reads and closes it)."""
        self.check(url)
        req = urllib.request.Request(
            url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity", **(headers or {})}
        )
        log.info("GET %s%s", url, f" ({headers['Range']})" if headers and "Range" in headers else "")
        try:
            return self._build().open(req, timeout=self.timeout)
        except Exception as exc:
            error = explain(url, exc, self.timeout)
            log.info("failed: %s", error)
            raise error from exc

    def get(
        self, url: str, max_bytes: int = MAX_PAGE_BYTES, accept: str | None = None, headers: dict | None = None
    ) -> Response:
        """Fetch a whole (small) document: a feed, a page, a transcript.

        With ``If-None-Match``/``If-Modified-Since`` in ``headers``, an unchanged document comes back
        as a :class:`Response` with status 304 and no body."""
        headers = {**({"Accept": accept} if accept else {}), **(headers or {})}
        try:
            resp = self.open(url, headers)
        except NetworkError as exc:
            if exc.status == 304:
                return Response(url, url, 304, Message(), b"")
            raise
        try:
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise NetworkError(url, f"too large ({int(length) // 1024} KB; at most {max_bytes // 1024} KB)")
            try:
                body = resp.read(max_bytes + 1)
            except Exception as exc:
                raise explain(url, exc, self.timeout) from exc
            if len(body) > max_bytes:
                raise NetworkError(url, f"too large (more than {max_bytes // 1024} KB)")
            if length and length.isdigit() and len(body) < int(length):
                raise NetworkError(url, f"truncated transfer (got {len(body)} of {length} bytes)", retry=True)
            return Response(url, resp.geturl(), resp.status, resp.headers, body)
        finally:
            resp.close()


def explain(url: str, exc: BaseException, timeout: float = TIMEOUT) -> NetworkError:
    """One clear :class:`NetworkError` for whatever urllib, http.client, ssl or the socket raised."""
    if isinstance(exc, NetworkError):
        return exc
    if isinstance(exc, urllib.error.HTTPError):
        code = exc.code
        if code == 304:
            return NetworkError(url, "not modified (HTTP 304)", status=code)
        if code in (301, 302, 303, 307, 308):
            return NetworkError(url, f"too many redirects (a redirect loop, or more than {MAX_REDIRECTS})", status=code)
        if code == 404:
            return NetworkError(url, "not found on the server (HTTP 404)", status=code)
        if code in (401, 403):
            return NetworkError(url, f"access refused by the server (HTTP {code})", status=code)
        if code in (408, 429):
            return NetworkError(url, f"the server is busy (HTTP {code}); try again later", retry=True, status=code)
        if code >= 500:
            return NetworkError(
                url, f"server error (HTTP {code} {exc.reason or ''})".replace(" )", ")"), retry=True, status=code
            )
        return NetworkError(
            url, f"the server refused the request (HTTP {code} {exc.reason or ''})".strip(), status=code
        )
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, str):
        if "redirect" in reason.lower():
            return NetworkError(url, f"too many redirects (a redirect loop, or more than {MAX_REDIRECTS})")
        return NetworkError(url, reason)
    if isinstance(reason, socket.gaierror):
        return NetworkError(url, "cannot find the server (the name does not resolve; are you online?)", retry=True)
    if isinstance(reason, ssl.SSLCertVerificationError):
        return NetworkError(url, f"the server's TLS certificate cannot be trusted ({reason.verify_message})")
    if isinstance(reason, ssl.SSLError):
        return NetworkError(url, f"secure connection failed (TLS: {reason.reason or reason})", retry=True)
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return NetworkError(url, f"timed out (no answer within {timeout:g} s)", retry=True)
    if isinstance(reason, ConnectionRefusedError):
        return NetworkError(url, "connection refused (is the server down?)", retry=True)
    if isinstance(
        reason,
        (
            ConnectionResetError,
            ConnectionAbortedError,
            BrokenPipeError,
            http.client.IncompleteRead,
            http.client.RemoteDisconnected,
        ),
    ):
        return NetworkError(url, "the connection was dropped before the transfer finished", retry=True)
    if isinstance(reason, http.client.HTTPException):
        return NetworkError(url, f"the server's answer is not valid HTTP ({reason.__class__.__name__})", retry=True)
    if isinstance(reason, OSError):
        return NetworkError(url, f"network error ({reason.strerror or reason})", retry=True)
    return NetworkError(url, f"request failed ({reason})")
