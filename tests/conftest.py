"""Shared fixtures: the real data directory (skipped with a reason when absent)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FIGURES_SHARED_DIR", ROOT.parent / "shared"))
REALDATA = SHARED / "realdata"
SEED = SHARED / "seed"


def pytest_configure(config):
    # Tests never touch the user's own workspace (~/.local/share/trade-figures).
    if "FIGURES_WORKSPACE" not in os.environ:
        os.environ["FIGURES_WORKSPACE"] = tempfile.mkdtemp(prefix="figures-test-workspace-")
    # Nor the user's cache of API answers (~/.cache/figures).
    if "FIGURES_CACHE" not in os.environ:
        os.environ["FIGURES_CACHE"] = tempfile.mkdtemp(prefix="figures-test-cache-")


@pytest.fixture(scope="session")
def realdata() -> Path:
    """../shared/realdata, or a skip saying why the test cannot run here."""
    if not REALDATA.is_dir():
        pytest.skip(f"{REALDATA} is absent: real official files are not shipped with the repo")
    return REALDATA


@pytest.fixture(scope="session")
def seed() -> Path:
    """../shared/seed, or a skip saying why."""
    if not SEED.is_dir():
        pytest.skip(f"{SEED} is absent: the seed article is not shipped with the repo")
    return SEED
