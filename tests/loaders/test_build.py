"""`make data`: the shipped official CSVs are exactly what the loaders make of the raw files."""

from __future__ import annotations

import shutil
from pathlib import Path

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
