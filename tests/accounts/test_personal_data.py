"""A person's data: what the platform holds about them ("My data", as a page and as a JSON file), and deleting their
account, keeping or removing what they wrote, with votes that stay counted and can no longer be linked to them."""

import json
from dataclasses import dataclass

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from accounts import personal_data
from budgeting import services as budget_services
from budgeting.eligibility import Code, Decision
from budgeting.models import (
    AuditAction,
    Ballot,
    CommitteeAuditEntry,
    CommitteeDecision,
    CommitteeMembership,
    CommitteeRole,
    ConflictOfInterest,
    DecisionKind,
    Implementation,
    ImplementationStatus,
    ImplementationUpdate,
    ProposalFollow,
    TallyResult,
    Voter,
)
from maps.models import LocalCommittee
from participation import notifications, services
from participation.models import (
    AnswerStatus,
    Comment,
    EmailFrequency,
    Follow,
    Idea,
    IdeaVersion,
    Notification,
    NotificationKind,
    NotificationPreference,
    Report,
    Support,
)
from participation.personal_data import DELETED_COMMENT_TEXT, DELETED_IDEA_TEXT, DELETED_IDEA_TITLE
from tests.participation.conftest import RUNDDEL, days

pytestmark = pytest.mark.django_db

PASSWORD = "pw"  # the participation fixtures' password
MITID_SUBJECT = "mitid-subject-4711"


@pytest.fixture(autouse=True)
def _english():
    """Texts are asserted in English, the language they are written in (Danish comes with the translations)."""
    with translation.override("en"):
        yield


def en(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def in_danish(text) -> str:
    """A notice as it is stored: in the site's default language."""
    with translation.override("da"):
        return str(text)


def as_json(data) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)


def decision(district, identity: str) -> Decision:
    return Decision(code=Code.ELIGIBLE, district=district, identity_hash=identity)


def vote(budget_round, user, district, identity: str, proposals) -> Ballot:
    """The person shows an identity (census list or MitID, as a hash) and votes for these proposals."""
    voter = budget_services.voter_verify(round=budget_round, user=user, decision=decision(district, identity))
    return budget_services.ballot_submit(voter=voter, selections={proposal.pk: 1 for proposal in proposals})


@dataclass
class Scene:
    amira: object
    jens: object
    idea: Idea
    jens_idea: Idea
    comment: Comment
    jens_comment: Comment
    ballot: Ballot


@pytest.fixture
def scene(
    ideas_project, open_round, citizen, other_citizen, tmf, norrebro, django_capture_on_commit_callbacks
) -> Scene:
    """Amira has written, edited and photographed an idea the administration answered, commented on and supported
    Jens's idea, reported it, follows the project, chose weekly e-mails, connected MitID, voted in the open round
    and follows a proposal. Jens has done his own things."""
    amira, jens = citizen, other_citizen
    EmailAddress.objects.create(user=amira, email=amira.email, verified=True, primary=True)
    EmailAddress.objects.create(user=jens, email=jens.email, verified=True, primary=True)
    SocialAccount.objects.create(user=amira, provider="mitid", uid=MITID_SUBJECT)
    idea = services.idea_submit(
        project=ideas_project, author=amira, title="Bænke ved Runddelen", description="Flere bænke, tak.",
        latitude=RUNDDEL[0], longitude=RUNDDEL[1],
    )  # fmt: skip
    idea = services.idea_edit(idea=idea, title="Bænke ved Nørrebros Runddel", description="Flere bænke i skyggen, tak.")
    idea.photo.save("baenk.jpg", ContentFile(b"not really a jpeg"), save=True)
    jens_idea = services.idea_submit(
        project=ideas_project, author=jens, title="Jens' legeplads", description="En legeplads, skrevet af Jens."
    )
    comment = services.comment_create(idea=jens_idea, author=amira, text="Amiras kommentar om legepladsen.")
    jens_comment = services.comment_create(idea=jens_idea, author=jens, text="Jens' egen kommentar.")
    services.support_toggle(idea=jens_idea, user=amira)
    services.support_toggle(idea=jens_idea, user=jens)
    services.report_create(reporter=amira, reason="Amiras grund til at rapportere.", idea=jens_idea)
    notifications.follow(user=amira, project=ideas_project)
    with django_capture_on_commit_callbacks(execute=True):  # Amira is told of the answer
        services.idea_answer(idea=idea, status=AnswerStatus.PLANNED, text="Planlagt i 2027.", administration=tmf)
    NotificationPreference.objects.filter(user=amira).update(email_frequency=EmailFrequency.WEEKLY)
    benches, trees, lights = open_round.proposals.order_by("code")
    ballot = vote(open_round, amira, norrebro, "a" * 64, [benches, lights])
    ProposalFollow.objects.create(user=amira, proposal=trees, language="da")
    return Scene(amira, jens, idea, jens_idea, comment, jens_comment, ballot)


