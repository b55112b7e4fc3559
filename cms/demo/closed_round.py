"""The demo's closed citizens' budget (`seed_demo`, last): "Borgerbudget Nørrebro og Bispebjerg 2026", counted.

Its project page is a `ProjectSpec` in `content.py` whose voting phase ended about a year before the seeding
day. This module gives it a knapsack round of 1.500.000 kr. in two district sub-budgets (Nørrebro 900.000,
Bispebjerg 600.000) counted with the Method of Equal Shares completed with add-one, 12 proposals (7 in Nørrebro,
5 in Bispebjerg), and 500 ballots (about one in eight on paper), then counts them (`services.round_tally`), so the
results page, its map and its published ballot files are there to see, and the two local committees have winners
in their areas to decide on (`cms.demo.committees`).

The round and proposals go through the budgeting services with `at=` the day before voting began. The ballots
are generated, not cast by people: a seeded random generator (the same 500 ballots on every machine) draws
where each voter lives and what they want from their neighbourhood's tastes, each ballot on their own district's
proposals within its sub-budget (`ballot_validate` checks it), and they are written with their voters' rows (the
district each voter lives in, for the turnout per district) as the paper and online channels leave them.
Counting then drops the links, as for a real round.

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

PROJECT = "borgerbudget-noerrebro-og-bispebjerg-2026"
ROUND_TITLE = "Borgerbudget Nørrebro og Bispebjerg 2026"
TOTAL_BUDGET = 1_500_000
SUB_BUDGETS = {3: 900_000, 8: 600_000}  # district number: kroner
ADMINISTRATION = "ØKF"
BALLOTS = 500
PAPER_SHARE = 0.12
SEED = 2026
# Where the voters live (district number: share).
HOMES = {3: 0.6, 8: 0.4}
# The neighbourhoods of each district and their shares of its voters; each likes its own proposals best.
NEIGHBOURHOODS = {3: {"indre": 0.55, "ydre": 0.45}, 8: {"nordvest": 0.6, "emdrup": 0.4}}


@dataclass(frozen=True)
class ProposalSpec:
    title: str
    description: str
    cost: int
    place: tuple[float, float]
    district: int  # district number: the voters of that district vote on it
    neighbourhood: str
    appeal: float  # how much voters anywhere in the district want it


# fmt: off
PROPOSALS: list[ProposalSpec] = [
    # Nørrebro: 900.000 kr.
    ProposalSpec("Bænke og borde på Blågårds Plads",
                 "Otte bænke og tre borde på Blågårds Plads, så flere kan sidde i solen og spise deres frokost.",
                 150_000, (55.6873, 12.5546), 3, "indre", 1.6),
    ProposalSpec("Drikkefontæner i Nørrebroparken",
                 "Tre drikkefontæner ved stierne i Nørrebroparken, til løbere, hundeluftere og børnefamilier.",
                 90_000, (55.6925, 12.5430), 3, "ydre", 1.8),
    ProposalSpec("Legeplads i Hans Tavsens Park",
                 "En ny legeplads med klatrestativ og vandleg i Hans Tavsens Park, tegnet sammen med børnene.",
                 380_000, (55.6930, 12.5455), 3, "indre", 1.2),
    ProposalSpec("Lys på Superkilens sorte plads",
                 "Lave lamper langs stierne over Superkilens sorte plads, så den kan bruges efter mørkets frembrud.",
                 260_000, (55.6990, 12.5420), 3, "ydre", 1.3),
    ProposalSpec("Træer og regnbede i Sjællandsgade",
                 "Seks træer og to regnbede, som tager regnvandet fra de omkringliggende fortove.",
                 320_000, (55.6905, 12.5490), 3, "indre", 1.0),
    ProposalSpec("Bytteskabe ved Nørrebro Bibliotek",
                 "Fire bytteskabe og to bogkasser, som beboerne selv passer.",
                 45_000, (55.6975, 12.5390), 3, "ydre", 0.9),
    ProposalSpec("Skaterampe i Nørrebroparken",
                 "En lille skaterampe og et rail på den asfalterede plads i parkens sydlige ende.",
                 300_000, (55.6912, 12.5418), 3, "ydre", 0.9),
    # Bispebjerg: 600.000 kr.
    ProposalSpec("Udendørs fitness ved Bispebjerg Station",
                 "Et udendørs træningsområde med seks redskaber på græsset ved stationen.",
                 160_000, (55.7090, 12.5420), 8, "nordvest", 1.2),
    ProposalSpec("Overdækket cykelparkering på Rentemestervej",
                 "Tag over 80 cykelpladser ved biblioteket og kulturhuset, så cyklerne står tørt.",
                 220_000, (55.7060, 12.5330), 8, "nordvest", 0.9),
    ProposalSpec("Blomstereng ved Bispebjerg Kirkegård",
                 "Græsrabatten langs kirkegårdsmuren bliver sået til med vilde blomster for bier og sommerfugle.",
                 120_000, (55.7110, 12.5400), 8, "nordvest", 1.1),
    ProposalSpec("Bålplads og fællesgrill i Emdrup",
                 "En bålplads og to store griller på græsset ved Emdrup Sø, til fælles brug.",
                 70_000, (55.7225, 12.5420), 8, "emdrup", 1.0),
    ProposalSpec("Sauna ved Utterslev Mose",
                 "En sauna for vinterbadere ved mosens østlige ende, drevet af en forening og åben for alle.",
                 450_000, (55.7165, 12.5260), 8, "emdrup", 1.1),
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
    """The counted round of "Borgerbudget Nørrebro og Bispebjerg 2026". Returns a link to its results."""
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
        eligibility=Eligibility.CENSUS,  # paper ballots need voters who can be matched
        minimum_age=15,
    )
    districts = District.objects.in_bulk(list(SUB_BUDGETS), field_name="code")
    sub_budgets = {
        code: services.sub_budget_set(round=budget_round, district=districts[code], amount=amount, at=before_voting)
        for code, amount in SUB_BUDGETS.items()
    }
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
        if proposal.district_id != districts[spec.district].pk:
            raise ValidationError(f"“{spec.title}” does not lie in district {spec.district}.")
        proposals.append(services.feasibility_assess(proposal=proposal, feasible=True, by=officer, at=before_voting))
    amount = services.kroner(TOTAL_BUDGET)
    created(f"budget round “{budget_round.title}” ({amount} kr. in 2 sub-budgets) with {len(proposals)} proposals")
    paper = _cast_ballots(budget_round, proposals, sub_budgets, voting_end=voting.end)
    created(f"{BALLOTS} ballots in “{budget_round.title}” ({BALLOTS - paper} online, {paper} on paper)")
    # Counted the morning after voting closed, as a real round would be.
    counted = datetime.datetime.combine(voting.end + datetime.timedelta(days=1), datetime.time(10))
    services.round_tally(round=budget_round, at=timezone.make_aware(counted))
    winners = budget_round.tally.results.filter(selected=True).count()
    created(f"the count of “{budget_round.title}”: {winners} proposals selected, results published")
    return budget_round


def _wishes(rng: random.Random, proposals: list, neighbourhood: str, budget: int) -> list:
    """What one voter chooses: a few of their district's proposals, their own neighbourhood's more likely, within
    the district's budget."""
    weights = {
        proposal.pk: spec.appeal * (3.0 if spec.neighbourhood == neighbourhood else 1.0) for proposal, spec in proposals
    }
    wanted = rng.choices([1, 2, 3, 4, 5], weights=[15, 25, 30, 20, 10])[0]
    chosen, spent = [], 0
    candidates = [proposal for proposal, _spec in proposals]
    while candidates and len(chosen) < wanted:
        pick = rng.choices(candidates, weights=[weights[p.pk] for p in candidates])[0]
        candidates.remove(pick)
        if spent + pick.cost <= budget:
            chosen.append(pick)
            spent += pick.cost
    return chosen


