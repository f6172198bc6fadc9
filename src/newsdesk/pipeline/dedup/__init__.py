"""De-duplication: canonical URLs and their hashes (near-duplicate detection lives beside)."""

from newsdesk.pipeline.dedup.urls import canonicalize_url, url_hash

__all__ = ["canonicalize_url", "url_hash"]
