"""A Gunicorn worker killed during a ballot load loses no acknowledged vote and leaves nothing half written.

Gunicorn (two sync workers, the test settings and the test's own PostgreSQL database) serves the site while
eight client threads vote as a browser does, each voter once: save the draft in the background, press Submit
on the review page, read the receipt code on the receipt page. Every tenth voter picks a ballot over budget,
which must be refused. After 30 acknowledged votes one worker gets SIGKILL in the middle of the load; its
requests in flight are lost on the wire and its database transactions are rolled back. Gunicorn's master starts
a new worker, and the load goes on for 30 more acknowledged votes (at most 90 s in all), then stops.

Afterwards the database must hold every ballot a client was told was cast (the redirect to the receipt), with
exactly the choices sent and the code shown, and nothing else: no ballot without choices, none over budget,
no voter with two ballots, no ballot without its voter, no choice without its ballot. A vote whose Submit was
lost with the worker may or may not have landed; if it did, it is whole.
"""

from __future__ import annotations

import itertools
import os
import queue
import re
import secrets
import signal
import threading
import time
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.db.models import Count, Sum

from budgeting import services
from budgeting.models import Ballot, BallotChoice, Voter
from tests.perf.client import Client
from tests.perf.server import Gunicorn, database_url

VOTERS = 400
CLIENTS = 8
OVER_BUDGET_EVERY = 10
KILL_AFTER = 30  # acknowledged votes before the kill
GO_ON_FOR = 30  # acknowledged votes after the new worker is up, then the clients stop
LOAD_SECONDS = 90  # the load stops then in any case
RECEIPT = re.compile(rb"data-receipt-code>([^<]+)<")

pytestmark = pytest.mark.postgresql


def signed_in(users) -> dict[int, str]:
    """A session for each user, as signing in makes one: {user id: session key}."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    backend = settings.AUTHENTICATION_BACKENDS[0]
    keys = {}
    for user in users:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys[user.pk] = session.session_key
    return keys


class Load:
    """What the clients sent and were told, filled in by the client threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.acknowledged: dict[int, tuple[frozenset[int], str]] = {}  # voter → (choices, receipt code or "")
        self.lost: dict[int, frozenset[int]] = {}  # Submit sent, answer lost: the vote may or may not be in
        self.refused: set[int] = set()  # over budget, refused (sent back to the ballot)
        self.undrafted: set[int] = set()  # the draft save was lost, so Submit was never pressed
        self.wrong: list[str] = []  # answers no browser should ever get
        self.acknowledged_at: list[float] = []

    def note(self, kind: str, voter: int, value=None) -> None:
        with self.lock:
            if kind == "acknowledged":
                self.acknowledged[voter] = value
                self.acknowledged_at.append(time.monotonic())
            elif kind == "lost":
                self.lost[voter] = value
            elif kind == "refused":
                self.refused.add(voter)
            elif kind == "undrafted":
                self.undrafted.add(voter)
            else:
                self.wrong.append(f"voter {voter}: {value}")


