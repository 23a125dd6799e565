"""The bulk ingest: BACI files into the sorted Parquet store, resumable, all or nothing."""

from __future__ import annotations

import json

import duckdb
import pytest

from loaders import ingest
from loaders.__main__ import main
from loaders.errors import LoadError

HEADER = "t,i,j,k,v,q\n"
# 398 Kazakhstan, 643 Russia, 156 China, 810 the USSR (no country today: left out).
Y2020 = HEADER + "2020,398,643,10110,1.5,2\n2020,643,398,270900,10,\n2020,398,810,10110,3,1\n"
Y2021 = HEADER + "2021,398,156,260111,2.25,  3.000\n2021,156,398,847130,4,1\n"


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def rows(store, order):
    return duckdb.sql(
        f"SELECT reporter, partner, product, year, value, classification, source_id "
        f"FROM read_parquet('{store / order / '*.parquet'}')"
    ).fetchall()


def test_files_become_one_store_sorted_both_ways(tmp_path):
    first = write(tmp_path, "BACI_HS17_Y2020_V202401.csv", Y2020)
    second = write(tmp_path, "BACI_HS17_Y2021_V202401.csv", Y2021)
    report = ingest.ingest_baci([first, second], tmp_path / "store")
    assert report.staged == [first.name, second.name]
    assert report.rows == 4
    assert report.left_out == {first.name: {810: 1}}
    by_reporter = rows(tmp_path / "store", ingest.BY_REPORTER)
    assert by_reporter == [
        ("CHN", "KAZ", "847130", 2021, 4000.0, "HS2017", "baci-baci_hs17_y2021_v202401"),
        ("KAZ", "RUS", "010110", 2020, 1500.0, "HS2017", "baci-baci_hs17_y2020_v202401"),
        ("KAZ", "CHN", "260111", 2021, 2250.0, "HS2017", "baci-baci_hs17_y2021_v202401"),
        ("RUS", "KAZ", "270900", 2020, 10000.0, "HS2017", "baci-baci_hs17_y2020_v202401"),
    ]
    by_partner = rows(tmp_path / "store", ingest.BY_PARTNER)
    # By importer, then year: Kazakhstan's imports of 2020 before those of 2021.
    assert [(r[1], r[3], r[0]) for r in by_partner] == [
        ("CHN", 2021, "KAZ"),
        ("KAZ", 2020, "RUS"),
        ("KAZ", 2021, "CHN"),
        ("RUS", 2020, "KAZ"),
    ]
    manifest = ingest.read_manifest(tmp_path / "store")
    held = {(e["reporter"], e["flow"]): e["years"] for e in manifest["summary"]}
    assert held[("KAZ", "export")] == [2020, 2021]
    assert held[("KAZ", "import")] == [2020, 2021]
    sources = ingest.store_frames(tmp_path / "store").sources
    assert sources.source_id.tolist() == [
        "baci-baci_hs17_y2020_v202401",
        "baci-baci_hs17_y2021_v202401",
    ]
    assert sources.edition.tolist() == ["V202401", "V202401"]
    # Whatever DuckDB spilled while sorting is gone, and the database file is complete.
    assert not (tmp_path / "store" / ingest.SPILL).exists()
    tables = duckdb.connect(str(tmp_path / "store" / ingest.DATABASE), read_only=True).sql(
        "SELECT table_name FROM duckdb_tables() ORDER BY 1"
    )
    assert tables.fetchall() == [("by_partner",), ("by_reporter",)]


def test_a_second_run_skips_what_is_staged_and_takes_a_changed_file(tmp_path):
    first = write(tmp_path, "BACI_HS17_Y2020_V202401.csv", Y2020)
    ingest.ingest_baci([first], tmp_path / "store")
    again = ingest.ingest_baci([first], tmp_path / "store")
    assert (again.staged, again.skipped) == ([], [first.name])
    write(tmp_path, first.name, Y2020 + "2020,398,156,10110,7,1\n")
    changed = ingest.ingest_baci([first], tmp_path / "store")
    assert changed.staged == [first.name]
    assert changed.rows == 3


def test_a_bad_file_stops_the_run_and_leaves_the_store_as_it_was(tmp_path):
    good = write(tmp_path, "BACI_HS17_Y2020_V202401.csv", Y2020)
    ingest.ingest_baci([good], tmp_path / "store")
    before = rows(tmp_path / "store", ingest.BY_REPORTER)
    bad = write(tmp_path, "BACI_HS17_Y2021_V202401.csv", HEADER + "2021,398,156,26011X,1,1\n")
    with pytest.raises(LoadError, match="product codes k of up to six digits"):
        ingest.ingest_baci([bad], tmp_path / "store")
    assert rows(tmp_path / "store", ingest.BY_REPORTER) == before
    negative = write(tmp_path, "BACI_HS17_Y2022_V202401.csv", HEADER + "2022,398,156,1,-1,1\n")
    with pytest.raises(LoadError, match="values v of zero or more"):
        ingest.ingest_baci([negative], tmp_path / "store")


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("BACI_HS17_Y2020_V202401.csv", "t,i,j,x\n1,2,3,4\n", "BACI columns t, i, k and v"),
        ("trade.csv", Y2020, "the HS edition of the product codes"),
    ],
)
def test_files_that_are_not_baci_are_refused_by_name(tmp_path, name, text, expected):
    with pytest.raises(LoadError, match=expected) as error:
        ingest.ingest_baci([write(tmp_path, name, text)], tmp_path / "store")
    assert name in str(error.value)
    assert not ingest.is_store(tmp_path / "store")


