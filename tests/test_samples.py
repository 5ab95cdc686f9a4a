"""The shipped sample articles, end to end through the API (the README's first command)."""
from __future__ import annotations

from api import create_app
from ingest.pipeline import ingest
from ingest.sources import read_paths


def test_samples_give_the_2016_events_in_date_order(db_url, factory, samples_dir):
    summary = ingest(factory, read_paths([samples_dir]), label="samples")
    assert summary.failed == 0
    client = create_app({"database_url": db_url}).test_client()
    events = client.get("/api/v1/events?from=2016-01-01&to=2016-12-31&limit=500").get_json()["items"]
    keys = [(e["date_start"], e["date_end"], e["id"]) for e in events]
    assert keys == sorted(keys)
    assert all(e["date_start"] <= "2016-12-31" and e["date_end"] >= "2016-01-01" for e in events)
    reception = [e for e in events if e["date_start"] == "2016-10-03" and e["date_end"] == "2016-10-03"]
    assert reception and any("رأس السنة الهجرية" in e["text"] for e in reception)
