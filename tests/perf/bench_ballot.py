"""Benchmark: ballot submissions per second against a running server on PostgreSQL (a script, not a test).

    .venv/bin/python tests/perf/bench_ballot.py [--seconds 15] [--voters 200] [--clients 8] [--workers 2]

It makes a fresh database (`sob_bench` on the local PostgreSQL, or --database-url), migrates it, sets up
a project whose vote is open with 12 proposals and signed-in voters, and starts Gunicorn with
tests/perf/bench_settings.py. A second process (this one, with threads on loopback) then drives, one
scenario after another for a fixed time each:

- "bare read": a view that reads one row by primary key;
- "bare write": a view that writes one row by primary key (the baseline for the ballot);
- "ballot": what a voter's browser does to cast a vote: save the draft (the ballot page's background
  save) and press Submit on the review page, which validates, locks the voter, writes the ballot and
  its choices and replaces the earlier one.

It prints requests per second and p50/p95/p99 latencies per scenario, the ratios to the bare write, and
checks afterwards that every voter who got a receipt has exactly one ballot. It fails nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.perf.client import Client, Scenario, drive  # noqa: E402
from tests.perf.server import Gunicorn, fresh_database, log, manage, say  # noqa: E402


def set_up(voters: int) -> tuple[int, list[int], list[tuple[int, str]]]:
    """The project, round, proposals and signed-in voters.

    Returns the round id, the proposal ids and (voter id, session key) pairs.
    """
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from budgeting.models import BallotType, BudgetRound, Feasibility, Proposal, Voter, WinnerRule
    from maps import services as map_services
    from participation.models import PhaseType
    from tests.cms.factories import create_home_page, create_project, create_project_index

    today = timezone.localdate()
    day = __import__("datetime").timedelta(days=1)
    map_services.load_demo_areas()
    home = create_home_page()
    index = create_project_index(home)
    project = create_project(index, phases=[(PhaseType.VOTING, today - day, today + 10 * day)])
    budget_round = BudgetRound.objects.create(
        project=project,
        title="Borgerbudget (benchmark)",
        total_budget=2_000_000,
        ballot_type=BallotType.KNAPSACK,
        winner_rule=WinnerRule.MES,
    )
    proposals = Proposal.objects.bulk_create(
        Proposal(
            round=budget_round,
            code=str(number),
            title=f"Forslag {number}",
            description="En bænk og to træer.",
            cost=100_000 + 25_000 * number,
            administration=project.administration,
            feasibility=Feasibility.FEASIBLE,
        )
        for number in range(1, 13)
    )
    User = get_user_model()
    users = User.objects.bulk_create(User(email=f"vaelger{n}@example.dk") for n in range(voters))
    rows = Voter.objects.bulk_create(Voter(round=budget_round, user=user) for user in users)
    backend = settings.AUTHENTICATION_BACKENDS[0]
    sessions = []
    for user, voter in zip(users, rows, strict=True):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions.append((voter.pk, session.session_key))
    return budget_round.pk, [proposal.pk for proposal in proposals], sessions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/sob_bench")
    parser.add_argument("--seconds", type=float, default=15.0, help="per scenario")
    parser.add_argument("--voters", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8, help="concurrent connections")
    parser.add_argument("--workers", type=int, default=2, help="Gunicorn worker processes")
    args = parser.parse_args()

    env = dict(os.environ, DATABASE_URL=args.database_url, DJANGO_SETTINGS_MODULE="tests.perf.bench_settings")
    os.environ.update(env)
    log(f"→ fresh database {urlsplit(args.database_url).path.lstrip('/')}")
    fresh_database(args.database_url)
    log("→ migrating")
    manage("migrate", "--no-input", "-v", "0", env=env)
    log(f"→ a round with 12 proposals and {args.voters} signed-in voters")
    round_id, proposal_ids, voters = set_up(args.voters)

    server = Gunicorn(env=env, workers=args.workers)
    log(f"→ Gunicorn with {args.workers} workers on {server.base_url}")
    with server:
        server.wait_until_ready(f"/bench/read/{proposal_ids[0]}/")
        results = []

        read = Scenario("bare read (1 indexed read)")
        log(f"→ {read.name}: {args.seconds:.0f} s")

        def read_step(number):
            client = Client(server.port)

            def step():
                read.timed(lambda: client.get(f"/bench/read/{random.choice(proposal_ids)}/"))  # noqa: S311

            return step

        drive([read], args.clients, args.seconds, read_step)
        results.append(read)

        write = Scenario("bare write (1 indexed write)", kind="write")
        log(f"→ {write.name}: {args.seconds:.0f} s")

        def write_step(number):
            client = Client(server.port)

            def step():
                voter_id = random.choice(voters)[0]  # noqa: S311
                write.timed(lambda: client.post(f"/bench/write/{voter_id}/"))

            return step

        drive([write], args.clients, args.seconds, write_step)
        results.append(write)

        draft = Scenario("  ballot: draft save", kind="write")
        submit = Scenario("  ballot: submit", kind="write")
        cast = Scenario("ballot (draft save + submit)", kind="write")
        receipts: set[int] = set()
        ballot_url = f"/da/afstemning/{round_id}/"
        review_url = f"/da/afstemning/{round_id}/gennemse/"
        log(f"→ {cast.name}: {args.seconds:.0f} s")

        def ballot_step(number):
            clients = {}
            for voter_id, key in voters[number :: args.clients]:
                token = secrets.token_hex(16)
                clients[voter_id] = Client(
                    server.port, cookies={"sessionid": key, "csrftoken": token}, headers={"X-CSRFToken": token}
                )

            def step():
                voter_id = random.choice(list(clients))  # noqa: S311
                client = clients[voter_id]
                picks = random.sample(proposal_ids, 4)  # noqa: S311 - 4 proposals stay within the budget
                started = time.perf_counter()
                saved = client.post(
                    ballot_url, form={"action": "save", "proposal": picks}, headers={"X-Requested-With": "fetch"}
                )
                middle = time.perf_counter()
                draft.record(middle - started, saved.status == 204, saved.status)
                response = client.post(review_url)
                ok = response.status == 302 and "kvittering" in response.header("Location")
                ended = time.perf_counter()
                submit.record(ended - middle, ok, response.status)
                cast.record(ended - started, ok and saved.status == 204, response.status)
                if ok:
                    with cast.lock:
                        receipts.add(voter_id)

            return step

        drive([cast, draft, submit], args.clients, args.seconds, ballot_step)
        results += [cast, draft, submit]

    from budgeting.models import Ballot, Voter

    ballots = Ballot.objects.filter(round_id=round_id).count()
    linked = Voter.objects.filter(round_id=round_id, ballot__isnull=False).count()

    say(
        f"Ballot submission on PostgreSQL, Gunicorn {args.workers} workers, {args.clients} clients, "
        f"{args.seconds:.0f} s per scenario, {os.cpu_count()} cores shared by server and client"
    )
    say(f"{'scenario':<32} {'done':>7} {'errors':>6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for scenario in results:
        name, done, errors, rate, p50, p95, p99 = scenario.row()
        say(f"{name:<32} {done:>7} {errors:>6} {rate:>8.1f} {p50:>8.1f} {p95:>8.1f} {p99:>8.1f}")
    if write.rate:
        say(
            f"ratio ballot / bare write (per second): {cast.rate / write.rate:.3f} "
            "(a ballot is 2 requests: the draft save and the submit)"
        )
    say(
        f"voters with a receipt: {len(receipts)}; ballots in the database: {ballots}; "
        f"voters linked to a ballot: {linked} (all three must be equal)"
    )


if __name__ == "__main__":
    main()
