"""Sources: every source with its full citation and how many figures cite it."""

from __future__ import annotations

from dashboard import text
from dashboard.i18n import _
from dashboard.queries import SourcesQuery
from dashboard.store import Store
from dashboard.views.base import View


def sources_view(query: SourcesQuery, store: Store) -> View:
    """Every source (or one kind) with its citation and its number of observations."""
    sources = store.sources
    if query.kind != "all":
        sources = sources[sources.kind == query.kind]
    used = store.observations.groupby("source_id").size()
    rows = sources.assign(
        citation=[text.citation(source) for source in sources.to_dict("records")],
        observations=sources.source_id.map(used).fillna(0).astype(int),
    ).reset_index(drop=True)
    return View(
        query,
        rows,
        _("Sources: {n}").format(n=len(rows)),
        subtitle=_("publisher, title, date, licence and, for the press, the verbatim quote"),
        chart_table=rows[["source_id", "observations"]],
        chart_type="bar",
        chart_unit=_("number of observations"),
    )
