"""``szkg extract`` and ``szkg eval``: batches, folders, JSON lines, and one bad file among good ones."""

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "data" / "corpus"
ARTICLES = ROOT / "tests" / "data" / "articles"
runner = CliRunner()


def test_batch_with_a_bad_file_writes_the_others_and_exits_1(tmp_path: Path) -> None:
    out = tmp_path / "out"
    good = ARTICLES / "futian_2021.txt"
    bad = ARTICLES / "binary.txt"
    result = runner.invoke(app, ["extract", str(good), str(bad), str(ARTICLES / "nanshan_2020.html"), "--out", str(out)])
    assert result.exit_code == 1
    assert f"error: {bad}: binary file" in result.stderr
    assert sorted(p.name for p in out.glob("*.json")) == ["futian_2021.json", "nanshan_2020.json"]
    data = json.loads((out / "futian_2021.json").read_text(encoding="utf-8"))
    assert data["document"] == "futian_2021.txt" and data["entities"]
    assert "“" in (out / "futian_2021.json").read_text(encoding="utf-8")  # ensure_ascii=False


def test_folder_and_glob_inputs(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ARTICLES / "baoan_2022.md", folder)
    shutil.copy(ARTICLES / "nanshan_2020.html", folder)
    (folder / "notes.csv").write_text("not an article", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(folder), str(CORPUS / "00[01]*.txt"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.stem for p in (tmp_path / "out").glob("*.json")) == [
        "000_2cfde935c3116cc9", "001_6d26e2f88aad0c34", "baoan_2022", "nanshan_2020"]


def test_jsonl_streams_one_document_per_line() -> None:
    result = runner.invoke(app, ["extract", str(CORPUS / "002_dfc0eb8523fa337d.txt"), str(ARTICLES / "baoan_2022.md"),
                                 "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [d["document"] for d in lines] == ["002_dfc0eb8523fa337d.txt", "baoan_2022.md"]


def test_missing_path_and_size_limit_are_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.txt"), "--out", str(tmp_path)])
    assert result.exit_code == 1 and "nope.txt" in result.stderr
    result = runner.invoke(app, ["extract", str(ARTICLES / "futian_2021.txt"), "--out", str(tmp_path), "--max-bytes", "100"])
    assert result.exit_code == 1 and "over the limit of 100 bytes" in result.stderr
    result = runner.invoke(app, ["extract", str(ARTICLES / "futian_2021.txt")])
    assert result.exit_code != 0 and "--out" in result.output + result.stderr


def test_eval_prints_the_scorers_table() -> None:
    result = runner.invoke(app, ["eval", "--gold", str(ROOT / "tests" / "gold"), str(CORPUS / "003_005059f0c2a5b684.txt")])
    assert result.exit_code == 0, result.stderr
    assert "entity_f1=" in result.stdout and "relation_f1=" in result.stdout
    result = runner.invoke(app, ["eval", "--gold", str(ROOT / "tests" / "gold"), "--json", str(CORPUS)])
    summary = json.loads(result.stdout)
    assert summary["documents"] == 5 and summary["entity"]["f1"] > 0.5
