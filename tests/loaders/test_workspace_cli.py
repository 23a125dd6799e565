"""`python -m loaders workspace ...`: add, list, hide, show and remove datasets, manage users;
anything refused is exit status 2 and one line on stderr."""

from __future__ import annotations

import argparse
import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from loaders import workspace_cli
from loaders.workspace import Workspace

CSV = (
    "reporter,partner,flow,period,value,currency,source_publisher,source_title\n"
    "KAZ,CHN,export,2021,5,USD,Agency,Table\n"
    "KAZ,CHN,import,2021,7,USD,Agency,Table\n"
    "KAZ,CHN,import,2022,seven,USD,Agency,Table\n"
)
ROOT = Path(__file__).resolve().parents[2]
# The parser of `python -m loaders` as far as this command needs it.
PARSER_SCRIPT = """
import argparse, sys
from loaders import workspace_cli
parser = argparse.ArgumentParser(prog="python -m loaders")
parser.add_argument("--debug", action="store_true")
workspace_cli.register(parser.add_subparsers(dest="command", required=True))
sys.exit(workspace_cli.run(parser.parse_args()))
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m loaders")
    parser.add_argument("--debug", action="store_true")
    workspace_cli.register(parser.add_subparsers(dest="command", required=True))
    return parser


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("FIGURES_WORKSPACE", str(tmp_path / "ws"))
    return tmp_path / "ws"


@pytest.fixture
def mine(tmp_path) -> Path:
    path = tmp_path / "mine.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    status = workspace_cli.run(_parser().parse_args(["workspace", *argv]))
    out, err = capsys.readouterr()
    return status, out, err


def test_add_keeps_a_file_and_says_what_was_kept(capsys, root, mine):
    assert cli(capsys, "add", str(mine), "--name", "Mine", "--by", "ana") == (
        0,
        "Kept 2 figures from mine.csv as 'Mine' (slug mine).\nProblems in rows not kept: 1.\n",
        "",
    )
    status, out, _ = cli(capsys, "add", str(mine), "--name", "Mine", "--by", "bo")
    assert status == 0
    assert out.startswith("Kept 2 figures from mine.csv as 'Mine (2)' (slug mine-2, because ")
    with Workspace(root) as space:
        assert [(i.slug, i.owner) for i in space.list()[0]] == [("mine", "ana"), ("mine-2", "bo")]


def test_add_names_a_dataset_after_its_file_by_default(capsys, root, mine):
    assert cli(capsys, "add", str(mine))[0] == 0
    with Workspace(root) as space:
        (info,) = space.list()[0]
    assert (info.name, info.slug) == ("mine.csv", "mine-csv")


def test_a_refused_file_is_exit_2_and_one_line(capsys, root, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("hello", encoding="utf-8")
    status, out, err = cli(capsys, "add", str(notes))
    assert (status, out) == (2, "")
    assert err == "error: notes.txt: expected a file ending .xlsx, .xls, .csv, found '.txt'\n"
    status, _, err = cli(capsys, "add", str(tmp_path / "missing.csv"))
    assert status == 2
    assert err.startswith("error: missing.csv: expected a readable file (")
    assert err.count("\n") == 1
    with Workspace(root) as space:
        assert space.list() == ([], [])


def test_list_hide_show_remove_by_name_or_slug(capsys, root, mine):
    cli(capsys, "add", str(mine), "--name", "Mine", "--by", "ana")
    cli(capsys, "add", str(mine), "--name", "Mine", "--by", "ana")
    assert cli(capsys, "hide", "Mine") == (0, "Dataset 'Mine' (mine) is now hidden.\n", "")
    assert cli(capsys, "list") == (
        0,
        "name\tslug\tfile\tformat\tfigures\towner\tvisible\n"
        "Mine\tmine\tmine.csv\ttidy\t2\tana\thidden\n"
        "Mine (2)\tmine-2\tmine.csv\ttidy\t2\tana\tshown\n",
        "",
    )
    assert cli(capsys, "show", "mine")[1] == "Dataset 'Mine' (mine) is now shown.\n"
    assert cli(capsys, "remove", "Mine (2)") == (0, "Removed dataset 'Mine (2)' (mine-2).\n", "")
    assert cli(capsys, "list")[1].splitlines()[1:] == ["Mine\tmine\tmine.csv\ttidy\t2\tana\tshown"]


def test_an_unknown_or_ambiguous_dataset_is_exit_2(capsys, root, mine):
    assert cli(capsys, "remove", "Nothing") == (
        2,
        "",
        "error: workspace: expected the name or slug of a kept dataset, found 'Nothing'\n",
    )
    cli(capsys, "add", str(mine), "--name", "Mine")
    cli(capsys, "add", str(mine), "--name", "Other")
    # Two datasets with one name, as the old JSON workspace allowed.
    connection = sqlite3.connect(root / "workspace.sqlite")
    with connection:
        connection.execute("UPDATE datasets SET name = 'Mine' WHERE slug = 'other'")
    connection.close()
    status, _, err = cli(capsys, "hide", "Mine")
    assert status == 2
    assert "a name that picks one dataset; use a slug (mine, other)" in err
    assert cli(capsys, "hide", "other")[0] == 0


def test_list_reports_problems_on_stderr(capsys, root):
    (root / "datasets").mkdir(parents=True)
    (root / "datasets" / "broken.dataset.json").write_text("{", encoding="utf-8")
    status, out, err = cli(capsys, "list")
    assert (status, out) == (0, "name\tslug\tfile\tformat\tfigures\towner\tvisible\n")
    assert err.startswith("problem: broken.dataset.json: expected a readable dataset file")


def test_users_from_the_command_line(capsys, root, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("correct horse\n"))
    assert cli(capsys, "user", "add", "ana", "--role", "admin", "--password-stdin") == (
        0,
        "Added user ana (admin).\n",
        "",
    )
    typed = iter(["battery staple", "battery staple"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(typed))
    assert cli(capsys, "user", "add", "bo", "--role", "viewer")[0] == 0
    assert cli(capsys, "user", "role", "bo", "editor") == (0, "bo is now editor.\n", "")
    status, out, _ = cli(capsys, "user", "list")
    assert status == 0
    assert [line.split("\t")[:2] for line in out.splitlines()] == [
        ["name", "role"],
        ["ana", "admin"],
        ["bo", "editor"],
    ]
    monkeypatch.setattr(sys, "stdin", io.StringIO("a new password\n"))
    assert cli(capsys, "user", "password", "bo", "--password-stdin")[0] == 0
    assert cli(capsys, "user", "remove", "ana") == (0, "Removed user ana.\n", "")
    with Workspace(root) as space:
        assert space.authenticate("bo", "a new password") is not None
        assert space.user("ana") is None


def test_user_refusals_are_exit_2_and_one_line(capsys, root, monkeypatch):
    typed = iter(["correct horse", "correct hose"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(typed))
    assert cli(capsys, "user", "add", "ana", "--role", "admin") == (
        2,
        "",
        "error: password: expected the same password twice\n",
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    status, _, err = cli(capsys, "user", "add", "ana", "--role", "admin", "--password-stdin")
    assert (status, err) == (
        2,
        "error: workspace: expected a password of 8 to 1024 characters, found '5 characters'\n",
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO("correct horse\n"))
    cli(capsys, "user", "add", "ana", "--role", "admin", "--password-stdin")
    monkeypatch.setattr(sys, "stdin", io.StringIO("correct horse\n"))
    status, _, err = cli(capsys, "user", "add", "ana", "--role", "viewer", "--password-stdin")
    assert (status, err) == (
        2,
        "error: workspace: expected a user name not already taken, found 'ana'\n",
    )
    for argv in (("user", "remove", "ghost"), ("user", "role", "ghost", "admin")):
        assert cli(capsys, *argv)[:2] == (2, "")
    status, _, err = cli(capsys, "user", "password", "ghost")  # refused before any prompt
    assert (status, err) == (
        2,
        "error: workspace: expected the name of an existing user, found 'ghost'\n",
    )


def test_a_workspace_that_cannot_be_opened_is_exit_2(capsys, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("FIGURES_WORKSPACE", str(blocker))
    status, out, err = cli(capsys, "list")
    assert (status, out) == (2, "")
    assert err.startswith("error: workspace: could not be used (FileExistsError: ")
    assert err.count("\n") == 1


def test_end_to_end_in_another_process(tmp_path, mine):
    env = {"FIGURES_WORKSPACE": str(tmp_path / "ws"), "PATH": "/usr/bin:/bin"}

    def run(*argv: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", PARSER_SCRIPT, "workspace", *argv],
            cwd=ROOT,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )

    added = run("add", str(mine), "--name", "Mine", "--by", "ana")
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("Kept 2 figures from mine.csv as 'Mine' (slug mine).")
    listed = run("list")
    assert listed.stdout.splitlines()[1] == "Mine\tmine\tmine.csv\ttidy\t2\tana\tshown"
    user = run("user", "add", "ana", "--role", "admin", "--password-stdin", stdin="correct horse\n")
    assert (user.returncode, user.stdout) == (0, "Added user ana (admin).\n")
    refused = run("remove", "nothing")
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1
    with Workspace(tmp_path / "ws") as space:
        assert space.authenticate("ana", "correct horse") is not None
