"""The one-page brief of a press claim: its HTML in full detail, then the printed PDF."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import pytest

from dashboard import text
from dashboard.export.brief import (
    UnknownClaim,
    brief_html,
    brief_pdf,
    claim_check,
    pair_view,
)
from dashboard.views import build_view

CLAIM = "press-2022-10-27-democracy-central-asia-turnover-2021"
QUOTE = (
    "في نهاية عام 2021 ، نما حجم التجارة الثنائية بين البلدين بنحو الثلث عن السنوات السابقة "
    "ووصل إلى 24.2 مليار دولار ، وهو رقم قياسي"
)
CHART = '<svg id="chart-placeholder"></svg>'


@pytest.fixture(scope="module")
def page(store):
    claims = build_view("claims", {}, store)
    check = claim_check(claims, CLAIM)
    rows = claims.rows[claims.rows.claim_id == CLAIM]
    now = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    return brief_html(check, rows, store.source_records, CHART, "9.9.9", now=now)


def test_the_quote_is_printed_right_to_left_in_arabic(page):
    assert f'<blockquote lang="ar" dir="rtl">{QUOTE}</blockquote>' in page
    assert (
        "“At the end of 2021, bilateral trade between the two countries grew by about a third "
        "over previous years and reached $24.2 billion, a record” (working English rendering)"
    ) in page
    # The Arabic title inside the English citation is isolated, so the sentence reads right.
    assert '<bdi lang="ar" dir="rtl">الديمقراطية في آسيا الوسطى في طور التكوين</bdi>' in page


def test_both_official_figures_beside_the_claim(page):
    rows = re.findall(r"<tr>(.*?)</tr>", page)
    cells = [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row) for row in rows]
    assert cells == [
        ["", "Figure", "The claim is", "Grade", "Source"],
        [
            "Press claim, 2021",
            "24.2 billion USD",
            "",
            "",
            "Press article, 27 Oct 2022, paragraph 6",
        ],
        [
            "Official: reported by Kazakhstan",
            "24,624,279,965.57 USD",
            "1.7% below it",
            "close",
            "Bureau of National Statistics, edition 2022; sheet &#x27;2021&#x27;, row 13",
        ],
        [
            "Official: reported by Russia",
            "25,631 million USD",
            "5.6% below it",
            "differs",
            "Federal Customs Service of Russia, edition 2021; "
            "sheet &#x27;2021&#x27; row 10 + sheet &#x27;2021&#x27; row 19",
        ],
    ]


def test_the_verdict_and_its_reasons(page):
    assert '<p class="verdict">Close</p>' in page
    assert (
        "<p>close to Kazakhstan&#x27;s figure: the claim is 1.7% below it (Bureau of National "
        "Statistics, edition 2022); differs from Russia&#x27;s figure: the claim is 5.6% below "
        "it (Federal Customs Service of Russia, edition 2021). Most likely from Kazakhstan&#x27;s "
        "figure</p>"
    ) in page
    reasons = re.findall(r"<li><b>(.*?)</b>: ([^.]*)\.", page)
    assert ("mirror gap", "information") in reasons
    assert ("claimed change", "computed") in reasons
    assert ("claim word: record", "consistent") in reasons


def test_the_chart_and_every_source_are_printed(page, store):
    assert f"<figure>{CHART}</figure>" in page
    citations = re.findall(r"<li>([^<]*)</li>", page.split("<h2>Sources</h2>")[1])
    assert len(citations) == 5
    assert citations[0].startswith("Not named in the article as received. “الديمقراطية")
    for source_id in ("kz-bns-foreign-trade-by-country-2022", "ru-fcs-trade-cis-annual-2021"):
        assert html.escape(text.citation(store.source_records[source_id])) in citations
    assert "Trade figures dashboard 9.9.9, printed 02 January 2026, 03:04 UTC" in page


def test_the_chart_is_the_trade_page_for_the_claims_pair_and_months(store):
    claims = build_view("claims", {}, store)
    jan_may = claim_check(claims, "press-2022-10-27-democracy-central-asia-turnover-2022-jan-may")
    view = pair_view(jan_may, store)
    assert view.search == build_view("trade", {"freq": "YTD", "months": "5"}, store).search


def test_an_unknown_claim_is_a_404(store):
    claims = build_view("claims", {}, store)
    with pytest.raises(UnknownClaim, match="No press claim 'nope': expected one of press-") as e:
        claim_check(claims, "nope")
    assert e.value.status == 404
    assert isinstance(e.value, LookupError)


def test_the_brief_is_a_one_page_pdf(store):
    pdf = brief_pdf(store, CLAIM, "9.9.9")
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    # A4 portrait, in points.
    assert re.search(rb"/MediaBox\s*\[0 0 594\.9\d* 841\.9\d*\]", pdf)


def test_the_brief_route_downloads_a_pdf_named_after_the_claim(client):
    claim = "press-2022-10-27-democracy-central-asia-turnover-2021"
    response = client.get(f"/brief.pdf?claim={claim}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert response.headers["Content-Disposition"] == f'attachment; filename="brief-{claim}.pdf"'


def test_an_unknown_claim_is_a_404_naming_it(client):
    response = client.get("/brief.pdf?claim=nowhere")
    assert response.status_code == 404
    assert "nowhere" in response.get_data(as_text=True)


def test_each_claim_card_links_to_its_brief(client):
    from dashboard.pages import claims

    with client.application.test_request_context("/claims"):
        layout = str(claims.layout())
    assert "/brief.pdf?claim=press-2022-10-27-democracy-central-asia-turnover-2021" in layout