def test_an_extract_without_a_partner_is_trade_with_the_world(realdata, tmp_path):
    ingest.ingest_baci([realdata / "baci" / "kaz_exports_2021.csv"], tmp_path / "store")
    found = duckdb.sql(
        f"SELECT DISTINCT reporter, partner, classification FROM "
        f"read_parquet('{tmp_path / 'store' / ingest.BY_REPORTER / '*.parquet'}')"
    ).fetchall()
    assert found == [("KAZ", "WLD", "HS2002")]


def test_the_extract_by_partner_sums_to_the_file(realdata, tmp_path):
    ingest.ingest_baci([realdata / "baci" / "kaz_partners_2021.csv"], tmp_path / "store")
    (total,) = duckdb.sql(
        f"SELECT sum(value) FROM read_parquet('{tmp_path / 'store' / ingest.BY_REPORTER}/*')"
        " WHERE reporter = 'KAZ' AND partner = 'RUS'"
    ).fetchone()
    assert total == pytest.approx(6_021_824_075.0, abs=0.5)


def test_the_command_line(tmp_path, capsys):
    first = write(tmp_path, "BACI_HS17_Y2020_V202401.csv", Y2020)
    status = main(["ingest", "baci", str(first), "--store", str(tmp_path / "store"), "--quiet"])
    assert status == 0
    said = capsys.readouterr().err
    assert "country codes no catalogue knows, left out: 810 (1 rows)" in said
    assert f"1 staged, 0 already staged; 2 rows -> {tmp_path / 'store'}" in said
    bad = write(tmp_path, "BACI_HS17_Y2021_V202401.csv", "t,i\n1,2\n")
    assert main(["ingest", "baci", str(bad), "--store", str(tmp_path / "store")]) == 2
    assert "BACI columns" in capsys.readouterr().err
    assert json.loads((tmp_path / "store" / ingest.MANIFEST).read_text())["rows"] == 2


COMTRADE = (
    "\t".join(
        [
            "typeCode",
            "freqCode",
            "refYear",
            "reporterISO",
            "flowCode",
            "partnerISO",
            "partner2Code",
            "classificationCode",
            "cmdCode",
            "customsCode",
            "motCode",
            "primaryValue",
        ]
    )
    + "\n"
)
COMTRADE_ROWS = [
    # Kazakhstan's exports of iron ore to Russia, and their breakdown by transport mode
    # (left out: the total already holds it), a re-export (left out) and a world total.
    "C\tA\t2021\tKAZ\tX\tRUS\t0\tH5\t260111\tC00\t0\t619256513.5",
    "C\tA\t2021\tKAZ\tX\tRUS\t0\tH5\t260111\tC00\t2100\t500000000",
    "C\tA\t2021\tKAZ\tRX\tRUS\t0\tH5\t260111\tC00\t0\t1000",
    "C\tA\t2021\tKAZ\tM\tW00\t0\tH5\t8471\tC00\t0\t2500000",
    # A code that lost its leading zero, a total and a monthly row (left out).
    "C\tA\t2021\tKAZ\tX\tCHN\t0\tH5\t10110\tC00\t0\t6765",
    "C\tA\t2021\tKAZ\tX\tCHN\t0\tH5\tTOTAL\tC00\t0\t9e9",
    "C\tM\t2021\tKAZ\tX\tCHN\t0\tH5\t260111\tC00\t0\t5",
    # An area that is no country: left out and reported.
    "C\tA\t2021\tKAZ\tX\tS19\t0\tH5\t260111\tC00\t0\t7",
]


def test_comtrade_bulk_files_keep_annual_totals_by_code(tmp_path):
    path = write(tmp_path, "TradeData_2021.txt", COMTRADE + "\n".join(COMTRADE_ROWS) + "\n")
    report = ingest.ingest_comtrade([path], tmp_path / "store")
    assert report.left_out == {path.name: {"S19": 1}}
    found = duckdb.sql(
        f"SELECT reporter, partner, flow, product, classification, value FROM "
        f"read_parquet('{tmp_path / 'store' / ingest.BY_REPORTER}/*') ORDER BY ALL"
    ).fetchall()
    assert found == [
        ("KAZ", "CHN", "export", "010110", "HS2017", 6765.0),
        ("KAZ", "RUS", "export", "260111", "HS2017", 619256513.5),
        ("KAZ", "WLD", "import", "8471", "HS2017", 2500000.0),
    ]
    (source,) = ingest.read_manifest(tmp_path / "store")["sources"]
    assert source["source_id"] == "un-comtrade-tradedata_2021"
    assert "breakdowns" in source["note"]


def test_comtrade_codes_as_reported_are_refused(tmp_path):
    row = "C\tA\t2021\tKAZ\tX\tRUS\t0\tHS\t260111\tC00\t0\t1"
    path = write(tmp_path, "TradeData_HS.txt", COMTRADE + row + "\n")
    with pytest.raises(LoadError, match="a classificationCode from H0") as error:
        ingest.ingest_comtrade([path], tmp_path / "store")
    assert "'HS'" in str(error.value)
