"""The citizens' ballot pages: declaring where you live, the ballot, the review, the receipt and the receipt check.

Texts are checked on the English pages (/en/), whose strings are the source strings; amounts in the Danish
format on the Danish pages.
"""

import json

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from budgeting import selectors, services
from budgeting.models import Ballot, BallotType, BudgetRound, Voter, WinnerRule
from tests.budgeting.conftest import AFTER, BISPEBJERG, RUNDDEL, days, make_proposal, voting_phases
from tests.budgeting.factories import BallotFactory, ProposalFactory
from tests.cms.factories import create_project

pytestmark = pytest.mark.django_db

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "</script><script>alert(1)</script>",
]


def url(name: str, budget_round, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"budgeting:{name}", kwargs={"round_id": budget_round.pk})


def proposals_of(budget_round) -> dict[str, int]:
    return {proposal.title: proposal.pk for proposal in budget_round.proposals.all()}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts from zero."""
    cache.clear()


@pytest.fixture
def voter(open_round, citizen, norrebro):
    """The citizen has declared that they live in Nørrebro."""
    return services.voter_for(round=open_round, user=citizen, district=norrebro)


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen)
    return client


@pytest.fixture
def district_round(project_index, tmf, norrebro, bispebjerg):
    """A knapsack round open today with 1.000.000 kr. for each of Nørrebro and Bispebjerg, and a proposal in each."""
    project = create_project(
        project_index,
        title="Borgerbudget i bydelene",
        slug="borgerbudget-i-bydelene",
        administration=tmf,
        districts=[norrebro, bispebjerg],
        phases=voting_phases(start=-5, end=5),
    )
    budget_round = services.round_create(
        project=project,
        title="Bydelsbudget",
        total_budget=2_000_000,
        ballot_type=BallotType.KNAPSACK,
        winner_rule=WinnerRule.GREEDY,
    )
    for district in (norrebro, bispebjerg):
        services.sub_budget_set(round=budget_round, district=district, amount=1_000_000, at=days(-10))
    make_proposal(budget_round, title="Træer på Runddelen", cost=400_000, point=RUNDDEL, at=days(-10))
    make_proposal(budget_round, title="Bænke ved Bispebjerg station", cost=300_000, point=BISPEBJERG, at=days(-10))
    return budget_round


def open_project_round(project_index, tmf, *, slug: str, **options) -> BudgetRound:
    """A round open today, made directly (proposals are added with the factory)."""
    project = create_project(
        project_index, title=slug, slug=slug, administration=tmf, phases=voting_phases(start=-5, end=5)
    )
    defaults = {"total_budget": 2_000_000, "ballot_type": BallotType.KNAPSACK, "winner_rule": WinnerRule.MES}
    return services.round_create(project=project, title=slug, **{**defaults, **options})


class TestSignInAndDeclaration:
    def test_anonymous_visitors_are_sent_to_sign_in_and_back(self, client, open_round):
        """Voting needs an account: the ballot, declaration and review send a visitor to sign in, and back."""
        for name in ("ballot", "eligibility", "review", "receipt"):
            response = client.get(url(name, open_round))
            assert response.status_code == 302
            assert response["Location"] == f"/en/konto/login/?next={url(name, open_round)}"

    def test_a_citizen_declares_district_and_age_before_the_ballot(self, signed_in, open_round, citizen, norrebro):
        """Without a voter row the ballot sends the citizen to say where they live; the box must be ticked, a refusal
        keeps the chosen district, and then the ballot opens."""
        response = signed_in.get(url("ballot", open_round))
        assert response.status_code == 302 and response["Location"] == url("eligibility", open_round)

        html = signed_in.get(url("eligibility", open_round)).content.decode()
        assert html.count("<h1>") == 1
        assert "I confirm that I am at least 15 years old and live in Copenhagen Municipality" in html
        assert '<label class="form-label" for="id_district">The district where you live</label>' in html
        assert "Bispebjerg" in html and "Indre By" in html  # no sub-budgets: every district

        response = signed_in.post(url("eligibility", open_round), {"district": norrebro.pk})
        html = response.content.decode()
        assert response.status_code == 400
        assert "Tick the box to confirm that you may vote in this round." in html
        assert f'<option value="{norrebro.pk}" selected>' in html
        assert not Voter.objects.exists()

        response = signed_in.post(url("eligibility", open_round), {"district": norrebro.pk, "confirm": "on"})
        assert response.status_code == 302 and response["Location"] == url("ballot", open_round)
        voter = Voter.objects.get()
        assert (voter.user, voter.district, voter.voted) == (citizen, norrebro, False)
        assert signed_in.get(url("ballot", open_round)).status_code == 200

    def test_a_mitid_round_without_a_mitid_app_says_so(self, signed_in, open_round):
        """A round that checks with MitID says so; on a site where MitID is not set up it offers no form (the flow
        itself is tested in test_oidc.py)."""
        BudgetRound.objects.filter(pk=open_round.pk).update(eligibility="oidc")
        html = signed_in.get(url("eligibility", open_round)).content.decode()
        assert "you show with MitID that you may vote" in html
        assert "Checking with MitID is not set up on this site yet" in html
        assert 'name="district"' not in html and "Verify with MitID" not in html


class TestBallot:
    def test_with_sub_budgets_the_ballot_shows_the_voters_district_only(self, signed_in, district_round, norrebro):
        """The declaration offers the round's districts; the ballot shows that district's proposals and budget."""
        html = signed_in.get(url("eligibility", district_round)).content.decode()
        assert "Nørrebro" in html and "Bispebjerg" in html and "Indre By" not in html
        signed_in.post(url("eligibility", district_round), {"district": norrebro.pk, "confirm": "on"})

        html = signed_in.get(url("ballot", district_round)).content.decode()
        assert "Træer på Runddelen" in html
        assert "Bænke ved Bispebjerg station" not in html
        assert "Proposals in Nørrebro" in html
        assert "You have used 0 of 1,000,000 kr." in html

    def test_the_ballot_shows_costs_in_danish_and_is_prefilled_from_the_draft(self, signed_in, open_round, voter):
        """Each proposal has a labelled checkbox (title and cost), the draft is ticked, and the bar counts it."""
        ids = proposals_of(open_round)
        services.draft_save(voter=voter, selections={ids["Bænke"]: 1, ids["Træer"]: 1})
        html = signed_in.get(url("ballot", open_round, "da")).content.decode()
        assert "900.000 kr." in html and "1.700.000" in html and "2.000.000" in html
        html = signed_in.get(url("ballot", open_round)).content.decode()
        assert html.count("<h1>") == 1
        assert "<legend" in html and "<fieldset" in html
        for title, pk in ids.items():
            checkbox = f'id="proposal-{pk}" checked' if title != "Lys" else f'id="proposal-{pk}" data-proposal'
            assert checkbox in html
            assert (
                f'<label for="proposal-{pk}" class="ballot-item__label"><span class="ballot-item__title">{title}</span>'
                in html
            )
        assert "You have used 1,700,000 of 2,000,000 kr." in html
        assert 'class="ballot-bar__fill u-width-85"' in html
        data = json.loads(html.split('<script id="ballot-data" type="application/json">')[1].split("</script>")[0])
        assert data["kind"] == "budget" and data["limit"] == 2_000_000
        assert data["costs"][str(ids["Lys"])] == 600_000
        assert data["strings"]["budget"] == "You have used %(used)s of %(budget)s kr."

    def test_over_budget_is_refused_with_the_message_and_the_choices_kept(self, signed_in, open_round, voter):
        """Without JavaScript, reviewing choices over the budget comes back (400) with the reason in an alert,
        the boxes still ticked and the bar saying by how much."""
        ids = proposals_of(open_round)
        response = signed_in.post(url("ballot", open_round), {"proposal": list(ids.values()), "action": "review"})
        html = response.content.decode()
        assert response.status_code == 400
        alert = html.split('role="alert"')[1].split("</div>")[0]
        assert "You have chosen proposals for 2,300,000 kr., but the budget is 2,000,000 kr." in html
        assert "There is a problem" in html and "<ul" in alert
        for pk in ids.values():
            assert f'id="proposal-{pk}" checked' in html
        assert "That is 300,000 kr. over the budget. Remove a proposal, or choose a cheaper one." in html
        assert "<title>Error: " in html
        voter.refresh_from_db()
        assert len(voter.draft) == 3  # kept as a draft, not cast
        assert not Ballot.objects.exists()

    def test_saving_without_javascript_keeps_the_draft(self, signed_in, open_round, voter):
        """ "Save my choices" stores the draft and comes back with a message."""
        ids = proposals_of(open_round)
        response = signed_in.post(url("ballot", open_round), {"proposal": [ids["Lys"]], "action": "save"}, follow=True)
        assert "Your choices are saved." in response.content.decode()
        voter.refresh_from_db()
        assert voter.draft == {str(ids["Lys"]): 1}

    def test_background_save_answers_204_and_stores_the_draft(self, signed_in, open_round, voter):
        """The script's save (X-Requested-With: fetch) is answered 204, and unreadable input 400 with messages."""
        ids = proposals_of(open_round)
        headers = {"X-Requested-With": "fetch"}
        response = signed_in.post(
            url("ballot", open_round), {"proposal": [ids["Træer"]], "action": "save"}, headers=headers
        )
        assert response.status_code == 204
        voter.refresh_from_db()
        assert voter.draft == {str(ids["Træer"]): 1}

        response = signed_in.post(
            url("ballot", open_round), {"proposal": ["999999"], "action": "save"}, headers=headers
        )
        assert response.status_code == 400
        assert response.json()["errors"] == [
            "One of your choices is not on your ballot. Reload the page and choose again."
        ]
        voter.refresh_from_db()
        assert voter.draft == {str(ids["Træer"]): 1}

        signed_in.logout()
        response = signed_in.post(
            url("ballot", open_round), {"proposal": [ids["Lys"]], "action": "save"}, headers=headers
        )
        assert response.status_code == 401 and response.json()["errors"] == ["Sign in again to save your choices."]

    def test_cumulative_points_over_the_limits_are_refused(self, signed_in, project_index, tmf, citizen, norrebro):
        """On a cumulative ballot each proposal has a number field; too many points on one is an error linked to its
        field, too many in all an error at the top, and what was typed stays."""
        budget_round = open_project_round(
            project_index,
            tmf,
            slug="point",
            ballot_type=BallotType.CUMULATIVE,
            points_total=5,
            points_per_proposal_max=3,
        )
        first, second = (ProposalFactory(round=budget_round, code=str(n), title=f"Forslag {n}") for n in (1, 2))
        services.voter_for(round=budget_round, user=citizen, district=norrebro)
        html = signed_in.get(url("ballot", budget_round)).content.decode()
        assert "You have given 0 of 5 points" in html
        assert f'<label class="form-label ballot-item__label" for="points-{first.pk}">' in html

        response = signed_in.post(url("ballot", budget_round), {f"points-{first.pk}": "4", "action": "review"})
        html = response.content.decode()
        assert response.status_code == 400
        assert f'<a href="#points-{first.pk}">Forslag 1: One proposal can get at most 3 points.</a>' in html
        assert f'aria-describedby="points-{first.pk}-error' in html and 'aria-invalid="true"' in html
        assert 'value="4" min="0" max="3"' in html

        data = {f"points-{first.pk}": "3", f"points-{second.pk}": "3", "action": "review"}
        html = signed_in.post(url("ballot", budget_round), data).content.decode()
        assert "You have given 6 points, but you have 5 points to give." in html

        data = {f"points-{first.pk}": "3", f"points-{second.pk}": "2", "action": "review"}
        assert signed_in.post(url("ballot", budget_round), data)["Location"] == url("review", budget_round)

    def test_an_approval_ballot_counts_choices(self, signed_in, project_index, tmf, citizen, norrebro):
        """An approval ballot's bar counts the proposals chosen against the most allowed."""
        budget_round = open_project_round(
            project_index, tmf, slug="godkend", ballot_type=BallotType.APPROVAL, max_choices=2
        )
        proposals = [ProposalFactory(round=budget_round, code=str(n)) for n in (1, 2, 3)]
        services.voter_for(round=budget_round, user=citizen, district=norrebro)
        response = signed_in.post(
            url("ballot", budget_round), {"proposal": [p.pk for p in proposals], "action": "review"}
        )
        html = response.content.decode()
        assert response.status_code == 400
        assert "You have chosen 3 of at most 2 proposals" in html
        assert "You may choose at most 2 proposals, but you have chosen 3." in html

    @pytest.mark.parametrize("payload", XSS)
    def test_proposal_text_is_escaped(self, signed_in, open_round, voter, payload):
        """Markup in a proposal's title and description is shown as text, in the page and in the script data."""
        ProposalFactory(round=open_round, code="x", title=payload[:120], description=payload)
        html = signed_in.get(url("ballot", open_round)).content.decode()
        for dangerous in ("<script>alert", "<img src=x", "<svg/onload"):
            assert dangerous not in html
        assert escape(payload) in html

    def test_ballot_queries_do_not_grow_with_proposals(self, signed_in, project_index, tmf, citizen, norrebro):
        """The ballot costs the same number of queries with 1 and with 50 proposals, all chosen in the draft."""
        budget_round = open_project_round(project_index, tmf, slug="mange", total_budget=100_000_000)
        voter = services.voter_for(round=budget_round, user=citizen, district=norrebro)

        def count() -> int:
            proposals = list(budget_round.proposals.all())
            services.draft_save(voter=voter, selections={proposal.pk: 1 for proposal in proposals})
            signed_in.get(url("ballot", budget_round))
            with CaptureQueriesContext(connection) as queries:
                response = signed_in.get(url("ballot", budget_round))
            assert response.status_code == 200
            assert response.content.decode().count('class="form-checkbox"') == len(proposals)
            return len(queries)

        ProposalFactory(round=budget_round, code="1", district=norrebro)
        with_one = count()
        for number in range(2, 51):
            ProposalFactory(round=budget_round, code=str(number), district=norrebro)
        assert count() == with_one


