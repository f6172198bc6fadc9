"""Extraction benchmark: newsdesk vs trafilatura on the developer extraction sets.

    python bench/extraction.py [--data DIR] [--limit N] [--check] [--update-baseline]

Reads ``/work/shared/data/extraction`` (or ``--data``; never committed, never used by
tests). For each set it prints body precision/recall/F1 (word 4-gram shingles, the
article-extraction-benchmark metric), per-field accuracy, empty outputs, median and
p90 milliseconds per page, and ratios to trafilatura's default run. That run extracts
metadata too (title, authors, date, image: newsdesk always does), so its fields can be
scored; ``trafilatura-body`` is trafilatura with every setting at its default
(``with_metadata=False``, as ``trafilatura.extract`` runs it): the body alone, and faster.
The last column gives each system's median time over that run's.

``--check`` fails (exit 1) when a newsdesk score is below its floor in
``tests/eval/baseline.json`` or the corpus hash differs; ``--update-baseline`` raises
the floors to the current scores (floors only go up).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import logging
import math
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import trafilatura

from newsdesk.pipeline.extract import extract

DEFAULT_DATA = Path("/work/shared/data/extraction")
SCORER = Path("/work/shared/tools/score_extraction.py")
BASELINE = Path(__file__).resolve().parent.parent / "tests" / "eval" / "baseline.json"
SETS = ("fundus_parser_tests", "fundus_eval80")
WORD = re.compile(r"\w+")
FIELDS = ("title", "date_day", "date_minute", "authors", "image")
#: Floors are set this far below the measured score, so timing noise never fails a run.
FLOOR_MARGIN = 0.005


@dataclass(frozen=True)
class Page:
    id: str
    url: str
    html: str
    expected: dict[str, Any]


@dataclass(frozen=True)
class Prediction:
    body: str = ""
    title: str = ""
    authors: tuple[str, ...] = ()
    published: datetime | date | None = None
    image: str | None = None
    #: The system gives dates without a time (trafilatura): no to-the-minute score.
    day_only: bool = False
    #: The system extracts no metadata: its fields are not scored.
    body_only: bool = False


@dataclass
class Result:
    precisions: list[float] = field(default_factory=list)
    recalls: list[float] = field(default_factory=list)
    empty: int = 0
    millis: list[float] = field(default_factory=list)
    fields: dict[str, list[bool]] = field(default_factory=lambda: {name: [] for name in FIELDS})

    @property
    def precision(self) -> float:
        return statistics.fmean(self.precisions) if self.precisions else 0.0

    @property
    def recall(self) -> float:
        return statistics.fmean(self.recalls) if self.recalls else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, name: str) -> float | None:
        values = self.fields[name]
        return sum(values) / len(values) if values else None


# --- systems ---------------------------------------------------------------------------


def run_newsdesk(page: Page) -> Prediction:
    article = extract(page.html, page.url)
    return Prediction(
        body=article.text,
        title=article.title,
        authors=tuple(article.authors),
        published=article.published,
        image=article.image,
    )


def _trafilatura_body(page: Page) -> Prediction:
    doc = trafilatura.bare_extraction(page.html, url=page.url)
    if doc is None or isinstance(doc, dict):
        return Prediction(body_only=True)
    return Prediction(body=doc.text or "", body_only=True)


def _trafilatura(page: Page, *, precision: bool) -> Prediction:
    doc = trafilatura.bare_extraction(
        page.html, url=page.url, with_metadata=True, favor_precision=precision
    )
    if doc is None or isinstance(doc, dict):
        return Prediction()
    published = None
    if doc.date:
        try:
            published = date.fromisoformat(doc.date[:10])
        except ValueError:
            published = None
    authors = tuple(a.strip() for a in (doc.author or "").split(";") if a.strip())
    return Prediction(
        body=doc.text or "",
        title=doc.title or "",
        authors=authors,
        published=published,
        image=doc.image,
        day_only=True,
    )


SYSTEMS: dict[str, Callable[[Page], Prediction]] = {
    "newsdesk": run_newsdesk,
    "trafilatura": lambda page: _trafilatura(page, precision=False),
    "trafilatura-precision": lambda page: _trafilatura(page, precision=True),
    "trafilatura-body": _trafilatura_body,
}


CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.process_time}


# --- metrics ---------------------------------------------------------------------------


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = WORD.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def body_scores(expected: str, predicted: str) -> tuple[float | None, float | None]:
    truth, guess = shingles(expected), shingles(predicted)
    overlap = sum((truth & guess).values())
    precision = overlap / sum(guess.values()) if guess else None
    recall = overlap / sum(truth.values()) if truth else None
    return precision, recall


def best_body_scores(page: Page, predicted: str) -> tuple[float | None, float | None]:
    """Against ``body``, and for eval80 also ``body_required``; the better per page."""
    options = [page.expected.get("body") or ""]
    if page.expected.get("body_required"):
        options.append(page.expected["body_required"])
    scored = [body_scores(expected, predicted) for expected in options]
    return max(scored, key=lambda pr: _f1(pr[0] or 0.0, pr[1] or 0.0))


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def field_checks(page: Page, pred: Prediction) -> dict[str, bool | None]:
    exp = page.expected
    checks: dict[str, bool | None] = dict.fromkeys(FIELDS)
    if pred.body_only:
        return checks
    if exp.get("title"):
        checks["title"] = norm(pred.title) == norm(exp["title"])
    if exp.get("published"):
        checks["date_day"], checks["date_minute"] = _date_checks(exp["published"], pred.published)
        if pred.day_only:
            checks["date_minute"] = None
    if exp.get("authors") is not None:
        want = {norm(a).casefold() for a in exp["authors"]}
        checks["authors"] = {norm(a).casefold() for a in pred.authors} == want
    lead = exp.get("lead_image")
    if exp.get("images_annotated") and lead:
        urls = set(lead.get("all_urls") or []) | {lead.get("url")}
        stripped = {u.split("?")[0] for u in urls if u}
        checks["image"] = bool(pred.image) and (
            pred.image in urls or (pred.image or "").split("?")[0] in stripped
        )
    return checks


def _date_checks(expected: str, predicted: datetime | date | None) -> tuple[bool, bool | None]:
    want = datetime.fromisoformat(expected)
    if predicted is None:
        return False, False if want.tzinfo else None
    if isinstance(predicted, datetime):
        local = predicted.astimezone(want.tzinfo) if want.tzinfo else predicted
        same_minute = None
        if want.tzinfo:
            same_minute = abs((predicted - want).total_seconds()) < 60
        return local.date() == want.date(), same_minute
    return predicted == want.date(), None  # a bare date cannot be right to the minute


# --- running ---------------------------------------------------------------------------


def load_pages(folder: Path, limit: int | None) -> list[Page]:
    pages = []
    for case in sorted(p for p in folder.iterdir() if (p / "expected.json").is_file()):
        expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
        with gzip.open(case / "page.html.gz", "rt", encoding="utf-8") as fh:
            html = fh.read()
        pages.append(Page(case.name, expected.get("url") or "", html, expected))
        if limit and len(pages) >= limit:
            break
    return pages


def corpus_hash(data: Path) -> str:
    digest = hashlib.sha256()
    for name in SETS:
        for path in sorted((data / name).glob("*/*")):
            if path.name in {"page.html.gz", "expected.json"}:
                digest.update(f"{name}/{path.parent.name}/{path.name}".encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def evaluate(
    pages: list[Page], systems: dict[str, Callable[[Page], Prediction]], clock: Callable[[], float]
) -> dict[str, Result]:
    """Score every system on every page; systems take turns page by page, so a change
    in the machine's load during the run weighs on all of them alike."""
    results = {name: Result() for name in systems}
    for page in pages:
        for name, system in systems.items():
            result = results[name]
            start = clock()
            pred = system(page)
            result.millis.append((clock() - start) * 1000)
            precision, recall = best_body_scores(page, pred.body)
            if precision is None:
                result.empty += 1
            else:
                result.precisions.append(precision)
            if recall is not None:
                result.recalls.append(recall)
            for field_name, ok in field_checks(page, pred).items():
                if ok is not None:
                    result.fields[field_name].append(ok)
    return results


