"""Toponym resolution on GeoWebNews (../shared/eval/corpora/geowebnews): precision and recall.

Gold: annotated toponyms of the place-referring types with a GeoNames id. A predicted toponym is
correct when its span overlaps a gold span and it resolves to the same GeoNames id, or (second figure)
to a place within 161 km of the gold one (the usual geoparsing tolerance; only computable when the gold
id is in our gazetteer). Usage: python benchmarks/geo_eval.py [SHARED_DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

from eventwire.geo import Geocoder, Toponym

GOLD_TYPES = {"Literal", "Literal_Modifier", "Mixed", "Embedded_Literal", "Coercion", "Metonymic",
              "Non_Literal_Modifier", "Embedded_Non_Lit", "Homonym"}  # fmt: skip


def read_gold(ann: Path) -> list[tuple[int, int, int]]:
    spans: dict[str, tuple[str, int, int]] = {}
    ids: dict[str, int] = {}
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            head = parts[1].split()
            if len(head) == 3 and head[1].isdigit() and head[2].isdigit():
                spans[parts[0]] = (head[0], int(head[1]), int(head[2]))
        elif line.startswith("#") and len(parts) == 3 and parts[2].strip().isdigit():
            ids[parts[1].split()[-1]] = int(parts[2].strip())
    return [(s, e, ids[t]) for t, (kind, s, e) in spans.items() if kind in GOLD_TYPES and t in ids]


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("shared", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    folder = next(Path(args.shared, "eval", "corpora", "geowebnews").rglob("GeoWebNews"), None)
    if folder is None:
        sys.exit("GeoWebNews not found under SHARED/eval/corpora/geowebnews")
    geocoder = Geocoder()
    coords = {p.location.geonames_id: (p.location.lat, p.location.lon)
              for places in geocoder.gazetteer.names.values() for p in places if p.location.lat is not None}  # fmt: skip
    texts = sorted(folder.glob("*.txt"), key=lambda p: int(p.stem))[: args.limit or None]
    n_pred = n_gold = exact = near = 0
    started = time.perf_counter()
    for txt in texts:
        text = txt.read_text(encoding="utf-8")
        gold = read_gold(txt.with_suffix(".ann"))
        body_start = text.find("\n") + 1  # first line is 'TITLE: ... LINK: url'
        found: list[Toponym] = [t for t in geocoder.toponyms(text) if t.start >= body_start]
        n_pred += len(found)
        n_gold += len(gold)
        for t in found:
            hits = [g for g in gold if t.start < g[1] and g[0] < t.end]
            if any(g[2] == t.location.geonames_id for g in hits):
                exact += 1
                near += 1
            elif t.location.lat is not None and any(
                g[2] in coords and km(coords[g[2]], (t.location.lat, t.location.lon or 0.0)) <= 161
                for g in hits
            ):
                near += 1
    secs = time.perf_counter() - started
    print(f"GeoWebNews: {len(texts)} articles, {n_gold} gold toponyms with GeoNames ids, {n_pred} predicted")
    for label, correct in (("same GeoNames id", exact), ("within 161 km", near)):
        p, r = correct / max(n_pred, 1), correct / max(n_gold, 1)
        f = 2 * p * r / max(p + r, 1e-9)
        print(f"  {label:17s} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
    print(f"  {secs:.1f} s ({len(texts) / secs:.1f} articles/s, gazetteer load not included)")


if __name__ == "__main__":
    main()