class TestVotingClosed:
    def test_before_voting_opens_the_page_says_when(self, signed_in, budget_round, citizen):
        """Before the voting phase the ballot says when voting opens, lists the proposals, and takes no vote."""
        make_proposal(budget_round, title="Flere træer")
        response = signed_in.get(url("ballot", budget_round))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Voting has not opened yet" in html
        start, end = (day.strftime("%-d %B %Y") for day in (days(5), days(15)))
        assert f"from {start} to {end}" in html
        assert "Flere træer" in html
        assert 'name="proposal"' not in html and "Review my vote" not in html
        assert signed_in.post(url("review", budget_round)).status_code == 200
        assert not Voter.objects.exists() and not Ballot.objects.exists()

    def test_after_the_count_the_page_says_voting_has_closed(self, client, open_round):
        """Once the round is counted anyone sees that voting has closed, and no ballot."""
        BudgetRound.objects.filter(pk=open_round.pk).update(tallied_at=timezone.now())
        html = client.get(url("ballot", open_round)).content.decode()
        assert "Voting has closed" in html and "The votes have been counted." in html
        assert "Review my vote" not in html

    def test_the_project_page_invites_to_vote_or_to_see_the_ballot(self, client, open_round, budget_round):
        """A project with a round shows "Vote" while voting is open, and "See the ballot" otherwise."""
        html = client.get(open_round.project.url).content.decode()
        assert f'<a class="button button-primary" href="{url("ballot", open_round, "da")}">' in html
        html = client.get(budget_round.project.url).content.decode()
        assert f'<a class="button button-secondary" href="{url("ballot", budget_round, "da")}">' in html


