"""An election turned into integer arrays, shared by the greedy rule and the method of equal shares.

Money is scaled to integers (budget and costs times the least common multiple of their denominators),
and so are points; both scalings change no outcome. Ties are broken on the project id *string*, as
pabutools' ``lexico_tie_breaking`` does, so ``name_rank`` orders "10" before "9".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .election import Election, Number


def _common_scale(values: list[Number]) -> int:
    scale = 1
    for value in values:
        if isinstance(value, Fraction):
            scale = math.lcm(scale, value.denominator)
    return scale


@dataclass(frozen=True, eq=False)
class Prepared:
    """Integer view of an election.

    ``costs`` and ``budget`` are in units of 1 / ``money_scale`` currency; ``utilities[g, j]`` is the
    (scaled) points that distinct ballot ``g`` gives project ``j``; ``multiplicity[g]`` counts its voters.
    """

    project_ids: tuple[str, ...]
    name_rank: tuple[int, ...]
    costs: tuple[int, ...]
    budget: int
    money_scale: int
    approval: bool
    multiplicity: np.ndarray
    utilities: np.ndarray
    total_points: tuple[int, ...]
    num_voters: int

    @classmethod
    def from_election(cls, election: Election) -> Prepared:
        ids = election.project_ids
        raw_costs = [election.projects[project_id] for project_id in ids]
        money_scale = _common_scale([election.budget, *raw_costs])
        costs = tuple(int(cost * money_scale) for cost in raw_costs)
        points_scale = _common_scale([p for ballot in election.ballots for p in ballot.points])
        num_groups = len(election.ballots)
        multiplicity = np.fromiter((b.multiplicity for b in election.ballots), dtype=np.int64, count=num_groups)
        rows = [g for g, ballot in enumerate(election.ballots) for _ in ballot.projects]
        cols = [j for ballot in election.ballots for j in ballot.projects]
        vals = [int(p * points_scale) for ballot in election.ballots for p in ballot.points]
        max_point = max(vals, default=0)
        # Every sum the engine takes is at most max_point * num_voters: keep it inside int64.
        if max_point * max(int(multiplicity.sum()), 1) >= 2**62:
            raise ValueError("points are too large or too finely divided to tally")
        utilities = np.zeros((num_groups, len(ids)), dtype=np.int64)
        utilities[np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)] = vals
        total_points = tuple(int(x) for x in multiplicity @ utilities) if num_groups else (0,) * len(ids)
        rank = {project_id: r for r, project_id in enumerate(sorted(ids))}
        return cls(
            project_ids=ids,
            name_rank=tuple(rank[project_id] for project_id in ids),
            costs=costs,
            budget=int(election.budget * money_scale),
            money_scale=money_scale,
            approval=election.vote_type == "approval",
            multiplicity=multiplicity,
            utilities=utilities,
            total_points=total_points,
            num_voters=int(multiplicity.sum()),
        )

    def total_cost(self, selection: set[int] | list[int]) -> int:
        return sum(self.costs[j] for j in selection)

    def ids_of(self, selection: set[int] | list[int]) -> list[str]:
        """The selected project ids, sorted as strings."""
        return sorted(self.project_ids[j] for j in selection)
