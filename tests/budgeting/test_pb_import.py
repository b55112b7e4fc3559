"""`manage.py pb_import`: a real pabulib election as a closed, counted round with its results page."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from budgeting.models import Ballot, BallotChoice, BallotType, BudgetRound, TallyResult, Voter, WinnerRule
from cms.models import ProjectPage
from tests.budgeting.conftest import days, voting_phases
from tests.budgeting.test_tally_oracle import expected_winners, pabulib_data_dir
from tests.cms.factories import AdministrationFactory, create_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """The messages are asserted in English, the language they are written in."""
    with translation.override("en"):
        yield


EXPECTED = {(line["file"], line["rule"]): line["winners"] for line in expected_winners(pabulib_data_dir())}


def pb_import(*args) -> tuple[BudgetRound, str]:
    out = io.StringIO()
    call_command("pb_import", *args, stdout=out)
    return BudgetRound.objects.order_by("-pk").first(), out.getvalue()


def winners(budget_round) -> list[str]:
    return sorted(r.proposal.code for r in TallyResult.objects.filter(tally__round=budget_round, selected=True))


@pytest.fixture(autouse=True)
def finance(db):
    """The administration that owns imported projects."""
    return AdministrationFactory(name="Økonomiforvaltningen", abbreviation="ØKF")


def test_assen_is_imported_as_a_counted_round_with_its_results_page(project_index, client):
    """Assen 2024 (approval, equalshares/add1): 14 proposals numbered by their pabulib ids, 84 anonymous online
    ballots with fresh receipt codes, counted with MES + add1 to pabutools' winners; the page's voting is over."""
    budget_round, output = pb_import(str(pabulib_data_dir() / "Netherlands_Assen_2024.pb"))

    assert (budget_round.ballot_type, budget_round.winner_rule) == (BallotType.APPROVAL, WinnerRule.MES_ADD1)
    assert (budget_round.total_budget, budget_round.max_choices) == (100_000, 14)
    assert budget_round.tallied_at is not None
    assert winners(budget_round) == EXPECTED[("Netherlands_Assen_2024.pb", "mes-add1")]
    assert budget_round.proposals.count() == 14
    assert budget_round.proposals.get(code="3").title == "PopUp Podium"
    ballots = Ballot.objects.filter(round=budget_round)
    assert ballots.count() == 84
    assert len({b.receipt_code for b in ballots}) == 84
    assert not any(b.receipt_code.startswith("vote") for b in ballots)
    assert not Voter.objects.filter(round=budget_round).exists()
    assert TallyResult.objects.get(tally__round=budget_round, proposal__code="3").votes_online == 43
    project = ProjectPage.objects.get(pk=budget_round.project_id)
    assert project.get_parent().specific == project_index
    assert project.live and project.title == "Assen Top Idee 2024"
    assert project.administration.abbreviation == "ØKF"
    assert not budget_round.voting_open() and budget_round.voting_closed()
    assert "84 of 84 ballots" in output
    assert "Imported round" in output

    with translation.override("en"):
        page = client.get(reverse("budgeting:results", kwargs={"round_id": budget_round.pk}))
    assert page.status_code == 200
    assert "PopUp Podium" in page.content.decode()


def test_zurich_cumulative_ballots_keep_their_points(project_index, client):
    """Zurich D10 (cumulative, rule unknown): counted with MES + add1 on points to pabutools' winners; each ballot
    keeps its points, and the results page counts points."""
    budget_round, _output = pb_import(str(pabulib_data_dir() / "Switzerland_Zurich_D10.pb"))

    assert budget_round.ballot_type == BallotType.CUMULATIVE
    assert (budget_round.points_total, budget_round.points_per_proposal_max) == (10, 10)
    assert winners(budget_round) == EXPECTED[("Switzerland_Zurich_D10.pb", "mes-add1")]
    assert Ballot.objects.filter(round=budget_round).count() == 180
    points = BallotChoice.objects.filter(ballot__round=budget_round).values_list("points", flat=True)
    assert sum(points) == sum(r.votes for r in TallyResult.objects.filter(tally__round=budget_round))
    page = client.get(reverse("budgeting:results", kwargs={"round_id": budget_round.pk}))
    assert page.status_code == 200
    assert "Points in total" in page.content.decode()


def test_the_rule_can_be_chosen(project_index):
    """--rule greedy counts Assen greedily, to pabutools' greedy winners."""
    budget_round, _output = pb_import(str(pabulib_data_dir() / "Netherlands_Assen_2024.pb"), "--rule", "greedy")
    assert budget_round.winner_rule == WinnerRule.GREEDY
    assert winners(budget_round) == EXPECTED[("Netherlands_Assen_2024.pb", "greedy")]


def test_an_existing_project_page_is_used_once_its_voting_is_over(project_index, tmf):
    """--project-page puts the round on that page; a page whose voting is still to come is refused, and nothing
    is left behind."""
    past = create_project(project_index, slug="fortid", administration=tmf, phases=[("voting", days(-20), days(-5))])
    budget_round, _output = pb_import(str(pabulib_data_dir() / "Netherlands_Assen_2024.pb"), "--project-page", past.pk)
    assert budget_round.project_id == past.pk

    future = create_project(project_index, slug="fremtid", administration=tmf, phases=voting_phases())
    with pytest.raises(CommandError, match="Voting has not taken place yet"):
        pb_import(str(pabulib_data_dir() / "Netherlands_Assen_2024.pb"), "--project-page", future.pk)
    assert not BudgetRound.objects.filter(project=future).exists()
    assert Ballot.objects.count() == 84


def test_bad_files_are_refused(project_index, tmp_path):
    """A missing file, an unsupported vote type or a budget in fractions is refused with the reason."""
    with pytest.raises(CommandError, match="No such file"):
        pb_import(str(tmp_path / "missing.pb"))
    broken = tmp_path / "broken.pb"
    broken.write_text("META\nkey;value\nbudget;10\nvote_type;ranking\nPROJECTS\nproject_id;cost\n1;5\n")
    with pytest.raises(CommandError, match="unsupported vote_type"):
        pb_import(str(broken))
    fractions = tmp_path / "fractions.pb"
    fractions.write_text(
        "META\nkey;value\nbudget;10.5\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n1;1\n"
    )
    with pytest.raises(CommandError, match="The budget must be a whole number"):
        pb_import(str(fractions))
    assert not BudgetRound.objects.exists()


def test_a_new_page_gets_the_files_voting_days_when_they_are_over(project_index):
    """The new project page's voting phase is the file's date_begin to date_end."""
    budget_round, _output = pb_import(str(pabulib_data_dir() / "Netherlands_Assen_2024.pb"))
    voting = ProjectPage.objects.get(pk=budget_round.project_id).phases.get(phase_type="voting")
    assert (voting.start.isoformat(), voting.end.isoformat()) == ("2024-03-31", "2024-04-15")
    assert voting.end < timezone.localdate()