class TestReviewSubmitReceipt:
    def choose(self, client, budget_round, *titles):
        ids = proposals_of(budget_round)
        data = {"proposal": [ids[title] for title in titles], "action": "review"}
        response = client.post(url("ballot", budget_round), data)
        assert response.status_code == 302 and response["Location"] == url("review", budget_round)

    def submit(self, client, budget_round, django_capture_on_commit_callbacks) -> Ballot:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url("review", budget_round))
        assert response.status_code == 302 and response["Location"] == url("receipt", budget_round)
        return Ballot.objects.get()

    def test_review_and_submit_give_a_receipt_and_an_email(
        self, signed_in, open_round, voter, citizen, django_capture_on_commit_callbacks
    ):
        """The review lists the choices and the total; Submit casts the ballot, shows the receipt code and e-mails
        it (after commit, through the task), without saying what was chosen."""
        self.choose(signed_in, open_round, "Bænke", "Træer")
        html = signed_in.get(url("review", open_round)).content.decode()
        assert html.count("<h1>") == 1
        assert "Bænke" in html and "Træer" in html and "Lys" not in html
        assert "1,700,000 kr." in html and "300,000 kr. left" in html
        assert "Submit my vote" in html and f'href="{url("ballot", open_round)}">Change my choices' in html

        ballot = self.submit(signed_in, open_round, django_capture_on_commit_callbacks)
        assert ballot.selections() == {pk: 1 for title, pk in proposals_of(open_round).items() if title != "Lys"}
        html = signed_in.get(url("receipt", open_round)).content.decode()
        assert "Your vote is counted" in html
        assert ballot.receipt in html and len(ballot.receipt) == 11
        assert url("receipt_check", open_round) in html

        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == [citizen.email]
        assert ballot.receipt in message.subject or ballot.receipt in message.body
        assert ballot.receipt in message.body and ballot.receipt in message.alternatives[0][0]
        assert "change your vote" in message.body and "/en/afstemning/" in message.body
        assert url("receipt_check", open_round) in message.body
        for title in ("Bænke", "Træer", "Lys"):
            assert title not in message.body and title not in message.alternatives[0][0]

    def test_changing_the_vote_gives_a_new_receipt_and_still_one_ballot(
        self, signed_in, open_round, voter, django_capture_on_commit_callbacks
    ):
        """Coming back, the ballot shows the vote cast; a new vote replaces it with a new receipt code."""
        ids = proposals_of(open_round)
        self.choose(signed_in, open_round, "Bænke")
        first = self.submit(signed_in, open_round, django_capture_on_commit_callbacks)

        html = signed_in.get(url("ballot", open_round)).content.decode()
        assert "You have voted." in html and "saved but not submitted" not in html
        assert f'id="proposal-{ids["Bænke"]}" checked' in html
        headers = {"X-Requested-With": "fetch"}
        signed_in.post(url("ballot", open_round), {"proposal": [ids["Træer"]], "action": "save"}, headers=headers)
        html = signed_in.get(url("ballot", open_round)).content.decode()
        assert "saved but not submitted: until you submit them, your earlier vote counts" in html
        assert f'id="proposal-{ids["Træer"]}" checked' in html
        self.choose(signed_in, open_round, "Træer", "Lys")
        assert "This vote replaces your earlier one" in signed_in.get(url("review", open_round)).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            signed_in.post(url("review", open_round))
        second = Ballot.objects.get()
        assert second.receipt_code != first.receipt_code
        assert second.selections() == {ids["Træer"]: 1, ids["Lys"]: 1}
        assert not selectors.ballot_by_receipt(round=open_round, code=first.receipt_code)
        html = signed_in.get(url("receipt", open_round)).content.decode()
        assert second.receipt in html and first.receipt not in html
        assert len(mail.outbox) == 2 and second.receipt in mail.outbox[1].body

    def test_after_the_count_nothing_ties_the_person_to_their_receipt_code(
        self, signed_in, open_round, voter, django_capture_on_commit_callbacks
    ):
        """The session never holds the code, and once the links are dropped at the count the receipt page
        no longer shows it (the code was shown and e-mailed when the vote was cast)."""
        from django.contrib.sessions.models import Session

        self.choose(signed_in, open_round, "Lys")
        ballot = self.submit(signed_in, open_round, django_capture_on_commit_callbacks)
        assert ballot.receipt in signed_in.get(url("receipt", open_round)).content.decode()
        for session in Session.objects.all():
            assert ballot.receipt_code not in str(session.get_decoded())
        services.round_close_links(round=open_round, at=AFTER)
        assert ballot.receipt not in signed_in.get(url("receipt", open_round)).content.decode()

    def test_the_receipt_code_never_comes_from_the_address(self, signed_in, open_round, voter):
        """Without a vote in this session the receipt page shows no code, whatever the address says."""
        BallotFactory(round=open_round, receipt_code="K7QFMX3PA9")
        html = signed_in.get(url("receipt", open_round) + "?code=K7QFMX3PA9").content.decode()
        assert "K7QFM-X3PA9" not in html
        assert "You have not voted in this round yet." in html

    def test_submitting_twice_does_not_fail(self, signed_in, open_round, voter, django_capture_on_commit_callbacks):
        """A second press on Submit (the draft already cast) goes to the receipt, and nothing changes."""
        self.choose(signed_in, open_round, "Lys")
        ballot = self.submit(signed_in, open_round, django_capture_on_commit_callbacks)
        response = signed_in.post(url("review", open_round))
        assert response["Location"] == url("receipt", open_round)
        assert Ballot.objects.get() == ballot

    @override_settings(PARTICIPATION_RATE_LIMITS={"ballot": "1/m"})
    def test_submitting_is_rate_limited(self, signed_in, open_round, voter, django_capture_on_commit_callbacks):
        """Casting a vote again and again is slowed down (429)."""
        self.choose(signed_in, open_round, "Lys")
        self.submit(signed_in, open_round, django_capture_on_commit_callbacks)
        self.choose(signed_in, open_round, "Træer")
        response = signed_in.post(url("review", open_round))
        assert response.status_code == 429
        assert Ballot.objects.get().selections() == {proposals_of(open_round)["Lys"]: 1}


