"""A Nørrebro and Bispebjerg project whose voting phase starts in five days, with its people.

"before" is today, "during" voting is `DURING` (in ten days) and "after" is `AFTER` (in twenty days):
tests pass `at=` to ask about a moment, as the services and rules allow.
"""

import pytest
from django.contrib.auth.models import Group, Permission

from budgeting import services
from budgeting.models import BallotType, WinnerRule
from maps.models import District
from participation.models import PhaseType
from tests.cms.factories import create_project

# The places and the people (administrations, citizens, case officers) are participation's fixtures.
from tests.participation.conftest import (
    KONGENS_NYTORV,
    RUNDDEL,
    areas,
    case_officer,
    citizen,
    days,
    kff,
    other_case_officer,
    other_citizen,
    tmf,
)

__all__ = [
    "BISPEBJERG",
    "KONGENS_NYTORV",
    "RUNDDEL",
    "areas",
    "case_officer",
    "citizen",
    "days",
    "kff",
    "other_case_officer",
    "other_citizen",
    "tmf",
]

BISPEBJERG = (55.7090, 12.5420)  # near Bispebjerg station
BEFORE, DURING, AFTER = days(0), days(10), days(20)


def voting_phases(start: int = 5, end: int = 15) -> list:
    """Ideas, review, voting (from `start` to `end` days from today) and realisation."""
    return [
        (PhaseType.IDEAS, days(-40), days(-21)),
        (PhaseType.REVIEW, days(-20), days(start - 1)),
        (PhaseType.VOTING, days(start), days(end)),
        (PhaseType.REALISATION, days(end + 1), days(end + 60)),
    ]


@pytest.fixture
def norrebro(areas):
    return District.objects.get(code=3)


@pytest.fixture
def bispebjerg(areas):
    return District.objects.get(code=8)


@pytest.fixture
def project(project_index, tmf, norrebro, bispebjerg):
    """Owned by TMF, in Nørrebro and Bispebjerg; voting opens in five days."""
    return create_project(
        project_index,
        title="Borgerbudget Nørrebro og Bispebjerg",
        administration=tmf,
        districts=[norrebro, bispebjerg],
        phases=voting_phases(),
    )


@pytest.fixture
def budget_round(project):
    """A knapsack round of 2.000.000 kr. with the Method of Equal Shares."""
    return services.round_create(
        project=project,
        title="Borgerbudget 2027",
        total_budget=2_000_000,
        ballot_type=BallotType.KNAPSACK,
        winner_rule=WinnerRule.MES,
    )


def make_proposal(budget_round, *, title="Flere træer", cost=500_000, point=RUNDDEL, feasible=True, **kwargs):
    """A proposal made and assessed through the services, before voting opens."""
    latitude, longitude = point if point is not None else (None, None)
    at = kwargs.pop("at", None)
    proposal = services.proposal_create(
        at=at,
        round=budget_round,
        title=title,
        description=kwargs.pop("description", "Plant træer langs vejen."),
        cost=cost,
        administration=kwargs.pop("administration", budget_round.project.administration),
        latitude=latitude,
        longitude=longitude,
        **kwargs,
    )
    if feasible is not None:
        reason = "" if feasible else "Kommunen ejer ikke grunden."
        proposal = services.feasibility_assess(proposal=proposal, feasible=feasible, reason=reason, at=at)
    return proposal


@pytest.fixture
def editor(django_user_model):
    """A communications officer: Wagtail's Editors group, which opens the admin."""
    user = django_user_model.objects.create_user(email="redaktoer@kk.dk", password="pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def officers_may_open_the_admin(tmf, kff):
    """Case-officer groups are given access to Wagtail admin; nothing else."""
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    tmf.moderators.permissions.add(access)
    kff.moderators.permissions.add(access)


@pytest.fixture
def open_round(project_index, tmf, norrebro, bispebjerg):
    """A knapsack round of 2.000.000 kr. whose voting phase runs today, with three feasible proposals
    (900.000, 800.000 and 600.000 kr.) written and assessed before voting opened."""
    project = create_project(
        project_index,
        title="Borgerbudget nu",
        slug="borgerbudget-nu",
        administration=tmf,
        districts=[norrebro, bispebjerg],
        phases=voting_phases(start=-5, end=5),
    )
    budget_round = services.round_create(
        project=project,
        title="Borgerbudget nu",
        total_budget=2_000_000,
        ballot_type=BallotType.KNAPSACK,
        winner_rule=WinnerRule.MES,
    )
    for title, cost in (("Bænke", 900_000), ("Træer", 800_000), ("Lys", 600_000)):
        make_proposal(budget_round, title=title, cost=cost, at=days(-10))
    return budget_round
