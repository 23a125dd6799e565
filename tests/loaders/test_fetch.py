"""Fetchers (IMF IMTS, UN Comtrade+, Eurostat Comext) on recorded answers: no network.

HTTP is replaced by :class:`Replay`, a requests adapter that answers from a list and keeps
what was sent; time by :class:`FakeTime`, so backoff and rate limits are checked, not slept.
"""

from __future__ import annotations

import argparse
import io
import json
from datetime import date
from http import HTTPStatus
from pathlib import Path

import pytest
import requests
import requests_cache
import urllib3

from loaders import sdmx
from loaders.fetch import FetchError, Query, cli, comtrade, eurostat, fetch, imf
from loaders.fetch.http import Polite
from loaders.workspace import Workspace

IMTS_FILE = "openbb__IMTS_USA_XG_FOB_USD_G001+G998_A_2023-2024.xml"
IMF_DATE = "Tue, 16 Dec 2025 05:16:36 GMT"


class Replay(requests.adapters.BaseAdapter):
    """Answers each request with the next of ``answers``: (status, body, headers), or an
    exception to raise; ``sent`` keeps the requests."""

    def __init__(self, *answers):
        super().__init__()
        self.answers = list(answers)
        self.sent: list[requests.PreparedRequest] = []

    def send(self, request, **kwargs):
        self.sent.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        status, body, headers = answer
        response = requests.Response()
        response.status_code = status
        response.reason = HTTPStatus(status).phrase
        response._content = body
        response.headers.update(headers)
        response.url = request.url
        response.request = request
        # requests-cache reads the raw urllib3 response it would have had.
        response.raw = urllib3.HTTPResponse(
            body=io.BytesIO(body),
            headers=headers,
            status=status,
            preload_content=False,
            request_url=request.url,
        )
        return response

    def close(self):
        pass


def replay(*answers, cached: bool = False) -> tuple[requests.Session, Replay]:
    session = requests_cache.CachedSession(backend="memory") if cached else requests.Session()
    adapter = Replay(*answers)
    session.mount("https://", adapter)
    return session, adapter


class FakeTime:
    """A clock that moves only when slept on, recording every sleep."""

    def __init__(self):
        self.now = 100.0
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


def polite(session, time: FakeTime, lines: list[str]) -> Polite:
    return Polite(session, imf.PUBLISHER, sleep=time.sleep, clock=time.clock, progress=lines.append)


OK = (200, b"{}", {})


# ------------------------------------------------------------------- polite HTTP


def test_retries_5xx_with_exponential_backoff():
    session, adapter = replay((503, b"", {}), (502, b"", {}), OK)
    time, lines = FakeTime(), []
    response = polite(session, time, lines).get("https://api.imf.org/x")
    assert response.status_code == 200
    assert len(adapter.sent) == 3
    assert time.slept == [1.0, 2.0]
    assert lines == [
        "imf: 503 GET https://api.imf.org/x",
        "imf: answered 503 Service Unavailable; trying again in 1 s",
        "imf: 502 GET https://api.imf.org/x",
        "imf: answered 502 Bad Gateway; trying again in 2 s",
        "imf: 200 GET https://api.imf.org/x",
    ]


def test_retry_after_is_honoured():
    session, _ = replay((429, b"", {"Retry-After": "7"}), OK)
    time = FakeTime()
    polite(session, time, []).get("https://api.imf.org/x")
    assert time.slept == [7.0]


def test_timeouts_are_retried():
    session, adapter = replay(requests.ReadTimeout("slow"), OK)
    time, lines = FakeTime(), []
    assert polite(session, time, lines).get("https://api.imf.org/x").status_code == 200
    assert len(adapter.sent) == 2
    assert time.slept == [1.0]
    assert lines[0] == "imf: GET https://api.imf.org/x timed out after 60 s"


