""" "You said, we did" on a project page: once the ideas phase is over, the ideas received and answered, the median
answer time, the proposals, the votes, the winners and how many are done, each linking to its list; nothing while
ideas are still coming in; the same few queries whatever the numbers.

The project page is Danish; texts are compared with their translation, so the tests hold whatever the translators
write.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from budgeting import services
from budgeting.models import Implementation, ImplementationStatus
from budgeting.selectors.you_said import you_said_we_did
from cms.models import ProjectPage
from participation.models import AnswerStatus, Idea, Phase, PhaseType, Visibility
from tests.budgeting.conftest import AFTER, DURING, RUNDDEL, days, make_proposal
from tests.budgeting.factories import ProposalFactory
from tests.cms.factories import create_project

pytestmark = pytest.mark.django_db


def danish(text: str) -> str:
    with translation.override("da"):
        return gettext(text)


def ideas_for(project, *, answered_after_days: list[float], unanswered: int = 1) -> None:
    """Public ideas sent 30 days ago, answered after the given numbers of days; some unanswered; one hidden."""
    sent = timezone.now() - datetime.timedelta(days=30)
    for after in answered_after_days:
        idea = Idea.objects.create(project=project, title="Svar", description="Tekst.")
        Idea.objects.filter(pk=idea.pk).update(
            created_at=sent,
            answer_status=AnswerStatus.PLANNED,
            answer_text="Det er planlagt.",
            first_answered_at=sent + datetime.timedelta(days=after),
        )
    for _ in range(unanswered):
        Idea.objects.create(project=project, title="Venter", description="Tekst.")
    Idea.objects.create(project=project, title="Skjult", description="Tekst.", visibility=Visibility.HIDDEN)


@pytest.fixture
def counted(budget_round, norrebro, django_user_model):
    """The round of the budgeting fixtures (ideas phase long over), counted: Træer and Bænke chosen, Lys not, six
    ballots; Træer is done. Three public ideas, two answered after 2 and 6 days."""
    trees = make_proposal(budget_round, title="Træer", cost=900_000, point=RUNDDEL)
    benches = make_proposal(budget_round, title="Bænke", cost=800_000, point=RUNDDEL)
    make_proposal(budget_round, title="Lys", cost=1_500_000, point=RUNDDEL)
    for number in range(6):
        user = django_user_model.objects.create_user(email=f"v{number}@example.dk", password="pw")
        voter = services.voter_for(round=budget_round, user=user, district=norrebro)
        services.ballot_submit(voter=voter, selections={trees.pk: 1, benches.pk: 1}, at=DURING)
    services.round_tally(round=budget_round, at=AFTER)
    Implementation.objects.create(proposal=trees, status=ImplementationStatus.DONE, progress=100)
    Implementation.objects.create(proposal=benches, status=ImplementationStatus.IN_PROGRESS, progress=40)
    ideas_for(budget_round.project, answered_after_days=[2, 6])
    budget_round.refresh_from_db()
    return budget_round


def after_voting(budget_round) -> None:
    """Move the voting phase into the past, as the count would have found it."""
    Phase.objects.filter(project=budget_round.project, phase_type=PhaseType.VOTING).update(
        start=days(-20), end=days(-10)
    )


def test_the_numbers(counted):
    """3 ideas received (the hidden one does not count), 2 answered, median 4 days; 3 proposals, 6 votes, 2 chosen,
    1 done."""
    summary = you_said_we_did(project=counted.project)
    assert (summary.ideas, summary.answered, summary.median_days) == (3, 2, 4.0)
    assert (summary.proposals, summary.ballots, summary.winners, summary.done) == (3, 6, 2, 1)


def test_the_project_page_shows_each_number_linking_to_its_list(counted, client):
    """On the project page each number is a link: ideas to the project's list of ideas, proposals to the round's
    list, votes to the results, chosen and done to "What happened?" for the round (done: only those done)."""
    after_voting(counted)
    html = client.get(counted.project.url).content.decode()
    assert danish("You said, we did") in html
    project_url = counted.project.url
    with translation.override("da"):
        proposals = reverse("budgeting:proposal_list", args=[counted.pk])
        results = reverse("budgeting:results", args=[counted.pk])
        what_happened = reverse("budgeting:what_happened")
        labels = {
            "ideas": ngettext("idea received", "ideas received", 3),
            "answered": ngettext("idea answered", "ideas answered", 2),
            "proposals": ngettext("proposal made", "proposals made", 3),
            "votes": ngettext("vote cast", "votes cast", 6),
            "chosen": ngettext("proposal chosen", "proposals chosen", 2),
            "done": ngettext("chosen proposal done", "chosen proposals done", 1),
        }
    expected = [
        (f"{project_url}#ideer", "3", labels["ideas"]),
        (f"{project_url}#ideer", "2", labels["answered"]),
        (proposals, "3", labels["proposals"]),
        (results, "6", labels["votes"]),
        (f"{what_happened}?runde={counted.pk}", "2", labels["chosen"]),
        (f"{what_happened}?runde={counted.pk}&amp;status=done", "1", labels["done"]),
    ]
    for href, number, label in expected:
        link = f'<a class="you-said__link" href="{href}"><span class="you-said__number">{number}</span>'
        assert link in html, (href, number)
        assert label in html.split(link, 1)[1].split("</a>", 1)[0]
    with translation.override("da"):
        assert gettext("%(days)s days") % {"days": "4"} in html


def test_nothing_is_shown_while_ideas_are_still_coming_in(counted, client):
    """While an ideas phase runs (or is still to come), the page has no summary, and the selector says None."""

    def ideas_phase(start: int, end: int):
        phases = Phase.objects.filter(project=counted.project, phase_type=PhaseType.IDEAS)
        phases.update(start=days(start), end=days(end))
        return ProjectPage.objects.get(pk=counted.project.pk)  # a fresh page: it keeps its phases once read

    assert you_said_we_did(project=ideas_phase(-3, 3)) is None
    assert 'class="you-said"' not in client.get(counted.project.url).content.decode()
    assert you_said_we_did(project=ideas_phase(3, 8)) is None
    # On the last day of the ideas phase it still runs; the day after, it is over.
    project = ideas_phase(-8, 0)
    assert you_said_we_did(project=project) is None
    assert you_said_we_did(project=project, at=days(1)) is not None
    assert 'class="you-said"' not in client.get(counted.project.url).content.decode()
    ideas_phase(-8, -1)
    assert 'class="you-said"' in client.get(counted.project.url).content.decode()


def test_a_project_without_an_ideas_phase_has_no_summary(project_index, tmf):
    project = create_project(project_index, slug="kun-info", phases=[(PhaseType.INFORMATION, days(-30), days(-1))])
    assert you_said_we_did(project=project) is None


def test_before_the_count_only_ideas_and_proposals(budget_round, client):
    """Before the votes are counted there are no votes or winners to show; ideas and proposals are shown."""
    make_proposal(budget_round, title="Træer", cost=900_000)
    ideas_for(budget_round.project, answered_after_days=[3], unanswered=0)
    summary = you_said_we_did(project=budget_round.project)
    assert (summary.ideas, summary.answered, summary.median_days, summary.proposals) == (1, 1, 3.0, 1)
    assert summary.ballots is None and summary.winners is None
    html = client.get(budget_round.project.url).content.decode()
    assert 'class="you-said"' in html
    with translation.override("da"):
        assert reverse("budgeting:results", args=[budget_round.pk]) not in html.split('class="you-said"')[1]


def test_a_project_without_a_budget_shows_its_ideas(project_index, tmf):
    project = create_project(project_index, slug="ideer", phases=[(PhaseType.IDEAS, days(-30), days(-1))])
    ideas_for(project, answered_after_days=[1, 2, 10], unanswered=2)
    summary = you_said_we_did(project=project)
    assert (summary.ideas, summary.answered, summary.median_days, summary.round) == (5, 3, 2.0, None)


def test_the_summary_costs_the_same_queries_for_1_and_50(project_index, tmf, norrebro):
    """The same number of queries for 1 or 50 ideas and proposals (counted round with winners and done ones)."""
    counts = []
    for n in (1, 50):
        project = create_project(
            project_index,
            slug=f"mange-{n}",
            phases=[(PhaseType.IDEAS, days(-60), days(-40)), (PhaseType.VOTING, days(-30), days(-20))],
        )
        budget_round = services.round_create(
            project=project, title=f"Runde {n}", total_budget=100_000_000, ballot_type="knapsack", winner_rule="greedy"
        )
        proposals = [ProposalFactory(round=budget_round, district=norrebro) for _ in range(n)]
        services.round_tally(round=budget_round)
        Implementation.objects.bulk_create(
            [Implementation(proposal=p, status=ImplementationStatus.DONE, progress=100) for p in proposals]
        )
        ideas_for(project, answered_after_days=[1] * n)
        project.refresh_from_db()
        with CaptureQueriesContext(connection) as captured:
            summary = you_said_we_did(project=project)
        assert summary.proposals == n and summary.done == n
        counts.append(len(captured))
    assert counts[0] == counts[1] <= 6, counts
