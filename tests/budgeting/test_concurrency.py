"""One ballot per voter, however many submissions arrive at once.

200 voters each submit 5 different ballots, all 1,000 in a shuffled order. On PostgreSQL they run on 16
threads at once, each with its own connection, so the row lock in `ballot_submit` is what keeps one
ballot per voter. SQLite has one writer at a time, so there the same scenario runs one submission
after another: it checks the bookkeeping (the new ballot replaces the old one), not the locking.
"""

import itertools
import queue
import random
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from budgeting import services
from budgeting.models import Ballot, BallotChoice, Voter

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
