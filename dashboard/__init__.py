"""The dashboard: a Dash app over the figures ledger."""

from __future__ import annotations

from dash import Dash, dash_table, html

from dashboard.store import Store, default_store


def create_app(store: Store | None = None) -> Dash:
    """Build the Dash app over ``store`` (the shipped data by default)."""
    store = store or default_store()
    app = Dash(__name__, title="Trade and investment figures")
    sources = store.sources[["source_id", "publisher", "title", "kind", "edition"]]
    app.layout = html.Main(
        [
            html.H1("Trade and investment figures"),
            html.P(
                f"{len(store.observations):,} figures from {len(sources)} sources are loaded. "
                "The interactive pages are being built."
            ),
            dash_table.DataTable(
                data=sources.astype(str).to_dict("records"),
                columns=[{"name": c, "id": c} for c in sources.columns],
                id="sources-table",
            ),
        ]
    )
    return app
