"""Investment: an announced package, its total and its sectors (amounts as disclosed)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard import text
from dashboard.i18n import N_, _
from dashboard.queries import InvestmentQuery
from dashboard.store import Store
from dashboard.views.base import View

# The seed article states the total and the sectors in two sentences: one package with
# eight sectors is how this app reads them, not something the source says in one place.
READING = N_(
    "The total and the list of sectors come from separate sentences of the source; reading "
    "them as one package is this app's reading."
)


def investment_view(query: InvestmentQuery, store: Store) -> View:
    """The package's announced total, then one row per named sector; a sector amount the
    source does not disclose stays empty, never zero and never an even share."""
    deals = store.frames.deals
    if deals.empty:
        return View(query, pd.DataFrame(), _("No investment packages loaded"))
    deal_id = query.deal or str(deals.deal_id.iloc[0])
    deal: dict[str, Any] = {str(k): v for k, v in deals[deals.deal_id == deal_id].iloc[0].items()}
    sectors = store.frames.deal_sectors[store.frames.deal_sectors.deal_id == deal_id]
    package = {
        "deal": text.data_text(deal["title"]),
        "party_a": text.country(deal["party_a"]),
        "party_b": text.country(deal["party_b"]),
        "status": deal["status"],
        "total_value": deal["total_value"],
        "currency": deal["currency"],
    }
    named = pd.DataFrame(
        {
            **package,
            "sector": [text.data_text(sector) for sector in sectors.sector],
            "sector_original": sectors.sector_original.to_numpy(),
            "amount": sectors.amount.to_numpy(),
            "amount_status": sectors.amount.map(
                lambda a: text.NOT_DISCLOSED if pd.isna(a) else "disclosed"
            ).to_numpy(),
            "source_id": sectors.source_id.to_numpy(),
        }
    )
    total = pd.DataFrame(
        [
            {
                **package,
                "sector": text.ALL_SECTORS,
                "amount": deal["total_value"],
                "amount_status": "disclosed",
                "source_id": deal["source_id"],
            }
        ]
    )
    unit = text.unit_name(deal["currency"], "mn")
    return View(
        query.model_copy(update={"deal": deal_id}),
        pd.concat([total, named], ignore_index=True),
        _("{title}: {amount} million {currency}, split by sector not disclosed").format(
            title=text.data_text(deal["title"]),
            amount=text.number(deal["total_value"] / 1e6),
            currency=deal["currency"],
        ),
        subtitle=_("status: {status}").format(status=deal["status"]),
        notes=[
            *([text.data_text(deal["note"])] if isinstance(deal["note"], str) else []),
            _(READING),
        ],
        chart_table=pd.DataFrame(
            {"package": [text.TOTAL_PACKAGE], unit: [deal["total_value"] / 1e6]}
        ),
        chart_type="column",
        chart_unit=unit,
        extra={"deal": deal, "deal_id": deal_id, "sectors": sectors},
    )
