"""The citizens' forms under generated input (hypothesis, through Django's test client, signed in).

Idea submission, comments, reports, the eligibility declaration, the census check, the ballot (saved as a form
and in the background as ballot.js does) and its review get any text, numbers written in every way, huge values,
duplicated, missing and unknown fields, unknown ids, and bodies that are not forms at all. Whatever arrives:

- never a 5xx;
- a refusal is a 4xx, or the form again (400) with every error message on the page and what was typed kept;
  a background save's refusal is JSON with the messages;
- afterwards the invariants hold: one voter row and at most one ballot per person and round, every ballot
  within the rules (budget, points), one support per person and idea, and a CPR number is never written back.
"""

from __future__ import annotations

import pytest
from django.db import models
from django.db.models import Count, Sum
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from budgeting import services as budget_services
from budgeting.models import Ballot, BallotChoice, BallotType, BudgetRound, Voter, WinnerRule
from participation import services as participation_services
from participation.models import Comment, Idea, Report, Support
from tests.budgeting.conftest import days, make_proposal, voting_phases
from tests.cms.factories import create_project
from tests.fuzz import strategies as gen
from tests.fuzz.conftest import count, fuzz_settings

pytestmark = pytest.mark.django_db

# Statuses a form endpoint may answer with: done (redirect or 204), the page (again), or a refusal.
EXPECTED = {200, 204, 302, 400, 403, 404, 405, 409, 429}


def post(client: Client, url: str, data: dict, **headers):
    return client.post(url, data, headers=headers or None)


def check(response, name: str, *, form_key: str | None = "form", typed: dict | None = None, secret: str = ""):
    """The answer is one a person can act on: see the module's docstring."""
    count(name, response.status_code)
    assert response.status_code < 500, f"{response.status_code} from {name}"
    assert response.status_code in EXPECTED, f"unexpected {response.status_code} from {name}"
    body = response.content.decode("utf-8")
    if secret:
        assert secret not in body, "the CPR number typed was written back into the page"
    if response.status_code != 400 or response["Content-Type"].startswith("application/json"):
        return
    form = _context(response, form_key) if form_key else None
    if form is None:
        return
    assert form.errors, f"{name}: a 400 page whose form has no error"
    for field, messages in form.errors.items():
        for message in messages:
            assert escape(message) in body, f"{name}: the error on {field!r} ({message!r}) is not on the page"
    for field, value in (typed or {}).items():
        if isinstance(value, str) and value.strip() and field in form.fields:
            assert escape(value) in body, f"{name}: what was typed in {field!r} is gone from the page"


def _context(response, key: str):
    try:
        return response.context[key]
    except (KeyError, TypeError):
        return None


def assert_invariants():
    """What must hold whatever the requests did."""
    assert not Support.objects.values("idea", "user").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert not Report.objects.values("reporter", "idea", "comment").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert not Voter.objects.values("round", "user").annotate(n=Count("pk")).filter(n__gt=1, user__isnull=False)
    # Every ballot belongs to exactly one voter (a changed vote replaces the ballot, never adds one).
    assert Ballot.objects.count() == Voter.objects.filter(ballot__isnull=False).count()
    for budget_round in BudgetRound.objects.filter(ballots__isnull=False).distinct():
        for ballot in budget_round.ballots.all():
            choices = BallotChoice.objects.filter(ballot=ballot)
            if budget_round.ballot_type == BallotType.KNAPSACK:
                budget = ballot.sub_budget.amount if ballot.sub_budget_id else budget_round.total_budget
                assert (choices.aggregate(total=Sum("proposal__cost"))["total"] or 0) <= budget
            elif budget_round.ballot_type == BallotType.CUMULATIVE:
                assert (choices.aggregate(total=Sum("points"))["total"] or 0) <= budget_round.points_total
                assert not choices.filter(points__gt=budget_round.points_per_proposal_max).exists()
            else:
                assert choices.count() <= budget_round.max_choices
            assert not choices.exclude(proposal__round=budget_round).exists()


