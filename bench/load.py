"""Load test of team mode on loopback: many signed-in clients on pages, callbacks and exports
while editors upload, keep and remove datasets.

Starts gunicorn (gunicorn.conf.py, FIGURES_MODE=team) on a free port over a fresh workspace
with an admin, editors and viewers, runs the clients for the given time, and prints latency
percentiles per kind of request, the error count, and the server's memory (RSS of the
master and its workers) at the start and at the end. Exit status 1 if any request failed.

Usage: .venv/bin/python bench/load.py [--clients 50] [--seconds 60] [--editors 2] [--workers 3]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from loaders.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "load-test-password"
PAGES = ["/", "/trade", "/partners", "/claims", "/data", "/sources", "/investment", "/upload"]
EXPORTS = [
    "/export.csv?page=trade",
    "/export.xlsx?page=trade&freq=YTD&months=5",
    "/export.csv?page=partners&year=2020",
    "/export.xlsx?page=claims",
    "/export.csv?page=data&reporter=KAZ&partner=RUS",
]
TRADE_FIELDS = ("reporter", "partner", "flow", "freq", "months", "currency", "unit", "editions")
TRADE_OUTPUTS = (
    "trade-graph.figure",
    "trade-graph-caption.children",
    "trade-graph-sources.children",
    "trade-query.data",
    "trade-notes.children",
    "trade-export-xlsx.href",
    "trade-export-csv.href",
    "trade-fetch.children",
    "trade-table.rowData",
    "trade-table.columnDefs",
)
UPLOAD_CSV = (
    "reporter,partner,flow,period,value,currency,source_publisher,source_title\n"
    "KAZ,QAT,export,2021,5000000,USD,Load test,Load test figures\n"
    "KAZ,QAT,import,2021,7000000,USD,Load test,Load test figures\n"
)


@dataclass
class Results:
    """Latencies (seconds) per kind of request, and the failures."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)

    def record(self, kind: str, started: float, ok: bool, detail: str = "") -> None:
        self.latencies[kind].append(time.perf_counter() - started)
        if not ok:
            self.errors.append(f"{kind}: {detail}"[:300])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _descendants(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found += [int(child), *_descendants(int(child))]
    return found


def rss_mb(pid: int) -> dict[str, float]:
    """Resident memory (MB) of the server: gunicorn's master and workers, and the fork
    servers and parse workers the workers start for uploaded files."""
    sizes: dict[str, float] = defaultdict(float)
    for process in [pid, *_descendants(pid)]:
        command = Path(f"/proc/{process}/cmdline").read_bytes().replace(b"\0", b" ")
        kind = "parsing" if b"multiprocessing" in command or b"forkserver" in command else "web"
        sizes[kind] += _rss(process) / 1024
    return dict(sizes)


def start_server(workspace: Path, port: int, workers: int) -> subprocess.Popen:
    """gunicorn in team mode, as `make serve` starts it, on 127.0.0.1:port."""
    env = {
        **os.environ,
        "FIGURES_MODE": "team",
        "FIGURES_BIND": f"127.0.0.1:{port}",
        "FIGURES_WORKSPACE": str(workspace),
        "FIGURES_WORKERS": str(workers),
    }
    # The access log (a JSON line per request) goes to a file: a pipe nobody reads would
    # fill up and stop the server.
    log = workspace / "server.log"
    with log.open("ab") as handle:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py")],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=handle,
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            said = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"gunicorn stopped: {said}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    server.kill()
    raise RuntimeError("gunicorn did not answer /healthz within 120 s")


def callback_body(outputs: tuple[str, ...], inputs: list, state: list | None = None) -> dict:
    """The JSON Dash's renderer posts to /_dash-update-component (inputs and state are lists of
    {id, property, value}, or lists of those for a pattern-matching ALL)."""
    return {
        "output": ".." + "...".join(outputs) + ".." if len(outputs) > 1 else outputs[0],
        "outputs": [{"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]} for o in outputs]
        if len(outputs) > 1
        else {"id": outputs[0].rsplit(".", 1)[0], "property": outputs[0].rsplit(".", 1)[1]},
        "inputs": inputs,
        "changedPropIds": [_prop_id(inputs[0])] if inputs and isinstance(inputs[0], dict) else [],
        "state": state or [],
    }


def _prop_id(item: dict) -> str:
    ident = item["id"]
    if isinstance(ident, dict):
        ident = json.dumps(ident, separators=(",", ":"), sort_keys=True)
    return f"{ident}.{item['property']}"


class Client:
    """One signed-in browser, as the server sees it."""

    def __init__(self, base: str, name: str, results: Results):
        self.http = httpx.AsyncClient(base_url=base, timeout=120, follow_redirects=False)
        self.name, self.results = name, results

    async def sign_in(self) -> None:
        page = await self.http.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        if token is None:
            raise RuntimeError("no CSRF token on the sign-in page")
        answer = await self.http.post(
            "/login", data={"name": self.name, "password": PASSWORD, "csrf_token": token[1]}
        )
        if answer.status_code != 302:
            raise RuntimeError(f"{self.name} could not sign in: {answer.status_code}")

    async def timed(self, kind: str, method: str, url: str, **kwargs) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            response = await self.http.request(method, url, **kwargs)
        except httpx.HTTPError as error:
            self.results.record(kind, started, False, f"{url}: {type(error).__name__} {error}")
            return None
        ok = response.status_code < 400
        self.results.record(kind, started, ok, f"{url}: HTTP {response.status_code}")
        return response if ok else None

    async def callback(self, kind: str, body: dict) -> httpx.Response | None:
        headers = {"X-CSRFToken": self.http.cookies.get("_csrf_token") or ""}
        return await self.timed(kind, "POST", "/_dash-update-component", json=body, headers=headers)

    async def browse(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            action = random.random()
            if action < 0.3:
                await self.timed("page", "GET", random.choice(PAGES), headers={"Accept": "*/*"})
            elif action < 0.75:
                values = dict(zip(TRADE_FIELDS, self._trade_values(), strict=True))
                inputs = [
                    {"id": f"trade-{k}", "property": "value", "value": v} for k, v in values.items()
                ]
                await self.callback("callback", callback_body(TRADE_OUTPUTS, inputs))
            else:
                await self.timed("export", "GET", random.choice(EXPORTS))

    @staticmethod
    def _trade_values() -> tuple:
        return (
            "KAZ",
            random.choice(["RUS", "CHN", "DEU", "ITA", "TUR", "UZB"]),
            random.choice(["turnover", "export", "import"]),
            random.choice(["A", "M", "YTD"]),
            random.randint(1, 12),
            "USD",
            random.choice(["bn", "mn"]),
            random.choice(["latest", "all"]),
        )

    async def check(self, data: bytes, file: str) -> str | None:
        """Drop a file on the Upload page; the token that keeps it, or None."""
        url = "data:text/csv;base64," + base64.b64encode(data).decode()
        body = callback_body(
            ("upload-reports.children",),
            [{"id": "upload-files", "property": "contents", "value": [url]}],
            [{"id": "upload-files", "property": "filename", "value": [file]}],
        )
        checked = await self.callback("upload check", body)
        token = re.search(r'"token":\s*"([^"]+)"', checked.text) if checked else None
        if checked is not None and token is None:
            self.results.errors.append("upload check: no token in the answer")
        return token[1] if token else None

    async def keep(self, token: str, name: str) -> str | None:
        """Press Keep under ``name``; the answer's text (message and datasets table)."""
        keep_id = {"type": "dataset-keep", "token": token}
        name_id = {"type": "dataset-name", "token": token}
        body = callback_body(
            ("upload-message.children", "upload-datasets.children"),
            [[{"id": keep_id, "property": "n_clicks", "value": 1}], [], []],
            [
                [{"id": name_id, "property": "value", "value": name}],
                [{"id": name_id, "property": "id", "value": name_id}],
            ],
        )
        body["changedPropIds"] = [_prop_id({"id": keep_id, "property": "n_clicks"})]
        kept = await self.callback("upload keep", body)
        if kept is not None and "as dataset" not in kept.text:
            self.results.errors.append(f"upload keep: unexpected answer {kept.text[:200]}")
            return None
        return None if kept is None else kept.text

    async def remove(self, slug: str) -> None:
        """Remove a dataset (the confirmation accepted)."""
        remove_id = {"type": "dataset-remove", "slug": slug}
        body = callback_body(
            ("upload-message.children", "upload-datasets.children"),
            [[], [], [{"id": remove_id, "property": "submit_n_clicks", "value": 1}]],
            [[], []],
        )
        body["changedPropIds"] = [_prop_id({"id": remove_id, "property": "submit_n_clicks"})]
        removed = await self.callback("upload remove", body)
        if removed is not None and "Removed dataset" not in removed.text:
            self.results.errors.append(f"upload remove: unexpected {removed.text[:200]}")

    async def upload(self, deadline: float) -> None:
        """Check, keep and remove a small dataset, again and again."""
        while time.monotonic() < deadline:
            token = await self.check(UPLOAD_CSV.encode(), "load.csv")
            kept = await self.keep(token, "Load test") if token else None
            # The table in the answer offers Remove only on this editor's own datasets.
            mine = re.search(r'"type":\s*"dataset-remove",\s*"slug":\s*"([^"]+)"', kept or "")
            if kept is not None and mine is None:
                self.results.errors.append("upload keep: no dataset of mine to remove")
            if mine is not None:
                await self.remove(mine[1])

    async def close(self) -> None:
        await self.http.aclose()


async def run(base: str, clients: int, editors: int, seconds: float) -> Results:
    """Sign every client in, then let them work until the time is up."""
    results = Results()
    users = [Client(base, f"editor{i}", results) for i in range(editors)]
    users += [Client(base, f"viewer{i}", results) for i in range(clients - editors)]
    await asyncio.gather(*(user.sign_in() for user in users))
    deadline = time.monotonic() + seconds
    work = [user.upload(deadline) for user in users[:editors]]
    work += [user.browse(deadline) for user in users[editors:]]
    await asyncio.gather(*work)
    await asyncio.gather(*(user.close() for user in users))
    return results


def percentiles(values: list[float]) -> str:
    if not values:
        return "no requests"
    cuts = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values
    p50, p95, p99 = (cuts[49], cuts[94], cuts[98]) if len(values) > 1 else (values[0],) * 3
    return (
        f"{len(values):6d} requests  p50 {p50 * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  "
        f"p99 {p99 * 1000:7.1f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--editors", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="figures-load-") as root:
        workspace = Workspace(root)
        workspace.add_user("admin", PASSWORD, "admin")
        for i in range(args.editors):
            workspace.add_user(f"editor{i}", PASSWORD, "editor")
        for i in range(args.clients - args.editors):
            workspace.add_user(f"viewer{i}", PASSWORD, "viewer")
        port = free_port()
        server = start_server(Path(root), port, args.workers)
        try:
            time.sleep(1)
            start_rss = rss_mb(server.pid)
            results = asyncio.run(
                run(f"http://127.0.0.1:{port}", args.clients, args.editors, args.seconds)
            )
            end_rss = rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(60)
        kept = len(workspace.list()[0])
        # What the server said besides its access log (worker timeouts, errors).
        said = [
            line
            for line in (Path(root) / "server.log").read_text(errors="replace").splitlines()
            if not line.startswith('{"time"')
        ]
    every = [t for times in results.latencies.values() for t in times]
    print(
        f"team mode, {args.workers} workers, {args.clients} clients "
        f"({args.editors} uploading) for {args.seconds:.0f} s"
    )
    for kind, times in sorted(results.latencies.items()):
        print(f"  {kind:13} {percentiles(times)}")
    print(f"  {'all':13} {percentiles(every)}")
    print(f"errors {len(results.errors)}; datasets kept {kept}")
    for error in results.errors[:10]:
        print(f"  {error}")
    if results.errors:
        print("the server said:", *said[-20:], sep="\n  ")
    for when, sizes in (("start", start_rss), ("end", end_rss)):
        parts = ", ".join(f"{kind} {mb:.0f} MB" for kind, mb in sorted(sizes.items()))
        print(f"server RSS at the {when}: {sum(sizes.values()):.0f} MB ({parts})")
    return 1 if results.errors else 0


if __name__ == "__main__":
    sys.exit(main())
