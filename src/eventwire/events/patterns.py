"""The predicate pattern dictionary: YAML files of our own format, validated on load.

A pattern file is a mapping with two lists::

    patterns:
      - id: consult.meet          # unique; a later file with the same id overrides it
        code: "040"               # CAMEO code of the accomplished action
        verbs: [meet, "sit down"] # verb lemmas, optionally with a particle ("pull out")
        nouns: [talks]            # or event nouns, used after a light verb or as a nominal event
        light: [hold, conduct]    # light verbs for the nouns ("held talks with")
        nominal: true             # nouns also code alone ("the visit of X to Y")
        target: [obj, with]       # where the target is: obj, dative, place (where it happens) or a preposition
        symmetric: true           # code both directions
        target_optional: false    # code even when no target actor is found
        intent: "036"             # overrides of the derived intent / threat / reject / demand / appeal codes
    controls:
      - mode: intent              # intent | threat | reject | demand | appeal | hypothetical
        verbs: [agree, promise]

Errors are :class:`~eventwire.errors.DataFileError` naming the file and the line of the entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from eventwire.errors import DataFileError
from eventwire.events._morph import noun_forms, verb_forms
from eventwire.events.codes import CodeTable

CONTROL_MODES = ("intent", "threat", "reject", "demand", "appeal", "hypothetical")
_DERIVED = ("intent", "threat", "reject", "demand", "appeal")
_PATTERN_KEYS = {
    "id",
    "code",
    "verbs",
    "nouns",
    "light",
    "nominal",
    "target",
    "symmetric",
    "target_optional",
    "confidence",
    *_DERIVED,
}


@dataclass(frozen=True, slots=True)
class Pattern:
    """One predicate pattern (see the module docstring for the file format)."""

    id: str
    code: str
    verbs: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    light: tuple[str, ...] = ()
    nominal: bool = False
    target: tuple[str, ...] = ("obj",)
    symmetric: bool = False
    target_optional: bool = False
    confidence: float = 0.8
    derived: tuple[tuple[str, str], ...] = ()
    origin: str = ""

    def derived_code(self, kind: str) -> str | None:
        return dict(self.derived).get(kind)


@dataclass(frozen=True, slots=True)
class PatternSet:
    """Patterns indexed by surface form, plus the control verbs and their modes."""

    patterns: tuple[Pattern, ...]
    controls: tuple[tuple[str, str], ...]
    verb_index: dict[str, tuple[Pattern, ...]] = field(default_factory=dict)
    noun_index: dict[str, tuple[Pattern, ...]] = field(default_factory=dict)
    control_index: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    words: frozenset[str] = frozenset()

    def control_mode(self, word: str, child_words: set[str]) -> str | None:
        """The control mode of verb form ``word`` given the words of its children, or None."""
        for rest, mode in self.control_index.get(word, ()):
            if all(w in child_words for w in rest.split()):
                return mode
        return None

    def version(self) -> str:
        import hashlib

        digest = hashlib.sha256(repr(sorted(p.id + p.code for p in self.patterns)).encode()).hexdigest()
        return f"{len(self.patterns)}p-{digest[:8]}"


def shipped_pattern_files() -> list[Path]:
    folder = resources.files("eventwire") / "data" / "patterns"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith((".yaml", ".yml")))


def load_patterns(table: CodeTable, extra: Sequence[Path] = (), shipped: bool = True) -> PatternSet:
    """Load the shipped pattern files, then ``extra`` files (same ids override), and index them.

    ``shipped=False`` uses only the control verbs of the shipped files and the ``extra`` patterns (a
    migrated PETRARCH dictionary scored on its own)."""
    by_id: dict[str, Pattern] = {}
    controls: dict[str, str] = {}
    for path in shipped_pattern_files():
        patterns, file_controls = _load_file(Path(path), table)
        if shipped:
            by_id.update((p.id, p) for p in patterns)
        controls.update(file_controls)
    users: list[Pattern] = []
    for path in extra:
        patterns, file_controls = _load_file(Path(path), table)
        for pattern in patterns:
            by_id.pop(pattern.id, None)
            users = [u for u in users if u.id != pattern.id]
        users = [*patterns, *users]  # a later file is tried before an earlier one
        controls.update(file_controls)
    return index_patterns((*users, *by_id.values()), controls)


def index_patterns(patterns: tuple[Pattern, ...], controls: dict[str, str]) -> PatternSet:
    verbs: dict[str, list[Pattern]] = {}
    nouns: dict[str, list[Pattern]] = {}
    words: set[str] = set()
    for pattern in patterns:  # in priority order: user files first, then the shipped files
        for verb in pattern.verbs:
            for form in verb_forms(verb):
                verbs.setdefault(form.split(" ")[0], []).append(pattern)
                words.add(form.split(" ")[0])
        for noun in pattern.nouns:
            for form in noun_forms(noun):
                nouns.setdefault(form, []).append(pattern)
                words.add(form)
    by_form: dict[str, list[tuple[str, str]]] = {}
    for verb, mode in controls.items():
        for form in verb_forms(verb):
            head, _, rest = form.partition(" ")
            by_form.setdefault(head, []).append((rest, mode))
    # multi-word controls ("call on") are tried before the bare verb
    control_index = {k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in by_form.items()}
    return PatternSet(
        patterns=patterns,
        controls=tuple(sorted(controls.items())),
        verb_index={k: tuple(v) for k, v in verbs.items()},
        noun_index={k: tuple(v) for k, v in nouns.items()},
        control_index=control_index,
        words=frozenset(words),
    )


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records the line of every mapping under the key ``__line__``."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


# YAML 1.1 reads on/off/yes/no as booleans; prepositions like "on" must stay words.
_LineLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _load_file(path: Path, table: CodeTable) -> tuple[list[Pattern], dict[str, str]]:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except OSError as exc:
        raise DataFileError(str(path), None, f"cannot read pattern file: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataFileError(str(path), mark.line + 1 if mark else None, f"invalid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise DataFileError(str(path), 1, "a pattern file is a mapping with 'patterns' and/or 'controls'")
    unknown = set(raw) - {"patterns", "controls", "__line__"}
    if unknown:
        raise DataFileError(str(path), 1, f"unknown top-level keys {sorted(unknown)}")
    patterns = [_pattern(str(path), item, table) for item in _entries(str(path), raw, "patterns")]
    seen: set[str] = set()
    for pattern, item in zip(patterns, _entries(str(path), raw, "patterns"), strict=True):
        if pattern.id in seen:
            raise DataFileError(str(path), item["__line__"], f"duplicate pattern id {pattern.id!r}")
        seen.add(pattern.id)
    controls: dict[str, str] = {}
    for item in _entries(str(path), raw, "controls"):
        mode = item.get("mode")
        if mode not in CONTROL_MODES:
            raise DataFileError(str(path), item["__line__"], f"control mode must be one of {CONTROL_MODES}")
        for verb in _words(str(path), item, "verbs"):
            controls[verb] = str(mode)
    return patterns, controls


def _entries(path: str, raw: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = raw.get(key) or []
    if not isinstance(items, list):
        raise DataFileError(path, raw["__line__"], f"'{key}' must be a list")
    for item in items:
        if not isinstance(item, dict):
            raise DataFileError(path, None, f"every entry of '{key}' must be a mapping, got {item!r}")
    return items


def _words(path: str, item: dict[str, Any], key: str) -> tuple[str, ...]:
    value = item.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(path, item["__line__"], f"'{key}' must be a list of words")
    return tuple(" ".join(v.lower().split()) for v in value)


def _code(path: str, line: int, value: Any, table: CodeTable, key: str) -> str:
    code = str(value) if value is not None else ""
    if code not in table:
        raise DataFileError(
            path, line, f"'{key}': {value!r} is not a CAMEO event code (quote codes like \"036\")"
        )
    return code


def _pattern(path: str, item: dict[str, Any], table: CodeTable) -> Pattern:
    line = int(item["__line__"])
    unknown = set(item) - _PATTERN_KEYS - {"__line__"}
    if unknown:
        raise DataFileError(path, line, f"unknown keys {sorted(unknown)}")
    pid = item.get("id")
    if not isinstance(pid, str) or not pid:
        raise DataFileError(path, line, "every pattern needs a string 'id'")
    verbs, nouns, light = (
        _words(path, item, "verbs"),
        _words(path, item, "nouns"),
        _words(path, item, "light"),
    )
    if not verbs and not nouns:
        raise DataFileError(path, line, f"pattern {pid!r} needs 'verbs' or 'nouns'")
    if nouns and not light and not item.get("nominal"):
        raise DataFileError(path, line, f"pattern {pid!r}: nouns need 'light' verbs or 'nominal: true'")
    target = _words(path, item, "target") if "target" in item else ("obj",)
    for flag in ("nominal", "symmetric", "target_optional"):
        if not isinstance(item.get(flag, False), bool):
            raise DataFileError(path, line, f"'{flag}' must be true or false")
    confidence = item.get("confidence", 0.8)
    if not isinstance(confidence, int | float) or not 0.0 < confidence <= 1.0:
        raise DataFileError(path, line, "'confidence' must be a number in (0, 1]")
    derived = tuple((k, _code(path, line, item[k], table, k)) for k in _DERIVED if k in item)
    return Pattern(
        id=pid,
        code=_code(path, line, item.get("code"), table, "code"),
        verbs=verbs,
        nouns=nouns,
        light=light,
        nominal=bool(item.get("nominal", False)),
        target=target,
        symmetric=bool(item.get("symmetric", False)),
        target_optional=bool(item.get("target_optional", False)),
        confidence=float(confidence),
        derived=derived,
        origin=f"{path}:{line}",
    )


def pattern_words(patterns: Iterable[Pattern]) -> set[str]:
    """All lemmas named by ``patterns`` (for docs and coverage checks)."""
    return {w for p in patterns for w in (*p.verbs, *p.nouns)}
