"""Fetching http(s) inputs with the standard library: timeouts, a size cap, clear errors."""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message

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


def fetch(url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_FETCH_BYTES) -> Fetched:
    """GET ``url``; any failure is an InputError saying what went wrong."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(max_bytes + 1)
            headers: Message = response.headers
            final_url = response.geturl()
    except urllib.error.HTTPError as exc:
        raise InputError(url, f"the server answered HTTP {exc.code} ({exc.reason})") from None
    except urllib.error.URLError as exc:
        raise InputError(url, f"cannot be fetched ({exc.reason})") from None
    except (TimeoutError, OSError) as exc:
        raise InputError(url, f"cannot be fetched ({exc})") from None
    except ValueError as exc:  # malformed URL
        raise InputError(url, f"is not a valid URL ({exc})") from None
    if len(data) > max_bytes:
        raise InputError(url, f"is over the {max_bytes // (1024 * 1024)} MB limit for one page")
    return Fetched(url=url, final_url=final_url, data=data,
                   content_type=(headers.get_content_type() or "").lower(),
                   charset=headers.get_content_charset())
