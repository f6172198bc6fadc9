"""The AI providers of one worker process, each loaded once, on first use.

Built from :class:`AIOptions` (``Config.ai_options``); tests and benchmarks pass ready
providers in instead. Loading is thread-safe: worker threads share one model each.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from newsdesk.pipeline.enrich.embed import Embedder
from newsdesk.pipeline.enrich.entities import EntityRecognizer
from newsdesk.pipeline.enrich.llm import LLM, LLMOptions
from newsdesk.pipeline.enrich.summarize import ExtractiveSummarizer, SummaryOptions
from newsdesk.pipeline.errors import ModelUnavailable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AIOptions:
    #: None: no LLM configured (offline, extractive).
    llm: LLMOptions | None = None
    summary: SummaryOptions = field(default_factory=SummaryOptions)
    entities: bool = True


class Providers:
    def __init__(
        self,
        options: AIOptions,
        *,
        embedder: Embedder | None = None,
        summary_embedder: Embedder | None = None,
        recognizer: EntityRecognizer | None = None,
        llm: LLM | None = None,
    ) -> None:
        self.options = options
        self._embedder = embedder
        self._summary_embedder = summary_embedder
        self._recognizer = recognizer
        self._recognizer_missing = ""
        self._llm = llm
        self._lock = threading.Lock()

    def embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                from newsdesk.pipeline.enrich.embed import MiniLMEmbedder

                self._embedder = MiniLMEmbedder()
            return self._embedder

    def summary_embedder(self) -> Embedder:
        """The embedder of article summaries: MiniLM with int8 matrix products and one
        thread (the enrichment job runs entity recognition beside it), about 2.2 times
        cheaper than :meth:`embedder`; that one when ``onnx`` is missing (logged) or when
        an embedder was passed in."""
        with self._lock:
            if self._summary_embedder is None and self._embedder is not None:
                self._summary_embedder = self._embedder
            if self._summary_embedder is None:
                from newsdesk.pipeline.enrich.embed import EmbedOptions, MiniLMEmbedder

                try:
                    self._summary_embedder = MiniLMEmbedder(
                        EmbedOptions(int8_compute=True, threads=1)
                    )
                except ModelUnavailable as error:
                    log.warning("article summaries use the exact embedder: %s", error)
            if self._summary_embedder is not None:
                return self._summary_embedder
        self._summary_embedder = self.embedder()
        return self._summary_embedder

    def summarizer(self) -> ExtractiveSummarizer:
        return ExtractiveSummarizer(self.summary_embedder(), self.options.summary)

    def recognizer(self) -> EntityRecognizer | None:
        """spaCy NER, or None (logged once) when it is not installed or switched off."""
        if not self.options.entities:
            return None
        with self._lock:
            if self._recognizer is None and not self._recognizer_missing:
                from newsdesk.pipeline.enrich.entities import SpacyEntityRecognizer

                try:
                    self._recognizer = SpacyEntityRecognizer()
                except ModelUnavailable as error:
                    self._recognizer_missing = str(error)
                    log.warning("entities are off: %s", error)
            return self._recognizer

    def llm(self) -> LLM | None:
        if self.options.llm is None:
            return None
        with self._lock:
            if self._llm is None:
                from newsdesk.pipeline.enrich.llm import OpenAICompatibleLLM

                self._llm = OpenAICompatibleLLM(self.options.llm)
            return self._llm
