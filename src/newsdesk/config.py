"""newsdesk's options: one table, read once from ``NEWSDESK_*`` variables and/or a TOML
file, validated into a frozen :class:`Config` that is passed to whoever needs it.

Precedence (highest first): environment variables, the TOML file named by
``NEWSDESK_CONFIG`` (or passed to :func:`load_config`), the defaults below.
Any option can also be read from a file with ``NEWSDESK_<NAME>_FILE`` (for secrets).
``docs/configuration.md`` documents every option; a test keeps the two in sync.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from newsdesk.pipeline.cluster.online import ClusterOptions
from newsdesk.pipeline.errors import ConfigError
from newsdesk.pipeline.extract.siterules import parse_site_rules
from newsdesk.pipeline.types import FetchOptions, SiteRule

if TYPE_CHECKING:
    from newsdesk.pipeline.enrich.providers import AIOptions

ENV_PREFIX = "NEWSDESK_"


def _parse_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected a boolean (true/false), got {raw!r}")


def _parse_list(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def _check_networks(value: tuple[str, ...]) -> None:
    for net in value:
        ipaddress.ip_network(net, strict=False)


def _positive(value: float) -> None:
    if value <= 0:
        raise ValueError("must be greater than 0")


def _non_negative(value: float) -> None:
    if value < 0:
        raise ValueError("must be 0 or more")


def _one_of(*choices: str) -> Callable[[str], None]:
    def check(value: str) -> None:
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}")

    return check


def _check_cache_url(value: str) -> None:
    if value and not value.startswith(("redis://", "rediss://", "unix://", "file://")):
        raise ValueError("must be empty, a redis:// URL or a file:// URL")


def _check_site_rules(value: str) -> None:
    if value:
        read_site_rules(value)


def read_site_rules(path: str) -> tuple[SiteRule, ...]:
    """The rules in the TOML file at ``path`` (ValueError when unreadable or invalid)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"cannot read site rules {path}: {error}") from error
    return parse_site_rules(text)


@dataclass(frozen=True)
class Option:
    name: str
    type: type
    default: Any
    help: str
    check: Callable[[Any], None] | None = None


