"""Text decoding: encodings and line endings as users' files come."""

from __future__ import annotations

import pytest

from loaders import load
from loaders.files import decode

HEADER = "reporter,partner,flow,period,value,currency,source_publisher,source_title"
ROWS = ["KAZ,CHN,export,2021,5,USD,Agency,Table", "KAZ,CHN,import,2021,7,USD,Agency,Table"]


@pytest.mark.parametrize(
    ("ending", "encoding"),
    [("\n", "utf-8"), ("\r\n", "utf-8"), ("\r", "utf-8"), ("\r", "cp1251"), ("\r\n", "utf-16")],
)
def test_every_line_ending_decodes_to_newlines(ending, encoding):
    text = ending.join([HEADER, *ROWS, "Астана"]) + ending
    assert decode(text.encode(encoding), "f.csv") == "\n".join([HEADER, *ROWS, "Астана"]) + "\n"


def test_csv_with_old_mac_line_endings_loads(tmp_path):
    path = tmp_path / "mac.csv"
    path.write_bytes(("\r".join([HEADER, *ROWS]) + "\r").encode())
    frames = load(path)
    assert frames.observations[["flow", "value"]].to_dict("records") == [
        {"flow": "export", "value": 5.0},
        {"flow": "import", "value": 7.0},
    ]
