"""Trade and investment figures beside their official sources: views, pages and exports.

Importing the package loads nothing heavy: the shell that builds the Dash app is
``dashboard.app``; the period and claim rules (``dashboard.periods``, ``dashboard.claims``)
need neither Dash nor Flask.
"""

from __future__ import annotations

from importlib.metadata import version

__version__ = version("trade-figures-dashboard")