def test_gives_up_after_four_attempts():
    session, adapter = replay(*[(500, b"", {})] * 4)
    time = FakeTime()
    with pytest.raises(FetchError) as error:
        polite(session, time, []).get("https://api.imf.org/x")
    assert str(error.value) == (
        "imf: the International Monetary Fund's API answered 500 Internal Server Error "
        "4 times for https://api.imf.org/x; try again later"
    )
    assert len(adapter.sent) == 4
    assert time.slept == [1.0, 2.0, 4.0]


def test_a_wait_longer_than_two_minutes_is_not_waited():
    session, _ = replay((429, b"", {"Retry-After": "3600"}))
    time = FakeTime()
    with pytest.raises(FetchError, match="asks to wait 3600 s"):
        polite(session, time, []).get("https://api.imf.org/x")
    assert time.slept == []


def test_at_most_one_request_per_interval():
    session, _ = replay(OK, OK)
    time = FakeTime()
    http = polite(session, time, [])
    http.get("https://api.imf.org/a")
    time.now += 0.25  # the caller works a quarter of a second
    http.get("https://api.imf.org/b")
    assert time.slept == [0.75]


def test_a_second_identical_query_is_answered_from_the_cache():
    session, adapter = replay(
        (200, b"<figures/>", {"Content-Type": "application/xml"}), cached=True
    )
    lines: list[str] = []
    http = polite(session, FakeTime(), lines)
    first = http.get("https://api.imf.org/x", {"q": "1"})
    second = http.get("https://api.imf.org/x", {"q": "1"})
    assert len(adapter.sent) == 1
    assert (first.from_cache, second.from_cache) == (False, True)
    assert second.content == b"<figures/>"
    assert lines[-1] == "imf: 200 GET https://api.imf.org/x?q=1 (from the cache)"


def test_a_404_is_no_figures_and_other_4xx_a_refusal():
    session, _ = replay((404, b"NoResultsFound", {}), (400, b"bad key", {}))
    http = polite(session, FakeTime(), [])
    with pytest.raises(FetchError, match="has no figures for the query .*NoResultsFound"):
        http.get("https://api.imf.org/x")
    with pytest.raises(FetchError, match=r"refused the query .*\(400 Bad Request: bad key\)"):
        http.get("https://api.imf.org/y")


# ---------------------------------------------------------------------- queries


def test_imf_query_is_the_imts_key_and_a_time_period_filter():
    url, params, headers = imf.request(Query.of("KAZ", "RUS", "2022-01", "2022-05"))
    assert url == (
        "https://api.imf.org/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+/"
        "KAZ.XG_FOB_USD+MG_CIF_USD.RUS.M"
    )
    assert params == {"c[TIME_PERIOD]": "ge:2022-01+le:2022-05"}
    assert "application/vnd.sdmx.data+xml; version=3.0.0" in headers["Accept"]


def test_comtrade_preview_without_a_key():
    [(url, params, headers)] = comtrade.requests_for(
        Query.of("KAZ", "RUS", "2022-01", "2022-05"), None
    )
    assert url == "https://comtradeapi.un.org/public/v1/preview/C/M/HS"
    assert params["reporterCode"] == "398"
    assert params["partnerCode"] == "643"
    assert params["period"] == "202201,202202,202203,202204,202205"
    assert (params["cmdCode"], params["flowCode"]) == ("TOTAL", "M,X")
    assert headers == {}


def test_comtrade_full_api_with_a_key_sent_as_a_header():
    [(url, params, headers)] = comtrade.requests_for(Query.of("KAZ", "RUS", "2021", "2022"), "k3y")
    assert url == "https://comtradeapi.un.org/data/v1/get/C/A/HS"
    assert params["period"] == "2021,2022"
    assert headers == {"Ocp-Apim-Subscription-Key": "k3y"}
    assert "k3y" not in json.dumps(params)


def test_comtrade_asks_a_dozen_months_at_a_time():
    asked = comtrade.requests_for(Query.of("KAZ", "RUS", "2021-01", "2022-05"), None)
    assert [params["period"].count(",") + 1 for _, params, _ in asked] == [12, 5]


