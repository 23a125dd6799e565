"""Errors a user can act on, each carrying the HTTP status it is served with, and how any
error is said in the reader's language.

The shell turns any of them into one response: a plain-text body with that status for the
export routes, the "This link cannot be shown" panel for a page. No page or route catches
them one by one. A refusal's reason may be a ``Phrase`` (an English template and its
values, ``loaders.errors``): ``message`` says it, or a loader's ``LoadError``, in the
reader's language.
"""

from __future__ import annotations

from dashboard.i18n import N_, gettext
from loaders.errors import LoadError, Phrase


class AppError(Exception):
    """A request the app refuses, with the reason in words a user can act on.

    The reason is a Phrase where it is built from a template (``BadQuery``), so that it is
    said in the reader's language; ``str(error)`` is English.
    """

    status = 500
    # What a plain-text response says before the reason ("Bad query string: ..."); marked
    # with N_ and said in the reader's language.
    heading = ""

    def body(self) -> str:
        """The plain-text body of the response that refuses the request, in the reader's
        language."""
        reason = message(self)
        return f"{gettext(self.heading)}: {reason}\n" if self.heading else f"{reason}\n"


class BadQuery(AppError, ValueError):
    """A query string the page cannot show: names the parameter and what it accepts."""

    status = 400
    heading = N_("Bad query string")


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


def message(error: object) -> str:
    """What a user is told of ``error``, in the reader's language (``dashboard.i18n``).

    A ``LoadError`` is said whole: its file, the place ("sheet", "cell", "row", "column"),
    what was expected (its template translated, then its values put in) and what was found;
    the details a parser or library wrote stay as they are. A ``Phrase`` (a sentence a
    loader returns, a refusal's reason) is said from its template. An exception whose one
    argument is a Phrase or a LoadError is said as that. A plain sentence is looked up in
    the catalogue (a rejected row's reason, kept as text). Anything else is ``str(error)``.
    """
    if isinstance(error, (LoadError, Phrase)):
        return error.said(gettext)
    if isinstance(error, BaseException):
        if len(error.args) == 1 and isinstance(error.args[0], (LoadError, Phrase)):
            return error.args[0].said(gettext)
        return str(error)
    if isinstance(error, str):
        return gettext(error) if error else error
    return str(error)