def vote(client: Client, load: Load, round_id: int, voter: int, choices: frozenset[int], over_budget: bool) -> None:
    """One voter's visit: the background draft save, Submit, and the receipt page."""
    ballot_url = f"/da/afstemning/{round_id}/"
    saved = client.post(
        ballot_url,
        form={"action": "save", "proposal": sorted(choices)},
        headers={"X-Requested-With": "fetch"},
    )
    if saved.status == 0:
        load.note("undrafted", voter)
        return
    if saved.status != 204:
        load.note("wrong", voter, f"draft save answered {saved.status}")
        return
    submitted = client.post(f"/da/afstemning/{round_id}/gennemse/")
    if submitted.status == 0:
        load.note("lost", voter, choices)
        return
    location = submitted.header("Location")
    if submitted.status == 302 and location.endswith(f"/afstemning/{round_id}/kvittering/"):
        if over_budget:
            load.note("wrong", voter, "a ballot over budget got a receipt")
        receipt = client.get(location)
        found = RECEIPT.search(receipt.body) if receipt.status == 200 else None
        code = found.group(1).decode().replace("-", "") if found else ""
        load.note("acknowledged", voter, (choices, code))
    elif submitted.status == 302 and location.endswith(ballot_url) and over_budget:
        load.note("refused", voter)
    else:
        load.note("wrong", voter, f"Submit answered {submitted.status} {location}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_during_a_ballot_load_loses_no_acknowledged_ballot(open_round, django_user_model):
    """SIGKILL to a Gunicorn worker mid-load: the master replaces it, every acknowledged ballot is in the database
    whole (its choices, its receipt code, its voter), and no ballot is half written, doubled or over budget."""
    proposals = {proposal.pk: proposal.cost for proposal in open_round.proposals.all()}
    budget = open_round.total_budget
    fitting = [
        frozenset(chosen)
        for size in range(1, len(proposals) + 1)
        for chosen in itertools.combinations(proposals, size)
        if sum(proposals[pk] for pk in chosen) <= budget
    ]
    too_dear = frozenset(proposals)
    assert sum(proposals.values()) > budget and len(fitting) >= 3

    users = django_user_model.objects.bulk_create(
        django_user_model(email=f"stemmer{number}@example.dk") for number in range(VOTERS)
    )
    sessions = signed_in(users)
    work: queue.SimpleQueue = queue.SimpleQueue()
    for number, user in enumerate(users):
        voter = services.voter_for(round=open_round, user=user)
        over_budget = number % OVER_BUDGET_EVERY == OVER_BUDGET_EVERY - 1
        choices = too_dear if over_budget else fitting[number % len(fitting)]
        work.put((voter.pk, sessions[user.pk], choices, over_budget))

    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.perf.bench_settings",
        DATABASE_URL=database_url(connection.settings_dict),
    )
    load = Load()
    deadline = time.monotonic() + LOAD_SECONDS
    enough = threading.Event()

    def client_thread() -> None:
        while time.monotonic() < deadline and not enough.is_set():
            try:
                voter, session_key, choices, over_budget = work.get_nowait()
            except queue.Empty:
                return
            token = secrets.token_hex(16)
            client = Client(
                server.port,
                cookies={settings.SESSION_COOKIE_NAME: session_key, settings.CSRF_COOKIE_NAME: token},
                headers={"X-CSRFToken": token},
            )
            try:
                vote(client, load, open_round.pk, voter, choices, over_budget)
            finally:
                client.close()

    with Gunicorn(env=env, workers=2) as server:
        try:
            server.wait_until_ready(f"/bench/read/{next(iter(proposals))}/")
            workers_before = server.worker_pids()
            threads = [threading.Thread(target=client_thread, daemon=True) for _ in range(CLIENTS)]
            for thread in threads:
                thread.start()
            while len(load.acknowledged) < KILL_AFTER and time.monotonic() < deadline:
                time.sleep(0.01)
            victim = min(workers_before)
            os.kill(victim, signal.SIGKILL)
            killed_at = time.monotonic()
            acknowledged_before_kill = len(load.acknowledged)
            replaced = set()
            while not replaced and time.monotonic() < deadline:
                replaced = server.worker_pids() - workers_before
                time.sleep(0.05)
            replaced_at = time.monotonic()
            while time.monotonic() < deadline and not work.empty():
                if sum(1 for moment in load.acknowledged_at if moment > replaced_at) >= GO_ON_FOR:
                    break
                time.sleep(0.05)
        finally:
            enough.set()  # the clients stop, also when something above failed
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()) + 10)
        assert not any(thread.is_alive() for thread in threads), "the load did not finish in time"

    # The kill really happened in the middle of the load, and the master replaced the worker.
    assert acknowledged_before_kill >= KILL_AFTER
    assert replaced, "no new worker appeared after the kill"
    assert sum(1 for moment in load.acknowledged_at if moment > killed_at) >= 10, "hardly any vote after the kill"
    assert not load.wrong
    assert load.refused, "no ballot over budget was sent and refused"

    ballots = Ballot.objects.filter(round=open_round)
    links = dict(Voter.objects.filter(round=open_round, ballot__isnull=False).values_list("pk", "ballot_id"))
    contents: dict = {}
    for ballot_id, proposal_id in BallotChoice.objects.values_list("ballot_id", "proposal_id"):
        contents.setdefault(ballot_id, set()).add(proposal_id)
    codes = dict(ballots.values_list("pk", "receipt_code"))

    # Every acknowledged ballot is there, its voter's, with exactly the choices sent and the code shown.
    missing = [voter for voter in load.acknowledged if voter not in links]
    assert not missing
    for voter, (choices, code) in load.acknowledged.items():
        assert contents.get(links[voter]) == set(choices)
        assert code in ("", codes[links[voter]])
    assert sum(1 for _choices, code in load.acknowledged.values() if code) >= len(load.acknowledged) // 2
    # A lost Submit either landed whole or not at all; nobody else (refused, or not yet come) has a ballot.
    for voter in links.keys() - load.acknowledged.keys():
        assert voter in load.lost and contents.get(links[voter]) == set(load.lost[voter])
    assert not (links.keys() & (load.refused | load.undrafted))
    # Nothing half written, doubled or left over: each ballot has choices and exactly one voter, and fits.
    assert set(codes) == set(links.values()) == set(contents)
    assert not ballots.annotate(chosen=Count("choices")).filter(chosen=0).exists()
    assert not ballots.annotate(total=Sum("choices__proposal__cost")).filter(total__gt=budget).exists()
    assert not BallotChoice.objects.exclude(ballot__round=open_round).exists()
    assert Voter.objects.filter(round=open_round, voted=True).count() == len(links)