@pytest.fixture
def signed_in(citizen):
    client = Client()
    client.force_login(citizen)
    return client


@pytest.fixture
def idea(idea_project, other_citizen):
    return participation_services.idea_submit(
        project=idea_project,
        author=other_citizen,
        title="Flere træer på Runddelen",
        description="Plant træer.",
        latitude=55.6945,
        longitude=12.5480,
    )


@pytest.fixture
def comment(idea, other_citizen):
    return participation_services.comment_create(idea=idea, author=other_citizen, text="Godt forslag.")


# Ideas --------------------------------------------------------------------------------------------------------


@fuzz_settings("idea")
@given(data=st.data())
def test_idea_form(signed_in, idea_project, data):
    """Whatever is typed into the idea form, the idea is sent, or the form comes back saying what to fix."""
    url = reverse("participation:idea_submit", kwargs={"project_id": idea_project.pk})
    point = st.sampled_from(["55.6945", "12.5480", "55.6797", "13.0038", "91", "-181"])
    # Half of the bodies are what the form's page would send (so that ideas are sent and the form's checks of
    # place and length are met), half anything at all.
    sensible = st.fixed_dictionaries(
        {"title": gen.PLAIN, "description": gen.PLAIN},
        optional={"latitude": point, "longitude": point, "address": st.sampled_from(["Nørrebros Runddel", ""])},
    )
    anything = gen.form(
        {
            "title": gen.PLAIN | gen.FIELD,
            "description": gen.PLAIN | gen.FIELD,
            "latitude": point | gen.FIELD,
            "longitude": point | gen.FIELD,
        },
        names=("category", "address", "remove_photo"),
    )
    body = data.draw(sensible | anything)
    if data.draw(st.booleans(), label="with a photo"):
        body["photo"] = _upload(data.draw(st.binary(max_size=2_000), label="photo bytes"))
    before = Idea.objects.count()
    response = post(signed_in, url, body)
    check(response, "idea", typed={key: body.get(key) for key in ("title", "description")})
    assert Idea.objects.count() == before + (1 if response.status_code == 302 else 0)
    assert_invariants()


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("foto.jpg", content, content_type="image/jpeg")


# Comments, support and reports ---------------------------------------------------------------------------------


@fuzz_settings("comment")
@given(data=st.data())
def test_comment_form(signed_in, idea, comment, data):
    """A comment or a reply to any idea id with any text and any `parent`: published, or refused with the reason
    on the page and the text kept."""
    pk = data.draw(st.one_of(st.just(idea.pk), st.integers(min_value=0, max_value=2**70)), label="idea id")
    body = data.draw(gen.form({"parent": gen.ids([comment.pk]), "text": gen.PLAIN | gen.FIELD}))
    response = post(signed_in, f"/da/ideer/{pk}/kommenter/", body)
    check(response, "comment", form_key="comment_form", typed={"text": body.get("text")})
    if data.draw(st.booleans(), label="support too"):
        check(post(signed_in, f"/da/ideer/{pk}/stoet/", {}), "comment", form_key=None)
    # A reply answers a top-level comment of the same idea.
    assert not Comment.objects.filter(parent__parent__isnull=False).exists()
    assert not Comment.objects.filter(parent__isnull=False).exclude(parent__idea=models.F("idea")).exists()
    assert_invariants()


@fuzz_settings("report")
@given(data=st.data())
def test_report_form(signed_in, idea, comment, data):
    """Reporting an idea or a comment, known or not, with any reason: one report per person and target."""
    path = data.draw(
        st.sampled_from([f"/da/ideer/{idea.pk}/rapporter/", f"/da/kommentarer/{comment.pk}/rapporter/"])
        | st.integers(min_value=0, max_value=2**70).map(lambda pk: f"/da/kommentarer/{pk}/rapporter/"),
        label="path",
    )
    body = data.draw(gen.form({"reason": gen.PLAIN | gen.FIELD}))
    check(post(signed_in, path, body), "report", typed={"reason": body.get("reason")})
    assert_invariants()


