"""Two server processes on one workspace keeping the same name at the same moment: every
dataset is kept under its own slug, and each process is told what was really kept."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from loaders.template import read
from loaders.workspace import Workspace

CSV = (
    "reporter,partner,flow,period,value,currency,source_publisher,source_title\n"
    "KAZ,CHN,export,2021,5,USD,Agency,Table\n"
    "KAZ,CHN,import,2021,7,USD,Agency,Table\n"
)
KEEPS_EACH = 6


def keep_many(root: str, csv: str, who: str, start, results) -> None:
    """One worker: keep "Mine" several times, as fast as it can, once both are ready."""
    frames, _ = read(csv, who)
    with Workspace(root) as space:
        start.wait(timeout=60)
        kept = [space.save("Mine", frames, "mine.csv", "tidy", who) for _ in range(KEEPS_EACH)]
    results.put(kept)


def test_two_processes_keeping_the_same_name_lose_nothing(tmp_path: Path):
    csv = tmp_path / "mine.csv"
    csv.write_text(CSV, encoding="utf-8")
    root = tmp_path / "ws"
    Workspace(root).close()  # created once, as `make serve` does before the workers start
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(2), context.Queue()
    workers = [
        context.Process(target=keep_many, args=(str(root), str(csv), who, start, results))
        for who in ("ana", "bo")
    ]
    for worker in workers:
        worker.start()
    kept = [info for _ in workers for info in results.get(timeout=120)]
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0

    slugs = sorted(info.slug for info in kept)
    assert len(kept) == 2 * KEEPS_EACH
    assert len(set(slugs)) == len(kept)
    expected = ["mine", *(f"mine-{n}" for n in range(2, 2 * KEEPS_EACH + 1))]
    assert sorted(slugs) == sorted(expected)
    with Workspace(root) as space:
        stored, problems = space.list()
        assert problems == []
        assert sorted(stored, key=lambda i: i.slug) == sorted(kept, key=lambda i: i.slug)
        for info in kept:
            assert space.dataset(info.slug) == info
            assert info.requested == "Mine"
            assert info.name == ("Mine" if info.slug == "mine" else f"Mine ({info.slug[5:]})")
        frames = space.frames()
    assert len(frames.observations) == 2 * 2 * KEEPS_EACH
    # Each dataset's figures carry its own slug: none was written over another.
    per_dataset = frames.observations.source_id.str.split(":").str[0].value_counts()
    assert per_dataset.to_dict() == {slug: 2 for slug in slugs}
    by_uploader = frames.sources.note.str.extract(r"Uploaded by (\w+)")[0].value_counts()
    assert by_uploader.to_dict() == {"ana": KEEPS_EACH, "bo": KEEPS_EACH}


def test_threads_of_one_process_share_a_workspace(tmp_path: Path):
    csv = tmp_path / "mine.csv"
    csv.write_text(CSV, encoding="utf-8")
    frames, _ = read(csv, "ana")
    with Workspace(tmp_path / "ws") as space, ThreadPoolExecutor(4) as pool:
        kept = list(
            pool.map(lambda _: space.save("Mine", frames, "mine.csv", "tidy", "ana"), range(8))
        )
        assert sorted(i.slug for i in kept) == sorted(i.slug for i in space.list()[0])
    assert len({i.slug for i in kept}) == 8
