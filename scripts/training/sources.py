"""Labelled and negative examples for the learned event layer, read from ``../shared/eval``.

Every example carries the set of joint classes its label allows (see
:mod:`eventwire.events.learned.classes`) and a split fixed before anything was looked at:
:func:`split_of` hashes a key (a sentence, a story or an article, so that sentences of one article never
straddle the split) with a fixed salt; a quarter of the keys are ``dev`` and never train the model.

Sources (licences in ``docs/model.md``):

- ConfliBERT CAMEO sentences (PentaClass label -> the roots of that class);
- NGEC's synthetic PLOVER stories (headline and lead sentence; PLOVER type and mode -> classes);
- CASE 2021 task 2 ACLED-style snippets (sub-event type -> classes; disasters are ``none``);
- IndiaPoliceEvents sentences labelled ARREST, FORCE or KILL (police actions);
- AG News Sports, Business and Sci/Tech items (``none``: red herrings);
- eventwire's own annotations (``scripts/training/annotations.jsonl``: roots, triggers, sides and status of
  ConfliBERT, AG News World, Guardian, GeoWebNews, Causal News Corpus and Reuters-21578 sentences, read against
  ``scripts/training/CODEBOOK.md`` by AI annotator agents working for the project; ids, hashes and offsets only, no third-party text).

The CAMEO manual's example sentences are the basis of public gold sets (PLOVER's gold standard records,
ConfliBERT's test split), so any text sharing an 8-word sequence with the manual is dropped from training
(:func:`manual_overlap`).
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.events.learned.classes import (
    NONE,
    class_of_code,
    classes_of_penta,
    classes_of_plover,
    classes_of_root,
)

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
CORPORA = SHARED / "eval" / "corpora"
ANNOTATIONS = REPO / "scripts" / "training" / "annotations.jsonl"
SALT = "eventwire-split-1:"
DEV_SHARE = 25  # percent

csv.field_size_limit(1 << 30)


def split_of(key: str) -> str:
    """``dev`` for a fixed quarter of keys, else ``train``; the same key always lands in the same split."""
    bucket = int(hashlib.sha256((SALT + key).encode()).hexdigest()[:8], 16) % 100
    return "dev" if bucket < DEV_SHARE else "train"


@dataclass(frozen=True, slots=True)
class Side:
    """A source or target span inside an example's text (character offsets, end exclusive)."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class AnnotatedEvent:
    """One event an annotator read in a text."""

    cls: str
    code: str | None
    trigger: Side
    source: Side | None
    target: Side | None
    status: str  # actual | historical | hypothetical | negated


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    corpus: str
    text: str
    allowed: frozenset[str]
    split: str
    weight: float = 1.0
    events: tuple[AnnotatedEvent, ...] = field(default=())
    penta: int | None = None
    date: str | None = None

    @property
    def is_none(self) -> bool:
        return self.allowed == frozenset({NONE})


def available() -> bool:
    return CORPORA.is_dir()


# --- ConfliBERT -----------------------------------------------------------------------------------------
CONFLIBERT = CORPORA / "conflibert_cameo_pentaclass/eventdata+ConfliBERT/data/cameo_class/train.tsv"


def conflibert_texts() -> dict[str, tuple[str, int]]:
    out: dict[str, tuple[str, int]] = {}
    for n, line in enumerate(CONFLIBERT.read_text(encoding="utf-8").splitlines()):
        text, _, label = line.rpartition("\t")
        if text and label.strip().isdigit():
            out[f"conflibert:{n}"] = (text, int(label))
    return out


def conflibert() -> Iterator[Example]:
    for key, (text, label) in conflibert_texts().items():
        yield Example(key, "conflibert", text, classes_of_penta(label), split_of(key), penta=label)


