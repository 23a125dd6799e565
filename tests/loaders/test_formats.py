"""Format detection from content, not from file names."""

from __future__ import annotations

import shutil

import pytest

from loaders import detect_format, load
from loaders.errors import LoadError


@pytest.mark.realdata
def test_every_real_file_is_detected(realdata, tmp_path):
    expected = {
        "bns": "bns",
        "fcs": "fcs",
        "eurostat": "eurostat",
        "comtrade": "comtrade",
        "rates": "rates",
    }
    for folder, fmt in expected.items():
        for path in (realdata / folder).iterdir():
            # A renamed copy must be detected the same way: content decides.
            copy = tmp_path / f"renamed{path.suffix}"
            shutil.copyfile(path, copy)
            assert detect_format(copy) == fmt, path.name


def test_press_yaml_is_detected():
    assert detect_format("data/press/2022-10-27-democracy-central-asia.yaml") == "press"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.csv", b"", "expected a non-empty file"),
        ("blank.csv", b"  \n\n", "expected a non-empty file"),
        ("notes.md", b"# Notes\nsome text", "a file in a known format"),
        ("other.csv", b"a,b,c\n1,2,3\n", "found 'a,b,c'"),
        ("data.json", b'{"rows": []}', "a Comtrade+ JSON response"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, "binary data"),
        ("fake.xlsx", b"PK\x03\x04garbage", "a readable Excel workbook"),
    ],
)
def test_unknown_or_broken_files(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LoadError, match=name.replace(".", r"\.")) as error:
        load(path)
    assert expected in str(error.value)


def test_missing_file(tmp_path):
    with pytest.raises(LoadError, match="expected an existing file"):
        load(tmp_path / "nowhere.xls")
