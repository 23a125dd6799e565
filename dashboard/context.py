"""What a running app serves, bound to its Flask server: the store, the workspace and the
limits. Pages and routes fetch it with ``served()``."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import flask

from dashboard.store import Store, with_workspace
from loaders.guard import Limits
from loaders.workspace import Workspace

EXTENSION = "trade_figures"


@dataclass
class Served:
    """The state of one app: the shipped store, the workspace, and what is served (the
    shipped figures plus the visible datasets of the workspace).

    Several server processes share one workspace: a request asks the workspace whether
    anything changed (a checksum, under a millisecond) at most every ``recheck_seconds``,
    and this process rebuilds its store if so; a dataset kept through one worker shows in
    the others within that time (at once in the worker that kept it: it refreshes itself).
    """

    base: Store
    workspace: Workspace
    limits: Limits
    recheck_seconds: float = 1.0
    _store: Store = field(init=False)
    _seen: str = field(init=False, default="")
    _checked: float = field(init=False, default=0.0)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.refresh()

    @property
    def store(self) -> Store:
        """The served store, up to date with the workspace (see the class docstring)."""
        now = time.monotonic()
        if now - self._checked >= self.recheck_seconds:
            self._checked = now
            if self.workspace.checksum() != self._seen:
                self.refresh()
        return self._store

    def refresh(self) -> Store:
        """Rebuild the served store from the shipped data and the visible datasets."""
        with self._lock:
            seen = self.workspace.checksum()
            self._store = with_workspace(self.base, self.workspace)
            self._seen = seen
            return self._store


def bind(server: flask.Flask, state: Served) -> None:
    """Attach ``state`` to ``server``: every request it serves can fetch it."""
    server.extensions[EXTENSION] = state


def served() -> Served:
    """The state of the app serving the current request.

    Outside a request (or an app context) there is no app to ask, and that is a bug in
    the caller, not a reason to serve some other data: it raises RuntimeError.
    """
    if not flask.has_app_context():
        raise RuntimeError("served() needs the app serving a request; none is active")
    return flask.current_app.extensions[EXTENSION]
