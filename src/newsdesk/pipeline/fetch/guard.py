"""SSRF guard: fetch only public http(s) addresses, unless an operator allow-lists them.

Two checks share one policy (:class:`AddressGuard`):

* :func:`check_url` runs for every URL and every redirect hop, whatever the transport: it
  accepts only absolute ``http``/``https`` URLs and refuses hosts that *are* non-public IP
  literals (including legacy spellings such as ``2130706433`` or ``127.1``).
* :meth:`AddressGuard.resolve` runs inside the live transport just before connecting: it
  resolves a host name and refuses it when *any* of its addresses is non-public (so a DNS
  answer mixing a public and a private address cannot be used to reach the private one).
  The transport then connects to exactly the addresses it checked, which closes the
  time-of-check/time-of-use gap of DNS rebinding.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass

import httpx

from newsdesk.pipeline.errors import BlockedAddress, ConfigError, InvalidURL

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

ALLOWED_SCHEMES = frozenset({"http", "https"})
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_LEGACY_IPV4 = re.compile(r"^[0-9a-fA-Fx.]+$")


@dataclass(frozen=True)
class AddressGuard:
    """Which IP addresses may be contacted: public ones plus ``allow`` networks."""

    allow: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_networks(cls, networks: Iterable[str]) -> AddressGuard:
        """Parse CIDR strings such as ``"127.0.0.0/8"``; raise ConfigError when malformed."""
        try:
            return cls(tuple(ipaddress.ip_network(n.strip(), strict=False) for n in networks))
        except ValueError as error:
            raise ConfigError(f"invalid network in allow_networks: {error}") from error

    def permits(self, address: IPAddress) -> bool:
        """Whether ``address`` (and any IPv4 address embedded in it) may be contacted."""
        return all(self._permits_one(form) for form in _forms(address))

    def _permits_one(self, address: IPAddress) -> bool:
        if any(address in network for network in self.allow):
            return True
        return _is_public(address)

    def check_address(self, address: IPAddress, host: str) -> None:
        """Raise BlockedAddress unless ``address`` is permitted."""
        if not self.permits(address):
            shown = host if host == str(address) else f"{host} ({address})"
            raise BlockedAddress(f"refusing to fetch {shown}: not a public address")

    def resolve(self, host: str, port: int) -> list[IPAddress]:
        """Resolve ``host`` and check every address; raise BlockedAddress if any is refused.

        ``socket.gaierror`` propagates (the transport reports it as a connect failure).
        Note that ``getaddrinfo`` has no timeout of its own; the system resolver's applies.
        """
        literal = parse_ip(host)
        if literal is not None:
            self.check_address(literal, host)
            return [literal]
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        addresses: list[IPAddress] = []
        for info in infos:
            address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
            self.check_address(address, host)
            if address not in addresses:
                addresses.append(address)
        return addresses


def _forms(address: IPAddress) -> list[IPAddress]:
    """The address as it will be routed: IPv4-mapped, NAT64, 6to4 and Teredo unwrapped."""
    if isinstance(address, ipaddress.IPv4Address):
        return [address]
    if address.ipv4_mapped is not None:
        return [address.ipv4_mapped]
    forms: list[IPAddress] = [address]
    if address in _NAT64:
        forms.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    if address.sixtofour is not None:
        forms.append(address.sixtofour)
    if address.teredo is not None:
        forms.extend(address.teredo)
    return forms


def _is_public(address: IPAddress) -> bool:
    return address.is_global and not (
        address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or address.is_link_local
        or address.is_loopback
        or address.is_private
    )


def parse_ip(host: str) -> IPAddress | None:
    """``host`` as an IP address if it is a literal (incl. ``127.1``, ``0x7f.1``), else None."""
    with suppress(ValueError):  # not a literal in standard form
        return ipaddress.ip_address(host.strip("[]"))
    if _LEGACY_IPV4.match(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def check_url(url: str | httpx.URL, guard: AddressGuard) -> httpx.URL:
    """Parse ``url``, require http(s) and a host, refuse non-public IP literals.

    Returns the URL without its fragment (never sent to servers).
    """
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as error:
        raise InvalidURL(f"not a valid URL: {url!r} ({error})") from error
    if parsed.scheme not in ALLOWED_SCHEMES:
        raise InvalidURL(f"only http and https URLs can be fetched, not {str(url)!r}")
    if not parsed.host:
        raise InvalidURL(f"URL has no host: {str(url)!r}")
    address = parse_ip(parsed.host)
    if address is not None:
        guard.check_address(address, parsed.host)
    return parsed.copy_with(fragment=None)
