"""NLP: the one spaCy pipeline, the cheap sentence splitter and the analysed-text records.

Its public face is :func:`load_nlp` (the model with unused components disabled and the attribute ruler
compiled by ``_pos``: :data:`COARSE_POS`), :class:`SentenceSplitter`, and the records the actor and
event stages share: :class:`Sentence` and :class:`AnalyzedText`. Keeping the loaded pipeline is the
caller's job (:class:`~eventwire.actors.ActorAnalyzer`); nothing here caches it.
"""

from eventwire.nlp._spacy import COARSE_POS, AnalyzedText, Sentence, SentenceSplitter, load_nlp

__all__ = ["COARSE_POS", "AnalyzedText", "Sentence", "SentenceSplitter", "load_nlp"]
