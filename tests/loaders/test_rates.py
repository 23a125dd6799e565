"""The ECB's reference rates: daily rates in, monthly and annual means out, as a source."""

from __future__ import annotations

import csv
import statistics
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from loaders import Frames, detect_format, load, rates, schema
from loaders.errors import LoadError
from loaders.upload import check_upload
from loaders.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
# Wide, N/A cells, every line ending with a comma, newest first: the ECB's own layout.
SMALL = (
    "Date,USD,RUB,JPY,\n"
    "2022-02-01,1.10,N/A,130,\n"
    "2022-01-03,1.20,100,N/A,\n"
    "2021-12-31,1.30,90,131,\n"
    "2021-06-01,1.40,80,129,\n"
    "2021-01-04,1.50,70,N/A,\n"
    "2020-12-31,1.60,N/A,128,\n"
)
MEAN = "mean of the ECB's daily reference rates"


def _small(tmp_path: Path, text: str = SMALL, name: str = "eurofxref-hist.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _rows(frame: pd.DataFrame, currency: str) -> list[tuple]:
    """(start, freq, rate, note) of one currency's rows, months before years."""
    rows = frame[frame.currency == currency]
    rows = rows.assign(months_first=rows.freq.map({"M": 0, "A": 1}))
    rows = rows.sort_values(["months_first", "period_start"])
    return [
        (r.period_start.strftime("%Y-%m-%d"), r.freq, pytest.approx(r.rate), r.note)
        for r in rows.itertuples()
    ]


@pytest.fixture(scope="module")
def ecb(realdata) -> Frames:
    return rates.load(realdata / "rates" / "eurofxref-hist.csv")


def _daily(realdata, currency: str, prefix: str) -> list[float]:
    """The file's daily rates of ``currency`` on dates starting ``prefix``, read plainly."""
    with (realdata / "rates" / "eurofxref-hist.csv").open(newline="", encoding="utf-8") as f:
        return [
            float(row[currency])
            for row in csv.DictReader(f)
            if row["Date"].startswith(prefix) and row[currency] != "N/A"
        ]


def _rate(frame: pd.DataFrame, currency: str, start: str, freq: str) -> pd.Series:
    row = frame[(frame.currency == currency) & (frame.period_start == start) & (frame.freq == freq)]
    assert len(row) == 1, row
    return row.iloc[0]


@pytest.mark.realdata
def test_known_means_of_the_real_file(ecb, realdata):
    table = ecb.rates
    usd_2021 = _rate(table, "USD", "2021-01-01", "A")
    daily = _daily(realdata, "USD", "2021")
    assert len(daily) == 258
    assert usd_2021.rate == statistics.fmean(daily)
    assert round(usd_2021.rate, 4) == 1.1827  # as the ECB publishes it (EXR.A.USD.EUR.SP00.A)
    assert usd_2021.note == f"{MEAN}, 258 of 258 days"
    january = _rate(table, "USD", "2021-01-01", "M")
    assert january.rate == statistics.fmean(_daily(realdata, "USD", "2021-01"))
    assert round(january.rate, 4) == 1.2171
    assert set(table.base) == {"EUR"}
    assert set(table.basis) == {"derived"}
    assert set(table.source_id) == {"ecb-euro-reference-rates-2025-05-09"}


@pytest.mark.realdata
def test_no_rate_is_invented(ecb):
    table = ecb.rates
    assert "KZT" not in set(table.currency)
    rub = table[table.currency == "RUB"]
    # The ECB suspended the rouble after 1 March 2022: March is one day's rate, then nothing.
    assert rub.period_end.max() == pd.Timestamp("2022-03-31")
    march = _rate(table, "RUB", "2022-03-01", "M")
    assert march.rate == 117.201
    assert march.note == f"{MEAN}, 1 of 23 days (no RUB rate on the others)"
    assert set(rub[rub.freq == "A"].period_start.dt.year) == set(range(2006, 2022))
    # 2025 is not over in a file ending on 9 May; May 2025 says so.
    assert table[(table.freq == "A")].period_start.max() == pd.Timestamp("2024-01-01")
    may = _rate(table, "USD", "2025-05-01", "M")
    assert may.note.endswith("the file ends on 2025-05-09, before the month ends")
    # Withdrawn currencies keep their rates up to their last day.
    assert _rate(table, "HRK", "2022-01-01", "A").rate > 7
    assert table[table.currency == "HRK"].period_end.max() == pd.Timestamp("2022-12-31")


@pytest.mark.realdata
def test_the_real_file_as_a_source(ecb):
    assert ecb.observations.empty
    source = ecb.sources.iloc[0]
    assert source.source_id == "ecb-euro-reference-rates-2025-05-09"
    assert source.publisher == "European Central Bank"
    assert source.title == "Euro foreign exchange reference rates"
    assert source.url == (
        "https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/"
    )
    assert source.kind == "database"
    assert source.dataset == "ecb-euro-reference-rates"
    assert source.edition == "2025-05-09"
    assert source.licence == "Reuse permitted with the European Central Bank named as the source"
    assert "A year is averaged only when" in source.note


def test_a_small_wide_file_newest_first(tmp_path):
    frames = rates.load(_small(tmp_path))
    table = frames.rates
    assert list(table.columns) == schema.RATE_COLUMNS
    assert _rows(table, "USD") == [
        (
            "2020-12-01",
            "M",
            1.6,
            f"{MEAN}, 1 of 1 days; the file starts on 2020-12-31, after the month begins",
        ),
        ("2021-01-01", "M", 1.5, f"{MEAN}, 1 of 1 days"),
        ("2021-06-01", "M", 1.4, f"{MEAN}, 1 of 1 days"),
        ("2021-12-01", "M", 1.3, f"{MEAN}, 1 of 1 days"),
        ("2022-01-01", "M", 1.2, f"{MEAN}, 1 of 1 days"),
        (
            "2022-02-01",
            "M",
            1.1,
            f"{MEAN}, 1 of 1 days; the file ends on 2022-02-01, before the month ends",
        ),
        # Only 2021 is a whole year in this file: it starts on 31 December 2020 and ends in 2022.
        ("2021-01-01", "A", 1.4, f"{MEAN}, 3 of 3 days"),
    ]
    assert _rows(table, "RUB") == [
        ("2021-01-01", "M", 70.0, f"{MEAN}, 1 of 1 days"),
        ("2021-06-01", "M", 80.0, f"{MEAN}, 1 of 1 days"),
        ("2021-12-01", "M", 90.0, f"{MEAN}, 1 of 1 days"),
        ("2022-01-01", "M", 100.0, f"{MEAN}, 1 of 1 days"),
        ("2021-01-01", "A", 80.0, f"{MEAN}, 3 of 3 days"),
    ]
    # JPY has no rate on 4 January 2021: no mean for 2021, the months it has.
    jpy = table[table.currency == "JPY"]
    assert jpy.freq.tolist() == ["M"] * 4
    assert frames.sources.source_id.tolist() == ["ecb-euro-reference-rates-2022-02-01"]
    assert frames.sources.locator.tolist() == ["eurofxref-hist.csv"]


def test_order_line_endings_and_trailing_commas_do_not_matter(tmp_path):
    lines = SMALL.splitlines()
    oldest_first = "\r\n".join([lines[0].rstrip(","), *[x.rstrip(",") for x in lines[:0:-1]]])
    other = rates.load(_small(tmp_path, "\ufeff" + oldest_first + "\r\n", "other.csv")).rates
    same = rates.load(_small(tmp_path)).rates
    assert other.equals(same)


def test_a_partial_month_says_how_many_days(tmp_path):
    text = "Date,USD,RUB,\n2022-03-02,1.1,N/A,\n2022-03-01,1.2,117.2,\n2022-02-28,1.3,99,\n"
    # A file starting on 28 February covers none of February before it.
    table = rates.load(_small(tmp_path, text)).rates
    assert _rate(table, "RUB", "2022-03-01", "M").note == (
        f"{MEAN}, 1 of 2 days (no RUB rate on the others); "
        "the file ends on 2022-03-02, before the month ends"
    )
    assert _rate(table, "USD", "2022-03-01", "M").rate == pytest.approx(1.15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Date,USD,\n2021-01-04,abc,\n",
            "bad.csv: row 2, column 'USD': expected a rate such as 1.1252, or N/A, found 'abc'",
        ),
        (
            "Date,USD,JPY,\n2021-01-05,1.1,130,\n2021-01-04,1.2,0,\n",
            "bad.csv: row 3, column 'JPY': expected a rate above zero, or N/A, found '0'",
        ),
        (
            "Date,USD,\n2021-01-04,-1.2,\n",
            "bad.csv: row 2, column 'USD': expected a rate such as 1.1252, or N/A, found '-1.2'",
        ),
        (
            "Date,USD,\n04/01/2021,1.2,\n",
            "bad.csv: row 2, column 'Date': expected a date YYYY-MM-DD, found '04/01/2021'",
        ),
        (
            "Date,USD,\n2021-02-30,1.2,\n",
            "bad.csv: row 2, column 'Date': expected a date YYYY-MM-DD, found '2021-02-30'",
        ),
        (
            "Date,USD,\n2021-01-04,1.2,\n2021-01-04,1.3,\n",
            "bad.csv: row 3, column 'Date': expected one row per date, found '2021-01-04' "
            "(also on row 2)",
        ),
        (
            "Date,USD,\n2021-01-04,1.2,3.4,\n",
            "bad.csv: row 2: expected 2 fields as in the header, found '3 fields'",
        ),
        (
            "Date,USD,XYZ,\n2021-01-04,1.2,3.4,\n",
            "bad.csv: cell C1: expected an ISO 4217 currency code such as USD, found 'XYZ'",
        ),
        (
            "Date,USD,USD,\n2021-01-04,1.2,3.4,\n",
            "bad.csv: cell C1: expected each currency in one column, found 'USD'",
        ),
        (
            "Date,USD,,JPY\n2021-01-04,1.2,3.4,5\n",
            "bad.csv: cell C1: expected an ISO 4217 currency code such as USD, "
            "found 'an empty header cell'",
        ),
        ("Date,USD,\n", "bad.csv: expected at least one daily rate below the header"),
        (
            "Date,USD,\n2021-01-04,N/A,\n",
            "bad.csv: expected at least one daily rate below the header",
        ),
        (
            "Day,USD,\n2021-01-04,1.2,\n",
            "bad.csv: row 1: expected a header starting with Date, then currency codes "
            "(Date,USD,JPY,...), found 'Day,USD'",
        ),
        ("", "bad.csv: expected a non-empty file"),
        (
            "\nDate,USD\n2021-01-04,1.2\n",
            "bad.csv: row 1: expected a header starting with Date, then currency codes "
            "(Date,USD,JPY,...)",
        ),
    ],
)
def test_malformed_files_give_one_error_naming_the_place(tmp_path, text, expected):
    with pytest.raises(LoadError) as error:
        rates.load(_small(tmp_path, text, "bad.csv"))
    assert str(error.value) == expected


