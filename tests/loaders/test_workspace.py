"""The workspace database: datasets kept, listed, hidden, removed; a second keep of a name
renamed, never overwriting; ids checked; a killed save changes nothing; stale temporary
files swept."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from loaders import Frames
from loaders.errors import LoadError
from loaders.template import read
from loaders.workspace import DatasetInfo, Workspace, default_root

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


@pytest.fixture
def space(tmp_path):
    with Workspace(tmp_path / "ws") as opened:
        yield opened


def _sql(space: Workspace, statement: str, *params: object) -> list[tuple]:
    """Run SQL on the workspace file directly, as a hand edit or another program would."""
    connection = sqlite3.connect(space.root / "workspace.sqlite")
    try:
        with connection:
            return connection.execute(statement, params).fetchall()
    finally:
        connection.close()


def test_save_list_hide_remove(tmp_path, space):
    assert space.list() == ([], [])
    assert space.frames().observations.empty
    info = space.save("My table", _frames(tmp_path), "mine.csv", "tidy", "Ana")
    assert info == DatasetInfo(
        slug="my-table",
        name="My table",
        file="mine.csv",
        format="tidy",
        uploaded_at=info.uploaded_at,
        uploaded_by="Ana",
        observations=2,
        hidden=False,
        owner="Ana",
        requested="My table",
    )
    frames = space.frames()
    assert len(frames.observations) == 2
    assert set(frames.sources.kind) == {"upload"}
    assert frames.sources.source_id.tolist() == ["my-table:tidy-1"]
    assert frames.sources.note.str.contains("Uploaded by Ana from the file mine.csv").all()
    space.set_hidden("my-table", True)
    assert space.frames().observations.empty
    assert len(space.frames(visible_only=False).observations) == 2
    assert space.dataset("my-table").hidden is True
    space.set_hidden("my-table", False)
    assert len(space.frames().observations) == 2
    space.remove("my-table")
    assert space.list() == ([], [])
    with pytest.raises(LoadError, match="an existing dataset"):
        space.remove("my-table")


def test_a_second_keep_of_a_name_is_renamed_and_the_first_is_untouched(tmp_path, space):
    first = space.save("Mine", _frames(tmp_path), "mine.csv", "tidy", "Ana", "Ana")
    tables_before = space.frames().observations
    second = space.save("Mine", _frames(tmp_path), "other.csv", "tidy", "Bo", "Bo")
    third = space.save("  Mine ", _frames(tmp_path), "third.csv", "tidy", "Bo", "Bo")
    assert [(i.slug, i.name, i.requested) for i in (first, second, third)] == [
        ("mine", "Mine", "Mine"),
        ("mine-2", "Mine (2)", "Mine"),
        ("mine-3", "Mine (3)", "Mine"),
    ]
    assert space.list()[0] == [first, second, third]
    assert space.dataset("mine") == first
    frames = space.frames()
    mine = frames.observations[frames.observations.source_id.str.startswith("mine:")]
    assert mine.reset_index(drop=True).equals(tables_before.reset_index(drop=True))
    # Names that make the same slug are the same name: the later one is numbered.
    assert space.save("MINE!", _frames(tmp_path), "x.csv", "tidy", "Bo").name == "MINE! (4)"


def test_owner_defaults_to_the_uploader(tmp_path, space):
    info = space.save("Mine", _frames(tmp_path), "mine.csv", "tidy", "Ana")
    assert (info.uploaded_by, info.owner) == ("Ana", "Ana")
    other = space.save("Theirs", _frames(tmp_path), "mine.csv", "tidy", "Ana", "Bo")
    assert space.dataset(other.slug).owner == "Bo"


def test_a_slug_taken_by_another_process_meanwhile_is_retried(tmp_path, space, monkeypatch):
    import loaders.workspace as module

    space.save("Mine", _frames(tmp_path), "mine.csv", "tidy", "Ana")
    real = module._free_slug
    calls = []

    def stale_view(conn, base):
        # The first look misses the dataset kept "meanwhile", as a racing process would.
        calls.append(base)
        return ("mine", 1) if len(calls) == 1 else real(conn, base)

    monkeypatch.setattr(module, "_free_slug", stale_view)
    info = space.save("Mine", _frames(tmp_path), "mine.csv", "tidy", "Ana")
    assert (info.slug, info.name, len(calls)) == ("mine-2", "Mine (2)", 2)
    assert [i.slug for i in space.list()[0]] == ["mine", "mine-2"]


def test_unreadable_dataset_is_reported_and_the_rest_still_load(tmp_path, space):
    space.save("Good", _frames(tmp_path), "mine.csv", "tidy", "Ana")
    space.save("Broken", _frames(tmp_path), "mine.csv", "tidy", "Ana")
    _sql(
        space,
        "UPDATE dataset_tables SET csv = 'not,a\n\"table' WHERE name = 'observations' AND "
        "dataset_id = (SELECT id FROM datasets WHERE slug = 'broken')",
    )
    frames = space.frames()
    assert frames.sources.source_id.tolist() == ["good:tidy-1"]
    infos, problems = space.list()
    assert [i.slug for i in infos] == ["broken", "good"]
    assert len(problems) == 1
    assert problems[0].startswith("dataset 'broken': expected")


def test_refused_save_changes_nothing(tmp_path, space):
    space.save("Good", _frames(tmp_path), "mine.csv", "tidy", "Ana")
    before = space.checksum()
    with pytest.raises(LoadError, match="a dataset name"):
        space.save(" \t", _frames(tmp_path), "x.csv", "tidy", "Ana")
    with pytest.raises(LoadError, match="at least one accepted figure"):
        space.save("Empty", Frames(), "x.csv", "tidy", "Ana")
    with pytest.raises(LoadError, match="a user name"):
        space.save("No owner", _frames(tmp_path), "x.csv", "tidy", "Ana", "\x00")
    assert space.checksum() == before


BAD_IDS = {
    "integer": 5,
    "numeric text of no dataset": "12345",
    "eight megabytes": "a" * 8 * 1024 * 1024,
    "parent path": "../etc",
    "path": "good/../good",
    "upper case": "GOOD",
    "empty": "",
    "none": None,
    "list": ["good"],
}


@pytest.mark.parametrize("bad", BAD_IDS.values(), ids=BAD_IDS.keys())
def test_a_bad_dataset_id_is_one_load_error_and_changes_nothing(tmp_path, space, bad):
    space.save("Good", _frames(tmp_path), "mine.csv", "tidy", "Ana")
    before = space.checksum()
    for change in (
        lambda: space.dataset(bad),
        lambda: space.set_hidden(bad, True),
        lambda: space.remove(bad),
    ):
        with pytest.raises(LoadError) as refused:
            change()
        assert "dataset id" in str(refused.value) or "existing dataset" in str(refused.value)
        assert len(str(refused.value)) < 200  # an 8 MB id is not echoed back
    assert space.checksum() == before
    # The workspace still works for the good id.
    space.set_hidden("good", True)
    assert space.dataset("good").hidden is True


def test_hidden_must_be_true_or_false(tmp_path, space):
    space.save("Good", _frames(tmp_path), "mine.csv", "tidy", "Ana")
    before = space.checksum()
    with pytest.raises(LoadError, match="hidden as true or false"):
        space.set_hidden("good", "yes")  # type: ignore[arg-type]
    assert space.checksum() == before


def test_checksum_changes_exactly_when_content_does(tmp_path, space):
    seen = [space.checksum()]
    assert space.checksum() == seen[-1]

    def changed() -> bool:
        seen.append(space.checksum())
        return seen[-1] != seen[-2]

    space.save("Good", _frames(tmp_path), "mine.csv", "tidy", "Ana")
    assert changed()
    space.set_hidden("good", True)
    assert changed()
    space.set_hidden("good", True)  # already hidden
    assert not changed()
    space.list(), space.frames(), space.users()  # reading changes nothing
    assert not changed()
    space.add_user("ana", "correct horse", "editor")
    assert changed()
    space.set_password("ana", "battery staple")
    assert changed()
    space.set_role("ana", "admin")
    assert changed()
    space.remove("good")
    assert changed()
    with Workspace(space.root) as again:  # another process sees the same checksum
        assert again.checksum() == seen[-1]


def test_default_root(monkeypatch, tmp_path):
    monkeypatch.setenv("FIGURES_WORKSPACE", str(tmp_path))
    assert default_root() == tmp_path
    monkeypatch.delenv("FIGURES_WORKSPACE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_root() == tmp_path / "xdg" / "trade-figures"


def test_database_url_from_the_environment(monkeypatch, tmp_path):
    other = tmp_path / "elsewhere.sqlite"
    monkeypatch.setenv("FIGURES_DATABASE_URL", f"sqlite:///{other}")
    with Workspace(tmp_path / "ws") as space:
        space.save("Mine", _frames(tmp_path), "mine.csv", "tidy", "Ana")
    assert other.exists()
    assert not (tmp_path / "ws" / "workspace.sqlite").exists()
    with Workspace(tmp_path / "another-root", url=f"sqlite:///{other}") as same:
        assert [i.slug for i in same.list()[0]] == ["mine"]


def test_a_new_database_is_private_in_wal_mode_with_a_schema_version(space):
    path = space.root / "workspace.sqlite"
    assert path.stat().st_mode & 0o777 == 0o600  # it holds password hashes
    assert _sql(space, "PRAGMA journal_mode") == [("wal",)]
    assert _sql(space, "SELECT value FROM meta WHERE key = 'schema_version'") == [("1",)]


def test_a_database_from_a_newer_version_is_refused(space):
    _sql(space, "UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with pytest.raises(LoadError, match="schema version 1 or older, found '2'"):
        Workspace(space.root)


def _keep_in_child(space: Workspace, csv: str) -> None:
    frames, _ = read(csv, "child")
    space.save("From child", frames, "mine.csv", "tidy", "child")


# Python 3.12+ warns when a process with threads forks; gunicorn forks its workers the same way.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_forked_child_opens_its_own_connections(tmp_path, space):
    space.save("From parent", _frames(tmp_path), "mine.csv", "tidy", "Ana")
    (tmp_path / "child.csv").write_text(CSV, encoding="utf-8")
    child = multiprocessing.get_context("fork").Process(
        target=_keep_in_child, args=(space, str(tmp_path / "child.csv"))
    )
    child.start()
    child.join(60)
    assert child.exitcode == 0
    assert [i.slug for i in space.list()[0]] == ["from-child", "from-parent"]
    assert len(space.frames().observations) == 4


KILLED_WRITER = textwrap.dedent(
    """
    import time
    import sqlalchemy as sa
    from loaders.template import read
    from loaders.workspace import Workspace

    @sa.event.listens_for(sa.engine.Engine, "after_cursor_execute")
    def pause(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO DATASET_TABLES"):
            print("HALF WRITTEN", flush=True)
            time.sleep(120)  # killed here, inside the transaction

    frames, _ = read({csv!r}, "tester")
    with Workspace({root!r}) as space:
        space.save("Second", frames, "big.csv", "tidy", "tester")
    """
)


def _big_csv(tmp_path: Path, rows: int = 4000) -> Path:
    lines = "\n".join(
        f"KAZ,CHN,export,{2000 + i % 20}-{1 + i % 12:02d},{i},USD,A,T{i}," for i in range(rows)
    )
    big = tmp_path / "big.csv"
    big.write_text(CSV.splitlines()[0] + "\n" + lines + "\n", encoding="utf-8")
    return big


def test_killing_the_writer_mid_save_leaves_the_workspace_unchanged(tmp_path, space):
    space.save("First", _frames(tmp_path), "mine.csv", "tidy", "Ana")
    before = space.checksum()
    script = KILLED_WRITER.format(csv=str(_big_csv(tmp_path)), root=str(space.root))
    with subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True
    ) as process:
        try:
            line = process.stdout.readline()
            assert line.strip() == "HALF WRITTEN", line
            # The dataset row and its tables are written but not committed: readers (WAL)
            # go on and see none of it.
            assert space.checksum() == before
        finally:
            process.kill()  # SIGKILL: the writer dies halfway through its save
            process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert space.checksum() == before
    infos, problems = space.list()
    assert [i.name for i in infos] == ["First"]
    assert problems == []
    assert len(space.frames().observations) == 2
    # The dead writer's lock went with it: the next save gets the name it wanted.
    second = space.save("Second", _frames(tmp_path), "mine.csv", "tidy", "Ana")
    assert (second.slug, second.name) == ("second", "Second")


KEEPS_SAVING = textwrap.dedent(
    """
    import itertools
    from loaders.template import read
    from loaders.workspace import Workspace

    frames, _ = read({csv!r}, "tester")
    with Workspace({root!r}) as space:
        for n in itertools.count():
            space.save(f"Round {{n}}", frames, "big.csv", "tidy", "tester")
            print("KEPT", flush=True)
    """
)


def test_a_writer_killed_at_any_moment_leaves_each_dataset_whole(tmp_path, space):
    big = _big_csv(tmp_path, rows=800)
    script = KEEPS_SAVING.format(csv=str(big), root=str(space.root))
    for delay in (0.25, 0.6, 1.0):
        with subprocess.Popen(
            [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True
        ) as process:
            try:
                assert process.stdout.readline().strip() == "KEPT"
                time.sleep(delay)
            finally:
                process.kill()
                process.wait(timeout=30)
    infos, problems = space.list()
    assert problems == []
    assert len(infos) >= 3
    frames = space.frames()
    for info in infos:
        assert info.observations == 800
        rows = frames.observations.source_id.str.startswith(f"{info.slug}:")
        assert rows.sum() == 800, info.slug


def _aged(path: Path, seconds: float) -> Path:
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def test_clean_stale_removes_old_temporary_files_and_keeps_fresh_ones(tmp_path, space, monkeypatch):
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    (space.root / "datasets").mkdir()
    old_tmp = space.root / "datasets" / ".mine.dataset.json.x1y2.tmp"
    old_tmp.write_text("half a dataset", encoding="utf-8")
    fresh_tmp = space.root / ".workspace.json.a1b2.tmp"
    fresh_tmp.write_text("{}", encoding="utf-8")
    old_upload = system_tmp / "figures-upload-abc"
    old_upload.mkdir()
    (old_upload / "big.csv").write_text("x", encoding="utf-8")
    fresh_upload = system_tmp / "figures-upload-def"
    fresh_upload.mkdir()
    unrelated = system_tmp / "someone-elses-file.tmp"
    unrelated.write_text("x", encoding="utf-8")
    for path in (old_tmp, old_upload, unrelated, space.root / "workspace.sqlite"):
        _aged(path, 7200)

    assert space.clean_stale(max_age_seconds=3600) == 2
    assert not old_tmp.exists()
    assert not old_upload.exists()
    assert fresh_tmp.exists()
    assert fresh_upload.exists()
    assert unrelated.exists()
    assert space.clean_stale(max_age_seconds=3600) == 0
    assert space.list() == ([], [])  # the database itself is never swept