#: The option table. ``default=None`` for a str option means "derived at load time".
OPTIONS: tuple[Option, ...] = (
    Option(
        "data_dir",
        str,
        None,
        "Directory for the SQLite database, secret key and caches. "
        "Default: the user's data directory (e.g. ~/.local/share/newsdesk).",
    ),
    Option(
        "database_url",
        str,
        None,
        "Database URL. Default: sqlite:///<data_dir>/newsdesk.sqlite3 "
        "(WAL mode). PostgreSQL: postgres://user@host:5432/name.",
    ),
    Option(
        "secret_key",
        str,
        None,
        "Django secret key. Default: generated once and kept in <data_dir>/secret_key.",
    ),
    Option("debug", bool, False, "Django debug mode. Never enable on a public instance."),
    Option(
        "allowed_hosts",
        tuple,
        ("127.0.0.1", "localhost", "[::1]"),
        "Host names the web app answers to (comma-separated).",
    ),
    Option(
        "csrf_trusted_origins",
        tuple,
        (),
        "Origins trusted for CSRF behind a proxy (comma-separated, e.g. https://news.example.org).",
    ),
    Option(
        "secure_cookies", bool, False, "Mark session and CSRF cookies Secure (enable behind HTTPS)."
    ),
    Option("user_agent", str, FetchOptions.user_agent, "User-Agent sent with every request."),
    Option(
        "connect_timeout",
        float,
        FetchOptions.connect_timeout,
        "Seconds to wait for a connection.",
        _positive,
    ),
    Option(
        "read_timeout", float, FetchOptions.read_timeout, "Seconds to wait for data.", _positive
    ),
    Option(
        "max_body_bytes", int, FetchOptions.max_bytes, "Bodies are cut at this size.", _positive
    ),
    Option(
        "max_redirects",
        int,
        FetchOptions.max_redirects,
        "Redirects followed per request.",
        _non_negative,
    ),
    Option(
        "host_delay",
        float,
        FetchOptions.host_delay,
        "Minimum seconds between requests to one host.",
        _non_negative,
    ),
    Option(
        "host_concurrency",
        int,
        FetchOptions.host_concurrency,
        "Requests in flight per host.",
        _positive,
    ),
    Option(
        "respect_robots", bool, FetchOptions.respect_robots, "Honour robots.txt for article pages."
    ),
    Option(
        "allow_networks",
        tuple,
        (),
        "Private networks that may be fetched (SSRF allow-list, CIDR, "
        "comma-separated), e.g. 127.0.0.0/8 for feeds on this machine.",
        _check_networks,
    ),
    Option(
        "poll_min_interval", int, 300, "Shortest seconds between two polls of one feed.", _positive
    ),
    Option(
        "poll_max_interval", int, 86400, "Longest seconds between two polls of one feed.", _positive
    ),
    Option(
        "poll_default_interval", int, 1800, "Poll interval of a new feed, in seconds.", _positive
    ),
    Option("workers", int, 4, "Background worker threads (fetching and extraction).", _positive),
    Option(
        "job_lease",
        int,
        300,
        "Seconds a worker may hold a feed or article before another "
        "worker may take it over (the jobs of a killed worker run again after this).",
        _positive,
    ),
    Option(
        "queue",
        str,
        "thread",
        "Job queue backend: 'thread' (in-process pool) or 'inline' "
        "(run jobs at once, for tests and scripts), or 'dramatiq' (Redis at broker_url, "
        "jobs run by `newsdesk worker` processes; needs the distributed extra).",
        _one_of("thread", "inline", "dramatiq"),
    ),
    Option(
        "broker_url",
        str,
        "redis://127.0.0.1:6379/0",
        "Redis URL of the 'dramatiq' queue backend (ignored by the others).",
    ),
    Option(
        "broker_queue",
        str,
        "newsdesk",
        "Dramatiq queue name, so several newsdesk sites can share one Redis.",
    ),
    Option(
        "broker_backlog",
        int,
        64,
        "Most jobs waiting or running in the broker at once; the scheduler submits "
        "no more until workers catch up.",
        _positive,
    ),
    Option(
        "replay",
        tuple,
        (),
        "WARC files to answer requests from instead of the network "
        "(comma-separated paths). Set by `newsdesk demo --replay`.",
    ),
    Option(
        "email_backend",
        str,
        "django.core.mail.backends.console.EmailBackend",
        "Django e-mail backend for account e-mails.",
    ),
    Option("log_level", str, "INFO", "Log level.", _one_of("DEBUG", "INFO", "WARNING", "ERROR")),
    Option(
        "extract_rules",
        str,
        "",
        "Path of a TOML file with per-site extraction rules (CSS selectors to drop or "
        "keep per domain; see docs/extraction.md). Empty: no site rules.",
        _check_site_rules,
    ),
    Option(
        "ai_enrich",
        bool,
        True,
        "Enrich extracted articles offline (summary, key points, entities) in batches after "
        "extraction. The models run on the CPU from installed packages.",
    ),
    Option(
        "llm_base_url",
        str,
        "",
        "Base URL of an OpenAI-compatible API (e.g. http://127.0.0.1:8080/v1) for abstractive "
        "summaries, styles and answers. Empty: AI features stay offline and extractive.",
    ),
    Option("llm_model", str, "", "Model name sent to the LLM endpoint."),
    Option("llm_api_key", str, "", "API key for the LLM endpoint (use NEWSDESK_LLM_API_KEY_FILE)."),
    Option(
        "llm_connect_timeout", float, 5.0, "Seconds to wait for the LLM's connection.", _positive
    ),
    Option(
        "llm_read_timeout",
        float,
        60.0,
        "Seconds to wait for the next bytes of an LLM answer.",
        _positive,
    ),
    Option(
        "llm_total_timeout",
        float,
        120.0,
        "Seconds one LLM answer (streamed or not) may take in all.",
        _positive,
    ),
    Option(
        "ai_token_budget",
        int,
        1_000_000,
        "LLM tokens (prompt + answer) this instance may spend per calendar month; 0 disables "
        "LLM calls. When it is spent, AI features fall back to the offline ones and say so.",
        _non_negative,
    ),
    Option(
        "stories",
        bool,
        True,
        "Group extracted articles into stories and compute related articles (loads the "
        "offline embedding model in the worker).",
    ),
    Option(
        "story_window_hours",
        int,
        72,
        "Hours after its latest article that a story still takes any matching article; "
        "later, only a strong match (NEWSDESK_STORY_LONG_THRESHOLD) joins it.",
        _positive,
    ),
    Option(
        "story_threshold",
        float,
        ClusterOptions.threshold,
        "Score (0-1; weighted embedding, keyword and name similarity) an article needs "
        "to join a story.",
        _positive,
    ),
    Option(
        "story_merge_threshold",
        float,
        ClusterOptions.merge_threshold,
        "Score at which two live stories whose centroids converge are merged.",
        _positive,
    ),
    Option(
        "story_lead_words",
        int,
        60,
        "Words of the body embedded with the title for story clustering.",
        _positive,
    ),
    Option(
        "story_duplicate_cap",
        int,
        ClusterOptions.duplicate_cap,
        "Near-identical copies of one article kept in its story; more are flagged as spam.",
        _positive,
    ),
    Option(
        "story_long_window_hours",
        int,
        1440,
        "Hours after its latest article that a story still takes a strong match (then it is "
        "cold and leaves memory).",
        _positive,
    ),
    Option(
        "story_long_threshold",
        float,
        ClusterOptions.long_threshold,
        "Score before the time penalty an article needs to join a story quieter than "
        "NEWSDESK_STORY_WINDOW_HOURS (0.25 less for a full-text article that shares five "
        "rare terms with the story).",
        _positive,
    ),
    Option(
        "story_source_cap",
        int,
        ClusterOptions.source_cap,
        "Articles of one source that one story takes; more (a flood of similar texts) are "
        "flagged as spam and kept out of the story.",
        _positive,
    ),
    Option(
        "vector_index",
        str,
        "hnsw",
        "Nearest-neighbour index for related articles: 'hnsw' (approximate, scales to "
        "millions) or 'exact' (numpy brute force).",
        _one_of("hnsw", "exact"),
    ),
    Option("related_count", int, 8, "Related articles kept per article.", _positive),
    Option(
        "cache_url",
        str,
        "",
        "Django cache for pages: empty = memory of each server process; "
        "'redis://host:6379/0' (needs the redis package) to share one cache between "
        "processes; 'file:///path/to/dir' for a file cache.",
        _check_cache_url,
    ),
    Option(
        "page_cache_seconds",
        int,
        60,
        "Longest seconds a page rendered for anonymous readers is served from the cache "
        "(new articles, comments, stories and AI output replace it sooner); 0 turns the "
        "page cache off.",
        _non_negative,
    ),
    Option(
        "page_cache_check",
        float,
        1.0,
        "Seconds between two reads of the content version (one small query) by a "
        "server process: how stale a cached page may be after new content arrives.",
        _non_negative,
    ),
)


