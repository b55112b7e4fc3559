"""The public results page and downloads of a counted round, and the links to them."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from budgeting import services
from budgeting.models import Ballot, BallotChoice, BudgetRound, Channel, TallyResult, WinnerRule
from maps.models import District
from tests.budgeting.conftest import AFTER, BISPEBJERG, DURING, RUNDDEL, make_proposal, voting_phases
from tests.budgeting.factories import ProposalFactory
from tests.cms.factories import create_project

pytestmark = pytest.mark.django_db


def url(name: str, budget_round, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(f"budgeting:{name}", kwargs={"round_id": budget_round.pk, **kwargs})


def vote(budget_round, user, selections, *, district=None):
    voter = services.voter_for(round=budget_round, user=user, district=district)
    return services.ballot_submit(voter=voter, selections=selections, at=DURING)


def count(budget_round):
    services.round_tally(round=budget_round, at=AFTER)
    budget_round.refresh_from_db()
    return budget_round


@pytest.fixture
def voters(django_user_model):
    return [django_user_model.objects.create_user(email=f"v{n}@example.dk", password="pw") for n in range(6)]


@pytest.fixture
def counted(budget_round, norrebro, bispebjerg, voters):
    """A counted knapsack round (greedy, 2.000.000 kr.): Træer (900.000) and Bænke (800.000) win, Lys (600.000)
    does not; five voters online (four from Nørrebro, one from Bispebjerg) and one paper ballot."""
    BudgetRound.objects.filter(pk=budget_round.pk).update(winner_rule=WinnerRule.GREEDY)
    trees = make_proposal(budget_round, title="Træer", cost=900_000, point=RUNDDEL)
    benches = make_proposal(budget_round, title="Bænke", cost=800_000, point=BISPEBJERG)
    lights = make_proposal(budget_round, title="Lys", cost=600_000, point=None)
    for user in voters[:4]:
        vote(budget_round, user, {trees.pk: 1, benches.pk: 1}, district=norrebro)
    vote(budget_round, voters[4], {lights.pk: 1}, district=bispebjerg)
    paper = Ballot.objects.create(round=budget_round, channel=Channel.PAPER)
    BallotChoice.objects.create(ballot=paper, proposal=trees)
    return count(budget_round)


def test_the_rule_is_named_without_jargon(counted, client):
    """MES completed with add1 is "with completion" to citizens; the explanation says how it is completed."""
    BudgetRound.objects.filter(pk=counted.pk).update(winner_rule=WinnerRule.MES_ADD1)
    html = client.get(url("results", counted)).content.decode()
    assert "<strong>Method of Equal Shares, with completion.</strong>" in html
    assert "share is raised by 1 krone at a time" in html
    assert "add-one" not in html and "add1" not in html


def test_results_wait_for_the_count(budget_round, client):
    """Before the count the page says when results come, and the downloads are not there."""
    make_proposal(budget_round)
    response = client.get(url("results", budget_round))
    assert response.status_code == 200
    assert "The results are published when voting has closed and the votes are counted." in response.content.decode()
    assert client.get(url("ballot_file", budget_round)).status_code == 404
    assert client.get(url("proposals_csv", budget_round)).status_code == 404


def test_the_results_page(counted, client):
    """Winners first with votes online, on paper and in total, cost, funded and left, a table that is the chart,
    winners marked in words, the rule explained, turnout per 1,000 inhabitants and the downloads."""
    response = client.get(url("results", counted))
    html = response.content.decode()
    assert response.status_code == 200
    rows = re.findall(r'<tr id="proposal-\d+".*?</tr>', html, re.S)
    titles = [re.search(r"</span> (.*?)</th>", row).group(1) for row in rows]
    assert titles == ["Træer", "Bænke", "Lys"]
    assert "Selected" in rows[0] and "Selected" in rows[1] and "Not selected" in rows[2]
    cells = [re.sub(r"<.*?>", " ", cell).split() for cell in re.findall(r"<td.*?</td>", rows[0], re.S)]
    assert cells[:4] == [["900,000"], ["4"], ["1"], ["5"]]
    assert "u-width-100" in rows[0] and "u-width-80" in rows[1] and "u-width-20" in rows[2]
    assert "<caption" in html and 'class="results-bar" aria-hidden="true"' in html
    assert "Proposals for 1,700,000 kr. of the budget of 2,000,000 kr. are funded; 300,000 kr. are left." in html
    assert "The proposals are ranked by their number of votes." in html
    assert "6 ballots were counted: 5 cast online and 1 on paper." in html
    # Nørrebro and Bispebjerg have 79,895 and 55,730 inhabitants: 6 ballots are 0.0 per 1,000 of 135,625.
    assert "135,625 inhabitants" in html
    turnout = re.search(r'<caption id="turnout-caption">.*?</table>', html, re.S).group(0)
    assert re.search(r"Nørrebro</th>\s*<td[^>]*>4</td>\s*<td[^>]*>79,895</td>\s*<td[^>]*>0.1</td>", turnout)
    assert re.search(r"Bispebjerg</th>\s*<td[^>]*>1</td>\s*<td[^>]*>55,730</td>", turnout)
    assert url("ballot_file", counted) in html and url("proposals_csv", counted) in html


def test_the_map_has_winners_and_the_others_in_two_styles(counted, client):
    """The map's markers lead to the rows of the table and say whether each proposal was selected; a proposal
    without a place is only in the table."""
    html = client.get(url("results", counted)).content.decode()
    data = json.loads(re.search(r'<script id="results-map-data" type="application/json">(.*?)</script>', html).group(1))
    markers = {marker["title"]: marker for marker in data["markers"]}
    assert set(markers) == {"Træer", "Bænke"}
    assert (markers["Træer"]["phase"], markers["Træer"]["phaseLabel"]) == ("winner", "Selected")
    trees = TallyResult.objects.get(proposal__title="Træer").proposal
    assert markers["Træer"]["url"] == f"#proposal-{trees.pk}"
    assert data["highlight"] == ["norrebro", "bispebjerg"]


def test_the_page_is_in_danish_too(counted, client):
    """The Danish address serves the same results."""
    response = client.get(url("results", counted, "da"))
    assert response.status_code == 200
    assert "Træer" in response.content.decode()


def test_downloads_have_their_types_and_file_names(counted, client):
    """The ballot file and the CSV come as attachments named after the round; a district file of a round without
    sub-budgets is not found."""
    pb = client.get(url("ballot_file", counted))
    assert pb.status_code == 200
    assert pb["Content-Type"] == "text/plain; charset=utf-8"
    assert pb["Content-Disposition"] == 'attachment; filename="Denmark_Copenhagen_borgerbudget-2027.pb"'
    assert pb.content.decode().startswith("META\n")
    csv = client.get(url("proposals_csv", counted))
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert csv["Content-Disposition"] == 'attachment; filename="Denmark_Copenhagen_borgerbudget-2027_proposals.csv"'
    assert client.get(url("district_ballot_file", counted, district="norrebro")).status_code == 404


def test_a_round_with_sub_budgets_has_a_section_and_a_file_per_district(
    budget_round, norrebro, bispebjerg, voters, client
):
    """Each district's results are a section of their own, with their own ballot file."""
    services.sub_budget_set(round=budget_round, district=norrebro, amount=1_000_000)
    services.sub_budget_set(round=budget_round, district=bispebjerg, amount=1_000_000)
    trees = make_proposal(budget_round, title="Træer", cost=900_000, point=RUNDDEL)
    benches = make_proposal(budget_round, title="Bænke", cost=800_000, point=BISPEBJERG)
    vote(budget_round, voters[0], {trees.pk: 1}, district=norrebro)
    vote(budget_round, voters[1], {benches.pk: 1}, district=bispebjerg)
    count(budget_round)

    html = client.get(url("results", budget_round)).content.decode()

    assert re.findall(r'<h2 id="results-group-\d">(.*?)</h2>', html) == ["Nørrebro", "Bispebjerg"]
    assert "The ballots in Nørrebro (pabulib file)" in html
    response = client.get(url("district_ballot_file", budget_round, district="bispebjerg"))
    assert response.status_code == 200
    assert "Bænke" in response.content.decode() and "Træer" not in response.content.decode()
    assert client.get(url("ballot_file", budget_round)).status_code == 404


