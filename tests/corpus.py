"""Generated corpora: malformed inputs (``build``), and hostile ones built to crash, exhaust
or hang a reader (``hostile``). Every one must be refused with a clear message; nothing is
committed as a binary."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from random import Random
from typing import NamedTuple

import openpyxl

from tests.builders import BULLETIN_FRONT, bns_sheet, write_xls, write_xlsx

TIDY_HEADER = "reporter,partner,flow,period,value,currency,source_publisher,source_title"
GOOD_ROW = "KAZ,CHN,export,2021,5,USD,Agency,Table"
EUROSTAT_HEADER = "REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR"
EUROSTAT_ROW = '"Germany","Kazakhstan","TOTAL-Total","2-EXPORT","T-Total","202301-Jan. 2023",5'
COMTRADE_HEADER = (
    "freqCode,period,reporterISO,reporterDesc,partnerISO,partnerDesc,flowCode,cmdCode,primaryValue"
)
COMTRADE_ROW = "A,2021,KAZ,Kazakhstan,RUS,Russia,X,TOTAL,100"


def _tidy(*rows: str, header: str = TIDY_HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def _xlsx_bytes(tmp: Path, name: str, sheets: dict) -> bytes:
    return write_xlsx(tmp / name, sheets).read_bytes()


def _tidy_xlsx(tmp: Path, name: str, rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(TIDY_HEADER.split(","))
    for row in rows:
        sheet.append(row)
    path = tmp / name
    book.save(path)
    return path.read_bytes()


def _zip_bomb(size: int, members: int = 1) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for i in range(members):
            archive.writestr(f"xl/worksheets/sheet{i + 1}.xml", b"\0" * size)
    return buffer.getvalue()


def build(tmp: Path, max_bytes: int) -> list[tuple[str, str, bytes]]:
    """(case id, file name, bytes) for every malformed input."""
    cases: list[tuple[str, str, bytes]] = []

    def add(case: str, name: str, data: bytes) -> None:
        cases.append((case, name, data))

    good_xlsx = _xlsx_bytes(tmp, "good.xlsx", {"2023": bns_sheet()})
    good_xls = write_xls(tmp / "good.xls", {"2023": bns_sheet()}).read_bytes()
    bulletin = _xlsx_bytes(tmp, "bulletin.xlsx", {**BULLETIN_FRONT, "T1": bns_sheet()})
    tidy_book = _tidy_xlsx(tmp, "tidy.xlsx", [["KAZ", "CHN", "export", "2021", 5, "USD", "A", "T"]])

    # Truncated workbooks.
    for label, data in (
        ("xlsx", good_xlsx),
        ("xls", good_xls),
        ("bulletin", bulletin),
        ("tidy", tidy_book),
    ):
        suffix = ".xls" if label == "xls" else ".xlsx"
        for fraction in (0.02, 0.05, 0.1, 0.2, 0.25, 0.33, 0.4, 0.5, 0.6, 0.75, 0.85, 0.9, 0.97):
            add(
                f"truncated-{label}-{fraction}",
                f"truncated-{label}-{fraction}{suffix}",
                data[: int(len(data) * fraction)],
            )
    # Corrupted workbooks: bytes overwritten inside the worksheet's compressed data, or in
    # the OLE2 header and allocation fields of the old format.
    with zipfile.ZipFile(io.BytesIO(good_xlsx)) as archive:
        sheet = next(i for i in archive.infolist() if "worksheets/sheet1" in i.filename)
    start = sheet.header_offset + 30 + len(sheet.filename)
    step = max((sheet.compress_size - 30) // 14, 1)
    for offset in range(14):
        data = bytearray(good_xlsx)
        position = start + 10 + offset * step
        data[position : position + 16] = b"\xff" * 16
        add(f"corrupt-xlsx-{offset}", f"corrupt-{offset}.xlsx", bytes(data))
    for offset in range(14):
        data = bytearray(good_xls)
        position = 44 + offset * 34
        data[position : position + 12] = b"\xee" * 12
        add(f"corrupt-xls-{offset}", f"corrupt-{offset}.xls", bytes(data))
    # Zip bombs.
    for size, members in ((300 * 2**20, 1), (60 * 2**20, 5), (250 * 2**20, 1), (8 * 2**20, 1)):
        add(
            f"zipbomb-{size >> 20}mb-{members}",
            f"bomb-{size >> 20}-{members}.xlsx",
            _zip_bomb(size, members),
        )
    # Wrong or missing headers.
    columns = TIDY_HEADER.split(",")
    for column in columns:
        header = ",".join(c for c in columns if c != column)
        row = ",".join(v for c, v in zip(columns, GOOD_ROW.split(","), strict=True) if c != column)
        add(f"missing-column-{column}", f"missing-{column}.csv", _tidy(row, header=header))
    for i, header in enumerate(
        [
            "country,partner,flow,period,value,currency,source_publisher,source_title",
            "reporter;partner;flow;period;value;currency;source_publisher;source_title",
            "REPORTER PARTNER FLOW PERIOD VALUE",
            "a,b,c,d,e,f,g,h",
            "",
        ]
    ):
        add(f"wrong-header-{i}", f"wrong-header-{i}.csv", _tidy(GOOD_ROW, header=header))
    add("header-only", "header-only.csv", _tidy())
    add("header-only-xlsx", "header-only.xlsx", _tidy_xlsx(tmp, "ho.xlsx", []))
    # Shifted headers and broken layouts of a statistics bureau sheet.
    rows = bns_sheet()
    h = next(i for i, r in enumerate(rows) if r[1] == "Товарооборот")
    below = rows[:h] + rows[h + 2 :] + rows[h : h + 2]
    shifted = [list(r) for r in rows]
    shifted[h] = [shifted[h][0], "", *shifted[h][1:]]
    shifted[h + 1] = ["", "", *shifted[h + 1][1:]]
    no_total = [list(r) for r in rows]
    no_total[h + 1] = ["", "доля"] * 3 + [""]
    no_header = [r for i, r in enumerate(rows) if i not in (h, h + 1)]
    no_period = bns_sheet(period="Основные показатели")
    no_unit = bns_sheet(unit="в процентах")
    for label, sheet in (
        ("below", below),
        ("shifted", shifted),
        ("no-total", no_total),
        ("no-header", no_header),
        ("no-period", no_period),
        ("no-unit", no_unit),
    ):
        add(
            f"bns-{label}",
            f"bns-{label}.xlsx",
            _xlsx_bytes(tmp, f"b-{label}.xlsx", {"2023": sheet}),
        )
        add(
            f"bns-{label}-xls",
            f"bns-{label}.xls",
            write_xls(tmp / f"b-{label}.xls", {"2023": sheet}).read_bytes(),
        )
    # Mixed types where numbers belong.
    for i, value in enumerate(
        ["12,5", "abc", "1e", "--5", "½", "5 USD", "n/a", "TRUE", "0x1F", "1.2.3"]
    ):
        add(f"mixed-type-{i}", f"mixed-{i}.csv", _tidy(f"KAZ,CHN,export,2021,{value},USD,A,T"))
    text_cell = bns_sheet()
    next(r for r in text_cell if r[0] == "Россия")[3] = "80 тыс."
    add("bns-text-cell", "bns-text.xlsx", _xlsx_bytes(tmp, "bt.xlsx", {"2023": text_cell}))
    # Huge numbers.
    for i, value in enumerate(["1e300", "1e17", "9" * 400, "inf", "nan"]):
        add(f"huge-{i}", f"huge-{i}.csv", _tidy(f"KAZ,CHN,export,2021,{value},USD,A,T"))
    # Negative flows.
    for i, value in enumerate(["-5", "-0.01", "-1e9"]):
        add(f"negative-{i}", f"negative-{i}.csv", _tidy(f"KAZ,CHN,turnover,2021,{value},USD,A,T"))
    negative_bns = bns_sheet(figures=[("Всего", -10.0, -4.0, -6.0), ("Россия", -10.0, -4.0, -6.0)])
    add("negative-bns", "negative-bns.xlsx", _xlsx_bytes(tmp, "nb.xlsx", {"2023": negative_bns}))
    add(
        "negative-eurostat",
        "negative-eu.csv",
        f"{EUROSTAT_HEADER}\n{EUROSTAT_ROW.replace(',5', ',-5')}\n".encode(),
    )
    # Unknown countries.
    for i, code in enumerate(["XXX", "KZ", "Kazakhstan", "", "123"]):
        add(f"unknown-tidy-{i}", f"unknown-{i}.csv", _tidy(f"{code},CHN,export,2021,5,USD,A,T"))
    # No name known at all: nothing loads (one unknown among known names is only a warning).
    unknown_bns = bns_sheet(figures=[("Атлантида", 2.0, 1.0, 1.0), ("Эльдорадо", 2.0, 1.0, 1.0)])
    add("unknown-bns", "unknown-bns.xlsx", _xlsx_bytes(tmp, "ub.xlsx", {"2023": unknown_bns}))
    add(
        "unknown-eurostat",
        "unknown-eu.csv",
        f"{EUROSTAT_HEADER}\n{EUROSTAT_ROW.replace('Germany', 'Narnia')}\n".encode(),
    )
    add(
        "unknown-comtrade",
        "unknown-ct.csv",
        f"{COMTRADE_HEADER}\n{COMTRADE_ROW.replace('RUS,Russia', 'ZZZ,Oz')}\n".encode(),
    )
    # Formula strings where codes and numbers belong.
    for i, (column, value) in enumerate(
        [
            ("reporter", "=1+1"),
            ("partner", '=HYPERLINK("http://x","y")'),
            ("value", "=SUM(A1:A9)"),
            ("flow", "+export"),
            ("period", "@2021"),
            ("currency", "-USD"),
        ]
    ):
        row = dict(zip(columns, GOOD_ROW.split(","), strict=True))
        row[column] = value.replace(",", ";")
        add(f"formula-{i}", f"formula-{i}.csv", _tidy(",".join(row.values())))
    formula_book = openpyxl.Workbook()
    formula_book.active.append(columns)
    formula_book.active.append(["KAZ", "CHN", "export", "2021", "=2+3", "USD", "A", "T"])
    formula_book.save(tmp / "formula.xlsx")  # openpyxl saves no cached value: reads as empty
    add("formula-xlsx", "formula.xlsx", (tmp / "formula.xlsx").read_bytes())
    # HTML and script strings.
    for i, (column, value) in enumerate(
        [
            ("partner", "<script>alert(1)</script>"),
            ("value", "<b>5</b>"),
            ("flow", "<img src=x onerror=alert(1)>"),
            ("reporter", "</td><script>x</script>"),
            ("period", "<svg onload=alert(1)>"),
            ("currency", "<i>USD</i>"),
        ]
    ):
        row = dict(zip(columns, GOOD_ROW.split(","), strict=True))
        row[column] = value
        add(f"html-{i}", f"html-{i}.csv", _tidy(",".join(row.values())))
    # Bad encodings and binary data.
    add(
        "utf16-odd",
        "utf16-odd.csv",
        "\ufeffreporter,partner".encode("utf-16-le")[:-1] + b"\x00\xd8",
    )
    add("utf16-no-header", "utf16.csv", "just some words here".encode("utf-16"))
    add("binary-zeros", "zeros.csv", b"\x00" * 2048)
    add("binary-random", "random.csv", bytes(range(256)) * 8)
    add("latin1-garbage", "latin1.csv", "réporter,pàrtner\n1,2\n".encode("latin-1"))
    add("cp1251-no-header", "cp1251.csv", "страна,значение\nКитай,5\n".encode("cp1251"))
    add("png", "image.csv", b"\x89PNG\r\n\x1a\n" + b"\x00\x10" * 200)
    add("pdf", "doc.xlsx", b"%PDF-1.4\n" + b"stream" * 100)
    # Empty files.
    for suffix in (".csv", ".xlsx", ".xls"):
        add(f"empty{suffix}", f"empty{suffix}", b"")
        add(f"blank{suffix}", f"blank{suffix}", b"  \n\t\n")
    add("bom-only", "bom.csv", b"\xef\xbb\xbf")
    add("utf16-bom-only", "bom16.csv", b"\xff\xfe")
    # Oversize files.
    for i, size in enumerate((max_bytes + 1, max_bytes * 2, max_bytes * 5)):
        add(f"oversize-{i}", f"oversize-{i}.csv", _tidy(GOOD_ROW) + b"#" * size)
    # Other formats and suffixes.
    add("zip-archive", "archive.xlsx", _zip_bomb(1000))
    add("text-as-xls", "notes.xls", b"This is not a workbook at all.\n")
    add("json-as-csv", "data.csv", b'{"data": [{"reporterISO": "KAZ"}]}')
    add("yaml-as-csv", "press.csv", b"document:\n  id: x\nclaims: []\n")
    add("html-page", "page.csv", b"<html><body><table><tr><td>1</td></tr></table></body></html>")
    add("markdown", "readme.csv", b"# Title\n\nSome text.\n")
    # Eurostat extracts with problems.
    for i, line in enumerate(
        [
            EUROSTAT_ROW.replace("202301-Jan. 2023", "Jan 2023"),
            EUROSTAT_ROW.replace("2-EXPORT", "9-OTHER"),
            EUROSTAT_ROW.replace(",5", ",five"),
            EUROSTAT_ROW.replace(',"T-Total"', ""),
            EUROSTAT_ROW.replace("TOTAL-Total", "Food-Stuff"),
            EUROSTAT_ROW.replace("T-Total", "1-Normal"),
            EUROSTAT_ROW.replace("202301", "202313"),
            EUROSTAT_ROW + ",extra",
        ]
    ):
        add(f"eurostat-{i}", f"eurostat-{i}.csv", f"{EUROSTAT_HEADER}\n{line}\n".encode())
    add(
        "eurostat-no-value",
        "eurostat-nv.csv",
        b"REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR\n",
    )
    add(
        "eurostat-broken-quote",
        "eurostat-q.csv",
        f'{EUROSTAT_HEADER}\n"Germany,"Kazakhstan","TOTAL-Total","2-EXPORT","T-Total","202301",5\n'.encode(),
    )
    # Comtrade downloads with problems.
    for i, line in enumerate(
        [
            COMTRADE_ROW.replace(",2021,", ",21,"),
            COMTRADE_ROW.replace(",100", ",lots"),
            COMTRADE_ROW.replace(",X,", ",RX,"),
            COMTRADE_ROW + ",extra",
            COMTRADE_ROW.replace(",TOTAL,", ",27.10,"),
            COMTRADE_ROW.replace("KAZ,Kazakhstan", "XYZ,Nowhere"),
        ]
    ):
        add(f"comtrade-{i}", f"comtrade-{i}.csv", f"{COMTRADE_HEADER}\n{line}\n".encode())
    # ECB tables of daily rates with problems.
    for i, text in enumerate(
        [
            "Date,USD,\n2021-01-04,abc,\n",
            "Date,USD,\n2021-01-04,0,\n",
            "Date,USD,\n2021-01-04,-1.1,\n",
            "Date,USD,\n2021-01-04,1e400,\n",
            "Date,USD,\n2021-13-04,1.1,\n",
            "Date,USD,\n2021-01-04,1.1,\n2021-01-04,1.2,\n",
            "Date,USD,XYZ,\n2021-01-04,1.1,2,\n",
            "Date,USD,USD,\n2021-01-04,1.1,2,\n",
            "Date,USD,\n2021-01-04,1.1,2.2,3.3\n",
            "Date,USD,\n",
            "Date,USD,JPY,\n2021-01-04,N/A,N/A,\n",
        ]
    ):
        add(f"rates-{i}", f"rates-{i}.csv", text.encode())
    # Russian customs tables with problems.
    monthly = [
        ["К содержанию"],
        ["Экспорт Российской Федерации в основные страны"],
        ["(млн долларов США)"],
        ["", "Китай", "Казахстан", "Германия"],
    ]
    for i, body in enumerate(
        [
            [["январь", 1, 2, 3]],
            [[2023], ["январь", 1, "н/д", 3]],
            [[2023], ["Week 1", 1, 2, 3]],
            [[2023], ["январь", -1, -2, -3]],
        ]
    ):
        add(
            f"fcs-{i}", f"fcs-{i}.xlsx", _xlsx_bytes(tmp, f"f{i}.xlsx", {"Экспорт": monthly + body})
        )
    # Template workbooks whose every row is wrong.
    for i, row in enumerate(
        [
            ["KAZ", "KAZ", "export", "2021", 5, "USD", "A", "T"],
            ["KAZ", "CHN", "export", "2021-00", 5, "USD", "A", "T"],
            ["KAZ", "CHN", "export", "2021-01/2022-05", 5, "USD", "A", "T"],
            ["KAZ", "CHN", "export", "2021-03/2021-05", 5, "USD", "A", "T"],
            ["KAZ", "CHN", "EXPORTS", "2021", 5, "USD", "A", "T"],
            ["KAZ", "CHN", "export", "2021", 5, "DOLLARS", "A", "T"],
            ["KAZ", "CHN", "export", "2021", 5, "USD", "", "T"],
            ["KAZ", "CHN", "export", "2021", 5, "USD", "A", ""],
            ["KAZ", "CHN", "export", "2021", True, "USD", "A", "T"],
            ["kaz", "chn", "export", "", 5, "USD", "A", "T"],
        ]
    ):
        add(f"tidy-xlsx-{i}", f"tidy-bad-{i}.xlsx", _tidy_xlsx(tmp, f"tb{i}.xlsx", [row]))
    return cases


# --- Hostile files: built to crash, exhaust or hang a reader, not merely to be wrong. ---


class Hostile(NamedTuple):
    """A hostile input and the words its one-line refusal must contain."""

    case: str
    name: str
    data: bytes
    expected: str


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def sheet_xml(cells: str, dimension: str | None = None, prolog: str = "") -> str:
    """A worksheet part: ``cells`` is the inside of <sheetData>."""
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'{_HEAD}{prolog}<worksheet xmlns="{_MAIN}">{declared}'
        f"<sheetData>{cells}</sheetData></worksheet>"
    )


def xlsx_bytes(sheets: list[str], parts: dict[str, str | bytes] | None = None) -> bytes:
    """A workbook written part by part, so its XML can say what no writer library would.

    ``sheets`` are worksheet parts (sheet1.xml, ...); ``parts`` adds or replaces others,
    such as xl/sharedStrings.xml or xl/styles.xml.
    """
    listed = "".join(
        f'<sheet name="Sheet{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, len(sheets) + 1)
    )
    targets = "".join(
        f'<Relationship Id="rId{i}" Type="{_DOC}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    shared = (
        f'<Relationship Id="rId0" Type="{_DOC}/sharedStrings" Target="sharedStrings.xml"/>'
        if parts and "xl/sharedStrings.xml" in parts
        else ""
    )
    package: dict[str, str | bytes] = {
        "[Content_Types].xml": (
            f"{_HEAD}<Types xmlns="
            '"http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'{_HEAD}<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
            f'Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}"><sheets>{listed}</sheets>'
            "</workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_HEAD}<Relationships xmlns="{_RELS}">{targets}{shared}</Relationships>'
        ),
    }
    for i, sheet in enumerate(sheets, start=1):
        package[f"xl/worksheets/sheet{i}.xml"] = sheet
    package.update(parts or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in package.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _shared_strings(count: int, inside: str = "<si><t>x</t></si>", prolog: str = "") -> str:
    return (
        f'{_HEAD}{prolog}<sst xmlns="{_MAIN}" count="{count}" uniqueCount="{count}">{inside}</sst>'
    )


def _laughs() -> str:
    """The billion laughs: ten entities, each ten of the one before: 3 GB of 'lol'."""
    entities = ['<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        references = f"&lol{i - 1};" * 10
        entities.append(f'<!ENTITY lol{i} "{references}">')
    return f"<!DOCTYPE lolz [{''.join(entities)}]>"


_LAUGHS = _laughs()


def _ratio_bomb() -> str:
    """2,100,000 cells, one in forty a random digit, so the part packs at about 180 to 1:
    just under the zip-bomb limit, it is refused by the cell count once calamine has
    read it."""
    random = Random(7)
    rows = (
        "<row>"
        + "".join(
            f"<c><v>{random.randrange(10) if j % 40 == 0 else 1}</v></c>" for j in range(1000)
        )
        + "</row>"
        for _ in range(2100)
    )
    return sheet_xml("".join(rows))


def _xls(tmp: Path, name: str, sheets: int, far: bool) -> bytes:
    """An old BIFF workbook of ``sheets`` sheets, each with a cell at A1 and, if ``far``,
    one in its last row."""
    import xlwt

    workbook = xlwt.Workbook()
    for i in range(sheets):
        sheet = workbook.add_sheet(f"S{i}")
        sheet.write(0, 0, 1)
        if far:
            # AF65536, in the last row BIFF8 has: 65,536 x 32 cells from A1.
            sheet.write(65535, 31, 1)
    workbook.save(str(tmp / name))
    return (tmp / name).read_bytes()


def _yaml_alias_bomb() -> bytes:
    """A press source whose note is nine levels of nine aliases: 387 million strings to
    anything that walks it, from a few hundred bytes."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
    lines += [
        "document:",
        "  id: press-bomb",
        "  title: Bomb",
        "  publisher: Nobody",
        "  published: 2022-10-27",
        "  language: en",
        "  url: null",
        "  licence: null",
        "  note: *l8",
        "claims:",
        "  - id: main-partner",
        "    kind: statement",
        "    paragraph: 6",
        "    quote: Russia is the main partner",
        "    quote_en: Russia is the main partner",
    ]
    return ("\n".join(lines) + "\n").encode()


