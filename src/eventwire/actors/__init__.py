"""Actors: who acts — the actor table (data files) and its resolution in articles.

Public names::

    ActorAnalyzer   analyse articles: sentences, pre-filtered parse, resolved ActorMentions
    ActorTable      the loaded dictionary (entries, phrases, sector codes)
    load_table      the shipped table plus user files
"""

from eventwire.actors.analyzer import ActorAnalyzer, load_table
from eventwire.actors.table import ActorTable, Entry, Office, Term

__all__ = ["ActorAnalyzer", "ActorTable", "Entry", "Office", "Term", "load_table"]
