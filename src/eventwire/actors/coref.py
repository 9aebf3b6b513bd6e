"""Within-article coreference by rules over resolved mentions.

Walks an article's mentions in order and refines the ones left ``pending`` by
:mod:`eventwire.actors.resolve`:

* a title with no name ("the Prime Minister", "the president") becomes the most recent person
  mentioned who holds that title (``coref:title->Shinzo Abe``); with no such person, the article's
  most-mentioned country (if no other is named as often) gives it a country (``context:country``);
* a country plus a title ("the Japanese leader", "the Russian President") becomes the most recent
  person of that country holding a matching office;
* a state institution with no country ("the National Guard", "police") takes the article's
  dominant country when there is one: named at least twice and twice as often as any other;
  one named as a proper name ("the National Guard", "Parliament" inside a sentence), not a common
  noun, first takes the country of the sentence before when that sentence names one country and
  its own sentence none ("... in Saudi Arabia. The National Guard said ..."): on VOA and Guardian
  articles this read 9 of 10 such mentions right, but only about half of the common nouns
  ("fighters", "citizens", "the military"), which therefore wait for the dominant country;
* a later surname of an unknown person introduced with a title ("Ivanovsky" after "Russian Foreign
  Minister Ivan Ivanovsky") is the same actor (:func:`link_surnames`, run by the analyzer).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence

from eventwire.actors.resolve import HEAD_ROLES, STATE_SECTORS, Candidate
from eventwire.records import Actor


def _role_matches(title_role: str | None, actor: Actor) -> bool:
    if title_role is None or actor.role is None:
        return False
    role = actor.role.removeprefix("Former ")
    if title_role == role or title_role in role or role in title_role:
        return True
    return title_role == "Leader" and role in HEAD_ROLES


def resolve_coreference(
    items: Sequence[tuple[int, Candidate]], sentences: Sequence[str] = ()
) -> list[tuple[int, Candidate]]:
    """Refine pending candidates of one article; ``items`` are (sentence index, candidate) in order,
    ``sentences`` the sentence texts (without them no proper name is told from a common noun)."""
    people: list[Candidate] = []
    countries: Counter[str] = Counter(c.actor.country for _, c in items if c.actor.country)
    named: dict[int, set[str]] = {}
    for sentence, cand in items:
        if cand.actor.country:
            named.setdefault(sentence, set()).add(cand.actor.country)
    out: list[tuple[int, Candidate]] = []
    for sentence, cand in items:
        if cand.actor.kind == "person" and cand.actor.name and cand.actor.country:
            people.append(cand)
        if cand.pending:
            local = None
            before = named.get(sentence - 1, set())
            if (
                len(before) == 1
                and not named.get(sentence)
                and _proper_institution(cand, sentences, sentence)
            ):
                local = next(iter(before))
            cand = _refine(cand, people, countries, local)
        out.append((sentence, cand))
    return out


_FUNCTION_WORDS = frozenset({"the", "of", "and", "for", "'s", "’s"})


def _proper_institution(cand: Candidate, sentences: Sequence[str], sentence: int) -> bool:
    """A state body named as a proper name: every word capitalised, and more than one word or not
    at the start of its sentence (where any word is)."""
    if cand.title_role or cand.actor.sector not in STATE_SECTORS or sentence >= len(sentences):
        return False
    words = [
        w for w in sentences[sentence][cand.start : cand.end].split() if w.lower() not in _FUNCTION_WORDS
    ]
    if not words or not all(w[:1].isupper() for w in words):
        return False
    return len(words) > 1 or cand.start > 0


def _leading(countries: Counter[str]) -> str | None:
    """The article's most-named country, when no other is named as often."""
    ranked = countries.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def _dominant(countries: Counter[str]) -> str | None:
    """The article's country: named at least twice and at least twice as often as any other."""
    ranked = countries.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return ranked[0][0]


def _refine(
    cand: Candidate, people: list[Candidate], countries: Counter[str], local: str | None
) -> Candidate:
    """``local``: the one country the sentence before names, when the candidate's own names none."""
    country = cand.actor.country
    for person in reversed(people):
        if person is cand:
            continue
        if country and person.actor.country != country:
            continue
        if _role_matches(cand.title_role, person.actor) and person.actor.sector != "ELI":
            name = cand.actor.name
            if name and person.actor.name and name.split()[-1] != person.actor.name.split()[-1]:
                continue
            return dataclasses.replace(
                cand,
                actor=person.actor,
                entry=person.entry,
                why=f"coref:title->{person.actor.name}",
                pending=False,
                person_key=person.person_key,
            )
    top = None
    why = "context:country"
    if country is None and local is not None:
        top, why = local, "context:sentence-before"
    elif country is None and countries:
        top = _leading(countries) if cand.title_role else _dominant(countries)
    if top is not None:
        actor = cand.actor
        code = f"{top}{actor.sector or ''}"
        return dataclasses.replace(
            cand,
            actor=dataclasses.replace(actor, code=code, country=top),
            why=why,
            pending=False,
        )
    return dataclasses.replace(cand, pending=False)


def link_surnames(
    items: Sequence[tuple[int, Candidate]], sentences: Sequence[str]
) -> list[tuple[int, Candidate]]:
    """Add later mentions of an unknown person's surname ("Ivanovsky") as that person.

    ``items`` are the article's candidates (sentence index, candidate) after :func:`resolve_coreference`;
    ``sentences`` the sentence texts. Only people not in the dictionary (known people have their
    aliases there), named with at least two words, and only sentences after the one introducing them.
    """
    introduced: dict[str, tuple[int, Candidate]] = {}
    for sentence, cand in items:
        name = cand.actor.name
        if cand.actor.kind != "person" or not name or cand.entry.startswith("person:"):
            continue
        words = name.split()
        if len(words) >= 2 and words[-1][:1].isupper() and words[-1] not in introduced:
            introduced[words[-1]] = (sentence, cand)
    if not introduced:
        return list(items)
    taken: dict[int, list[tuple[int, int]]] = {}
    for sentence, cand in items:
        taken.setdefault(sentence, []).append((cand.start, cand.end))
    added: list[tuple[int, Candidate]] = []
    for surname, (first, cand) in introduced.items():
        pattern = re.compile(rf"(?<![\w-]){re.escape(surname)}(?![\w-])")
        for index in range(first + 1, len(sentences)):
            for found in pattern.finditer(sentences[index]):
                spans = taken.setdefault(index, [])
                if any(s < found.end() and found.start() < e for s, e in spans):
                    continue
                spans.append((found.start(), found.end()))
                added.append(
                    (
                        index,
                        dataclasses.replace(
                            cand,
                            start=found.start(),
                            end=found.end(),
                            why=f"coref:name->{cand.actor.name}",
                            pending=False,
                        ),
                    )
                )
    return sorted([*items, *added], key=lambda item: (item[0], item[1].start))
