"""Greedy utilitarian welfare, as pabutools' ``greedy_utilitarian_welfare`` with additive satisfaction.

Projects are taken in decreasing order of satisfaction per unit of cost, ties broken on the project
id string, and each is selected if it still fits in what is left of the budget. With cost satisfaction
(approval) that order is the number of approvals; with points x cost (cumulative) it is the number of
points. A project whose satisfaction is zero, including every zero-cost project (its cost satisfaction
is zero), scores 0 and is still selected at the end if it fits.
"""

from __future__ import annotations

from collections.abc import Iterable

from .prepared import Prepared


def greedy_scores(prepared: Prepared) -> list[int]:
    """Satisfaction per unit of cost of each project, up to a common positive factor."""
    return [points if cost > 0 else 0 for points, cost in zip(prepared.total_points, prepared.costs, strict=True)]


def greedy_selection(prepared: Prepared, initial: Iterable[int] = ()) -> set[int]:
    """Complete ``initial`` (project indices) greedily; returns the whole selection."""
    selection = set(initial)
    remaining = prepared.budget - prepared.total_cost(selection)
    scores = greedy_scores(prepared)
    order = sorted(
        (j for j in range(len(prepared.costs)) if j not in selection),
        key=lambda j: (-scores[j], prepared.name_rank[j]),
    )
    for j in order:
        if prepared.costs[j] <= remaining:
            selection.add(j)
            remaining -= prepared.costs[j]
    return selection
