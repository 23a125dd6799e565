"""Comtrade loader: Comtrade+ JSON, its 47-column CSV, and the legacy 22/35-column CSV."""

from __future__ import annotations

import csv
import json

import pytest

from loaders import comtrade
from loaders.errors import LoadError

LEGACY_22 = (
    "Classification,Year,Period,Period Desc.,Aggregate Level,Is Leaf Code,Trade Flow Code,"
    "Trade Flow,Reporter Code,Reporter,Reporter ISO,Partner Code,Partner,Partner ISO,"
    "Commodity Code,Commodity,Qty Unit Code,Qty Unit,Qty,Netweight (kg),Trade Value (US$),Flag"
)
LEGACY_35 = (
    "Classification,Year,Period,Period Desc.,Aggregate Level,Is Leaf Code,Trade Flow Code,"
    "Trade Flow,Reporter Code,Reporter,Reporter ISO,Partner Code,Partner,Partner ISO,"
    "2nd Partner Code,2nd Partner,2nd Partner ISO,Customs Proc. Code,Customs,"
    "Mode of Transport Code,Mode of Transport,Commodity Code,Commodity,Qty Unit Code,Qty Unit,"
    "Qty,Alt Qty Unit Code,Alt Qty Unit,Alt Qty,Netweight (kg),Gross weight (kg),"
    "Trade Value (US$),CIF Trade Value (US$),FOB Trade Value (US$),Flag"
)


@pytest.mark.realdata
def test_comtrade_plus_json(realdata):
    frames = comtrade.load(realdata / "comtrade" / "HS-60a6ad.json")
    obs = frames.observations.set_index(["partner", "flow"])
    assert len(obs) == 4
    assert obs.loc[("ARG", "import"), "value"] == 6_804_128_143.0
    assert obs.loc[("DEU", "export"), "value"] == 68_047_133_397.0
    assert set(frames.observations.reporter) == {"CHN"}
    assert set(frames.observations.freq) == {"A"}
    assert "CIF" in frames.sources.note[0]
    # JSON numbers such as 6804128143.0: whole dollars, a step of one.
    assert set(frames.observations.precision) == {1.0}


@pytest.mark.realdata
def test_comtrade_plus_csv_with_47_columns(realdata, tmp_path):
    records = json.loads((realdata / "comtrade" / "HS-60a6ad.json").read_text())["data"]
    assert len(records[0]) == 47
    path = tmp_path / "TradeData.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)
    obs = comtrade.load(path).observations
    assert sorted(obs.value) == sorted(r["primaryValue"] for r in records)


def test_legacy_22_column_csv(tmp_path):
    path = tmp_path / "legacy.csv"
    path.write_text(
        LEGACY_22 + "\n"
        "HS,2021,2021,2021,0,0,2,Export,398,Kazakhstan,KAZ,643,Russian Federation,RUS,"
        "TOTAL,All Commodities,1,No Quantity,,,7000000000,0\n"
        "HS,2021,2021,2021,0,0,1,Import,398,Kazakhstan,KAZ,0,World,WLD,"
        "TOTAL,All Commodities,1,No Quantity,,,41000000000,0\n"
        "HS,2021,2021,2021,0,0,3,Re-Export,398,Kazakhstan,KAZ,643,Russian Federation,RUS,"
        "TOTAL,All Commodities,1,No Quantity,,,5,0\n",
        encoding="utf-8",
    )
    frames = comtrade.load(path)
    obs = frames.observations
    assert list(obs.partner) == ["RUS", "WLD"]
    assert list(obs.partner_is_aggregate) == [False, True]
    assert "1 breakdown or re-export" in frames.sources.note[0]


def test_legacy_35_column_csv_keeps_totals_only(tmp_path):
    row = (
        "HS,202103,202103,March 2021,0,0,{flow},{flow_name},398,Kazakhstan,KAZ,643,Russia,RUS,"
        "0,World,WLD,{customs},TOTAL CPC,{mot},TOTAL MOT,TOTAL,All,1,,,,,,,,{value},,,0"
    )
    path = tmp_path / "legacy35.csv"
    path.write_text(
        "\n".join(
            [
                LEGACY_35,
                row.format(flow=2, flow_name="Export", customs="C00", mot=0, value=100),
                row.format(flow=2, flow_name="Export", customs="C00", mot=2100, value=60),
            ]
        ),
        encoding="utf-8",
    )
    obs = comtrade.load(path).observations
    assert len(LEGACY_35.split(",")) == 35
    assert obs.value.tolist() == [100.0]
    assert obs.precision.tolist() == [1.0]
    assert obs.freq.tolist() == ["M"]
    assert str(obs.period_end[0].date()) == "2021-03-31"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"data": [', "valid JSON"),
        ('{"error": "rate limit", "data": []}', "without an error, found 'rate limit'"),
        ('{"count": 0}', "a 'data' list of records"),
        ('{"data": []}', "at least one Comtrade record"),
        (
            '{"data": [{"reporterISO": "KAZ", "partnerISO": "ZZZ", "partnerDesc": "Oz", '
            '"flowCode": "X", "cmdCode": "TOTAL", "primaryValue": 1, "period": "2021"}]}',
            "1 unmapped (add them to loaders/country_overrides.csv if they are real "
            "countries) ('Oz' at bad.json, record 1)",
        ),
        (
            '{"data": [{"reporterISO": "KAZ", "partnerISO": "RUS", "flowCode": "X", '
            '"cmdCode": "TOTAL", "primaryValue": "lots", "period": "2021"}]}',
            "a trade value in US dollars, found 'lots'",
        ),
        (
            '{"data": [{"reporterISO": "KAZ", "partnerISO": "RUS", "flowCode": "X", '
            '"cmdCode": "TOTAL", "primaryValue": 1, "period": "21"}]}',
            "a period 'YYYY' or 'YYYYMM'",
        ),
        (
            '{"data": [{"reporterISO": "KAZ", "partnerISO": "RUS", "flowCode": "X", '
            '"cmdCode": "TOTAL", "primaryValue": NaN, "period": "2021"}]}',
            "a trade value in US dollars, found 'nan'",
        ),
    ],
)
def test_bad_comtrade_json(tmp_path, content, expected):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LoadError, match="bad.json") as error:
        comtrade.load(path)
    assert expected in str(error.value)