# --- NGEC synthetic PLOVER stories ----------------------------------------------------------------------
NGEC = (
    CORPORA
    / "ngec_synthetic_plover/ahalterman+NGEC/setup/train_classifiers/gpt_synthetic_events_2023-10-19_19.csv.zip"
)
# POLECAT modes that point at one CAMEO root where the PLOVER type spans several
_NGEC_MODES: dict[tuple[str, str], frozenset[str]] = {
    ("ACCUSE", "INVESTIGATE"): frozenset({"09"}),
    ("ACCUSE", "ALLEGE"): frozenset({"11"}),
    ("ACCUSE", "DISAPPROVE"): frozenset({"11"}),
    ("ASSAULT", "AERIAL"): frozenset({"19"}),
    ("ASSAULT", "DRONE"): frozenset({"19"}),
    ("ASSAULT", "CLEANSING"): frozenset({"20"}),
    ("ASSAULT", "CROWD-CONTROL"): frozenset({"17"}),
    ("ASSAULT", "DESTROY"): frozenset({"17", "18"}),
    ("SANCTION", "CONVICT"): frozenset({"11", "17"}),
    ("REQUEST", ""): frozenset({"02", "10"}),
    ("AGREE", ""): frozenset({"03", "05"}),
}
_FIRST_SENTENCE = re.compile(r"^(.+?[.!?][\"”’']?)(?:\s+[A-Z\"“]|\s*$)", re.S)


def _ngec_classes(label: str, mode: str) -> frozenset[str]:
    if (label, mode) in _NGEC_MODES:
        return _NGEC_MODES[(label, mode)]
    if label == "ASSAULT":
        return frozenset({"18"}) if mode else frozenset({"18", "19", "20"})
    if label == "REQUEST":
        return frozenset({"02", "10"})
    if label == "AGREE":
        return frozenset({"03", "05"})
    return classes_of_plover(label)


def ngec() -> Iterator[Example]:
    with zipfile.ZipFile(NGEC) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".csv"))
        rows = list(csv.DictReader(io.TextIOWrapper(archive.open(name), encoding="utf-8")))
    for n, row in enumerate(rows):
        allowed = _ngec_classes(row["label"], row["mode"].strip().upper())
        if not allowed:
            continue
        key = f"ngec:{n}"
        split = split_of(key)
        headline = row["prompt"].split("\n", 1)[0].strip()
        if headline:
            yield Example(f"{key}:title", "ngec", headline, allowed, split, weight=0.5)
        body = row["text"].strip()
        match = _FIRST_SENTENCE.match(body)
        lead = (match.group(1) if match else body.split("\n", 1)[0]).strip()
        if len(lead.split()) >= 5:
            yield Example(f"{key}:lead", "ngec", lead, allowed, split, weight=0.5)


# --- CASE 2021 task 2 ------------------------------------------------------------------------------------
CASE = (
    CORPORA
    / "case2021_task2_acled_snippets/emerging-welfare+case-2021-shared-task/task2/test_dataset/test_set_final_release_with_labels.tsv"
)
_CASE: dict[str, frozenset[str]] = {
    "ARMED_CLASH": frozenset({"19"}),
    "AIR_STRIKE": frozenset({"19"}),
    "ART_MISS_ATTACK": frozenset({"19"}),
    "GOV_REGAINS_TERIT": frozenset({"19", "17"}),
    "NON_STATE_ACTOR_OVERTAKES_TER": frozenset({"19", "17"}),
    "GRENADE": frozenset({"18", "19"}),
    "REM_EXPLOS": frozenset({"18"}),
    "SUIC_BOMB": frozenset({"18"}),
    "ATTACK": frozenset({"18"}),
    "ABDUCT_DISSAP": frozenset({"18"}),
    "SEX_VIOL": frozenset({"18"}),
    "CHEM_WEAP": frozenset({"18", "19", "20"}),
    "PROPERTY_DISTRUCT": frozenset({"17", "18"}),
    "MOB_VIOL": frozenset({"14", "18"}),
    "PEACE_PROTEST": frozenset({"14"}),
    "PROTEST_WITH_INTER": frozenset({"14"}),
    "VIOL_DEMONSTR": frozenset({"14"}),
    "FORCE_AGAINST_PROTEST": frozenset({"17"}),
    "ARREST": frozenset({"17"}),
    "AGREEMENT": frozenset({"03", "05"}),
    "DIPLO": frozenset({"03", "04", "05"}),
    "NATURAL_DISASTER": frozenset({NONE}),
    "MAN_MADE_DISASTER": frozenset({NONE}),
    # DISR_WEAP, CHANGE_TO_GROUP_ACT, HQ_ESTABLISHED, NON_VIOL_TERRIT_TRANSFER, ORG_CRIME, ATTRIB and OTHER
    # have no CAMEO reading one could rely on: left out.
}


def case2021() -> Iterator[Example]:
    lines = CASE.read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        parts = line.split("\t")
        if len(parts) != 3 or parts[2] not in _CASE:
            continue
        key = f"case:{parts[0]}"
        yield Example(key, "case2021", parts[1].strip(), _CASE[parts[2]], split_of(key), weight=0.7)


