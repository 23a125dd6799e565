"""SDMX loader: IMF IMTS and Eurostat Comext messages in SDMX-ML, SDMX-JSON and SDMX-CSV."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from loaders import comtrade, sdmx
from loaders.errors import LoadError

IMTS_FILE = "openbb__IMTS_USA_XG_FOB_USD_G001+G998_A_2023-2024.xml"
CL_COUNTRY = "imfp__14e50f5a89c96818bae9865a23f2a7e37d69dbac07fc8184619c7c1e2d45b30d.json"
WHDREO = "imfp__9dcba8af9204df16738980adae12af854af8bea8ed129105e8d39692a1fb5b3e.json"

# Hand-made from Eurostat's published Comext structure (dataflow DS-045409: freq, reporter,
# partner, product, flow 1 import / 2 export, indicators), in the layout of Eurostat's SDMX
# 2.1 structure-specific replies (as sdmx-test-data's NAMA_10_GDP-ss.xml): not a real reply.
COMEXT_XML = """<?xml version="1.0" encoding="UTF-8"?>
<m:StructureSpecificData xmlns:m="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
 xmlns:s="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific"
 xmlns:u="urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=ESTAT:DS-045409(1.0):ObsLevelDim:TIME_PERIOD"
 xmlns:c="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <m:Header>
    <m:ID>HANDMADE</m:ID><m:Test>false</m:Test>
    <m:Prepared>2024-11-17T07:27:28Z</m:Prepared>
    <m:Sender id="ESTAT"/>
    <m:Structure dimensionAtObservation="TIME_PERIOD" structureID="STR1">
      <c:StructureUsage><Ref id="DS-045409" agencyID="ESTAT" version="1.0"/></c:StructureUsage>
    </m:Structure>
  </m:Header>
  <u:DataSet s:structureRef="STR1" s:dataScope="DataStructure" xsi:type="u:DataSetType">
    <Series freq="M" reporter="DE" partner="KZ" product="TOTAL" flow="2"
     indicators="VALUE_IN_EUROS">
      <Obs TIME_PERIOD="2022-01" OBS_VALUE="123456789"/>
      <Obs TIME_PERIOD="2022-02" OBS_VALUE="98765432.5"/>
    </Series>
    <Series freq="M" reporter="EL" partner="KZ" product="TOTAL" flow="1"
     indicators="VALUE_IN_EUROS">
      <Obs TIME_PERIOD="2022-01" OBS_VALUE="4500"/>
    </Series>
    <Series freq="M" reporter="DE" partner="KZ" product="TOTAL" flow="2"
     indicators="QUANTITY_IN_100KG">
      <Obs TIME_PERIOD="2022-01" OBS_VALUE="777"/>
    </Series>
  </u:DataSet>
</m:StructureSpecificData>
"""
# Hand-made SDMX-CSV 1.0 in the layout of Eurostat's 2.1 API (DATAFLOW, LAST UPDATE, then
# the lower-case dimensions): aggregates, Eurostat's EL/UK, a partner grouping we do not map.
COMEXT_CSV = (
    "DATAFLOW,LAST UPDATE,freq,reporter,partner,product,flow,indicators,TIME_PERIOD,OBS_VALUE,"
    "OBS_FLAG\n"
    """ESTAT:DS-045409(1.0),17/11/24,M,EU27_2020,KZ,TOTAL,2,VALUE_IN_EUROS,2022-01,1500000000,
ESTAT:DS-045409(1.0),17/11/24,M,EA20,KZ,TOTAL,2,VALUE_IN_EUROS,2022-01,1200000000,
ESTAT:DS-045409(1.0),17/11/24,M,UK,KZ,27,1,VALUE_IN_EUROS,2022-01,42,
ESTAT:DS-045409(1.0),17/11/24,M,DE,EXT_EU27_2020,TOTAL,2,VALUE_IN_EUROS,2022-01,9,
ESTAT:DS-045409(1.0),17/11/24,M,FR,KZ,TOTAL,2,VALUE_IN_EUROS,2022-01,:,c
"""
)
# Hand-made SDMX-CSV 2.0 of IMTS in the IMF's codes: a balance (not a flow of ours), a
# quarter, an unmapped group (G110 Advanced Economies) and UNIT_MULT 3 (thousands).
IMTS_CSV = (
    "STRUCTURE,STRUCTURE_ID,ACTION,COUNTRY,INDICATOR,COUNTERPART_COUNTRY,FREQUENCY,TIME_PERIOD,"
    "OBS_VALUE,UNIT_MULT\n"
    """dataflow,IMF.STA:IMTS(1.0.0),I,KAZ,XG_FOB_USD,RUS,M,2022-M01,612345.5,3
