"""`python -m dashboard extract-claims`: one JSON object per claim, or one line and exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", "extract-claims", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_seed_article_gives_its_three_claims_as_json_lines(seed, tmp_path):
    out = tmp_path / "claims.jsonl"
    result = run(str(seed / "article.ar.txt"), "--published", "2022-10-27", "--out", str(out))
    assert result.returncode == 0, result.stderr
    claims = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    keys = {"value", "currency", "period_start", "period_end", "countries", "measure"}
    assert all(keys | {"qualifier", "change", "quote"} <= set(c) for c in claims)
    found = {(c["measure"], c["value"], c["period_start"], c["period_end"]) for c in claims}
    assert found == {
        ("investment", 625_000_000.0, None, None),
        ("turnover", 9_200_000_000.0, "2022-01-01", "2022-05-31"),
        ("turnover", 24_200_000_000.0, "2021-01-01", "2021-12-31"),
    }
    by_value = {c["value"]: c for c in claims}
    assert by_value[9_200_000_000.0]["change"]["unit"] == "%"
    assert by_value[9_200_000_000.0]["change"]["value"] == 5.0
    assert by_value[24_200_000_000.0]["change"]["unit"] == "fraction"
    article = (seed / "article.ar.txt").read_text(encoding="utf-8")
    assert all(c["quote"] in article for c in claims)
    assert "3 claims" in result.stderr


def test_an_english_text_on_stdout(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(
        "In 2021, trade between Kazakhstan and China reached $25.2 billion.", encoding="utf-8"
    )
    result = run(str(path))
    assert result.returncode == 0, result.stderr
    (claim,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert claim["value"] == 25_200_000_000.0
    assert sorted(claim["countries"]) == ["CHN", "KAZ"]


def test_a_file_that_is_not_an_article_is_one_line_and_exit_2(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4")
    out = tmp_path / "claims.jsonl"
    result = run(str(path), "--out", str(out))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: scan.pdf: expected an article as .txt, .md, .html, .htm, .docx, found '.pdf'"
    ]
    assert not out.exists()


def test_a_bad_date_is_one_line_and_exit_2(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("text", encoding="utf-8")
    result = run(str(path), "--published", "27/10/2022")
    assert result.returncode == 2
    assert result.stderr == "error: --published: expected YYYY-MM-DD, found '27/10/2022'\n"
