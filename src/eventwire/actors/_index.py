"""The actor dictionary compiled to arrays, cached between runs (:mod:`eventwire.cache`).

Loading the tables (``load_table``) and tokenizing every phrase for the dictionary matcher takes seconds,
and the tables keep growing. What the analyzer needs at start-up is kept instead as arrays, built once
per version of the sources (every file in ``data/actors``, the user's dictionary files, the code of
this package, the spaCy model that tokenizes the phrases):

- the phrases (:class:`PhraseIndex`): every phrase's tokens as ``LOWER`` hashes, found in a doc by a
  hash of each token window, and per phrase key the numbers of its terms, best role first;
- the name variants (:class:`~eventwire.actors._names.NameIndex`): the folded and skeleton keys of the
  names, each with the numbers of its terms (computing the keys of 40,000 phrases takes most of a second);
- the terms: phrase, entry number, role and case flag per term, each :class:`Term` made when a match
  needs it;
- the entries: one pickle per :class:`Entry` (read back by an unpickler that accepts only the actor
  table's own records and dates), unpickled when an entry is first looked up;
- the sector code table.

:func:`load_compiled` returns an :class:`~eventwire.actors.table.ActorTable` whose ``entries`` and
``terms`` are these lazy views, and the :class:`PhraseIndex` and ``NameIndex`` the matcher runs.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Iterable, Iterator, MutableMapping, MutableSequence, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NamedTuple, overload

import numpy as np
import numpy.typing as npt
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc

from eventwire.actors.table import ActorTable, Entry, Term
from eventwire.cache import (
    Arrays,
    IndexCache,
    StringColumn,
    StringIndex,
    fingerprint,
    source_files,
    string_arrays,
)
from eventwire.errors import DataFileError

if TYPE_CHECKING:
    from eventwire.actors._names import NameIndex

# One phrase key: the numbers of its terms (best role first) and its token sequences (LOWER hashes).
PhraseKey = tuple[Sequence[int], Sequence[Sequence[int]]]
_MIX: Final = 0x100000001B3  # FNV-1a's 64-bit prime: the window hash is h * _MIX ^ next token
_MASK: Final = (1 << 64) - 1


class PhraseIndex:
    """Finds every dictionary phrase in a doc, as the phrase matcher over ``LOWER`` did.

    Phrases (token sequences, as ``LOWER`` hashes) are grouped by length; in each group they are sorted
    by a 64-bit hash of their tokens. A doc's windows of each length are hashed the same way with numpy,
    looked up with ``searchsorted``, and every hit is checked token by token, so a hash collision never
    gives a false match.
    """

    def __init__(self, arrays: Arrays, terms: Sequence[Term]) -> None:
        self._tokens = arrays["phrase.tokens"]
        self._starts = arrays["phrase.starts"]
        self._grams = arrays["phrase.grams"]
        self._keys = arrays["phrase.keys"]
        self._lengths = arrays["phrase.length_starts"]  # patterns of length L: [_lengths[L], _lengths[L+1])
        self._prefixes = arrays["phrase.prefixes"]  # hashes of L-token prefixes of longer patterns, sorted
        self._prefix_starts = arrays["phrase.prefix_starts"]  # ... for L: [_prefix_starts[L], [L+1])
        self._groups = TermGroups(arrays, "key", terms)

    @classmethod
    def build(cls, keys: Sequence[PhraseKey], terms: Sequence[Term]) -> PhraseIndex:
        """From ``(term numbers best first, token sequences)`` per phrase key."""
        return cls(phrase_arrays(keys), terms)

    def __getitem__(self, key: int) -> tuple[Term, ...]:
        """The terms of phrase key ``key``, best role first."""
        return self._groups[key]

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """``(key, start, end)`` of every phrase occurrence in ``doc`` (overlaps included), in order."""
        ids = doc.to_array(LOWER).astype(np.uint64, copy=False)
        size = len(ids)
        alive = np.arange(size, dtype=np.int64)  # starts of windows that may still grow into a phrase
        window = ids.copy()  # their hashes
        found: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], int]] = []
        mix = np.uint64(_MIX)
        for length in range(1, len(self._lengths) - 1):
            if length > 1:
                inside = alive + (length - 1) < size
                alive, window = alive[inside], window[inside]
                window = (window * mix) ^ ids[alive + (length - 1)]
            low, high = int(self._lengths[length]), int(self._lengths[length + 1])
            if high > low:
                hits, at = _members(self._grams[low:high], window)
                if len(hits):
                    starts, patterns = self._verified(ids, alive[hits], at + low, length, high)
                    found.append((starts, patterns, length))
            prefixes = self._prefixes[int(self._prefix_starts[length]) : int(self._prefix_starts[length + 1])]
            keep, _ = _members(prefixes, window)
            alive, window = alive[keep], window[keep]
            if not len(alive):
                break
        out = [
            (key, start, start + length)
            for starts, patterns, length in found
            for start, key in zip(starts.tolist(), self._keys[patterns].tolist(), strict=True)
        ]
        out.sort(key=lambda match: (match[1], match[2], match[0]))
        return out

    def _verified(
        self,
        ids: npt.NDArray[np.uint64],
        starts: npt.NDArray[np.int64],
        patterns: npt.NDArray[np.int64],
        length: int,
        high: int,
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """The (start, pattern) pairs whose tokens really are the pattern's; patterns sharing a hash
        (collisions) sit next to each other and are tried in turn."""
        steps = np.arange(length)
        kept_starts, kept_patterns = [], []
        while len(patterns):
            same = (
                self._tokens[self._starts[patterns][:, None] + steps] == ids[starts[:, None] + steps]
            ).all(axis=1)
            kept_starts.append(starts[same])
            kept_patterns.append(patterns[same])
            following = patterns + 1
            more = following < high
            more[more] = self._grams[following[more]] == self._grams[patterns[more]]
            starts, patterns = starts[more], following[more]
        return np.concatenate(kept_starts), np.concatenate(kept_patterns)


def _members(
    sorted_values: npt.NDArray[np.uint64], wanted: npt.NDArray[np.uint64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Positions in ``wanted`` whose value is in ``sorted_values``, and where it sits there."""
    if not len(sorted_values) or not len(wanted):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    at = np.searchsorted(sorted_values, wanted)
    inside = at < len(sorted_values)
    inside[inside] = sorted_values[at[inside]] == wanted[inside]
    hits = np.flatnonzero(inside)
    return hits, at[hits]