def verify_metric(pages: list[Page], system: Callable[[Page], Prediction]) -> None:
    """Cross-check our body metric against the shared reference scorer, when present."""
    if not SCORER.is_file():
        return
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sample = pages[:20]
    expected = {p.id: p.expected.get("body") or "" for p in sample}
    predicted = {p.id: system(p).body for p in sample}
    reference, _ = module.score(expected, predicted)
    ours = Result()
    for p in sample:
        precision, recall = body_scores(expected[p.id], predicted[p.id])
        if precision is not None:
            ours.precisions.append(precision)
        if recall is not None:
            ours.recalls.append(recall)
    if not math.isclose(reference["f1"], ours.f1, abs_tol=1e-9):
        sys.exit(f"metric mismatch with {SCORER}: {reference['f1']} != {ours.f1}")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def print_table(name: str, results: dict[str, Result], pages: int, clock: str) -> None:
    base = results.get("trafilatura")
    body = results.get("trafilatura-body")
    print(f"\n## {name} ({pages} pages; {clock}-clock ms per page)\n")
    head = "| system | P | R | F1 | F1/traf | empty | " + " | ".join(FIELDS)
    print(head + " | median ms | p90 ms | time/traf | time/traf-body |")
    print("|" + "---|" * (head.count("|") + 4))
    for system, r in results.items():
        accs = [r.accuracy(f) for f in FIELDS]
        cells = " | ".join("-" if a is None else f"{a:.3f}" for a in accs)
        median = statistics.median(r.millis)
        ratio_t = f"{median / statistics.median(base.millis):.2f}" if base else "-"
        ratio_b = f"{median / statistics.median(body.millis):.2f}" if body else "-"
        ratio_f = f"{r.f1 / base.f1:.2f}" if base and base.f1 else "-"
        print(
            f"| {system} | {r.precision:.3f} | {r.recall:.3f} | {r.f1:.4f} | {ratio_f} "
            f"| {r.empty} | {cells} | {median:.1f} | {percentile(r.millis, 0.9):.1f} "
            f"| {ratio_t} | {ratio_b} |"
        )


