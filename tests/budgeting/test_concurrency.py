"""One ballot per voter, however many submissions arrive at once, and none after the count.

200 voters each submit 5 different ballots, all 1,000 in a shuffled order. On PostgreSQL they run on 16
threads at once, each with its own connection, so the row lock in `ballot_submit` is what keeps one
ballot per voter. SQLite has one writer at a time, so there the same scenario runs one submission
after another: it checks the bookkeeping (the new ballot replaces the old one), not the locking.

On PostgreSQL a count holds the round's lock while a voter submits: the submission waits and is refused.
"""

import itertools
import queue
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation

from budgeting import services
from budgeting.models import Ballot, BallotChoice, BudgetRound, Voter
from budgeting.services.common import lock_round

VOTERS = 200
BALLOTS_EACH = 5
WORKERS = 16


def valid_ballots(proposals, budget: int) -> list[dict[int, int]]:
    """Every non-empty choice of the proposals that fits the budget, as {proposal id: 1}."""
    ballots = []
    for size in range(1, len(proposals) + 1):
        for chosen in itertools.combinations(proposals, size):
            if sum(proposal.cost for proposal in chosen) <= budget:
                ballots.append({proposal.pk: 1 for proposal in chosen})
    return ballots


def submit(voter_pk: int, selections: dict[int, int]) -> None:
    """One request: load the voter and submit."""
    services.ballot_submit(voter=Voter.objects.get(pk=voter_pk), selections=selections)


def worker(requests: queue.SimpleQueue) -> None:
    """A server thread: takes requests until none are left, then closes its own database connection."""
    try:
        while True:
            try:
                voter_pk, selections = requests.get_nowait()
            except queue.Empty:
                return
            submit(voter_pk, selections)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_submissions_leave_one_ballot_per_voter(open_round, django_user_model):
    """200 voters × 5 different ballots at once end with exactly 200 ballots, each one of its voter's own."""
    proposals = list(open_round.proposals.order_by("pk"))
    choices = valid_ballots(proposals, open_round.total_budget)
    assert len(choices) >= BALLOTS_EACH
    users = django_user_model.objects.bulk_create(
        [django_user_model(email=f"vaelger{n}@example.dk") for n in range(VOTERS)]
    )
    voters = [services.voter_for(round=open_round, user=user) for user in users]

    rng = random.Random(2027)  # noqa: S311 -- a reproducible order, not a secret
    submitted = {voter.pk: rng.sample(choices, BALLOTS_EACH) for voter in voters}
    requests = [(voter_pk, ballot) for voter_pk, ballots in submitted.items() for ballot in ballots]
    rng.shuffle(requests)

    if connection.vendor == "postgresql":
        waiting = queue.SimpleQueue()
        for request in requests:
            waiting.put(request)
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            for future in [pool.submit(worker, waiting) for _ in range(WORKERS)]:
                future.result()  # re-raises what failed in a thread
    else:
        for voter_pk, ballot in requests:
            submit(voter_pk, ballot)

    assert Ballot.objects.filter(round=open_round).count() == VOTERS
    final = dict(Voter.objects.values_list("pk", "ballot_id"))
    assert len(set(final.values())) == VOTERS and None not in final.values()
    assert Voter.objects.filter(voted=True).count() == VOTERS
    contents: dict = {}
    for ballot_id, proposal_id, points in BallotChoice.objects.values_list("ballot_id", "proposal_id", "points"):
        contents.setdefault(ballot_id, {})[proposal_id] = points
    assert set(contents) == set(final.values())  # no choices left over from replaced ballots
    wrong = [voter_pk for voter_pk, ballot_id in final.items() if contents[ballot_id] not in submitted[voter_pk]]
    assert not wrong


def wait_until_a_query_waits_for_a_lock(seconds: float = 10) -> bool:
    """Whether another connection to this database is (within `seconds`) waiting for a lock."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.05)
    return False


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_submission_during_the_count_waits_and_is_refused(open_round, citizen):
    """The count holds the round's row (as `round_tally` does, until it has set `tallied_at`) when a voter who found
    voting open submits: the submission waits for the count, then is refused. No ballot lands after the count read
    the ballot box, and no link to a person outlives it."""
    voter = services.voter_for(round=open_round, user=citizen)
    proposal = open_round.proposals.order_by("cost").first()
    counting, finish = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def count():
        try:
            with transaction.atomic():
                lock_round(open_round.pk)
                BudgetRound.objects.filter(pk=open_round.pk).update(tallied_at=timezone.now())
                counting.set()
                finish.wait(20)
        finally:
            connection.close()

    def vote():
        try:
            with translation.override("en"):
                services.ballot_submit(voter=Voter.objects.get(pk=voter.pk), selections={proposal.pk: 1})
            outcome["result"] = "stored"
        except ValidationError as error:
            outcome["result"] = error.messages
        finally:
            connection.close()

    counter = threading.Thread(target=count)
    counter.start()
    assert counting.wait(20)
    submitter = threading.Thread(target=vote)
    submitter.start()
    waited = wait_until_a_query_waits_for_a_lock()
    finish.set()
    counter.join(20)
    submitter.join(20)

    assert outcome["result"] == ["The votes have been counted: voting is closed."]
    assert waited
    assert not Ballot.objects.exists()
    assert Voter.objects.filter(pk=voter.pk).values_list("voted", "ballot").get() == (False, None)