def test_detected_by_content(tmp_path):
    assert detect_format(_small(tmp_path, SMALL, "renamed.txt")) == "rates"
    assert rates.looks_like_rates(["Date", "USD", "JPY", ""])
    assert rates.looks_like_rates(["\ufeffDate".lstrip("\ufeff"), "HRK"])
    assert not rates.looks_like_rates(["Date", "value"])
    assert not rates.looks_like_rates(["Date"])
    assert not rates.looks_like_rates(["Date", "ABC", "XYZ"])
    with pytest.raises(LoadError, match="a file in a known format"):
        detect_format(_small(tmp_path, "Date,Value\n2021-01-04,5\n", "other.csv"))


@pytest.mark.realdata
def test_the_real_file_is_detected(realdata):
    assert detect_format(realdata / "rates" / "eurofxref-hist.csv") == "rates"


def test_rates_need_their_source(tmp_path):
    frames = rates.load(_small(tmp_path))
    orphan = Frames(rates=frames.rates)
    with pytest.raises(LoadError, match="every rates.source_id listed in sources"):
        orphan.validated("orphan")
    # Two editions of the file stack: each rate keeps its own vintage.
    newer = rates.load(_small(tmp_path, SMALL.replace("2022-02-01", "2022-02-02"), "newer.csv"))
    both = Frames.concat([frames, newer]).validated("both")
    assert both.rates.source_id.nunique() == 2
    assert len(both.rates) == 2 * len(frames.rates)