def hostile(tmp: Path) -> list[Hostile]:
    """Files built to crash, exhaust or hang a reader: far cells, string, zip, entity and
    alias bombs, deep nesting, thousands of sheets, parts or columns.

    Each must be refused with one line containing ``expected``, by the command line and the
    upload check alike, while the process that asked carries on.
    """
    far_corner = '<row r="1"><c r="A1"><v>1</v></c></row>'
    far_corner += '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    rows_past_the_scan = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 60_000)
    )
    empty_rows = "".join(f'<row r="{r}"/>' for r in range(1, 1_048_576))
    empty_rows += '<row r="1048576"><c r="B1048576"><v>1</v></c></row>'
    styles = f'{_HEAD}<styleSheet xmlns="{_MAIN}"><cellXfs count="400000">'
    styles += "".join(f'<xf numFmtId="{i % 50}" fontId="{i % 7}"/>' for i in range(400_000))
    styles += "</cellXfs></styleSheet>"
    many_parts = io.BytesIO()
    with zipfile.ZipFile(many_parts, "w") as archive:
        archive.writestr("xl/workbook.xml", f'<workbook xmlns="{_MAIN}"/>')
        for i in range(10_001):
            archive.writestr(f"xl/media/p{i}.xml", "<p/>")
    tidy_header = TIDY_HEADER + "".join(f",extra{i}" for i in range(1_000_000))
    # A DTD after 2 MB of comment (random letters, so it does not pack like a zip bomb):
    # past what the structural scan reads of a part.
    letters = Random(3).choices("abcdefghijklmnopqrstuvwxyz ", k=2 * 2**20)
    padded = "<!--" + "".join(letters) + "-->" + _LAUGHS
    return [
        # The 1.5 KB workbook: A1:XFD1048576 declared, and a cell in each corner,
        # so the reader lays out 17 billion cells (512 GiB) and aborts.
        Hostile(
            "far-dimension",
            "far-dimension.xlsx",
            xlsx_bytes([sheet_xml(far_corner, "A1:XFD1048576")]),
            "found 'dimension A1:XFD1048576'",
        ),
        Hostile(
            "far-cell",
            "far-cell.xlsx",
            xlsx_bytes([sheet_xml('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')]),
            "found 'a cell at XFD1048576'",
        ),
        # The far corner comes after 2.9 MB of rows, under a dimension that lies: past the
        # scan, so the reader's own allocation fails, inside the worker's memory limit.
        Hostile(
            "far-cell-past-the-scan",
            "far-cell-late.xlsx",
            xlsx_bytes([sheet_xml(rows_past_the_scan + far_corner, "A1:A1")]),
            "MB of memory (the reader stopped",
        ),
        Hostile(
            "shared-strings-bomb",
            "shared-strings.xlsx",
            xlsx_bytes(
                [sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')],
                {"xl/sharedStrings.xml": _shared_strings(4_294_967_295)},
            ),
            "at most 2,000,000 shared strings",
        ),
        Hostile(
            "thousand-sheets",
            "thousand-sheets.xlsx",
            xlsx_bytes([sheet_xml("")] * 1000),
            "at most 100 sheets",
        ),
        Hostile(
            "deep-nesting",
            "deep.xlsx",
            xlsx_bytes([sheet_xml("<x>" * 100_000 + "</x>" * 100_000)]),
            "nested at most 100 levels deep",
        ),
        Hostile(
            "billion-laughs-in-sheet",
            "laughs.xlsx",
            xlsx_bytes(
                [
                    sheet_xml(
                        '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>',
                        prolog=_LAUGHS,
                    )
                ]
            ),
            "without a DTD",
        ),
        Hostile(
            "dtd-in-shared-strings",
            "laughs-shared.xlsx",
            xlsx_bytes(
                [sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')],
                {"xl/sharedStrings.xml": _shared_strings(1, "<si><t>&lol9;</t></si>", _LAUGHS)},
            ),
            "without a DTD",
        ),
        Hostile(
            "dtd-past-the-scan",
            "padded.xlsx",
            xlsx_bytes([sheet_xml("", prolog=padded)]),
            "root element starts within their first 1 MB",
        ),
        Hostile(
            "ten-thousand-parts",
            "parts.xlsx",
            many_parts.getvalue(),
            "at most 10,000 parts",
        ),
        Hostile(
            "ratio-bomb-under-the-limit",
            "dense.xlsx",
            xlsx_bytes([_ratio_bomb()]),
            "at most 2,000,000 cells",
        ),
        # A million empty rows, then one cell: past the scan, so calamine counts it.
        Hostile(
            "many-empty-rows",
            "empty-rows.xlsx",
            xlsx_bytes([sheet_xml(empty_rows)]),
            "found '2,097,152 cells from A1'",
        ),
        Hostile(
            "huge-styles",
            "styles.xlsx",
            xlsx_bytes(
                [sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>')],
                {"xl/styles.xml": styles},
            ),
            "expected a file in a known format",
        ),
        Hostile(
            "xls-hundreds-of-sheets",
            "sheets.xls",
            _xls(tmp, "sheets.xls", 300, far=False),
            "at most 100 sheets",
        ),
        Hostile(
            "xls-far-cell",
            "far.xls",
            _xls(tmp, "far.xls", 1, far=True),
            "found '2,097,152 cells from A1'",
        ),
        Hostile(
            "csv-million-columns",
            "wide.csv",
            (tidy_header + "\n" + GOOD_ROW + "\n").encode(),
            "at most 2,000,000 cells",
        ),
        Hostile(
            "csv-one-enormous-line",
            "line.csv",
            b"a" * (15 * 2**20),
            "expected a file in a known format",
        ),
        Hostile(
            "json-nested",
            "nested.csv",
            b'{"reporterISO": "KAZ", "data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
            "expected data nested less deeply",
        ),
        # Stopped by a limit of the worker: its time, or its memory if that runs out first.
        Hostile(
            "yaml-alias-bomb",
            "press-bomb.yaml",
            _yaml_alias_bomb(),
            "set FIGURES_MAX_PARSE_",
        ),
        Hostile(
            "yaml-nested",
            "press-nested.yaml",
            b"document: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
            "expected data nested less deeply",
        ),
    ]
