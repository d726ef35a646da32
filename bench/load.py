"""Serving (gunicorn) and loading (wrk): the processes the benchmark starts and stops."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPORT_SCRIPT = BENCH_DIR / "report.lua"
# What every request carries: the scheme a TLS proxy forwards, and the encodings
# every browser takes (cached pages go out gzip-compressed to such a client).
BROWSER = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip, deflate, br"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A gunicorn with 2 sync workers on a free port, stopped on exit."""

    def __init__(self, app: str, env: dict, log_path: Path, *, cwd: Path, workers: int = 2):
        self.port = free_port()
        self.cwd = cwd
        self.app = app
        self.env = env
        self.log_path = log_path
        self.workers = workers
        self.process = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def restart(self) -> None:
        stop(self.process)
        self.log.close()
        self.__enter__()

    def __enter__(self):
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [
                gunicorn,
                self.app,
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--timeout",
                "120",
                "--backlog",
                "2048",
                "--log-level",
                "warning",
            ],
            env=self.env,
            cwd=self.cwd,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.app} exited; see {self.log_path}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn {self.app} did not start; see {self.log_path}")

    def __exit__(self, *exc):
        stop(self.process)
        self.log.close()


def stop(process, timeout: float = 15) -> None:
    """Stop a process started in its own session, and its children."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


def fetch_status(url: str, headers: dict, timeout: float = 120) -> int:
    """The status of one GET, redirects not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@dataclass
class WrkResult:
    requests: int
    seconds: float
    non_2xx: int
    socket_errors: int
    timeouts: int
    p50_ms: float
    p99_ms: float
    max_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk_path() -> str:
    return os.environ.get("WRK_PATH") or shutil.which("wrk") or "/usr/bin/wrk"


def run_wrk(url: str, *, headers: dict, duration: float, connections: int = 20) -> WrkResult:
    command = [
        wrk_path(),
        "-t2",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        "--timeout",
        "30s",
        "-s",
        str(REPORT_SCRIPT),
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=duration + 120, check=False
    ).stdout
    for line in output.splitlines():
        if line.startswith("BENCH-JSON "):
            data = json.loads(line.removeprefix("BENCH-JSON "))
            return WrkResult(
                requests=data["requests"],
                seconds=data["duration_us"] / 1e6,
                non_2xx=data["non2xx"],
                socket_errors=data["connect"] + data["read"] + data["write"],
                timeouts=data["timeout"],
                p50_ms=data["p50_us"] / 1000,
                p99_ms=data["p99_us"] / 1000,
                max_ms=data["max_us"] / 1000,
            )
    raise RuntimeError(f"wrk printed no result for {url}:\n{output}")
