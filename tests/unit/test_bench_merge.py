"""``run_all --merge``: sections not rerun come from their newest saved figures, marked as such."""

import json

from benchmarks.run_all import merged_sections


def test_sections_not_run_come_from_their_newest_file(tmp_path) -> None:
    (tmp_path / "shacl-2026-11-21.json").write_text(json.dumps({"datasets": "old"}), encoding="utf-8")
    (tmp_path / "shacl-2026-11-23.json").write_text(json.dumps({"datasets": "new"}), encoding="utf-8")
    (tmp_path / "shacl-2026-11-23-quick.json").write_text(json.dumps({"datasets": "not a dated file"}), encoding="utf-8")
    sections = merged_sections({"query": {"status": "ok", "sizes": []}}, tmp_path)
    assert sections["query"] == {"status": "ok", "sizes": []}
    assert sections["shacl"] == {"datasets": "new", "status": "ok", "from": "shacl-2026-11-23.json"}
    assert "http" not in sections  # nothing saved, nothing invented