def scores_of(result: Result) -> dict[str, float]:
    scores = {"f1": result.f1}
    for name in FIELDS:
        accuracy = result.accuracy(name)
        if accuracy is not None:
            scores[name] = accuracy
    return scores


def check_floors(current: dict[str, dict[str, float]], digest: str) -> list[str]:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    if baseline.get("corpus_sha256") != digest:
        return [f"corpus hash {digest[:12]} differs from baseline; re-baseline deliberately"]
    broken = []
    for set_name, floors in baseline["floors"].items():
        for metric, floor in floors.items():
            value = current.get(set_name, {}).get(metric, 0.0)
            if value < floor:
                broken.append(f"{set_name}.{metric}: {value:.4f} < floor {floor:.4f}")
    return broken


def update_baseline(current: dict[str, dict[str, float]], digest: str) -> None:
    old: dict[str, Any] = {}
    if BASELINE.is_file():
        old = json.loads(BASELINE.read_text(encoding="utf-8"))
    same_corpus = old.get("corpus_sha256") == digest
    floors: dict[str, dict[str, float]] = {}
    for set_name, scores in current.items():
        previous = old.get("floors", {}).get(set_name, {}) if same_corpus else {}
        floors[set_name] = {
            metric: round(
                max(previous.get(metric, 0.0), math.floor((value - FLOOR_MARGIN) * 1000) / 1000), 3
            )
            for metric, value in scores.items()
        }
    payload = {"corpus_sha256": digest, "system": "newsdesk", "floors": floors}
    BASELINE.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {BASELINE}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="pages per set (quick runs)")
    parser.add_argument("--only", choices=sorted(SYSTEMS), action="append")
    parser.add_argument("--check", action="store_true", help="fail when a floor is broken")
    parser.add_argument("--update-baseline", action="store_true")
    parser.add_argument(
        "--clock",
        choices=sorted(CLOCKS),
        default="wall",
        help="time per page as wall-clock time, or as the process's CPU time (steadier "
        "on a shared machine; extraction is single-threaded and does no I/O)",
    )
    args = parser.parse_args()
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # per-page noise, not results
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    if not all((args.data / name).is_dir() for name in SETS):
        print(f"extraction data not found under {args.data}; nothing to benchmark.")
        return 0
    systems = {name: SYSTEMS[name] for name in (args.only or SYSTEMS)}
    if args.check or args.update_baseline:
        systems = {"newsdesk": run_newsdesk} | systems
    current: dict[str, dict[str, float]] = {}
    for set_name in SETS:
        pages = load_pages(args.data / set_name, args.limit)
        verify_metric(pages, run_newsdesk)
        results = evaluate(pages, systems, CLOCKS[args.clock])
        print_table(set_name, results, len(pages), args.clock)
        current[set_name] = scores_of(results["newsdesk"]) if "newsdesk" in results else {}
    full_corpus = args.limit is None
    if args.update_baseline and full_corpus:
        update_baseline(current, corpus_hash(args.data))
    if args.check:
        if not full_corpus:
            print("--check needs the full corpus (no --limit)")
            return 2
        broken = check_floors(current, corpus_hash(args.data))
        for line in broken:
            print(f"FLOOR BROKEN: {line}")
        if broken:
            return 1
        print("all quality floors hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
