"""The one entry point: which projects a rule selects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, get_args

from .election import Election
from .greedy import greedy_selection
from .mes import mes_add1_selection, mes_selection
from .prepared import Prepared

Rule = Literal["greedy", "mes", "mes-add1"]
RULES: tuple[str, ...] = get_args(Rule)

_SELECTORS: dict[str, Callable[[Prepared], set[int]]] = {
    "greedy": greedy_selection,
    "mes": mes_selection,
    "mes-add1": mes_add1_selection,
}


def tally(election: Election, rule: Rule) -> list[str]:
    """The ids of the projects ``rule`` selects, sorted as strings.

    Equal to pabutools 1.2.3 with its default (lexicographic) tie-breaking: approval ballots are
    tallied with cost satisfaction, cumulative ballots with points as utilities (MES) and points x cost
    (greedy).
    """
    try:
        select = _SELECTORS[rule]
    except KeyError:
        raise ValueError(f"rule must be one of {', '.join(RULES)}, not {rule!r}") from None
    prepared = Prepared.from_election(election)
    return prepared.ids_of(select(prepared))
