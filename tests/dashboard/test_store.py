"""The store loads the shipped data and the press YAML, all validated."""

from __future__ import annotations

from dashboard.store import DATA_DIR, Store


def test_store_loads_shipped_data():
    store = Store.from_dir(DATA_DIR)
    obs = store.observations
    assert {"reported", "derived", "claim"} <= set(obs.basis)
    assert set(obs.source_id) <= set(store.sources.source_id)
    assert len(store.frames.deals) == 1
    assert len(store.frames.deal_sectors) == 8