class TestReceiptCheck:
    def test_a_receipt_code_is_found_or_not(self, client, open_round):
        """Anyone can check a code, typed in any case and with or without the dash."""
        BallotFactory(round=open_round, receipt_code="K7QFMX3PA9")
        html = client.get(url("receipt_check", open_round)).content.decode()
        assert html.count("<h1>") == 1 and '<label class="form-label" for="id_code">Receipt code' in html

        html = client.post(url("receipt_check", open_round), {"code": " k7qfm-x3pa9 "}).content.decode()
        assert "A ballot with this receipt code is in the count" in html and "K7QFM-X3PA9" in html
        html = client.post(url("receipt_check", open_round), {"code": "K7QFM-X3PA4"}).content.decode()
        assert "No ballot has this receipt code" in html

        response = client.post(url("receipt_check", open_round), {"code": "hej"})
        assert response.status_code == 400
        assert "A receipt code has 10 letters and digits" in response.content.decode()

    @override_settings(PARTICIPATION_RATE_LIMITS={"receipt_check": "3/m"})
    def test_checking_is_rate_limited(self, client, open_round):
        """Checking many codes quickly is slowed down, so that codes cannot be guessed."""
        statuses = [
            client.post(url("receipt_check", open_round), {"code": f"K7QFMX3PA{digit}"}).status_code
            for digit in "34679"
        ]
        assert statuses == [200, 200, 200, 429, 429]
