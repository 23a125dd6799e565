"""Checked files waiting to be kept: held in the database (any worker can take them), taken
once and only by their owner, bounded in number and in figures, expired."""

from __future__ import annotations

import time

import pandas as pd
import pytest

from loaders.errors import LoadError
from loaders.upload import UploadReport, check_upload
from loaders.workspace import PendingLimits, Workspace

HEADER = "reporter,partner,flow,period,value,currency,source_publisher,source_title,note\n"


def _report(rows: int = 2, bad: bool = False) -> UploadReport:
    """A checked file with ``rows`` figures (and one rejected row when ``bad``)."""
    lines = [f"KAZ,CHN,export,{2000 + n},{n + 1},USD,Agency,Table,кв. {n}" for n in range(rows)]
    if bad:
        lines.append("KAZ,CHN,import,2021,seven,USD,Agency,Table,")
    report = check_upload("mine.csv", (HEADER + "\n".join(lines) + "\n").encode(), "ana")
    assert report.ok, report.error
    return report


@pytest.fixture
def space(tmp_path):
    with Workspace(tmp_path / "ws") as opened:
        yield opened


def test_a_held_report_comes_back_whole(space):
    report = _report(3, bad=True)
    assert len(report.rejected) == 1
    token = space.hold(report, "ana")
    back = space.take(token, "ana")
    assert back is not None
    assert (back.file, back.format, back.error, back.accepted) == ("mine.csv", "tidy", None, 3)
    for name, table in report.frames.tables().items():
        pd.testing.assert_frame_equal(getattr(back.frames, name), table, check_index_type=False)
    pd.testing.assert_frame_equal(back.rejected, report.rejected)


def test_a_refused_report_round_trips_its_error(space):
    report = check_upload("notes.txt", b"hello", "ana")
    assert report.error is not None
    back = space.take(space.hold(report, "ana"), "ana")
    assert back is not None
    assert (back.file, back.frames, back.error) == ("notes.txt", None, report.error)
    pd.testing.assert_frame_equal(back.rejected, report.rejected)


def test_taken_once_and_only_by_its_owner(space):
    token = space.hold(_report(), "ana")
    assert space.take(token, "bo") is None  # someone else's: refused, and still held
    assert space.take(token, "ana") is not None
    assert space.take(token, "ana") is None  # taken already


@pytest.mark.parametrize("token", ["", "no-such-token", "x" * 10_000, 5, None])
def test_an_unknown_token_is_none(space, token):
    space.hold(_report(), "ana")
    assert space.take(token, "ana") is None


def test_another_process_can_take_what_one_held(space):
    token = space.hold(_report(), "ana")
    with Workspace(space.root) as other_worker:
        report = other_worker.take(token, "ana")
    assert report is not None
    assert report.accepted == 2


def test_at_most_so_many_are_held_the_oldest_go_first(space):
    space.pending_limits = PendingLimits(count=2)
    tokens = [space.hold(_report(), "ana") for _ in range(3)]
    assert space.take(tokens[0], "ana") is None
    assert space.take(tokens[1], "ana") is not None
    assert space.take(tokens[2], "ana") is not None


def test_at_most_so_many_figures_are_held_the_oldest_go_first(space):
    space.pending_limits = PendingLimits(rows=5)
    first, second = space.hold(_report(2), "ana"), space.hold(_report(2), "bo")
    third = space.hold(_report(3), "ana")  # 2 + 2 + 3 > 5: the first makes room
    assert space.take(first, "ana") is None
    assert space.take(second, "bo") is not None
    assert space.take(third, "ana") is not None
    with pytest.raises(
        LoadError, match="at most 5 figures to hold until it is kept, found .6 figures."
    ):
        space.hold(_report(6), "ana")


def test_held_files_expire(space):
    space.pending_limits = PendingLimits(seconds=0.2)
    expired, swept = space.hold(_report(), "ana"), space.hold(_report(), "ana")
    time.sleep(0.3)
    assert space.take(expired, "ana") is None
    assert space.clean_stale() == 1  # the other expired one is swept at start
    assert space.take(swept, "ana") is None
    fresh = space.hold(_report(), "ana")
    assert space.take(fresh, "ana") is not None


def test_holding_changes_no_dataset(space):
    before = space.checksum()
    token = space.hold(_report(), "ana")
    assert space.checksum() == before
    space.take(token, "ana")
    assert space.checksum() == before


def test_limits_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FIGURES_MAX_PENDING", "3")
    monkeypatch.setenv("FIGURES_MAX_PENDING_ROWS", "1000")
    monkeypatch.setenv("FIGURES_PENDING_MINUTES", "0.5")
    assert PendingLimits.from_env() == PendingLimits(count=3, rows=1000, seconds=30)
    monkeypatch.setenv("FIGURES_MAX_PENDING", "many")
    with pytest.raises(LoadError, match="FIGURES_MAX_PENDING: expected a whole number"):
        Workspace(tmp_path / "ws")
    monkeypatch.setenv("FIGURES_MAX_PENDING", "3")
    monkeypatch.setenv("FIGURES_PENDING_MINUTES", "-1")
    with pytest.raises(LoadError, match="FIGURES_PENDING_MINUTES: expected a positive number"):
        Workspace(tmp_path / "ws")


def test_the_holder_must_be_a_user_name(space):
    with pytest.raises(LoadError, match="a user name"):
        space.hold(_report(), "")
