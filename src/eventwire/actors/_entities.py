"""Which parsed sentences need spaCy's named-entity recogniser.

``ner`` costs about half of the parse (it has its own tok2vec), yet entities are read in only two
places. :class:`eventwire.actors.ActorAnalyzer` parses kept sentences without ``ner`` and runs it
afterwards only on the sentences for which :func:`needs_entities` says an entity could change a
result (only when ``ner`` is the pipeline's last component; otherwise every sentence gets it).
The readers of entities, and the cue each one needs, are:

1. ``actors/_groups.py`` ``unknown_person``: a PERSON entity starting at, or right after (comma,
   possessive, or a title-case word after a possessive), the end of a dictionary match group, or one
   starting inside the group and running past its end. Cue, for any match ending before token ``e``: a
   capital letter in token ``e``; or in ``e+1`` after a comma, a possessive or a lowercase name particle
   ("bin", "al", "van"); or in ``e+2`` after a possessive and a title-case word, or after a particle.
2. ``actors/resolve.py`` ``_inside_person``: a city match inside a longer PERSON entity ("Leon
   Bobb"). Cue: a token with a capital letter within two tokens before or after a city match.

``events/_targets.py`` ``names_unknown_target`` does not read entities: it tells dates from names
with :func:`eventwire.events.dates.date_name`, so that its answer is the same whether or not NER ran
(when it read the entity type, it alone sent 46 % of the NER tokens to the recogniser).

A sentence without NER has ``doc.ents == ()`` and ``doc.user_data[NER_FLAG] is False`` (see
:class:`eventwire.nlp.Sentence`). Anyone adding a reader of ``doc.ents``, ``token.ent_type_`` or
``token.ent_iob_`` must add its cue here, or NER silently stops running where the reader needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Doc

from eventwire.actors._groups import _POSSESSIVE
from eventwire.actors._match import Match

# Doc.user_data key: True when the pipeline's ``ner`` ran on the doc, False when it was skipped.
NER_FLAG = "eventwire_ner"

# Lowercase words inside personal names: "Osama bin Laden", "Bashar al-Assad", "Ursula von der Leyen".
_NAME_PARTICLES = frozenset(
    ["bin", "ibn", "abu", "al", "el", "ul", "ud", "de", "del", "della", "der", "di", "da", "du", "dos"]
    + ["la", "le", "van", "von", "ter"]
)
_AROUND_CITY = 2  # tokens either side of a city match that a longer PERSON entity may cover


def needs_entities(doc: Doc, matches: Sequence[Match]) -> bool:
    """Whether running NER on this tagged and parsed sentence could change what its readers decide.

    ``matches`` are the sentence's dictionary matches on ``doc``'s tokens. Conservative: any cue a
    reader could act on counts, so a False answer means every reader decides the same without entities.
    """
    size = len(doc)

    def capital(i: int) -> bool:
        return 0 <= i < size and any(c.isupper() for c in doc[i].text)

    for match in matches:
        if _person_may_follow(doc, match.end, capital):
            return True
        if any(t.role == "city" for t in match.terms):
            before = range(match.start - _AROUND_CITY, match.start)
            if any(capital(i) for i in (*before, *range(match.end, match.end + _AROUND_CITY))):
                return True
    return False


def _person_may_follow(doc: Doc, end: int, capital: Callable[[int], bool]) -> bool:
    """Could a PERSON entity that ``unknown_person`` reads start at or just after token ``end``?"""
    if capital(end):
        return True
    if end >= len(doc):
        return False
    glue = doc[end].text
    if (glue == "," or glue in _POSSESSIVE or doc[end].lower_ in _NAME_PARTICLES) and capital(end + 1):
        return True
    after = end + 1 < len(doc) and (
        (glue in _POSSESSIVE and doc[end + 1].is_title) or doc[end].lower_ in _NAME_PARTICLES
    )
    return after and capital(end + 2)
