"""A one-page PDF brief of one press claim: the quote as printed, both official figures for
the same period, the verdict and its reasons, the pair's chart and every source cited.

The claim's figures and reasons are the Claims page's rows for that claim (``build_view``),
and its chart is the Trade page's for the claim's pair, flow and periods, so the brief never
says more or less than the pages do. The page is HTML (the quote keeps its own script and
direction) printed to PDF by the system Chromium; the chart inside is kaleido's SVG.
"""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from dashboard import i18n, text
from dashboard.claims import ClaimCheck
from dashboard.errors import NotFound
from dashboard.export.images import CHROMIUM, chart_svg, require_chromium
from dashboard.i18n import N_, _
from dashboard.store import Store
from dashboard.views import View, build_view

PRINT_TIMEOUT = 60  # seconds for Chromium to print the page
CHART_SIZE = (1000, 290)  # pixels; printed at the page's width, about 0.7 of that
RIGHT_TO_LEFT = {"ar", "fa", "he", "ur"}
# The claims table's rows that explain a verdict, beyond the claim and the official figures.
REASON_CHECKS = ("claimed change", "official change", "implied base", "mirror gap", "near match")

STYLE = """
@page { size: A4 portrait; margin: 10mm 12mm; }
:root { --s: 1; }
body { font-family: "DejaVu Sans", "Noto Sans", "Noto Naskh Arabic", sans-serif;
       font-size: calc(9pt * var(--s)); color: #1d2433; margin: 0; }
h1 { font-size: calc(15pt * var(--s)); margin: 0 0 2pt; }
h2 { font-size: calc(10.5pt * var(--s)); margin: 8pt 0 3pt; }
p { margin: 2pt 0; }
.meta, .cite, .note { color: #555; font-size: calc(8pt * var(--s)); }
blockquote { font-size: calc(12pt * var(--s)); margin: 4pt 0; padding: 4pt 8pt;
             border-inline-start: 3pt solid #b3124a; background: #faf6f8; }
.translation { font-style: italic; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
col.label { width: 24%; } col.figure { width: 17%; } col.relation { width: 14%; }
col.grade { width: 9%; } col.source { width: 36%; }
th, td { text-align: start; padding: 2pt 4pt; border-bottom: 0.5pt solid #ccc;
         vertical-align: top; overflow-wrap: anywhere; }
td.number { text-align: end; }
.verdict { font-weight: bold; }
figure { margin: 4pt 0; }
figure > svg { width: calc(100% * var(--s)); height: auto; display: block; }
ol, ul { margin: 2pt 0; padding-inline-start: 14pt; font-size: calc(8pt * var(--s)); }
ul.note { columns: 2; column-gap: 14pt; }
ul.note li { break-inside: avoid; }
"""
# A brief is one page: when a long claim, title or list of reasons runs over, it is printed
# again with smaller type and chart, down to 60 % of the normal size.
SCALES = (1.0, 0.88, 0.76, 0.6)


class UnknownClaim(NotFound, LookupError):
    """A brief asked for a claim id that no press source holds."""


def brief_pdf(store: Store, claim_id: str, version: str) -> bytes:
    """The one-page PDF brief of the press claim ``claim_id`` (its source_id)."""
    claims = build_view("claims", {}, store)
    check = claim_check(claims, claim_id)
    trade = pair_view(check, store)
    chart = chart_svg(trade, store.sources_for(trade.source_ids), *CHART_SIZE)
    rows = claims.rows[claims.rows.claim_id == claim_id]
    return print_pdf(brief_html(check, rows, store.source_records, chart, version))


def claim_check(claims: View, claim_id: str) -> ClaimCheck:
    """The Claims page's check of one claim, by the claim's source_id."""
    for check in claims.extra["checks"]:
        if check.claim.source_id == claim_id:
            return check
    known = ", ".join(c.claim.source_id for c in claims.extra["checks"])
    raise UnknownClaim(f"No press claim {claim_id!r}: expected one of {known}")


def pair_view(check: ClaimCheck, store: Store) -> View:
    """The Trade page for the claim's pair, flow and kind of period (same months if YTD)."""
    claim = check.claim
    query = {
        "reporter": claim.reporter,
        "partner": claim.partner,
        "flow": claim.flow,
        "freq": claim.freq,
        "currency": claim.currency,
    }
    if claim.freq == "YTD":
        query["months"] = str(pd.Timestamp(claim.period_end).month)
    return build_view("trade", query, store)


def brief_html(
    check: ClaimCheck,
    rows: pd.DataFrame,
    sources: Mapping[str, Mapping],
    chart: str,
    version: str,
    now: datetime | None = None,
) -> str:
    """The brief as one HTML page: ``rows`` are the claims table's rows for this claim,
    ``chart`` an SVG element. Every text from data is escaped; the chart is ours."""
    claim = check.claim
    lang = i18n.current()
    press = sources.get(claim.source_id, {})
    printed = (now or datetime.now(UTC)).strftime("%d %B %Y, %H:%M UTC")
    period = text.period_shown(claim.period)
    title = text.flow_between(claim.reporter, claim.flow, claim.partner) + f", {period}"
    cited = [str(s) for s in dict.fromkeys(rows.source_id.dropna())]
    # Sentences are looked up outside f-strings, where `make messages` can find them.
    page_title = _("Claim brief: {title}").format(title=title)
    heading = _("Press claim checked: {title}").format(title=title)
    beside = _("The claim beside both official figures")
    return "\n".join(
        [
            f'<!doctype html><html lang="{lang}" dir="{i18n.direction(lang)}"><head>'
            '<meta charset="utf-8">',
            f"<title>{_e(page_title)}</title><style>{STYLE}</style></head><body>",
            f"<h1>{_e(heading)}</h1>",
            '<p class="meta">'
            + _e(
                _("Trade figures dashboard {version}, printed {printed}. Claim {claim}.").format(
                    version=version, printed=printed, claim=claim.source_id
                )
            )
            + "</p>",
            _quote(press),
            f"<h2>{_e(beside)}</h2>",
            _figures(check, sources),
            f"<h2>{_e(_('Verdict'))}</h2>",
            f'<p class="verdict">{_e(_(check.verdict_kind).capitalize())}</p>',
            f"<p>{_e(check.verdict)}</p>",
            _reasons(check, rows),
            f"<figure>{chart}</figure>",
            f"<h2>{_e(_('Sources'))}</h2>",
            "<ol>"
            + "".join(f"<li>{_e(text.citation(sources[s]))}</li>" for s in cited if s in sources)
            + "</ol>",
            "</body></html>",
        ]
    )


