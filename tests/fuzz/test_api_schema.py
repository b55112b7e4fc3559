"""The JSON API against its own OpenAPI schema (schemathesis, in-process through the WSGI application).

Every generated request, valid or deliberately invalid, must get an answer the schema documents (status code,
content type, body shape), never a 5xx, and every refusal must say what was wrong: a 404 names the project,
a 422 lists each parameter that is wrong with a message.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from participation.models import AnswerStatus, Idea, Visibility
from tests.fuzz.conftest import FUZZING, count, fuzz_settings

pytestmark = pytest.mark.django_db

SEED = 20261127

schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json",
    get_wsgi_application(),
    config=None if FUZZING else schemathesis.Config(seed=SEED),
)

# The project whose ideas the map shows, set by the fixture when the test starts: generated requests ask for it
# often (a random id is a project that does not exist, and would only ever meet the 404).
REAL = {"project": None}


# Viewports over the ideas, from the whole city to a street.
BOXES = ["12.45,55.61,12.65,55.73", "12.53,55.68,12.57,55.71", "12.540,55.690,12.560,55.715"]


@schema.hook
def flatmap_query(context, query):
    """Requests that name a valid project id often name the project that exists, with one of the viewports over
    its ideas in place of a `bbox` string; either way the request stays as valid as it was (an integer for an
    integer, a string for a string), so a deliberately invalid request stays invalid."""
    if REAL["project"] is None or not isinstance(query, dict):
        return st.just(query)
    variants = [query]
    if isinstance(query.get("project"), int) and query["project"] >= 1:
        variants.append({**query, "project": REAL["project"]})
        if isinstance(query.get("bbox"), str):
            variants += [{**query, "project": REAL["project"], "bbox": box} for box in BOXES]
    return st.sampled_from(variants)


@schemathesis.check
def refusals_say_what_was_wrong(ctx, response, case):
    """A 4xx answer is JSON whose `detail` says in words what was wrong; a 422 names each wrong parameter; a 405
    says which method is allowed."""
    if not 400 <= response.status_code < 500:
        return None
    if response.status_code == 405:
        # Another method than GET: ninja's plain-text "Method not allowed", with the methods that are.
        assert response.headers.get("allow") == ["GET"], f"a 405 without `Allow: GET`: {response.headers!r}"
        assert response.text.strip(), "a 405 without a message"
        return None
    body = response.json()
    assert isinstance(body, dict) and body.get("detail"), f"a {response.status_code} without a `detail`: {body!r}"
    detail = body["detail"]
    if response.status_code == 422:
        assert isinstance(detail, list), f"a 422 whose `detail` is not a list of problems: {body!r}"
        for problem in detail:
            assert problem.get("msg", "").strip(), f"a problem without a message: {problem!r}"
            assert problem.get("loc") and problem["loc"][0] == "query", (
                f"a problem that names no parameter: {problem!r}"
            )
    else:
        assert isinstance(detail, str) and detail.strip(), f"a {response.status_code} without a message: {body!r}"
    return None


@pytest.fixture
def mapped_ideas(idea_project, keep_test_transaction):
    """Ideas spread over Nørrebro (answered, unanswered, hidden, without a place), so that the map has points and
    clusters to show at every zoom."""
    statuses = [*AnswerStatus.values, ""]
    ideas = []
    for number in range(24):
        ideas.append(
            Idea(
                project=idea_project,
                title=f"Idé {number} <b>&</b> “citat”",
                description="Beskrivelse.",
                latitude=55.690 + 0.001 * number,
                longitude=12.540 + 0.0007 * number,
                answer_status=statuses[number % len(statuses)],
                answer_text="Kommunens svar." if statuses[number % len(statuses)] else "",
                visibility=Visibility.HIDDEN if number % 7 == 6 else Visibility.PUBLISHED,
            )
        )
    ideas.append(Idea(project=idea_project, title="Uden sted", description="Ingen nål."))
    Idea.objects.bulk_create(ideas)
    REAL["project"] = idea_project.pk
    yield idea_project
    REAL["project"] = None


@schema.parametrize()
@fuzz_settings("api")
def test_api_answers_every_request_as_documented(case, mapped_ideas):
    """No 5xx; every answer conforms to the schema; every refusal is a documented 4xx that says what was wrong.

    Left out: the check that every schema-valid request is accepted. `bbox` is a string whose rules (four finite
    numbers, in range, minimum below maximum) JSON Schema cannot state, so a valid-looking box may be refused with
    a 422 that says why, which `refusals_say_what_was_wrong` checks instead.
    """
    response = case.call()
    count("api", response.status_code)
    case.validate_response(
        response,
        excluded_checks=[positive_data_acceptance],
        additional_checks=[refusals_say_what_was_wrong],
    )