# The export -----------------------------------------------------------------------------------------------------


def test_the_export_holds_everything_the_person_did(scene):
    """Each kind of data the person created is in the export, in plain values under stable keys."""
    data = personal_data.export_all(scene.amira)
    sections = data["sections"]
    assert data["format"] == "sammen-om-byen/personal-data"
    assert list(sections)[:3] == ["account.account", "account.email_addresses", "account.connected_services"]

    def items(key):
        return sections[key]["items"]

    (account,) = items("account.account")
    assert account["email"] == "amira@example.dk"
    assert items("account.email_addresses") == [{"email": "amira@example.dk", "verified": True, "primary": True}]
    assert [item["provider"] for item in items("account.connected_services")] == ["mitid"]

    (idea,) = items("participation.ideas")
    assert (idea["title"], idea["description"]) == ("Bænke ved Nørrebros Runddel", "Flere bænke i skyggen, tak.")
    assert [(v["title"], v["description"]) for v in idea["versions"]] == [("Bænke ved Runddelen", "Flere bænke, tak.")]
    assert idea["photo_url"].startswith("http") and idea["photo_url"].endswith(scene.idea.photo.url)
    assert (idea["latitude"], idea["longitude"], idea["district"]) == (RUNDDEL[0], RUNDDEL[1], "Nørrebro")
    assert (idea["answer_status"], idea["answer_text"]) == ("Already planned", "Planlagt i 2027.")
    assert idea["url"].endswith(scene.idea.get_absolute_url())
    assert [c["text"] for c in items("participation.comments")] == ["Amiras kommentar om legepladsen."]
    assert [s["idea"] for s in items("participation.supports")] == ["Jens' legeplads"]
    assert [r["reason"] for r in items("participation.reports")] == ["Amiras grund til at rapportere."]
    assert {f["title"] for f in items("participation.follows")} == {
        "Et grønnere Nørrebro",
        "Bænke ved Nørrebros Runddel",
    }
    assert [n["text"] for n in items("participation.notifications")] == [
        "“Bænke ved Nørrebros Runddel” has been answered: Already planned."
    ]
    (preference,) = items("participation.email_settings")
    assert preference["email_frequency"] == "One e-mail a week with everything"

    (voter,) = items("budgeting.votes")
    assert (voter["round"], voter["district"], voter["identity_checked"]) == ("Borgerbudget nu", "Nørrebro", True)
    assert voter["status"].startswith("You have voted. Until voting closes you can change your vote")
    assert [f["proposal"] for f in items("budgeting.proposal_follows")] == ["Træer"]
    # Every section has a human title and a label for each key its items use.
    for key, value in sections.items():
        assert value["title"], key
        for item in value["items"]:
            assert set(item) <= set(value["fields"]), key
    json.loads(as_json(data))


def test_the_export_holds_nothing_of_others_and_no_secrets(scene):
    """Nothing another person wrote is in the export; nor what the person voted for, their receipt code, their
    identity hash, their password hash or the MitID subject id."""
    text = as_json(personal_data.export_all(scene.amira))
    for other in ("jens@example.dk", "En legeplads, skrevet af Jens.", "Jens' egen kommentar."):
        assert other not in text
    for secret in (scene.ballot.receipt_code, "a" * 64, scene.amira.password, MITID_SUBJECT, '"Bænke"', '"Lys"'):
        assert secret not in text
    assert "Amiras" not in as_json(personal_data.export_all(scene.jens))


