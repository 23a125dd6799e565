"""Dashboard benchmarks, each a ratio against a baseline measured in the same run.

1. The Trade callback, served through Dash's HTTP dispatch, against a bare Dash callback
   that returns the same plotly figure (goal: at most 1.2x).
2. The export workbook (Data, Chart, Sources, About, formats) for 100,000 synthetic rows
   against plain DataFrame.to_excel of the same rows (goal: at most 1.0x).
3. The unfiltered Data export over HTTP (every row of the ledger) against DataFrame.to_excel
   of the same rows (goal: under 2 s).

Usage: .venv/bin/python bench/bench_dashboard.py [--repeat N] [--rows N]
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time

import numpy as np
import pandas as pd
from dash import Dash, Input, Output, dcc, html
from timing import interleaved_medians, median_seconds  # beside this script

from dashboard.app import create_app
from dashboard.export.xlsx import workbook_bytes
from dashboard.pages import trade
from dashboard.queries import DataQuery
from dashboard.store import default_store
from dashboard.views import View, build_view

TRADE_INPUTS = dict(
    reporter="KAZ",
    partner="RUS",
    flow="turnover",
    freq="YTD",
    months=5,
    currency="USD",
    unit="bn",
    editions="latest",
)


def _payload(outputs: list[tuple[str, str]], inputs: list[tuple[str, str, object]]) -> dict:
    return {
        "output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + ".."
        if len(outputs) > 1
        else f"{outputs[0][0]}.{outputs[0][1]}",
        "outputs": [{"id": i, "property": p} for i, p in outputs]
        if len(outputs) > 1
        else {"id": outputs[0][0], "property": outputs[0][1]},
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"],
        "state": [],
    }


def bench_trade_callback(repeat: int) -> float:
    """Trade callback over HTTP / bare callback returning the same figure over HTTP."""
    store = default_store()
    app = create_app(store)
    client = app.server.test_client()
    client.get("/")  # let Dash register its callbacks, and take the CSRF cookie
    # Every callback carries the CSRF token, as Dash's renderer sends it from the cookie.
    csrf = {"X-CSRFToken": client.get_cookie("_csrf_token").value}
    # The Trade page's callback, as Dash registered it (its outputs change with the page).
    key = next(k for k in app.callback_map if "trade-graph.figure" in k)
    outputs = [(o.component_id, o.component_property) for o in app.callback_map[key]["output"]]
    inputs = [(f"trade-{k}", "value", v) for k, v in TRADE_INPUTS.items()]
    body = _payload(outputs, inputs)
    response = client.post("/_dash-update-component", json=body, headers=csrf)
    assert response.status_code == 200, response.data[:300]

    with app.server.test_request_context("/"):
        figure = trade.update(*TRADE_INPUTS.values())[0]
    bare = Dash(__name__)
    bare.layout = html.Div([dcc.Input(id="x"), dcc.Graph(id="g")])

    @bare.callback(Output("g", "figure"), Input("x", "value"))
    def same_figure(_):
        return figure

    bare_client = bare.server.test_client()
    bare_client.get("/")
    bare_body = _payload([("g", "figure")], [("x", "value", "1")])
    assert bare_client.post("/_dash-update-component", json=bare_body).status_code == 200

    ours, base = interleaved_medians(
        lambda: client.post("/_dash-update-component", json=body, headers=csrf),
        lambda: bare_client.post("/_dash-update-component", json=bare_body),
        repeat,
    )

    def first_request() -> None:
        store._memo.clear()  # as for a filter combination nobody has asked for yet
        client.post("/_dash-update-component", json=body, headers=csrf)

    cold = median_seconds(first_request, max(3, repeat // 5))
    print(
        f"trade callback {ours * 1000:8.1f} ms | bare callback {base * 1000:8.1f} ms "
        f"| ratio {ours / base:5.2f}x (goal <= 1.2x)"
    )
    print(
        f"  first request for a new filter combination {cold * 1000:8.1f} ms "
        f"| ratio {cold / base:5.2f}x (computes the view and builds the figure)"
    )
    return ours / base


def synthetic_rows(n: int) -> pd.DataFrame:
    """n rows of 12 columns shaped like the Data sheet (text, numbers and dates)."""
    rng = np.random.default_rng(7)
    starts = pd.to_datetime("2000-01-01") + pd.to_timedelta(rng.integers(0, 8000, n), unit="D")
    return pd.DataFrame(
        {
            "reporter": rng.choice(["KAZ", "RUS", "DEU", "CHN"], n),
            "partner": rng.choice(["QAT", "FRA", "ITA", "TUR"], n),
            "flow": rng.choice(["export", "import", "turnover"], n),
            "period": rng.choice(["2021", "Jan-May 2022", "Mar 2020"], n),
            "period_start": starts,
            "period_end": starts + pd.offsets.MonthEnd(0),
            "value": rng.random(n) * 1e10,
            "currency": "USD",
            "basis": rng.choice(["reported", "derived", "claim"], n),
            "source_id": rng.choice([f"source-{i}" for i in range(20)], n),
            "edition": rng.choice(["2021", "2022"], n),
            "locator": [f"sheet '2021', row {i % 200}" for i in range(n)],
        }
    )


def bench_export(rows: int) -> float:
    """Full export workbook / plain DataFrame.to_excel of the same rows."""
    frame = synthetic_rows(rows)
    chart = frame.groupby("reporter").value.sum().reset_index()
    view = View(DataQuery(), frame, "Synthetic", chart_table=chart, chart_type="bar")
    sources = pd.DataFrame(
        {
            "source_id": [f"source-{i}" for i in range(20)],
            "publisher": "P",
            "title": "T",
            "url": None,
            "published": None,
            "accessed": None,
            "licence": None,
            "kind": "database",
            "language": "en",
            "dataset": "d",
            "edition": None,
            "quote": None,
            "quote_en": None,
            "locator": None,
            "note": None,
        }
    )
    start = time.perf_counter()
    frame.to_excel(io.BytesIO(), index=False)
    base = time.perf_counter() - start
    start = time.perf_counter()
    workbook_bytes(view, sources, "bench")
    ours = time.perf_counter() - start
    print(
        f"export {rows:,} rows {ours:7.2f} s | DataFrame.to_excel {base:7.2f} s "
        f"| ratio {ours / base:5.2f}x (goal <= 1.0x)"
    )
    return ours / base


def bench_data_export(repeat: int) -> float:
    """GET /export.xlsx?page=data (every row of the ledger) / DataFrame.to_excel of the same
    rows (goal: under 2 s)."""
    store = default_store()
    client = create_app(store).server.test_client()
    rows = build_view("data", {}, store).rows
    assert client.get("/export.xlsx?page=data").status_code == 200
    ours, base = interleaved_medians(
        lambda: client.get("/export.xlsx?page=data"),
        lambda: rows.to_excel(io.BytesIO(), index=False),
        repeat,
    )
    print(
        f"data export {len(rows):,} rows {ours:7.2f} s | DataFrame.to_excel {base:7.2f} s "
        f"| ratio {ours / base:5.2f}x (goal < 2 s)"
    )
    return ours / base


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=101)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    results = {
        "trade_callback": bench_trade_callback(args.repeat),
        "export": bench_export(args.rows),
        "data_export": bench_data_export(max(1, min(args.repeat, 3))),
    }
    print(json.dumps({k: round(v, 3) for k, v in results.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
