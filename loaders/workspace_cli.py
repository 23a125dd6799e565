"""`python -m loaders workspace ...`: the workspace from the command line, for scripting,
tests and adding the users who may sign in.

    workspace add FILE [--name NAME] [--by USER]   check a file and keep it as a dataset
    workspace list                                 the kept datasets, tab-separated
    workspace remove|hide|show NAME_OR_SLUG
    workspace user add NAME --role ROLE [--password-stdin]
    workspace user list | remove NAME | role NAME ROLE | password NAME [--password-stdin]

The workspace is $FIGURES_WORKSPACE (and $FIGURES_DATABASE_URL, see loaders.workspace).
Anything refused is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from loaders.errors import N_, LoadError
from loaders.upload import check_upload
from loaders.workspace import ROLES, DatasetInfo, Workspace

EXIT_BAD_INPUT = 2


class Refused(Exception):
    """A refusal already worded for the user (the check of a file names it and the place)."""


def register(commands: Any) -> None:
    """Add the ``workspace`` command to ``commands`` (an argparse subparsers object)."""
    space = commands.add_parser(
        "workspace",
        help="add, list, hide or remove kept datasets; manage users",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = space.add_subparsers(dest="workspace_command", required=True)
    add = actions.add_parser("add", help="check a file and keep it as a dataset")
    add.add_argument("file", type=Path)
    add.add_argument("--name", help="the dataset's name (default: the file's name)")
    add.add_argument("--by", help="who uploads it and owns the dataset (default: you)")
    actions.add_parser("list", help="the kept datasets, tab-separated with a header")
    for verb, what in (
        ("remove", "delete a dataset"),
        ("hide", "hide a dataset in every page"),
        ("show", "show a dataset in every page"),
    ):
        one = actions.add_parser(verb, help=what)
        one.add_argument("dataset", metavar="NAME_OR_SLUG")

    users = actions.add_parser("user", help="the users who may sign in").add_subparsers(
        dest="user_command", required=True
    )
    user_add = users.add_parser("add", help="add a user (asks for the password twice)")
    user_add.add_argument("name")
    user_add.add_argument("--role", required=True, choices=ROLES)
    user_add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    users.add_parser("list", help="every user and role, tab-separated with a header")
    users.add_parser("remove", help="remove a user").add_argument("name")
    role = users.add_parser("role", help="give a user another role")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    password = users.add_parser("password", help="give a user a new password")
    password.add_argument("name")
    password.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )


def run(args: argparse.Namespace) -> int:
    """Run a parsed ``workspace`` command; returns the exit status (2 when refused)."""
    command = args.workspace_command
    if command == "user":
        command = f"user {args.user_command}"
    try:
        with Workspace() as space:
            COMMANDS[command](space, args)
    except (LoadError, Refused) as error:
        return _refuse(str(error))
    except (KeyboardInterrupt, EOFError):
        return _refuse("interrupted")
    except (SQLAlchemyError, OSError) as error:
        # The database or the workspace folder cannot be used (permissions, a full disk,
        # a server that is down): one line, unless the top-level --debug asks for more.
        if getattr(args, "debug", False):
            raise
        first = " ".join(str(error).split())[:200]
        return _refuse(f"workspace: could not be used ({type(error).__name__}: {first})")
    return 0


def _refuse(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _add(space: Workspace, args: argparse.Namespace) -> None:
    path: Path = args.file
    try:
        content = path.read_bytes()
    except OSError as error:
        raise LoadError(
            path, N_("a readable file"), details=[error.strerror or str(error)]
        ) from None
    by = args.by or _local_user()
    report = check_upload(path.name, content, by)
    if not report.ok or report.frames is None or report.format is None:
        raise Refused(report.error or f"{report.file}: expected figures to keep, found none")
    info = space.save(args.name or report.file, report.frames, report.file, report.format, by)
    renamed = f", because '{info.requested}' exists" if info.name != info.requested else ""
    print(
        f"Kept {info.observations:,} figure{'' if info.observations == 1 else 's'} "
        f"from {info.file} as '{info.name}' "
        f"(slug {info.slug}{renamed})."
    )
    if len(report.rejected):
        print(f"Problems in rows not kept: {len(report.rejected)}.")


def _list(space: Workspace, args: argparse.Namespace) -> None:
    infos, problems = space.list()
    print("name\tslug\tfile\tformat\tfigures\towner\tvisible")
    for info in infos:
        visible = "hidden" if info.hidden else "shown"
        print(
            f"{info.name}\t{info.slug}\t{info.file}\t{info.format}\t{info.observations}\t"
            f"{info.owner}\t{visible}"
        )
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)


def _find(space: Workspace, text: str) -> DatasetInfo:
    """The dataset whose slug, or else whose name, is ``text``."""
    infos, _ = space.list()
    by_slug = [i for i in infos if i.slug == text]
    found = by_slug or [i for i in infos if i.name == text]
    if not found:
        raise LoadError("workspace", N_("the name or slug of a kept dataset"), found=text)
    if len(found) > 1:
        slugs = ", ".join(i.slug for i in found)
        raise LoadError(
            "workspace",
            N_("a name that picks one dataset; use a slug ({slugs})"),
            found=text,
            values={"slugs": slugs},
        )
    return found[0]


def _remove(space: Workspace, args: argparse.Namespace) -> None:
    info = _find(space, args.dataset)
    space.remove(info.slug)
    print(f"Removed dataset '{info.name}' ({info.slug}).")


def _visibility(hidden: bool) -> Callable[[Workspace, argparse.Namespace], None]:
    def change(space: Workspace, args: argparse.Namespace) -> None:
        info = _find(space, args.dataset)
        space.set_hidden(info.slug, hidden)
        print(f"Dataset '{info.name}' ({info.slug}) is now {'hidden' if hidden else 'shown'}.")

    return change


def _user_add(space: Workspace, args: argparse.Namespace) -> None:
    user = space.add_user(args.name, _new_password(args.password_stdin), args.role)
    print(f"Added user {user.name} ({user.role}).")


def _user_list(space: Workspace, args: argparse.Namespace) -> None:
    print("name\trole\tcreated")
    for user in space.users():
        print(f"{user.name}\t{user.role}\t{user.created_at}")


def _user_remove(space: Workspace, args: argparse.Namespace) -> None:
    space.remove_user(args.name)
    print(f"Removed user {args.name}.")


def _user_role(space: Workspace, args: argparse.Namespace) -> None:
    space.set_role(args.name, args.role)
    print(f"{args.name} is now {args.role}.")


def _user_password(space: Workspace, args: argparse.Namespace) -> None:
    if space.user(args.name) is None:  # before asking for a password to throw away
        raise LoadError("workspace", N_("the name of an existing user"), found=args.name)
    space.set_password(args.name, _new_password(args.password_stdin))
    print(f"Changed the password of {args.name}.")


def _new_password(from_stdin: bool) -> str:
    """One line of standard input, or typed twice at a prompt that does not echo it."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise LoadError("password", N_("the same password twice"))
    return first


def _local_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "command line"


COMMANDS: dict[str, Callable[[Workspace, argparse.Namespace], None]] = {
    "add": _add,
    "list": _list,
    "remove": _remove,
    "hide": _visibility(True),
    "show": _visibility(False),
    "user add": _user_add,
    "user list": _user_list,
    "user remove": _user_remove,
    "user role": _user_role,
    "user password": _user_password,
}