def _round_with(project_index, tmf, n: int) -> BudgetRound:
    project = create_project(project_index, slug=f"runde-{n}", administration=tmf, phases=voting_phases())
    budget_round = services.round_create(
        project=project,
        title=f"Runde {n}",
        total_budget=10_000_000,
        ballot_type="knapsack",
        winner_rule=WinnerRule.GREEDY,
    )
    district = District.objects.get(code=3)
    proposals = [
        ProposalFactory(round=budget_round, cost=100_000, district=district, latitude=RUNDDEL[0], longitude=RUNDDEL[1])
        for _ in range(n)
    ]
    for _ in range(3):
        ballot = Ballot.objects.create(round=budget_round)
        BallotChoice.objects.bulk_create([BallotChoice(ballot=ballot, proposal=p) for p in proposals])
    return count(budget_round)


def test_the_page_costs_the_same_queries_for_1_and_50_proposals(project_index, tmf, areas, client):
    """The results page's queries do not grow with the number of proposals."""
    queries = []
    for n in (1, 50):
        budget_round = _round_with(project_index, tmf, n)
        client.get(url("results", budget_round))  # warm the site's caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("results", budget_round)).status_code == 200
        queries.append(len(captured))
    assert queries[0] == queries[1] <= 20, queries


def test_the_project_page_and_the_ballot_lead_to_the_results(counted, client):
    """Once counted, the project page and the (closed) ballot page link to the results."""
    project = counted.project
    html = client.get(project.url).content.decode()
    assert url("results", counted, "da") in html
    closed = client.get(url("ballot", counted)).content.decode()
    assert url("results", counted) in closed


def test_the_receipt_check_points_to_the_published_file(counted, client):
    """After the count, a found receipt code is in the published file, and the page links to it."""
    code = Ballot.objects.filter(round=counted, channel=Channel.ONLINE).first().receipt
    response = client.post(url("receipt_check", counted), {"code": code})
    html = response.content.decode()
    assert "A ballot with this receipt code is in the count" in html
    assert "Your ballot is in the published ballot file: search it for your code." in html
    assert url("ballot_file", counted) in html
    assert code in client.get(url("ballot_file", counted)).content.decode()
