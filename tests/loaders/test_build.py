"""`make data`: the shipped official CSVs are exactly what the loaders make of the raw files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from loaders import hs
from loaders.build import META_FILE, PRODUCTS_FILE, build, read_official

OFFICIAL = Path(__file__).resolve().parents[2] / "data" / "official"
HS = OFFICIAL.parent / "hs"


@pytest.mark.realdata
def test_shipped_csvs_match_a_fresh_build(realdata, tmp_path):
    out, hs_out = tmp_path / "official", tmp_path / "hs"
    out.mkdir()
    shutil.copyfile(OFFICIAL / META_FILE, out / META_FILE)
    counts = build(realdata, out, hs_out)
    assert counts["bns"] > 4000
    assert counts["eurostat"] == 1843
    assert counts["comtrade"] == 4
    assert counts["baci"] == 2_447 + 209 + 227 + 126 + 15 + 3_467 + 3_237
    assert counts["rates"] > 10_000
    shipped = sorted(p.name for p in OFFICIAL.glob("*.csv"))
    assert shipped == sorted(p.name for p in out.glob("*.csv"))
    for name in shipped:
        assert (out / name).read_bytes() == (OFFICIAL / name).read_bytes(), (
            f"data/official/{name} differs from a fresh build: run `make data` and commit"
        )
    assert (hs_out / PRODUCTS_FILE).read_bytes() == (HS / PRODUCTS_FILE).read_bytes(), (
        f"data/hs/{PRODUCTS_FILE} differs from a fresh build: run `make data` and commit"
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


def test_shipped_baci_figures_cite_cepii_and_their_edition():
    frames = read_official(OFFICIAL)
    obs = frames.observations[frames.observations.source_id.str.startswith("baci-")]
    russia = obs[(obs.source_id == "baci-kaz_partners_2021") & (obs.partner == "RUS")]
    assert (len(russia), round(russia.value.sum(), 2)) == (2_447, 6_021_824_075.0)
    assert set(obs.classification) == {"HS2002"}
    source = frames.sources.set_index("source_id").loc["baci-kaz_partners_2021"]
    assert (source.publisher, source.licence, source.edition) == (
        "CEPII",
        "Etalab Open Licence 2.0",
        "V202301",
    )
    assert "Gaulier, G. and Zignago, S. (2010)" in source.note
    assert "github.com/ksreyes/adb-kaz-gvc at commit ee402773" in source.note


def test_shipped_nomenclature_names_every_shipped_product():
    products = pd.read_csv(HS / PRODUCTS_FILE, dtype=str, keep_default_na=False, na_values=[""])
    assert list(products.columns) == hs.COLUMNS
    assert products.groupby("classification").size().to_dict() == {"HS2002": 3_756, "HS2022": 6_939}
    obs = read_official(OFFICIAL).observations
    coded = obs[obs["product"] != "TOTAL"]
    named = hs.names(products, "HS2002", coded["product"].unique())
    assert named.note.isna().all(), named[named.note.notna()]


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
