"""A workspace of the old JSON layout (one file per dataset plus workspace.json) is imported
into the database the first time it is opened: once, hidden flags kept, files moved aside."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from loaders.tables import to_csv_text
from loaders.template import read
from loaders.workspace import Workspace

CSV = (
    "reporter,partner,flow,period,value,currency,source_publisher,source_title\n"
    "KAZ,CHN,export,2021,5,USD,Agency,Table\n"
    "KAZ,CHN,import,2021,7,USD,Agency,Table\n"
)


def write_old_dataset(root: Path, slug: str, name: str, uploaded_by: str = "Ana") -> Path:
    """A dataset file exactly as the JSON workspace (format version 1) wrote it."""
    source = root.parent / f"{slug}-source.csv"
    source.write_text(CSV, encoding="utf-8")
    frames, _ = read(source, uploaded_by)
    tables = {}
    for table_name, table in frames.tables().items():
        if "source_id" in table:
            table = table.assign(source_id=f"{slug}:" + table.source_id)
        if len(table):
            tables[table_name] = to_csv_text(table)
    payload = {
        "format_version": 1,
        "name": name,
        "file": "mine.csv",
        "format": "tidy",
        "uploaded_at": "2025-03-01T10:00:00+00:00",
        "uploaded_by": uploaded_by,
        "observations": len(frames.observations),
        "tables": tables,
    }
    path = root / "datasets" / f"{slug}.dataset.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@pytest.fixture
def old_root(tmp_path) -> Path:
    root = tmp_path / "ws"
    write_old_dataset(root, "my-table", "My table", "Ana")
    write_old_dataset(root, "my-table-2", "My table", "Bo")  # the old layout allowed this
    (root / "workspace.json").write_text(json.dumps({"hidden": ["my-table-2"]}), "utf-8")
    return root


def test_an_old_workspace_is_imported_once_with_its_hidden_flags(old_root):
    originals = {p.name: p.read_bytes() for p in (old_root / "datasets").iterdir()}
    originals["workspace.json"] = (old_root / "workspace.json").read_bytes()
    with Workspace(old_root) as space:
        infos, problems = space.list()
        assert problems == []
        assert [(i.slug, i.name, i.owner, i.hidden) for i in infos] == [
            ("my-table", "My table", "Ana", False),
            ("my-table-2", "My table", "Bo", True),
        ]
        assert infos[0].uploaded_at == "2025-03-01T10:00:00+00:00"
        assert infos[0].observations == 2
        assert space.frames().sources.source_id.tolist() == ["my-table:tidy-1"]
        assert len(space.frames(visible_only=False).observations) == 4
        checksum = space.checksum()
    # Moved aside, byte for byte, never deleted.
    moved = old_root / "imported-json"
    assert {p.name: p.read_bytes() for p in moved.iterdir()} == originals
    assert not (old_root / "datasets").exists()
    assert not (old_root / "workspace.json").exists()
    with Workspace(old_root) as again:
        assert again.checksum() == checksum


def test_an_import_interrupted_before_the_files_moved_is_not_repeated(old_root):
    kept = old_root.parent / "copy"
    shutil.copytree(old_root, kept)
    with Workspace(old_root) as space:
        checksum = space.checksum()
    # As if the process had stopped between its commit and moving the files.
    shutil.copytree(kept / "datasets", old_root / "datasets")
    shutil.copy(kept / "workspace.json", old_root / "workspace.json")
    with Workspace(old_root) as space:
        assert space.checksum() == checksum
        assert len(space.list()[0]) == 2
    assert sorted(p.name for p in (old_root / "imported-json").iterdir()) == [
        "my-table-2.dataset.json",
        "my-table-2.dataset.json.1",
        "my-table.dataset.json",
        "my-table.dataset.json.1",
        "workspace.json",
        "workspace.json.1",
    ]


def test_an_unreadable_old_file_stays_and_is_reported(old_root):
    broken = old_root / "datasets" / "broken.dataset.json"
    broken.write_text("{not json", encoding="utf-8")
    old_version = write_old_dataset(old_root, "older", "Older")
    old_version.write_text(json.dumps({"format_version": 0}), encoding="utf-8")
    with Workspace(old_root) as space:
        infos, problems = space.list()
    assert [i.slug for i in infos] == ["my-table", "my-table-2"]
    assert infos[1].hidden  # the visibility file was read, and stays for the others
    assert len(problems) == 2
    assert problems[0].startswith("broken.dataset.json: expected a readable dataset file")
    assert problems[1].startswith("older.dataset.json: expected a dataset file of format version 1")
    assert all("stays where it is" in p for p in problems)
    assert broken.read_text(encoding="utf-8") == "{not json"
    assert (old_root / "workspace.json").exists()
    assert sorted(p.name for p in (old_root / "imported-json").iterdir()) == [
        "my-table-2.dataset.json",
        "my-table.dataset.json",
    ]


def test_a_file_mended_by_hand_is_imported_at_the_next_start(old_root):
    broken = old_root / "datasets" / "later.dataset.json"
    broken.write_text("{not json", encoding="utf-8")
    with Workspace(old_root) as space:
        assert len(space.list()[1]) == 1
    broken.unlink()
    write_old_dataset(old_root, "later", "Later")
    with Workspace(old_root) as space:
        infos, problems = space.list()
    assert problems == []
    assert [i.slug for i in infos] == ["later", "my-table", "my-table-2"]
    assert not (old_root / "workspace.json").exists()  # moved once nothing needed it


def test_an_old_dataset_whose_slug_is_taken_gets_a_new_one_and_its_own_sources(tmp_path):
    root = tmp_path / "ws"
    with Workspace(root) as space:
        (tmp_path / "new.csv").write_text(CSV, encoding="utf-8")
        frames, _ = read(tmp_path / "new.csv", "Ana")
        space.save("Mine", frames, "new.csv", "tidy", "Ana")
    write_old_dataset(root, "mine", "Mine from before", "Bo")
    with Workspace(root) as space:
        infos, problems = space.list()
        assert problems == []
        assert [(i.slug, i.name, i.owner) for i in infos] == [
            ("mine", "Mine", "Ana"),
            ("mine-2", "Mine from before", "Bo"),
        ]
        frames = space.frames().validated("workspace")  # no source id shared
    assert sorted(frames.sources.source_id) == ["mine-2:tidy-1", "mine:tidy-1"]