def _many(project, author, count: int) -> None:
    """`count` of each thing a person leaves behind: ideas with an earlier version, comments, supports, reports,
    follows and notifications."""
    for number in range(count):
        idea = Idea.objects.create(project=project, author=author, title=f"Idé {number}", description="Tekst.")
        IdeaVersion.objects.create(idea=idea, title="Før", description="Før.")
        Comment.objects.create(idea=idea, author=author, text=f"Kommentar {number}")
        Support.objects.create(idea=idea, user=author)
        Report.objects.create(idea=idea, reporter=author, reason="Grund.")
        Follow.objects.create(idea=idea, user=author)
        Notification.objects.create(
            user=author, kind=NotificationKind.ANSWERED, idea=idea, project=project, answer_status=AnswerStatus.PLANNED
        )


def test_the_export_costs_the_same_queries_for_1_or_50_of_everything(ideas_project, citizen, other_citizen):
    _many(ideas_project, citizen, 1)
    _many(ideas_project, other_citizen, 50)
    counts = []
    for person in (citizen, other_citizen):
        with CaptureQueriesContext(connection) as queries:
            data = personal_data.export_all(person)
        counts.append(len(queries))
    assert len(data["sections"]["participation.ideas"]["items"]) == 50
    assert counts[0] == counts[1]


def test_staff_sections_appear_only_for_those_who_have_them(scene):
    """A citizen's export has no empty committee or staff sections."""
    assert not [key for key in personal_data.export_all(scene.amira)["sections"] if "committee" in key]


