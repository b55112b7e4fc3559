"""`manage.py seed_demo`, part three: the citizens' budget "Borgerbudget Nørrebro og Bispebjerg 2027", open for voting,
with 20 proposals, most grown from the demo ideas, whose authors are told."""

import datetime
import io
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from wagtail.models import Locale, ModelLogEntry

from budgeting import services
from budgeting.models import BallotType, BudgetRound, Eligibility, Feasibility, Proposal, SubBudget, WinnerRule
from cms.demo.budgets import IDEA_PROJECTS, PROJECT
from cms.models import ProjectPage
from maps import geometry
from participation.models import Notification, NotificationKind, Visibility

ROUND_TITLE = "Borgerbudget Nørrebro og Bispebjerg 2027"
CITIZEN = "borger@example.dk"
CASE_OFFICER = "sagsbehandler@example.dk"


@dataclass(frozen=True)
class Seeded:
    first_output: str
    second_output: str
    counts_after_first: dict[str, int]
    counts_after_second: dict[str, int]
    mails: list


def _counts() -> dict[str, int]:
    """What this part of the seed makes: its round, sub-budgets, proposals, their links to ideas, and notifications."""
    rounds = BudgetRound.objects.filter(title=ROUND_TITLE)
    return {
        "rounds": rounds.count(),
        "sub_budgets": SubBudget.objects.filter(round__in=rounds).count(),
        "proposals": Proposal.objects.filter(round__in=rounds).count(),
        "idea links": Proposal.ideas.through.objects.filter(proposal__round__in=rounds).count(),
        "told": Notification.objects.filter(kind=NotificationKind.PROPOSAL_MADE).count(),
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed twice, once for the whole module, and roll it all back afterwards (as in test_seed_demo).

    What the seed leaves for after its commit (telling the ideas' authors, and their e-mails) is run at the end of
    each seed, as a commit would, so that the second run shows whether anyone would be told twice.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        first, second = io.StringIO(), io.StringIO()
        mail.outbox = []
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("seed_demo", stdout=first, stderr=first)
        counts_after_first = _counts()
        mails = list(mail.outbox)
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("seed_demo", stdout=second, stderr=second)
        yield Seeded(first.getvalue(), second.getvalue(), counts_after_first, _counts(), mails)
        transaction.set_rollback(True)


@pytest.fixture
def budget_round(seeded, db) -> BudgetRound:
    return BudgetRound.objects.select_related("project").get(title=ROUND_TITLE)


def _user(email: str):
    return get_user_model().objects.get(email=email)


def test_second_run_creates_nothing_and_tells_no_one_again(seeded, db):
    """The second run finds the round, its sub-budgets and proposals, makes nothing and tells nobody again."""
    assert seeded.counts_after_second == seeded.counts_after_first
    assert (seeded.counts_after_first["rounds"], seeded.counts_after_first["proposals"]) == (1, 20)
    assert "20 proposals in “Borgerbudget Nørrebro og Bispebjerg 2027”" in seeded.first_output
    assert "20 proposals were there already" in seeded.second_output
    assert "created" not in seeded.second_output


def test_the_round_is_open_for_three_more_weeks_with_two_district_budgets(budget_round):
    """2.000.000 kr. on the Danish project page: knapsack, MES with add1, self-declared from 15 years, Nørrebro
    1.200.000 and Bispebjerg 800.000; voting runs today and for about three more weeks, after ideas and review."""
    project = budget_round.project
    assert project.locale.language_code == "da" and project.slug == PROJECT
    assert project.administration.abbreviation in {"ØKF", "TMF"}
    assert (budget_round.total_budget, budget_round.ballot_type, budget_round.winner_rule) == (
        2_000_000,
        BallotType.KNAPSACK,
        WinnerRule.MES_ADD1,
    )
    assert (budget_round.eligibility, budget_round.minimum_age) == (Eligibility.SELF_DECLARED, 15)
    sub_budgets = {sub.district.name: sub.amount for sub in budget_round.sub_budgets.select_related("district")}
    assert sub_budgets == {"Nørrebro": 1_200_000, "Bispebjerg": 800_000}
    assert budget_round.voting_open()
    today = timezone.localdate()
    phases = {phase.phase_type: phase for phase in project.ordered_phases()}
    assert [phase.phase_type for phase in project.ordered_phases()] == ["ideas", "review", "voting", "realisation"]
    assert phases["ideas"].end < today and phases["review"].end < today
    assert 14 <= (phases["voting"].end - today).days <= 28
    assert phases["realisation"].start > phases["voting"].end


def test_about_twenty_proposals_located_costed_and_assessed(budget_round):
    """20 proposals of 50.000–600.000 kr., each placed inside its district (one of the sub-budgets'), all assessed
    by the demo case officer before voting opened: 18 feasible, 2 not feasible with a public reason. In each district
    the feasible proposals cost more than its budget, so that voters must choose."""
    proposals = list(budget_round.proposals.select_related("district", "administration"))
    assert len(proposals) == 20
    officer = _user(CASE_OFFICER)
    for proposal in proposals:
        assert 50_000 <= proposal.cost <= 600_000, proposal.title
        assert proposal.district.name in {"Nørrebro", "Bispebjerg"}, proposal.title
        assert geometry.contains(proposal.district.outline, proposal.latitude, proposal.longitude), proposal.title
        assert proposal.administration.abbreviation == "TMF"
        assert proposal.assessed_at is not None
        entry = ModelLogEntry.objects.filter(object_id=str(proposal.pk), action="budgeting.assess").get()
        assert entry.user_id == officer.pk
    not_feasible = [proposal for proposal in proposals if proposal.feasibility == Feasibility.NOT_FEASIBLE]
    assert len(not_feasible) == 2 and all(proposal.feasibility_reason for proposal in not_feasible)
    assert sum(proposal.on_ballot for proposal in proposals) == 18
    for sub in budget_round.sub_budgets.all():
        on_ballot = [p for p in proposals if p.on_ballot and p.district_id == sub.district_id]
        assert sum(proposal.cost for proposal in on_ballot) > sub.amount


def test_most_proposals_grow_from_the_demo_ideas_whose_authors_are_told(seeded, budget_round):
    """At least 15 proposals grew from 1–3 public ideas of "Et grønnere Nørrebro" and "Tryggere skoleveje i
    Bispebjerg"; each author was told once per proposal (never the case officer), and only the demo citizen, the
    one who gets e-mails, got e-mails: one for each of her ideas' proposals."""
    keys = set(ProjectPage.objects.filter(slug__in=IDEA_PROJECTS).values_list("translation_key", flat=True))
    grown = 0
    for proposal in budget_round.proposals.prefetch_related("ideas__project"):
        ideas = list(proposal.ideas.all())
        if not ideas:
            continue
        grown += 1
        assert 1 <= len(ideas) <= 3, proposal.title
        for idea in ideas:
            assert idea.project.translation_key in keys
            assert idea.visibility == Visibility.PUBLISHED and idea.district_id == proposal.district_id
        with translation.override("da"):
            path = proposal.get_absolute_url()
        for author_id in {idea.author_id for idea in ideas}:
            assert (
                Notification.objects.filter(
                    kind=NotificationKind.PROPOSAL_MADE, user_id=author_id, url__endswith=path[3:]
                ).count()
                == 1
            ), proposal.title
    assert grown >= 15
    assert not Notification.objects.filter(kind=NotificationKind.PROPOSAL_MADE, user=_user(CASE_OFFICER)).exists()
    citizen = _user(CITIZEN)
    citizen_proposals = budget_round.proposals.filter(ideas__author=citizen).distinct().count()
    assert citizen_proposals >= 1
    titles = list(budget_round.proposals.values_list("title", flat=True))
    about_proposals = [message for message in seeded.mails if any(title in message.subject for title in titles)]
    assert len(about_proposals) == citizen_proposals
    assert {tuple(message.to) for message in seeded.mails} <= {(CITIZEN,)}


def test_the_demo_citizen_can_vote(client, budget_round):
    """The printed demo citizen says where she lives (self-declared) and votes within her district's budget."""
    citizen = _user(CITIZEN)
    client.force_login(citizen)
    with translation.override("da"):
        eligibility = reverse("budgeting:eligibility", kwargs={"round_id": budget_round.pk})
        ballot = reverse("budgeting:ballot", kwargs={"round_id": budget_round.pk})
    assert client.get(ballot).status_code == 302
    assert client.get(eligibility).status_code == 200
    norrebro = budget_round.sub_budgets.select_related("district").get(district__name="Nørrebro")
    voter = services.voter_for(round=budget_round, user=citizen, district=norrebro.district)
    choices, spent = {}, 0
    for proposal in budget_round.proposals.on_ballot().filter(district=norrebro.district).order_by("cost"):
        if spent + proposal.cost <= norrebro.amount:
            choices[proposal.pk] = 1
            spent += proposal.cost
    assert len(choices) >= 3
    assert client.get(ballot).status_code == 200
    ballot_cast = services.ballot_submit(voter=voter, selections=choices)
    assert ballot_cast.sub_budget == norrebro and ballot_cast.receipt_code


def test_the_pages_of_the_budget_in_both_languages(client, budget_round):
    """The proposals list and a proposal's page answer in Danish and English, and the project page links the list."""
    proposal = budget_round.proposals.filter(ideas__isnull=False).first()
    for language in ("da", "en"):
        with translation.override(language):
            list_path = reverse("budgeting:proposal_list", kwargs={"round_id": budget_round.pk})
            assert client.get(list_path).status_code == 200
            response = client.get(proposal.get_absolute_url())
            assert response.status_code == 200
            idea = proposal.ideas.first()
            assert proposal.title in client.get(idea.get_absolute_url()).content.decode()
    english = budget_round.project.get_translation(Locale.objects.get(language_code="en"))
    html = client.get(english.url).content.decode()
    assert escape("Citizens' budget Nørrebro and Bispebjerg 2027") in html
    with translation.override("en"):
        assert reverse("budgeting:proposal_list", kwargs={"round_id": budget_round.pk}) in html


def test_the_output_says_where_to_vote(seeded, budget_round):
    """Both runs print where the demo citizen votes and where the proposals are."""
    with translation.override("da"):
        ballot = reverse("budgeting:ballot", kwargs={"round_id": budget_round.pk})
        proposals = reverse("budgeting:proposal_list", kwargs={"round_id": budget_round.pk})
    for output in (seeded.first_output, seeded.second_output):
        assert "Try the citizens' budget:" in output
        assert f"http://127.0.0.1:8000{ballot}" in output and CITIZEN in output
        assert f"http://127.0.0.1:8000{proposals}" in output


def test_the_proposals_were_made_before_voting_opened(budget_round):
    """Nothing could be changed now: voting has opened, so the services refuse new proposals."""
    voting = next(phase for phase in budget_round.project.ordered_phases() if phase.phase_type == "voting")
    assert voting.start < timezone.localdate()
    assert services.voting_started(budget_round)
    assert not services.voting_started(budget_round, at=voting.start - datetime.timedelta(days=1))
