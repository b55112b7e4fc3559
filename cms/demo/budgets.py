"""The demo's citizens' budget (`seed_demo`, after the ideas): "Borgerbudget Nørrebro og Bispebjerg 2027".

Its project page is a `ProjectSpec` in `content.py` like the others; this module gives it a budget round of
2.000.000 kr. in two district sub-budgets (Nørrebro 1.200.000, Bispebjerg 800.000), a knapsack ballot counted
with the Method of Equal Shares completed with add-one, self-declared eligibility from 15 years, and 20
proposals. Most grow from demo ideas of "Et grønnere Nørrebro" and "Tryggere skoleveje i Bispebjerg"
(`proposal_from_ideas`, so their authors are told); the demo case officer makes and assesses them all, two
not feasible with a public reason.

Everything goes through the budgeting services, which refuse changes once voting has opened: the round, its
sub-budgets and proposals are made with `at=` the day before the project's voting phase began (the services'
"now"), while voting is open today, so the demo citizen can vote at once.

E-mail: once the seed's transaction commits, the authors of the ideas are told in the site and by e-mail (the
django-tasks task; the console in `make run`). The other demo citizens are unsubscribed from e-mail, so the
printed demo citizen gets two e-mails, one for each of her ideas that became part of a proposal.

A round is found by its project, a sub-budget by its district and a proposal by its title before they are
made, so running the seed again creates nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from budgeting import services
from budgeting.models import BallotType, BudgetRound, Eligibility, SubBudget, WinnerRule
from maps.models import District
from participation.models import Feature, Idea

from ..models import Administration, ProjectPage
from . import content

Say = Callable[[str], None]

PROJECT = "borgerbudget-noerrebro-og-bispebjerg-2027"
# The projects whose ideas the proposals grow from (Danish slugs; their English pages' ideas count too).
IDEA_PROJECTS = ("et-groennere-noerrebro", "tryggere-skoleveje-i-bispebjerg")
ROUND_TITLE = "Borgerbudget Nørrebro og Bispebjerg 2027"
TOTAL_BUDGET = 2_000_000
SUB_BUDGETS = {3: 1_200_000, 8: 800_000}  # district number: kroner
ADMINISTRATION = "TMF"  # owns and assesses every proposal; the demo case officer is one of its case officers


@dataclass(frozen=True)
class ProposalSpec:
    title: str
    description: str
    cost: int
    ideas: tuple[str, ...] = ()  # titles of demo ideas (cms.demo.ideas.IDEAS) it grows from
    place: tuple[float, float] | None = None  # (latitude, longitude); None: the place of its first idea
    not_feasible: str = ""  # the public reason, for a proposal the case officer found not feasible


# fmt: off
PROPOSALS: list[ProposalSpec] = [
    # Nørrebro: 1.200.000 kr.
    ProposalSpec(
        "Træer og bænke langs muren i Møllegade",
        "Vi planter otte træer i plantehuller på fortovet langs kirkegårdsmuren i Møllegade og sætter tre bænke "
        "op mellem dem.\n\nTræerne giver skygge på den varme side af gaden, og der bliver stadig plads til "
        "cykelparkering ved muren.",
        420_000,
        ideas=("Træer langs muren i Møllegade", "Flere træer i Møllegade ved Assistens"),
    ),
    ProposalSpec(
        "Solsejl over legepladsen i Folkets Park",
        "Et solsejl over sandkassen og gyngerne i Folkets Park giver skygge på varme dage. Sejlet bliver taget "
        "ned om vinteren.",
        180_000,
        ideas=("Skygge over legepladsen i Folkets Park",),
    ),
    ProposalSpec(
        "Regnbede i Ravnsborggade og Blågårdsgade",
        "Vi bryder asfalten op i fire parkeringsbåse og laver regnbede med stauder og græsser, to i "
        "Ravnsborggade og to i Blågårdsgade.\n\nBedene tager regnvandet fra fortovet, så det ikke løber i "
        "kloakken ved skybrud.",
        550_000,
        ideas=("Regnbede i Ravnsborggade", "Regnbede i Blågårdsgade"),
    ),
    ProposalSpec(
        "Plantekasser og bænke i Elmegade og Jægersborggade",
        "Tolv store plantekasser og seks bænke i de to handelsgader. Butikkerne og gårdlaugene har lovet at "
        "vande kasserne om sommeren.",
        240_000,
        ideas=("Plantekasser i Elmegade", "Bænke og plantekasser i Jægersborggade"),
    ),
    ProposalSpec(
        "Bænke til ældre i Birkegade",
        "Fem bænke med ryglæn og armlæn, så det er let at sætte sig og rejse sig igen. Bænkene står med jævne "
        "mellemrum langs hele Birkegade.",
        95_000,
        ideas=("Bænke til ældre i Birkegade",),
    ),
    ProposalSpec(
        "Grøn midterrabat i Haraldsgade",
        "Den asfalterede midterrabat i Haraldsgade bliver brudt op og plantet til med træer og buske på 200 "
        "meter af strækningen.\n\nRabatten bliver samtidig gjort i stand til at tage regnvand fra vejen.",
        600_000,
        ideas=("Grøn midterrabat i Haraldsgade",),
    ),
    ProposalSpec(
        "Skygge og drikkevand i Superkilen",
        "Fire store parasoller på Den Sorte Plads og en drikkefontæne ved boldbanen. Parasollerne kan klappes "
        "sammen, så pladsen stadig kan bruges til arrangementer.",
        380_000,
        ideas=("Skygge på Den Sorte Plads i Superkilen", "Drinking water at Superkilen"),
    ),
    ProposalSpec(
        "Frugttræer og fælleshave ved Mimersparken",
        "Tyve frugttræer og ti højbede i den nordlige del af Mimersparken. Beboerne i Mjølnerparken og en lokal "
        "haveforening passer haven sammen med kommunens gartnere.",
        260_000,
        ideas=("Frugttræer i Mimersparken", "Fruit trees and a shared garden by Mjølnerparken"),
    ),
    ProposalSpec(
        "Legegade i Baggesensgade",
        "Baggesensgade bliver lukket for biler om eftermiddagen på hverdage, så børnene kan lege på gaden. "
        "Pengene går til bomme, skilte og legeredskaber, der kan flyttes.",
        150_000,
        ideas=("Legegade i Baggesensgade",),
    ),
    ProposalSpec(
        "Lommepark i Todesgade",
        "Den asfalterede plads for enden af Todesgade bliver til en lille park med to træer, bede og bænke.",
        480_000,
        ideas=("Lommepark i Todesgade",),
    ),
    ProposalSpec(
        "Bordtennisbord i Bragesgade",
        "Et bordtennisbord i beton på den brede del af fortovet i Bragesgade, med en bænk ved siden af.",
        60_000,
        ideas=("Bordtennisbord i Bragesgade",),
    ),
    ProposalSpec(
        "Grønne facader i Søllerødgade",
        "Klatreplanter op ad facaderne i Søllerødgade, med plantekummer og wirer på ti ejendomme.",
        250_000,
        ideas=("Grønne facader i Søllerødgade",),
        not_feasible=(
            "Facaderne i Søllerødgade tilhører private ejendomme, og borgerbudgettet kan kun bruges på kommunens "
            "egne arealer. Forvaltningen har sendt idéen videre til ejendommenes foreninger."
        ),
    ),
    ProposalSpec(
        "Faskiner under fortovet i Husumgade",
        "Faskiner under fortovet i hele Husumgade, så regnvandet fra tagene kan sive ned i stedet for at løbe i "
        "kloakken.",
        590_000,
        ideas=("Faskiner under fortovet i Husumgade",),
        not_feasible=(
            "Under fortovet i Husumgade ligger fjernvarme- og vandledninger, så der er ikke plads til faskiner. "
            "At flytte ledningerne koster mere end hele bydelens budget. Regnvandet i gaden bliver i stedet "
            "håndteret i kommunens skybrudsplan for Ydre Nørrebro."
        ),
    ),
    # Bispebjerg: 800.000 kr.
    ProposalSpec(
        "Fodgængerfelt med midterhelle på Frederikssundsvej",
        "Et nyt fodgængerfelt med en midterhelle, så børnene kan krydse Frederikssundsvej i to etaper på vej "
        "til skole.",
        450_000,
        ideas=("Fodgængerfelt med midterhelle på Frederikssundsvej",),
    ),
    ProposalSpec(
        "Sikker afsætningsplads ved Utterslev Skole",
        "En afsætningsplads med plads til fire biler på sidevejen ved skolen, så forældre ikke holder i "
        "cykelstien om morgenen.",
        180_000,
        ideas=("Afsætningsplads ved Utterslev Skole",),
    ),
    ProposalSpec(
        "Fartvisere på Rentemestervej",
        "Politiet kan ikke godkende vejbump på Rentemestervej, fordi bussen kører der. I stedet sætter vi to "
        "fartvisere op, som viser bilisterne deres fart på skolevejen.",
        120_000,
        ideas=("Vejbump på Rentemestervej",),
    ),
    ProposalSpec(
        "Veste, skilte og kursus til skolepatruljerne",
        "Nyt udstyr til skolepatruljerne på fire skoler i Bispebjerg og et kursus for nye patruljer og deres "
        "lærere.",
        60_000,
        place=(55.7125, 12.5400),  # Tagensbo Skole
    ),
    ProposalSpec(
        "Cykelparkering ved Bispebjerg Station",
        "Overdækket cykelparkering med plads til 120 cykler ved trappen til perronen. I dag står cyklerne på "
        "fortovet og spærrer for gående.",
        220_000,
        place=(55.7085, 12.5410),
    ),
    ProposalSpec(
        "Udendørs træningsredskaber ved Utterslev Mose",
        "Seks træningsredskaber ved løbestien i Utterslev Mose, som alle kan bruge gratis. Redskaberne kan også "
        "bruges fra kørestol.",
        300_000,
        place=(55.7180, 12.5180),
    ),
    ProposalSpec(
        "Bænke og beplantning på Bispebjerg Torv",
        "Torvet får nye bede med træer og stauder og ti bænke, så det bliver et sted at mødes og ikke kun et "
        "sted at gå forbi.",
        350_000,
        place=(55.7166, 12.5319),
    ),
]
# fmt: on


@dataclass(frozen=True)
class BudgetHint:
    """A link the seed command prints for trying the demo: a label and a path on the site."""

    label: str
    path: str


def seed_budgets(
    *,
    projects: list[ProjectPage],
    administrations: dict[str, Administration],
    say: Say,
    created: Say,
    warnings: list[str],
) -> list[BudgetHint]:
    """The round, sub-budgets and proposals of the demo's citizens' budget. Returns links for trying it out.

    `created` is told of everything made (and reports it); `say` of the rest; problems go to `warnings`.
    """
    say("Citizens' budget:")
    pages = {page.slug: page for page in projects}
    page = pages.get(PROJECT)
    if page is None:
        warnings.append(f"The project {PROJECT!r} is missing: its budget round was not made.")
        return []
    voting = next((phase for phase in page.ordered_phases() if Feature.VOTE in phase.features), None)
    if voting is None:
        warnings.append(f"“{page.title}” has no voting phase: its budget round was not made.")
        return []
    # The day before voting opened: the services' "now" for everything that is frozen once it has.
    before_voting = voting.start - datetime.timedelta(days=1)
    officer = get_user_model().objects.filter(email__iexact=_account("case officer").email).first()

    budget_round = _ensure_round(page, created=created)
    _ensure_sub_budgets(budget_round, at=before_voting, created=created, warnings=warnings)
    _ensure_proposals(
        budget_round,
        ideas=_ideas([pages[slug] for slug in IDEA_PROJECTS if slug in pages]),
        administration=administrations[ADMINISTRATION],
        officer=officer,
        at=before_voting,
        say=say,
        created=created,
        warnings=warnings,
    )
    with translation.override(settings.LANGUAGE_CODE):
        ballot = reverse("budgeting:ballot", kwargs={"round_id": budget_round.pk})
        proposals = reverse("budgeting:proposal_list", kwargs={"round_id": budget_round.pk})
    citizen = _account("citizen").email
    return [
        BudgetHint(f"Vote as {citizen} in “{budget_round.title}” (say you live in Nørrebro or Bispebjerg)", ballot),
        BudgetHint(f"The proposals of “{budget_round.title}”", proposals),
    ]


def _account(role: str) -> content.AccountSpec:
    return next(account for account in content.DEMO_ACCOUNTS if account.role == role)


def _ensure_round(page: ProjectPage, *, created: Say) -> BudgetRound:
    existing = BudgetRound.objects.filter(project__translation_key=page.translation_key).first()
    if existing is not None:
        return existing
    budget_round = services.round_create(
        project=page,
        title=ROUND_TITLE,
        total_budget=TOTAL_BUDGET,
        ballot_type=BallotType.KNAPSACK,
        winner_rule=WinnerRule.MES_ADD1,
        eligibility=Eligibility.SELF_DECLARED,
        minimum_age=15,
    )
    created(f"budget round “{budget_round.title}” ({services.kroner(TOTAL_BUDGET)} kr., knapsack, MES + add1)")
    return budget_round


def _ensure_sub_budgets(budget_round: BudgetRound, *, at: datetime.date, created: Say, warnings: list[str]) -> None:
    districts = District.objects.in_bulk(list(SUB_BUDGETS), field_name="code")
    for code, amount in SUB_BUDGETS.items():
        district = districts.get(code)
        if district is None or SubBudget.objects.filter(round=budget_round, district=district).exists():
            continue
        try:
            services.sub_budget_set(round=budget_round, district=district, amount=amount, at=at)
        except ValidationError as error:
            warnings.append(f"The sub-budget of {district.name} was not made: {' '.join(error.messages)}")
            continue
        created(f"sub-budget {district.name}: {services.kroner(amount)} kr.")


def _ideas(pages: list[ProjectPage]) -> dict[str, Idea]:
    """The ideas of these projects (Danish and English pages) by title."""
    keys = [page.translation_key for page in pages]
    return {
        idea.title: idea
        for idea in Idea.objects.filter(project__translation_key__in=keys).select_related("project").order_by("pk")
    }


def _ensure_proposals(
    budget_round: BudgetRound,
    *,
    ideas: dict[str, Idea],
    administration: Administration,
    officer,
    at: datetime.date,
    say: Say,
    created: Say,
    warnings: list[str],
) -> None:
    existing = set(budget_round.proposals.values_list("title", flat=True))
    made, grown, linked, not_feasible = 0, 0, 0, 0
    for spec in PROPOSALS:
        if spec.title in existing:
            continue
        missing = [title for title in spec.ideas if title not in ideas]
        if missing:
            warnings.append(f"The proposal “{spec.title}” was not made: the ideas {missing} are missing.")
            continue
        latitude, longitude = spec.place or (None, None)
        common = {
            "round": budget_round,
            "title": spec.title,
            "description": spec.description,
            "cost": spec.cost,
            "administration": administration,
            "latitude": latitude,
            "longitude": longitude,
            "by": officer,
            "at": at,
        }
        try:
            if spec.ideas:
                proposal = services.proposal_from_ideas(ideas=[ideas[title] for title in spec.ideas], **common)
            else:
                proposal = services.proposal_create(**common)
            services.feasibility_assess(
                proposal=proposal, feasible=not spec.not_feasible, reason=spec.not_feasible, by=officer, at=at
            )
        except ValidationError as error:
            warnings.append(f"The proposal “{spec.title}” was not made: {' '.join(error.messages)}")
            continue
        made += 1
        grown += bool(spec.ideas)
        linked += len(spec.ideas)
        not_feasible += bool(spec.not_feasible)
    if made:
        created(
            f"{made} proposals in “{budget_round.title}”: {made - not_feasible} feasible, {not_feasible} not "
            f"feasible; {grown} grown from {linked} ideas, whose authors are told"
        )
    there = len(existing & {spec.title for spec in PROPOSALS})
    if there:
        say(f"  {there} proposals were there already")
