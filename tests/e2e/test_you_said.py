"""In Chromium: "You said, we did" on a project page whose ideas phase is over (Danish and English), and the
optional end-of-vote question on the receipt page, answered with the keyboard; axe-core finds nothing on either."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from budgeting import services
from budgeting.models import BallotType, Implementation, ImplementationStatus, SurveyAnswer, WinnerRule
from cms.models import ProjectPage
from maps import services as map_services
from maps.models import District
from participation.models import AnswerStatus, Idea, Phase, PhaseType
from tests.budgeting.conftest import days, make_proposal, voting_phases
from tests.cms.factories import create_home_page, create_project, create_project_index
from tests.e2e.conftest import assert_no_axe_violations, e2e, open_page
from tests.e2e.test_ballot import sign_in

pytestmark = e2e

PLACE = (55.6873, 12.5546)  # Blågårds Plads, Nørrebro


def _over(demo_site) -> ProjectPage:
    """The demo project with its ideas phase over and its vote counted: three proposals, two chosen, one of them
    done; four ideas, three answered."""
    for phase_type, start, end in (
        (PhaseType.INFORMATION, -60, -41),
        (PhaseType.IDEAS, -40, -21),
        (PhaseType.VOTING, -20, -5),
    ):
        Phase.objects.filter(phase_type=phase_type).update(start=days(start), end=days(end))
    project = ProjectPage.objects.get(pk=demo_site.project.pk)
    budget_round = services.round_create(
        project=project,
        title="Borgerbudget Nørrebro",
        total_budget=2_000_000,
        ballot_type=BallotType.KNAPSACK,
        winner_rule=WinnerRule.GREEDY,
    )
    trees = make_proposal(budget_round, title="Træer", cost=900_000, point=None, at=days(-25))
    benches = make_proposal(budget_round, title="Bænke", cost=800_000, point=None, at=days(-25))
    make_proposal(budget_round, title="Lys", cost=1_500_000, point=None, at=days(-25))
    norrebro = demo_site.districts[1]
    for number in range(5):
        user = get_user_model().objects.create_user(email=f"v{number}@example.dk", password="pw")
        voter = services.voter_for(round=budget_round, user=user, district=norrebro)
        services.ballot_submit(voter=voter, selections={trees.pk: 1, benches.pk: 1}, at=days(-10))
    services.round_tally(round=budget_round)
    Implementation.objects.create(proposal=trees, status=ImplementationStatus.DONE, progress=100)
    sent = timezone.now() - datetime.timedelta(days=30)
    for after in (2, 5, 9, None):
        idea = Idea.objects.create(project=project, title="Flere træer", description="Gerne ved skolen.")
        answered = (
            {}
            if after is None
            else {
                "answer_status": AnswerStatus.PLANNED,
                "answer_text": "Det er planlagt.",
                "first_answered_at": sent + datetime.timedelta(days=after),
            }
        )
        Idea.objects.filter(pk=idea.pk).update(created_at=sent, **answered)
    cache.clear()
    return project


def test_you_said_we_did_has_no_axe_violations(page, demo_site):
    """The summary on the project page, in English and in Danish: its numbers are links, and axe finds nothing."""
    _over(demo_site)
    open_page(page, demo_site.project_en.url)
    summary = page.get_by_role("region", name="You said, we did")
    assert summary.is_visible()
    links = summary.get_by_role("link")
    assert links.count() == 7
    assert "4" in links.nth(0).inner_text() and "ideas received" in links.nth(0).inner_text()
    assert "1" in links.nth(6).inner_text() and "done" in links.nth(6).inner_text()
    assert_no_axe_violations(page)
    open_page(page, demo_site.project.url)
    assert page.locator(".you-said .you-said__link").count() == 7
    assert_no_axe_violations(page)


@pytest.fixture
def voted(transactional_db, live_server, context):
    """A Nørrebro round whose voting runs today; Amira has voted and is signed in."""
    map_services.load_demo_areas()
    norrebro = District.objects.get(slug="norrebro")
    project = create_project(
        create_project_index(create_home_page()),
        title="Borgerbudget Nørrebro",
        slug="borgerbudget-noerrebro",
        districts=[norrebro],
        phases=voting_phases(start=-5, end=5),
    )
    budget_round = services.round_create(
        project=project,
        title="Borgerbudget Nørrebro 2027",
        total_budget=2_000_000,
        ballot_type=BallotType.KNAPSACK,
        winner_rule=WinnerRule.MES,
    )
    proposal = make_proposal(budget_round, title="Træer", cost=900_000, point=PLACE, at=days(-10))
    user = get_user_model().objects.create_user(email="amira@example.dk", password="pw")
    voter = services.voter_for(round=budget_round, user=user, district=norrebro)
    services.ballot_submit(voter=voter, selections={proposal.pk: 1})
    sign_in(context, live_server, user)
    cache.clear()
    return budget_round


def receipt_url(budget_round, language: str) -> str:
    with translation.override(language):
        return reverse("budgeting:receipt", kwargs={"round_id": budget_round.pk})


def test_the_end_of_vote_question_has_no_axe_violations_and_works_by_keyboard(page, voted):
    """The receipt page with the question, in Danish and English, passes axe; answered with the keyboard only,
    the answer is stored and the page thanks the voter and no longer asks."""
    open_page(page, receipt_url(voted, "da"))
    assert page.locator("#survey-heading").is_visible()
    assert_no_axe_violations(page)

    open_page(page, receipt_url(voted, "en"))
    question = page.get_by_role("region", name="One last question, if you like")
    assert_no_axe_violations(page)
    question.get_by_label("25–34 years").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # to the second group of radio buttons
    page.keyboard.press("Space")
    assert question.get_by_label("Yes, this is my first time").is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Send my answer"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{receipt_url(voted, 'en')}")
    assert "Thank you for your answer" in page.locator(".site-messages").inner_text()
    assert page.locator("#survey-heading").count() == 0
    answer = SurveyAnswer.objects.get()
    assert (answer.age_band, answer.first_time) == ("25-34", "yes")
    assert_no_axe_violations(page)
