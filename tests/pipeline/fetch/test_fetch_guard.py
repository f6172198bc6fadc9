"""SSRF guard: private, loopback, link-local... addresses are refused before connecting."""

from __future__ import annotations

import ipaddress

import pytest
from tests.httpserver import LocalServer
from tests.pipeline.fetch.conftest import MakeFetcher

from newsdesk.pipeline.errors import BlockedAddress, ConfigError, InvalidURL
from newsdesk.pipeline.fetch import AddressGuard, Fetcher, check_url
from newsdesk.pipeline.types import FetchOptions

BLOCKED = [
    "127.0.0.1",
    "127.0.0.2",
    "10.0.0.1",
    "172.16.5.4",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
    "2002:7f00:1::",  # 6to4 of 127.0.0.1
]
PUBLIC = ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"]


@pytest.mark.parametrize("address", BLOCKED)
def test_non_public_addresses_are_refused(address: str) -> None:
    assert not AddressGuard().permits(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_permitted(address: str) -> None:
    assert AddressGuard().permits(ipaddress.ip_address(address))


def test_allow_networks() -> None:
    guard = AddressGuard.from_networks(["127.0.0.1/32", "10.1.0.0/16"])
    assert guard.permits(ipaddress.ip_address("127.0.0.1"))
    assert guard.permits(ipaddress.ip_address("::ffff:127.0.0.1"))
    assert guard.permits(ipaddress.ip_address("10.1.2.3"))
    assert not guard.permits(ipaddress.ip_address("127.0.0.2"))
    assert not guard.permits(ipaddress.ip_address("10.2.0.1"))


def test_malformed_allow_networks() -> None:
    with pytest.raises(ConfigError):
        AddressGuard.from_networks(["not-a-network"])


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://[::1]:8080/x",
        "http://[::ffff:7f00:1]/",
        "http://2130706433/",  # 127.0.0.1 as one number
        "http://127.1/",
        "http://0x7f.0.0.1/",
        "https://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0:8000/",
    ],
)
def test_literal_private_hosts_are_refused(url: str) -> None:
    with pytest.raises(BlockedAddress):
        check_url(url, AddressGuard())


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/", "file:///etc/passwd", "javascript:alert(1)", "/relative", "http://"],
)
def test_only_absolute_http_urls(url: str) -> None:
    with pytest.raises(InvalidURL):
        check_url(url, AddressGuard())


def test_check_url_drops_the_fragment() -> None:
    assert str(check_url("https://example.com/a#top", AddressGuard())) == "https://example.com/a"


def test_loopback_is_refused_by_default(http_server: LocalServer) -> None:
    http_server.route("/secret", "secret")
    with Fetcher(FetchOptions(host_delay=0)) as fetcher, pytest.raises(BlockedAddress):
        fetcher.get(http_server.url("/secret"))
    assert http_server.requests == []


def test_host_names_are_checked_after_resolution(http_server: LocalServer) -> None:
    """``localhost`` is not a literal: the live transport resolves it and refuses it."""
    http_server.route("/secret", "secret")
    url = f"http://localhost:{http_server.port}/secret"
    with Fetcher(FetchOptions(host_delay=0)) as fetcher, pytest.raises(BlockedAddress):
        fetcher.get(url)
    assert http_server.requests == []


def test_allow_listed_host_names_connect_to_the_checked_address(
    http_server: LocalServer, make_fetcher: MakeFetcher
) -> None:
    http_server.route("/ok", "fine")
    fetcher = make_fetcher(allow_networks=("127.0.0.0/8", "::1/128"))

    result = fetcher.get(f"http://localhost:{http_server.port}/ok")

    assert result.content == b"fine"
    assert http_server.hits("/ok")[0].headers["Host"] == f"localhost:{http_server.port}"


@pytest.mark.parametrize(
    "target",
    ["http://127.0.0.2:{port}/", "http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/"],
)
def test_redirects_to_private_addresses_are_refused_before_connecting(
    http_server: LocalServer, make_fetcher: MakeFetcher, target: str
) -> None:
    location = target.format(port=http_server.port)
    http_server.route("/jump", "", status=302, headers={"Location": location})
    fetcher = make_fetcher(allow_networks=("127.0.0.1/32",))

    with pytest.raises(BlockedAddress):
        fetcher.get(http_server.url("/jump"))

    assert [r.path for r in http_server.requests] == ["/jump"]
