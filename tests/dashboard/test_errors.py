"""dashboard.errors: each refusal carries its status and its plain-text body."""

from __future__ import annotations

from dashboard.errors import AppError, BadQuery, NotFound


def test_statuses_and_bodies():
    assert BadQuery("flow='x': expected one of export").status == 400
    assert BadQuery("flow='x'").body() == "Bad query string: flow='x'\n"
    assert NotFound("Unknown export format 'pdf'").status == 404
    assert NotFound("Unknown export format 'pdf'").body() == "Unknown export format 'pdf'\n"
    assert issubclass(BadQuery, AppError)
    assert issubclass(BadQuery, ValueError)