@dataclass(frozen=True)
class Config:
    """The validated configuration. Build it with :func:`load_config`."""

    data_dir: Path
    database_url: str
    secret_key: str
    debug: bool
    allowed_hosts: tuple[str, ...]
    csrf_trusted_origins: tuple[str, ...]
    secure_cookies: bool
    user_agent: str
    connect_timeout: float
    read_timeout: float
    max_body_bytes: int
    max_redirects: int
    host_delay: float
    host_concurrency: int
    respect_robots: bool
    allow_networks: tuple[str, ...]
    poll_min_interval: int
    poll_max_interval: int
    poll_default_interval: int
    workers: int
    job_lease: int
    queue: str
    broker_url: str
    broker_queue: str
    broker_backlog: int
    replay: tuple[str, ...]
    email_backend: str
    log_level: str
    extract_rules: str
    ai_enrich: bool
    llm_base_url: str
    llm_model: str
    llm_api_key: str
    llm_connect_timeout: float
    llm_read_timeout: float
    llm_total_timeout: float
    ai_token_budget: int
    stories: bool
    story_window_hours: int
    story_threshold: float
    story_merge_threshold: float
    story_lead_words: int
    story_duplicate_cap: int
    story_long_window_hours: int
    story_long_threshold: float
    story_source_cap: int
    vector_index: str
    related_count: int
    cache_url: str
    page_cache_seconds: int
    page_cache_check: float

    @property
    def cluster_options(self) -> ClusterOptions:
        return ClusterOptions(
            threshold=self.story_threshold,
            merge_threshold=self.story_merge_threshold,
            window=timedelta(hours=self.story_window_hours),
            duplicate_cap=self.story_duplicate_cap,
            long_window=timedelta(hours=self.story_long_window_hours),
            long_threshold=self.story_long_threshold,
            source_cap=self.story_source_cap,
        )

    @property
    def fetch_options(self) -> FetchOptions:
        return FetchOptions(
            user_agent=self.user_agent,
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
            max_bytes=self.max_body_bytes,
            max_redirects=self.max_redirects,
            allow_networks=self.allow_networks,
            host_delay=self.host_delay,
            host_concurrency=self.host_concurrency,
            respect_robots=self.respect_robots,
        )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite:")

    @property
    def ai_options(self) -> AIOptions:
        from newsdesk.pipeline.enrich.llm import LLMOptions
        from newsdesk.pipeline.enrich.providers import AIOptions

        llm = None
        if self.llm_base_url and self.ai_token_budget > 0:
            llm = LLMOptions(
                base_url=self.llm_base_url,
                model=self.llm_model,
                api_key=self.llm_api_key,
                connect_timeout=self.llm_connect_timeout,
                read_timeout=self.llm_read_timeout,
                total_timeout=self.llm_total_timeout,
            )
        return AIOptions(llm=llm)