def test_eurostat_query_is_the_comext_key_with_eurostat_geo_codes():
    url, params, _ = eurostat.request(Query.of("KAZ", "RUS", "2022-01", "2022-05"))
    assert url == (
        "https://ec.europa.eu/eurostat/api/comext/dissemination/sdmx/2.1/data/DS-045409/"
        "M.KZ.RU.TOTAL.1+2.VALUE_IN_EUROS"
    )
    assert params == {"startPeriod": "2022-01", "endPeriod": "2022-05"}
    annual, _, _ = eurostat.request(Query.of("GRC", "GBR", "2021", "2022"))
    assert annual.endswith("/DS-059341/A.EL.UK.TOTAL.1+2.VALUE_IN_EUROS")


@pytest.mark.parametrize(
    ("start", "end", "freq", "expected"),
    [
        ("2022-05", "2022-01", None, "expected --from before --to"),
        ("2022-01", "2022", None, "expected --from and --to as YYYY-MM"),
        ("2022-01", "2022-05", "A", "with frequency 'A'"),
        ("May 2022", "2022-05", None, "expected --from as YYYY-MM or YYYY, found 'May 2022'"),
    ],
)
def test_bad_periods_are_refused(start, end, freq, expected):
    with pytest.raises(FetchError, match=expected):
        Query.of("KAZ", "RUS", start, end, freq)


# ---------------------------------------------------------------- code mapping


@pytest.mark.parametrize(
    ("ours", "imf_code"),
    [("KAZ", "KAZ"), ("RUS", "RUS"), ("USA", "USA"), ("WLD", "G001"), ("EU", "G998"),
     ("EA", "G163"), ("XKX", "KOS"), ("PSE", "WBG")],
)  # fmt: skip
def test_imf_codes_both_ways(ours, imf_code):
    assert imf.imf_code(ours) == imf_code
    assert sdmx.imf_place(imf_code) == ours


@pytest.mark.parametrize(
    ("ours", "number"),
    [("KAZ", 398), ("RUS", 643), ("CHN", 156), ("ARG", 32), ("DEU", 276), ("WLD", 0),
     ("USA", 842), ("FRA", 251), ("NOR", 579), ("CHE", 757), ("IND", 699)],
)  # fmt: skip
def test_comtrade_codes_both_ways(ours, number):
    assert comtrade.m49(ours) == number
    assert comtrade.from_m49(number) == ours


@pytest.mark.parametrize("number", [840, 250, 490, 999])
def test_comtrade_codes_without_a_country_of_ours(number):
    assert comtrade.from_m49(number) is None


@pytest.mark.realdata
def test_comtrade_codes_agree_with_the_recorded_answer(realdata):
    records = json.loads((realdata / "comtrade" / "HS-60a6ad.json").read_text())["data"]
    pairs = {(r["reporterCode"], r["reporterISO"]) for r in records}
    pairs |= {(r["partnerCode"], r["partnerISO"]) for r in records}
    assert pairs == {(156, "CHN"), (32, "ARG"), (276, "DEU")}
    assert all(comtrade.from_m49(code) == iso for code, iso in pairs)


@pytest.mark.parametrize(
    ("ours", "geo"),
    [("KAZ", "KZ"), ("RUS", "RU"), ("DEU", "DE"), ("GRC", "EL"), ("GBR", "UK"),
     ("EU27", "EU27_2020"), ("EA20", "EA20")],
)  # fmt: skip
def test_eurostat_codes_both_ways(ours, geo):
    assert eurostat.geo(ours) == geo
    assert sdmx.estat_place(geo) == ours


@pytest.mark.parametrize(
    ("module", "code"), [(imf.imf_code, "EAEU"), (comtrade.m49, "EU"), (eurostat.geo, "CIS")]
)
def test_aggregates_a_publisher_has_no_code_for_are_refused(module, code):
    with pytest.raises(FetchError, match=repr(code)):
        module(code)


