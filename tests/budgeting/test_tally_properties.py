"""Random small elections: our tally equals pabutools run live, for every rule.

Costs are small integers so that ties in votes, prices and costs happen often; project ids mix "9",
"10" and letters so that string order matters. Hypothesis runs derandomized: the same examples each time.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgeting.tally import Election, tally
from budgeting.tally.mes import mes_add1_increments
from budgeting.tally.mes_engine import MesEngine
from budgeting.tally.prepared import Prepared
from tests.budgeting.test_tally_oracle import RULES, pabutools_winners

IDS = ("1", "2", "3", "9", "10", "11", "20", "a", "B", "b")
FIXED = settings(derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def elections(draw, *, max_cost=12, max_budget=40, max_voters=30, fractions=False):
    ids = draw(st.lists(st.sampled_from(IDS), min_size=3, max_size=8, unique=True))
    cost = st.integers(0, max_cost)
    if fractions:
        cost = cost | st.fractions(min_value=0, max_value=max_cost, max_denominator=4)
    costs = {project_id: draw(cost) for project_id in ids}
    vote_type = draw(st.sampled_from(["approval", "cumulative"]))
    if vote_type == "approval":
        vote = st.lists(st.sampled_from(ids), max_size=len(ids), unique=True)
    else:
        points = st.integers(0, 3) | st.just(Fraction(1, 2)) if fractions else st.integers(0, 3)
        vote = st.dictionaries(st.sampled_from(ids), points, max_size=len(ids))
    votes = draw(st.lists(vote, min_size=1, max_size=max_voters))
    if draw(st.booleans()):
        # A twin: another id with the same cost and the same points from every voter, so always the same price.
        original = draw(st.sampled_from(ids))
        costs[f"{original}-twin"] = costs[original]
        for v in votes:
            if original in v:
                if isinstance(v, dict):
                    v[f"{original}-twin"] = v[original]
                else:
                    v.append(f"{original}-twin")
    budget = draw(st.integers(0, max_budget))
    return Election.from_votes(budget=budget, projects=costs, votes=votes, vote_type=vote_type)


@settings(FIXED, max_examples=500)
@given(elections())
def test_small_elections_equal_pabutools(election):
    """Greedy, MES and MES with add1 select what pabutools selects, ties and zero costs included."""
    for rule in RULES:
        assert tally(election, rule) == pabutools_winners(election, rule), rule


@settings(FIXED, max_examples=80)
@given(elections(max_cost=400, max_budget=1500, max_voters=8, fractions=True))
def test_long_add1_runs_equal_pabutools(election):
    """Few voters and large amounts: add1 needs hundreds of increments and still matches pabutools."""
    for rule in ("mes", "mes-add1"):
        assert tally(election, rule) == pabutools_winners(election, rule), rule


def _add1_one_step_at_a_time(prepared):
    engine = MesEngine(prepared)
    budget, step = prepared.budget, 0
    previous = engine.selection(engine.run(0))
    while True:
        left = budget - prepared.total_cost(previous)
        if all(j in previous or prepared.costs[j] > left for j in engine.selectable):
            return previous, step
        selection = engine.selection(engine.run(step + 1))
        if prepared.total_cost(selection) > budget:
            return previous, step
        previous, step = selection, step + 1


@settings(FIXED, max_examples=200)
@given(elections(max_cost=200, max_budget=600, max_voters=12, fractions=True))
def test_add1_jumps_stop_where_single_steps_stop(election):
    """Jumping over increments that provably change nothing stops at the same increment and outcome."""
    prepared = Prepared.from_election(election)
    if prepared.num_voters:
        assert mes_add1_increments(prepared) == _add1_one_step_at_a_time(prepared)