def _coerce(option: Option, raw: Any) -> Any:
    if isinstance(raw, str):
        if option.type is bool:
            return _parse_bool(raw)
        if option.type is tuple:
            return _parse_list(raw)
        return option.type(raw.strip())
    if option.type is tuple and isinstance(raw, list | tuple):
        return tuple(str(item) for item in raw)
    if option.type is float and isinstance(raw, int) and not isinstance(raw, bool):
        return float(raw)
    if not isinstance(raw, option.type) or (option.type is int and isinstance(raw, bool)):
        raise ValueError(f"expected {option.type.__name__}, got {type(raw).__name__}")
    return raw


def _raw_values(env: Mapping[str, str], file_values: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    known = {option.name for option in OPTIONS}
    unknown = sorted(set(file_values) - known)
    if unknown:
        raise ConfigError(f"unknown option(s) in config file: {', '.join(unknown)}")
    for option in OPTIONS:
        key = ENV_PREFIX + option.name.upper()
        if key in env:
            values[option.name] = env[key]
        elif key + "_FILE" in env:
            path = Path(env[key + "_FILE"])
            try:
                values[option.name] = path.read_text(encoding="utf-8").strip()
            except OSError as error:
                raise ConfigError(f"{key}_FILE: cannot read {path}: {error}") from error
        elif option.name in file_values:
            values[option.name] = file_values[option.name]
    return values


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"cannot read config file {path}: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"config file {path} is not valid TOML: {error}") from error
    section = data.get("newsdesk", data)
    if not isinstance(section, dict):
        raise ConfigError(f"config file {path}: [newsdesk] must be a table")
    return section


def _secret_key(data_dir: Path) -> str:
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key


def load_config(env: Mapping[str, str] | None = None, path: Path | None = None) -> Config:
    """Read, coerce and validate every option; raise :class:`ConfigError` on the first problem."""
    env = os.environ if env is None else env
    if path is None and env.get(ENV_PREFIX + "CONFIG"):
        path = Path(env[ENV_PREFIX + "CONFIG"])
    raw = _raw_values(env, _read_toml(path) if path else {})
    values: dict[str, Any] = {}
    for option in OPTIONS:
        value = raw.get(option.name, option.default)
        if value is not None and option.name in raw:
            try:
                value = _coerce(option, value)
                if option.check:
                    option.check(value)
            except ValueError as error:
                raise ConfigError(f"{ENV_PREFIX}{option.name.upper()}: {error}") from error
        values[option.name] = value
    if values["poll_min_interval"] > values["poll_max_interval"]:
        raise ConfigError("NEWSDESK_POLL_MIN_INTERVAL must not exceed NEWSDESK_POLL_MAX_INTERVAL")
    data_dir = Path(values["data_dir"] or platformdirs.user_data_dir("newsdesk")).expanduser()
    values["data_dir"] = data_dir
    if not values["database_url"]:
        values["database_url"] = f"sqlite:///{data_dir / 'newsdesk.sqlite3'}"
    if not values["database_url"].startswith(("sqlite:", "postgres://", "postgresql://")):
        raise ConfigError(
            "NEWSDESK_DATABASE_URL: only sqlite:/// and postgres:// URLs are supported"
        )
    if not values["secret_key"]:
        values["secret_key"] = _secret_key(data_dir)
    return Config(**values)


def option_names() -> list[str]:
    """Every environment variable name, for docs and their test."""
    assert [f.name for f in fields(Config)] == [o.name for o in OPTIONS]
    return [ENV_PREFIX + option.name.upper() for option in OPTIONS]
