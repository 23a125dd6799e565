"""dashboard.catalogue: the texts of the shipped data `make messages` puts in the catalogues."""

from __future__ import annotations

import io
from pathlib import Path

from dashboard.catalogue import extract_data

ROOT = Path(__file__).resolve().parents[2]


def _texts(content: str, name: str) -> dict[str, list[str]]:
    """Text -> its extraction comments, as Babel receives them from a file of that name."""
    handle = io.BytesIO(content.encode("utf-8"))
    handle.name = name
    found: dict[str, list[str]] = {}
    for line, function, message, comments in extract_data(handle, (), (), {}):
        assert (line, function) == (0, None)
        found[message] = comments
    return found


SOURCES = (
    "source_id,publisher,title,title_en,language,note\n"
    'a,"Bureau of Statistics, Agency",Показатели,Indicators,ru,Thousand dollars.\n'
    "b,Eurostat,Comext,,en,\n"
    "c,Eurostat,Comext,,en,\n"
)


def test_a_sources_table_gives_publishers_english_titles_and_notes():
    texts = _texts(SOURCES, "data/official/sources.csv")
    assert list(texts) == [
        "Bureau of Statistics, Agency",
        "Bureau of Statistics",  # the short name the charts' source lines use
        "Eurostat",
        "Indicators",  # a Russian table by its English title, never its Russian one
        "Comext",  # an English source by its own title
        "Thousand dollars.",
    ]
    assert texts["Indicators"] == ["sources.title_en"]


def test_a_table_is_known_by_its_header_not_its_name():
    observations = "reporter,partner,flow,note,qualifier\nKAZ,RUS,turnover,summed from months,\n"
    assert list(_texts(observations, "data/official/anything.csv")) == ["summed from months"]
    rates = "currency,base,period_start,rate,note\nUSD,EUR,2021-01-01,1.2,mean of 20 days\n"
    assert _texts(rates, "data/official/rates.csv") == {}  # no text a reader sees
    coverage = "ru-fcs: >-\n  Russia stopped\n  publishing.\n"
    assert _texts(coverage, "data/coverage.yml") == {
        "Russia stopped publishing.": ["note on ru-fcs"]
    }


def test_the_shipped_press_file_gives_its_renderings_sectors_and_qualifiers():
    path = ROOT / "data" / "press" / "2022-10-27-democracy-central-asia.yaml"
    texts = _texts(path.read_text(encoding="utf-8"), str(path))
    assert texts["Democracy in Central Asia in the making"] == ["sources.title_en"]
    assert texts["Mining"] == ["deal_sectors.sector"]
    assert texts["about a third"] == ["claimed_changes.qualifier"]
    assert texts["Kazakhstan-Qatar investment agreements"] == ["deals.title"]
    assert "a $625 million investment agreement with Qatar" in texts  # quote_en
    # The verbatim Arabic is never a text to translate.
    assert not any("قطر" in t for t in texts)
