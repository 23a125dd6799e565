"""How the app is served: on this machine for one person, or to a team with sign-in.

``make run`` is local mode: bound to 127.0.0.1, no sign-in, the person at the keyboard may
do everything. ``make serve`` is team mode: gunicorn bound to the address you give, every
request signed in, roles decide who may upload or remove. Both refuse a Host header they do
not serve (DNS rebinding) and check a CSRF token on every state-changing request.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from dashboard.i18n import _

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


def is_loopback(host: str) -> bool:
    """True for an address or name that only this machine can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Serving:
    """The serving mode and what it implies, read once from the environment."""

    mode: Literal["local", "team"]
    hosts: tuple[str, ...]  # Host header values (names or addresses) the app answers to
    bind: str  # where the server listens, as the footer reports it
    secure: bool  # served over TLS (cookies marked Secure)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Serving:
        """FIGURES_MODE (local|team), FIGURES_HOSTS (comma-separated names for team mode),
        FIGURES_BIND or HOST/PORT, FIGURES_HTTPS=1 behind a TLS proxy."""
        mode = environ.get("FIGURES_MODE", "local").strip().lower() or "local"
        if mode not in ("local", "team"):
            raise ValueError(f"FIGURES_MODE={mode!r}: expected local or team")
        bind = environ.get("FIGURES_BIND") or (
            f"{environ.get('HOST', '127.0.0.1')}:{environ.get('PORT', '8050')}"
        )
        named = tuple(h.strip() for h in environ.get("FIGURES_HOSTS", "").split(",") if h.strip())
        address = bind.rsplit(":", 1)[0].strip("[]")
        hosts = (*LOOPBACK_HOSTS, *named)
        if address not in ("0.0.0.0", "::") and address not in hosts:
            hosts = (*hosts, address)
        secure = environ.get("FIGURES_HTTPS", "").lower() in ("1", "true", "yes")
        return cls("team" if mode == "team" else "local", hosts, bind, secure)

    @property
    def sign_in(self) -> bool:
        """Whether every request needs a signed-in user."""
        return self.mode == "team"

    @property
    def local_only(self) -> bool:
        """Whether only this machine can reach the server."""
        return is_loopback(self.bind.rsplit(":", 1)[0].strip("[]"))

    def check(self) -> None:
        """Refuse a local-mode server that others could reach: without sign-in anyone on
        the network could upload or remove datasets."""
        if self.mode == "local" and not self.local_only:
            raise ValueError(
                f"local mode serves this machine only, not {self.bind}: "
                "use `make serve` (team mode, with sign-in) to serve others"
            )

    @property
    def where(self) -> str:
        """What the footer says about where the app is served."""
        if self.mode == "local":
            return _("served on this machine only, without sign-in")
        names = ", ".join(h for h in self.hosts if h not in LOOPBACK_HOSTS) or self.bind
        return _("served to signed-in users at {names}").format(names=names)
