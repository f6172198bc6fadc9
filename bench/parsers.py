"""HTML parser benchmark for extraction: lxml (what newsdesk uses) vs selectolax.

    python bench/parsers.py [--data DIR] [--limit N]

Parses every page of the developer extraction sets and prints median and p90
milliseconds per page, plus the cost of one walk over all elements and of collecting
all text (what the extraction steps do with the shared tree), as ratios to lxml.
selectolax's lexbor engine is optional: ``pip install selectolax``.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from newsdesk.pipeline.extract.document import parse_html

DEFAULT_DATA = Path("/work/shared/data/extraction")
SETS = ("fundus_parser_tests", "fundus_eval80")


def load(data: Path, limit: int | None) -> list[str]:
    pages = []
    for name in SETS:
        for path in sorted((data / name).glob("*/page.html.gz"))[:limit]:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                pages.append(fh.read())
    return pages


def lxml_parse(html: str) -> object:
    return parse_html(html)


def lxml_walk(html: str) -> object:
    tree = parse_html(html)
    return sum(1 for _ in tree.iter()), len(tree.text_content())


def systems() -> dict[str, Callable[[str], object]]:
    found: dict[str, Callable[[str], object]] = {
        "lxml parse": lxml_parse,
        "lxml parse+walk": lxml_walk,
    }
    if importlib.util.find_spec("selectolax") is None:
        return found
    from selectolax.lexbor import LexborHTMLParser

    def lexbor_walk(html: str) -> object:
        tree = LexborHTMLParser(html)
        root = tree.root
        return sum(1 for _ in root.traverse()) if root else 0, len(tree.text() if tree.body else "")

    found["lexbor parse"] = LexborHTMLParser
    found["lexbor parse+walk"] = lexbor_walk
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if not all((args.data / name).is_dir() for name in SETS):
        print(f"extraction data not found under {args.data}; nothing to benchmark.")
        return 0
    pages = load(args.data, args.limit)
    results: dict[str, list[float]] = {}
    for name, run in systems().items():
        millis = []
        for html in pages:
            start = time.perf_counter()
            run(html)
            millis.append((time.perf_counter() - start) * 1000)
        results[name] = millis
    base = statistics.median(results["lxml parse"])
    print(f"\n## HTML parsers ({len(pages)} pages)\n")
    print("| parser | median ms | p90 ms | median / lxml parse |")
    print("|---|---|---|---|")
    for name, millis in results.items():
        ordered = sorted(millis)
        median = statistics.median(ordered)
        p90 = ordered[int(0.9 * (len(ordered) - 1))]
        print(f"| {name} | {median:.2f} | {p90:.2f} | {median / base:.2f} |")
    if "lexbor parse" not in results:
        print("\nselectolax is not installed: only lxml measured.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
