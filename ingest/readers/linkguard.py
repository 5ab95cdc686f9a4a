"""Where a fetch may lead: the one guard every http(s) request of the ingester passes.

A feed is data written by someone else. If its links were fetched whatever they
point at, a ``file:`` link or a link to ``127.0.0.1``, a private network or a
cloud metadata service would make the ingester read it, store it and serve it
over the API (a local file disclosure and a server-side request forgery).

So a link found inside an input is fetched only over http or https, and only
when its host resolves to public addresses: loopback, private, link-local,
shared, reserved, documentation and multicast addresses are refused. The check
is made before the first request, again at every redirect, and on the address
the connection actually reached (so a name that resolves differently the
second time gains nothing). The operator can allow private addresses
(``--allow-private-links`` or ``TIMELINE_ALLOW_PRIVATE_LINKS=1``); other schemes
are never fetched.

A URL the operator names on the command line is trusted as far as its own
host: ``timeline ingest http://127.0.0.1:8080/feed.rss`` works, but a redirect
from it to another private host is refused like any link.
"""
from __future__ import annotations

import ipaddress
import socket
import urllib.parse
from dataclasses import dataclass

FETCHED_SCHEMES = ("http", "https")
ALLOW_FLAG = "--allow-private-links"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class LinkRefused(Exception):
    """A link the guard will not fetch; the message says why and what the operator can do."""


def _embedded_ipv4(ip: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 one carries (::ffff:127.0.0.1, 6to4, Teredo), else itself."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip.sixtofour is not None:
            return ip.sixtofour
        if ip.teredo is not None:
            return ip.teredo[1]
    return ip


def address_class(ip: IPAddress) -> str | None:
    """Why an address must not be fetched from (``"loopback"``, ``"private"``...), or None when it is public."""
    ip = _embedded_ipv4(ip)
    for name in ("loopback", "link_local", "multicast", "unspecified", "private", "reserved"):
        if getattr(ip, f"is_{name}"):
            return name.replace("_", "-")
    if not ip.is_global:  # shared (100.64.0.0/10) and the other special-purpose blocks
        return "non-public"
    return None


@dataclass(frozen=True)
class LinkGuard:
    """The policy for one run: are private addresses allowed, and which host did the operator name."""

    allow_private: bool = False
    # host:port the operator named on the command line: its address is not checked
    trusted_netloc: str | None = None

    @classmethod
    def for_operator_url(cls, url: str, allow_private: bool = False) -> "LinkGuard":
        return cls(allow_private=allow_private, trusted_netloc=_netloc(url))

    def check_url(self, url: str) -> None:
        """Refuse a URL by its scheme, or by the addresses its host resolves to."""
        parts = urllib.parse.urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in FETCHED_SCHEMES:
            if not scheme:
                raise LinkRefused("it is not an absolute http(s) URL")
            raise LinkRefused(f"only http and https links are fetched, not {scheme}:")
        try:
            host, port = parts.hostname, parts.port
        except ValueError as exc:  # a port that is not a number
            raise LinkRefused(f"it is not a valid URL ({exc})") from None
        if not host:
            raise LinkRefused("the URL names no host")
        if self.allow_private or self._trusted(host, port or _default_port(scheme)):
            return
        for ip in _resolve(host, port or _default_port(scheme)):
            self._check_address(ip, host)

    def check_peer(self, address: str, host: str, port: int) -> None:
        """Refuse a connection by the address it actually reached."""
        if self.allow_private or self._trusted(host, port):
            return
        self._check_address(ipaddress.ip_address(address.split("%", 1)[0]), host)

    def _trusted(self, host: str, port: int) -> bool:
        return self.trusted_netloc is not None and self.trusted_netloc == f"{host.lower()}:{port}"

    def _check_address(self, ip: IPAddress, host: str) -> None:
        kind = address_class(ip)
        if kind is not None:
            shown = host if host == str(ip) else f"{host} ({ip})"
            raise LinkRefused(f"refused: {shown} is a {kind} address; the operator can allow such links "
                              f"with {ALLOW_FLAG}")


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def _netloc(url: str) -> str | None:
    parts = urllib.parse.urlsplit(url)
    try:
        host, port = parts.hostname, parts.port or _default_port(parts.scheme.lower())
    except ValueError:
        return None
    return f"{host.lower()}:{port}" if host else None


def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise LinkRefused(f"the host {host} cannot be resolved ({exc})") from None
    # every address the name has: a name that also resolves to a private one is refused
    return [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