# --- IndiaPoliceEvents -----------------------------------------------------------------------------------
IPE = CORPORA / "indiapoliceevents/slanglab+IndiaPoliceEvents/data/final/sents.jsonl"


def indiapolice() -> Iterator[Example]:
    for line in IPE.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        labels = set(row["sent_labels"])
        allowed: set[str] = set()
        if "ARREST" in labels:
            allowed.add("17")
        if "KILL" in labels:
            allowed |= {"17", "18", "19"}
        if "FORCE" in labels:
            allowed |= {"17", "18"}
        if not allowed:
            continue
        key = f"ipe:{row['doc_id']}"
        text = " ".join(row["sent_text"].split())
        yield Example(f"{key}:{row['sent_id']}", "indiapolice", text, frozenset(allowed), split_of(key), 0.5)


# --- AG News ---------------------------------------------------------------------------------------------
AGNEWS = CORPORA / "ag_news_test/suuuch+TransformerClassification/data/ag_news_csv/test.csv"
AG_TOPICS = {"1": "world", "2": "sports", "3": "business", "4": "scitech"}


def agnews_items() -> Iterator[tuple[str, str, str]]:
    """(key, topic, text) for every AG News item: title and description as one text."""
    with AGNEWS.open(encoding="utf-8") as handle:
        for n, row in enumerate(csv.reader(handle)):
            # kept as the annotators read it (HTML entity debris such as "#39;" included): offsets depend on it
            text = f"{row[1].strip()}. {row[2].replace(chr(92), ' ').strip()}"
            yield f"agnews:{n}", AG_TOPICS[row[0]], re.sub(r"\s+", " ", text)


def agnews_negatives() -> Iterator[Example]:
    for key, topic, text in agnews_items():
        if topic != "world":
            yield Example(key, f"agnews-{topic}", text, frozenset({NONE}), split_of(key), weight=0.5)


# --- Guardian (texts for the annotations) ----------------------------------------------------------------
GUARDIAN = CORPORA / "guardian_syria_sample/ahalterman+NGEC/examples/Guardian_SDF_sample.csv.zip"


def guardian_articles() -> list[dict[str, str]]:
    with zipfile.ZipFile(GUARDIAN) as archive:
        return list(
            csv.DictReader(io.TextIOWrapper(archive.open("Guardian_SDF_sample.csv"), encoding="utf-8"))
        )


# --- GeoWebNews articles and Causal News Corpus sentences (texts for the round-3 annotations) -------------
GEOWEBNEWS = CORPORA / "geowebnews/milangritta+Pragmatic-Guide-to-Geoparsing-Evaluation/data/GeoWebNews"
CAUSAL = CORPORA / "causal_news_corpus/tanfiona+CausalNewsCorpus/data/V2/train_subtask1.csv"


REUTERS = CORPORA / "reuters21578"


def reuters_stories() -> dict[str, str]:
    """Reuters-21578 story bodies by NEWID, entities decoded and whitespace runs joined (research use)."""
    stories: dict[str, str] = {}
    for sgm in sorted(REUTERS.rglob("reut2-*.sgm")):
        raw = sgm.read_bytes().decode("latin-1")
        for m in re.finditer(r'<REUTERS[^>]*NEWID="(\d+)".*?</REUTERS>', raw, re.S):
            body = re.search(r"<BODY>(.*?)</BODY>", m.group(0), re.S)
            if body:
                stories[m.group(1)] = re.sub(r"\s+", " ", html.unescape(body.group(1))).strip()
    return stories


VOA = CORPORA / "voa_benchmark/ahalterman+NGEC-2025/data/voa_benchmark/voa_stories.jsonl"


def voa_stories() -> dict[str, tuple[str, str]]:
    """Voice of America stories (public domain) by id: (text, publication day). Only train-split stories are
    annotated; the dev-split ones are the pool of the real-news audit (``benchmarks/audit_sample.py``)."""
    out: dict[str, tuple[str, str]] = {}
    with VOA.open(encoding="utf-8") as handle:
        for line in handle:
            story = json.loads(line)
            out[str(story["id"])] = (story["text"], story["published"][:10])
    return out


def causal_sentences() -> dict[str, str]:
    """Causal News Corpus (CC0) training sentences by ``causal:<index>``."""
    with CAUSAL.open(encoding="utf-8-sig") as handle:
        return {"causal:" + row["index"]: row["text"] for row in csv.DictReader(handle)}