dataflow,IMF.STA:IMTS(1.0.0),I,KAZ,MG_CIF_USD,RUS,M,2022-M01,1234567,3
dataflow,IMF.STA:IMTS(1.0.0),I,KAZ,TBG_USD,RUS,M,2022-M01,-622221.5,3
dataflow,IMF.STA:IMTS(1.0.0),I,KAZ,XG_FOB_USD,RUS,Q,2022-Q1,2000000,3
dataflow,IMF.STA:IMTS(1.0.0),I,KAZ,XG_FOB_USD,G110,M,2022-M01,5,3
"""
)


def _rows(frames, columns=("reporter", "partner", "flow", "period_start", "value", "currency")):
    table = frames.observations.assign(period_start=frames.observations.period_start.dt.date)
    return [tuple(row) for row in table[list(columns)].itertuples(index=False)]


@pytest.mark.realdata
def test_imf_imts_message_gives_us_exports_in_whole_dollars(realdata):
    frames = sdmx.load(realdata / "sdmx" / "IMF" / IMTS_FILE)
    # Hand-checked against the message: SCALE="6" is not applied, because OBS_VALUE is
    # already whole dollars (US goods exports 2023: about $2.0 trillion).
    assert _rows(frames) == [
        ("USA", "WLD", "export", date(2023, 1, 1), 2_019_551_635_133.0, "USD"),
        ("USA", "WLD", "export", date(2024, 1, 1), 2_065_411_250_609.0, "USD"),
        ("USA", "EU", "export", date(2023, 1, 1), 369_756_760_426.0, "USD"),
        ("USA", "EU", "export", date(2024, 1, 1), 371_064_529_410.0, "USD"),
    ]
    obs = frames.observations
    assert set(obs.freq) == {"A"}
    assert obs.partner_is_aggregate.tolist() == [True] * 4
    assert obs.note.tolist() == [
        "COUNTERPART_COUNTRY G001 in the message",
        "COUNTERPART_COUNTRY G001 in the message",
        "COUNTERPART_COUNTRY G998 in the message",
        "COUNTERPART_COUNTRY G998 in the message",
    ]
    source = frames.sources.iloc[0]
    assert source.publisher == "International Monetary Fund"
    assert "International Trade in Goods (IMTS" in source.title
    assert source.kind == "database"
    assert source.language == "en"
    assert source.dataset == "imf-imts"
    assert source.edition == "2025-12-16"  # the message's Prepared date
    assert source.accessed.date() == date(2025, 12, 16)
    assert pd.isna(source.url)  # a file has no query URL
    assert source.locator == IMTS_FILE
    assert "Exports are valued FOB and imports CIF" in source.note


@pytest.mark.parametrize(
    ("imf", "ours"),
    [
        ("USA", "USA"),
        ("KAZ", "KAZ"),
        ("RUS", "RUS"),
        ("G001", "WLD"),
        ("G998", "EU"),
        ("G163", "EA"),
        ("KOS", "XKX"),
        ("WBG", "PSE"),
        ("G110", None),  # Advanced Economies: none of ours
        ("G995", None),  # Euro Area, WEO aggregation: G163 is the euro area we map
        ("U150", None),  # Europe, UN M49 region: not the Europe of Russian tables
        ("SUN", None),  # USSR: no current country
        ("111", None),  # an IFS numeric code is not a CL_COUNTRY code
    ],
)
def test_imf_country_codes_map_to_ours(imf, ours):
    assert sdmx.imf_place(imf) == ours


@pytest.mark.realdata
def test_imf_three_letter_codes_are_iso3_for_the_same_countries(realdata):
    envelope = json.loads((realdata / "sdmx" / "IMF" / CL_COUNTRY).read_text(encoding="utf-8"))
    codes = json.loads(envelope["text"])["data"]["codelists"][0]["codes"]
    names = {code["id"]: code["name"] for code in codes}
    assert (names["G001"], names["G998"], names["G163"]) == (
        "World",
        "European Union (EU)",
        "Euro Area (EA)",
    )
    assert (names["KAZ"], names["RUS"], names["KOS"]) == (
        "Kazakhstan, Republic of",
        "Russian Federation",
        "Kosovo, Republic of",
    )
    mapped = {code: sdmx.imf_place(code) for code in names}
    countries = [code for code, ours in mapped.items() if ours == code]
    assert len(countries) == 247
    left_out = sorted(code for code, ours in mapped.items() if ours is None and len(code) == 3)
    assert left_out == ["ANT", "CSK", "CWX", "DDR", "SCG", "SUN", "VDR", "YAR", "YMD", "YUG"]


def test_imts_csv_leaves_out_balance_quarters_and_unmapped_groups(tmp_path):
    path = tmp_path / "imts.csv"
    path.write_text(IMTS_CSV, encoding="utf-8")
    frames = sdmx.load(path)
    assert _rows(frames) == [
        ("KAZ", "RUS", "export", date(2022, 1, 1), 612_345_500.0, "USD"),
        ("KAZ", "RUS", "import", date(2022, 1, 1), 1_234_567_000.0, "USD"),
    ]
    assert frames.observations.precision.tolist() == [100.0, 1000.0]
    assert frames.observations.locator.tolist() == ["imts.csv, row 2", "imts.csv, row 3"]
    assert frames.sources.note[0].endswith(
        "3 rows left out, as codes we do not map or quarters: "
        "G110 (1), INDICATOR=TBG_USD (1), quarters (1)."
    )


def test_comext_sdmx_ml_maps_flows_and_eurostat_geo_codes(tmp_path):
    path = tmp_path / "comext.xml"
    path.write_text(COMEXT_XML, encoding="utf-8")
    frames = sdmx.load(path)
    assert _rows(frames) == [
        ("DEU", "KAZ", "export", date(2022, 1, 1), 123_456_789.0, "EUR"),
        ("DEU", "KAZ", "export", date(2022, 2, 1), 98_765_432.5, "EUR"),
        ("GRC", "KAZ", "import", date(2022, 1, 1), 4500.0, "EUR"),
    ]
    assert set(frames.observations.freq) == {"M"}
    source = frames.sources.iloc[0]
    assert source.publisher == "Eurostat"
    assert source.dataset == "eurostat-comext"
    assert source.edition == "2024-11-17"
    assert "INDICATORS=QUANTITY_IN_100KG (1)" in source.note


def test_comext_sdmx_csv_flags_aggregates_and_keeps_product_codes(tmp_path):
    path = tmp_path / "comext.csv"
    path.write_text(COMEXT_CSV, encoding="utf-8")
    frames = sdmx.load(path)
    assert _rows(frames, ("reporter", "reporter_is_aggregate", "partner", "product", "value")) == [
        ("EU27", True, "KAZ", "TOTAL", 1_500_000_000.0),
        ("EA20", True, "KAZ", "TOTAL", 1_200_000_000.0),
        ("GBR", False, "KAZ", "27", 42.0),
    ]
    # ':' is Eurostat's confidential or missing figure: no row, and not counted as unmapped.
    assert (
        "1 rows left out, as codes we do not map or quarters: EXT_EU27_2020 (1)"
        in (frames.sources.note[0])
    )


@pytest.mark.parametrize(
    ("code", "ours"),
    [("DE", "DEU"), ("EL", "GRC"), ("UK", "GBR"), ("KZ", "KAZ"), ("RU", "RUS"),
     ("EU27_2020", "EU27"), ("EA20", "EA20"), ("EA19", "EA19"), ("EXT_EU27_2020", None),
     ("EU28", None)],
)  # fmt: skip
def test_eurostat_geo_codes_map_to_ours(code, ours):
    assert sdmx.estat_place(code) == ours


def test_imts_sdmx_json_2_is_read_without_sdmx1(tmp_path):
    # Hand-made SDMX-JSON 2.0 in the shape of the IMF's 3.0 API answers (imfp's WHDREO).
    value = {"values": []}
    urn = "urn:sdmx:org.sdmx.infomodel.datastructure."
    message = {
        "meta": {"prepared": "2025-12-16T05:16:36Z"},
        "data": {
            "dataSets": [
                {
                    "series": {
                        "0:0:0:0": {"observations": {"0": ["24200000000"], "1": ["25000000000"]}},
                        "0:1:0:0": {"observations": {"0": ["9000000000"]}},
                    }
                }
            ],
            "structures": [
                {
                    "links": [{"urn": f"{urn}Dataflow=IMF.STA:IMTS(1.0.0)"}],
                    "dimensions": {
                        "series": [
                            {"id": "COUNTRY", "values": [{"id": "KAZ"}]},
                            {"id": "INDICATOR",
                             "values": [{"id": "XG_FOB_USD"}, {"id": "MG_CIF_USD"}]},
                            {"id": "COUNTERPART_COUNTRY", "values": [{"id": "RUS"}]},
                            {"id": "FREQUENCY", "values": [{"id": "A"}]},
                        ],
                        "observation": [
                            {"id": "TIME_PERIOD", "values": [{"value": "2021"}, {"value": "2022"}]}
                        ],
                    },
                    "attributes": {"series": [], "observation": []},
                    "measures": {"observation": [{"id": "OBS_VALUE", **value}]},
                }
            ],
        },
    }  # fmt: skip
    path = tmp_path / "imts.json"
    path.write_text(json.dumps(message), encoding="utf-8")
    frames = sdmx.load(path)
    assert _rows(frames) == [
        ("KAZ", "RUS", "export", date(2021, 1, 1), 24_200_000_000.0, "USD"),
        ("KAZ", "RUS", "export", date(2022, 1, 1), 25_000_000_000.0, "USD"),
        ("KAZ", "RUS", "import", date(2021, 1, 1), 9_000_000_000.0, "USD"),
    ]
    assert frames.sources.edition[0] == "2025-12-16"


@pytest.mark.realdata
def test_eurostat_query_too_large_is_one_clear_error(realdata):
    with pytest.raises(LoadError) as error:
        sdmx.load(realdata / "sdmx" / "ESTAT" / "sdmx-test-data__footer.xml")
    assert "Eurostat answered that the query is too large" in str(error.value)
    assert "footer code 413" in str(error.value)


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("ESTAT/sdmx-test-data__NAMA_10_GDP-ss.xml", "dataflow NAMA_10_GDP"),
        ("IMF/sdmx-test-data__IMF_RES_WEO-data.xml", "dataflow WEO"),
        ("IMF/sdmx-test-data__IMF_PCPS.xml", "dataflow PCPS"),
        ("IMF/sdmx-test-data__IMF_RES_WEO-structure.xml", "a StructureMessage"),
        ("ESTAT/sdmx-test-data__CL_FREQ.xml", "a StructureMessage"),
        ("IMF/sdmx-test-data__IMF_CL_AREA-structure.xml", "a StructureMessage"),
    ],
)
def test_sdmx_messages_that_are_not_trade_figures_say_what_they_are(realdata, name, found):
    with pytest.raises(LoadError) as error:
        sdmx.load(realdata / "sdmx" / name)
    message = str(error.value)
    assert found in message
    assert "IMF IMTS or Eurostat Comext DS-045409/DS-059341" in message


@pytest.mark.realdata
def test_imf_sdmx_json_of_another_dataflow_names_it(realdata, tmp_path):
    envelope = json.loads((realdata / "sdmx" / "IMF" / WHDREO).read_text(encoding="utf-8"))
    path = tmp_path / "whdreo.json"
    path.write_text(envelope["text"], encoding="utf-8")
    with pytest.raises(LoadError, match="found 'dataflow WHDREO, which this loader"):
        sdmx.load(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DATAFLOW,freq,reporter\nESTAT:DS-045409(1.0),M,DE\n", "OBS_VALUE"),
        (IMTS_CSV.replace("2022-M01", "Jan 2022"), "a TIME_PERIOD like 2022"),
        (IMTS_CSV.replace("612345.5", "lots"), "a number as OBS_VALUE, found 'lots'"),
        (IMTS_CSV.splitlines()[0] + "\n" + IMTS_CSV.splitlines()[-1],
         "at least one export or import figure of International Trade in Goods (IMTS, "
         "formerly Direction of Trade Statistics) (1 rows left out, as codes we do not map "
         "or quarters: G110 (1))"),
    ],
)  # fmt: skip
def test_bad_sdmx_csv_is_a_load_error(tmp_path, text, expected):
    path = tmp_path / "imts.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as error:
        sdmx.load(path)
    assert expected in str(error.value)


def test_xml_with_a_doctype_is_refused_before_parsing(tmp_path):
    path = tmp_path / "xxe.xml"
    path.write_text(
        COMEXT_XML.replace(
            "<m:StructureSpecificData",
            '<!DOCTYPE m [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<m:StructureSpecificData',
        ).replace('OBS_VALUE="4500"', 'OBS_VALUE="&e;"'),
        encoding="utf-8",
    )
    with pytest.raises(LoadError, match="without a DOCTYPE or entities"):
        sdmx.load(path)


@pytest.mark.realdata
def test_fit_finds_every_part_of_an_imts_message_and_nothing_in_other_formats(realdata):
    imts = realdata / "sdmx" / "IMF" / IMTS_FILE
    assert sdmx.fit(imts, imts.read_text(encoding="utf-8")).complete
    comtrade_json = realdata / "comtrade" / "HS-60a6ad.json"
    assert sdmx.fit(comtrade_json, comtrade_json.read_text(encoding="utf-8")).found == []
    relational = "REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR\n"
    assert sdmx.fit(imts, relational).found == []
    assert comtrade.fit(comtrade_json, comtrade_json.read_text(encoding="utf-8")).complete
    assert sdmx.fit(imts, COMEXT_CSV).complete
    nama = realdata / "sdmx" / "ESTAT" / "sdmx-test-data__NAMA_10_GDP-ss.xml"
    assert sdmx.fit(nama, nama.read_text(encoding="utf-8")).missing == [
        "a dataflow or DSD id the loader maps (IMTS, DSD_IMTS, DS-045409, DS-059341)",
        "series with reporter and counterpart dimensions (COUNTRY and COUNTERPART_COUNTRY, "
        "or reporter and partner)",
    ]
