"""The data a tally needs: budget, project costs and the distinct ballots with their multiplicities.

Amounts are exact: ``int`` where whole, ``fractions.Fraction`` otherwise. Ballots are grouped like
pabutools' ``profile.as_multiprofile()``: one :class:`Ballot` per distinct ballot, with the number of
voters who cast it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Literal, get_args

Number = int | Fraction
VoteType = Literal["approval", "cumulative"]
VOTE_TYPES: tuple[str, ...] = get_args(VoteType)


def exact_number(value: object, *, what: str = "number") -> Number:
    """``value`` as an exact non-negative number: ``int`` when whole, else ``Fraction``.

    Accepts ints, Fractions, Decimals, floats and strings such as ``"100000.0"``, ``"2,5"`` or ``"1/3"``.
    """
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a number, not {value!r}")
    try:
        if isinstance(value, str):
            number = Fraction(value.strip().replace(",", "."))
        elif isinstance(value, int | Fraction | Decimal):
            number = Fraction(value)
        elif isinstance(value, float):
            number = Fraction(repr(value))
        else:
            raise TypeError
    except (ValueError, TypeError, ZeroDivisionError, ArithmeticError):
        raise ValueError(f"{what} must be a number, not {value!r}") from None
    if number < 0:
        raise ValueError(f"{what} must not be negative, got {value!r}")
    return number.numerator if number.denominator == 1 else number


@dataclass(frozen=True, slots=True)
class Ballot:
    """One distinct ballot: project indices (ascending), the points given to each, and how many voters cast it.

    Approval ballots give 1 point to every project they approve.
    """

    projects: tuple[int, ...]
    points: tuple[Number, ...]
    multiplicity: int = 1


@dataclass(frozen=True)
class Election:
    """A participatory-budgeting election ready to be tallied.

    ``projects`` maps project id to cost, in a fixed order: ballots refer to projects by their index in it.
    Knapsack ballots are approval ballots (they are tallied with cost satisfaction).
    """

    budget: Number
    projects: dict[str, Number]
    ballots: tuple[Ballot, ...] = ()
    vote_type: VoteType = "approval"
    project_ids: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.vote_type not in VOTE_TYPES:
            raise ValueError(f"vote_type must be one of {', '.join(VOTE_TYPES)}, not {self.vote_type!r}")
        object.__setattr__(self, "budget", exact_number(self.budget, what="budget"))
        costs = {}
        for project_id, cost in self.projects.items():
            if not isinstance(project_id, str) or not project_id:
                raise ValueError(f"project ids must be non-empty strings, not {project_id!r}")
            costs[project_id] = exact_number(cost, what=f"cost of project {project_id}")
        object.__setattr__(self, "projects", costs)
        object.__setattr__(self, "project_ids", tuple(costs))
        object.__setattr__(self, "ballots", tuple(self.ballots))
        for ballot in self.ballots:
            self._check_ballot(ballot)

    def _check_ballot(self, ballot: Ballot) -> None:
        indices = ballot.projects
        if len(indices) != len(ballot.points):
            raise ValueError(f"ballot {ballot} has {len(indices)} projects but {len(ballot.points)} points")
        if any(b <= a for a, b in zip(indices, indices[1:], strict=False)):
            raise ValueError(f"ballot {ballot} must list distinct project indices in ascending order")
        if indices and not (indices[0] >= 0 and indices[-1] < len(self.project_ids)):
            raise ValueError(f"ballot {ballot} refers to a project index out of range")
        if not isinstance(ballot.multiplicity, int) or ballot.multiplicity < 1:
            raise ValueError(f"ballot {ballot} must have a positive integer multiplicity")
        if self.vote_type == "approval":
            if any(p != 1 for p in ballot.points):
                raise ValueError(f"approval ballot {ballot} must give 1 point to each project")
        elif any(not isinstance(p, int | Fraction) or isinstance(p, bool) or p < 0 for p in ballot.points):
            raise ValueError(f"cumulative ballot {ballot} must give exact non-negative points")

    @property
    def num_voters(self) -> int:
        """The number of voters, counting every copy of a ballot (empty ballots included)."""
        return sum(ballot.multiplicity for ballot in self.ballots)

    @classmethod
    def from_votes(
        cls,
        *,
        budget: object,
        projects: Mapping[str, object],
        votes: Iterable[Iterable[str] | Mapping[str, object]],
        vote_type: VoteType = "approval",
    ) -> Election:
        """Build an election from one vote per voter, grouping identical ballots.

        An approval vote is an iterable of project ids (repeats count once); a cumulative vote maps
        project ids to points.
        """
        position = {project_id: index for index, project_id in enumerate(projects)}
        counts: Counter[tuple[tuple[int, Number], ...]] = Counter()
        for vote in votes:
            counts[_ballot_key(vote, position, vote_type)] += 1
        ballots = tuple(
            Ballot(tuple(i for i, _ in key), tuple(p for _, p in key), multiplicity)
            for key, multiplicity in counts.items()
        )
        return cls(budget=budget, projects=dict(projects), ballots=ballots, vote_type=vote_type)


def _ballot_key(
    vote: Iterable[str] | Mapping[str, object], position: Mapping[str, int], vote_type: str
) -> tuple[tuple[int, Number], ...]:
    def index_of(project_id: str) -> int:
        try:
            return position[project_id]
        except KeyError:
            raise ValueError(f"a vote names the unknown project {project_id!r}") from None

    if vote_type == "approval":
        if isinstance(vote, Mapping):
            raise ValueError("approval votes are collections of project ids, not mappings")
        return tuple((index, 1) for index in sorted({index_of(project_id) for project_id in vote}))
    if not isinstance(vote, Mapping):
        raise ValueError("cumulative votes map project ids to points")
    return tuple(
        sorted((index_of(project_id), exact_number(points, what="points")) for project_id, points in vote.items())
    )
