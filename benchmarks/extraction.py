"""Article-extraction benchmark: eventwire's HTML path against plain trafilatura, same pages, same run.

Usage::

    .venv/bin/python benchmarks/extraction.py [--corpus DIR] [--limit N]

``DIR`` is the Zyte/Scrapinghub article-extraction benchmark (``ground-truth.json`` mapping a page
hash to ``{url, articleBody}``, and ``html/<hash>.html.gz``); by default
``../shared/eval/corpora/article_extraction_benchmark`` beside the checkout. When it is absent the
script says so and exits 0.

Scoring follows the benchmark's own evaluation: text is split into ``\\w+`` tokens; predicted and gold
bodies are compared as multisets (of single tokens here, "bag of tokens", and of 4-token shingles, the
benchmark's official unit); per page the true/false positive and false negative counts are normalised
to sum to one, precision is averaged over pages with a prediction or gold text, recall likewise, and
F1 is the harmonic mean of the two averages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "eval" / "corpora" / "article_extraction_benchmark"
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Page:
    key: str
    url: str | None
    html: bytes
    gold: str


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    pages: int


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def _units(text: str, n: int) -> Counter[tuple[str, ...]]:
    toks = tokens(text)
    if n <= 1 or len(toks) < n:
        # Short texts count as one shingle (as the benchmark does); n=1 is the plain bag of tokens.
        return Counter([tuple(toks)] if n > 1 and toks else [(t,) for t in toks])
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def page_counts(gold: str, predicted: str, n: int = 1) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one page: multiset overlap of ``n``-token units, summing to one."""
    want, got = _units(gold, n), _units(predicted, n)
    tp = float(sum((want & got).values()))
    fp = float(sum((got - want).values()))
    fn = float(sum((want - got).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score(pairs: Iterable[tuple[str, str]], n: int = 1) -> Scores:
    """Macro precision/recall over ``(gold, predicted)`` pairs, F1 of the two averages."""
    precisions: list[float] = []
    recalls: list[float] = []
    count = 0
    for gold, predicted in pairs:
        count += 1
        tp, fp, fn = page_counts(gold, predicted, n)
        if fp == fn == 0:
            precisions.append(1.0)
            recalls.append(1.0)
            continue
        if tp + fp > 0:
            precisions.append(tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(tp / (tp + fn))
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Scores(p, r, f1, count)


def find_corpus(root: Path) -> Path | None:
    """The folder holding ``ground-truth.json`` and ``html/`` (``root`` itself or one level below)."""
    candidates = [root, *sorted(p for p in root.glob("*") if p.is_dir())] if root.is_dir() else []
    for folder in candidates:
        if (folder / "ground-truth.json").is_file() and (folder / "html").is_dir():
            return folder
    return None


def load_pages(root: Path, limit: int | None = None) -> list[Page]:
    folder = find_corpus(root)
    if folder is None:
        return []
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages: list[Page] = []
    for key in sorted(truth):
        path = folder / "html" / f"{key}.html.gz"
        if not path.is_file():
            continue
        entry = truth[key]
        pages.append(Page(key, entry.get("url"), gzip.decompress(path.read_bytes()), entry["articleBody"]))
        if limit is not None and len(pages) >= limit:
            break
    return pages


def eventwire_extractor() -> Callable[[Page], str]:
    from eventwire.errors import DocumentError
    from eventwire.extract import extract_article
    from eventwire.records import DocType, RawDocument, content_id
    from eventwire.settings import Settings

    settings = Settings()

    def run(page: Page) -> str:
        doc = RawDocument(content_id(page.html), page.key, page.html, DocType.HTML, url=page.url)
        try:
            return extract_article(doc, settings).text
        except DocumentError:
            return ""

    return run


def plain_trafilatura(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(page.html, url=page.url) or ""


def run_extractor(pages: Sequence[Page], extract: Callable[[Page], str]) -> tuple[list[str], float, float]:
    """Outputs of ``extract`` on every page, the wall seconds and the CPU seconds (this process) it took."""
    wall, cpu = time.perf_counter(), time.process_time()
    outputs = [extract(page) for page in pages]
    return outputs, time.perf_counter() - wall, time.process_time() - cpu


def warm_up(pages: Sequence[Page], extract: Callable[[Page], str]) -> None:
    """Untimed calls first, so that imports and lazily built tables (dateparser's, the language model)
    are not counted: the first page, and one with no stated date (htmldate's full search)."""
    for page in pages[:1]:
        extract(page)
    extract(Page("warm-up", None, b"<html><body><p>Published on 12 March 2019.</p></body></html>", ""))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="benchmark folder")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages (by hash)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed passes per extractor, interleaved; the best is shown"
    )
    args = parser.parse_args(argv)
    pages = load_pages(args.corpus, args.limit)
    if not pages:
        print(f"extraction benchmark: no corpus at {args.corpus} (ground-truth.json + html/); nothing to do")
        return 0
    import logging

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    extractors = {"eventwire": eventwire_extractor(), "trafilatura (plain)": plain_trafilatura}
    for extract in extractors.values():
        warm_up(pages, extract)
    outputs: dict[str, list[str]] = {}
    best: dict[str, tuple[float, float]] = {}
    for _ in range(max(1, args.repeat)):  # interleaved, so that a busy moment hits both alike
        for name, extract in extractors.items():
            found, wall, cpu = run_extractor(pages, extract)
            outputs.setdefault(name, found)
            previous = best.get(name, (float("inf"), float("inf")))
            best[name] = (min(previous[0], wall), min(previous[1], cpu))
    print(f"{len(pages)} pages from {args.corpus}; best of {args.repeat} interleaved passes")
    header = f"{'extractor':<22}{'unit':<10}{'precision':>10}{'recall':>8}{'F1':>8}{'pages/s':>9}{'CPU pages/s':>13}"
    print(header)
    print("-" * len(header))
    for name, found in outputs.items():
        wall, cpu = best[name]
        for unit, n in (("tokens", 1), ("4-grams", 4)):
            s = score(((p.gold, o) for p, o in zip(pages, found, strict=True)), n)
            print(
                f"{name:<22}{unit:<10}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>8.3f}"
                f"{len(pages) / wall:>9.1f}{len(pages) / cpu:>13.1f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
