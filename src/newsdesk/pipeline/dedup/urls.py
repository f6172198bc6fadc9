"""Canonical URLs: one spelling per article, so the same story is stored once.

:func:`canonicalize_url` never raises. An absolute ``http``/``https`` URL comes back in
canonical form; anything it cannot read as one (``mailto:``, a relative URL without a
base, a bad port, unbalanced IPv6 brackets, plain garbage) comes back with surrounding
whitespace stripped and otherwise unchanged, so callers can test the scheme themselves.
The function is idempotent: ``canonicalize_url(canonicalize_url(u)) == canonicalize_url(u)``.
"""

from __future__ import annotations

import hashlib
import re
import string
from urllib.parse import SplitResult, quote, urljoin, urlsplit, urlunsplit

import idna

__all__ = [
    "TRACKING_PARAMS",
    "TRACKING_PREFIXES",
    "canonicalize_url",
    "is_tracking_param",
    "url_hash",
]

#: Query parameters (compared lower-case) that only say where a click came from.
#: Parameters that may identify content (``id``, ``p``, ``article``, ``page``, ``cid``) stay.
TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid",
        "twclid", "ttclid", "li_fat_id", "igshid", "igsh", "mc_cid", "mc_eid", "_ga", "_gl",
        "_hsenc", "_hsmi", "__hssc", "__hstc", "__hsfp", "hsctatracking", "mkt_tok",
        "vero_id", "vero_conv", "oly_anon_id", "oly_enc_id", "rb_clickid", "s_kwcid",
        "ef_id", "_branch_match_id", "ref", "ref_src", "ref_url", "referrer", "cmpid",
        "cmp", "ocid", "icid", "ncid", "smid", "smtyp", "sr_share", "xtor", "wt.mc_id",
        "wt_mc", "at_medium", "at_campaign", "ns_mchannel", "ns_source", "ns_campaign",
        "ns_linkname", "ns_fee", "spm", "__twitter_impression", "mbid", "soc_src",
        "soc_trk",
    }
)  # fmt: skip
#: Any parameter whose lower-case name starts with one of these is tracking.
TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "pk_", "mtm_", "at_custom")

_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
_SUB_DELIMS = "!$&'()*+,;="
_PATH_SAFE = frozenset(_UNRESERVED | set(_SUB_DELIMS + ":@/"))
# In a query component "&" and "=" separate pairs, so they must stay escaped inside one.
_QUERY_PART_SAFE = frozenset((_UNRESERVED | set(_SUB_DELIMS + ":@/?")) - {"&", "="})
_FRAGMENT_SAFE = frozenset(_UNRESERVED | set(_SUB_DELIMS + ":@/?"))
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")


def is_tracking_param(name: str) -> bool:
    """True when a query parameter name is a known click/campaign tracker."""
    key = name.lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def canonicalize_url(url: str, base: str | None = None) -> str:
    """Return the canonical spelling of ``url`` (resolved against ``base`` when given).

    Lower-cases scheme and host (IDNA-encoded), drops the default port, the fragment
    (except ``#!`` routes) and tracking parameters, sorts the remaining query parameters
    by name, normalises percent-escapes and removes an empty query. The path keeps its case
    and trailing slash. See the module docstring for what happens to non-http URLs.
    """
    text = url.strip()
    try:
        absolute = urljoin(base.strip(), text) if base else text
        parts = urlsplit(absolute)
        return _canonical(parts) or text
    except ValueError:  # bad port, bad IPv6 brackets, ...: not an http URL we can read
        return text


def url_hash(url: str) -> str:
    """A stable 64-character hex key for the canonical form of ``url``."""
    return hashlib.sha256(canonicalize_url(url).encode("utf-8")).hexdigest()


def _canonical(parts: SplitResult) -> str | None:
    scheme = parts.scheme.lower()
    host = parts.hostname
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    netloc = _netloc(parts, scheme, host)
    path = _remove_dot_segments(_normalize_escapes(parts.path, _PATH_SAFE)) or "/"
    query = _canonical_query(parts.query)
    fragment = parts.fragment if parts.fragment.startswith("!") else ""
    return urlunsplit((scheme, netloc, path, query, _normalize_escapes(fragment, _FRAGMENT_SAFE)))


def _netloc(parts: SplitResult, scheme: str, host: str) -> str:
    port = parts.port  # raises ValueError for a non-numeric or out-of-range port
    name = _canonical_host(host)
    if ":" in name:  # IPv6 literal
        name = f"[{name}]"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        name = f"{name}:{port}"
    userinfo, at, _ = parts.netloc.rpartition("@")
    return f"{userinfo}@{name}" if at else name


def _canonical_host(host: str) -> str:
    name = host.rstrip(".").lower() or host.lower()
    if name.isascii():
        return _normalize_escapes(name, _UNRESERVED | set(_SUB_DELIMS + ":"))
    try:
        return idna.encode(name, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        return "".join(c if c.isascii() else _escape(c) for c in name)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, keeping empty segments and the trailing slash."""
    if "." not in path:
        return path
    output: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
        elif segment == ".":
            if last:
                output.append("")
        else:
            output.append(segment)
    result = "/".join(output)
    return result if result.startswith("/") or not path.startswith("/") else "/" + result


def _canonical_query(query: str) -> str:
    pairs: list[tuple[str, str]] = []
    for item in query.split("&"):
        if not item:
            continue
        key, eq, value = item.partition("=")
        key = _normalize_escapes(key, _QUERY_PART_SAFE)
        if is_tracking_param(_unescape_for_match(key)):
            continue
        pairs.append((key, f"{eq}{_normalize_escapes(value, _QUERY_PART_SAFE)}"))
    pairs.sort(key=lambda pair: pair[0])
    return "&".join(key + rest for key, rest in pairs)


def _unescape_for_match(key: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), key)


def _normalize_escapes(text: str, safe: frozenset[str]) -> str:
    """Decode escapes of unreserved characters, upper-case the others, escape the rest."""
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        match = _ESCAPE.match(text, index) if char == "%" else None
        if match:
            decoded = chr(int(match.group(1), 16))
            out.append(decoded if decoded in _UNRESERVED else match.group(0).upper())
            index += 3
            continue
        out.append(char if char in safe else _escape(char))
        index += 1
    return "".join(out)


def _escape(char: str) -> str:
    # surrogatepass: arbitrary text may hold lone surrogates; escape them rather than fail.
    return quote(char.encode("utf-8", "surrogatepass"), safe="")
