"""The user's workspace: kept datasets, checked files waiting to be kept, and the users who
may sign in, in one database shared by every server process.

Where it lives
    ``Workspace(root)`` uses ``<root>/workspace.sqlite`` (root: ``$FIGURES_WORKSPACE``, else
    ``~/.local/share/trade-figures``). SQLite runs in WAL mode (readers never wait for a
    writer), with a busy timeout (a writer waits for another instead of failing) and foreign
    keys on; every write is one ``BEGIN IMMEDIATE`` transaction, so a crash or a kill at any
    point leaves the workspace as it was before that write or wholly after it.

PostgreSQL, for a bigger team
    Set ``FIGURES_DATABASE_URL`` (or pass ``url=``) to a SQLAlchemy URL, install a driver
    and create an empty database the app's user owns::

        pip install 'psycopg[binary]'
        createdb figures
        export FIGURES_DATABASE_URL=postgresql+psycopg://figures:SECRET@dbhost/figures
        python -m loaders workspace list        # creates the tables once

    ``$FIGURES_WORKSPACE`` still holds the temporary files :meth:`Workspace.clean_stale`
    sweeps and any old JSON datasets to import. Create the tables with one command (as
    above) before starting several workers: two processes creating them at the same moment
    on PostgreSQL can fail. Not tested here (no PostgreSQL server on the build machine): the
    SQL is plain SQLAlchemy Core, and a same-name keep is protected by the UNIQUE slug and
    its retry on both databases; the pending-check bounds, which SQLite enforces exactly,
    may be overshot by a few checks while several workers hold files at the same instant.

A second dataset with the same name
    Nothing is ever overwritten. A dataset's slug (its id: lower-case letters, digits and
    hyphens) is unique in the database. Keeping "Mine" when slug ``mine`` is taken keeps it
    as "Mine (2)" with slug ``mine-2`` (then "Mine (3)", ``mine-3``, the first free number);
    :attr:`DatasetInfo.requested` keeps the name asked for, so a page can say "kept as
    'Mine (2)' because 'Mine' exists". Two names that make the same slug ("A.B", "A B")
    count as the same name. The slug is chosen, then inserted under the UNIQUE constraint;
    a process that loses the race to another retries with the next free number.

Checked files waiting to be kept
    :meth:`Workspace.hold` stores a checked file in the database (zlib-compressed CSV
    text), so a Keep can reach any worker; at most ``FIGURES_MAX_PENDING`` (20) files and
    ``FIGURES_MAX_PENDING_ROWS`` (2,000,000) figures are held, the oldest go first, and each
    expires after ``FIGURES_PENDING_MINUTES`` (30).

Users
    Roles ``viewer``, ``editor``, ``admin``. Passwords are stored as scrypt hashes made by
    ``werkzeug.security`` (its password hashing, not its web stack).

An old workspace
    A root that still holds the JSON layout of format version 1 (``datasets/*.dataset.json``
    and ``workspace.json``) is imported the first time it is opened, in one transaction,
    with its hidden flags, and uploaded_by as each dataset's owner. The imported files move
    to ``<root>/imported-json/``; a file that cannot be read stays where it is and
    :meth:`Workspace.list` reports it.
"""

from __future__ import annotations

import builtins
import contextlib
import functools
import hashlib
import json
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import NullPool
from werkzeug.security import check_password_hash, generate_password_hash

from loaders import Frames, schema
from loaders.errors import N_, LoadError, Phrase
from loaders.tables import table_from_text, to_csv_text
from loaders.upload import UploadReport

APP_NAME = "trade-figures"
DATABASE_FILE = "workspace.sqlite"
SCHEMA_VERSION = 1
ROLES = ("viewer", "editor", "admin")
# How a dataset came, and what its sources' notes say of it (Workspace.save).
HOWS = {
    "upload": "Uploaded by {by} from the file {file}",
    "fetch": "Fetched by {by} ({file})",
    "article": "Checked and kept by {by} from the article {file}",
}
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
# Messages about the workspace itself (not one file) name it like this.
WHERE = Phrase(N_("workspace"))  # what a refusal names in place of a file

LEGACY_FORMAT_VERSION = 1
LEGACY_SUFFIX = ".dataset.json"
IMPORTED_DIR = "imported-json"

BUSY_TIMEOUT_MS = 30_000
# Each failed attempt means another process kept a dataset with the same slug meanwhile;
# this many at once only happens if something is wrong.
SAVE_ATTEMPTS = 50
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

