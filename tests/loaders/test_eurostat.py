"""Eurostat Comext loader: real monthly extracts, aggregate members, re-saved headers."""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
import pytest

from loaders import Frames, eurostat
from loaders.errors import LoadError

HEADER = "REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR\n"
EU27 = (
    '"European Union - 27 countries (AT, BE, BG, CY, CZ, DE, DK, EE, ES, FI, FR, GR, HR, HU, '
    'IE, IT, LT, LU, LV, MT, NL, PL, PT, RO, SE, SI, SK)"'
)


@pytest.fixture(scope="module")
def all_months(realdata) -> Frames:
    files = sorted((realdata / "eurostat").glob("*.csv"))
    return Frames.concat([eurostat.load(f) for f in files]).validated("eurostat")


@pytest.mark.realdata
def test_sixty_months_of_eu_exports_to_kazakhstan(all_months):
    obs = all_months.observations
    assert obs.period_start.min() == pd.Timestamp("2019-01-01")
    assert obs.period_start.max() == pd.Timestamp("2023-12-01")
    assert obs.period_start.nunique() == 60
    assert set(obs.partner) == {"KAZ"}
    assert set(obs.flow) == {"export"}
    assert set(obs.currency) == {"EUR"}
    assert set(obs.freq) == {"M"}
    assert set(obs[obs.reporter_is_aggregate].reporter) == {"EU", "EU27", "EA", "EA20"}
    assert {"DEU", "FRA", "ITA", "IRL", "ESP", "BEL"} <= set(obs.reporter)
    germany = obs[(obs.reporter == "DEU") & (obs.period_start == "2023-12-01")]
    assert germany.value.iloc[0] == 213_403_497
    # Comext gives whole euros: every figure's rounding step is one euro.
    assert set(obs.precision) == {1.0}


@pytest.mark.realdata
def test_every_aggregate_equals_the_sum_of_the_members_its_name_lists(all_months):
    obs, members = all_months.observations, all_months.aggregate_members
    checked = 0
    for (code, start), group in obs[obs.reporter_is_aggregate].groupby(
        ["reporter", "period_start"]
    ):
        listed = members[
            (members.aggregate_code == code)
            & (members.valid_from.isna() | (members.valid_from <= start))
            & (members.valid_to.isna() | (members.valid_to >= start))
        ].member
        parts = obs[(obs.period_start == start) & obs.reporter.isin(listed)]
        assert not parts.reporter_is_aggregate.any()
        assert group.value.iloc[0] == pytest.approx(parts.value.sum(), abs=1), (code, start)
        checked += 1
    assert checked == 240  # 4 aggregates x 60 months


@pytest.mark.realdata
def test_membership_dates_follow_the_file(all_months):
    members = all_months.aggregate_members
    uk = members[(members.aggregate_code == "EU") & (members.member == "GBR")].iloc[0]
    assert uk.valid_to == pd.Timestamp("2020-01-31")
    croatia = members[(members.aggregate_code == "EA") & (members.member == "HRV")].iloc[0]
    assert croatia.valid_from == pd.Timestamp("2023-01-01")
    assert len(members[members.aggregate_code == "EU27"]) == 27


def test_members_parser():
    assert eurostat.members("Euro area (AT-01/1999, HR-01/2023)") == [
        ("AUT", date(1999, 1, 1), None),
        ("HRV", date(2023, 1, 1), None),
    ]
    assert eurostat.members("European Union (GB-01/1973->01/2020)") == [
        ("GBR", date(1973, 1, 1), date(2020, 1, 31))
    ]
    assert eurostat.members("Germany (incl. German Democratic Republic 'DD' from 1991)") == []


def test_resaved_file_with_bom_other_case_and_column_order(tmp_path):
    path = tmp_path / "comext export.csv"
    path.write_text(
        "\ufeffPeriod,Reporter,Partner,Product,Flow,Stat procedure,Value in EUR\n"
        '"202301-Jan. 2023","Germany (incl. German Democratic Republic \'DD\' from 1991)",'
        '"Kazakhstan","TOTAL-Total","2-EXPORT","T-Total",1000\n'
        '"202301-Jan. 2023","France","Kazakhstan","TOTAL-Total","2-EXPORT","1-Normal",5\n'
        '"202301-Jan. 2023","Italy","Kazakhstan","TOTAL-Total","2-EXPORT","T-Total",:\n',
        encoding="utf-8",
    )
    frames = eurostat.load(path)
    obs = frames.observations
    assert list(obs.reporter) == ["DEU"]  # France: a procedure, not the total; Italy: no value
    assert obs.locator[0] == "comext export.csv, row 2"
    assert frames.sources.source_id[0].startswith("eurostat-comext-")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('"Germany","Kazakhstan","TOTAL-Total","2-EXPORT","T-Total","Jan 2023",5', "a period like"),
        (
            '"Germany","Kazakhstan","TOTAL-Total","9-OTHER","T-Total","202301",5',
            "a flow '1-IMPORT'",
        ),
        (
            '"Germany","Kazakhstan","TOTAL-Total","2-EXPORT","T-Total","202301",abc',
            "a number of euros",
        ),
        ('"Germany","Kazakhstan","TOTAL-Total","2-EXPORT","T-Total","202301"', "7 fields"),
        (
            '"Narnia","Kazakhstan","TOTAL-Total","2-EXPORT","T-Total","202301",5',
            "'Narnia' at bad.csv, row 2",
        ),
        ('"Germany","Kazakhstan","TOTAL-Total","2-EXPORT","T-Total","202301",-5', "value = -5.0"),
        (
            '"Germany","Kazakhstan","TOTAL-Total","2-EXPORT","T-Total","202301",nan',
            "column 'VALUE_IN_EUR': expected a number of euros, found 'nan'",
        ),
        (
            '"Germany","Kazakhstan","TOTAL-Total","2-EXPORT","T-Total","202301",1e400',
            "expected a number of euros, found '1e400'",
        ),
    ],
)
def test_bad_rows(tmp_path, line, expected):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + line + "\n", encoding="utf-8")
    with pytest.raises(LoadError, match="bad.csv") as error:
        eurostat.load(path)
    assert expected in str(error.value)


