"""`timeline extract --manifest`: a whole evaluation set in one process, each file with its own dct."""
from __future__ import annotations

import json

from ingest.cli import main


def _rows(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_manifest_gives_each_file_its_dct(tmp_path, capsys):
    a, b, c = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    for p in (a, b, c):
        p.write_text("قال الوزير أمس إن المحادثات مستمرة.", encoding="utf-8")
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"file": "a.txt", "dct": "2016-03-15"}) + "\n"
                        + json.dumps({"file": "sub/b.txt", "dct": None}) + "\n", encoding="utf-8")
    assert main(["extract", "--manifest", str(manifest), "--dct", "2020-01-02", str(a), str(b), str(c)]) == 0
    rows = _rows(capsys.readouterr().out)
    by_file = {r["file"]: r for r in rows}
    assert by_file[str(a)]["value"] == "2016-03-14"          # the manifest's dct
    assert by_file[str(b)]["status"] == "unresolved"         # listed with no dct: none, not --dct
    assert by_file[str(c)]["value"] == "2020-01-01"          # not listed: --dct
    assert all("explanation" in r for r in rows)


def test_bad_manifest_is_a_clear_error(tmp_path, capsys):
    p = tmp_path / "a.txt"
    p.write_text("أمس", encoding="utf-8")
    manifest = tmp_path / "m.jsonl"
    manifest.write_text('{"file": "a.txt", "dct": "15/03/2016"}\n', encoding="utf-8")
    assert main(["extract", "--manifest", str(manifest), str(p)]) == 2
    err = capsys.readouterr().err
    assert "line 1" in err and "YYYY-MM-DD" in err and "Traceback" not in err
    assert main(["extract", "--manifest", str(tmp_path / "missing.jsonl"), str(p)]) == 2
    assert "cannot read the manifest" in capsys.readouterr().err
