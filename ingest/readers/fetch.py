"""Fetching http(s) inputs with the standard library: timeouts, a size cap, clear errors.

Every request goes through a ``LinkGuard`` (ingest/readers/linkguard.py): only
http and https, and no private address unless the operator allows it, checked
before the request, at every redirect and on the address actually reached.
"""
from __future__ import annotations

import http.client
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message

from ingest.readers.linkguard import LinkGuard, LinkRefused
from ingest.sources import InputError

USER_AGENT = "arabic-timeline/0.1 (+timeline ingest)"
DEFAULT_TIMEOUT = 30.0
MAX_FETCH_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Fetched:
    url: str           # the URL asked for
    final_url: str     # after redirects
    data: bytes
    content_type: str  # e.g. "text/html", lower case, no parameters
    charset: str | None


def is_url(text: str) -> bool:
    return urllib.parse.urlsplit(str(text)).scheme in ("http", "https")


def normalise_url(url: str) -> str:
    """A URL as an identity: lower-case scheme and host, no fragment."""
    parts = urllib.parse.urlsplit(url.strip())
    return urllib.parse.urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/",
                                    parts.query, ""))


# --- the guarded opener: no file:, ftp: or data: handlers at all ----------------

def _checked_connect(guard: LinkGuard, host: str, port: int):
    """socket.create_connection, refusing an address the guard does not allow."""
    def create_connection(address, *args, **kwargs):
        sock = socket.create_connection(address, *args, **kwargs)
        try:
            guard.check_peer(sock.getpeername()[0], host, port)
        except BaseException:
            sock.close()
            raise
        return sock
    return create_connection


def _connection_factory(cls, guard: LinkGuard, req: urllib.request.Request):
    # Through a proxy the socket reaches the proxy (the operator's own choice);
    # the target's addresses were checked by name before the request.
    proxied = req.has_proxy() or getattr(req, "_tunnel_host", None)

    def make(host, **kwargs):
        conn = cls(host, **kwargs)
        if not proxied:
            conn._create_connection = _checked_connect(guard, conn.host.lower(), conn.port)
        return conn
    return make


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, guard: LinkGuard) -> None:
        super().__init__()
        self.guard = guard

    def http_open(self, req):
        return self.do_open(_connection_factory(http.client.HTTPConnection, self.guard, req), req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, guard: LinkGuard) -> None:
        super().__init__()
        self.guard = guard

    def https_open(self, req):
        return self.do_open(_connection_factory(http.client.HTTPSConnection, self.guard, req), req,
                            context=self._context)


class _GuardedRedirectHandler(urllib.request.HTTPRedirectHandler):
    def __init__(self, guard: LinkGuard) -> None:
        super().__init__()
        self.guard = guard

    def _check(self, req, newurl: str) -> str:
        newurl = urllib.parse.urljoin(req.full_url, newurl)
        try:
            self.guard.check_url(newurl)
        except LinkRefused as exc:
            raise LinkRefused(f"it redirects to {newurl}: {exc}") from None
        return newurl

    def http_error_302(self, req, fp, code, msg, headers):
        # checked before urllib's own scheme test, so that the refusal says why
        location = headers.get("location") or headers.get("uri")
        if location:
            self._check(req, location)
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return super().redirect_request(req, fp, code, msg, headers, self._check(req, newurl))


def _opener(guard: LinkGuard) -> urllib.request.OpenerDirector:
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.UnknownHandler(),
                    urllib.request.HTTPDefaultErrorHandler(), _GuardedRedirectHandler(guard),
                    urllib.request.HTTPErrorProcessor(), _GuardedHTTPHandler(guard), _GuardedHTTPSHandler(guard)):
        opener.add_handler(handler)
    return opener


def fetch(url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_FETCH_BYTES,
          guard: LinkGuard | None = None) -> Fetched:
    """GET ``url`` through ``guard`` (default: no private addresses at all); any failure,
    a refusal included, is an InputError saying what went wrong."""
    guard = guard or LinkGuard()
    try:
        guard.check_url(url)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        with _opener(guard).open(request, timeout=timeout) as response:
            data = response.read(max_bytes + 1)
            headers: Message = response.headers
            final_url = response.geturl()
    except LinkRefused as exc:
        raise InputError(url, f"not fetched: {exc}") from None
    except urllib.error.HTTPError as exc:
        raise InputError(url, f"the server answered HTTP {exc.code} ({exc.reason})") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, LinkRefused):
            raise InputError(url, f"not fetched: {exc.reason}") from None
        raise InputError(url, f"cannot be fetched ({exc.reason})") from None
    except (TimeoutError, OSError, http.client.HTTPException) as exc:
        raise InputError(url, f"cannot be fetched ({exc})") from None
    except ValueError as exc:  # malformed URL
        raise InputError(url, f"is not a valid URL ({exc})") from None
    if len(data) > max_bytes:
        raise InputError(url, f"is over the {max_bytes // (1024 * 1024)} MB limit for one page")
    return Fetched(url=url, final_url=final_url, data=data,
                   content_type=(headers.get_content_type() or "").lower(),
                   charset=headers.get_content_charset())
