"""The Fetcher: one polite, defensive HTTP GET for feeds and pages.

One instance is shared by a process's worker threads: it owns the connection pool, the
per-host politeness state and the robots.txt cache, so none of that is global.
"""

from __future__ import annotations

import http.cookiejar
import logging
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from types import MappingProxyType, TracebackType

import httpx

from newsdesk.pipeline.errors import (
    BlockedAddress,
    ConnectFailed,
    FetchTimeout,
    HTTPStatusError,
    InvalidURL,
    NotRecorded,
    RobotsDisallowed,
    TooManyRedirects,
)
from newsdesk.pipeline.fetch.body import read_body
from newsdesk.pipeline.fetch.charset import detect_encoding
from newsdesk.pipeline.fetch.guard import AddressGuard, check_url
from newsdesk.pipeline.fetch.politeness import HostThrottle
from newsdesk.pipeline.fetch.replay import REPLAY_HEADER, REPLAY_MISS, ReplayTransport
from newsdesk.pipeline.fetch.retry import RETRY_STATUSES, backoff_delay, parse_retry_after
from newsdesk.pipeline.fetch.robots import (
    ALLOW_ALL,
    ROBOTS_MAX_BYTES,
    RobotsCache,
    RobotsRules,
    origin_of,
    robots_url,
    rules_for_response,
)
from newsdesk.pipeline.fetch.transport import make_transport
from newsdesk.pipeline.types import FetchOptions, FetchResult, Validators

log = logging.getLogger(__name__)

ACCEPT_ENCODING = "gzip, deflate, br"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECTS = frozenset({301, 308})


@dataclass(frozen=True)
class _Reply:
    """One HTTP exchange: status, headers and (for 2xx) the body."""

    url: httpx.URL
    status: int
    headers: httpx.Headers
    content: bytes = b""
    truncated: bool = False


@dataclass(frozen=True)
class _Chain:
    """The last reply of a redirect chain and the URLs that redirected on the way."""

    reply: _Reply
    redirects: tuple[str, ...] = ()
    permanent: bool = False


