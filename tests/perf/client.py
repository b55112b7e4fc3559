"""The load's side of the benchmarks: a keep-alive HTTP client on the standard library, timed scenarios run
from threads for a fixed time, and their figures (requests per second, p50/p95/p99, errors).
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from collections.abc import Callable
from urllib.parse import urlencode


class Response:
    __slots__ = ("body", "headers", "status")

    def __init__(self, status: int, headers: http.client.HTTPMessage | None, body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    def header(self, name: str) -> str:
        return (self.headers.get(name) if self.headers is not None else None) or ""


class Client:
    """One keep-alive connection to the server, as one browser would hold it, with fixed cookies and headers.

    A connection the server dropped is opened again once for the next request. A request that fails on the
    wire (the worker died, a timeout) is answered with status 0 rather than an exception.
    """

    def __init__(
        self, port: int, *, cookies: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> None:
        self.port = port
        self.headers = dict(headers or {})
        if cookies:
            self.headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        self.connection: http.client.HTTPConnection | None = None

    def _connect(self) -> http.client.HTTPConnection:
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        return self.connection

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(
        self, method: str, path: str, *, form: dict | list | None = None, headers: dict[str, str] | None = None
    ) -> Response:
        sent = dict(self.headers, **(headers or {}))
        body = None
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        for _attempt in (1, 2):
            reused = self.connection is not None
            connection = self._connect()
            try:
                connection.request(method, path, body=body, headers=sent)
                response = connection.getresponse()
                data = response.read()
            except (http.client.HTTPException, OSError):
                self.close()
                # A kept-alive connection the server had closed meanwhile: a read is tried once more on a new
                # one. A write is never sent twice: it may have arrived.
                if reused and method == "GET":
                    continue
                return Response(0, None, b"")
            if response.will_close:
                self.close()
            return Response(response.status, response.headers, data)
        return Response(0, None, b"")  # pragma: no cover - the loop returns

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> Response:
        return self.request("POST", path, **kwargs)


def success(response: Response) -> bool:
    """2xx or 3xx: what the benchmark counts as answered; anything else (and a lost connection) is an error."""
    return 200 <= response.status < 400


class Scenario:
    """Latencies of the answered requests of one scenario (or one step of it), and its errors."""

    def __init__(self, name: str, *, kind: str = "read") -> None:
        self.name = name
        self.kind = kind  # "read" or "write": which bare view it is compared with
        self.latencies: list[float] = []
        self.errors = 0
        self.statuses: dict[int, int] = {}
        self.lock = threading.Lock()
        self.elapsed = 0.0

    def record(self, seconds: float, ok: bool, status: int | None = None) -> None:
        with self.lock:
            if ok:
                self.latencies.append(seconds)
            else:
                self.errors += 1
                if status is not None:
                    self.statuses[status] = self.statuses.get(status, 0) + 1

    def timed(self, call: Callable[[], Response], ok: Callable[[Response], bool] = success) -> Response:
        started = time.perf_counter()
        response = call()
        self.record(time.perf_counter() - started, ok(response), response.status)
        return response

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentiles(self) -> tuple[float, float, float]:
        """p50, p95 and p99 in milliseconds."""
        done = len(self.latencies)
        if done >= 2:
            cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
            return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000
        value = self.latencies[0] * 1000 if done else float("nan")
        return value, value, value

    def row(self) -> tuple:
        p50, p95, p99 = self.percentiles()
        return self.name, len(self.latencies), self.errors, self.rate, p50, p95, p99


def drive(scenarios: list[Scenario], clients: int, seconds: float, make_step: Callable) -> None:
    """Run `clients` threads for `seconds`; thread n calls `make_step(n)()` repeatedly until the time is up.

    Each step records its own requests; every scenario given gets the elapsed time.
    """
    stop = time.monotonic() + seconds

    def run(number: int) -> None:
        step = make_step(number)
        while time.monotonic() < stop:
            step()

    threads = [threading.Thread(target=run, args=(number,), daemon=True) for number in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    for scenario in scenarios:
        scenario.elapsed = elapsed


HEADER = (
    f"{'scenario':<40} {'done':>7} {'errors':>6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'ratio':>7}"
)


def table_row(scenario: Scenario, baseline: Scenario | None) -> str:
    name, done, errors, rate, p50, p95, p99 = scenario.row()
    ratio = f"{rate / baseline.rate:.3f}" if baseline is not None and baseline.rate else "-"
    return f"{name:<40} {done:>7} {errors:>6} {rate:>8.1f} {p50:>8.1f} {p95:>8.1f} {p99:>8.1f} {ratio:>7}"
