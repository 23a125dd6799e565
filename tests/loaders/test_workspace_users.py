"""Users who may sign in: added, checked, given a role, removed; names and roles checked;
password hashes stored as werkzeug writes them and never handed out."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest

from loaders.errors import LoadError
from loaders.workspace import UserInfo, Workspace


@pytest.fixture
def space(tmp_path):
    with Workspace(tmp_path / "ws") as opened:
        yield opened


def _stored_hash(space: Workspace, name: str) -> str:
    connection = sqlite3.connect(space.root / "workspace.sqlite")
    try:
        (found,) = connection.execute(
            "SELECT password_hash FROM users WHERE name = ?", (name,)
        ).fetchone()
    finally:
        connection.close()
    return found


def test_add_authenticate_change_role_remove(space):
    added = space.add_user("Ana Ivanova", "correct horse", "editor")
    assert added == UserInfo("Ana Ivanova", "editor", added.created_at)
    assert space.authenticate("Ana Ivanova", "correct horse") == added
    assert space.authenticate("Ana Ivanova", "wrong horse") is None
    assert space.authenticate("ana ivanova", "correct horse") is None  # names are exact
    assert space.authenticate("Nobody", "correct horse") is None
    space.set_role("Ana Ivanova", "admin")
    assert space.user("Ana Ivanova") == UserInfo("Ana Ivanova", "admin", added.created_at)
    space.set_password("Ana Ivanova", "battery staple")
    assert space.authenticate("Ana Ivanova", "correct horse") is None
    assert space.authenticate("Ana Ivanova", "battery staple") is not None
    space.add_user("Bo", "another password", "viewer")
    assert [u.name for u in space.users()] == ["Ana Ivanova", "Bo"]
    space.remove_user("Ana Ivanova")
    assert space.user("Ana Ivanova") is None
    assert space.authenticate("Ana Ivanova", "battery staple") is None
    assert [u.name for u in space.users()] == ["Bo"]


def test_a_hash_is_never_handed_out(space):
    space.add_user("ana", "correct horse", "admin")
    stored = _stored_hash(space, "ana")
    assert stored.startswith("scrypt:32768:8:1$")
    assert [f.name for f in dataclasses.fields(UserInfo)] == ["name", "role", "created_at"]
    for shown in (space.user("ana"), space.users(), space.authenticate("ana", "correct horse")):
        assert "scrypt" not in repr(shown)
        assert stored.rsplit("$", 1)[1] not in repr(shown)


def test_a_duplicate_user_is_refused_and_changes_nothing(space):
    space.add_user("ana", "correct horse", "editor")
    before = space.checksum()
    with pytest.raises(LoadError, match="a user name not already taken, found 'ana'"):
        space.add_user("ana", "another one", "admin")
    assert space.checksum() == before
    assert space.user("ana").role == "editor"


BAD_NAMES = {
    "empty": "",
    "too long": "a" * 81,
    "control character": "ana\x00",
    "newline": "ana\nadmin",
    "outer space": " ana",
    "not text": 5,
}


@pytest.mark.parametrize("name", BAD_NAMES.values(), ids=BAD_NAMES.keys())
def test_a_bad_user_name_is_refused(space, name):
    with pytest.raises(LoadError, match="a user name of 1 to 80 characters"):
        space.add_user(name, "correct horse", "viewer")
    assert space.user(name) is None
    assert space.authenticate(name, "correct horse") is None
    assert space.users() == []


def test_roles_and_passwords_are_checked(space):
    with pytest.raises(LoadError, match="a role among viewer, editor, admin, found 'root'"):
        space.add_user("ana", "correct horse", "root")
    with pytest.raises(LoadError, match="a password of 8 to 1024 characters") as short:
        space.add_user("ana", "secret", "viewer")
    assert "secret" not in str(short.value)  # only its length is said
    space.add_user("ana", "correct horse", "viewer")
    with pytest.raises(LoadError, match="a role among"):
        space.set_role("ana", "Admin")
    with pytest.raises(LoadError, match="a password of"):
        space.set_password("ana", "")
    assert space.authenticate("ana", None) is None  # type: ignore[arg-type]
    assert space.user("ana").role == "viewer"


def test_changing_a_missing_user_is_refused(space):
    for change in (
        lambda: space.set_role("ghost", "admin"),
        lambda: space.set_password("ghost", "correct horse"),
        lambda: space.remove_user("ghost"),
    ):
        with pytest.raises(LoadError, match="the name of an existing user, found 'ghost'"):
            change()


def test_an_unknown_name_costs_the_same_hash_as_a_wrong_password(space, monkeypatch):
    import loaders.workspace as module

    space.add_user("ana", "correct horse", "viewer")
    module._dummy_hash()  # made once per process, on the first unknown name
    real, hashed = module.check_password_hash, []

    def counted(stored, password):
        hashed.append(password)
        return real(stored, password)

    monkeypatch.setattr(module, "check_password_hash", counted)
    for name in ("ana", "nobody", "x" * 500):
        hashed.clear()
        assert space.authenticate(name, "wrong horse") is None
        assert hashed == ["wrong horse"], name
