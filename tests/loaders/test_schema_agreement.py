"""The vectorised rules and pandera, given the same declaration, accept and refuse alike."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.schema import TABLES
from tests.loaders.test_schema import _observation

# Values that are valid for some column and invalid for others, mixed into valid rows.
MUTATIONS = {
    "reporter": st.sampled_from(["KAZ", "WLD", "kaz", "", "EU27", "ZZZ"]),
    "partner": st.sampled_from(["RUS", "CIS", "KAZ", "R U S", "EA20"]),
    "partner_is_aggregate": st.booleans(),
    "flow": st.sampled_from(["export", "import", "turnover", "re-export", None]),
    "product": st.sampled_from(["TOTAL", "27", "2710", "27.10", "", None]),
    "classification": st.sampled_from([None, "HS2017", "HS2022", "HS2099", "H5", ""]),
    "period_end": st.sampled_from(
        [pd.Timestamp("2021-12-31"), pd.Timestamp("2021-05-31"), pd.Timestamp("2021-01-30"), None]
    ),
    "freq": st.sampled_from(["A", "M", "YTD", "Q"]),
    "value": st.one_of(
        st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(["12", "x"])
    ),
    "currency": st.sampled_from(["USD", "EUR", "XYZ", None]),
    "precision": st.sampled_from([None, 1e8, 0.0, -1.0]),
    "source_id": st.sampled_from(["s1", "", " s", None]),
}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.lists(st.dictionaries(st.sampled_from(sorted(MUTATIONS)), st.none()), max_size=3),
    data=st.data(),
)
def test_fast_rules_agree_with_pandera(changes, data):
    # Three valid rows with distinct keys: a frame fails only by what was changed.
    rows = [_observation(basis=basis) for basis in ("reported", "estimate", "derived")]
    for row, change in zip(rows, changes, strict=False):
        for column in change:
            row[column] = data.draw(MUTATIONS[column])
    frame = pd.DataFrame(rows)
    spec = TABLES["observations"]
    _, broken = spec.broken(frame)
    fast_ok = not broken
    try:
        spec.pandera.validate(frame, lazy=True)
        pandera_ok = True
    except (pa.errors.SchemaErrors, pa.errors.SchemaError, TypeError, ValueError):
        pandera_ok = False
    assert fast_ok == pandera_ok, frame.T