def _e(value: object) -> str:
    return html.escape(str(value))


def _quote(press: Mapping) -> str:
    """The quote in its own language and direction, its English rendering and citation."""
    language = str(press.get("language") or "")
    direction = "rtl" if language in RIGHT_TO_LEFT else "ltr"
    before, title, after = text.press_citation(press) if press else ("", "", "")
    parts = [
        f'<blockquote lang="{_e(language)}" dir="{direction}">{_e(press.get("quote", ""))}'
        "</blockquote>"
    ]
    english = text.text_or(press.get("quote_en"), "")
    if english and language != i18n.current():  # no rendering for a reader of the original
        rendering, lang = text.rendering(english)
        said = (
            _("working English rendering")
            if lang == "en"
            else _("translated from the working English rendering")
        )
        parts.append(f'<p class="translation" lang="{lang}">“{_e(rendering)}” ({_e(said)})</p>')
    translated = ""
    if press and (translation := text.title_translation(press)) is not None:
        translated = f'” [<bdi lang="{translation[1]}">{_e(translation[0])}</bdi>]'
        after = after.removeprefix("”")
    parts.append(
        f'<p class="cite">{_e(before)}<bdi lang="{_e(language)}" dir="{direction}">'
        f"{_e(title)}</bdi>{translated}{_e(after)}</p>"
    )
    return "\n".join(parts)


def _figures(check: ClaimCheck, sources: Mapping[str, Mapping]) -> str:
    """The claim and each reporter's official figure for the same period, with where each
    stands and where it is published."""
    claim = check.claim
    head = (
        "<tr><th></th>"
        + "".join(
            f"<th>{_e(_(h))}</th>"
            for h in (N_("Figure"), N_("The claim is"), N_("Grade"), N_("Source"))
        )
        + "</tr>"
    )
    body = [
        f"<tr><td>{_e(text.PRESS_CLAIM)}, {_e(text.period_shown(claim.period))}</td>"
        f'<td class="number">{_e(text.exact(claim.value, claim.currency, claim.precision))}</td>'
        f"<td></td><td></td><td>{_e(text.source_label(sources.get(claim.source_id, {})))}, "
        f"{_e(claim.locator)}</td></tr>"
    ]
    for figure, grade in zip(check.comparisons, check.grades, strict=True):
        if figure.value is None:
            shown, where = text.how(figure.how), check.why.get(figure.reporter, "")
        else:
            shown = text.exact(figure.value, figure.currency, figure.precision)
            source = sources.get(str(figure.source_id), {"publisher": figure.source_id})
            where = text.figure_citation(source.get("publisher"), figure.edition, figure.locator)
        body.append(
            f"<tr><td>{_e(text.official_by(figure.reporter))}</td>"
            f'<td class="number">{_e(shown)}</td><td>{_e(text.relation(grade.difference))}</td>'
            f"<td>{_e(_(grade.kind))}</td><td>{_e(where)}</td></tr>"
        )
    widths = "".join(
        f'<col class="{c}">' for c in ("label", "figure", "relation", "grade", "source")
    )
    return f"<table><colgroup>{widths}</colgroup>{head}{''.join(body)}</table>"


def _reasons(check: ClaimCheck, rows: pd.DataFrame) -> str:
    """The further checks behind the verdict: the claimed change, the mirror gap, near
    matches and the claim's words, each with its status and note."""
    reasons = rows[rows.check.isin(REASON_CHECKS) | rows.check.str.startswith("claim word")]
    items = [
        f"<li><b>{_e(r.check)}</b>: {_e(r.status)}. {_e(text.text_or(r.note, ''))}</li>"
        for r in reasons.itertuples()
    ]
    return f"<ul class='note'>{''.join(items)}</ul>" if items else ""


def print_pdf(page: str) -> bytes:
    """``page`` printed to PDF by headless Chromium (a process of its own, ended when done),
    on one page: printed again at a smaller scale (``SCALES``) while it runs over."""
    require_chromium()
    printed = b""
    for scale in SCALES:
        printed = _print(page.replace(":root { --s: 1; }", f":root {{ --s: {scale}; }}", 1))
        if pages(printed) <= 1:
            break
    return printed


def pages(pdf: bytes) -> int:
    """The number of pages of a PDF Chromium printed."""
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def _print(page: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="brief-") as tmp:
        source, target = Path(tmp, "brief.html"), Path(tmp, "brief.pdf")
        source.write_text(page, encoding="utf-8")
        subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-pdf-header-footer",
                f"--user-data-dir={Path(tmp, 'profile')}",
                f"--print-to-pdf={target}",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,  # Chromium logs D-Bus noise on stderr
            timeout=PRINT_TIMEOUT,
        )
        return target.read_bytes()
