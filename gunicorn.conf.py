"""gunicorn settings for team mode (`make serve`): several workers, the app loaded once."""

from __future__ import annotations

import os

bind = os.environ.get("FIGURES_BIND", "127.0.0.1:8050")
# Threads serve the many small callback requests; processes use both cores and keep one
# slow export or upload check from holding everyone up.
workers = int(os.environ.get("FIGURES_WORKERS", "3"))
worker_class = "gthread"
threads = int(os.environ.get("FIGURES_THREADS", "4"))
# Longer than the parse limit (FIGURES_MAX_PARSE_SECONDS) so an upload check ends itself.
timeout = 90
graceful_timeout = 30
# The ledger is loaded once in the master and shared by the workers (copy on write).
preload_app = True
accesslog = None  # the app writes one JSON line per request itself
errorlog = "-"
wsgi_app = "app:wsgi()"
