"""Read PETRARCH-format verb dictionaries and convert them to eventwire pattern files.

For users migrating from PETRARCH (and to run PETRARCH's grammar tests). A verb block::

    --- MEET  [040] ---          # lemma and the block's default code
    MEET {MEETS MET MEETING}     # the verb (and its forms)
    - * WITH +  [040]            # '*' the verb, '+' the target, '$' the source
    - * TALKS  [046]             # an object noun: becomes a light-verb + noun pattern

Supported: block default codes, verb lines, patterns whose words after ``*`` give an object noun
and/or a preposition that marks the target, ``{multi word}`` and ``A_B`` phrases, ``&SYNSET``
expansion. Not supported (skipped and counted): words before the verb, ``(...)`` optional groups,
codes that are not CAMEO codes of the eventwire table (e.g. PETR.Validate's WEIS-like codes),
and paired codes ``[a:b]`` (only the first is used). No third-party dictionary is shipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from eventwire.errors import DataFileError
from eventwire.events.codes import CodeTable, cameo_table

_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
_CODE = re.compile(r"\[([^\]]*)\]")
_PREPOSITIONS = {
    "with", "to", "on", "against", "at", "in", "into", "from", "for", "by", "of", "over", "about",
    "toward", "towards", "upon", "between", "among", "near", "across", "through",
}  # fmt: skip


@dataclass
class Converted:
    """Pattern entries (our YAML schema) and what could not be converted."""

    entries: list[dict[str, object]] = field(default_factory=list)
    skipped: int = 0


def read_verbs(path: Path, table: CodeTable) -> Converted:
    """Parse one PETRARCH verb dictionary into pattern entries."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise DataFileError(str(path), None, f"cannot read PETRARCH verbs: {exc}") from exc
    synsets = _synsets(lines)
    out = Converted()
    lemma, default, forms = "", "", set[str]()
    for lineno, raw in enumerate(lines, start=1):
        line = raw.split("#")[0].rstrip()
        block = _BLOCK.match(line)
        if block:
            lemma, default = _word(block.group(1)), block.group(2).split(":")[0].strip()
            forms = set()
            continue
        if not lemma or not line.strip() or line.startswith(("<", "&", "+")):
            continue
        if line.startswith("-"):
            entry = _pattern(line[1:], lemma, forms, default, synsets, table, f"{path.name}:{lineno}")
            if entry is None:
                out.skipped += 1
            else:
                out.entries.append(entry)
            continue
        forms |= {_word(w) for w in re.sub(r"[{}]", " ", line).split() if w.isalpha() or "_" in w}
        if default in table and line.split()[0].upper() == lemma.upper().replace(" ", "_"):
            out.entries.append(
                {
                    "id": f"petrarch:{lemma}:{lineno}",
                    "code": default,
                    "verbs": [lemma.lower()],
                    "target": ["obj"],
                }
            )
    return out


def convert_verbs(sources: Iterable[Path], out: Path, table: CodeTable | None = None) -> int:
    """Convert PETRARCH verb dictionaries to one eventwire pattern YAML file; returns the entry count."""
    codes = table or cameo_table()
    entries: list[dict[str, object]] = []
    for source in sources:
        entries.extend(read_verbs(Path(source), codes).entries)
    out.write_text(
        yaml.safe_dump({"patterns": entries}, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return len(entries)


def _synsets(lines: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    current = ""
    for raw in lines:
        line = raw.split("#")[0].strip()
        if line.startswith("&"):
            current = line[1:].rstrip("_").strip()
            found[current] = []
        elif line.startswith("+") and current:
            found[current].append(_word(line[1:]))
        elif not line:
            continue
        else:
            current = ""
    return found


def _word(text: str) -> str:
    return " ".join(text.replace("_", " ").lower().split())


def _pattern(
    body: str,
    lemma: str,
    forms: set[str],
    default: str,
    synsets: dict[str, list[str]],
    table: CodeTable,
    where: str,
) -> dict[str, object] | None:
    codes = _CODE.findall(body)
    code = (codes[-1] if codes else default).split(":")[0].strip()
    if code not in table or "(" in body:
        return None
    words = _CODE.sub(" ", body).replace("{", " ").replace("}", " ").replace("_", " ").split()
    if "*" not in words or words.index("*") != 0:
        return None
    after = [w for w in words[1:] if w not in ("$",)]
    prep, nouns = None, list[str]()
    for n, word in enumerate(after):
        low = word.lower()
        if low == "+":
            continue
        if low in _PREPOSITIONS and n + 1 < len(after) and after[n + 1] == "+":
            prep = low
        elif low.startswith("&"):
            nouns = synsets.get(word[1:].rstrip("_"), [])
        elif low.isalpha() and low not in _PREPOSITIONS:
            nouns = [low]
    entry: dict[str, object] = {"id": f"petrarch:{lemma}:{where}", "code": code}
    if nouns:
        entry["target"] = [prep] if prep else ["with", "to", "on", "against", "obj"]
        entry.update({"nouns": sorted(set(nouns)), "light": sorted({lemma.lower(), *forms} - {""})[:20]})
        return entry
    entry["target"] = [prep] if prep else ["obj"]
    entry["verbs"] = [lemma.lower()]
    return entry
