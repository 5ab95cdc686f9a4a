"""How an event is made, from an analysed article to a row on the timeline.

One article at a time (no database):

- ``sentences``, ``prose``, ``spans``: Arabic sentence boundaries, lines and
  words, and lookups among many spans in logarithmic time;
- ``entities``: places, people and organisations named in the text, from the
  data files in ``data/`` (gazetteer, organisations, person titles, place nouns);
- ``cues``: the words event building reads as cues (conditions, document
  references, names, comparisons, spans, furniture), as data;
- ``dating``: which date expressions date a happening, which only support
  one, which date nothing (page furniture, names, calendar names ...);
- ``within``: which expressions of one article tell the same happening;
- ``titles``: a short title for a dated happening, and key words;
- ``evidence``: what the article tells (``build_events`` → ``EventCandidate``
  rows numbered by happening: date, sentence, title, place, participants,
  key words, confidence, an explanation for users).

Across articles, on the stored evidence:

- ``same``: whether two pieces of evidence tell the same happening, and what
  the event made of them shows (pure rules);
- ``grouping``: those rules applied to the store, incrementally as articles
  arrive or from scratch (``timeline events regroup``).

``store`` only loads and saves the rows; it is handed ``grouping`` by the
writes that change evidence.
"""
from ingest.events.evidence import (
    ANCHOR_EXPLANATION,
    ROLE_MENTIONED,
    ROLE_PARTICIPANT,
    ROLE_PLACE,
    EntityMention,
    EventCandidate,
    build_events,
    makes_event,
    sentence_bounds,
)

__all__ = [
    "ANCHOR_EXPLANATION", "ROLE_MENTIONED", "ROLE_PARTICIPANT", "ROLE_PLACE", "EntityMention", "EventCandidate",
    "build_events", "makes_event", "sentence_bounds",
]
