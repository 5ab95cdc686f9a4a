"""Data for entity recognition: gazetteer, organisations, person titles (see ingest.events.entities)."""