def test_precision_is_the_value_s_digits(tmp_path):
    json_path = tmp_path / "cents.json"
    record = {"reporterISO": "KAZ", "partnerISO": "RUS", "flowCode": "X", "cmdCode": "TOTAL"}
    json_path.write_text(
        json.dumps({"data": [{**record, "primaryValue": 1234.56, "period": "2021"}]}),
        encoding="utf-8",
    )
    assert comtrade.load(json_path).observations.precision.tolist() == [0.01]
    csv_path = tmp_path / "tenths.csv"
    csv_path.write_text(
        "reporterISO,partnerISO,flowCode,cmdCode,primaryValue,period\n"
        "KAZ,RUS,X,TOTAL,1234.50,2021\nKAZ,RUS,M,TOTAL,1234,2021\n",
        encoding="utf-8",
    )
    obs = comtrade.load(csv_path).observations.set_index("flow")
    # Text keeps the decimals written, trailing zero included.
    assert obs.precision.to_dict() == {"export": 0.01, "import": 1.0}


def _product_rows(tmp_path, *rows: dict) -> object:
    base = {
        "reporterISO": "KAZ",
        "partnerISO": "RUS",
        "flowCode": "X",
        "period": "2021",
        "primaryValue": 5,
    }
    path = tmp_path / "products.json"
    path.write_text(json.dumps({"data": [{**base, **row} for row in rows]}), encoding="utf-8")
    return path


def test_product_codes_carry_their_hs_edition(tmp_path):
    path = _product_rows(
        tmp_path,
        {"cmdCode": "TOTAL", "classificationCode": "H5"},
        {"cmdCode": "27", "classificationCode": "H5", "flowCode": "M"},
        {"cmdCode": "270900", "classificationCode": "H6"},
        # A spreadsheet took the leading zero of 010121.
        {"cmdCode": "10121", "classificationCode": "H0", "isOriginalClassification": False},
    )
    obs = comtrade.load(path).observations
    rows = obs[["product", "classification", "note"]].astype(object)
    assert rows.where(rows.notna(), None).values.tolist() == [
        ["TOTAL", None, None],
        ["27", "HS2017", None],
        ["270900", "HS2022", None],
        [
            "010121",
            "HS1992",
            "converted by UN Comtrade into HS1992 from the reporter's own classification "
            "(isOriginalClassification = false)",
        ],
    ]


def test_all_commodities_is_the_total_whatever_its_classification(tmp_path):
    path = _product_rows(tmp_path, {"cmdCode": "ALL", "classificationCode": "HS"})
    obs = comtrade.load(path).observations
    assert obs["product"].tolist() == ["TOTAL"]
    assert obs.classification.isna().all()


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("HS", "found 'HS' (record 1; 'HS' (as reported) does not say which edition"),
        ("S4", "found 'S4' (record 1)"),
        ("", "column 'classificationCode': expected the HS edition of each product code"),
    ],
)
def test_a_product_code_of_no_one_hs_edition_is_refused(tmp_path, code, expected):
    path = _product_rows(tmp_path, {"cmdCode": "2709", "classificationCode": code})
    with pytest.raises(LoadError) as error:
        comtrade.load(path)
    assert "expected the HS edition of each product code: a classificationCode from H0" in str(
        error.value
    )
    assert expected in str(error.value)


def test_legacy_csv_classification_column(tmp_path):
    path = tmp_path / "legacy.csv"
    path.write_text(
        LEGACY_22 + "\n"
        "H4,2021,2021,2021,2,0,2,Export,398,Kazakhstan,KAZ,643,Russian Federation,RUS,"
        "27,Mineral fuels,1,No Quantity,,,7000000000,0\n",
        encoding="utf-8",
    )
    obs = comtrade.load(path).observations
    assert obs[["product", "classification"]].values.tolist() == [["27", "HS2012"]]


@pytest.mark.realdata
def test_real_totals_have_no_classification(realdata):
    obs = comtrade.load(realdata / "comtrade" / "HS-60a6ad.json").observations
    assert set(obs["product"]) == {"TOTAL"}
    assert obs.classification.isna().all()