# Eligibility ----------------------------------------------------------------------------------------------------


@fuzz_settings("eligibility")
@given(data=st.data())
def test_self_declared_eligibility(signed_in, open_round, norrebro, data):
    """The district and the confirmation, as anything: the ballot, or the declaration again with the reason."""
    url = reverse("budgeting:eligibility", kwargs={"round_id": open_round.pk})
    sensible = st.fixed_dictionaries({"district": gen.ids([norrebro.pk]), "confirm": st.sampled_from(["on", ""])})
    body = data.draw(sensible | gen.form({"district": gen.ids([norrebro.pk]), "confirm": gen.FIELD}))
    check(post(signed_in, url, body), "eligibility")
    assert_invariants()


@pytest.fixture
def census_round(open_round, tmf, django_user_model):
    BudgetRound.objects.filter(pk=open_round.pk).update(eligibility="census")
    open_round.refresh_from_db()
    editor = django_user_model.objects.create_user(email="redaktoer@kk.dk", password="pw")
    rows = ["number;district", "010203-1234;3", "1112131415", "2021222324"]
    budget_services.census_list_import(round=open_round, data="\n".join(rows).encode(), uploaded_by=editor)
    return open_round


@fuzz_settings("census")
@given(data=st.data())
def test_census_check(signed_in, census_round, norrebro, bispebjerg, data):
    """A CPR number typed as anything (and the district chosen afterwards): found, or told why not; the number
    is never written back into the page."""
    url = reverse("budgeting:eligibility", kwargs={"round_id": census_round.pk})
    number = st.sampled_from(["010203-1234", "1112131415", "0102031234", "3131313131", "010203 1234"])
    sensible = st.fixed_dictionaries(
        {"action": st.sampled_from(["check", "district"]), "number": number | gen.VALUE},
        optional={"district": st.sampled_from([str(norrebro.pk), str(bispebjerg.pk)])},
    )
    anything = gen.form(
        {
            "number": number | gen.FIELD,
            "action": st.sampled_from(["check", "district", ""]) | gen.FIELD,
            "district": gen.ids([norrebro.pk, bispebjerg.pk]),
        }
    )
    body = data.draw(sensible | anything)
    typed = body.get("number")
    # Any number but the example the help text gives ("som i 010203-1234").
    digits = "".join(c for c in typed if c.isascii() and c.isdigit()) if isinstance(typed, str) else ""
    secret = typed if len(digits) >= 8 and digits != "0102031234" else ""
    check(post(signed_in, url, body), "census", secret=secret)
    assert_invariants()
    # Found once, the person would only ever see "you may vote" again: each example starts unverified.
    Voter.objects.filter(round=census_round).delete()


# The ballot -----------------------------------------------------------------------------------------------------


@pytest.fixture
def points_round(project_index, tmf, norrebro, bispebjerg):
    """A cumulative round open today: 10 points, at most 5 on one proposal, three proposals."""
    project = create_project(
        project_index,
        title="Point til forslag",
        slug="point-til-forslag",
        administration=tmf,
        districts=[norrebro, bispebjerg],
        phases=voting_phases(start=-5, end=5),
    )
    budget_round = budget_services.round_create(
        project=project,
        title="Point",
        total_budget=2_000_000,
        ballot_type=BallotType.CUMULATIVE,
        winner_rule=WinnerRule.GREEDY,
        points_total=10,
        points_per_proposal_max=5,
    )
    for title, cost in (("Bænke", 900_000), ("Træer", 800_000), ("Lys", 600_000)):
        make_proposal(budget_round, title=title, cost=cost, at=days(-10))
    return budget_round


