"""Errors a user can act on, each carrying the HTTP status it is served with.

The shell turns any of them into one response: a plain-text body with that status for the
export routes, the "This link cannot be shown" panel for a page. No page or route catches
them one by one.
"""

from __future__ import annotations


class AppError(Exception):
    """A request the app refuses, with the reason in words a user can act on."""

    status = 500
    # What a plain-text response says before the reason ("Bad query string: ...").
    heading = ""

    def body(self) -> str:
        """The plain-text body of the response that refuses the request."""
        return f"{self.heading}: {self}\n" if self.heading else f"{self}\n"


class BadQuery(AppError, ValueError):
    """A query string the page cannot show: names the parameter and what it accepts."""

    status = 400
    heading = "Bad query string"


class NotFound(AppError):
    """Something asked for by name that does not exist (an export format, say)."""

    status = 404


class Unavailable(AppError):
    """Something this server cannot do as installed (chart images without Chromium, say)."""

    status = 503


class Forbidden(AppError):
    """A request the signed-in user's role does not allow (a viewer uploading, say)."""

    status = 403


class Unauthorized(AppError):
    """A request that needs a signed-in user, made without one."""

    status = 401
