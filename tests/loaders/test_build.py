"""`make data`: the shipped official CSVs are exactly what the loaders make of the raw files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from loaders.build import META_FILE, build, read_official

OFFICIAL = Path(__file__).resolve().parents[2] / "data" / "official"


@pytest.mark.realdata
def test_shipped_csvs_match_a_fresh_build(realdata, tmp_path):
    shutil.copyfile(OFFICIAL / META_FILE, tmp_path / META_FILE)
    counts = build(realdata, tmp_path)
    assert counts["bns"] > 4000
    assert counts["eurostat"] == 1843
    assert counts["comtrade"] == 4
    assert counts["rates"] > 10_000
    shipped = sorted(p.name for p in OFFICIAL.glob("*.csv"))
    assert shipped == sorted(p.name for p in tmp_path.glob("*.csv"))
    for name in shipped:
        assert (tmp_path / name).read_bytes() == (OFFICIAL / name).read_bytes(), (
            f"data/official/{name} differs from a fresh build: run `make data` and commit"
        )


def test_shipped_tables_validate_and_cite_their_sources():
    frames = read_official(OFFICIAL)
    sources = frames.sources.set_index("source_id")
    assert set(frames.observations.source_id) <= set(sources.index)
    assert sources.accessed.notna().all()
    assert sources.licence.notna().all()
    assert sources.loc["kz-bns-foreign-trade-by-country-2021", "url"] == "https://stat.gov.kz/"
    # The raw files themselves are never shipped.
    assert not list(OFFICIAL.glob("*.xls*"))
    assert not list(OFFICIAL.glob("Relational_View*"))


def test_every_shipped_figure_has_its_published_precision():
    frames = read_official(OFFICIAL)
    obs = frames.observations
    assert obs.precision.notna().all()

    def row(source_prefix, reporter, partner, flow, start, freq="A"):
        found = obs[
            obs.source_id.str.startswith(source_prefix)
            & (obs.reporter == reporter)
            & (obs.partner == partner)
            & (obs.flow == flow)
            & (obs.period_start == start)
            & (obs.freq == freq)
        ]
        assert len(found) == 1, found
        return found.iloc[0]

    bns = row("kz-bns-foreign-trade-by-country-2021", "KAZ", "RUS", "turnover", "2021-01-01")
    assert (bns.value, bns.precision) == (24_624_279_965.57, 0.01)
    fcs = row("ru-fcs-trade-cis-annual", "RUS", "KAZ", "turnover", "2021-01-01")
    assert (fcs.value, fcs.precision) == (25_631_000_000.0, 1e6)
    eurostat = row("eurostat-comext", "DEU", "KAZ", "export", "2023-12-01", "M")
    assert (eurostat.value, eurostat.precision) == (213_403_497.0, 1.0)


def test_shipped_rates_are_the_ecb_means():
    frames = read_official(OFFICIAL)
    table = frames.rates
    assert set(table.source_id) == {"ecb-euro-reference-rates-2025-05-09"}
    source = frames.sources.set_index("source_id").loc["ecb-euro-reference-rates-2025-05-09"]
    assert source.publisher == "European Central Bank"
    assert source.accessed == pd.Timestamp("2026-11-27")
    assert "github.com/h0tbird/eurofxref at commit d21ffee4" in source.note
    usd = table[(table.currency == "USD") & (table.freq == "A")].set_index("period_start")
    assert round(usd.rate[pd.Timestamp("2021-01-01")], 4) == 1.1827
    assert table[table.currency == "RUB"].period_end.max() == pd.Timestamp("2022-03-31")
    assert "KZT" not in set(table.currency)


def test_build_writes_nothing_when_a_file_fails(tmp_path):
    raw = tmp_path / "raw"
    for folder in ("bns", "fcs", "eurostat", "comtrade"):
        (raw / folder).mkdir(parents=True)
    (raw / "bns" / "broken.xls").write_bytes(b"\xd0\xcf\x11\xe0broken")
    out = tmp_path / "out"
    out.mkdir()
    shutil.copyfile(OFFICIAL / META_FILE, out / META_FILE)
    from loaders.errors import LoadError

    with pytest.raises(LoadError, match="broken.xls"):
        build(raw, out)
    assert [p.name for p in out.iterdir()] == [META_FILE]