class Fetcher:
    """Polite, defensive HTTP GET. Thread-safe; close it (or use ``with``) when done.

    The Fetcher owns ``transport`` (default: the live, SSRF-guarded one) and closes it.
    """

    def __init__(self, options: FetchOptions, transport: httpx.BaseTransport | None = None) -> None:
        self._options = options
        self._guard = AddressGuard.from_networks(options.allow_networks)
        self._transport = transport if transport is not None else make_transport((), options)
        self._client = _make_client(options, self._transport)
        self._throttle = HostThrottle(options.host_delay, options.host_concurrency)
        self._robots = RobotsCache(options.robots_ttl)
        self._rng = random.Random()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool (and the transport)."""
        self._client.close()

    def get(
        self,
        url: str,
        validators: Validators | None = None,
        *,
        robots: bool = False,
        accept: str | None = None,
    ) -> FetchResult:
        """GET ``url``, following redirects, conditionally when ``validators`` are given.

        ``result.redirects`` lists the URLs that answered with a redirect, in order (the
        first is ``url``); ``result.final_url`` is the URL that answered last. A 304
        gives ``not_modified=True`` and no content. Raises a FetchError subclass:
        InvalidURL, BlockedAddress, RobotsDisallowed (``robots=True``), TooManyRedirects,
        FetchTimeout, ConnectFailed, HTTPStatusError (>= 400) or NotRecorded (replay).
        """
        start = check_url(url, self._guard)
        headers = _request_headers(validators, accept)
        chain = self._follow(start, headers, robots=robots, max_bytes=self._options.max_bytes)
        return _to_result(url, chain, validators)

    def crawl_delay(self, url: str) -> float | None:
        """The robots.txt ``Crawl-delay`` for ``url``'s origin (fetched once), if any."""
        return self._robots_rules(check_url(url, self._guard)).crawl_delay(self._user_agent)

    def recorded(self) -> list[tuple[str, str]]:
        """``(url, content_type)`` of every recorded response when replaying, else ``[]``."""
        if not isinstance(self._transport, ReplayTransport):
            return []
        return [(record.url, record.content_type) for record in self._transport.records()]

    @property
    def _user_agent(self) -> str:
        return self._options.user_agent

    # --- redirects ---------------------------------------------------------------------

    def _follow(
        self, url: httpx.URL, headers: dict[str, str], *, robots: bool, max_bytes: int
    ) -> _Chain:
        """Follow redirects by hand: every hop is SSRF-checked (and robots-checked)."""
        seen = {str(url)}
        redirects: list[str] = []
        permanent = True
        cookies = httpx.Cookies()  # lives for this chain only (login/consent redirects)
        while True:
            if robots:
                self._check_robots(url)
            reply = self._exchange_with_retries(url, headers, cookies, max_bytes)
            target = self._redirect_target(reply)
            if target is None:
                return _Chain(reply, tuple(redirects), permanent and bool(redirects))
            redirects.append(str(reply.url))
            if len(redirects) > self._options.max_redirects:
                raise TooManyRedirects(
                    f"more than {self._options.max_redirects} redirects fetching {redirects[0]}"
                )
            if str(target) in seen:
                raise TooManyRedirects(f"redirect loop: {reply.url} redirects back to {target}")
            seen.add(str(target))
            permanent = permanent and reply.status in PERMANENT_REDIRECTS
            url = target

    def _redirect_target(self, reply: _Reply) -> httpx.URL | None:
        location = reply.headers.get("Location")
        if reply.status not in REDIRECT_STATUSES or not location:
            return None
        try:
            target = reply.url.join(location.strip())
        except httpx.InvalidURL as error:
            raise InvalidURL(f"{reply.url} redirects to an invalid URL {location!r}") from error
        return check_url(target, self._guard)

    # --- one request, with retries -------------------------------------------------------

    def _exchange_with_retries(
        self, url: httpx.URL, headers: dict[str, str], cookies: httpx.Cookies, max_bytes: int
    ) -> _Reply:
        """Retry timeouts, connection errors and 429/503 up to ``options.retries`` times.

        Waits go through the host throttle, so other threads also hold off that host.
        """
        attempt = 0
        while True:
            try:
                reply = self._exchange(url, headers, cookies, max_bytes)
            except (FetchTimeout, ConnectFailed) as error:
                if attempt >= self._options.retries:
                    raise
                wait = backoff_delay(attempt, self._options.max_backoff, self._rng)
                log.info("%s; retrying in %.1f s", error, wait)
            else:
                if reply.status not in RETRY_STATUSES:
                    return reply
                wait = self._retry_wait(reply, attempt)
                log.info("HTTP %d for %s; retrying in %.1f s", reply.status, url, wait)
            self._throttle.defer(url.host, wait)
            attempt += 1

    def _retry_wait(self, reply: _Reply, attempt: int) -> float:
        """Seconds to wait before retrying a 429/503, or raise when we should not wait."""
        retry_after = parse_retry_after(reply.headers.get("Retry-After"), datetime.now(UTC))
        too_long = retry_after is not None and retry_after > self._options.max_backoff
        if too_long or attempt >= self._options.retries:
            raise HTTPStatusError(reply.status, str(reply.url), retry_after=retry_after)
        if retry_after is not None:
            return retry_after
        return backoff_delay(attempt, self._options.max_backoff, self._rng)

    def _exchange(
        self, url: httpx.URL, headers: dict[str, str], cookies: httpx.Cookies, max_bytes: int
    ) -> _Reply:
        """One GET inside the host's politeness slot; the body is read only for 2xx."""
        request = self._client.build_request("GET", url, headers=headers)
        cookies.set_cookie_header(request)
        with self._throttle.slot(url.host):
            deadline = time.monotonic() + self._options.total_timeout
            try:
                response = self._client.send(request, stream=True)
                try:
                    cookies.extract_cookies(response)
                    content, truncated = b"", False
                    if 200 <= response.status_code < 300:
                        content, truncated = read_body(response, max_bytes, deadline)
                finally:
                    response.close()
            except httpx.TimeoutException as error:
                raise FetchTimeout(f"timed out fetching {url} ({type(error).__name__})") from error
            except httpx.TransportError as error:
                reason = str(error) or type(error).__name__
                raise ConnectFailed(f"could not fetch {url}: {reason}") from error
        return _Reply(url, response.status_code, response.headers, content, truncated)

    # --- robots.txt ----------------------------------------------------------------------

    def _check_robots(self, url: httpx.URL) -> None:
        if not self._robots_rules(url).allows(str(url), self._user_agent):
            raise RobotsDisallowed(f"robots.txt of {origin_of(url)} disallows {url}")

    def _robots_rules(self, url: httpx.URL) -> RobotsRules:
        """The cached rules of ``url``'s origin, fetched once per TTL (one thread fetches)."""
        origin = origin_of(url)
        with self._robots.origin_lock(origin):
            rules = self._robots.get(origin)
            if rules is None:
                rules = self._load_robots(url)
                self._robots.put(origin, rules)
                delay = rules.crawl_delay(self._user_agent)
                if delay:
                    self._throttle.set_min_delay(
                        url.host, min(delay, self._options.max_crawl_delay)
                    )
        return rules

    def _load_robots(self, url: httpx.URL) -> RobotsRules:
        target = robots_url(url)
        headers = {"Accept": "text/plain, */*;q=0.1"}
        try:
            chain = self._follow(target, headers, robots=False, max_bytes=ROBOTS_MAX_BYTES)
        except (TooManyRedirects, BlockedAddress, InvalidURL) as error:
            log.info("robots.txt of %s unavailable (%s): allowing all", origin_of(url), error)
            return ALLOW_ALL
        reply = chain.reply
        return rules_for_response(reply.status, reply.content, str(target))


