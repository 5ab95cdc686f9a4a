"""Data for entity recognition: gazetteer, organisations, person titles (see ingest.entities)."""