def test_precision_is_the_decimals_written(tmp_path):
    path = tmp_path / "cents.csv"
    rows = ['"Germany","Kazakhstan","TOTAL-Total","2-EXPORT","T-Total","202301",1000.50']
    rows.append('"France","Kazakhstan","TOTAL-Total","2-EXPORT","T-Total","202301",1000')
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    obs = eurostat.load(path).observations.set_index("reporter")
    assert obs.precision.to_dict() == {"DEU": 0.01, "FRA": 1.0}
    assert obs.value.to_dict() == {"DEU": 1000.5, "FRA": 1000.0}


def test_missing_columns(tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text("REPORTER,PARTNER,VALUE\nGermany,Kazakhstan,5\n", encoding="utf-8")
    with pytest.raises(LoadError, match="missing PRODUCT, FLOW, PERIOD, VALUE_IN_EUR"):
        eurostat.load(path)


def test_aggregate_reporter_is_flagged(tmp_path):
    path = tmp_path / "eu.csv"
    path.write_text(
        HEADER + EU27 + ',"Kazakhstan","TOTAL-Total","2-EXPORT","T-Total","202301",9\n',
        encoding="utf-8",
    )
    frames = eurostat.load(path)
    assert frames.observations.reporter_is_aggregate.tolist() == [True]
    assert frames.observations.reporter.tolist() == ["EU27"]
    assert len(frames.aggregate_members) == 27


def _resaved_in_a_russian_locale(text: str) -> str:
    """The CSV as Excel in a Russian locale saves it: ``;``-separated, quoted only where a
    field holds a ``;`` or a quote, decimal commas, thousands grouped by no-break spaces."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in csv.reader(io.StringIO(text)):
        if row[-1].replace(".", "").isdigit():
            whole, _, fraction = row[-1].partition(".")
            row[-1] = f"{int(whole):,}".replace(",", "\u00a0") + (
                "," + fraction if fraction else ""
            )
        writer.writerow(row)
    return out.getvalue()


COMEXT = HEADER + (
    EU27 + ',"Kazakhstan","TOTAL-Total","2-EXPORT","T-Total","202301-Jan. 2023",1234567\n'
    '"Germany","Kazakhstan","TOTAL-Total","2-EXPORT","T-Total","202301-Jan. 2023",1000.50\n'
    '"France","Kazakhstan","27-MINERAL FUELS","2-EXPORT","T-Total","202352-Jan.-Dec. 2023",1.5\n'
)


def test_a_file_resaved_by_excel_in_a_russian_locale_loads_the_same(tmp_path):
    (tmp_path / "comma").mkdir()
    (tmp_path / "resaved").mkdir()
    # Named as Comext names an extraction, so both are the same edition of one source.
    name = "Relational_View_2024-11-17T07_27_28.680Z.csv"
    comma = tmp_path / "comma" / name
    comma.write_text(COMEXT, encoding="utf-8")
    resaved = tmp_path / "resaved" / name
    resaved.write_bytes(_resaved_in_a_russian_locale(COMEXT).encode("cp1251"))
    assert "1\u00a0000,50" in resaved.read_bytes().decode("cp1251")
    expected = eurostat.load(comma)
    assert expected.observations.value.tolist() == [1234567.0, 1000.5, 1.5]
    assert expected.observations.precision.tolist() == [1.0, 0.01, 0.1]
    frames = eurostat.load(resaved)
    pd.testing.assert_frame_equal(frames.observations, expected.observations)
    pd.testing.assert_frame_equal(frames.aggregate_members, expected.aggregate_members)
    pd.testing.assert_frame_equal(frames.sources, expected.sources)


def test_the_fit_of_a_comext_file_is_complete_in_either_dialect(tmp_path):
    for text in (COMEXT, _resaved_in_a_russian_locale(COMEXT)):
        found = eurostat.fit(tmp_path / "comext.csv", text)
        assert (found.format, found.complete) == ("eurostat", True)


def test_the_fit_of_other_csv_files_says_what_they_miss(tmp_path):
    template_like = (
        "reporter,partner,product,flow,period,value,currency\nKAZ,CHN,TOTAL,export,2021-03,5,USD\n"
    )
    assert eurostat.fit(tmp_path / "t.csv", template_like).missing == [
        "the Comext columns REPORTER, PARTNER, PERIOD and VALUE_IN_EUR",
        "periods like '201901-Jan. 2019' in the PERIOD column",
    ]
    rates_like = "Date,USD\n2021-01-04,1.2\n"
    assert eurostat.fit(tmp_path / "r.csv", rates_like).found == []
