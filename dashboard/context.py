"""What a running app serves, bound to its Flask server: the store, the workspace, the limits
and the uploads waiting to be kept. Pages and routes fetch it with ``served()``."""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field

import flask

from dashboard.store import Store
from loaders import Frames
from loaders.guard import Limits
from loaders.upload import UploadReport
from loaders.workspace import Workspace

EXTENSION = "trade_figures"


class PendingUploads:
    """Checked files waiting for the user to keep them, held on the server (not the
    browser) and dropped after an hour or when there are too many."""

    def __init__(self, limit: int = 20, seconds: float = 3600):
        self.limit, self.seconds = limit, seconds
        self._items: dict[str, tuple[float, UploadReport]] = {}
        self._lock = threading.Lock()

    def put(self, report: UploadReport) -> str:
        """Hold a checked file; returns the token that keeps it."""
        token = secrets.token_urlsafe(12)
        with self._lock:
            now = time.monotonic()
            self._items = {k: v for k, v in self._items.items() if now - v[0] < self.seconds}
            while len(self._items) >= self.limit:
                self._items.pop(next(iter(self._items)))
            self._items[token] = (now, report)
        return token

    def take(self, token: str) -> UploadReport | None:
        """The file held under ``token``, no longer held (None if it expired)."""
        with self._lock:
            item = self._items.pop(token, None)
        return None if item is None else item[1]


@dataclass
class Served:
    """The state of one app: the shipped store, the user's workspace, and what is served
    (the shipped figures plus the visible datasets of the workspace)."""

    base: Store
    workspace: Workspace
    limits: Limits
    pending: PendingUploads = field(default_factory=PendingUploads)
    store: Store = field(init=False)

    def __post_init__(self) -> None:
        self.refresh()

    def refresh(self) -> Store:
        """Rebuild the served store from the shipped data and the visible datasets."""
        uploaded = self.workspace.frames()
        if uploaded.observations.empty:
            self.store = self.base
        else:
            self.store = Store(Frames.concat([self.base.frames, uploaded]).validated("workspace"))
        return self.store


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