def test_my_data_page_reads_the_export_out_section_by_section(client, scene):
    """The page shows every section under its own heading, the person's texts, and the download."""
    client.force_login(scene.amira)
    response = client.get(en("accounts:personal_data"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html and "<h1>My data</h1>" in html
    for section in personal_data.export_all(scene.amira)["sections"].values():
        assert f">{escape(section['title'])}</h2>" in html
    assert "Flere bænke i skyggen, tak." in html and "Amiras grund til at rapportere." in html
    assert f'href="{en("accounts:personal_data_json")}"' in html
    assert f'href="{en("accounts:account_delete")}"' in html
    assert "En legeplads, skrevet af Jens." not in html
    assert "no-store" in response["Cache-Control"]


def test_the_header_links_to_my_data(client, scene, home_page):
    client.force_login(scene.amira)
    assert f'href="{en("accounts:personal_data")}"' in client.get("/en/").content.decode()


def test_the_json_file_is_a_download_of_the_same_data(client, scene):
    client.force_login(scene.amira)
    response = client.get(en("accounts:personal_data_json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="sammen-om-byen-mine-data-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["sections"]["participation.ideas"]["items"][0]["title"] == "Bænke ved Nørrebros Runddel"
    assert data["sections"]["participation.ideas"]["title"] == "Ideas"


@pytest.mark.parametrize("name", ["accounts:personal_data", "accounts:personal_data_json", "accounts:account_delete"])
def test_signed_out_visitors_are_sent_to_sign_in(client, name):
    response = client.get(en(name))
    assert response.status_code == 302
    assert response["Location"].startswith(en("account_login"))


def test_downloads_are_rate_limited(client, scene):
    cache.clear()
    client.force_login(scene.amira)
    with override_settings(ACCOUNTS_RATE_LIMITS={"export": "1/m", "delete": "1000/m"}):
        assert client.get(en("accounts:personal_data_json")).status_code == 200
        response = client.get(en("accounts:personal_data_json"))
    assert response.status_code == 429
    assert "You have downloaded your data many times in a short while." in response.content.decode()


# Deleting the account: the form ---------------------------------------------------------------------------------


def test_deleting_signs_out_everywhere_and_says_it_is_done(scene):
    """After deleting, the person is signed out in this browser and on their other devices, and told it is done."""
    here, phone = Client(), Client()
    here.force_login(scene.amira)
    phone.force_login(scene.amira)
    assert Session.objects.count() == 2
    response = here.post(en("accounts:account_delete"), {"contributions": "keep", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == en("accounts:account_deleted")
    assert not get_user_model().objects.filter(pk=scene.amira.pk).exists()
    assert not Session.objects.filter(expire_date__gt=timezone.now()).exclude(session_key=here.session.session_key)
    page = here.get(response["Location"])
    assert "Your account has been deleted" in page.content.decode()
    assert not page.context["user"].is_authenticated
    assert not phone.get("/en/konto/mine-data/").wsgi_request.user.is_authenticated
    assert not EmailAddress.objects.filter(email="amira@example.dk").exists()
    assert not SocialAccount.objects.filter(uid=MITID_SUBJECT).exists()
    assert EmailAddress.objects.filter(email="jens@example.dk").exists()


def test_a_wrong_password_deletes_nothing_and_keeps_the_choice(client, scene):
    client.force_login(scene.amira)
    response = client.post(en("accounts:account_delete"), {"contributions": "keep", "password": "forkert"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: " in html
    assert "The password is not right." in html
    assert 'value="keep" checked' in html
    assert get_user_model().objects.filter(pk=scene.amira.pk).exists()


def test_the_choice_for_ideas_and_comments_must_be_made(client, scene):
    client.force_login(scene.amira)
    response = client.post(en("accounts:account_delete"), {"password": PASSWORD})
    assert response.status_code == 400
    assert "Choose what happens to your ideas and comments." in response.content.decode()
    assert get_user_model().objects.filter(pk=scene.amira.pk).exists()


def test_the_page_explains_what_happens_to_votes(client, scene):
    client.force_login(scene.amira)
    html = client.get(en("accounts:account_delete")).content.decode()
    assert "a ballot you have sent stays in the vote and is counted" in html
    assert 'type="password"' in html and 'autocomplete="current-password"' in html


def test_an_account_without_a_password_confirms_with_its_e_mail_address(client, scene):
    scene.amira.set_unusable_password()
    scene.amira.save()
    client.force_login(scene.amira)
    response = client.post(en("accounts:account_delete"), {"contributions": "remove", "email": "jens@example.dk"})
    assert response.status_code == 400
    response = client.post(en("accounts:account_delete"), {"contributions": "remove", "email": "Amira@Example.dk "})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=scene.amira.pk).exists()


def test_the_form_needs_its_csrf_token(scene):
    client = Client(enforce_csrf_checks=True)
    client.force_login(scene.amira)
    response = client.post(en("accounts:account_delete"), {"contributions": "keep", "password": PASSWORD})
    assert response.status_code == 403
    assert get_user_model().objects.filter(pk=scene.amira.pk).exists()


def test_attempts_are_rate_limited_and_the_password_is_not_checked_past_the_limit(client, scene):
    cache.clear()
    client.force_login(scene.amira)
    with override_settings(ACCOUNTS_RATE_LIMITS={"export": "1000/m", "delete": "2/m"}):
        for _attempt in range(2):
            assert (
                client.post(en("accounts:account_delete"), {"contributions": "keep", "password": "x"}).status_code
                == 400
            )
        response = client.post(en("accounts:account_delete"), {"contributions": "keep", "password": PASSWORD})
    assert response.status_code == 429
    assert "Wait an hour and try again." in response.content.decode()
    assert 'value="keep" checked' in response.content.decode()
    assert get_user_model().objects.filter(pk=scene.amira.pk).exists()


def test_an_administrator_is_sent_to_another_administrator(client, django_user_model):
    admin = django_user_model.objects.create_superuser(email="admin@kk.dk", password=PASSWORD)
    client.force_login(admin)
    response = client.post(en("accounts:account_delete"), {"contributions": "keep", "password": PASSWORD})
    assert "cannot be deleted here" in response.content.decode()
    assert django_user_model.objects.filter(pk=admin.pk).exists()


# Deleting the account: what they wrote --------------------------------------------------------------------------


def test_kept_ideas_and_comments_show_deleted_user(client, scene):
    """Kept contributions stay public as they were, shown as written by a deleted user; supports, follows,
    notifications and e-mail settings go, reports stay without the reporter, and the support count drops by one at
    once."""
    amira_id = scene.amira.pk
    client.force_login(scene.amira)
    client.post(en("accounts:account_delete"), {"contributions": "keep", "password": PASSWORD})

    idea = Idea.objects.get(pk=scene.idea.pk)
    assert (idea.author, idea.title, idea.versions.count()) == (None, "Bænke ved Nørrebros Runddel", 1)
    html = client.get(en("participation:idea_detail", pk=idea.pk)).content.decode()
    assert "Flere bænke i skyggen, tak." in html
    assert "<dt>Written by</dt><dd>deleted user</dd>" in html
    html = client.get(en("participation:idea_detail", pk=scene.jens_idea.pk)).content.decode()
    assert "Amiras kommentar om legepladsen." in html and "deleted user" in html
    assert "1 person supports this" in html
    for model, field in ((Support, "user_id"), (Follow, "user_id"), (Notification, "user_id"), (Report, "reporter_id")):
        assert not model.objects.filter(**{field: amira_id}).exists(), model
    assert not NotificationPreference.objects.filter(user_id=amira_id).exists()
    assert Support.objects.filter(user=scene.jens).exists()
    # The report stays in the moderators' queue, by nobody.
    assert list(Report.objects.filter(idea=scene.jens_idea).values_list("reporter_id", "reason")) == [
        (None, "Amiras grund til at rapportere.")
    ]


def test_removed_ideas_and_comments_are_gone(client, scene, django_capture_on_commit_callbacks):
    """Removing deletes what nobody else built on, and the photo file with it."""
    lonely = services.idea_submit(
        project=scene.idea.project, author=scene.amira, title="Kun Amiras idé", description="Ingen har svaret."
    )
    lonely.photo.save("alene.jpg", ContentFile(b"photo"), save=True)
    reply = services.comment_create(
        idea=scene.jens_idea, author=scene.amira, text="Amiras svar til Jens.", parent=scene.jens_comment
    )
    storage = Idea._meta.get_field("photo").storage
    photo = lonely.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.delete_account(scene.amira, keep_contributions=False)
    assert not Idea.objects.filter(pk=lonely.pk).exists()
    assert not storage.exists(photo)
    assert not Comment.objects.filter(pk__in=[scene.comment.pk, reply.pk]).exists()
    assert client.get(en("participation:idea_detail", pk=lonely.pk)).status_code == 404
    html = client.get(en("participation:idea_detail", pk=scene.jens_idea.pk)).content.decode()
    assert "Amiras" not in html
    assert "Jens&#x27; egen kommentar." in html
    # An idea nobody else commented on, merged into or made a proposal from is deleted however it was answered.
    assert not Idea.objects.filter(pk=scene.idea.pk).exists()


def test_removed_texts_that_others_built_on_leave_a_notice(client, scene, django_capture_on_commit_callbacks):
    """An idea others commented on, merged theirs into or made a proposal from, and a comment others replied to,
    keep their place, so the replies, the answer and the proposal still read right; the text, photo, point and
    earlier versions go."""
    jens_on_idea = services.comment_create(idea=scene.idea, author=scene.jens, text="Jens bakker op om bænkene.")
    jens_reply = services.comment_create(
        idea=scene.jens_idea, author=scene.jens, text="Jens svarer Amira.", parent=scene.comment
    )
    duplicate_of = services.idea_submit(
        project=scene.idea.project, author=scene.amira, title="Amiras træer", description="Træer langs Nørrebrogade."
    )
    jens_duplicate = services.idea_submit(
        project=scene.idea.project, author=scene.jens, title="Jens' træer", description="Også træer."
    )
    services.idea_merge(duplicate=jens_duplicate, keep=duplicate_of)
    in_proposal = services.idea_submit(
        project=scene.idea.project, author=scene.amira, title="Amiras lys", description="Lys i parken."
    )
    proposal = Ballot.objects.get(pk=scene.ballot.pk).choices.first().proposal
    proposal.ideas.add(in_proposal)
    photo = scene.idea.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.delete_account(scene.amira, keep_contributions=False)

    for pk in (scene.idea.pk, duplicate_of.pk, in_proposal.pk):
        kept = Idea.objects.get(pk=pk)
        assert (kept.author, kept.title, kept.description) == (
            None,
            in_danish(DELETED_IDEA_TITLE),
            in_danish(DELETED_IDEA_TEXT),
        )
        assert (kept.photo.name, kept.latitude, kept.longitude, kept.versions.count()) == ("", None, None, 0)
    assert not Idea._meta.get_field("photo").storage.exists(photo)
    assert Idea.objects.get(pk=jens_duplicate.pk).merged_into_id == duplicate_of.pk
    assert list(proposal.ideas.all()) == [Idea.objects.get(pk=in_proposal.pk)]
    kept = Idea.objects.get(pk=scene.idea.pk)
    assert (kept.answer_status, kept.answer_text) == (AnswerStatus.PLANNED, "Planlagt i 2027.")
    html = client.get(en("participation:idea_detail", pk=kept.pk)).content.decode()
    assert "Jens bakker op om bænkene." in html and "Planlagt i 2027." in html
    assert "Flere bænke" not in html and "baenk" not in html

    blanked = Comment.objects.get(pk=scene.comment.pk)
    assert (blanked.author, blanked.text) == (None, in_danish(DELETED_COMMENT_TEXT))
    assert Comment.objects.filter(pk__in=[jens_on_idea.pk, jens_reply.pk, scene.jens_comment.pk]).count() == 3
    html = client.get(en("participation:idea_detail", pk=scene.jens_idea.pk)).content.decode()
    assert "Amiras kommentar" not in html and "Jens svarer Amira." in html


# Deleting the account: votes ------------------------------------------------------------------------------------


def _results(budget_round) -> list[tuple]:
    return list(
        TallyResult.objects.filter(tally__round=budget_round)
        .order_by("proposal_id")
        .values_list("proposal_id", "votes_online", "selected")
    )


def test_a_counted_ballot_stays_counted(open_round, citizen, other_citizen, norrebro):
    """After the count, deleting an account changes no result, no ballot and no turnout."""
    benches, trees, lights = open_round.proposals.order_by("code")
    vote(open_round, citizen, norrebro, "a" * 64, [benches, lights])
    vote(open_round, other_citizen, norrebro, "b" * 64, [trees])
    budget_services.round_tally(round=open_round, at=days(10))
    results, ballots = _results(open_round), sorted(Ballot.objects.values_list("pk", "receipt_code"))

    personal_data.delete_account(citizen, keep_contributions=False)

    assert _results(open_round) == results
    assert sorted(Ballot.objects.values_list("pk", "receipt_code")) == ballots
    assert Voter.objects.filter(round=open_round, voted=True).count() == 2
    assert not Voter.objects.filter(round=open_round, ballot__isnull=False).exists()
    assert Voter.objects.get(census_hash="a" * 64).user is None


def test_an_uncounted_ballot_stays_in_the_vote_and_points_to_nobody(open_round, citizen, other_citizen, norrebro):
    """A ballot sent before the count stays and is counted, but no row links it, or a day, to the person."""
    benches, trees, lights = open_round.proposals.order_by("code")
    ballot = vote(open_round, citizen, norrebro, "a" * 64, [benches, lights])
    vote(open_round, other_citizen, norrebro, "b" * 64, [trees, lights])

    personal_data.delete_account(citizen, keep_contributions=True)

    assert Ballot.objects.filter(pk=ballot.pk).exists()
    voter = Voter.objects.get(round=open_round, census_hash="a" * 64)
    assert (voter.user, voter.ballot, voter.draft, voter.voted) == (None, None, {}, True)
    assert voter.created_on == days(-5)  # the first day of voting, as the count leaves every voter
    assert not Voter.objects.filter(ballot=ballot).exists()
    stored = budget_services.round_tally(round=open_round, at=days(10))
    votes = {result.proposal_id: result.votes_online for result in stored.results.all()}
    assert votes == {benches.pk: 1, trees.pk: 1, lights.pk: 2}


def test_the_same_identity_cannot_vote_again_with_a_new_account(open_round, citizen, norrebro, django_user_model):
    """Whoever voted with a checked identity (census list or MitID) cannot take part again after deleting."""
    benches, _trees, _lights = open_round.proposals.order_by("code")
    vote(open_round, citizen, norrebro, "a" * 64, [benches])
    personal_data.delete_account(citizen, keep_contributions=True)
    newcomer = django_user_model.objects.create_user(email="amira@example.dk", password=PASSWORD)
    with pytest.raises(ValidationError) as refused:
        budget_services.voter_verify(round=open_round, user=newcomer, decision=decision(norrebro, "a" * 64))
    assert refused.value.code == Code.IDENTITY_USED


def test_a_draft_and_an_unused_check_are_forgotten(open_round, citizen, norrebro, django_user_model):
    """Someone who had not voted is forgotten by the round, draft and all, and may take part later."""
    benches, _trees, _lights = open_round.proposals.order_by("code")
    voter = budget_services.voter_verify(round=open_round, user=citizen, decision=decision(norrebro, "a" * 64))
    budget_services.draft_save(voter=voter, selections={benches.pk: 1})
    personal_data.delete_account(citizen, keep_contributions=True)
    assert not Voter.objects.filter(round=open_round).exists()
    newcomer = django_user_model.objects.create_user(email="amira@example.dk", password=PASSWORD)
    budget_services.voter_verify(round=open_round, user=newcomer, decision=decision(norrebro, "a" * 64))


# Deleting the account: staff and committee records --------------------------------------------------------------


@pytest.fixture
def committee_records(open_round, citizen, case_officer, tmf):
    """Hanne chairs Nørrebro's local committee, declared a conflict on one proposal and recorded and confirmed a
    decision on another, which a case officer is carrying out and wrote an update about."""
    hanne = citizen
    hanne.first_name, hanne.last_name = "Hanne", "Holm"
    hanne.save()
    committee = LocalCommittee.objects.get(name="Nørrebro")
    benches, trees, _lights = open_round.proposals.order_by("code")
    now = timezone.now()
    CommitteeMembership.objects.create(committee=committee, user=hanne, role=CommitteeRole.CHAIR)
    conflict = ConflictOfInterest.objects.create(
        proposal=benches, member=hanne, member_name="Hanne Holm", reason="Min forening søgte.", declared_at=now
    )
    decided = CommitteeDecision.objects.create(
        proposal=trees, committee=committee, kind=DecisionKind.APPROVE, reason="Godt for kvarteret.",
        recorded_by=hanne, recorded_at=now, confirmed_by=hanne, confirmed_at=now,
    )  # fmt: skip
    audit = CommitteeAuditEntry.objects.create(
        committee=committee, proposal=trees, actor=hanne, actor_name="Hanne Holm",
        action=AuditAction.DECISION_RECORDED, details={"kind": DecisionKind.APPROVE},
    )  # fmt: skip
    implementation = Implementation.objects.create(proposal=trees, administration=tmf)
    update = ImplementationUpdate.objects.create(
        implementation=implementation, date=days(0), text="Træerne er bestilt.",
        status=ImplementationStatus.IN_PROGRESS, progress=20, author=case_officer,
    )  # fmt: skip
    return hanne, conflict, decided, audit, update


def test_committee_and_staff_work_is_in_their_export(committee_records, case_officer):
    hanne, *_records = committee_records
    sections = personal_data.export_all(hanne)["sections"]
    assert [m["role"] for m in sections["budgeting.committee_memberships"]["items"]] == ["Chair"]
    assert [c["reason"] for c in sections["budgeting.conflicts_of_interest"]["items"]] == ["Min forening søgte."]
    (decided,) = sections["budgeting.committee_decisions"]["items"]
    assert (decided["decision"], decided["part"]) == ("Approved", "recorded it, confirmed it as chair")
    assert [a["action"] for a in sections["budgeting.committee_audit"]["items"]] == ["Decision recorded"]
    updates = personal_data.export_all(case_officer)["sections"]["budgeting.implementation_updates"]["items"]
    assert [u["text"] for u in updates] == ["Træerne er bestilt."]


def test_public_records_stay_when_their_authors_delete_their_accounts(committee_records, case_officer):
    """Decisions, conflict declarations, the audit trail and implementation updates are public or legal records: they
    stay, with the name as written; the membership ends, and the audit trail says so."""
    hanne, conflict, decided, audit, update = committee_records
    personal_data.delete_account(hanne, keep_contributions=False)
    personal_data.delete_account(case_officer, keep_contributions=False)

    conflict.refresh_from_db()
    assert (conflict.member, conflict.member_name, conflict.reason) == (None, "Hanne Holm", "Min forening søgte.")
    decided.refresh_from_db()
    assert (decided.recorded_by, decided.confirmed_by, decided.is_final) == (None, None, True)
    audit.refresh_from_db()
    assert (audit.actor, audit.actor_name) == (None, "Hanne Holm")
    removed = CommitteeAuditEntry.objects.get(action=AuditAction.MEMBER_REMOVED)
    assert (removed.actor_name, removed.details["member"], removed.details["role"]) == (
        "Hanne Holm",
        "Hanne Holm",
        "chair",
    )
    assert not CommitteeMembership.objects.exists()
    update.refresh_from_db()
    assert (update.author, update.text) == (None, "Træerne er bestilt.")
