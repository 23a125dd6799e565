"""The Check an article page: find the seed article's claims, keep them, see them checked."""

from __future__ import annotations

import base64
import io

import openpyxl
import pytest

from dashboard.app import create_app
from dashboard.context import served
from dashboard.pages import check
from dashboard.views import build_view
from loaders.workspace import Workspace


@pytest.fixture
def app(tmp_path, store):
    return create_app(store, Workspace(tmp_path / "ws"))


@pytest.fixture
def seed_text(seed) -> str:
    return (seed / "article.ar.txt").read_text(encoding="utf-8")


def _find(text: str, published: str = "2022-10-27"):
    return check.answer(None, None, text, published, "auto")


def test_the_seed_article_gives_its_three_claims_marked_in_the_text(app, seed_text):
    with app.server.test_request_context("/"):
        marked, rows, line, text = _find(seed_text)
    assert line.startswith("3 figure claims found (Arabic)")
    assert text == seed_text
    marks = [piece for piece in marked if not isinstance(piece, str)]
    in_order = sorted(rows, key=lambda row: row["start"])
    assert [mark.children for mark in marks] == [row["quote"] for row in in_order]
    assert "".join(p if isinstance(p, str) else p.children for p in marked) == seed_text
    assert {(r["measure"], r["countries"], r["value"], r["scale"]) for r in rows} == {
        ("turnover", "KAZ RUS", "9.2", "billion"),
        ("turnover", "KAZ RUS", "24.2", "billion"),
        ("investment", "KAZ QAT", "625", "million"),
    }


def test_a_dropped_file_is_read_and_a_bad_one_named(app, seed_text):
    data = "data:text/plain;base64," + base64.b64encode(seed_text.encode()).decode()
    with app.server.test_request_context("/"):
        _marked, rows, _line, text = check.answer(data, "seed.txt", "", "2022-10-27", "auto")
        assert len(rows) == 3
        assert text == seed_text
        bad = "data:application/pdf;base64," + base64.b64encode(b"%PDF").decode()
        _, _, line, _ = check.answer(bad, "x.pdf", "", "", "auto")
    assert line.startswith("x.pdf: expected an article as .txt")


def test_kept_claims_are_checked_on_the_claims_page_and_exported(app, seed_text):
    with app.server.test_request_context("/"):
        _marked, rows, _line, _text = _find(seed_text)
        message = check.keep(
            1,
            rows,
            seed_text,
            "2022-10-27",
            "auto",
            "Example Daily",
            "Democracy",
            "https://e.org/a",
        )
        state = served()
    assert "Kept 3 claims as 'Article: Democracy'" in str(message)
    store = state.refresh()
    press = store.sources[store.sources.publisher == "Example Daily"]
    assert set(press.kind) == {"press"}
    view = build_view("claims", {}, store)
    kept = view.rows[view.rows.claim_id.isin(set(press.source_id)) & (view.rows.check == "claim")]
    # The two trade claims are checked like the seed's (the deal is on the Investment page).
    assert sorted(kept.claimed_value) == [9_200_000_000.0, 24_200_000_000.0]
    checked = view.rows[view.rows.claim_id.isin(set(press.source_id))]
    assert (checked.reporter == "KAZ").any()
    client = app.server.test_client()
    book = openpyxl.load_workbook(io.BytesIO(client.get("/export.xlsx?page=claims").data))
    sources = [row for row in book["Sources"].iter_rows(values_only=True)]
    assert any("Example Daily" in [str(c) for c in row] for row in sources)


def test_problems_are_listed_and_nothing_is_kept(app, seed_text):
    with app.server.test_request_context("/"):
        _marked, rows, _line, _text = _find(seed_text)
        message = check.keep(1, rows, seed_text, "2022-10-27", "auto", "", "T", "")
        assert served().workspace.list()[0] == []
    assert "the source: expected the outlet that published the article" in str(message)
