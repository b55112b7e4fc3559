"""Reads for "You said, we did" on a project page: what came of the citizens' input, once the ideas phase is over.

Ideas received, ideas answered and the median days to a first answer (`participation.selectors.answer_stats`,
the same figures as the project's list of ideas), then, for a project with a citizens' budget, the proposals
made, the ballots cast and the winners (once the votes are counted), and how many winners are done. Five queries
at most, whatever the numbers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from participation import selectors as idea_selectors
from participation.models import Feature, local_date

from ..models import Ballot, BudgetRound, ImplementationStatus, Proposal, TallyResult
from .proposals import round_for_project


@dataclass(frozen=True)
class YouSaidWeDid:
    ideas: int
    answered: int
    median_days: float | None
    round: BudgetRound | None
    proposals: int = 0
    # Only once the votes are counted (the results are public then); None before.
    ballots: int | None = None
    winners: int | None = None
    done: int = 0

    @property
    def counted(self) -> bool:
        return self.ballots is not None


def ideas_phase_over(project, *, at: datetime.datetime | datetime.date | None = None) -> bool:
    """Whether the project had a phase for ideas and every such phase is past at that moment."""
    day = local_date(at)
    phases = [phase for phase in project.ordered_phases() if Feature.SUBMIT in phase.features]
    return bool(phases) and all(phase.status(day) == "past" for phase in phases)


def you_said_we_did(
    *, project, round: BudgetRound | None = None, at: datetime.datetime | datetime.date | None = None
) -> YouSaidWeDid | None:
    """The project's summary from any of its language pages; None while its ideas phase is still to come or open.

    `round` is the project's round when the caller has it already (else it is looked up).
    """
    if not ideas_phase_over(project, at=at):
        return None
    stats = idea_selectors.answer_stats(project=project)
    if round is None:
        round = round_for_project(project=project)
    if round is None:
        return YouSaidWeDid(ideas=stats.ideas, answered=stats.answered, median_days=stats.median_days, round=None)
    winners = TallyResult.objects.filter(tally__round=round, selected=True).values("proposal")
    counts = Proposal.objects.filter(round=round).aggregate(
        proposals=Count("pk"),
        winners=Count("pk", filter=Q(pk__in=winners)),
        done=Count("pk", filter=Q(implementation__status=ImplementationStatus.DONE)),
    )
    counted = round.tallied_at is not None
    return YouSaidWeDid(
        ideas=stats.ideas,
        answered=stats.answered,
        median_days=stats.median_days,
        round=round,
        proposals=counts["proposals"],
        ballots=Ballot.objects.filter(round=round).count() if counted else None,
        winners=counts["winners"] if counted else None,
        done=counts["done"],
    )
