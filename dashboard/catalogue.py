"""The texts of the shipped data in the catalogues: what ``make messages`` extracts from data/.

Publishers, English titles, notes, sectors and qualifiers come from the data, not the code,
yet a reader sees them. ``babel.cfg`` names :func:`extract_data` as the extraction method of
the data files, so ``pybabel extract`` puts their texts in the catalogues beside the code's
sentences, and ``text.data_text`` shows them in the reader's language. A text a user's own
file brings is not in any catalogue and reads as its author wrote it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pandas as pd
import yaml

from dashboard.text import short_publisher
from loaders import curated

# The columns of each table whose texts a reader sees (shown through ``text.data_text``).
DATA_COLUMNS = {
    "sources": ("publisher", "title_en", "note", "quote_en"),
    "observations": ("note", "qualifier"),
    "claimed_changes": ("qualifier", "note"),
    "deals": ("title", "note"),
    "deal_sectors": ("sector",),
}


def extract_data(
    fileobj, keywords, comment_tags, options
) -> Iterator[tuple[int, None, str, list[str]]]:
    """A Babel extraction method for the shipped data's texts (``babel.cfg``): the publishers,
    English titles, notes, sectors and qualifiers a reader sees, so the catalogues translate
    them like the code's sentences.

    A file is read by what it holds, as the dashboard reads it: a YAML mapping of dataset to
    text (``coverage.yml``), a press file (``document:`` and ``claims:``, through the
    curated loader), or a CSV table, told apart by its header (a sources table has
    ``publisher``, an observations table ``flow``; rates and group members have no text
    a reader sees). Yields ``(line, None, text, [comment])`` as Babel expects.
    """
    name = str(getattr(fileobj, "name", "data"))
    raw = fileobj.read().decode("utf-8")
    tables: dict[str, pd.DataFrame] = {}
    if name.endswith((".yml", ".yaml")):
        document = yaml.safe_load(raw) or {}
        if isinstance(document, dict) and "claims" in document:
            frames = curated.from_text(raw, name)
            tables = {table: getattr(frames, table) for table in DATA_COLUMNS}
        elif isinstance(document, dict):
            for dataset, note in document.items():
                yield 0, None, " ".join(str(note).split()), [f"note on {dataset}"]
    else:
        frame = pd.read_csv(io.StringIO(raw), dtype=str, keep_default_na=False)
        if "publisher" in frame.columns:
            tables["sources"] = frame
        elif "flow" in frame.columns:
            tables["observations"] = frame
    for table, frame in tables.items():
        sources = table == "sources"
        for column in DATA_COLUMNS[table]:
            if column not in frame.columns:
                continue
            values = frame[column]
            if sources and column == "title_en":  # an English source's title is its own
                values = frame.title.where(frame.language == "en", frame.title_en)
            for value in dict.fromkeys(v for v in values if isinstance(v, str) and v):
                yield 0, None, value, [f"{table}.{column}"]
                if sources and column == "publisher" and short_publisher(value) != value:
                    yield 0, None, short_publisher(value), [f"{table}.{column}, short"]