def window_hash(tokens: Sequence[int]) -> int:
    """The hash :meth:`PhraseIndex.__call__` computes for a window of these token hashes."""
    value = tokens[0]
    for token in tokens[1:]:
        value = ((value * _MIX) & _MASK) ^ token
    return value


def phrase_arrays(keys: Sequence[PhraseKey]) -> Arrays:
    """The arrays of a :class:`PhraseIndex` from ``(term numbers, token sequences)`` per phrase key."""
    patterns = [(len(seq), window_hash(seq), key, seq) for key, (_, seqs) in enumerate(keys) for seq in seqs]
    patterns.sort(key=lambda p: (p[0], p[1], p[2]))
    longest = max((p[0] for p in patterns), default=0)
    counts = np.bincount([p[0] for p in patterns], minlength=longest + 2)
    tokens = [token for p in patterns for token in p[3]]
    prefixes = [
        sorted({window_hash(p[3][:length]) for p in patterns if p[0] > length}) if length else []
        for length in range(longest + 1)
    ]
    return {
        "phrase.prefixes": np.array([h for group in prefixes for h in group], dtype=np.uint64),
        "phrase.prefix_starts": _offsets([len(group) for group in prefixes] + [0]),
        "phrase.tokens": np.array(tokens, dtype=np.uint64),
        "phrase.starts": _offsets([p[0] for p in patterns])[:-1],
        "phrase.grams": np.array([p[1] for p in patterns], dtype=np.uint64),
        "phrase.keys": np.array([p[2] for p in patterns], dtype=np.int32),
        "phrase.length_starts": _offsets(counts.tolist()),
        **term_group_arrays("key", [numbers for numbers, _ in keys]),
    }


class TermGroups:
    """Groups of term numbers kept as arrays (a phrase key's terms, a name key's terms); a group's
    :class:`Term` s are made when it is first asked for."""

    def __init__(self, arrays: Arrays, name: str, terms: Sequence[Term]) -> None:
        self._offsets = arrays[f"{name}.term_offsets"]
        self._numbers = arrays[f"{name}.terms"]
        self._terms = terms
        self._made: dict[int, tuple[Term, ...]] = {}

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, group: int) -> tuple[Term, ...]:
        made = self._made.get(group)
        if made is None:
            start, end = int(self._offsets[group]), int(self._offsets[group + 1])
            made = tuple(self._terms[n] for n in self._numbers[start:end].tolist())
            self._made[group] = made
        return made


