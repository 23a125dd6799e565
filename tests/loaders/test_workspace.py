"""The workspace: datasets kept atomically, listed, hidden, removed; a killed save changes
nothing."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from loaders import Frames
from loaders.errors import LoadError
from loaders.template import read
from loaders.workspace import Workspace, default_root

CSV = (
    "reporter,partner,flow,period,value,currency,source_publisher,source_title,note\n"
    'KAZ,CHN,export,2021,5,USD,Agency,Table,=HYPERLINK("http://x")\n'
    "KAZ,CHN,import,2021,7,USD,Agency,Table,\n"
)


def _frames(tmp_path: Path, text: str = CSV) -> Frames:
    path = tmp_path / "mine.csv"
    path.write_text(text, encoding="utf-8")
    frames, rejected = read(path, "tester")
    assert rejected.empty
    return frames


def test_save_list_hide_remove(tmp_path):
    space = Workspace(tmp_path / "ws")
    assert space.list() == ([], [])
    assert space.frames().observations.empty
    info = space.save("My table", _frames(tmp_path), "mine.csv", "tidy", "Ana")
    assert (info.slug, info.observations) == ("my-table", 2)
    again = space.save("My table", _frames(tmp_path), "mine.csv", "tidy", "Ana")
    assert again.slug == "my-table-2"  # never overwrites
    frames = space.frames()
    assert len(frames.observations) == 4
    assert set(frames.sources.kind) == {"upload"}
    assert frames.sources.source_id.str.startswith(("my-table:", "my-table-2:")).all()
    assert frames.sources.note.str.contains("Uploaded by Ana from the file mine.csv").all()
    space.set_hidden("my-table", True)
    assert len(space.frames().observations) == 2
    assert {i.slug: i.hidden for i in space.list()[0]} == {"my-table": True, "my-table-2": False}
    space.remove("my-table")
    assert [i.slug for i in space.list()[0]] == ["my-table-2"]
    with pytest.raises(LoadError):
        space.remove("../etc")


def test_unreadable_dataset_is_reported_and_the_rest_still_load(tmp_path):
    space = Workspace(tmp_path / "ws")
    space.save("Good", _frames(tmp_path), "mine.csv", "tidy", "Ana")
    (space.datasets_dir / "broken.dataset.json").write_text("{not json", encoding="utf-8")
    infos, problems = space.list()
    assert [i.slug for i in infos] == ["good"]
    assert "broken.dataset.json" in problems[0]
    assert len(space.frames().observations) == 2


def test_refused_save_changes_nothing(tmp_path):
    space = Workspace(tmp_path / "ws")
    space.save("Good", _frames(tmp_path), "mine.csv", "tidy", "Ana")
    before = space.checksum()
    with pytest.raises(LoadError):
        space.save("", _frames(tmp_path), "x.csv", "tidy", "Ana")
    with pytest.raises(LoadError):
        space.save("Empty", Frames(), "x.csv", "tidy", "Ana")
    assert space.checksum() == before


def test_default_root(monkeypatch, tmp_path):
    monkeypatch.setenv("FIGURES_WORKSPACE", str(tmp_path))
    assert default_root() == tmp_path
    monkeypatch.delenv("FIGURES_WORKSPACE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_root() == tmp_path / "xdg" / "trade-figures"


KILLED_WRITER = textwrap.dedent(
    """
    import os, time
    from loaders import files, workspace
    from loaders.template import read

    def slow_write_text(path, content):
        def write(tmp):
            with open(tmp, "w", encoding="utf-8") as handle:
                half = len(content) // 2
                handle.write(content[:half])
                handle.flush()
                os.fsync(handle.fileno())
                print("HALF WRITTEN", flush=True)
                time.sleep(120)  # killed here
                handle.write(content[half:])
        files.atomic_write(path, write)

    workspace.atomic_write_text = slow_write_text
    frames, _ = read({csv!r}, "tester")
    workspace.Workspace({root_ws!r}).save("Second", frames, "big.csv", "tidy", "tester")
    """
)


def test_killing_the_writer_mid_save_leaves_the_workspace_unchanged(tmp_path):
    space = Workspace(tmp_path / "ws")
    space.save("First", _frames(tmp_path), "mine.csv", "tidy", "Ana")
    before = space.checksum()
    rows = "\n".join(
        f"KAZ,CHN,export,{2000 + i % 20}-{1 + i % 12:02d},{i},USD,A,T{i}," for i in range(4000)
    )
    big = tmp_path / "big.csv"
    big.write_text(CSV.splitlines()[0] + "\n" + rows + "\n", encoding="utf-8")
    script = KILLED_WRITER.format(csv=str(big), root_ws=str(tmp_path / "ws"))
    with subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True
    ) as process:
        try:
            line = process.stdout.readline()
            assert line.strip() == "HALF WRITTEN", line
            temporary = [p for p in space.datasets_dir.iterdir() if p.name.startswith(".")]
            assert temporary
            assert temporary[0].stat().st_size > 0
        finally:
            process.kill()  # SIGKILL: the writer dies halfway through its save
            process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert space.checksum() == before
    infos, problems = space.list()
    assert [i.name for i in infos] == ["First"]
    assert problems == []
    assert len(space.frames().observations) == 2
    payload = json.loads((space.datasets_dir / "first.dataset.json").read_text(encoding="utf-8"))
    assert payload["observations"] == 2
