"""The public proposal pages: a proposal's own page and a round's list of proposals.

Texts are checked on the English pages (/en/), whose strings are the source strings; amounts in the Danish
format on the Danish pages.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from wagtail.models import Locale

from budgeting import services
from budgeting.models import BallotType, Proposal, WinnerRule
from participation import services as idea_services
from participation.models import Visibility
from tests.budgeting.conftest import BISPEBJERG, RUNDDEL, days, make_proposal, voting_phases
from tests.budgeting.factories import ProposalFactory
from tests.cms.factories import create_project

pytestmark = pytest.mark.django_db

XSS = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


def detail_url(proposal, language: str = "en") -> str:
    with translation.override(language):
        return reverse("budgeting:proposal_detail", kwargs={"pk": proposal.pk})


def list_url(budget_round, language: str = "en", **params) -> str:
    with translation.override(language):
        path = reverse("budgeting:proposal_list", kwargs={"round_id": budget_round.pk})
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{path}?{query}" if query else path


def titles_in(html: str, titles) -> list[str]:
    """The given titles in the order the page shows them."""
    found = sorted((html.index(f">{title}</a>"), title) for title in titles if f">{title}</a>" in html)
    return [title for _position, title in found]


@pytest.fixture
def budget(project_index, tmf, norrebro, bispebjerg):
    """A knapsack round with a sub-budget for each of Nørrebro and Bispebjerg whose voting phase runs today, and
    proposals written before voting opened: feasible in both districts, one not feasible, one not assessed."""
    project = create_project(
        project_index,
        title="Borgerbudget Nørrebro og Bispebjerg",
        slug="borgerbudget-nb",
        administration=tmf,
        districts=[norrebro, bispebjerg],
        phases=voting_phases(start=-5, end=5),
    )
    budget_round = services.round_create(
        project=project,
        title="Borgerbudget 2027",
        total_budget=2_000_000,
        ballot_type=BallotType.KNAPSACK,
        winner_rule=WinnerRule.MES_ADD1,
    )
    services.sub_budget_set(round=budget_round, district=norrebro, amount=1_200_000, at=days(-10))
    services.sub_budget_set(round=budget_round, district=bispebjerg, amount=800_000, at=days(-10))
    make_proposal(budget_round, title="Træer på Runddelen", cost=1_250_000, point=RUNDDEL, at=days(-10))
    make_proposal(budget_round, title="Bænke ved stationen", cost=300_000, point=BISPEBJERG, at=days(-10))
    make_proposal(budget_round, title="Anden legeplads", cost=90_000, point=RUNDDEL, feasible=False, at=days(-10))
    make_proposal(budget_round, title="Cykelstativer", cost=450_000, point=BISPEBJERG, feasible=None, at=days(-10))
    return budget_round


def proposal(budget_round, title: str):
    return budget_round.proposals.get(title=title)


class TestProposalPage:
    def test_a_feasible_proposal_shows_what_it_is_and_the_way_to_the_ballot(self, client, budget):
        """Title, cost, district, administration, number, the verdict, the round and project, and while voting is
        open a link to the ballot."""
        feasible = proposal(budget, "Træer på Runddelen")
        html = client.get(detail_url(feasible)).content.decode()
        assert html.count("<h1>") == 1 and "<h1>Træer på Runddelen</h1>" in html
        assert "1,250,000 kr." in html
        assert "<dd>Nørrebro</dd>" in html
        assert "<dd>Teknik- og Miljøforvaltningen</dd>" in html
        assert f"<dd>{feasible.code}</dd>" in html
        assert "Feasible" in html and "it is on the ballot" in html
        assert "Plant træer langs vejen." in html
        assert "“Borgerbudget 2027”, where citizens decide how 2,000,000 kr. are spent." in html
        assert f'href="{budget.project.url}"' in html
        assert f'href="{list_url(budget)}"' in html
        with translation.override("en"):
            ballot = reverse("budgeting:ballot", kwargs={"round_id": budget.pk})
        assert f'href="{ballot}"' in html
        assert "You can vote until" in html

    def test_amounts_are_written_the_danish_way_in_danish(self, client, budget):
        """On the Danish page the cost has dots between the thousands."""
        html = client.get(detail_url(proposal(budget, "Træer på Runddelen"), "da")).content.decode()
        assert "1.250.000 kr." in html

    def test_not_feasible_shows_the_public_reason(self, client, budget):
        """A proposal found not feasible says so, with the administration's reason, and that it is not on the ballot."""
        html = client.get(detail_url(proposal(budget, "Anden legeplads"))).content.decode()
        assert "Not feasible" in html and "so it is not on the ballot" in html
        assert "Kommunen ejer ikke grunden." in html
        assert "Voting in “Borgerbudget 2027” is open." in html

    def test_a_proposal_not_assessed_yet_says_so(self, client, budget):
        html = client.get(detail_url(proposal(budget, "Cykelstativer"))).content.decode()
        assert "Not assessed yet" in html
        assert "has not yet assessed whether the proposal can be carried out" in html

    def test_text_is_escaped_and_keeps_its_line_breaks(self, client, budget):
        """Title, description and reason come from people: they are escaped; the description's lines are kept."""
        made = make_proposal(
            budget,
            title=XSS[:100],
            description=f"Første linje {XSS}\nAnden linje\n\nNyt afsnit",
            point=RUNDDEL,
            feasible=False,
            at=days(-10),
        )
        Proposal.objects.filter(pk=made.pk).update(feasibility_reason=XSS)
        html = client.get(detail_url(made)).content.decode()
        assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
        assert escape("<script>alert(1)</script>") in html
        assert "Anden linje" in html and "<br>Anden linje" in html
        assert "<p>Nyt afsnit</p>" in html

    def test_the_map_shows_the_pin_over_its_district_with_texts_without_javascript(self, client, budget):
        """The map data has the proposal's pin (no link: it is its own page) and its district highlighted; the map
        has an accessible name, keyboard help and a text without JavaScript that names the district."""
        feasible = proposal(budget, "Bænke ved stationen")
        html = client.get(detail_url(feasible)).content.decode()
        start = html.index('<script id="proposal-map-data" type="application/json">')
        data = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
        (marker,) = data["markers"]
        assert (marker["title"], marker["lat"], marker["lon"]) == ("Bænke ved stationen", *BISPEBJERG)
        assert "url" not in marker
        assert data["highlight"] == ["bispebjerg"]
        assert 'aria-label="Map of where the proposal is"' in html
        assert "Move the map with the arrow keys and zoom with plus and minus." in html
        assert "The map needs JavaScript. The proposal is in Bispebjerg." in html

    def test_a_proposal_without_a_place_has_no_map(self, client, project_index, norrebro):
        """A proposal for a whole district has no map; its district is still named."""
        other = services.round_create(
            project=create_project(project_index, title="Uden sted", slug="uden-sted", phases=voting_phases()),
            title="Uden sted",
            total_budget=100_000,
            ballot_type=BallotType.KNAPSACK,
            winner_rule=WinnerRule.GREEDY,
        )
        made = make_proposal(other, title="Hele bydelen", point=None, district=norrebro)
        html = client.get(detail_url(made)).content.decode()
        assert "proposal-map" not in html
        assert "<dd>Nørrebro</dd>" in html

    def test_the_ideas_it_grew_from_are_linked_except_hidden_ones(self, client, budget, citizen, case_officer):
        """The page links the public ideas the proposal grew from; an idea hidden since is left out."""
        ideas = [
            idea_services.idea_submit(
                project=budget.project,
                author=citizen,
                title=title,
                description="Gerne.",
                latitude=RUNDDEL[0],
                longitude=RUNDDEL[1],
                at=days(-30),
            )
            for title in ("Flere træer", "Skygge", "Noget andet")
        ]
        made = services.proposal_from_ideas(
            round=budget, ideas=ideas, cost=100_000, administration=budget.project.administration, at=days(-10)
        )
        idea_services.moderate(target=ideas[2], visibility=Visibility.HIDDEN, reason="Personoplysninger")
        html = client.get(detail_url(made)).content.decode()
        assert "The ideas it grew from" in html
        for idea in ideas[:2]:
            with translation.override("en"):
                assert f'<a href="{idea.get_absolute_url()}">{idea.title}</a>' in html
        assert "Noget andet" not in html

    def test_no_ballot_link_before_voting_opens(self, client, project, budget_round):
        """Before voting opens the page is there to read, without the way to the ballot."""
        made = make_proposal(budget_round, title="Flere træer")
        html = client.get(detail_url(made)).content.decode()
        assert "<h1>Flere træer</h1>" in html
        with translation.override("en"):
            assert f'href="{reverse("budgeting:ballot", kwargs={"round_id": budget_round.pk})}"' not in html
        assert "Go to the ballot" not in html

    def test_the_administration_is_named_in_the_pages_language(self, client, budget, tmf):
        """The English page names the English translation of the owning administration."""
        english = tmf.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0])
        english.name = "Technical and Environmental Administration"
        english.save()
        feasible = proposal(budget, "Træer på Runddelen")
        assert (
            "<dd>Technical and Environmental Administration</dd>" in client.get(detail_url(feasible)).content.decode()
        )
        assert "<dd>Teknik- og Miljøforvaltningen</dd>" in client.get(detail_url(feasible, "da")).content.decode()

    def test_unknown_proposals_and_unpublished_projects_are_not_found(self, client, budget):
        feasible = proposal(budget, "Træer på Runddelen")
        assert client.get(detail_url(feasible).replace(str(feasible.pk), "999999")).status_code == 404
        budget.project.unpublish()
        assert client.get(detail_url(feasible)).status_code == 404
        assert client.get(list_url(budget)).status_code == 404

    def test_only_get(self, client, budget):
        assert client.post(detail_url(proposal(budget, "Træer på Runddelen"))).status_code == 405


