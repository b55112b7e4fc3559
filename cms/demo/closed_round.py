"""The demo's closed citizens' budget (`seed_demo`, last): "Borgerbudget Amager Vest 2026", counted and published.

Its project page is a `ProjectSpec` in `content.py` whose voting phase ended about a year before the seeding
day. This module gives it a knapsack round of 1.500.000 kr. counted with the Method of Equal Shares completed
with add-one, 12 proposals across Amager Vest, and 500 ballots (about one in eight on paper), then counts them
(`services.round_tally`), so the results page, its map and its published ballot file are there to see.

The round and proposals go through the budgeting services with `at=` the day before voting began. The ballots
are generated, not cast by people: a seeded random generator (the same 500 ballots on every machine) draws
what each voter wants from three neighbourhoods' tastes, each ballot within the budget (`ballot_validate`
checks it), and they are written with their voters' rows (the district each voter lives in, for the turnout
per district) as the paper and online channels leave them. Counting then drops the links, as for a real round.

Once the round exists it is left alone, so running the seed again creates nothing.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from budgeting import services
from budgeting.models import Ballot, BallotChoice, BallotType, BudgetRound, Channel, Eligibility, Voter, WinnerRule
from maps.models import District
from participation.models import Feature

from ..models import Administration, ProjectPage
from . import content
from .budgets import BudgetHint

Say = Callable[[str], None]

PROJECT = "borgerbudget-amager-vest-2026"
ROUND_TITLE = "Borgerbudget Amager Vest 2026"
TOTAL_BUDGET = 1_500_000
ADMINISTRATION = "ØKF"
BALLOTS = 500
PAPER_SHARE = 0.12
SEED = 2026
# Where the voters live (district number: share): most in Amager Vest, some in the neighbouring districts.
HOMES = {10: 0.88, 9: 0.07, 4: 0.05}
# The neighbourhoods' shares of the voters; each likes its own proposals best.
NEIGHBOURHOODS = {"brygge": 0.45, "orestad": 0.30, "sundby": 0.25}


@dataclass(frozen=True)
class ProposalSpec:
    title: str
    description: str
    cost: int
    place: tuple[float, float]
    neighbourhood: str
    appeal: float  # how much voters anywhere want it


# fmt: off
PROPOSALS: list[ProposalSpec] = [
    ProposalSpec("Bænke og borde på Islands Brygge",
                 "Ti bænke og fire borde langs kajen på Islands Brygge, så flere kan sidde i solen ved vandet.",
                 180_000, (55.6645, 12.5745), "brygge", 1.6),
    ProposalSpec("Drikkefontæner på Amager Fælled",
                 "Tre drikkefontæner ved stierne på Amager Fælled, til løbere, hundeluftere og børnefamilier.",
                 90_000, (55.6560, 12.5830), "brygge", 1.8),
    ProposalSpec("Legeplads i Byparken i Ørestad",
                 "En ny legeplads med klatrestativ og vandleg i Byparken, tegnet sammen med børnene i Ørestad.",
                 420_000, (55.6300, 12.5790), "orestad", 1.2),
    ProposalSpec("Lys på stierne over Amager Fælled",
                 "Lave lamper langs de to stier over fælleden, så de kan bruges efter mørkets frembrud. Lyset er "
                 "rettet mod stien og skåner dyrelivet.",
                 380_000, (55.6480, 12.5910), "sundby", 1.3),
    ProposalSpec("Træer og regnbede på Sundbyvester Plads",
                 "Seks træer og to regnbede på pladsen, som tager regnvandet fra de omkringliggende fortove.",
                 350_000, (55.6555, 12.5985), "sundby", 1.0),
    ProposalSpec("Udendørs fitness ved Faste Batteri",
                 "Et udendørs træningsområde med seks redskaber ved stien ved Faste Batteri.",
                 160_000, (55.6440, 12.5880), "sundby", 0.9),
    ProposalSpec("Overdækket cykelparkering ved Vestamager Station",
                 "Tag over 120 cykelpladser ved metroen, så cyklerne står tørt.",
                 240_000, (55.6195, 12.5755), "orestad", 0.8),
    ProposalSpec("Bytteskabe og bogkasser i Urbanplanen",
                 "Fire bytteskabe og to bogkasser, som beboerne selv passer.",
                 45_000, (55.6500, 12.5990), "sundby", 0.9),
    ProposalSpec("Skaterampe ved Ørestad Skole",
                 "En lille skaterampe og et rail på pladsen ved skolen, til de unge i bydelen.",
                 300_000, (55.6325, 12.5830), "orestad", 0.9),
    ProposalSpec("Bålplads og fællesgrill ved Islands Brygge Kulturhus",
                 "En bålplads og to store griller på græsset bag kulturhuset, til fælles brug.",
                 70_000, (55.6630, 12.5790), "brygge", 1.0),
    ProposalSpec("Blomstereng langs Kongelundsvej",
                 "Græsrabatten langs Kongelundsvej bliver sået til med vilde blomster for bier og sommerfugle.",
                 120_000, (55.6440, 12.6020), "sundby", 1.1),
    ProposalSpec("Sauna ved havnebadet på Islands Brygge",
                 "En sauna for vinterbadere ved havnebadet, drevet af en forening og åben for alle.",
                 550_000, (55.6605, 12.5735), "brygge", 1.1),
]
# fmt: on


def seed_closed_round(
    *,
    projects: list[ProjectPage],
    administrations: dict[str, Administration],
    say: Say,
    created: Say,
    warnings: list[str],
) -> list[BudgetHint]:
    """The counted round of "Borgerbudget Amager Vest 2026". Returns a link to its results."""
    say("Closed citizens' budget:")
    page = next((page for page in projects if page.slug == PROJECT), None)
    if page is None:
        warnings.append(f"The project {PROJECT!r} is missing: its closed budget round was not made.")
        return []
    budget_round = BudgetRound.objects.filter(project__translation_key=page.translation_key).first()
    if budget_round is None:
        voting = next((phase for phase in page.ordered_phases() if Feature.VOTE in phase.features), None)
        if voting is None:
            warnings.append(f"“{page.title}” has no voting phase: its budget round was not made.")
            return []
        try:
            with transaction.atomic():
                budget_round = _make_round(page, administrations[ADMINISTRATION], voting, created=created)
        except ValidationError as error:
            warnings.append(f"The closed budget round was not made: {' '.join(error.messages)}")
            return []
    else:
        say(f"  “{budget_round.title}” was there already")
    with translation.override(settings.LANGUAGE_CODE):
        results = reverse("budgeting:results", kwargs={"round_id": budget_round.pk})
    return [BudgetHint(f"The results of “{budget_round.title}”", results)]


def _make_round(page: ProjectPage, administration: Administration, voting, *, created: Say) -> BudgetRound:
    before_voting = voting.start - datetime.timedelta(days=1)
    officer = get_user_model().objects.filter(email__iexact=_account("case officer").email).first()
    budget_round = services.round_create(
        project=page,
        title=ROUND_TITLE,
        total_budget=TOTAL_BUDGET,
        ballot_type=BallotType.KNAPSACK,
        winner_rule=WinnerRule.MES_ADD1,
        eligibility=Eligibility.SELF_DECLARED,
        minimum_age=15,
    )
    proposals = []
    for spec in PROPOSALS:
        proposal = services.proposal_create(
            round=budget_round,
            title=spec.title,
            description=spec.description,
            cost=spec.cost,
            administration=administration,
            latitude=spec.place[0],
            longitude=spec.place[1],
            by=officer,
            at=before_voting,
        )
        proposals.append(services.feasibility_assess(proposal=proposal, feasible=True, by=officer, at=before_voting))
    amount = services.kroner(TOTAL_BUDGET)
    created(f"budget round “{budget_round.title}” ({amount} kr.) with {len(proposals)} proposals")
    paper = _cast_ballots(budget_round, proposals, voting_end=voting.end)
    created(f"{BALLOTS} ballots in “{budget_round.title}” ({BALLOTS - paper} online, {paper} on paper)")
    # Counted the morning after voting closed, as a real round would be.
    counted = datetime.datetime.combine(voting.end + datetime.timedelta(days=1), datetime.time(10))
    services.round_tally(round=budget_round, at=timezone.make_aware(counted))
    winners = budget_round.tally.results.filter(selected=True).count()
    created(f"the count of “{budget_round.title}”: {winners} proposals selected, results published")
    return budget_round


def _wishes(rng: random.Random, proposals: list, neighbourhood: str) -> list:
    """What one voter chooses: a few proposals, their own neighbourhood's more likely, within the budget."""
    weights = {
        proposal.pk: spec.appeal * (3.0 if spec.neighbourhood == neighbourhood else 1.0)
        for proposal, spec in zip(proposals, PROPOSALS, strict=True)
    }
    wanted = rng.choices([1, 2, 3, 4, 5, 6], weights=[10, 20, 25, 20, 15, 10])[0]
    chosen, spent = [], 0
    candidates = list(proposals)
    while candidates and len(chosen) < wanted:
        pick = rng.choices(candidates, weights=[weights[p.pk] for p in candidates])[0]
        candidates.remove(pick)
        if spent + pick.cost <= TOTAL_BUDGET:
            chosen.append(pick)
            spent += pick.cost
    return chosen