def test_command_line_writes_the_rates(tmp_path):
    out = tmp_path / "rates-out.csv"
    sources = tmp_path / "sources-out.csv"
    for fmt in ("rates", "auto"):
        command = ["load", str(_small(tmp_path)), "--format", fmt, "--out", str(out)]
        result = subprocess.run(
            [sys.executable, "-m", "loaders", *command, "--sources-out", str(sources)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        written = pd.read_csv(out)
        assert list(written.columns) == schema.RATE_COLUMNS
        assert len(written) == 16
        assert result.stderr.strip() == f"eurofxref-hist.csv: 16 rates -> {out}"
        assert pd.read_csv(sources).publisher.tolist() == ["European Central Bank"]


def test_an_uploaded_rates_file_is_something_to_keep():
    report = check_upload("eurofxref-hist.csv", SMALL.encode(), "tester")
    assert report.error is None
    assert report.format == "rates"
    assert (report.figures, report.rates, report.accepted, report.ok) == (0, 16, 16, True)


def test_load_chooses_the_rates_loader(tmp_path):
    assert len(load(_small(tmp_path)).rates) == 16
    assert len(load(_small(tmp_path), "rates").rates) == 16


def test_the_workspace_keeps_rates_beside_figures(tmp_path):
    ecb = rates.load(_small(tmp_path))
    figures = load(
        _small(
            tmp_path,
            "reporter,partner,flow,period,value,currency,"
            "source_publisher,source_title\nKAZ,CHN,export,2021,5,USD,A,T\n",
            "figures.csv",
        )
    )
    space = Workspace(tmp_path / "workspace")
    space.save("Both", Frames.concat([figures, ecb]), "both.csv", "rates", "tester")
    kept = space.frames()
    assert len(kept.rates) == len(ecb.rates)
    assert set(kept.rates.source_id) == {"both:ecb-euro-reference-rates-2022-02-01"}
    # The held (checked, not yet kept) report carries its rates too.
    report = check_upload("eurofxref-hist.csv", SMALL.encode(), "tester")
    taken = space.take(space.hold(report, "tester"), "tester")
    assert taken is not None
    assert (taken.rates, taken.accepted) == (16, 16)


def test_a_file_of_rates_alone_can_be_kept(tmp_path):
    report = check_upload("eurofxref-hist.csv", SMALL.encode(), "tester")
    assert report.frames is not None
    space = Workspace(tmp_path / "workspace")
    info = space.save("ECB", report.frames, report.file, "rates", "tester")
    assert info.observations == 16  # what the dataset gives: its rates
    assert len(space.frames().rates) == 16
    space.close()


def _resaved_in_a_russian_locale(text: str) -> str:
    """SMALL as Excel in a Russian locale saves it: ``;``, decimal commas, 01.02.2022."""
    lines = []
    for line in text.splitlines():
        first, *rest = line.split(",")
        if first[:1].isdigit():
            year, month, day = first.split("-")
            first = f"{day}.{month}.{year}"
        lines.append(";".join([first, *(cell.replace(".", ",") for cell in rest)]))
    return "\r\n".join(lines) + "\r\n"


def test_a_file_resaved_by_excel_in_a_russian_locale_gives_the_same_rates(tmp_path):
    resaved_text = _resaved_in_a_russian_locale(SMALL)
    assert resaved_text.splitlines()[1] == "01.02.2022;1,10;N/A;130;"
    (tmp_path / "resaved").mkdir()
    resaved = tmp_path / "resaved" / "eurofxref-hist.csv"
    resaved.write_bytes(b"\xef\xbb\xbf" + resaved_text.encode("utf-8"))
    expected = rates.load(_small(tmp_path))
    frames = rates.load(resaved)
    pd.testing.assert_frame_equal(frames.rates, expected.rates)
    pd.testing.assert_frame_equal(frames.sources, expected.sources)


def test_a_rate_of_one_separator_before_three_digits_is_read_by_its_column(tmp_path):
    # 1,125 after ``;`` is 1.125; a column of points makes 1.125 one and a fraction too.
    text = "Date;USD;JPY;\n2021-01-05;1,125;130,5;\n2021-01-04;1,25;131;\n"
    daily = rates.read_daily(_small(tmp_path, text))
    assert daily.rates == {
        "USD": {date(2021, 1, 5): 1.125, date(2021, 1, 4): 1.25},
        "JPY": {date(2021, 1, 5): 130.5, date(2021, 1, 4): 131.0},
    }
    points = "Date;USD;\n2021-01-05;1.125;\n2021-01-04;1.1234;\n"
    assert rates.read_daily(_small(tmp_path, points)).rates["USD"][date(2021, 1, 5)] == 1.125


def test_the_fit_of_a_rates_file_is_complete_in_either_dialect(tmp_path):
    for text in (SMALL, _resaved_in_a_russian_locale(SMALL)):
        found = rates.fit(tmp_path / "eurofxref-hist.csv", text)
        assert (found.format, found.complete) == (rates.FORMAT, True)


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        # A Date column alone makes no table of rates: no codes, so no rates under them.
        (
            "Date,Value\n2021-01-04,5\n",
            [
                "a header of Date, then currency codes (Date,USD,JPY,...)",
                "rates such as 1.1252 or N/A under the currency codes",
            ],
        ),
        ("Date,USD\n04/01/2021,1.2\n", ["dates such as 1999-01-04 down the first column"]),
        ("Date,USD\n2021-01-04,abc\n", ["rates such as 1.1252 or N/A under the currency codes"]),
    ],
)
def test_the_fit_says_what_a_file_misses(tmp_path, text, missing):
    assert rates.fit(tmp_path / "other.csv", text).missing == missing
