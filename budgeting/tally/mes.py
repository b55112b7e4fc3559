"""The method of equal shares, alone and as pabulib's ``equalshares/add1`` (completed greedily).

Both equal pabutools 1.2.3:

* ``mes``: ``method_of_equal_shares(instance, profile.as_multiprofile(), sat_class=...)``.
* ``mes-add1``: ``completion_by_rule_combination`` of ``method_of_equal_shares`` with
  ``voter_budget_increment=1`` and then ``greedy_utilitarian_welfare``.

Semantics taken from pabutools' source:

* Each voter starts with budget / voters (empty ballots count as voters). With no voter at all, MES
  selects nothing.
* Projects that nobody is satisfied with are never selected by MES. Zero-cost projects that somebody is
  satisfied with are selected before the first round (with cost satisfaction a zero-cost project
  satisfies nobody, so under approval MES leaves it to the greedy completion).
* add1 adds one currency unit per voter and reruns MES, and stops at the first outcome that
  overspends (returning the previous outcome) or that is exhaustive among the projects MES may select
  (somebody satisfied, positive cost). A project dearer than the whole budget never blocks exhaustion,
  but once voters hold more than the budget it can be bought, and that outcome overspends.
* The completion: if the MES outcome is exhaustive among *all* projects it is the result; otherwise
  greedy completes it.

Instead of rerunning MES for every increment, :func:`mes_add1_increments` jumps over increments that
provably change nothing: with the same choices in every round, every voter's budget grows with the
increment and every price falls, so if the choices made at budgets b1 < b2 agree and, round by round,
the winner's price at b1 stays below every other price at b2, every budget between picks the same
projects in the same order (:meth:`MesEngine.run` checks this exactly). The jump doubles while this
holds and halves when it does not, down to single increments.
"""

from __future__ import annotations

from .greedy import greedy_selection
from .mes_engine import MesEngine
from .prepared import Prepared


def mes_selection(prepared: Prepared) -> set[int]:
    """Project indices selected by the method of equal shares."""
    if prepared.num_voters == 0:
        return set()
    engine = MesEngine(prepared)
    return engine.selection(engine.run(0))


def mes_add1_increments(prepared: Prepared) -> tuple[set[int], int]:
    """MES with add1 completion: the selection, and the increment (per voter) it stopped at."""
    if prepared.num_voters == 0:
        return set(), 0
    engine = MesEngine(prepared)
    budget = prepared.budget

    def exhaustive(selection: set[int]) -> bool:
        left = budget - prepared.total_cost(selection)
        return all(j in selection or prepared.costs[j] > left for j in engine.selectable)

    current = engine.run(0)
    selection = engine.selection(current)
    if prepared.total_cost(selection) > budget:  # pragma: no cover - MES never overspends its own budget
        return set(engine.free), 0
    if exhaustive(selection):
        return selection, 0
    jump = 1
    while True:
        candidate = engine.run(current.step + jump, reference=current)
        if jump == 1:
            new_selection = engine.selection(candidate)
            if prepared.total_cost(new_selection) > budget:
                return engine.selection(current), current.step
            if exhaustive(new_selection):
                return new_selection, candidate.step
            current = candidate
            jump = 2 if candidate.certified else 1
        elif candidate.certified:
            current = candidate
            jump *= 2
        else:
            jump //= 2


def mes_add1_selection(prepared: Prepared) -> set[int]:
    """Project indices selected by MES with add1, then completed by greedy if still not exhaustive."""
    selection, _ = mes_add1_increments(prepared)
    left = prepared.budget - prepared.total_cost(selection)
    if all(j in selection or cost > left for j, cost in enumerate(prepared.costs)):
        return selection
    return greedy_selection(prepared, selection)
