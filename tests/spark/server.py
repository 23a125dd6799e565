"""A local Spark Connect server for the tests, started with pyspark's own launcher.

The main venv holds only the thin `pyspark-client`, which cannot run Spark. The full pyspark
(the JVM side: its jars/ include spark-connect) lives in .venv-spark, which spark.mk installs.
Its spark-submit starts the Connect server class in local mode; nothing is downloaded at start.

To develop against a server by hand: `.venv/bin/python tests/spark/server.py` prints the
sc:// address and serves until Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPARK_VENV = ROOT / ".venv-spark"
SERVER_CLASS = "org.apache.spark.sql.connect.service.SparkConnectServer"


def spark_home() -> Path | None:
    """FIGURES_SPARK_HOME, else the pyspark package in .venv-spark; None without spark-submit."""
    if env := os.environ.get("FIGURES_SPARK_HOME"):
        candidates = [Path(env)]
    else:
        candidates = sorted(SPARK_VENV.glob("lib/python3*/site-packages/pyspark"))
    for home in candidates:
        if (home / "bin" / "spark-submit").is_file():
            return home
    return None


def java() -> str | None:
    """The java spark-class will run: JAVA_HOME's if set, else the one on PATH."""
    if java_home := os.environ.get("JAVA_HOME"):
        candidate = Path(java_home) / "bin" / "java"
        return str(candidate) if candidate.is_file() else None
    return shutil.which("java")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def command(home: Path, port: int, workdir: Path) -> list[str]:
    # Everything Spark writes (shuffle files, warehouse tables, scratch) stays in workdir.
    # One shuffle partition per core: the default 200 only costs time on test-sized data.
    conf = {
        "spark.connect.grpc.binding.address": "127.0.0.1",
        "spark.connect.grpc.binding.port": str(port),
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.ui.enabled": "false",
        "spark.local.dir": str(workdir / "local"),
        "spark.sql.warehouse.dir": str(workdir / "warehouse"),
        "spark.driver.extraJavaOptions": f"-Djava.io.tmpdir={workdir / 'tmp'}",
        "spark.sql.shuffle.partitions": "2",
    }
    args = [str(home / "bin" / "spark-submit"), "--class", SERVER_CLASS, "--name", "figures-tests"]
    args += ["--master", "local[2]", "--driver-memory", "1g"]
    for key, value in conf.items():
        args += ["--conf", f"{key}={value}"]
    return args


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def remote(self) -> str:
        return f"sc://127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def wait_until_ready(self, timeout: float = 120) -> None:
        """Until the port accepts and a query answers; RuntimeError with the log's tail if not."""
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"Spark Connect server exited with {self.process.returncode}:\n"
                    + self.log_tail()
                )
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"Spark Connect server not listening after {timeout:.0f} s:\n" + self.log_tail()
                )
            time.sleep(0.25)
        from pyspark.sql import SparkSession

        session = SparkSession.builder.remote(self.remote).create()
        try:
            [(answer,)] = session.sql("SELECT 1").collect()
            if answer != 1:
                raise RuntimeError(f"Spark Connect server answered {answer!r} to SELECT 1")
        finally:
            session.stop()

    def stop(self, timeout: float = 30) -> None:
        """SIGTERM to the launcher's whole process group (bash scripts, then java), then SIGKILL."""
        if self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def start(home: Path, workdir: Path, port: int | None = None) -> Server:
    """Start the server in the background, in its own process group; logs to workdir/server.log."""
    port = port or free_port()
    (workdir / "tmp").mkdir(parents=True, exist_ok=True)
    log = workdir / "server.log"
    env = {**os.environ, "SPARK_HOME": str(home), "SPARK_LOCAL_IP": "127.0.0.1"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            command(home, port, workdir),
            cwd=workdir,  # stray files (derby.log, metastore_db) land here too
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(process, port, log)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=None, help="default: a free one")
    args = parser.parse_args()
    home = spark_home()
    if home is None:
        parser.error(f"no pyspark with bin/spark-submit in {SPARK_VENV}: make .venv-spark/.stamp")
    # A plain kill stops Java too: the server runs in its own process group.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with tempfile.TemporaryDirectory(prefix="figures-spark-") as workdir:
        server = start(home, Path(workdir), args.port)
        try:
            server.wait_until_ready()
            print(server.remote, flush=True)
            server.process.wait()
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()


if __name__ == "__main__":
    main()
