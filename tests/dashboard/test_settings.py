"""dashboard.settings: local mode serves this machine only; team mode names its hosts."""

from __future__ import annotations

import pytest

from dashboard.settings import Serving, is_loopback


def test_local_mode_by_default():
    serving = Serving.from_env({})
    assert serving.mode == "local"
    assert not serving.sign_in
    assert serving.local_only
    assert serving.hosts == ("localhost", "127.0.0.1", "::1")
    assert serving.where == "served on this machine only, without sign-in"
    serving.check()


def test_local_mode_refuses_to_be_reachable_from_the_network():
    serving = Serving.from_env({"HOST": "0.0.0.0"})
    with pytest.raises(ValueError, match="use `make serve`"):
        serving.check()


def test_team_mode_names_its_hosts_and_says_so():
    serving = Serving.from_env(
        {"FIGURES_MODE": "team", "FIGURES_BIND": "0.0.0.0:8050", "FIGURES_HOSTS": "figures.org"}
    )
    assert serving.sign_in
    assert not serving.local_only
    assert "figures.org" in serving.hosts
    assert "0.0.0.0" not in serving.hosts
    assert serving.where == "served to signed-in users at figures.org"
    serving.check()


def test_team_mode_on_an_address_answers_to_that_address():
    serving = Serving.from_env({"FIGURES_MODE": "team", "FIGURES_BIND": "10.0.0.5:9000"})
    assert "10.0.0.5" in serving.hosts
    assert serving.where == "served to signed-in users at 10.0.0.5"


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="FIGURES_MODE='public': expected local or team"):
        Serving.from_env({"FIGURES_MODE": "public"})


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("localhost", True),
        ("127.0.0.1", True),
        ("[::1]", True),
        ("10.1.2.3", False),
        ("a.b", False),
    ],
)
def test_is_loopback(host, expected):
    assert is_loopback(host) is expected
