"""Figures that are not bilateral trade or investment claims."""

from __future__ import annotations

import pytest

from dashboard.extract import extract
from tests.dashboard.extract.helpers import PUBLISHED


@pytest.mark.parametrize(
    "text",
    [
        "ВВП Казахстана в 2021 году составил 190 млрд долларов.",
        "Население Казахстана превысило 19 млн человек.",
        "Бюджет России на 2023 год составит 29 трлн рублей.",
        "Цена нефти марки Brent выросла на 5% до 90 долларов за баррель.",
        "Внешнеторговый оборот Казахстана в 2021 году составил 101 млрд долларов.",
        "Экспорт Казахстана вырос на 10% и составил 60 млрд долларов.",
        "Доля России во внешней торговле Казахстана составила 24%.",
        "Kazakhstan's GDP grew by 4% to $220 billion in 2022.",
        "Kazakhstan's foreign trade reached $130 billion in 2022.",
        "Kazakhstan's trade with the world reached $130 billion.",
        "The war has killed 5,000 people since 2022 in Russia and Ukraine.",
        "Call +7 701 123 4567 for details about trade with Russia.",
        "In 2021, Kazakhstan and Russia signed 25 agreements.",
        "Russia accounts for 24% of Kazakhstan's trade.",
        "بلغ الناتج المحلي الإجمالي لكازاخستان 190 مليار دولار.",
        "يبلغ عدد سكان كازاخستان 19 مليون نسمة.",
        "أستانا ، برلين ، بروكسل (27/10 – 49.00).",
        # Goals are not figures reached.
        "Турция и Казахстан договорились довести товарооборот до 10 млрд долларов.",
        "The leaders agreed to bring trade between Kazakhstan and Turkey to $10 billion.",
        "Kazakhstan and China aim to raise bilateral trade to $40 billion by 2030.",
        "يهدف البلدان إلى رفع حجم التبادل التجاري بين مصر وروسيا إلى 10 مليارات دولار",
    ],
)
def test_not_a_claim(text):
    assert extract(text, published=PUBLISHED) == []