def _cast_ballots(budget_round: BudgetRound, proposals: list, sub_budgets: dict, *, voting_end: datetime.date) -> int:
    """500 ballots with their voters, the same on every run, each in the voter's district; returns how many are on
    paper."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
    by_district = {
        code: [(proposal, spec) for proposal, spec in zip(proposals, PROPOSALS, strict=True) if spec.district == code]
        for code in SUB_BUDGETS
    }
    homes, home_weights = list(HOMES), list(HOMES.values())
    ballots, choices, voters, paper = [], [], [], 0
    for _number in range(BALLOTS):
        home = rng.choices(homes, weights=home_weights)[0]
        sub_budget = sub_budgets[home]
        places = NEIGHBOURHOODS[home]
        neighbourhood = rng.choices(list(places), weights=list(places.values()))[0]
        chosen = _wishes(rng, by_district[home], neighbourhood, sub_budget.amount)
        selections = {p.pk: 1 for p in chosen}
        errors = services.ballot_validate(round=budget_round, sub_budget=sub_budget, selections=selections)
        if errors:
            raise ValidationError(errors)
        channel = Channel.PAPER if rng.random() < PAPER_SHARE else Channel.ONLINE
        paper += channel == Channel.PAPER
        ballot = Ballot(round=budget_round, sub_budget=sub_budget, channel=channel)
        ballots.append(ballot)
        choices += [BallotChoice(ballot=ballot, proposal=proposal) for proposal in chosen]
        voters.append(
            Voter(round=budget_round, ballot=ballot, channel=channel, district=sub_budget.district, voted=True)
        )
    Ballot.objects.bulk_create(ballots)
    BallotChoice.objects.bulk_create(choices)
    Voter.objects.bulk_create(voters)
    # Kept to the day, like a real ballot: the last day of voting rather than the day the demo was seeded.
    Ballot.objects.filter(round=budget_round).update(submitted_on=voting_end)
    Voter.objects.filter(round=budget_round).update(created_on=voting_end)
    return paper


def _account(role: str) -> content.AccountSpec:
    return next(account for account in content.DEMO_ACCOUNTS if account.role == role)
