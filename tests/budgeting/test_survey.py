"""The optional, anonymous question after voting: asked once on the receipt page, answered or skipped, stored
without anything that links it to the voter or their ballot, rate-limited, and working without JavaScript.

Texts are checked on the English pages (/en/), whose strings are the source strings.
"""

import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from budgeting import services
from budgeting.models import AgeBand, FirstTime, SurveyAnswer, Voter
from budgeting.services.survey import survey_answer

pytestmark = pytest.mark.django_db

QUESTION = "One last question, if you like"


def url(name: str, budget_round, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"budgeting:{name}", kwargs={"round_id": budget_round.pk})


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def vote(budget_round, user, district) -> Voter:
    voter = services.voter_for(round=budget_round, user=user, district=district)
    first = budget_round.proposals.order_by("pk").first()
    services.ballot_submit(voter=voter, selections={first.pk: 1})
    return voter


@pytest.fixture
def voted(open_round, citizen, norrebro, client) -> Voter:
    """The citizen lives in Nørrebro, has voted and is signed in."""
    client.force_login(citizen)
    return vote(open_round, citizen, norrebro)


def test_the_receipt_asks_the_question_and_says_why_and_that_it_is_anonymous(client, open_round, voted):
    """After voting the receipt page offers the question: age and first time, each optional, with a Skip button,
    a sentence on why it is asked and that it is anonymous; it posts to the question's own address."""
    html = client.get(url("receipt", open_round)).content.decode()
    assert QUESTION in html
    assert "see whom the city does not reach" in html
    assert "The answer is anonymous" in html
    assert f'action="{url("survey", open_round)}"' in html
    for band in AgeBand.values:
        assert f'value="{band}"' in html
    assert 'name="first_time"' in html and 'value="yes"' in html and 'value="no"' in html
    assert 'name="action" value="skip"' in html and "Skip the question" in html
    assert "required" not in re.search(r'<form method="post" action="[^"]*spoergsmaal.*?</form>', html, re.S).group()


def test_an_answer_is_stored_with_round_district_and_day_only(client, open_round, voted, norrebro):
    """Sending the answer stores the age band and first time with the round, the voter's district and today, marks
    the voter as asked, and thanks them; the receipt no longer asks."""
    response = client.post(url("survey", open_round), {"age_band": "25-34", "first_time": "yes", "action": "answer"})
    assert response.status_code == 302 and response["Location"] == url("receipt", open_round)
    answer = SurveyAnswer.objects.get()
    assert (answer.round, answer.district, answer.age_band, answer.first_time) == (open_round, norrebro, "25-34", "yes")
    assert answer.answered_on == timezone.localdate()
    voted.refresh_from_db()
    assert voted.surveyed
    html = client.get(url("receipt", open_round)).content.decode()
    assert "Thank you for your answer" in html
    assert QUESTION not in html


def test_one_part_may_be_left_blank(client, open_round, voted):
    """Answering only the age leaves the other part blank."""
    client.post(url("survey", open_round), {"age_band": "65+", "action": "answer"})
    answer = SurveyAnswer.objects.get()
    assert (answer.age_band, answer.first_time) == ("65+", "")


def test_skipping_stores_nothing_and_is_not_asked_again(client, open_round, voted):
    """Skip stores no answer, but the question is not asked again."""
    response = client.post(url("survey", open_round), {"action": "skip"})
    assert response.status_code == 302
    assert not SurveyAnswer.objects.exists()
    voted.refresh_from_db()
    assert voted.surveyed
    html = client.get(url("receipt", open_round)).content.decode()
    assert "You skipped the question" in html and QUESTION not in html


def test_skip_ignores_whatever_else_was_sent(client, open_round, voted):
    """Skip wins over chosen (even broken) answers: nothing is stored and no error is shown."""
    response = client.post(url("survey", open_round), {"age_band": "nope", "first_time": "yes", "action": "skip"})
    assert response.status_code == 302
    assert not SurveyAnswer.objects.exists()


