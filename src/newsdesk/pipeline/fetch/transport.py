"""The live transport: httpx over a connection pool whose every connect is SSRF-checked."""

from __future__ import annotations

import socket
from collections.abc import Iterable, Sequence
from pathlib import Path

import httpcore
import httpx

from newsdesk.pipeline.errors import BlockedAddress
from newsdesk.pipeline.fetch.guard import AddressGuard
from newsdesk.pipeline.fetch.replay import ReplayTransport
from newsdesk.pipeline.types import FetchOptions

_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=30.0)

SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)


class GuardedBackend(httpcore.NetworkBackend):
    """Resolves host names itself, checks every address, then connects to a checked one.

    Connecting to the very address that was checked (instead of letting the socket layer
    resolve the name again) means a DNS answer cannot change between check and use. TLS
    still verifies the certificate against the host *name* (httpcore passes the origin
    host as ``server_hostname``), and pooled connections stay keyed by host name.
    """

    def __init__(self, guard: AddressGuard) -> None:
        self._guard = guard
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = self._guard.resolve(host, port)
        except socket.gaierror as error:
            raise httpcore.ConnectError(f"could not resolve {host}: {error}") from error
        options = list(socket_options or ())
        failure: Exception = httpcore.ConnectError(f"{host} has no addresses")
        for address in addresses:
            try:
                return self._inner.connect_tcp(str(address), port, timeout, local_address, options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        raise BlockedAddress(f"refusing to connect to the unix socket {path}")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """``httpx.HTTPTransport`` whose pool connects through :class:`GuardedBackend`.

    httpx does not expose httpcore's ``network_backend``; we build the same pool it would
    build (no proxy, default TLS verification) with our backend. httpx is pinned to 0.28.x
    in pyproject.toml; ``test_guard`` fails loudly if this ever stops taking effect.
    """

    def __init__(self, guard: AddressGuard, limits: httpx.Limits = _LIMITS) -> None:
        super().__init__(limits=limits, trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(guard),
        )


def make_transport(
    replay: Sequence[str | Path] = (), options: FetchOptions | None = None
) -> httpx.BaseTransport:
    """The live, SSRF-guarded transport; or, when WARC files are given, a replay of them."""
    if replay:
        return ReplayTransport(replay)
    options = options or FetchOptions()
    return GuardedTransport(AddressGuard.from_networks(options.allow_networks))
