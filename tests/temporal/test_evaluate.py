"""ingest.evaluate: the referee's figures from a gold file and a manifest."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest import evaluate

ROOT = Path(__file__).resolve().parents[2]
SHARED_GOLD = ROOT.parent / "shared" / "gold"


def _write(path: Path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture
def corpus(tmp_path):
    seeds = tmp_path / "seeds"
    gold_dir = tmp_path / "gold"
    seeds.mkdir()
    gold_dir.mkdir()
    text = "قال الوزير أمس إن الاجتماع المقرر يوم الخميس المقبل سيعقد في جنيف، وكان ثابتا منذ أكثر من عامين."
    (seeds / "a.txt").write_text(text, encoding="utf-8")
    s = text.index("أمس")
    t = text.index("يوم الخميس المقبل")
    d = text.index("منذ أكثر من عامين")
    _write(gold_dir / "manifest.jsonl", [{"file": "a.txt", "dct": "2016-03-15"}])
    _write(gold_dir / "gold.jsonl", [
        {"file": "a.txt", "start": s, "end": s + 3, "text": "أمس", "type": "DATE", "value": "2016-03-14"},
        {"file": "a.txt", "start": t, "end": t + len("يوم الخميس المقبل"), "text": "يوم الخميس المقبل",
         "type": "DATE", "value": "2016-03-24"},   # deliberately wrong gold: the report must list it
        {"file": "a.txt", "start": d, "end": d + len("منذ أكثر من عامين"), "text": "منذ أكثر من عامين",
         "type": "DURATION", "value": "P2Y", "optional": True},
    ])
    return gold_dir


def test_run_scores_and_lists_errors(corpus):
    res = evaluate.run(corpus / "gold.jsonl", corpus / "manifest.jsonl")
    assert (res["tp"], res["fp"], res["fn"]) == (2, 0, 0)
    assert res["extraction_f1"] == 1.0
    assert res["value_correct"] == 1 and res["value_gold"] == 2
    assert len(res["wrong"]) == 1 and "got=2016-03-17" in res["errors"][0]


def test_main_prints_the_referee_lines(corpus, capsys):
    assert evaluate.main([str(corpus / "gold.jsonl"), "--manifest", str(corpus / "manifest.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "extraction P=1.000 R=1.000 F1=1.000 (tp=2 fp=0 fn=0)" in out
    assert "value P=0.500 R=0.500 F1=0.500 (1/2 gold values right)" in out


def test_files_dir_and_json(corpus, tmp_path, capsys):
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "a.txt").write_bytes((tmp_path / "seeds" / "a.txt").read_bytes())
    assert evaluate.main([str(corpus / "gold.jsonl"), "--manifest", str(corpus / "manifest.jsonl"),
                          "--files-dir", str(other), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["tp"] == 2


def test_missing_file_is_an_error_not_a_crash(corpus, tmp_path):
    assert evaluate.main([str(corpus / "gold.jsonl"), "--manifest", str(corpus / "manifest.jsonl"),
                          "--files-dir", str(tmp_path / "nowhere")]) == 2


@pytest.mark.skipif(not (SHARED_GOLD / "seeds_timex.jsonl").exists(), reason="shared seed gold not beside the repo")
def test_seed_gold_targets():
    res = evaluate.run(SHARED_GOLD / "seeds_timex.jsonl", SHARED_GOLD / "seeds_manifest.jsonl")
    assert res["extraction_f1"] >= 0.97, res["errors"]
    assert res["value_f1"] >= 0.97, res["errors"]


def test_whole_text_fallback_rows_score_like_the_pipeline(corpus, monkeypatch):
    def broken(*a, **k):
        raise RuntimeError("no pipeline")
    monkeypatch.setattr("ingest.extract.extract_rows", broken)
    res = evaluate.run(corpus / "gold.jsonl", corpus / "manifest.jsonl")
    assert (res["tp"], res["fp"], res["fn"]) == (2, 0, 0)
