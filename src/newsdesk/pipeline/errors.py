"""The one exception tree of newsdesk's pipeline.

Every stage raises a subclass of :class:`NewsdeskError`; orchestrators in
``newsdesk.jobs`` catch these narrowly and record ``str(error)`` on the row.
"""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base class of every error newsdesk raises on purpose."""


class ConfigError(NewsdeskError):
    """An option is missing, malformed or out of range."""


# --- fetching --------------------------------------------------------------------------


class FetchError(NewsdeskError):
    """A URL could not be fetched."""

    #: True when trying again later may succeed (timeouts, 5xx, 429).
    retryable: bool = True


class InvalidURL(FetchError):
    """The URL is not an absolute http(s) URL."""

    retryable = False


class BlockedAddress(FetchError):
    """The URL (or a redirect) points to a private, loopback or link-local address."""

    retryable = False


class RobotsDisallowed(FetchError):
    """robots.txt forbids fetching this URL for our user agent."""

    retryable = False


class TooManyRedirects(FetchError):
    """More redirects than allowed, or a redirect loop."""

    retryable = False


class FetchTimeout(FetchError):
    """Connecting or reading took longer than the configured timeout."""


class ConnectFailed(FetchError):
    """The host could not be resolved or refused the connection."""


class HTTPStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, status: int, url: str, retry_after: float | None = None) -> None:
        super().__init__(f"HTTP {status} for {url}")
        self.status = status
        self.url = url
        self.retry_after = retry_after
        self.retryable = status in {408, 425, 429} or status >= 500

    @property
    def gone(self) -> bool:
        """410 Gone: the publisher removed the resource for good; stop polling it."""
        return self.status == 410


class ContentDecodingError(FetchError):
    """The body's Content-Encoding (gzip, deflate, br) could not be decoded."""

    retryable = False


class NotRecorded(FetchError):
    """Replay mode: the URL is not in the recorded corpus."""

    retryable = False


# --- parsing ---------------------------------------------------------------------------


class ParseError(NewsdeskError):
    """A document could not be parsed."""


class NotAFeed(ParseError):
    """The document is not RSS, Atom or JSON Feed (for example an HTML page)."""


class UnsafeXML(ParseError):
    """The XML declares entities or a DTD (XML bombs, external entities): refused."""


class InvalidOPML(ParseError):
    """The file is not a readable OPML document."""


class UnsafeOPML(InvalidOPML, UnsafeXML):
    """An OPML file declaring XML entities: refused (caught as either parent)."""


# --- extraction ------------------------------------------------------------------------


class ExtractError(NewsdeskError):
    """A page could not be turned into an article."""


class UsageError(NewsdeskError):
    """A command or action was given input it cannot accept (shown to the user as is)."""


class ActionRefused(UsageError):
    """A reader's action is not allowed now (window passed, banned, not the author...)."""


class RateLimited(ActionRefused):
    """Too many actions of this kind in a short time (comments, log-ins); try again later."""


# --- enrichment ------------------------------------------------------------------------


class ModelUnavailable(NewsdeskError):
    """A model package is not installed or its files are damaged (the message says which)."""


class LLMError(NewsdeskError):
    """The configured language model could not give an answer."""

    #: True when asking again later may succeed (timeouts, 5xx, 429).
    retryable: bool = False


class LLMUnavailable(LLMError):
    """The LLM endpoint timed out, refused the connection or kept answering 5xx."""

    retryable = True


class LLMRateLimited(LLMUnavailable):
    """The LLM endpoint answered 429 and asked to wait longer than we are willing to."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class LLMBadResponse(LLMError):
    """The LLM endpoint answered something that is not an OpenAI-style completion."""


class BudgetExhausted(NewsdeskError):
    """This instance has spent its AI token budget for the period (the message says when
    it renews)."""