# ----------------------------------------------------------- recorded answers


@pytest.mark.realdata
def test_imf_fetch_reads_the_recorded_imts_message(realdata):
    body = (realdata / "sdmx" / "IMF" / IMTS_FILE).read_bytes()
    session, adapter = replay((200, body, {"Date": IMF_DATE}))
    frames = fetch("imf", "USA", "WLD", "2023", "2024", session=session, progress=[].append)
    assert adapter.sent[0].url == (
        "https://api.imf.org/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+/"
        "USA.XG_FOB_USD+MG_CIF_USD.G001.A?c%5BTIME_PERIOD%5D=ge%3A2023%2Ble%3A2024"
    )
    obs = frames.observations
    # Hand-checked against the message's OBS_VALUE attributes.
    assert obs[["partner", "value"]].values.tolist() == [
        ["WLD", 2_019_551_635_133.0],
        ["WLD", 2_065_411_250_609.0],
        ["EU", 369_756_760_426.0],
        ["EU", 371_064_529_410.0],
    ]
    assert obs.period_start.dt.year.tolist() == [2023, 2024, 2023, 2024]
    source = frames.sources.iloc[0]
    assert source.source_id == "imf-imts-20251216T051636Z"
    assert source.url == adapter.sent[0].url
    assert source.accessed.date() == date(2025, 12, 16)
    assert source.edition == "2025-12-16"
    assert "Retrieved from the International Monetary Fund's API on 2025-12-16 05:16:36 UTC" in (
        source.note
    )


@pytest.mark.realdata
def test_comtrade_fetch_reads_the_recorded_answer(realdata, monkeypatch):
    monkeypatch.delenv("COMTRADE_API_KEY", raising=False)
    body = (realdata / "comtrade" / "HS-60a6ad.json").read_bytes()
    session, adapter = replay((200, body, {"Date": "Mon, 02 Jun 2025 10:00:00 GMT"}))
    frames = fetch("comtrade", "CHN", "ARG", "2010", "2010", session=session, progress=[].append)
    assert adapter.sent[0].url.startswith("https://comtradeapi.un.org/public/v1/preview/C/A/HS?")
    # Hand-checked against the answer's primaryValue (imports CIF, exports FOB).
    rows = frames.observations[["reporter", "partner", "flow", "value"]].values.tolist()
    assert rows == [
        ["CHN", "ARG", "import", 6_804_128_143.0],
        ["CHN", "DEU", "import", 74_251_272_075.0],
        ["CHN", "ARG", "export", 6_115_764_185.0],
        ["CHN", "DEU", "export", 68_047_133_397.0],
    ]
    assert frames.observations.locator[0] == "comtrade-CHN-ARG.json, record 1"
    source = frames.sources.iloc[0]
    assert source.source_id == "un-comtrade-20250602T100000Z"
    assert source.url == adapter.sent[0].url
    assert source.note.startswith("Comtrade+ public preview API, retrieved on 2025-06-02 10:00:00")


def test_comtrade_fetch_with_a_key_uses_the_full_api(monkeypatch):
    monkeypatch.setenv("COMTRADE_API_KEY", "k3y")
    session, adapter = replay((200, b'{"count": 0, "data": [], "error": ""}', {}))
    with pytest.raises(FetchError, match="has no figures"):
        fetch("comtrade", "KAZ", "RUS", "2022-01", "2022-05", session=session, progress=[].append)
    sent = adapter.sent[0]
    assert sent.url.startswith("https://comtradeapi.un.org/data/v1/get/C/M/HS?")
    assert "reporterCode=398&partnerCode=643" in sent.url
    assert "period=202201%2C202202%2C202203%2C202204%2C202205" in sent.url
    assert sent.headers["Ocp-Apim-Subscription-Key"] == "k3y"
    assert "k3y" not in sent.url


