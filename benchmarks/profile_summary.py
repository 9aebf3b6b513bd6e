"""Where one eventwire process spends its time, from a py-spy sampling profile.

Usage::

    .venv/bin/py-spy record --native --rate 100 --format raw --output /tmp/one.spy \\
        -- .venv/bin/python benchmarks/throughput.py --limit 160 --stages
    .venv/bin/python benchmarks/profile_summary.py /tmp/one.spy

py-spy samples the running interpreter from outside, so it does not slow spaCy's Cython code
the way cProfile does (which sees every ``Token`` creation as a call). ``--format raw`` writes one
collapsed stack per line (``frame;frame;…;leaf count``). This script puts each sample in one
bucket: start-up (everything outside ``eventwire.pipeline.run``: imports, model load, dictionaries,
reading the corpora), or the pipeline stage that owns its deepest eventwire frame; samples inside the
spaCy parse are split by pipeline component (tok2vec, tagger, parser, NER, …) from the frames spaCy
and thinc leave on the stack.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

RUN_FRAME = "run (eventwire/pipeline/_run.py"
PARSE_FRAME = "ActorAnalyzer._parse ("
NER_FRAME = "ActorAnalyzer._recognise ("

# (marker, stage): the deepest frame carrying a marker names the stage of a pipeline sample.
STAGE_MARKERS: tuple[tuple[str, str], ...] = (
    ("extract_article (", "extraction"),
    ("detect_language (", "extraction"),
    ("SentenceSplitter.", "pre-filter (split, dictionary match)"),
    ("ActorAnalyzer._prepare (", "pre-filter (split, dictionary match)"),
    ("DictionaryMatcher.__call__ (", "pre-filter (split, dictionary match)"),
    ("ActorAnalyzer._finish (", "actor resolution + coreference"),
    ("SentenceResolver.", "actor resolution + coreference"),
    ("EventCoder.", "event coding"),
    ("SentenceMatcher.", "event coding"),
    ("Geocoder.", "geocoding"),
    ("Processor._locate (", "geocoding"),
    ("article_tone (", "tone"),
    ("StoryIndex.", "story ids (dedup)"),
    ("Store.", "store writes"),
    ("BatchWriter.", "store writes"),
    ("Ledger", "store writes"),
)

# (marker, component) inside the parse: a substring of a frame (Cython frames name their .cpp file).
PARSE_MARKERS: tuple[tuple[str, str], ...] = (
    ("Tok2Vec.", "tok2vec (embedding + CNN)"),
    ("tok2vec.py", "tok2vec (embedding + CNN)"),
    ("tagger.cpp", "tagger"),
    ("Tagger.", "tagger"),
    ("transition_parser", "dependency parser"),
    ("AttributeRuler", "attribute ruler"),
    ("attributeruler", "attribute ruler"),
    ("Lemmatizer", "lemmatizer"),
    ("lemmatizer", "lemmatizer"),
    ("tokenizer.cpp", "tokenizer"),
    ("Language.make_doc", "tokenizer"),
)


@dataclass(frozen=True, slots=True)
class Sample:
    frames: tuple[str, ...]  # root first
    count: int


@dataclass(frozen=True, slots=True)
class Summary:
    total: int
    startup: int
    stages: Counter[str]
    parse: Counter[str]


def read_samples(lines: Iterable[str]) -> Iterator[Sample]:
    """Collapsed stacks: ``a;b;c 12``; a line without a trailing count is an error, not a skip."""
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\n")
        if not line:
            continue
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            raise ValueError(f"line {number}: expected 'frame;frame;… count', got {line[:80]!r}")
        yield Sample(tuple(stack.split(";")), int(count))


def classify(sample: Sample) -> tuple[str, str | None]:
    """(stage, parse component or None); stage "start-up" for samples outside ``run``."""
    frames = sample.frames
    if not any(f.startswith(RUN_FRAME) for f in frames):
        return "start-up", None
    if any(f.startswith(NER_FRAME) for f in frames):
        return "spaCy parse", "NER (second pass, gated)"
    if any(f.startswith(PARSE_FRAME) for f in frames):
        # nlp.pipe chains generators: a downstream component's pipe sits above the upstream one
        # that is working, so the deepest frame with a marker names the component.
        for frame in reversed(frames):
            for marker, component in PARSE_MARKERS:
                if marker in frame:
                    return "spaCy parse", component
        return "spaCy parse", "spaCy glue (batching, Doc objects)"
    for frame in reversed(frames):
        for marker, stage in STAGE_MARKERS:
            if frame.startswith(marker):
                return stage, None
    return "everything else (reading, ledger, glue)", None


def summarise(samples: Iterable[Sample]) -> Summary:
    stages: Counter[str] = Counter()
    parse: Counter[str] = Counter()
    total = startup = 0
    for sample in samples:
        total += sample.count
        stage, component = classify(sample)
        if stage == "start-up":
            startup += sample.count
            continue
        stages[stage] += sample.count
        if component is not None:
            parse[component] += sample.count
    return Summary(total=total, startup=startup, stages=stages, parse=parse)


def render(summary: Summary) -> str:
    work = summary.total - summary.startup
    if work <= 0:
        return f"{summary.total} samples, none inside eventwire.pipeline.run"
    lines = [
        f"{summary.total} samples; {summary.startup} start-up (imports, model, dictionaries, corpora), "
        f"{work} in the pipeline (= 100 % below)"
    ]
    for stage, count in summary.stages.most_common():
        lines.append(f"  {stage:42} {count:6}  {count / work:6.1%}")
        if stage == "spaCy parse":
            for component, n in summary.parse.most_common():
                lines.append(f"      {component:38} {n:6}  {n / work:6.1%}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("profile", type=Path, help="py-spy record --format raw output")
    args = parser.parse_args(argv)
    try:
        with args.profile.open(encoding="utf-8") as handle:
            summary = summarise(read_samples(handle))
    except (OSError, ValueError) as error:
        print(f"profile_summary: {args.profile}: {error}", file=sys.stderr)
        return 2
    print(render(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