def _cast_ballots(budget_round: BudgetRound, proposals: list, *, voting_end: datetime.date) -> int:
    """500 ballots with their voters, the same on every run; returns how many are on paper."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
    districts = District.objects.in_bulk(list(HOMES), field_name="code")
    homes, home_weights = [districts.get(code) for code in HOMES], list(HOMES.values())
    places, place_weights = list(NEIGHBOURHOODS), list(NEIGHBOURHOODS.values())
    ballots, choices, voters, paper = [], [], [], 0
    for _number in range(BALLOTS):
        chosen = _wishes(rng, proposals, rng.choices(places, weights=place_weights)[0])
        errors = services.ballot_validate(round=budget_round, sub_budget=None, selections={p.pk: 1 for p in chosen})
        if errors:
            raise ValidationError(errors)
        channel = Channel.PAPER if rng.random() < PAPER_SHARE else Channel.ONLINE
        paper += channel == Channel.PAPER
        ballot = Ballot(round=budget_round, channel=channel)
        ballots.append(ballot)
        choices += [BallotChoice(ballot=ballot, proposal=proposal) for proposal in chosen]
        home = rng.choices(homes, weights=home_weights)[0]
        voters.append(Voter(round=budget_round, ballot=ballot, channel=channel, district=home, voted=True))
    Ballot.objects.bulk_create(ballots)
    BallotChoice.objects.bulk_create(choices)
    Voter.objects.bulk_create(voters)
    # Kept to the day, like a real ballot: the last day of voting rather than the day the demo was seeded.
    Ballot.objects.filter(round=budget_round).update(submitted_on=voting_end)
    Voter.objects.filter(round=budget_round).update(created_on=voting_end)
    return paper


def _account(role: str) -> content.AccountSpec:
    return next(account for account in content.DEMO_ACCOUNTS if account.role == role)
