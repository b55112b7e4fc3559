"""pabutools 1.2.3 run live, called exactly as the pabulib README says: the reference for our tally.

The helpers here are imported by the other tally tests and by ``tests/perf/bench_tally.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from pabutools.election import (
    AbstractApprovalProfile,
    Additive_Cardinal_Sat,
    AdditiveSatisfaction,
    ApprovalBallot,
    ApprovalProfile,
    Cost_Sat,
    CumulativeBallot,
    CumulativeProfile,
    Instance,
    Project,
    parse_pabulib,
)
from pabutools.fractions import frac
from pabutools.rules import completion_by_rule_combination, greedy_utilitarian_welfare, method_of_equal_shares

from budgeting.tally import Election

RULES = ("greedy", "mes", "mes-add1")


def pabulib_data_dir() -> Path:
    """The shared pabulib files, beside the repository: ``../shared/data/pabulib``."""
    return Path(settings.BASE_DIR).parent / "shared" / "data" / "pabulib"


def expected_winners(data_dir: Path) -> list[dict]:
    """The lines of ``expected_winners.jsonl``: file, rule, vote_type, seconds, winners."""
    with (data_dir / "expected_winners.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


class PointsTimesCostSat(AdditiveSatisfaction):
    """Points x cost, so that pabutools' greedy orders cumulative ballots by total points."""

    def __init__(self, instance, profile, ballot):
        super().__init__(instance, profile, ballot, _points_times_cost)


def _points_times_cost(instance, profile, ballot, project, precomputed_values):
    return ballot[project] * project.cost if project in ballot else 0


def to_pabutools(election: Election) -> tuple[Instance, ApprovalProfile | CumulativeProfile]:
    """The election as a pabutools instance and profile (one ballot per voter)."""
    projects = [Project(project_id, frac(cost)) for project_id, cost in election.projects.items()]
    instance = Instance(projects, budget_limit=frac(election.budget))
    ballots = []
    for ballot in election.ballots:
        for _ in range(ballot.multiplicity):
            if election.vote_type == "approval":
                ballots.append(ApprovalBallot(projects[j] for j in ballot.projects))
            else:
                points = zip(ballot.projects, ballot.points, strict=True)
                ballots.append(CumulativeBallot({projects[j]: frac(p) for j, p in points}))
    if election.vote_type == "approval":
        return instance, ApprovalProfile(ballots, instance=instance)
    return instance, CumulativeProfile(ballots, instance=instance)


def run_pabutools(instance: Instance, profile, rule: str) -> list[str]:
    """The winners of ``rule`` (greedy, mes or mes-add1) by pabutools, sorted as strings."""
    if isinstance(profile, AbstractApprovalProfile):
        mes_sat, greedy_sat = Cost_Sat, Cost_Sat
    else:
        mes_sat, greedy_sat = Additive_Cardinal_Sat, PointsTimesCostSat
    if rule == "greedy":
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=greedy_sat)
    elif rule == "mes":
        outcome = method_of_equal_shares(instance, profile.as_multiprofile(), sat_class=mes_sat)
    elif rule == "mes-add1":
        outcome = completion_by_rule_combination(
            instance,
            profile.as_multiprofile(),
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": mes_sat, "voter_budget_increment": 1}, {"sat_class": greedy_sat}],
        )
    else:
        raise ValueError(f"unknown rule {rule!r}")
    return sorted(str(project.name) for project in outcome)


def pabutools_winners(election: Election, rule: str) -> list[str]:
    return run_pabutools(*to_pabutools(election), rule)


def pabutools_file_winners(path: Path, rule: str) -> list[str]:
    """pabutools end to end: its own parser, then the rule."""
    return run_pabutools(*parse_pabulib(str(path)), rule)


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("file", ["Netherlands_Assen_2024.pb", "Switzerland_Zurich_D10.pb"])
def test_live_pabutools_reproduces_the_stored_winners(file, rule):
    """pabutools run live, as the helpers call it, gives the stored winners on Assen and Zurich."""
    data_dir = pabulib_data_dir()
    expected = next(e for e in expected_winners(data_dir) if e["file"] == file and e["rule"] == rule)
    assert pabutools_file_winners(data_dir / file, rule) == expected["winners"]
