"""Summary benchmark: ROUGE of newsdesk's offline extractive summaries against LEAD-3 in
the same run, citation precision of story summaries, and enrichment throughput.

    python bench/summaries.py --data ../shared/data/stories [--sentences 3] [--no-throughput]

Data: the AllSides headline roundups of ``stories.dev.jsonl`` (human multi-source
summaries) over the excerpts in ``allsides_roundups.dev.jsonl``. Stories are split in two
halves by sha1(story_id): ``tune`` (the weights were chosen on it) and ``aside`` (only
scored). Scoring: rouge-score 0.1.2, ROUGE-1/2/Lsum F1, Porter stemming, its default
tokenizer (lowercase, non-alphanumerics split), summary and reference sentences separated
by newlines (reference split with newsdesk's sentence splitter); also ROUGE-1 recall at a
fixed 115 words (the median reference length).

Rows:
- ``story``: one summary per story from all its articles. LEAD-3 is the first three
  sentences of the story's first article (file order: the AllSides "center" outlet first).
- ``article``: each article summarized alone and scored against its story's roundup.
  LEAD-3 is that article's first three sentences.

- ``full (proxy)``: each full-text article of g5w1h and BASIL (no human summaries)
  summarized alone and scored against a *consensus reference*: the leads of the OTHER
  articles of its story (each one's first three sentences of 6+ words that do not repeat
  its headline; scores averaged over those articles). What several outlets put first is
  what a summary of the event should carry. A proxy, not a human reference: it favours
  lead-like sentences, so it is harder, not easier, to beat LEAD-3 on. LEAD-3 is the
  article's first three sentences; ``LEAD-3 body`` skips sentences under 6 words and
  headline repeats (a stronger baseline). Halves by sha1(story_id) as above.

Citation precision (automatic, independent of the embedding model): a (sentence, cited
passage) pair is supported when at least half the sentence's content words (stemmed,
stop words removed) are in the passage and every number in the sentence is too.
Throughput: full-text articles of g5w1h + BASIL through enrichment (embed + entities +
summary), articles per second, against embedding alone (ratio).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer
from rouge_score.tokenizers import DefaultTokenizer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsdesk.pipeline.enrich.embed import EmbedOptions, MiniLMEmbedder, Vectors
from newsdesk.pipeline.enrich.providers import AIOptions, Providers
from newsdesk.pipeline.enrich.sentences import split_sentences
from newsdesk.pipeline.enrich.stories import (
    MemberArticle,
    StoryOptions,
    StorySummary,
    numbers,
    summarize_story,
)
from newsdesk.pipeline.enrich.summarize import (
    ArticleInput,
    ExtractiveSummarizer,
    SummaryOptions,
    candidate_texts,
    lead_summary,
)

#: Articles per run of the scheduler's enrichment job (``jobs.enrich_article.BATCH``).
JOB_BATCH = 64
SCORER = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
TOKENIZER = DefaultTokenizer(use_stemmer=True)
STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "and",
        "or",
        "but",
        "with",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "his",
        "her",
        "their",
        "said",
        "says",
        "will",
        "would",
        "on",
    ]
)


def half(story_id: str) -> str:
    return "tune" if int(hashlib.sha1(story_id.encode()).hexdigest(), 16) % 2 == 0 else "aside"


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def newline_split(text: str) -> str:
    return "\n".join(s.text for s in split_sentences(text))


def rouge(summary: str, reference: str) -> dict[str, float]:
    scores = SCORER.score(newline_split(reference), summary)
    truncated = " ".join(summary.split()[:115])
    recall = SCORER.score(reference, truncated)["rouge1"].recall
    return {
        "R1": scores["rouge1"].fmeasure * 100,
        "R2": scores["rouge2"].fmeasure * 100,
        "RLsum": scores["rougeLsum"].fmeasure * 100,
        "R1@115 recall": recall * 100,
        "words": float(len(summary.split())),
    }


def mean_scores(rows: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.fmean(r[key] for r in rows) for key in rows[0]} if rows else {}


def supported(sentence: str, passage: str) -> bool:
    content = {t for t in TOKENIZER.tokenize(sentence) if t not in STOP}
    in_passage = set(TOKENIZER.tokenize(passage))
    if not content:
        return True
    return len(content & in_passage) / len(content) >= 0.5 and numbers(sentence) <= numbers(passage)


def load(data: Path) -> tuple[dict[str, list[dict[str, object]]], dict[str, str]]:
    stories: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in lines(data / "allsides_roundups.dev.jsonl"):
        stories[str(row["story_id"])].append(row)
    references = {
        str(r["story_id"]): str(r["reference_summary"])
        for r in lines(data / "stories.dev.jsonl")
        if r.get("reference_summary")
    }
    return stories, references


def members(rows: list[dict[str, object]]) -> list[MemberArticle]:
    return [
        MemberArticle(
            str(r["id"]),
            str(r.get("outlet_name") or r["source"]),
            str(r["title"]),
            str(r["text"]),
            str(r["url"]),
        )
        for r in rows
    ]


def run_rouge(data: Path, k: int, embedder: MiniLMEmbedder) -> dict[str, list[StorySummary]]:
    stories, references = load(data)
    # Articles: the enrichment job's and the CLI's summarizer (int8-compute embedder).
    summarizer = Providers(AIOptions(summary=SummaryOptions(sentences=k))).summarizer()
    story_options = StoryOptions().with_sentences(k)
    table: dict[tuple[str, str, str], list[dict[str, float]]] = defaultdict(list)
    outputs: dict[str, list[StorySummary]] = defaultdict(list)
    for story_id, rows in stories.items():
        reference = references.get(story_id)
        if not reference:
            continue
        part = half(story_id)
        first = rows[0]
        lead = lead_summary(
            ArticleInput(str(first["id"]), str(first["title"]), str(first["text"])), k
        )
        table[(part, "story", "LEAD-3")].append(rouge(lead.text, reference))
        story = summarize_story(members(rows), embedder, story_options)
        outputs[part].append(story)
        table[(part, "story", "newsdesk")].append(rouge(story.text, reference))
        inputs = [ArticleInput(str(r["id"]), str(r["title"]), str(r["text"])) for r in rows]
        for article, summary in zip(inputs, summarizer.summarize(inputs), strict=True):
            table[(part, "article", "LEAD-3")].append(
                rouge(lead_summary(article, k).text, reference)
            )
            table[(part, "article", "newsdesk")].append(rouge(summary.text, reference))
    print(f"\nROUGE F1 vs AllSides roundups ({k} sentences; rouge-score, Porter stemming)")
    print(
        f"{'split':6} {'level':8} {'n':>4} {'method':9} {'R1':>6} {'R2':>6} {'RLsum':>6} "
        f"{'R1rec@115':>9} {'words':>6}  ΔR1 vs LEAD-3"
    )
    for part in ("tune", "aside"):
        for level in ("story", "article"):
            base = mean_scores(table[(part, level, "LEAD-3")])
            for method in ("LEAD-3", "newsdesk"):
                rows_ = table[(part, level, method)]
                m = mean_scores(rows_)
                delta = f"{m['R1'] - base['R1']:+.2f}" if method != "LEAD-3" else ""
                print(
                    f"{part:6} {level:8} {len(rows_):4} {method:9} {m['R1']:6.2f} {m['R2']:6.2f} "
                    f"{m['RLsum']:6.2f} {m['R1@115 recall']:9.2f} {m['words']:6.1f}  {delta}"
                )
    return outputs


def _norm(text: str) -> str:
    return " ".join(TOKENIZER.tokenize(text))


def body_lead(title: str, text: str, k: int) -> list[str]:
    """The first ``k`` sentences of 6+ words that do not repeat the headline."""
    head = _norm(title)
    picked = [
        s.text for s in split_sentences(text) if len(s.text.split()) >= 6 and _norm(s.text) != head
    ]
    return picked[:k]


def run_proxy(data: Path, k: int) -> None:
    """The ``full (proxy)`` rows: full-text articles against their story's other leads."""
    rows = lines(data / "g5w1h_news_cluster.dev.jsonl") + lines(data / "basil.dev.jsonl")
    stories: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in rows:
        stories[str(row["story_id"])].append(row)
    summarizer = Providers(AIOptions(summary=SummaryOptions(sentences=k))).summarizer()
    inputs = [ArticleInput(str(r["id"]), str(r["title"]), str(r["text"])) for r in rows]
    summaries = {s.id: s.text for s in summarizer.summarize(inputs)}
    table: dict[tuple[str, str], list[dict[str, float]]] = defaultdict(list)
    for story_id, members_ in stories.items():
        leads = {str(r["id"]): body_lead(str(r["title"]), str(r["text"]), 3) for r in members_}
        for row in members_:
            others = [
                "\n".join(leads[str(o["id"])])
                for o in members_
                if o["id"] != row["id"] and o["text"] != row["text"]
            ]
            if not others:
                continue
            article = ArticleInput(str(row["id"]), str(row["title"]), str(row["text"]))
            outputs = {
                "LEAD-3": lead_summary(article, k).text,
                "LEAD-3 body": "\n".join(body_lead(article.title, article.text, k)),
                "newsdesk": summaries[article.id],
            }
            for method, text in outputs.items():
                scores = mean_scores([rouge(text, ref) for ref in others])
                table[(half(story_id), method)].append(scores)
    print(
        f"\nPROXY, full-text articles (g5w1h + BASIL dev, {k} sentences): ROUGE F1 against "
        "the leads of the story's other articles (consensus reference, no human summary)"
    )
    print(
        f"{'split':6} {'level':14} {'n':>4} {'method':11} {'R1':>6} {'R2':>6} {'RLsum':>6} "
        f"{'R1rec@115':>9} {'words':>6}  ΔR1 vs LEAD-3"
    )
    for part in ("tune", "aside"):
        base = mean_scores(table[(part, "LEAD-3")])
        for method in ("LEAD-3", "LEAD-3 body", "newsdesk"):
            m = mean_scores(table[(part, method)])
            delta = f"{m['R1'] - base['R1']:+.2f}" if method != "LEAD-3" else ""
            print(
                f"{part:6} {'full (proxy)':14} {len(table[(part, method)]):4} {method:11} "
                f"{m['R1']:6.2f} {m['R2']:6.2f} {m['RLsum']:6.2f} {m['R1@115 recall']:9.2f} "
                f"{m['words']:6.1f}  {delta}"
            )


