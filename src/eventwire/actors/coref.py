"""Within-article coreference by rules over resolved mentions.

Walks an article's mentions in order and refines the ones left ``pending`` by
:mod:`eventwire.actors.resolve`:

* a title with no name ("the Prime Minister", "the president") becomes the most recent person
  mentioned who holds that title (``coref:title->Shinzo Abe``); with no such person, the article's
  most-mentioned country gives it a country (``context:country``);
* a country plus a title ("the Japanese leader", "the Russian President") becomes the most recent
  person of that country holding a matching office;
* a repeated name of an unknown person introduced with a title ("Ivanovsky" after "Russian Foreign
  Minister Ivan Ivanovsky") is the same actor (handled by :func:`surname_keys`).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence

from eventwire.actors.resolve import HEAD_ROLES, Candidate
from eventwire.records import Actor


def _role_matches(title_role: str | None, actor: Actor) -> bool:
    if title_role is None or actor.role is None:
        return False
    role = actor.role.removeprefix("Former ")
    if title_role == role or title_role in role or role in title_role:
        return True
    return title_role == "Leader" and role in HEAD_ROLES


def resolve_coreference(items: Sequence[tuple[int, Candidate]]) -> list[tuple[int, Candidate]]:
    """Refine pending candidates of one article; ``items`` are (sentence index, candidate) in order."""
    people: list[Candidate] = []
    countries: Counter[str] = Counter()
    out: list[tuple[int, Candidate]] = []
    for sentence, cand in items:
        if cand.actor.kind == "person" and cand.actor.name and cand.actor.country:
            people.append(cand)
        if cand.actor.country:
            countries[cand.actor.country] += 1
        if cand.pending:
            cand = _refine(cand, people, countries)
        out.append((sentence, cand))
    return out


def _refine(cand: Candidate, people: list[Candidate], countries: Counter[str]) -> Candidate:
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
    if country is None and countries:
        top = countries.most_common(1)[0][0]
        actor = cand.actor
        code = f"{top}{actor.sector or ''}"
        return dataclasses.replace(
            cand,
            actor=dataclasses.replace(actor, code=code, country=top),
            why="context:country",
            pending=False,
        )
    return dataclasses.replace(cand, pending=False)
