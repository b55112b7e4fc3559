"""Running the site under Gunicorn for the benchmarks and the worker-fault test: a fresh database, the server
process, its workers, and a clean stop (also when the caller fails).

    with Gunicorn(env=env, workers=4) as server:
        server.wait_until_ready("/bench/read/1/")
        ...  # server.base_url, server.worker_pids()

The server runs in its own process group, so stopping it ends its workers too, whatever happened.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def log(message: str) -> None:
    """Progress, on standard error."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def say(line: str = "") -> None:
    """The figures, on standard output."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def database_url(settings_dict: dict) -> str:
    """A postgres:// URL for a Django database's settings (e.g. the test database the test process made)."""
    user = settings_dict.get("USER") or "postgres"
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else f"{user}@"
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


def fresh_database(url: str) -> None:
    """Drop (with its connections) and create the database the URL names."""
    import psycopg

    parts = urlsplit(url)
    name = database_name(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def manage(*arguments: str, env: dict[str, str]) -> None:
    """Run `manage.py` with these arguments in a child process (its own settings from `env`); what it prints
    goes to standard error, with the progress, so that standard output holds only the figures."""
    command = [sys.executable, "manage.py", *arguments]
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=sys.stderr.fileno())  # noqa: S603


def children_of(pid: int) -> set[int]:
    """The ids of the processes whose parent is `pid` (read from /proc, Linux)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # the process ended meanwhile
        # pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ")".
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.add(int(entry.name))
    return found


class Gunicorn:
    """Gunicorn serving config.wsgi on a free loopback port, with the settings and database in `env`.

    `threads` > 1 uses the gthread worker (keep-alive connections); otherwise sync workers.
    """

    def __init__(
        self,
        *,
        env: dict[str, str],
        workers: int = 2,
        threads: int = 1,
        timeout: int = 30,
        log_file: Path | None = None,
    ) -> None:
        self.env = env
        self.log_file = log_file
        self.workers = workers
        self.threads = threads
        self.timeout = timeout
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        command = [str(BIN / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", str(self.workers), "--timeout", str(self.timeout), "--graceful-timeout", "5"]
        command += ["--log-level", "warning"]
        if self.threads > 1:
            command += ["--worker-class", "gthread", "--threads", str(self.threads)]
        return command

    def start(self) -> Gunicorn:
        # Its own session (process group): stop() ends the master and every worker it forked.
        output = None
        if self.log_file is not None:
            self.log_file.parent.mkdir(parents=True, exist_ok=True)
            output = self.log_file.open("ab")
        try:
            self.process = subprocess.Popen(  # noqa: S603 - our own virtualenv's Gunicorn
                self.command(), cwd=ROOT, env=self.env, start_new_session=True, stdout=output, stderr=output
            )
        finally:
            if output is not None:
                output.close()  # the child has its own copy
        return self

    def __enter__(self) -> Gunicorn:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def worker_pids(self) -> set[int]:
        return children_of(self.pid)

    def wait_until_ready(self, path: str, *, seconds: float = 90, headers: dict[str, str] | None = None) -> None:
        """Wait until every worker has booted and `path` answers below 500."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Gunicorn exited with status {self.process.returncode}")
            if len(self.worker_pids()) >= self.workers and self._answers(path, headers or {}):
                return
            time.sleep(0.2)
        raise RuntimeError(f"The server did not answer at {self.base_url}{path} within {seconds:.0f} s")

    def _answers(self, path: str, headers: dict[str, str]) -> bool:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path, headers=headers)
            return connection.getresponse().status < 500
        except OSError:
            return False
        finally:
            connection.close()

    def stop(self) -> None:
        """TERM to the master (it stops its workers), then KILL to whatever of its group is still there."""
        if self.process is None:
            return
        self.process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=15)
        self.process = None
