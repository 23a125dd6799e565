"""Builders of small synthetic input files in the layouts the loaders read."""

from __future__ import annotations

from pathlib import Path

import openpyxl

BNS_HEADER = ["Наименование страны", "Товарооборот", "", "Экспорт", "", "Импорт", ""]
BNS_SUBHEADER = [
    "",
    "Всего",
    "удельный вес, %",
    "Всего",
    "удельный вес, %",
    "Всего",
    "удельный вес, %",
]
# name, turnover, export, import (thousand USD); turnover = export + import.
BNS_FIGURES = [
    ("Всего", 1000.0, 600.0, 400.0),
    ("Страны СНГ", 300.0, 100.0, 200.0),
    ("Россия", 250.0, 80.0, 170.0),
    ("Кыргызстан", 50.0, 20.0, 30.0),
    ("Остальные страны мира", 700.0, 500.0, 200.0),
    ("Китай", 400.0, 300.0, 100.0),
    ("Катар", 6.5, 6.0, 0.5),
]


def bns_sheet(
    period: str = "за 2023 год",
    unit: str = "тыс. долларов США",
    blank_rows_before_header: int = 1,
    figures: list[tuple] | None = None,
) -> list[list]:
    """Rows of one BNS data sheet: title, period, units, two-row header, figures."""
    rows: list[list] = [
        ["Основные показатели внешней торговли Республики Казахстан", "", "", "", "", "", ""],
        [period, "", "", "", "", "", ""],
    ]
    rows += [[""] * 7 for _ in range(blank_rows_before_header)]
    rows += [["", "", "", "", unit, "", ""], list(BNS_HEADER), list(BNS_SUBHEADER)]
    figures = figures or BNS_FIGURES
    totals = figures[0][1:]
    for name, *values in figures:
        shares = [round(100 * v / t, 5) if t else "" for v, t in zip(values, totals, strict=True)]
        rows.append([name, values[0], shares[0], values[1], shares[1], values[2], shares[2]])
    rows.append(["Примечание: данные предварительные.", "", "", "", "", "", ""])
    return rows


BULLETIN_FRONT = {
    "Обложка": [["Бюллетень"], ["Внешняя торговля Республики Казахстан"], ["Астана, 2024"]],
    "Условные обозначения": [["Условные обозначения"], ["-", "явление отсутствует"]],
    "Содержание": [["Содержание"], ["1. Основные показатели внешней торговли по странам", 4]],
    "Методология": [["Методологические пояснения"], ["Экспорт учитывается по стране назначения."]],
}


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    """Write sheets of rows to an .xlsx workbook."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append([None if cell == "" else cell for cell in row])
    workbook.save(path)
    return path


def write_xls(path: Path, sheets: dict[str, list[list]]) -> Path:
    """Write sheets of rows to an old BIFF .xls workbook, as the statistics bureau does."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    for name, rows in sheets.items():
        sheet = workbook.add_sheet(name)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if cell != "":
                    sheet.write(r, c, cell)
    workbook.save(str(path))
    return path