class TestProposalList:
    def test_every_proposal_with_cost_district_and_verdict(self, client, budget):
        """The list shows every proposal, assessed or not, linked, with its cost, district and verdict, and the way
        to the ballot while voting is open; the filters are a plain GET form."""
        html = client.get(list_url(budget)).content.decode()
        assert "<h1>The proposals in “Borgerbudget 2027”</h1>" in html
        assert '<form method="get"' in html
        assert "4 proposals" in html
        for made in budget.proposals.all():
            assert f'<a href="{detail_url(made)}">{made.title}</a>' in html
        assert "1,250,000 kr." in html and "90,000 kr." in html
        assert html.count('class="badge badge-success"') == 2
        assert html.count('class="badge badge-error"') == 1
        assert "Not assessed yet" in html
        assert "Go to the ballot" in html

    def test_sorted_by_title_by_default_and_by_cost_on_request(self, client, budget):
        titles = [made.title for made in budget.proposals.all()]
        html = client.get(list_url(budget)).content.decode()
        assert titles_in(html, titles) == [
            "Anden legeplads",
            "Bænke ved stationen",
            "Cykelstativer",
            "Træer på Runddelen",
        ]
        html = client.get(list_url(budget, sorter="billigst")).content.decode()
        assert titles_in(html, titles) == [
            "Anden legeplads",
            "Bænke ved stationen",
            "Cykelstativer",
            "Træer på Runddelen",
        ]
        html = client.get(list_url(budget, sorter="dyrest")).content.decode()
        assert titles_in(html, titles) == [
            "Træer på Runddelen",
            "Cykelstativer",
            "Bænke ved stationen",
            "Anden legeplads",
        ]

    def test_filter_by_district_and_assessment(self, client, budget):
        """The district filter offers the round's districts; filters combine; a filter with no match says so."""
        titles = [made.title for made in budget.proposals.all()]
        html = client.get(list_url(budget, bydel="bispebjerg")).content.decode()
        assert titles_in(html, titles) == ["Bænke ved stationen", "Cykelstativer"]
        assert '<option value="bispebjerg" selected>Bispebjerg</option>' in html
        assert "Indre By" not in html
        html = client.get(list_url(budget, bydel="norrebro", vurdering="feasible")).content.decode()
        assert titles_in(html, titles) == ["Træer på Runddelen"]
        html = client.get(list_url(budget, vurdering="not_feasible")).content.decode()
        assert titles_in(html, titles) == ["Anden legeplads"]
        html = client.get(list_url(budget, bydel="bispebjerg", vurdering="not_feasible")).content.decode()
        assert "0 proposals" in html and "No proposals match these filters." in html
        assert "Show all proposals" in html

    def test_bad_filter_values_are_ignored(self, client, budget):
        response = client.get(list_url(budget, bydel="atlantis", vurdering="maybe", sorter="random"))
        assert response.status_code == 200
        assert "4 proposals" in response.content.decode()

    def test_danish_amounts(self, client, budget):
        assert "1.250.000 kr." in client.get(list_url(budget, "da")).content.decode()

    def test_the_project_page_links_to_the_list(self, client, budget):
        """The project page's call to vote also leads to the proposals, to read."""
        html = client.get(budget.project.url).content.decode()
        with translation.override("da"):
            assert reverse("budgeting:proposal_list", kwargs={"round_id": budget.pk}) in html

    def test_a_round_without_proposals(self, client, budget_round):
        html = client.get(list_url(budget_round)).content.decode()
        assert "There are no proposals yet." in html and "Go to the ballot" not in html

    @pytest.mark.parametrize("kind", ["list", "detail"])
    def test_queries_do_not_grow_with_proposals_or_ideas(self, client, project_index, tmf, norrebro, citizen, kind):
        """The list costs the same number of queries with 1 and with 50 proposals; a proposal's page the same with
        1 and with 50 ideas."""
        project = create_project(
            project_index, title="Mange", slug="mange", administration=tmf, phases=voting_phases(start=-5, end=5)
        )
        budget_round = services.round_create(
            project=project,
            title="Mange",
            total_budget=100_000_000,
            ballot_type=BallotType.KNAPSACK,
            winner_rule=WinnerRule.MES,
        )
        first = ProposalFactory(round=budget_round, code="1", district=norrebro)

        def add(count: int) -> None:
            if kind == "list":
                existing = budget_round.proposals.count()
                for number in range(existing + 1, existing + count + 1):
                    ProposalFactory(round=budget_round, code=str(number), district=norrebro)
            else:
                first.ideas.add(
                    *(
                        idea_services.idea_submit(
                            project=project, author=citizen, title="Idé", description="Tekst", at=days(-30)
                        )
                        for _number in range(count)
                    )
                )

        def count() -> int:
            address = list_url(budget_round) if kind == "list" else detail_url(first)
            client.get(address)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(address)
            assert response.status_code == 200
            return len(queries)

        if kind == "detail":
            add(1)
        with_one = count()
        add(49)
        assert (budget_round.proposals.count() if kind == "list" else first.ideas.count()) == 50
        with_fifty = count()
        assert with_fifty == with_one
