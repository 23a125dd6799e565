"""Figures: titles with the period, source lines, hovers with provenance, no invented splits."""

from __future__ import annotations

from dashboard import i18n
from dashboard.figures import investment_figure, partners_figure, trade_figure
from dashboard.views import build_view


def test_trade_figure(store):
    view = build_view("trade", {}, store)
    figure = trade_figure(view, store.source_records)
    names = [t.name for t in figure.data]
    assert set(names) == {"Reported by Kazakhstan", "Mirror: reported by Russia", "Press claim"}
    claim = next(t for t in figure.data if t.name == "Press claim")
    assert claim.mode == "markers"
    assert claim.marker.symbol == "star"
    assert list(claim.y) == [24.2]
    assert "basis: %{customdata[2]}" in claim.hovertemplate
    assert "source:" in claim.hovertemplate
    assert claim.customdata[0][5].startswith("press-2022-10-27")
    assert "1994 to 2022" in figure.layout.title.text
    source = figure.layout.annotations[0].text
    assert "Bureau of National Statistics, editions" in source
    assert "Press article, 27 Oct 2022" in source


def test_units_switch(store):
    bn = trade_figure(build_view("trade", {"unit": "bn"}, store), {})
    mn = trade_figure(build_view("trade", {"unit": "mn"}, store), {})
    assert mn.data[0].y[0] == bn.data[0].y[0] * 1000
    assert mn.layout.yaxis.title.text == "USD million"


def test_empty_trade_figure_says_so(store):
    figure = trade_figure(build_view("trade", {"reporter": "QAT", "partner": "ARG"}, store), {})
    assert not figure.data
    assert any("No figures loaded" in a.text for a in figure.layout.annotations)


def test_partners_bar_and_treemap(store):
    view = build_view("partners", {"top": "5"}, store)
    bar = partners_figure(view, {})
    assert list(bar.data[0].y)[-1] == "Russia"  # largest on top
    assert bar.data[0].text[-1] == "24.2%"
    tree = partners_figure(build_view("partners", {"chart": "treemap"}, store), {})
    assert tree.data[0].type == "treemap"
    assert "Russia" in list(tree.data[0].labels)


def test_investment_figure_never_splits_the_total(store):
    figure = investment_figure(build_view("investment", {}, store), {})
    assert len(figure.data) == 1
    assert list(figure.data[0].y) == [625.0]
    note = figure.layout.annotations[-1].text
    assert note.count(": not disclosed") == 8
    assert "Telecommunications" in note


def test_hover_shows_each_figure_as_its_source_published_it(store):
    figure = trade_figure(build_view("trade", {}, store), store.source_records)
    exact = {trace.name: {row[0]: row[1] for row in trace.customdata} for trace in figure.data}
    assert exact["Press claim"]["2021"] == "24.2 billion USD"
    assert exact["Mirror: reported by Russia"]["2021"] == "25,631 million USD"
    assert exact["Reported by Kazakhstan"]["2021"] == "24,624,279,965.57 USD"


def test_a_right_to_left_reader_gets_the_title_legend_and_sources_on_the_right(store):
    view = build_view("trade", {"partner": "RUS"}, store)
    sources = store.source_records
    ltr = trade_figure(view, sources)
    with i18n.speaking("ar"):
        rtl = trade_figure(build_view("trade", {"partner": "RUS"}, store), sources)
    assert (ltr.layout.title.x, ltr.layout.title.xanchor) == (0, "left")
    assert (rtl.layout.title.x, rtl.layout.title.xanchor) == (1, "right")
    assert (rtl.layout.legend.x, rtl.layout.legend.xanchor) == (1, "right")
    assert rtl.layout.annotations[0].xanchor == "right"
    # Time still runs left to right.
    assert rtl.layout.xaxis.autorange in (None, True)