_metadata = sa.MetaData()
_meta = sa.Table(
    "meta",
    _metadata,
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
_datasets = sa.Table(
    "datasets",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("slug", sa.String(80), nullable=False, unique=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("requested", sa.Text, nullable=False),
    sa.Column("file", sa.Text, nullable=False),
    sa.Column("format", sa.String(40), nullable=False),
    sa.Column("uploaded_at", sa.String(40), nullable=False),
    sa.Column("uploaded_by", sa.Text, nullable=False),
    sa.Column("owner", sa.String(80), nullable=False),
    sa.Column("observations", sa.Integer, nullable=False),
    sa.Column("hidden", sa.Boolean, nullable=False, default=False),
    # SHA-256 of the tables: checksum() hashes this instead of re-reading every table.
    sa.Column("digest", sa.String(64), nullable=False),
)
_tables = sa.Table(
    "dataset_tables",
    _metadata,
    sa.Column(
        "dataset_id",
        sa.Integer,
        sa.ForeignKey("datasets.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("csv", sa.Text, nullable=False),
)
_pending = sa.Table(
    "pending",
    _metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("token", sa.String(64), nullable=False, unique=True),
    sa.Column("owner", sa.String(80), nullable=False),
    sa.Column("created", sa.Float, nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("report", sa.LargeBinary, nullable=False),
)
_users = sa.Table(
    "users",
    _metadata,
    sa.Column("name", sa.String(80), primary_key=True),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.CheckConstraint(f"role IN {ROLES!r}", name="known_role"),
)


def default_root() -> Path:
    """$FIGURES_WORKSPACE, else ~/.local/share/trade-figures (XDG_DATA_HOME respected)."""
    if os.environ.get("FIGURES_WORKSPACE"):
        return Path(os.environ["FIGURES_WORKSPACE"])
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME


def slugify(name: str) -> str:
    """A URL- and file-safe id for a dataset name."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:60].strip("-") or "dataset"


@dataclass(frozen=True)
class DatasetInfo:
    """What the workspace lists about a dataset. ``owner`` may hide or remove it;
    ``requested`` is the name asked for, which differs from ``name`` when that was taken."""

    slug: str
    name: str
    file: str
    format: str
    uploaded_at: str
    uploaded_by: str
    observations: int
    hidden: bool
    owner: str
    requested: str


@dataclass(frozen=True)
class UserInfo:
    """A user who may sign in (never with the password hash)."""

    name: str
    role: str
    created_at: str


@dataclass(frozen=True)
class PendingLimits:
    """How many checked files, and figures in all, wait to be kept, and for how long."""

    count: int = 20
    rows: int = 2_000_000
    seconds: float = 30 * 60

    @classmethod
    def from_env(cls) -> PendingLimits:
        """From FIGURES_MAX_PENDING, FIGURES_MAX_PENDING_ROWS and FIGURES_PENDING_MINUTES."""
        return cls(
            count=int(_env_number("FIGURES_MAX_PENDING", cls.count, whole=True)),
            rows=int(_env_number("FIGURES_MAX_PENDING_ROWS", cls.rows, whole=True)),
            seconds=_env_number("FIGURES_PENDING_MINUTES", cls.seconds / 60, whole=False) * 60,
        )


def _env_number(name: str, default: float, whole: bool) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        value = 0
    if value <= 0:
        kind = N_("a whole number of at least 1") if whole else N_("a positive number")
        raise LoadError(name, kind, found=raw)
    return value


class Workspace:
    """Datasets, checked files waiting to be kept, and users, in one database.

    One object serves every thread of a process; after a fork the child opens its own
    engine (the parent's connections are never used across processes).
    """

    def __init__(self, root: str | Path | None = None, url: str | None = None):
        self.root = Path(root) if root is not None else default_root()
        self.datasets_dir = self.root / "datasets"  # the old JSON layout, imported once
        self.state_file = self.root / "workspace.json"
        self.pending_limits = PendingLimits.from_env()
        url = url or os.environ.get("FIGURES_DATABASE_URL") or None
        if url is None:
            self._create_private_database(self.root / DATABASE_FILE)
            self.url: URL = URL.create("sqlite", database=str(self.root / DATABASE_FILE))
        else:
            self.url = make_url(url)
        self._lock = threading.Lock()
        self._engine_pid = 0
        self._engine_object: Engine | None = None
        # Datasets whose stored tables frames() could not read: slug -> (digest, message).
        self._unreadable: dict[str, tuple[str, str]] = {}  # slug -> (digest, a Phrase)
        # Old JSON files left unimported: (name, mtime, size) -> why (a Phrase).
        self._legacy_messages: dict[tuple[str, int, int], str] = {}
        try:
            self._open()
            self._import_legacy()
        except BaseException:
            self.close()  # a refused workspace keeps no connection open
            raise

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release this process's database connections (a later call opens them again)."""
        with self._lock:
            if self._engine_object is not None and self._engine_pid == os.getpid():
                self._engine_object.dispose()
            self._engine_object = None

    # ------------------------------------------------------------- database

    def _create_private_database(self, path: Path) -> None:
        # The database holds password hashes: only its owner may read it. SQLite gives its
        # -wal and -shm files the mode of the database file, so creating it first is enough.
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))

    def _engine(self) -> Engine:
        with self._lock:
            if self._engine_object is None or self._engine_pid != os.getpid():
                if self._engine_object is not None:
                    # Forked: the parent's pooled connections are the parent's to close.
                    self._engine_object.dispose(close=False)
                self._engine_object = _create_engine(self.url)
                self._engine_pid = os.getpid()
            return self._engine_object

    @contextlib.contextmanager
    def _read(self) -> Iterator[Connection]:
        """A read transaction: one consistent snapshot of the workspace."""
        with self._engine().connect() as conn, conn.begin():
            yield conn

    @contextlib.contextmanager
    def _write(self) -> Iterator[Connection]:
        """A write transaction; on SQLite it takes the write lock at BEGIN, so the reads
        it makes (which slug is free, what is held) are still true when it writes."""
        with self._engine().connect() as conn:
            conn.execution_options(**{_WRITE_OPTION: True})
            with conn.begin():
                yield conn

    def _open(self) -> None:
        """Create the tables of a new database and check the schema version of an old one."""
        with self._write() as conn:
            _metadata.create_all(conn)
            found = conn.execute(
                sa.select(_meta.c.value).where(_meta.c.key == "schema_version")
            ).scalar()
            if found is None:
                conn.execute(sa.insert(_meta).values(key="schema_version", value="1"))
            elif not found.isdigit() or int(found) > SCHEMA_VERSION:
                raise LoadError(
                    WHERE,
                    N_("a workspace database of schema version {version} or older"),
                    found=found,
                    details=[Phrase(N_("it was written by a newer version of this app"))],
                    values={"version": SCHEMA_VERSION},
                )

    # -------------------------------------------------------------- reading

    def list(self) -> tuple[list[DatasetInfo], list[str]]:
        """Datasets by slug, and a message for each thing that cannot be read: an old JSON
        dataset left unimported, or a dataset whose tables :meth:`frames` could not read
        in this process."""
        with self._read() as conn:
            rows = conn.execute(sa.select(_datasets).order_by(_datasets.c.slug)).all()
        problems = self._legacy_problems()
        for row in rows:
            digest, message = self._unreadable.get(row.slug, ("", ""))
            if digest == row.digest:  # not a later dataset kept under the same slug
                problems.append(message)
        return [_info(row) for row in rows], problems

    def frames(self, visible_only: bool = True) -> Frames:
        """The tables of every (visible) dataset, validated; a dataset that cannot be read
        is left out and reported by :meth:`list`."""
        query = (
            sa.select(_datasets.c.slug, _datasets.c.digest, _tables.c.name, _tables.c.csv)
            .join(_tables, _tables.c.dataset_id == _datasets.c.id)
            .order_by(_datasets.c.slug, _tables.c.name)
        )
        if visible_only:
            query = query.where(_datasets.c.hidden.is_(False))
        with self._read() as conn:
            rows = conn.execute(query).all()
        stored: dict[tuple[str, str], dict[str, str]] = {}
        for row in rows:
            stored.setdefault((row.slug, row.digest), {})[row.name] = row.csv
        parts = []
        for (slug, digest), texts in stored.items():
            try:
                parts.append(
                    _frames_from_texts(texts, Phrase(N_("dataset {name}"), name=repr(slug)))
                )
            except LoadError as error:
                self._unreadable[slug] = (digest, Phrase.of(error))
        return Frames.concat(parts) if parts else Frames()

    def dataset(self, slug: str) -> DatasetInfo:
        """The dataset ``slug``; LoadError if the id is malformed or names no dataset."""
        slug = _checked_slug(slug)
        with self._read() as conn:
            row = conn.execute(sa.select(_datasets).where(_datasets.c.slug == slug)).first()
        if row is None:
            raise LoadError(WHERE, N_("the id of an existing dataset"), found=slug)
        return _info(row)

    def checksum(self) -> str:
        """SHA-256 over every dataset (its description, visibility and tables) and every user;
        cheap enough to poll, it changes exactly when one of those does."""
        with self._read() as conn:
            datasets = conn.execute(
                sa.select(*[c for c in _datasets.c if c.name != "id"]).order_by(_datasets.c.slug)
            ).all()
            users = conn.execute(sa.select(_users).order_by(_users.c.name)).all()
        content = [[list(row) for row in datasets], [list(row) for row in users]]
        return hashlib.sha256(json.dumps(content, default=str).encode()).hexdigest()

    # ------------------------------------------------------------- datasets

    def save(
        self,
        name: str,
        frames: Frames,
        file: str,
        fmt: str,
        uploaded_by: str,
        owner: str | None = None,
        how: str = "upload",
    ) -> DatasetInfo:
        """Keep ``frames`` as a new dataset called ``name`` (renamed "name (2)" if taken;
        never overwriting); returns what was kept. ``owner`` (default: ``uploaded_by``) is
        the user who may hide or remove it.

        Source ids get the dataset's slug as prefix (no clash with the shipped data or
        another upload), and each source row says who uploaded which file when. ``how``
        the frames came: "upload" (a user's file: its sources become kind upload, never
        official), "fetch" (a publisher's own API: the sources keep their kind, URL and
        retrieval date, so the figures stay official) or "article" (press claims a user
        checked on the Check an article page: they stay press claims).
        """
        if how not in HOWS:
            raise ValueError(f"how must be one of {', '.join(HOWS)}, not {how!r}")
        requested = _CONTROL.sub(" ", " ".join(str(name).split()))[:80].strip()
        if not requested:
            raise LoadError(file, N_("a dataset name"))
        owner = _user_name(uploaded_by if owner is None else owner)
        if frames.observations.empty and frames.rates.empty:
            raise LoadError(file, N_("at least one accepted figure or exchange rate to keep"))
        now = datetime.now(UTC).replace(microsecond=0)
        base = slugify(requested)
        for _ in range(SAVE_ATTEMPTS):
            with self._read() as conn:
                slug, number = _free_slug(conn, base)
            # The slow part (prefixing, validating, writing CSV) runs before the write lock.
            kept = _rekeyed(frames, slug, file, uploaded_by, now, how).validated(file)
            texts = {n: to_csv_text(t) for n, t in kept.tables().items() if len(t)}
            info = DatasetInfo(
                slug=slug,
                name=requested if number == 1 else f"{requested} ({number})",
                file=file,
                format=fmt,
                uploaded_at=now.isoformat(),
                uploaded_by=uploaded_by,
                # What the dataset gives: figures, or (a rate table) exchange rates.
                observations=len(kept.observations) or len(kept.rates),
                hidden=False,
                owner=owner,
                requested=requested,
            )
            try:
                with self._write() as conn:
                    _insert_dataset(conn, info, texts)
            except IntegrityError as error:
                # Another process kept the same slug meanwhile (and may have removed it
                # again since, so the constraint's name decides, not a second look).
                if "slug" not in str(error.orig):
                    raise  # some other constraint failed: a bug, not a race
                continue
            return info
        raise LoadError(
            file, N_("a free dataset name"), found=requested, details=[Phrase(N_("try again"))]
        )

    def set_hidden(self, slug: str, hidden: bool) -> None:
        """Show or hide a dataset in every page."""
        slug = _checked_slug(slug)
        if not isinstance(hidden, bool):
            raise LoadError(WHERE, N_("hidden as true or false"), found=hidden)
        self._change_one(
            sa.update(_datasets).where(_datasets.c.slug == slug).values(hidden=hidden),
            "the id of an existing dataset",
            slug,
        )

    def remove(self, slug: str) -> None:
        """Delete a dataset and its tables in one transaction."""
        slug = _checked_slug(slug)
        self._change_one(
            sa.delete(_datasets).where(_datasets.c.slug == slug),
            "the id of an existing dataset",
            slug,
        )

    def _change_one(self, statement: sa.Update | sa.Delete, expected: str, found: str) -> None:
        """Run an UPDATE or DELETE that must change exactly one row; LoadError otherwise."""
        with self._write() as conn:
            if conn.execute(statement).rowcount != 1:
                raise LoadError(WHERE, expected, found=found)

    # ------------------------------------------------------- pending checks

    def hold(self, report: UploadReport, owner: str) -> str:
        """Hold a checked file until ``owner`` keeps it; returns the token that takes it.

        The oldest held files go first when more than FIGURES_MAX_PENDING are held or their
        figures would pass FIGURES_MAX_PENDING_ROWS; expired ones are dropped here too.
        """
        owner = _user_name(owner)
        limits = self.pending_limits
        if report.accepted > limits.rows:
            raise LoadError(
                report.file,
                N_("a checked file of at most {rows} figures to hold until it is kept"),
                found=Phrase(N_("{rows} figures"), rows=f"{report.accepted:,}"),
                details=[
                    Phrase(N_("set {variable} to hold more"), variable="FIGURES_MAX_PENDING_ROWS")
                ],
                values={"rows": f"{limits.rows:,}"},
            )
        blob = _encode_report(report)
        token = secrets.token_urlsafe(24)
        now = time.time()
        with self._write() as conn:
            conn.execute(sa.delete(_pending).where(_pending.c.created < now - limits.seconds))
            held = conn.execute(
                sa.select(_pending.c.seq, _pending.c.rows).order_by(_pending.c.seq)
            ).all()
            count, total = len(held), sum(row.rows for row in held)
            oldest = []
            for row in held:
                if count < limits.count and total + report.accepted <= limits.rows:
                    break
                oldest.append(row.seq)
                count, total = count - 1, total - row.rows
            if oldest:
                conn.execute(sa.delete(_pending).where(_pending.c.seq.in_(oldest)))
            conn.execute(
                sa.insert(_pending).values(
                    token=token, owner=owner, created=now, rows=report.accepted, report=blob
                )
            )
        return token

    def take(self, token: str, owner: str) -> UploadReport | None:
        """The file held under ``token`` for ``owner``, no longer held; None if it was taken,
        has expired, is unknown or is someone else's (which stays held for them)."""
        if not isinstance(token, str) or not isinstance(owner, str) or len(token) > 64:
            return None
        with self._write() as conn:
            row = conn.execute(
                sa.select(_pending.c.created, _pending.c.report).where(
                    _pending.c.token == token, _pending.c.owner == owner
                )
            ).first()
            if row is None:
                return None
            conn.execute(sa.delete(_pending).where(_pending.c.token == token))
        if row.created < time.time() - self.pending_limits.seconds:
            return None
        return _decode_report(row.report)

    # ---------------------------------------------------------------- users

    def add_user(self, name: str, password: str, role: str) -> UserInfo:
        """Add a user who may sign in; LoadError if the name is taken or anything is invalid."""
        name, role = _user_name(name), _role(role)
        password_hash = generate_password_hash(_password(password))
        created_at = datetime.now(UTC).replace(microsecond=0).isoformat()
        try:
            with self._write() as conn:
                conn.execute(
                    sa.insert(_users).values(
                        name=name, role=role, password_hash=password_hash, created_at=created_at
                    )
                )
        except IntegrityError:
            raise LoadError(WHERE, N_("a user name not already taken"), found=name) from None
        return UserInfo(name, role, created_at)

    def set_password(self, name: str, password: str) -> None:
        """Give an existing user a new password."""
        name = _user_name(name)
        self._update_user(name, password_hash=generate_password_hash(_password(password)))

    def set_role(self, name: str, role: str) -> None:
        """Give an existing user another role."""
        self._update_user(_user_name(name), role=_role(role))

    def _update_user(self, name: str, **values: str) -> None:
        statement = sa.update(_users).where(_users.c.name == name).values(**values)
        self._change_one(statement, "the name of an existing user", name)

    def remove_user(self, name: str) -> None:
        """Remove a user (their datasets stay, with their name as owner)."""
        name = _user_name(name)
        statement = sa.delete(_users).where(_users.c.name == name)
        self._change_one(statement, "the name of an existing user", name)

    def users(self) -> builtins.list[UserInfo]:
        """Every user, by name."""
        with self._read() as conn:
            rows = conn.execute(
                sa.select(_users.c.name, _users.c.role, _users.c.created_at).order_by(_users.c.name)
            ).all()
        return [UserInfo(*row) for row in rows]

    def user(self, name: str) -> UserInfo | None:
        """The user called ``name``, or None (also for a name no user could have)."""
        row = self._user_row(name)
        return None if row is None else UserInfo(row.name, row.role, row.created_at)

    def _user_row(self, name: object) -> sa.Row[Any] | None:
        if not _is_user_name(name):
            return None
        with self._read() as conn:
            return conn.execute(sa.select(_users).where(_users.c.name == name)).first()

    def authenticate(self, name: str, password: str) -> UserInfo | None:
        """The user if ``password`` is theirs, else None. An unknown name costs the same
        hash as a wrong password, so timing does not tell which names exist."""
        row = self._user_row(name)
        stored = row.password_hash if row is not None else _dummy_hash()
        matches = isinstance(password, str) and check_password_hash(stored, password)
        if row is None or not matches:
            return None
        return UserInfo(row.name, row.role, row.created_at)

    # -------------------------------------------------------- housekeeping

    def clean_stale(self, max_age_seconds: float = 3600) -> int:
        """Remove expired checked files, and temporary files a crash left: ``.tmp`` files of
        :func:`loaders.files.atomic_write` in the workspace and ``figures-upload-*``
        directories in the system temporary directory, older than ``max_age_seconds``.
        Returns how many things were removed. The app calls it at start."""
        with self._write() as conn:
            expired = time.time() - self.pending_limits.seconds
            removed = conn.execute(sa.delete(_pending).where(_pending.c.created < expired))
            count = removed.rowcount
        cutoff = time.time() - max_age_seconds
        for path in self.root.rglob(".*.tmp") if self.root.is_dir() else []:
            if _stale(path, cutoff) and path.is_file():
                path.unlink(missing_ok=True)
                count += 1
        for path in Path(tempfile.gettempdir()).glob("figures-upload-*"):
            # Only this user's directories: another user's are theirs (and not ours to remove).
            if _stale(path, cutoff) and path.is_dir() and path.lstat().st_uid == os.getuid():
                shutil.rmtree(path, ignore_errors=True)
                count += not path.exists()
        return count

    # ------------------------------------------------- the old JSON layout

    def _legacy_files(self) -> builtins.list[Path]:
        if not self.datasets_dir.is_dir():
            return []
        # Temporary files of an interrupted write start with '.' and are never imported.
        return sorted(
            p for p in self.datasets_dir.glob(f"*{LEGACY_SUFFIX}") if not p.name.startswith(".")
        )

    def _import_legacy(self) -> None:
        """Import the datasets of the old JSON layout, once, in one transaction."""
        files = self._legacy_files()
        if not files and not self.state_file.exists():
            return
        hidden = _legacy_hidden(self.state_file)
        readable = []
        for path in files:
            try:
                readable.append((path, _read_legacy(path)))
            except LoadError:
                continue  # stays where it is; list() reports it
        with self._write() as conn:
            for _, legacy in readable:
                done_key = f"imported:{legacy.file_digest}"
                if conn.execute(sa.select(_meta.c.key).where(_meta.c.key == done_key)).first():
                    continue  # imported by an earlier open that stopped before moving files
                slug = legacy.slug
                if not SLUG.fullmatch(slug) or _slug_exists(conn, slug):
                    slug, _ = _free_slug(conn, slugify(legacy.slug))
                texts = _renamed_sources(legacy.tables, legacy.slug, slug, legacy.file)
                _insert_dataset(
                    conn,
                    DatasetInfo(
                        slug=slug,
                        name=legacy.name,
                        file=legacy.file,
                        format=legacy.format,
                        uploaded_at=legacy.uploaded_at,
                        uploaded_by=legacy.uploaded_by,
                        observations=legacy.observations,
                        hidden=legacy.slug in hidden,
                        owner=_legacy_owner(legacy.uploaded_by),
                        requested=legacy.name,
                    ),
                    texts,
                )
                conn.execute(sa.insert(_meta).values(key=done_key, value=slug))
        for path, _ in readable:
            _move_aside(path, self.root / IMPORTED_DIR)
        if not self._legacy_files():
            # The visibility file is needed until every dataset it describes is imported.
            _move_aside(self.state_file, self.root / IMPORTED_DIR)
        if self.datasets_dir.is_dir() and not any(self.datasets_dir.iterdir()):
            self.datasets_dir.rmdir()

    def _legacy_problems(self) -> builtins.list[str]:
        """A message for each old JSON dataset still waiting to be imported."""
        problems = []
        for path in self._legacy_files():
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue  # imported and moved by another process just now
            # list() runs on every page: a file is read again only once it has changed.
            key = (path.name, stat.st_mtime_ns, stat.st_size)
            if key not in self._legacy_messages:
                try:
                    _read_legacy(path)
                except LoadError as error:
                    message = Phrase(
                        N_("{error}; it was not imported and stays where it is"), error=error
                    )
                else:
                    message = Phrase(
                        N_("{file}: not imported yet; it is imported at the next start"),
                        file=path.name,
                    )
                self._legacy_messages[key] = message
            problems.append(self._legacy_messages[key])
        return problems


# ------------------------------------------------------------------ SQLite setup

_WRITE_OPTION = "figures_write"


def _create_engine(url: URL) -> Engine:
    if url.get_backend_name() != "sqlite":
        # A server database: pooled connections, checked before use (a restarted server).
        return sa.create_engine(url, pool_pre_ping=True)
    # SQLite connections are cheap to open, and opening one per use means nothing stays
    # open between calls: no file handle crosses a fork, no connection outlives its thread.
    engine = sa.create_engine(url, poolclass=NullPool)
    sa.event.listen(engine, "connect", _sqlite_connect)
    sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: object) -> None:
    # pysqlite's own BEGIN comes late and never IMMEDIATE: SQLAlchemy's documented recipe
    # turns it off and emits BEGIN itself (_sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        # FULL: a dataset reported as kept survives a power cut, not only a crash.
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # A write takes the lock at BEGIN: a deferred transaction that reads then writes fails
    # at once (no busy wait) when another process wrote in between.
    write = conn.get_execution_options().get(_WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


# ---------------------------------------------------------------------- datasets


def _checked_slug(slug: object) -> str:
    """``slug`` if it is shaped like a dataset id; a LoadError naming the shape otherwise."""
    if not isinstance(slug, str) or not SLUG.fullmatch(slug):
        shown = slug[:100] if isinstance(slug, str) else slug
        raise LoadError(
            WHERE,
            N_("a dataset id of lower-case letters, digits and hyphens (at most 80)"),
            found=shown,
        )
    return slug


def _slug_exists(conn: Connection, slug: str) -> bool:
    query = sa.select(_datasets.c.id).where(_datasets.c.slug == slug)
    return conn.execute(query).first() is not None


def _free_slug(conn: Connection, base: str) -> tuple[str, int]:
    """The first free of ``base``, ``base-2``, ``base-3``...; with its number (1 for base)."""
    taken = set(
        conn.execute(
            sa.select(_datasets.c.slug).where(
                (_datasets.c.slug == base) | _datasets.c.slug.startswith(f"{base}-")
            )
        ).scalars()
    )
    number, slug = 1, base
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug, number


def _insert_dataset(conn: Connection, info: DatasetInfo, texts: Mapping[str, str]) -> None:
    insert = sa.insert(_datasets).values(**asdict(info), digest=_digest(texts))
    dataset_id = conn.execute(insert.returning(_datasets.c.id)).scalar_one()
    conn.execute(
        sa.insert(_tables),
        [{"dataset_id": dataset_id, "name": n, "csv": t} for n, t in sorted(texts.items())],
    )


def _info(row: sa.Row[Any]) -> DatasetInfo:
    return DatasetInfo(
        slug=row.slug,
        name=row.name,
        file=row.file,
        format=row.format,
        uploaded_at=row.uploaded_at,
        uploaded_by=row.uploaded_by,
        observations=row.observations,
        hidden=bool(row.hidden),
        owner=row.owner,
        requested=row.requested,
    )


def _digest(texts: Mapping[str, str]) -> str:
    digest = hashlib.sha256()
    for name, text in sorted(texts.items()):
        digest.update(f"{name}\0{len(text)}\0".encode())
        digest.update(text.encode())
    return digest.hexdigest()


def _frames_from_texts(texts: Mapping[str, str], where: str | Path) -> Frames:
    """Frames from tables stored as CSV text (each validated)."""
    unknown = sorted(set(texts) - set(schema.TABLES))
    if unknown:
        raise LoadError(
            where,
            N_("tables among {tables}"),
            found=unknown[0],
            values={"tables": str(sorted(schema.TABLES))},
        )
    return Frames.of({name: table_from_text(text, name, where) for name, text in texts.items()})


def _rekeyed(
    frames: Frames, slug: str, file: str, uploaded_by: str, now: datetime, how: str = "upload"
) -> Frames:
    mapping = {sid: f"{slug}:{sid}" for sid in frames.sources.source_id}
    said = HOWS[how]
    upload = how == "upload"
    sources = frames.sources.assign(
        source_id=frames.sources.source_id.map(mapping),
        kind="upload" if upload else frames.sources.kind,
        accessed=pd.Timestamp(now.date()) if upload else frames.sources.accessed,
        note=[
            " ".join(
                filter(
                    None,
                    [
                        str(n) if isinstance(n, str) else "",
                        said.format(by=uploaded_by, file=file)
                        + f" on {now:%Y-%m-%d %H:%M} UTC as dataset '{slug}'.",
                    ],
                )
            )
            for n in frames.sources.note
        ],
    )
    tables = {"sources": sources}
    for name, table in frames.tables().items():
        if name != "sources" and "source_id" in table:
            table = table.assign(source_id=table.source_id.map(mapping).fillna(table.source_id))
            if "deal_id" in table:
                # A deal is named after its source: the dataset's deals get its prefix too.
                table = table.assign(deal_id=f"{slug}:" + table.deal_id.astype(str))
            tables[name] = table
    return Frames.of({**frames.tables(), **tables})


# ---------------------------------------------------------------- pending checks


def _encode_report(report: UploadReport) -> bytes:
    tables = None
    if report.frames is not None:
        tables = {n: to_csv_text(t) for n, t in report.frames.tables().items() if len(t)}
    payload = {
        "file": report.file,
        "format": report.format,
        "error": report.error,
        "tables": tables,
        "rejected": report.rejected.to_dict(orient="split", index=False),
    }
    return zlib.compress(json.dumps(payload, ensure_ascii=False, default=str).encode())


def _decode_report(blob: bytes) -> UploadReport:
    try:
        payload = json.loads(zlib.decompress(blob))
        rejected = payload["rejected"]
        tables = payload["tables"]
        frames = None if tables is None else _frames_from_texts(tables, payload["file"])
        return UploadReport(
            payload["file"],
            format=payload["format"],
            frames=frames,
            # Reasons as template.read gives them: objects (there, Phrases; here, their text).
            rejected=pd.DataFrame(rejected["data"], columns=rejected["columns"]).astype(
                {"reason": object}
            ),
            error=payload["error"],
        )
    except (zlib.error, ValueError, KeyError, TypeError) as error:
        raise LoadError(WHERE, N_("a held file that can be read"), details=[str(error)]) from None


# ------------------------------------------------------------------------- users


def _is_user_name(name: object) -> bool:
    return (
        isinstance(name, str)
        and 1 <= len(name) <= 80
        and name == name.strip()
        and not _CONTROL.search(name)
    )


def _user_name(name: object) -> str:
    if not _is_user_name(name):
        raise LoadError(
            WHERE,
            N_("a user name of 1 to 80 characters, without control characters or outer spaces"),
            found=name[:100] if isinstance(name, str) else name,
        )
    return str(name)


def _role(role: object) -> str:
    if role not in ROLES:
        raise LoadError(
            WHERE, N_("a role among {roles}"), found=role, values={"roles": ", ".join(ROLES)}
        )
    return str(role)


def _password(password: object) -> str:
    if not isinstance(password, str) or not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        # Never the password itself in a message: only its length.
        length = len(password) if isinstance(password, str) else 0
        raise LoadError(
            WHERE,
            N_("a password of {low} to {high} characters"),
            found=Phrase(N_("{n} characters"), n=length),
            values={"low": MIN_PASSWORD, "high": MAX_PASSWORD},
        )
    return password


@functools.cache
def _dummy_hash() -> str:
    # An unknown name costs the same scrypt check as a wrong password.
    return generate_password_hash(secrets.token_urlsafe(16))


# ------------------------------------------------------------------ housekeeping


def _stale(path: Path, cutoff: float) -> bool:
    try:
        return not path.is_symlink() and path.lstat().st_mtime < cutoff
    except OSError:
        return False  # removed by someone else meanwhile


def _move_aside(path: Path, folder: Path) -> None:
    """Move ``path`` into ``folder`` under a name not yet used there (never overwriting)."""
    if not path.exists():
        return  # another process opening the same workspace moved it already
    folder.mkdir(parents=True, exist_ok=True)
    target, number = folder / path.name, 1
    while target.exists():
        target, number = folder / f"{path.name}.{number}", number + 1
    with contextlib.suppress(FileNotFoundError):  # moved by another process meanwhile
        os.replace(path, target)


# ------------------------------------------------------------- the old JSON layout


@dataclass(frozen=True)
class _Legacy:
    """A dataset file of the old JSON layout, read and its tables checked."""

    slug: str
    name: str
    file: str
    format: str
    uploaded_at: str
    uploaded_by: str
    observations: int
    tables: dict[str, str]
    file_digest: str


def _read_legacy(path: Path) -> _Legacy:
    try:
        data = path.read_bytes()
        payload = json.loads(data.decode("utf-8"))
    except (OSError, ValueError) as error:
        raise LoadError(path, N_("a readable dataset file"), details=[str(error)[:120]]) from None
    if not isinstance(payload, dict) or payload.get("format_version") != LEGACY_FORMAT_VERSION:
        raise LoadError(
            path,
            N_("a dataset file of format version {version}"),
            values={"version": LEGACY_FORMAT_VERSION},
        )
    tables = payload.get("tables")
    if not isinstance(tables, dict) or not all(isinstance(t, str) for t in tables.values()):
        raise LoadError(path, N_("a dataset file with its tables as CSV text"))
    frames = _frames_from_texts(tables, path)
    slug = path.name[: -len(LEGACY_SUFFIX)]
    return _Legacy(
        slug=slug,
        name=str(payload.get("name") or slug),
        file=str(payload.get("file", "")),
        format=str(payload.get("format", "")),
        uploaded_at=str(payload.get("uploaded_at", "")),
        uploaded_by=str(payload.get("uploaded_by", "")),
        observations=len(frames.observations),
        tables=tables,
        file_digest=hashlib.sha256(data).hexdigest(),
    )


def _legacy_hidden(path: Path) -> set[str]:
    """Slugs the old visibility file hid; an unreadable one hid nothing (as it did then)."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    hidden = state.get("hidden", []) if isinstance(state, dict) else []
    return {s for s in hidden if isinstance(s, str)} if isinstance(hidden, list) else set()


def _legacy_owner(uploaded_by: str) -> str:
    """The old uploaded_by as an owner name (any text was accepted then)."""
    owner = _CONTROL.sub(" ", " ".join(uploaded_by.split()))[:80].strip()
    return owner or "unknown user"


def _renamed_sources(tables: dict[str, str], old: str, new: str, where: str) -> dict[str, str]:
    """The tables with source ids prefixed ``new:`` instead of ``old:`` (a dataset imported
    under another slug must not share source ids with the one that holds its old slug)."""
    if old == new:
        return tables
    frames = _frames_from_texts(tables, where)
    renamed = {}
    for name, table in frames.tables().items():
        if "source_id" in table:
            table = table.assign(
                source_id=table.source_id.str.replace(f"^{re.escape(old)}:", f"{new}:", regex=True)
            )
        if len(table):
            renamed[name] = to_csv_text(table)
    return renamed