def citation_precision(outputs: dict[str, list[StorySummary]]) -> None:
    print("\nCitation precision of story summaries (automatic lexical check)")
    print(
        f"{'split':6} {'sentences':>9} {'citations':>9} {'multi-src':>9} {'cit.prec':>8} "
        f"{'sent.prec':>9} {'dropped':>7} {'disagree':>8}"
    )
    for part, summaries in outputs.items():
        cites = sents = good_cites = good_sents = multi = dropped = disagree = 0
        for summary in summaries:
            dropped += summary.dropped
            disagree += len(summary.disagreements)
            for sentence in summary.sentences:
                sents += 1
                multi += len({c.source for c in sentence.citations}) > 1
                ok = [supported(sentence.text, c.passage) for c in sentence.citations]
                cites += len(ok)
                good_cites += sum(ok)
                good_sents += all(ok)
        print(
            f"{part:6} {sents:9} {cites:9} {multi:9} {good_cites / max(cites, 1):8.3f} "
            f"{good_sents / max(sents, 1):9.3f} {dropped:7} {disagree:8}"
        )


def _timed(run: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, process CPU seconds) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


class _CharSorted(MiniLMEmbedder):
    """The session-10 embedder, for the same-run baseline: batches of texts sorted by
    characters (not word pieces), built with the NaN guards left in the model."""

    def __init__(self, options: EmbedOptions) -> None:
        from newsdesk.pipeline.enrich import embed as module

        keep = module.drop_nan_guards
        module.drop_nan_guards = lambda path: 0
        try:
            super().__init__(options)
        finally:
            module.drop_nan_guards = keep

    def embed(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        size = self.options.batch_size
        for start in range(0, len(order), size):
            batch = order[start : start + size]
            encodings = self._tokenizer.encode_batch([texts[i] or " " for i in batch])
            ids = np.zeros((len(batch), max(len(e.ids) for e in encodings)), dtype=np.int64)
            mask = np.zeros_like(ids)
            for row, e in enumerate(encodings):
                ids[row, : len(e.ids)] = e.ids
                mask[row, : len(e.ids)] = 1
            out[batch] = self._embed_batch(ids, mask)
        return out


def throughput(data: Path, embedder: MiniLMEmbedder, repeat: int = 1) -> None:
    """Articles per second through enrichment against earlier batched jobs, in the same
    run. The base (session 8) embeds every one of an article's first 10 sentences whole
    with the exact (float32-compute) embedder on all cores, beside NER in a second thread;
    session 9 on: only the candidates (the sentences that can be picked), their first 36
    words, with int8 matrix products on one thread (``Providers.summary_embedder``);
    session 10's embedder sorted texts by characters and kept the attention's NaN guards.
    With ``repeat``, every stage runs that many times, in turn (old and new alternate),
    and the median is shown."""
    from concurrent.futures import ThreadPoolExecutor

    from newsdesk.pipeline.enrich.batch import enrich_batch, entity_text
    from newsdesk.pipeline.enrich.entities import SpacyEntityRecognizer

    rows = lines(data / "g5w1h_news_cluster.dev.jsonl") + lines(data / "basil.dev.jsonl")
    inputs = [ArticleInput(str(r["id"]), str(r["title"]), str(r["text"])) for r in rows]
    fast = Providers(AIOptions()).summary_embedder()
    summarizer = ExtractiveSummarizer(fast)
    previous = ExtractiveSummarizer(_CharSorted(EmbedOptions(int8_compute=True, threads=1)))
    recognizer = SpacyEntityRecognizer()
    recognizer.recognize(["Warm up in London."])
    fast.embed(["Warm up."])
    previous.embedder.embed(["Warm up."])
    n = len(inputs)
    options = summarizer.options
    texts = candidate_texts(inputs, options)[2]
    before = [a.title for a in inputs]
    for a in inputs:
        before.extend(s.text for s in split_sentences(a.text)[: options.max_candidates])
    entity_texts = [entity_text(a) for a in inputs]

    def base() -> None:
        with ThreadPoolExecutor(max_workers=1) as pool:
            found = pool.submit(recognizer.recognize, entity_texts)
            embedder.embed(before)
            found.result()

    def as_the_job() -> None:
        for start in range(0, n, JOB_BATCH):
            enrich_batch(inputs[start : start + JOB_BATCH], summarizer, recognizer)

    stages: list[tuple[str, Callable[[], object]]] = [
        ("session 8: all 10 whole, exact (base)", base),
        (f"embed candidates ({len(texts)}), exact", lambda: embedder.embed(texts)),
        (f"embed candidates ({len(texts)}), int8 s10", lambda: previous.embedder.embed(texts)),
        (f"embed candidates ({len(texts)}), int8", lambda: fast.embed(texts)),
        ("entities (spaCy NER)", lambda: recognizer.recognize(entity_texts)),
        ("embed + summary (int8)", lambda: summarizer.summarize(inputs)),
        (
            "session 10: embed+summ.+ent., seq.",
            lambda: enrich_batch(inputs, previous, recognizer, overlap=False),
        ),
        (
            "embed + summary + entities, seq.",
            lambda: enrich_batch(inputs, summarizer, recognizer, overlap=False),
        ),
        ("session 10: embed+summ.+ent.", lambda: enrich_batch(inputs, previous, recognizer)),
        ("embed + summary + entities", lambda: enrich_batch(inputs, summarizer, recognizer)),
        (f"the same, as the job (batches of {JOB_BATCH})", as_the_job),
    ]
    print(f"\nEnrichment throughput on {n} full-text articles (g5w1h + BASIL dev)")
    print(
        f"(candidates: pickable among the first {options.max_candidates}, "
        f"{options.embed_words} words; NER chars {recognizer.max_chars}; load {_load()}; "
        f"median of {repeat})"
    )
    # Wall time depends on what else runs on the machine; CPU time much less. Two busy
    # cores give at most 2 CPU-seconds a second: ``2 x art/CPU-s`` is the rate on 2 idle
    # cores (parallel efficiency taken as perfect, so an upper bound).
    timings: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for _ in range(repeat):
        for name, run in stages:
            timings[name].append(_timed(run))
    print(
        f"{'stage':40} {'wall s':>7} {'art/s':>6} {'CPU s':>6} {'art/CPU-s':>9} "
        f"{'2 idle cores':>12} {'vs base':>7}"
    )
    base_cpu = 0.0
    for name, _ in stages:
        wall = statistics.median(w for w, _ in timings[name])
        cpu = statistics.median(c for _, c in timings[name])
        base_cpu = base_cpu or cpu
        print(
            f"{name:40} {wall:7.2f} {n / wall:6.1f} {cpu:6.2f} {n / cpu:9.1f} "
            f"{2 * n / cpu:12.1f} {base_cpu / cpu:6.2f}x"
        )
    print(f"(load after: {_load()})")


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/stories"))
    parser.add_argument("--sentences", type=int, default=3)
    parser.add_argument("--no-throughput", action="store_true")
    parser.add_argument("--only-throughput", action="store_true")
    parser.add_argument(
        "--repeat", type=int, default=1, help="throughput: runs of each stage (median shown)"
    )
    parser.add_argument(
        "--show", type=int, default=0, help="print N story summaries with citations"
    )
    args = parser.parse_args()
    embedder = MiniLMEmbedder()
    if args.only_throughput:
        throughput(args.data, embedder, args.repeat)
        return
    outputs = run_rouge(args.data, args.sentences, embedder)
    run_proxy(args.data, args.sentences)
    citation_precision(outputs)
    for summary in outputs["aside"][: args.show]:
        print("\n" + summary.cited_text)
        for sentence in summary.sentences:
            for c in sentence.citations:
                print(f"   [{c.source} {c.support:.2f}] {c.passage}")
        for d in summary.disagreements:
            print("   !", d.text)
    if not args.no_throughput:
        throughput(args.data, embedder, args.repeat)


if __name__ == "__main__":
    main()
