"""The one rule for the precision of a published figure (loaders.excel.precision)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loaders.excel import precision, published_decimals


@pytest.mark.parametrize(
    ("figure", "decimals"),
    [
        # A numeric cell: the decimals of its shortest repr.
        (7018745.76433, 5),
        (25631.0, 0),
        (25631, 0),
        (517578.6, 1),
        # Digits past the 15th significant one are a computed cell's binary noise.
        (869.1134000000001, 4),
        (2984.5975099999996, 5),
        (0.1 + 0.2, 1),
        # Trailing zeros of a whole number are not a coarser step.
        (25600.0, 0),
        (1e16, 0),
        # Text: the decimals written, trailing zeros included.
        ("123.40", 2),
        ("9141431", 0),
        ("1 234.5", 1),
        ("1\u00a0234.567", 3),
        ("1.5e3", 0),
        ("1.5e-3", 4),
        (Decimal("9.20"), 2),
    ],
)
def test_published_decimals(figure, decimals):
    assert published_decimals(figure) == decimals


@pytest.mark.parametrize(
    ("figure", "scale", "step"),
    [
        (7018745.76433, 1000.0, 0.01),  # BNS: thousand USD with five decimals
        (25631.0, 1e6, 1e6),  # FCS annual: whole millions
        (869.11340, 1e6, 100.0),  # FCS monthly: millions with four decimals
        ("9141431", 1, 1.0),  # Eurostat: whole euros
        ("9.2", 1e9, 1e8),  # a press "$9.2 billion"
        (Decimal("625"), 10**6, 1e6),  # a press figure read as Decimal, an int scale
        (Decimal("24.2"), Decimal(10**9), 1e8),  # a Decimal scale (BNS keeps its units so)
        # Never finer than the cent a value is kept to.
        ("0.001", 1, 0.01),
        (1.23456789, 1000.0, 0.01),
    ],
)
def test_precision_is_the_last_published_decimal_in_full_units(figure, scale, step):
    assert precision(figure, scale) == step


@pytest.mark.parametrize("figure", ["abc", "", True, float("nan"), float("inf"), "nan"])
def test_no_precision_for_what_is_not_a_number(figure):
    with pytest.raises(ValueError, match="not a"):
        published_decimals(figure)
