"""Who is asking: sign-in (team mode), roles, and CSRF tokens for every state-changing request.

Roles: a viewer sees and exports; an editor also uploads, keeps, hides and removes their
own datasets; an admin manages every dataset. In local mode nobody signs in and the person
at the keyboard is an admin. Users live in the workspace database and are added with
``python -m loaders workspace user add NAME --role ROLE``.

Dash's renderer sends the ``_csrf_token`` cookie back as an ``X-CSRFToken`` header on every
callback, which is what Flask-WTF's CSRFProtect checks; forms carry the token as a field.
"""

from __future__ import annotations

import getpass
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import flask
from flask.typing import ResponseReturnValue
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf
from markupsafe import escape

from dashboard.errors import Forbidden, Unauthorized
from dashboard.settings import Serving
from loaders.files import atomic_write_text
from loaders.workspace import DatasetInfo, Workspace

ROLES = ("viewer", "editor", "admin")
CSRF_COOKIE = "_csrf_token"  # the cookie name Dash's renderer reads
# Paths a signed-out request may reach: the sign-in page itself, its stylesheet, health.
OPEN_PATHS = ("/login", "/healthz")
OPEN_PREFIXES = ("/assets/",)


@dataclass(frozen=True)
class User:
    """A signed-in user (or, in local mode, the person at the keyboard)."""

    name: str
    role: str
    local: bool = False

    # What Flask-Login asks of a user object.
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session cookie."""
        return self.name

    def may(self, role: str) -> bool:
        """Whether this user has ``role`` or a higher one."""
        return ROLES.index(self.role) >= ROLES.index(role)

    def may_change(self, dataset: DatasetInfo) -> bool:
        """Whether this user may hide or remove ``dataset``: an admin any, an editor their own."""
        return self.may("admin") or (self.may("editor") and dataset.owner == self.name)


def _local_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "local user"


class _Nobody:
    """Flask-Login's user when no one is signed in."""

    is_authenticated = False
    is_active = False
    is_anonymous = True

    def get_id(self) -> None:
        return None


def current() -> User:
    """The user making this request; Unauthorized (401) when sign-in is needed and missing."""
    user = current_user._get_current_object()  # the proxy's object, for isinstance
    if isinstance(user, User):
        return user
    serving: Serving = flask.current_app.config["FIGURES_SERVING"]
    if not serving.sign_in:
        return User(_local_name(), "admin", local=True)
    raise Unauthorized("sign in to use this page")


def user_name() -> str | None:
    """The signed-in user's name for logs, or None (never raises)."""
    user = current_user._get_current_object() if flask.has_request_context() else None
    return user.name if isinstance(user, User) else None


def require(role: str) -> User:
    """The current user if they have ``role``; Forbidden (403) otherwise."""
    user = current()
    if not user.may(role):
        raise Forbidden(f"{user.name} is a {user.role}: this needs an {role} or higher")
    return user


def _secret_key(root: Path) -> str:
    """One key for every worker of a server (sessions must survive a change of worker),
    kept beside the workspace with owner-only permissions; FIGURES_SECRET_KEY overrides."""
    path = root / "secret.key"
    if not path.exists():
        atomic_write_text(path, secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def _safe_next(target: str | None) -> str:
    """A redirect target on this site only (never another host: no open redirect)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _login_page(message: str = "", status: int = 200, name: str = "") -> flask.Response:
    body = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Sign in - Trade and investment figures</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/app.css"></head>
<body><main class="page login">
<h1>Trade and investment figures</h1>
<form method="post" action="/login{escape(_next_query())}" class="card">
<h2>Sign in</h2>
{f'<p class="error" role="alert">{escape(message)}</p>' if message else ""}
<input type="hidden" name="csrf_token" value="{escape(generate_csrf())}">
<label for="login-name">Name</label>
<input id="login-name" name="name" autocomplete="username" required value="{escape(name)}">
<label for="login-password">Password</label>
<input id="login-password" name="password" type="password" autocomplete="current-password"
 required>
<button type="submit" class="button">Sign in</button>
</form>
<p class="hint">Ask your administrator for an account.</p>
</main></body></html>"""
    return flask.Response(body, status=status, mimetype="text/html")


def _next_query() -> str:
    target = flask.request.args.get("next")
    return f"?{urlencode({'next': target})}" if target else ""


def setup(server: flask.Flask, serving: Serving, workspace: Workspace) -> None:
    """Sessions, CSRF protection, sign-in (team mode) and the /login and /logout routes."""
    server.config["FIGURES_SERVING"] = serving
    server.config["SECRET_KEY"] = os.environ.get("FIGURES_SECRET_KEY") or _secret_key(
        Path(workspace.root)
    )
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=serving.secure,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=serving.secure,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        WTF_CSRF_SSL_STRICT=serving.secure,
    )
    CSRFProtect(server)

    @server.errorhandler(CSRFError)
    def _no_token(error: CSRFError) -> flask.Response:
        return flask.Response(
            f"Refused: {error.description} Reload the page and try again.\n",
            status=400,
            mimetype="text/plain",
        )

    logins = LoginManager(server)
    logins.anonymous_user = _Nobody

    @logins.user_loader
    def _load(name: str) -> User | None:
        found = workspace.user(name)
        return None if found is None else User(found.name, found.role)

    @server.before_request
    def _sign_in_first() -> ResponseReturnValue | None:
        if not serving.sign_in or current_user.is_authenticated:
            return None
        path = flask.request.path
        if path in OPEN_PATHS or path.startswith(OPEN_PREFIXES):
            return None
        if flask.request.method == "GET" and "text/html" in flask.request.headers.get("Accept", ""):
            target = urlencode({"next": flask.request.full_path.rstrip("?")})
            return flask.redirect(f"/login?{target}")
        raise Unauthorized("sign in to use this page")

    @server.after_request
    def _csrf_cookie(response: flask.Response) -> flask.Response:
        # Dash's renderer sends this cookie back as the X-CSRFToken header.
        if flask.request.path not in ("/healthz",):
            response.set_cookie(
                CSRF_COOKIE, generate_csrf(), samesite="Strict", secure=serving.secure
            )
        return response

    @server.route("/login", methods=["GET", "POST"])
    def login() -> ResponseReturnValue:
        if not serving.sign_in:
            return flask.redirect("/")
        if flask.request.method == "GET":
            return _login_page()
        name = flask.request.form.get("name", "")[:80]
        user = workspace.authenticate(name, flask.request.form.get("password", ""))
        if user is None:
            return _login_page("Wrong name or password.", 401, name)
        login_user(User(user.name, user.role))
        return flask.redirect(_safe_next(flask.request.args.get("next")))

    @server.route("/logout", methods=["POST"])
    def logout() -> ResponseReturnValue:
        logout_user()
        return flask.redirect("/login" if serving.sign_in else "/")