# --- eventwire's own annotations -------------------------------------------------------------------------
def _cached(cache: dict[str, object], key: str, make: Callable[[], object]) -> object:
    """``cache[key]``, made by ``make`` the first time only (``setdefault`` would read the corpus every call)."""
    if key not in cache:
        cache[key] = make()
    return cache[key]


def _text_of(key: str, cache: dict[str, object]) -> tuple[str, str | None]:
    kind, _, rest = key.partition(":")
    if kind == "conflibert":
        texts = _cached(cache, "conflibert", conflibert_texts)
        assert isinstance(texts, dict)
        return texts[key][0], None
    if kind == "agnews":
        items = _cached(cache, "agnews", lambda: {k: t for k, _, t in agnews_items()})
        assert isinstance(items, dict)
        return items[key], None
    if kind == "guardian":
        articles = _cached(cache, "guardian", guardian_articles)
        assert isinstance(articles, list)
        article, start, end = (int(x) for x in rest.split(":"))
        row = articles[article]
        return row["text"][start:end], row["date"]
    if kind == "geoweb":
        article, start, end = rest.split(":")
        return (GEOWEBNEWS / f"{article}.txt").read_text(encoding="utf-8")[int(start) : int(end)], None
    if kind == "reuters":
        stories = _cached(cache, "reuters", reuters_stories)
        assert isinstance(stories, dict)
        newid, start, end = rest.split(":")
        return stories[newid][int(start) : int(end)], None
    if kind == "voa":
        voa = _cached(cache, "voa", voa_stories)
        assert isinstance(voa, dict)
        story, start, end = rest.split(":")
        text, published = voa[story]
        return text[int(start) : int(end)], published
    if kind == "causal":
        sentences = _cached(cache, "causal", causal_sentences)
        assert isinstance(sentences, dict)
        return sentences[key], None
    raise ValueError(f"unknown annotation id {key!r}")


def split_key(key: str) -> str:
    """The unit that decides an annotated text's split: the article for Guardian, GeoWebNews, Reuters and VOA sentences,
    the document (``causal:train_06_285`` of ``causal:train_06_285_2670``) for Causal News sentences."""
    if key.startswith(("guardian:", "geoweb:", "reuters:", "voa:")):
        return ":".join(key.split(":")[:2])
    if key.startswith("causal:"):
        return key.rsplit("_", 1)[0]
    return key


def annotations(path: Path = ANNOTATIONS) -> Iterator[Example]:
    """The committed annotations, with their texts read back from ``../shared`` (checked by hash)."""
    cache: dict[str, object] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text, when = _text_of(row["id"], cache)
        digest = hashlib.sha256(text.encode()).hexdigest()[:12]
        if digest != row["sha"]:
            raise ValueError(f"{row['id']}: the text in ../shared changed (hash {digest} != {row['sha']})")
        events = tuple(
            AnnotatedEvent(
                cls=class_of_code(e.get("code") or e["root"] + "0"),
                code=e.get("code"),
                trigger=Side(*e["trigger"]),
                source=Side(*e["source"]) if e.get("source") else None,
                target=Side(*e["target"]) if e.get("target") else None,
                status=e["status"],
            )
            for e in row["events"]
        )
        allowed = frozenset(e.cls for e in events) or frozenset({NONE})
        penta = None
        if row["id"].startswith("conflibert:"):
            texts = _cached(cache, "conflibert", conflibert_texts)
            assert isinstance(texts, dict)
            penta = texts[row["id"]][1]
        yield Example(
            row["id"],
            "annotated-" + row["id"].split(":")[0],
            text,
            allowed,
            split_of(split_key(row["id"])),
            events=events,
            penta=penta,
            date=when,
        )


def root_classes(root: str) -> frozenset[str]:
    return classes_of_root(root)


# --- the CAMEO manual guard ------------------------------------------------------------------------------
MANUAL = SHARED / "reference" / "cameo" / "cameo_manual_1.1b3"
_WORDS = re.compile(r"[a-z0-9]+")


def _ngrams(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = _WORDS.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def manual_ngrams() -> set[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = set()
    if MANUAL.is_dir():
        for path in sorted(MANUAL.glob("*.md")):
            grams |= _ngrams(path.read_text(encoding="utf-8"))
    return grams


def manual_overlap(text: str, grams: set[tuple[str, ...]]) -> bool:
    return bool(_ngrams(text) & grams)
