"""wrk and gunicorn: the running app, and how one page is driven and measured."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import POST_SCRIPT, PROXY_HEADERS, ROOT, log

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def ensure_wrk() -> str:
    path = shutil.which("wrk")
    if path:
        return path
    if os.geteuid() != 0:
        sys.exit("make bench needs wrk: sudo apt-get install wrk")
    log("installing wrk (apt)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    if subprocess.run(install, env=env, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(install, env=env, check=True, capture_output=True)
    return shutil.which("wrk") or sys.exit("wrk did not install")


@dataclass
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(output: str) -> WrkResult:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors:.*?timeout (\d+)", output)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
        int(socket_errors.group(1)) if socket_errors else 0
    )
    return WrkResult(rps, p50, p99, requests, errors)


@dataclass
class Page:
    name: str
    path: str | None  # None: not available in this build
    method: str = "GET"
    signed_in: bool = False
    reason: str = ""
    queries: int | None = None
    cold_queries: int | None = None
    bytes: int | None = None
    runs: list[WrkResult] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)


class Target:
    """The running app: gunicorn on a loopback port, and how to drive it with wrk."""

    def __init__(self, args, env: dict[str, str], cookie: str, csrf: str):
        self.args = args
        self.env = env
        self.cookie = cookie
        self.csrf = csrf
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.wrk = ensure_wrk()

    def start(self) -> None:
        gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
        command = [
            str(gunicorn) if gunicorn.exists() else "gunicorn",
            "careerhub.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.args.workers),
            "--worker-class",
            self.args.worker_class,
            "--threads",
            str(self.args.threads),
            "--log-level",
            "warning",
        ]
        # Production settings (HTTPS redirect, Secure cookies) behind the TLS proxy that
        # PROXY_HEADERS stand for; a browser on this port posts with its own origin.
        env = self.env | {"DJANGO_CSRF_TRUSTED_ORIGINS": self.base}
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit("gunicorn exited during start-up (see its log above)")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz/", timeout=2) as response:  # noqa: S310 (loopback)
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        sys.exit("gunicorn did not answer /healthz/ within 60 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def worker_peak_mb(self) -> float:
        """The largest VmHWM (peak resident set) among the master's worker processes."""
        peaks = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            ppid = re.search(r"^PPid:\s+(\d+)", text, re.M)
            hwm = re.search(r"^VmHWM:\s+(\d+) kB", text, re.M)
            if ppid and hwm and int(ppid.group(1)) == self.process.pid:
                peaks.append(int(hwm.group(1)) / 1024)
        return round(max(peaks), 1) if peaks else 0.0

    @property
    def origin(self) -> str:
        """The origin the browser sees behind the TLS proxy the headers stand for."""
        return self.base.replace("http://", "https://")

    def fetch(self, page: Page, level: int = 3) -> tuple[int, bytes]:
        """One request as wrk will send it; the status and the body."""
        headers = dict(PROXY_HEADERS)
        data = None
        if page.signed_in:
            headers["Cookie"] = self.cookie
        if page.method == "POST":
            headers |= {
                "X-CSRFToken": self.csrf,
                "Origin": self.origin,
                "HX-Request": "true",
                "Content-Type": "application/x-www-form-urlencoded",
            }
            data = f"level={level}".encode()
        request = urllib.request.Request(  # noqa: S310 (our own loopback server)
            self.base + page.path, data=data, headers=headers, method=page.method
        )
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def run_wrk(self, page: Page, duration: float) -> WrkResult:
        command = [
            self.wrk,
            "--threads",
            str(self.args.wrk_threads),
            "--connections",
            str(self.args.connections),
            "--duration",
            f"{max(1, round(duration))}s",
            "--timeout",
            "10s",
            "--latency",
        ]
        env = dict(os.environ)
        if page.method == "POST":
            command += ["--script", str(POST_SCRIPT)]
            env |= {
                "BENCH_PATH": page.path,
                "BENCH_COOKIE": self.cookie,
                "BENCH_CSRF": self.csrf,
                "BENCH_ORIGIN": self.origin,
            }
        else:
            command += [arg for k, v in PROXY_HEADERS.items() for arg in ("--header", f"{k}: {v}")]
            if page.signed_in:
                command += ["--header", f"Cookie: {self.cookie}"]
        command.append(self.base + page.path)
        output = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        return parse_wrk(output.stdout)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
