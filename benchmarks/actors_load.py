"""Size and start-up cost of the actor tables.

    .venv/bin/python benchmarks/actors_load.py [--repeat 3]

Prints the shipped actor files (rows, bytes), the entries and phrases loaded, the time to load the
tables (``load_table``), to build the dictionary matcher over a loaded spaCy pipeline
(``DictionaryMatcher``: phrases tokenized and name-variant keys computed, what the index cache saves), and,
for scale, a bare spaCy load + one parse and ``ActorAnalyzer`` start-up with the index cache built.
Each time is the best of ``--repeat`` runs in this process (the first load of a file also pays the disk).
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from importlib import resources


def _best(repeat: int, work: object) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from eventwire.actors import load_table
    from eventwire.actors._match import DictionaryMatcher
    from eventwire.actors._names import NameIndex
    from eventwire.nlp import load_nlp
    from eventwire.settings import Settings

    folder = resources.files("eventwire") / "data" / "actors"
    total_bytes = total_rows = 0
    print(f"{'file':<28}{'rows':>8}{'bytes':>12}")
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".tsv"):
            continue
        text = item.read_text(encoding="utf-8")
        rows = sum(1 for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))
        size = len(text.encode("utf-8"))
        total_bytes += size
        total_rows += rows
        print(f"{item.name:<28}{rows:>8}{size:>12}")
    print(f"{'all':<28}{total_rows:>8}{total_bytes:>12}")

    table = load_table()
    kinds = Counter(e.kind for e in table.entries.values())
    print(
        f"entries {len(table.entries)} ({', '.join(f'{k} {n}' for k, n in kinds.most_common())}); phrases {len(table.terms)}"
    )

    started = time.perf_counter()
    nlp = load_nlp(Settings().spacy_model)
    list(nlp.pipe(["Russian President Vladimir Putin met Chinese leaders in Beijing on Monday."]))
    bare = time.perf_counter() - started
    load = _best(args.repeat, load_table)
    build = _best(args.repeat, lambda: DictionaryMatcher(nlp, table))
    names = _best(args.repeat, lambda: NameIndex.build(table.terms))
    print(f"spaCy load + one parse (first, cold)   {bare:6.3f} s")
    print(f"load_table (best of {args.repeat})               {load:6.3f} s")
    print(f"DictionaryMatcher build (best of {args.repeat})  {build:6.3f} s")
    print(f"  of which name keys (NameIndex.build) {names:6.3f} s")

    from eventwire.actors import ActorAnalyzer

    ActorAnalyzer(Settings(), nlp=nlp)  # builds the index cache if this version has none yet
    analyzer_time = _best(args.repeat, lambda: ActorAnalyzer(Settings(), nlp=nlp))
    print(f"ActorAnalyzer start-up on a loaded nlp, warm index cache {analyzer_time:6.3f} s")


if __name__ == "__main__":
    main()