@pytest.fixture(params=["knapsack", "cumulative"])
def voting(request, signed_in, citizen, norrebro):
    """The signed-in citizen has declared where they live, in a knapsack or a cumulative round open today."""
    budget_round = request.getfixturevalue("open_round" if request.param == "knapsack" else "points_round")
    budget_services.voter_for(round=budget_round, user=citizen, district=norrebro)
    return budget_round


def ballot_body(budget_round) -> st.SearchStrategy:
    known = list(budget_round.proposals.values_list("pk", flat=True))
    action = st.sampled_from(["save", "review"]) | gen.FIELD
    if budget_round.ballot_type == BallotType.CUMULATIVE:
        points = st.integers(min_value=-2, max_value=7).map(str) | gen.FIELD
        fields = {f"points-{pk}": points for pk in known}
        fields["points-999999999999999999999"] = points
        return gen.form({**fields, "action": action})
    choices = st.lists(gen.ids(known), max_size=5)
    return gen.form({"proposal": choices, "action": action})


@fuzz_settings("ballot")
@given(data=st.data())
def test_ballot_form(signed_in, voting, data):
    """Saving the ballot, as a form or in the background, with any choices: saved, or the ballot again with the
    problems (over budget, unknown proposal, bad points) on it; the background save answers in JSON."""
    url = reverse("budgeting:ballot", kwargs={"round_id": voting.pk})
    body = data.draw(ballot_body(voting))
    fetch = data.draw(st.booleans(), label="in the background")
    response = post(signed_in, url, body, **({"X-Requested-With": "fetch"} if fetch else {}))
    check(response, "ballot")
    if fetch and response.status_code >= 400:
        errors = response.json()["errors"]
        assert errors and all(isinstance(message, str) and message.strip() for message in errors)
    if response.status_code == 400 and not fetch:
        assert response.context["field_errors"] or response.context["form"].non_field_errors()
    assert_invariants()


@fuzz_settings("review")
@given(data=st.data())
def test_ballot_review_and_submit(signed_in, voting, data):
    """Save choices, look at the review, submit: a receipt, or back to the ballot with the reason; never two
    ballots, never one over budget."""
    url = reverse("budgeting:ballot", kwargs={"round_id": voting.pk})
    review = reverse("budgeting:review", kwargs={"round_id": voting.pk})
    check(post(signed_in, url, data.draw(ballot_body(voting))), "review")
    check(signed_in.get(review), "review", form_key=None)
    submit = data.draw(gen.form(names=("action", "confirm")))
    response = post(signed_in, review, submit)
    check(response, "review", form_key=None)
    if response.status_code == 302:
        assert response["Location"].endswith(("/kvittering/", f"/afstemning/{voting.pk}/"))
    assert_invariants()


# Bodies that are not forms -------------------------------------------------------------------------------------


@fuzz_settings("json")
@given(data=st.data())
def test_bodies_that_are_not_forms(signed_in, idea, comment, voting, data):
    """JSON (objects or not), bytes that are not UTF-8 and broken multipart bodies, sent to every form: refused
    with a 4xx or treated as an empty form, never a 5xx."""
    paths = [
        reverse("participation:idea_submit", kwargs={"project_id": idea.project_id}),
        f"/da/ideer/{idea.pk}/kommenter/",
        f"/da/ideer/{idea.pk}/rapporter/",
        f"/da/kommentarer/{comment.pk}/rapporter/",
        reverse("budgeting:eligibility", kwargs={"round_id": voting.pk}),
        reverse("budgeting:ballot", kwargs={"round_id": voting.pk}),
        reverse("budgeting:review", kwargs={"round_id": voting.pk}),
    ]
    path = data.draw(st.sampled_from(paths), label="path")
    content_type, raw = data.draw(gen.RAW_BODY, label="body")
    fetch = {"X-Requested-With": "fetch"} if data.draw(st.booleans(), label="fetch") else {}
    response = signed_in.generic("POST", path, raw, content_type=content_type, headers=fetch or None)
    check(response, "json", form_key=None)
    assert_invariants()