def test_a_voter_answers_once(client, open_round, voted):
    """A second answer (a second press, another tab) stores nothing more and says it was answered."""
    data = {"age_band": "18-24", "first_time": "no", "action": "answer"}
    client.post(url("survey", open_round), data)
    response = client.post(url("survey", open_round), {**data, "age_band": "35-49"}, follow=True)
    assert SurveyAnswer.objects.count() == 1
    assert SurveyAnswer.objects.get().age_band == "18-24"
    assert "You have already answered or skipped this question." in response.content.decode()
    response = client.post(url("survey", open_round), {"action": "skip"}, follow=True)
    assert SurveyAnswer.objects.count() == 1


def test_the_service_claims_the_question_under_the_row_not_from_the_object(open_round, voted):
    """The once-only rule is the database row's, not the (possibly stale) object's: a voter object that still
    says "not asked" cannot answer again once the row says it was."""
    survey_answer(voter=voted, age_band="50-64")
    stale = Voter.objects.get(pk=voted.pk)
    stale.surveyed = False
    with pytest.raises(ValidationError) as raised:
        survey_answer(voter=stale, age_band="15-17", first_time="yes")
    assert raised.value.code == "answered"
    assert SurveyAnswer.objects.count() == 1


def test_only_voters_are_asked(client, open_round, citizen, norrebro):
    """Someone who has not voted sees no question and cannot answer it."""
    services.voter_for(round=open_round, user=citizen, district=norrebro)
    client.force_login(citizen)
    assert QUESTION not in client.get(url("receipt", open_round)).content.decode()
    response = client.post(url("survey", open_round), {"age_band": "25-34", "action": "answer"}, follow=True)
    assert "The question is for people who have voted." in response.content.decode()
    assert not SurveyAnswer.objects.exists()
    assert client.get(url("survey", open_round)).status_code == 302


def test_visitors_must_sign_in(client, open_round):
    response = client.post(url("survey", open_round), {"action": "skip"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_errors_keep_what_was_chosen(client, open_round, voted):
    """A broken value comes back on the question's own page with a message, the other choice still chosen, and
    nothing stored; an answer with nothing chosen asks to choose or skip."""
    response = client.post(url("survey", open_round), {"age_band": "25-34", "first_time": "maybe", "action": "answer"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and "Choose one of the answers in the list." in html
    assert re.search(r'value="25-34" checked', html)
    assert html.count("<h1") == 1 and QUESTION in html
    assert not SurveyAnswer.objects.exists()
    voted.refresh_from_db()
    assert not voted.surveyed

    response = client.post(url("survey", open_round), {"action": "answer"})
    assert response.status_code == 400
    assert "Choose an answer to at least one of the two questions" in response.content.decode()


@override_settings(PARTICIPATION_RATE_LIMITS={"survey": "1/h"})
def test_answers_are_rate_limited(client, open_round, voted):
    """Every post counts against the person's limit: over it, the answer is refused and nothing is stored."""
    assert client.post(url("survey", open_round), {"action": "answer"}).status_code == 400
    response = client.post(url("survey", open_round), {"age_band": "25-34", "action": "answer"})
    assert response.status_code == 429
    assert not SurveyAnswer.objects.exists()
    voted.refresh_from_db()
    assert not voted.surveyed


def test_nothing_links_an_answer_to_the_voter_or_the_ballot(open_round, voted):
    """The answer has a random id and the round, district, day and answers only: no link to a person, voter or
    ballot, no time of day; and the voter's row holds only that they were asked."""
    fields = {field.name for field in SurveyAnswer._meta.get_fields()}
    assert fields == {"id", "round", "district", "age_band", "first_time", "answered_on"}
    relations = {field.related_model._meta.label for field in SurveyAnswer._meta.get_fields() if field.is_relation}
    assert relations == {"budgeting.BudgetRound", "maps.District"}
    assert isinstance(SurveyAnswer._meta.get_field("answered_on"), models.DateField)
    assert not isinstance(SurveyAnswer._meta.get_field("answered_on"), models.DateTimeField)
    first = survey_answer(voter=voted, age_band="25-34", first_time=FirstTime.YES)
    assert first.pk.version == 4
    voter_values = Voter.objects.filter(pk=voted.pk).values().get()
    assert str(first.pk) not in {str(value) for value in voter_values.values()}