@pytest.mark.realdata
def test_eurostat_query_too_large_is_one_fetch_error(realdata):
    body = (realdata / "sdmx" / "ESTAT" / "sdmx-test-data__footer.xml").read_bytes()
    session, _ = replay((200, body, {}))
    with pytest.raises(FetchError) as error:
        fetch("eurostat", "DEU", "KAZ", "2022-01", "2022-05", session=session, progress=[].append)
    assert str(error.value).startswith("eurostat: eurostat-comext-DEU-KAZ.xml: expected figures")
    assert "Eurostat answered that the query is too large" in str(error.value)


# ------------------------------------------------------------------ command line


def _cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.run(args)


def test_offline_is_one_line_exit_2_and_nothing_written(monkeypatch, tmp_path, capsys):
    connection = urllib3.connection.HTTPSConnection("api.imf.org")
    failure = urllib3.exceptions.NameResolutionError(
        "api.imf.org", connection, OSError("[Errno -3] Temporary failure in name resolution")
    )
    reason = urllib3.exceptions.MaxRetryError(None, "/external/sdmx/3.0/data", failure)
    session, _ = replay(requests.ConnectionError(reason))
    monkeypatch.setattr(cli, "SESSION", lambda cache: session)
    out = tmp_path / "kaz.csv"
    argv = ["fetch", "imf", "--reporter", "KAZ", "--partner", "RUS"]
    status = _cli([*argv, "--from", "2022-01", "--to", "2022-05", "--out", str(out)])
    assert status == 2
    assert capsys.readouterr().err == (
        "error: imf: the International Monetary Fund's API (https://api.imf.org/external/sdmx/3.0) "
        "could not be reached: Failed to resolve 'api.imf.org' "
        "([Errno -3] Temporary failure in name resolution)\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.realdata
def test_fetch_command_writes_tidy_csv(realdata, monkeypatch, tmp_path, capsys):
    body = (realdata / "sdmx" / "IMF" / IMTS_FILE).read_bytes()
    session, _ = replay((200, body, {"Date": IMF_DATE}))
    monkeypatch.setattr(cli, "SESSION", lambda cache: session)
    out, sources = tmp_path / "obs.csv", tmp_path / "sources.csv"
    argv = ["fetch", "imf", "--reporter", "USA", "--partner", "WLD", "--from", "2023"]
    status = _cli([*argv, "--to", "2024", "--out", str(out), "--sources-out", str(sources)])
    assert status == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5
    assert lines[1].startswith("USA,WLD,false,true,export,TOTAL,,2023-01-01,2023-12-31,A,")
    assert "2019551635133.0,USD" in lines[1]
    assert "imf-imts-20251216T051636Z" in sources.read_text(encoding="utf-8")
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("imf: 200 GET https://api.imf.org/external/sdmx/3.0/data/")
    assert err[-1] == f"imf USA-WLD: 4 observations -> {out}"


@pytest.mark.realdata
def test_fetch_command_keeps_an_official_dataset(realdata, monkeypatch, tmp_path):
    monkeypatch.setenv("FIGURES_WORKSPACE", str(tmp_path))
    body = (realdata / "sdmx" / "IMF" / IMTS_FILE).read_bytes()
    session, adapter = replay((200, body, {"Date": IMF_DATE}))
    monkeypatch.setattr(cli, "SESSION", lambda cache: session)
    argv = ["fetch", "imf", "--reporter", "USA", "--partner", "WLD", "--from", "2023"]
    assert _cli([*argv, "--to", "2024", "--name", "IMF USA", "--by", "ana"]) == 0
    with Workspace(Path(tmp_path)) as space:
        [info] = space.list()[0]
        frames = space.frames()
    assert (info.name, info.format, info.observations) == ("IMF USA", "imf API", 4)
    source = frames.sources.iloc[0]
    assert source.source_id == f"{info.slug}:imf-imts-20251216T051636Z"
    assert source.kind == "database"  # official, not an upload
    assert source.url == adapter.sent[0].url
    assert source.accessed.date() == date(2025, 12, 16)
    assert "Fetched by ana" in source.note
