"""Grouping the dictionary matches of one sentence into noun phrases, and finding unknown names."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from eventwire.actors._match import Match

if TYPE_CHECKING:
    from eventwire.actors.table import ActorTable

_CLIMB_DEPS = {"compound", "amod", "poss", "nmod", "flat", "appos", "case", "nummod", "det"}
_CLIMB_PREPS = {"of", "from", "for"}
_CLIMB_PREPS_COUNTRY = {"of", "from", "for", "in"}  # "Muslim leaders in France", not "summit in Lima"
_GLUE = {"'s", "’s", "'", "’", "of", "the", "a", "an", "-", "for"}
_POSSESSIVE = {"'s", "’s", "'", "’"}
_COORDINATORS = {"and", "or", "&", "nor"}
_LIST_GLUE = {",", *_COORDINATORS}
_CONJUNCT_ROLES = ("country", "adjective")


def np_head(token: Token, country: bool = False) -> Token:
    """Climb from a token to the head noun of the noun phrase it modifies."""
    preps = _CLIMB_PREPS_COUNTRY if country else _CLIMB_PREPS
    seen = 0
    while seen < 8 and token.head is not token:
        seen += 1
        if token.dep_ in _CLIMB_DEPS:
            token = token.head
        elif (
            token.dep_ == "pobj"
            and token.head.lower_ in preps
            and token.head.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM")
        ):
            token = token.head.head
        else:
            break
    return token


def group_matches(doc: Doc, matches: list[Match], parsed: bool) -> list[list[Match]]:
    """Group matches that belong to one noun phrase."""
    parent = list(range(len(matches)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    heads: dict[int, int] = {}
    for i, match in enumerate(matches):
        if parsed:
            head = np_head(doc[match.start : match.end].root, match.term.role == "country").i
            if head in heads:
                union(i, heads[head])
            else:
                heads[head] = i
            for j, other in enumerate(matches):
                if j != i and other.start <= head < other.end:
                    union(i, j)
        if i and all(t.lower_ in _GLUE for t in doc[matches[i - 1].end : match.start]):
            union(i, i - 1)
    groups: dict[int, list[Match]] = {}
    for i, match in enumerate(matches):
        groups.setdefault(find(i), []).append(match)
    return [part for g in groups.values() for part in _split_people(g)]


def _split_people(group: list[Match]) -> list[list[Match]]:
    """A group naming two different people ("Putin, Abe") becomes one group per person."""
    people = [m for m in group if m.term.role == "person"]
    if len({m.term.entry for m in people}) <= 1:
        return [group]
    parts: list[list[Match]] = [[] for _ in people]
    for match in group:
        later = [k for k, p in enumerate(people) if p.start >= match.start]
        parts[later[0] if later else len(people) - 1].append(match)
    return [p for p in parts if p]


def unknown_person(doc: Doc, group: list[Match]) -> tuple[int, int, str] | None:
    """A PERSON entity right after (or around) the group: its token span and text.

    Right after means adjacent, after a comma ("the spokesman, Ali Hassan") or after a possessive
    ("China's He Zhihua"). The comma counts only after a title or role word: after a place it ends a
    phrase ("in Buenos Aires, Putin said") instead of naming who the place is.
    """
    end = max(m.end for m in group)
    titled = any(m.term.role == "sector" for m in group)
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        covered = any(m.start <= ent.start < m.end for m in group)
        if covered and any(m.start == ent.start and m.end >= ent.end for m in group):
            continue  # the entity is the dictionary phrase itself
        after = ent.start == end + 1 and ((titled and doc[end].text == ",") or doc[end].text in _POSSESSIVE)
        if ent.start == end or (covered and ent.end > end) or after:
            return ent.start, ent.end, ent.text
        if ent.start == end + 2 and doc[end].text in _POSSESSIVE and doc[end + 1].is_title:
            # the small model often leaves a short given name out ("China's He Zhihua")
            return end + 1, ent.end, doc[end + 1 : ent.end].text
    return None


def split_coordinated(
    doc: Doc, group: list[Match], table: ActorTable
) -> list[tuple[list[Match], Match | None]]:
    """One part per coordinated country in a group ("US and British activists", "the US, Russia and China").

    Each part is ``(matches, clip)``: the country with the group's other matches (a shared head noun is
    distributed to every conjunct), and the span to keep for all but the last conjunct. Groups with a
    person or organisation, or whose countries are not joined only by commas and "and"/"or", stay whole.
    """
    if any(m.term.role in ("person", "organisation") for m in group):
        return [(group, None)]
    places = [m for m in group if m.term.role in _CONJUNCT_ROLES and table.entries[m.term.entry].country]
    if len(places) < 2 or not all(
        _coordinated(doc, a, b, table) for a, b in zip(places, places[1:], strict=False)
    ):
        return [(group, None)]
    shared = [m for m in group if m not in places]
    parts: list[tuple[list[Match], Match | None]] = []
    for n, place in enumerate(places):
        last = n == len(places) - 1
        parts.append((sorted([place, *shared], key=lambda m: m.start), None if last else place))
    return parts


def _coordinated(doc: Doc, first: Match, second: Match, table: ActorTable) -> bool:
    """Two country matches of different countries joined by list punctuation and a conjunction."""
    if table.entries[first.term.entry].country == table.entries[second.term.entry].country:
        return False
    between = doc[first.end : second.start]
    if not len(between) or any(t.lower_ not in _LIST_GLUE for t in between):
        return False
    if any(t.lower_ in _COORDINATORS for t in between):
        return True
    # "the US, Russia, and Switzerland": a comma, then a list that ends with a conjunction
    later = doc[second.start : second.end].root
    return bool(later.conjuncts) and any(t.lower_ in _COORDINATORS for t in later.subtree)