def term_group_arrays(name: str, groups: Sequence[Sequence[int]]) -> Arrays:
    """The arrays of a :class:`TermGroups` named ``name``: per group, the numbers of its terms."""
    return {
        f"{name}.term_offsets": _offsets([len(group) for group in groups]),
        f"{name}.terms": np.array([n for group in groups for n in group], dtype=np.int32),
    }


def _offsets(counts: Sequence[int]) -> npt.NDArray[np.int64]:
    out = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=out[1:])
    return out


# ---------------------------------------------------------------- the table as arrays


def table_arrays(table: ActorTable) -> Arrays:
    """Entries (one pickle each), terms (columns) and sector codes of a loaded table."""
    ids = list(table.entries)
    number = {entry_id: n for n, entry_id in enumerate(ids)}
    blobs = [pickle.dumps(table.entries[entry_id], protocol=5) for entry_id in ids]
    for blob in blobs:  # what goes in must come back through the restricted unpickler
        _unpickle(blob)
    roles = sorted({term.role for term in table.terms})
    role_number = {role: n for n, role in enumerate(roles)}
    terms = list(table.terms)
    missing = [t.entry for t in terms if t.entry not in number]
    if missing:
        raise DataFileError("actor table", None, f"phrases name unknown entries: {missing[:5]}")
    return {
        **string_arrays("entry.ids", ids, index=True),
        "entry.blobs": np.frombuffer(b"".join(blobs), dtype=np.uint8),
        "entry.blob_offsets": _offsets([len(b) for b in blobs]),
        **string_arrays("term.phrase", (t.phrase for t in terms)),
        "term.entry": np.array([number[t.entry] for t in terms], dtype=np.int32),
        **string_arrays("term.roles", roles),
        "term.role": np.array([role_number[t.role] for t in terms], dtype=np.int16),
        "term.case_sensitive": np.array([t.case_sensitive for t in terms], dtype=np.bool_),
        "sectors": np.frombuffer(pickle.dumps(table.sectors, protocol=5), dtype=np.uint8),
    }