def _make_client(options: FetchOptions, transport: httpx.BaseTransport) -> httpx.Client:
    timeout = httpx.Timeout(
        connect=options.connect_timeout,
        read=options.read_timeout,
        write=options.read_timeout,
        pool=options.read_timeout,
    )
    # Cookies never persist across fetches (no tracking across sites); a redirect chain
    # keeps its own jar in Fetcher._follow.
    no_cookies = http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    return httpx.Client(
        transport=transport,
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
        cookies=no_cookies,
        headers={
            "User-Agent": options.user_agent,
            "Accept": "*/*",
            "Accept-Encoding": ACCEPT_ENCODING,
        },
    )


def _request_headers(validators: Validators | None, accept: str | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    if accept:
        headers["Accept"] = accept
    if validators is not None and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators is not None and validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers


def _to_result(url: str, chain: _Chain, validators: Validators | None) -> FetchResult:
    """Turn the final reply into a FetchResult, or raise for error statuses."""
    reply = chain.reply
    final_url = str(reply.url)
    if reply.status == 404 and reply.headers.get(REPLAY_HEADER) == REPLAY_MISS:
        raise NotRecorded(f"not in the recorded corpus: {final_url}")
    not_modified = reply.status == 304
    if not (200 <= reply.status < 300 or not_modified):
        retry_after = parse_retry_after(reply.headers.get("Retry-After"), datetime.now(UTC))
        raise HTTPStatusError(reply.status, final_url, retry_after=retry_after)
    content_type = reply.headers.get("Content-Type", "").strip()
    previous = validators or Validators()
    return FetchResult(
        url=url,
        final_url=final_url,
        status=reply.status,
        headers=MappingProxyType(dict(reply.headers.items())),
        content=reply.content,
        content_type=content_type,
        encoding=None if not_modified else detect_encoding(reply.content, content_type),
        validators=Validators(
            etag=reply.headers.get("ETag") or (previous.etag if not_modified else None),
            last_modified=reply.headers.get("Last-Modified")
            or (previous.last_modified if not_modified else None),
        ),
        not_modified=not_modified,
        truncated=reply.truncated,
        redirects=chain.redirects,
        permanently_moved=chain.permanent,
    )
