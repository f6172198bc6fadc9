"""Article extraction: a fetched page in, an :class:`ExtractedArticle` out.

``extract`` is pure (no network, no Django, no shared state) and never raises;
``sanitize_html`` is the allow-list sanitizer used for every publisher-supplied
HTML fragment.
"""

from __future__ import annotations

import logging

from newsdesk.pipeline.extract.extractor import extract
from newsdesk.pipeline.extract.sanitize import sanitize_html
from newsdesk.pipeline.types import ExtractedArticle, ExtractionStatus, ExtractOptions, ImageRef

__all__ = [
    "ExtractOptions",
    "ExtractedArticle",
    "ExtractionStatus",
    "ImageRef",
    "extract",
    "sanitize_html",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