class _Restricted(pickle.Unpickler):
    """Unpickles only the actor table's records, dates and plain containers: a cache file can hold data,
    never code."""

    def find_class(self, module: str, name: str) -> Any:
        if module.startswith("eventwire.") or (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the actor cache")


_ALLOWED: Final = frozenset(
    {("datetime", "date"), ("datetime", "datetime"), ("datetime", "timezone"), ("datetime", "timedelta")}
    | {("builtins", n) for n in ("frozenset", "set", "tuple", "list", "dict")}
)


def _unpickle(blob: bytes) -> Any:
    return _Restricted(io.BytesIO(blob)).load()


class _Entries(MutableMapping[str, Entry]):
    """Entries by id, unpickled from the cache when first asked for; additions and removals kept aside."""

    def __init__(self, arrays: Arrays) -> None:
        self._ids = StringIndex(arrays, "entry.ids")
        self._blobs = arrays["entry.blobs"].tobytes()
        self._offsets = arrays["entry.blob_offsets"]
        self._made: dict[int, Entry] = {}
        self._changed: dict[str, Entry | None] = {}  # set or deleted after loading (None: deleted)

    def number(self, entry_id: str) -> int | None:
        return self._ids.find(entry_id)

    def at(self, n: int) -> Entry:
        made = self._made.get(n)
        if made is None:
            made = _unpickle(self._blobs[self._offsets[n] : self._offsets[n + 1]])
            self._made[n] = made
        return made

    def __getitem__(self, entry_id: str) -> Entry:
        if entry_id in self._changed:
            changed = self._changed[entry_id]
            if changed is None:
                raise KeyError(entry_id)
            return changed
        n = self._ids.find(entry_id)
        if n is None:
            raise KeyError(entry_id)
        return self.at(n)

    def __setitem__(self, entry_id: str, entry: Entry) -> None:
        self._changed[entry_id] = entry

    def __delitem__(self, entry_id: str) -> None:
        self[entry_id]  # raises KeyError for an unknown id
        self._changed[entry_id] = None

    def __iter__(self) -> Iterator[str]:
        for entry_id in self._ids.tolist():
            if self._changed.get(entry_id, True) is not None:
                yield entry_id
        shipped = set(self._ids.tolist())
        yield from (k for k, v in self._changed.items() if v is not None and k not in shipped)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _Terms(MutableSequence[Term]):
    """The table's terms, each made from the cached columns when asked for (all of them on a change)."""

    def __init__(self, arrays: Arrays) -> None:
        self._phrase = StringColumn(arrays, "term.phrase")
        self._entry = arrays["term.entry"]
        self._roles = StringColumn(arrays, "term.roles").tolist()
        self._role = arrays["term.role"]
        self._case = arrays["term.case_sensitive"]
        self._entry_ids = StringColumn(arrays, "entry.ids")
        self._list: list[Term] | None = None  # every term, once the sequence is changed

    def _make(self, n: int) -> Term:
        return Term(
            self._phrase[n],
            self._entry_ids[int(self._entry[n])],
            self._roles[int(self._role[n])],
            bool(self._case[n]),
        )

    def with_roles(self, roles: Iterable[str]) -> list[Term]:
        """The terms whose role is one of ``roles``, without making the others."""
        if self._list is not None:
            wanted = set(roles)
            return [t for t in self._list if t.role in wanted]
        codes = [n for n, role in enumerate(self._roles) if role in set(roles)]
        return [self._make(n) for n in np.flatnonzero(np.isin(self._role, codes)).tolist()]

    def __iter__(self) -> Iterator[Term]:
        if self._list is not None:
            return iter(self._list)
        return (self._make(n) for n in range(len(self._phrase)))

    def _all(self) -> list[Term]:
        if self._list is None:
            self._list = [self._make(n) for n in range(len(self._phrase))]
        return self._list

    def __len__(self) -> int:
        return len(self._list) if self._list is not None else len(self._phrase)

    @overload
    def __getitem__(self, index: int) -> Term: ...
    @overload
    def __getitem__(self, index: slice) -> MutableSequence[Term]: ...
    def __getitem__(self, index: int | slice) -> Term | MutableSequence[Term]:
        if self._list is not None or isinstance(index, slice):
            return self._all()[index]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._make(index)

    @overload
    def __setitem__(self, index: int, value: Term) -> None: ...
    @overload
    def __setitem__(self, index: slice, value: Iterable[Term]) -> None: ...
    def __setitem__(self, index: int | slice, value: Any) -> None:
        self._all()[index] = value

    def __delitem__(self, index: int | slice) -> None:
        del self._all()[index]

    def insert(self, index: int, value: Term) -> None:
        self._all().insert(index, value)


def terms_with_roles(terms: Sequence[Term], roles: Iterable[str]) -> list[Term]:
    """The terms of ``roles``; from cached columns without making every term."""
    if isinstance(terms, _Terms):
        return terms.with_roles(roles)
    wanted = set(roles)
    return [t for t in terms if t.role in wanted]


# ---------------------------------------------------------------- cache

DATA: Final = Path(__file__).resolve().parents[1] / "data" / "actors"


def _fingerprint(nlp: Language, extra_files: Sequence[Path]) -> str | None:
    """Everything the compiled table depends on; None when a user file cannot be read (loading the
    table then reports it, with the file's name)."""
    import spacy

    try:
        users = [Path(p).resolve() for p in extra_files]
        return fingerprint(
            f"spacy {spacy.about.__version__}",
            f"model {nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}",
            *source_files("eventwire.actors", "eventwire.cache"),
            *sorted(p for p in DATA.iterdir() if p.is_file()),
            *(f"user file {p}" for p in users),
            *users,
        )
    except OSError:
        return None


def compile_table(nlp: Language, extra_files: Sequence[Path]) -> Arrays:
    """Load the table (shipped + ``extra_files``), tokenize its phrases and key its names by their
    variants: the arrays to cache."""
    from eventwire.actors._match import phrase_keys
    from eventwire.actors._names import name_arrays
    from eventwire.actors.analyzer import load_table

    table = load_table(extra_files)
    return {
        **table_arrays(table),
        **phrase_arrays(phrase_keys(nlp, table.terms)),
        **name_arrays(table.terms),
    }


class Compiled(NamedTuple):
    """What :func:`load_compiled` gives the analyzer: the table and the matcher's two indexes."""

    table: ActorTable
    phrases: PhraseIndex
    names: NameIndex


def load_compiled(nlp: Language, extra_files: Sequence[Path], cache: IndexCache) -> Compiled:
    """The actor table (shipped + ``extra_files``), its phrase index and its name-variant index, from
    the cache or built."""
    from eventwire.actors._names import NameIndex

    key = _fingerprint(nlp, extra_files)
    if key is None:
        arrays = compile_table(nlp, extra_files)
    else:
        arrays = cache.load("actors", key, lambda: compile_table(nlp, extra_files))
    entries = _Entries(arrays)
    terms = _Terms(arrays)
    table = ActorTable(entries=entries, terms=terms, sectors=_unpickle(arrays["sectors"].tobytes()))
    return Compiled(table, PhraseIndex(arrays, terms), NameIndex(arrays, terms))
