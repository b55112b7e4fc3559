"""Following a proposal from its page, to hear of its committee decision and its implementation.

Texts are checked on the English pages (/en/), whose strings are the source strings.
"""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from budgeting.models import ProposalFollow
from budgeting.rules import can
from budgeting.services.announce import announce_proposal_event
from participation.models import Notification, NotificationKind, NotificationPreference
from tests.budgeting.conftest import make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts from zero."""
    cache.clear()


@pytest.fixture
def proposal(budget_round):
    return make_proposal(budget_round, title="Træer på Runddelen")


def url(name: str, proposal, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"budgeting:{name}", kwargs={"pk": proposal.pk})


def page(client, proposal) -> str:
    return client.get(url("proposal_detail", proposal)).content.decode()


class TestFollowButton:
    def test_a_citizen_follows_and_stops_following_from_the_proposal_page(self, client, proposal, citizen):
        """Amira presses "Follow this proposal" on the English page: she is back on the page, told she follows it,
        and her e-mails are now in English; pressing "Stop following" undoes it."""
        client.force_login(citizen)
        html = page(client, proposal)
        assert f'action="{url("follow_proposal", proposal)}"' in html and "Follow this proposal" in html

        response = client.post(url("follow_proposal", proposal), {"next": url("proposal_detail", proposal)})
        assert response.status_code == 302 and response["Location"] == url("proposal_detail", proposal)
        follow = ProposalFollow.objects.get(user=citizen, proposal=proposal)
        assert follow.language == "en"
        assert NotificationPreference.objects.get(user=citizen).language == "en"
        html = client.get(response["Location"]).content.decode()
        assert "You now follow “Træer på Runddelen”." in html
        assert "You follow this proposal." in html and f'action="{url("unfollow_proposal", proposal)}"' in html

        response = client.post(url("unfollow_proposal", proposal))
        assert response.status_code == 302 and response["Location"] == url("proposal_detail", proposal)
        assert not ProposalFollow.objects.filter(user=citizen).exists()
        assert "You no longer follow “Træer på Runddelen”." in client.get(response["Location"]).content.decode()

    def test_following_twice_is_one_follow(self, client, proposal, citizen):
        client.force_login(citizen)
        client.post(url("follow_proposal", proposal))
        client.post(url("follow_proposal", proposal))
        assert ProposalFollow.objects.filter(user=citizen, proposal=proposal).count() == 1

    def test_a_follower_is_told_of_the_decision(self, client, django_capture_on_commit_callbacks, proposal, citizen):
        """Following from the page is what makes the committee's decision reach Amira, in the site and by e-mail."""
        client.force_login(citizen)
        client.post(url("follow_proposal", proposal))
        with django_capture_on_commit_callbacks(execute=True):
            announce_proposal_event(proposal=proposal, kind="proposal_decided", detail="Approved")
        (notification,) = Notification.objects.filter(user=citizen, kind=NotificationKind.PROPOSAL_DECIDED)
        assert notification.url == url("proposal_detail", proposal)
        assert [message.to for message in mail.outbox] == [[citizen.email]]

    def test_a_visitor_gets_a_sign_in_link_that_returns_to_the_proposal(self, client, proposal):
        html = page(client, proposal)
        with translation.override("en"):
            login = reverse("account_login")
        assert f'href="{login}?next={url("proposal_detail", proposal)}"' in html
        assert "Sign in to follow this proposal" in html
        assert 'action="' + url("follow_proposal", proposal) not in html

    def test_a_visitor_who_posts_is_sent_to_sign_in_and_back(self, client, proposal):
        response = client.post(url("follow_proposal", proposal))
        with translation.override("en"):
            login = reverse("account_login")
        assert response.status_code == 302
        assert response["Location"] == f"{login}?next={url('proposal_detail', proposal)}"
        assert not ProposalFollow.objects.exists()

    def test_without_the_csrf_token_nothing_happens(self, proposal, citizen):
        client = Client(enforce_csrf_checks=True)
        client.force_login(citizen)
        assert client.post(url("follow_proposal", proposal)).status_code == 403
        assert not ProposalFollow.objects.exists()

    def test_only_post(self, client, proposal, citizen):
        client.force_login(citizen)
        assert client.get(url("follow_proposal", proposal)).status_code == 405
        assert client.get(url("unfollow_proposal", proposal)).status_code == 405

    def test_next_must_be_a_page_of_this_site(self, client, proposal, citizen):
        client.force_login(citizen)
        response = client.post(url("follow_proposal", proposal), {"next": "https://evil.example/"})
        assert response["Location"] == url("proposal_detail", proposal)

    def test_unknown_proposals_and_unpublished_projects_are_not_found(self, client, proposal, citizen):
        client.force_login(citizen)
        assert client.post(url("follow_proposal", proposal).replace(str(proposal.pk), "999999")).status_code == 404
        proposal.round.project.unpublish()
        assert client.post(url("follow_proposal", proposal)).status_code == 404
        assert not ProposalFollow.objects.exists()

    @override_settings(PARTICIPATION_RATE_LIMITS={"follow": "3/m"})
    def test_following_is_rate_limited(self, client, proposal, citizen):
        """Following and unfollowing over and over is paused with a page that says so."""
        client.force_login(citizen)
        for action in ("follow_proposal", "unfollow_proposal", "follow_proposal"):
            assert client.post(url(action, proposal)).status_code == 302
        response = client.post(url("unfollow_proposal", proposal))
        assert response.status_code == 429 and response["Retry-After"] == "3600"
        assert ProposalFollow.objects.filter(user=citizen).exists()


class TestWhoMayFollow:
    def test_signed_in_active_people_may_follow_and_no_one_else(
        self, proposal, citizen, case_officer, editor, django_user_model
    ):
        from django.contrib.auth.models import AnonymousUser

        closed = django_user_model.objects.create_user(email="lukket@example.dk", password="pw", is_active=False)
        assert can(citizen, "follow", proposal)
        assert can(case_officer, "follow", proposal)
        assert can(editor, "follow", proposal)
        assert not can(AnonymousUser(), "follow", proposal)
        assert not can(closed, "follow", proposal)
        with pytest.raises(TypeError):
            can(citizen, "follow", proposal.round)
