"""Fuzzing: generated requests against the JSON API (schemathesis) and the citizens' forms (hypothesis).

In the normal suite (CI) every fuzz test runs a small sample, derandomized so that CI sees the same inputs on
every run. `make fuzz` sets `FUZZ_EXAMPLES` (the number of generated inputs to aim for in all) and runs random,
larger samples; at the end pytest prints how many requests the fuzz tests sent and how many of them failed.

Hypothesis keeps failing examples only in a fuzz run, under `.hypothesis/` (git-ignored), so that the next run
tries them first; CI keeps nothing.
"""

from __future__ import annotations

import os
from collections import Counter

import pytest
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

from participation.models import PhaseType
from tests.budgeting.conftest import (
    areas,
    bispebjerg,
    citizen,
    days,
    norrebro,
    open_round,
    other_citizen,
    tmf,
)
from tests.cms.factories import create_project

__all__ = ["areas", "bispebjerg", "citizen", "norrebro", "open_round", "other_citizen", "tmf"]

# How many inputs `make fuzz` aims for in all; unset in CI, which runs each test's small fixed sample.
TOTAL = int(os.environ.get("FUZZ_EXAMPLES") or 0)
FUZZING = TOTAL > 0
# Each test's share of TOTAL (the weights add up to 1), and its sample in CI.
SHARES = {
    "api": (0.25, 60),
    "idea": (0.15, 25),
    "comment": (0.10, 20),
    "report": (0.08, 15),
    "eligibility": (0.07, 15),
    "census": (0.07, 15),
    "ballot": (0.18, 25),
    "review": (0.05, 10),
    "json": (0.05, 15),
}

COUNTS: Counter = Counter()


def fuzz_settings(name: str) -> settings:
    """The hypothesis settings of one fuzz test: its share of `FUZZ_EXAMPLES`, or its small fixed CI sample."""
    share, ci_sample = SHARES[name]
    return settings(
        max_examples=max(1, round(TOTAL * share)) if FUZZING else ci_sample,
        derandomize=not FUZZING,
        database=DirectoryBasedExampleDatabase(".hypothesis/fuzz") if FUZZING else None,
        deadline=None,
        # The fixtures (a project, a round, people) are made once per test and shared by its examples on purpose:
        # the invariants are checked over everything the examples did together.
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
    )


def count(name: str, status: int) -> None:
    """Record one generated request of the test `name` and the status it got."""
    COUNTS["inputs"] += 1
    COUNTS[f"inputs:{name}"] += 1
    COUNTS[f"{status // 100}xx:{name}"] += 1
    if status >= 500:
        COUNTS["server errors"] += 1


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts from zero (test settings lift the limits)."""
    cache.clear()


@pytest.fixture
def keep_test_transaction(db):
    """Requests sent through the WSGI handler (not Django's test client) would close the test's database
    connection at their start and end, and with it the transaction the test runs in; the test client
    disconnects the same signal handler."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def idea_project(project_index, areas, tmf, norrebro):
    """A Nørrebro project owned by TMF, collecting ideas today (post-moderation: ideas are public at once)."""
    return create_project(
        project_index,
        title="Et grønnere Nørrebro",
        slug="et-groennere-noerrebro",
        administration=tmf,
        districts=[norrebro],
        phases=[(PhaseType.IDEAS, days(-10), days(10)), (PhaseType.REVIEW, days(11), days(30))],
    )


def pytest_runtest_logreport(report):
    if report.when == "call" and report.failed and "tests/fuzz/" in report.nodeid:
        COUNTS["failed tests"] += 1


def pytest_terminal_summary(terminalreporter):
    if not COUNTS["inputs"]:
        return
    mode = f"FUZZ_EXAMPLES={TOTAL}, random" if FUZZING else "CI sample, derandomized"
    terminalreporter.section("fuzz")
    terminalreporter.write_line(
        f"{COUNTS['inputs']} generated inputs sent ({mode}); "
        f"{COUNTS['server errors']} answered with a 5xx; {COUNTS['failed tests']} fuzz tests failed."
    )
    for name in SHARES:
        if COUNTS[f"inputs:{name}"]:
            answers = ", ".join(
                f"{COUNTS[f'{kind}xx:{name}']} {kind}xx" for kind in range(2, 6) if COUNTS[f"{kind}xx:{name}"]
            )
            terminalreporter.write_line(f"  {name:<12} {COUNTS[f'inputs:{name}']:>6} inputs ({answers})")


def pytest_sessionfinish(session, exitstatus):
    """`make fuzz` promises at least FUZZ_EXAMPLES inputs: fewer (hypothesis stops early when it runs out of new
    inputs, or a test was left out) fails the run instead of passing quietly."""
    if FUZZING and exitstatus == 0 and COUNTS["inputs"] < TOTAL:
        session.config.get_terminal_writer().line(
            f"fuzz: only {COUNTS['inputs']} of the {TOTAL} inputs asked for were sent", red=True
        )
        session.exitstatus = 1
