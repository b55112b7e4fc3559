"""Classic XSS and SQL-injection payloads sent through every citizen input stay inert.

Each payload goes into every form field, query string and API parameter a citizen can reach. For each answer:
no server error; any HTML page holds no element or attribute the payload tried to inject (parsed, not searched
as text); what was accepted is stored exactly as typed and shown as text; and afterwards every table still exists
with the rows the accepted inputs should have made, no more.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from budgeting import services as budget_services
from budgeting.models import Ballot, BudgetRound, Voter
from participation import services
from participation.models import Comment, Idea, Report
from tests.budgeting.conftest import bispebjerg, norrebro, open_round
from tests.participation.conftest import RUNDDEL, areas, citizen, other_citizen, project, tmf

__all__ = ["areas", "bispebjerg", "citizen", "norrebro", "open_round", "other_citizen", "project", "tmf"]

pytestmark = pytest.mark.django_db

MARK = "alert(1)"
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea></title></script><script>alert(1)</script>",
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">klik her</a>',
    "<iframe src=javascript:alert(1)>",
    "' OR 1=1 --",
    "'; DROP TABLE participation_idea; --",
    '1" OR "1"="1',
    "1; SELECT pg_sleep(10); --",
    "{{ request.user.password }}{% debug %}",
    "\u202egpj.exe\u202c Runddelen \u200b\ufeff",
    "Ø" * 5000,
    "null\x00byte",
]
# What an accepted text field keeps of a payload: Django's forms strip surrounding whitespace only.
SHORT_PAYLOADS = [payload for payload in PAYLOADS if len(payload) <= 120 and "\x00" not in payload]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}
EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "module", "application/javascript"}


class _Scan(HTMLParser):
    """Collects the page's text, and anything executable that the payloads could have injected."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.injected: list[str] = []
        self.text: list[str] = []
        self._script_type: str | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and MARK in value:
                self.injected.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and value.strip().lower().replace("\x00", "").startswith("javascript:"):
                self.injected.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.injected.append("<img src=x>")
        if tag == "script":
            self._script_type = (dict(attrs).get("type") or "").lower()

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self._script_type = None

    def handle_data(self, data):
        if self._script_type is not None:
            if self._script_type in EXECUTABLE_SCRIPT_TYPES and MARK in data:
                self.injected.append(f"<script>{data[:80]}</script>")
            return
        self.text.append(data)


def scan(response) -> _Scan:
    """Parse an answer; fail on a server error or on anything the payloads injected into an HTML page."""
    assert response.status_code < 500, f"{response.request['PATH_INFO']} answered {response.status_code}"
    parsed = _Scan()
    if response.get("Content-Type", "").startswith("text/html"):
        parsed.feed(response.content.decode())
        parsed.close()
    assert not parsed.injected, f"{response.request['PATH_INFO']} shows injected markup: {parsed.injected}"
    return parsed


def page_text(response) -> str:
    return " ".join(" ".join(scan(response).text).split())


def visible(payload: str) -> str:
    """How a payload reads on a page: whitespace collapsed, as `page_text` collapses it."""
    return " ".join(payload.split())


# Rows any page view may make: the site's settings row (made on first use) and sessions.
LAZY_TABLES = {"cms_sitelinks", "django_session"}


def table_counts() -> dict[str, int]:
    """Every table and its rows (the lazily made ones only by name)."""
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            if table in LAZY_TABLES:
                counts[table] = -1
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (our own names)
            counts[table] = cursor.fetchone()[0]
    return counts


def test_the_scan_finds_injected_markup_and_passes_escaped_text():
    """The checker itself: raw payloads in a page are found; the same payloads escaped, or as JSON data, are not."""
    raw = "".join(PAYLOADS[:7])
    found = _Scan()
    found.feed(f"<html><body><p>{raw}</p></body></html>")
    assert len(found.injected) >= 6
    escaped = raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    clean = _Scan()
    data = json.dumps(raw).replace("<", "\\u003C")  # as Django's json_script writes it
    clean.feed(f'<p title="{escaped}">{escaped}</p><script type="application/json">{data}</script>')
    assert not clean.injected and raw in "".join(clean.text)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen)
    return client


@pytest.fixture
def idea(project, other_citizen):
    return services.idea_submit(
        project=project,
        author=other_citizen,
        title="Bænke ved Runddelen",
        description="Flere bænke i skyggen.",
        latitude=RUNDDEL[0],
        longitude=RUNDDEL[1],
    )


def test_the_idea_form_keeps_payloads_as_plain_text(signed_in, project):
    """Title, description and address of the idea form: an accepted idea shows the payload as text, a refused one
    (too long, NUL byte, unknown address) is a 400 with the form again, and exactly the accepted ideas exist."""
    url = reverse("participation:idea_submit", kwargs={"project_id": project.pk})
    before = table_counts()
    accepted = []
    for payload in PAYLOADS:
        response = signed_in.post(
            url,
            {"title": payload, "description": payload, "latitude": RUNDDEL[0], "longitude": RUNDDEL[1]},
        )
        scan(response)
        if response.status_code == 302:
            accepted.append(payload)
            idea = Idea.objects.get(pk=Idea.objects.latest("pk").pk)
            assert (idea.title, idea.description) == (payload.strip(), payload.strip())
            text = page_text(signed_in.get(response["Location"]))
            assert visible(payload) in text
        else:
            assert response.status_code == 400
        # An address nobody can find is named in the error message, escaped.
        response = signed_in.post(url, {"title": "Et træ", "description": "Et træ mere.", "address": payload[:200]})
        assert response.status_code == 400
        scan(response)
    assert accepted == SHORT_PAYLOADS
    after = table_counts()
    assert set(after) == set(before)
    assert after["participation_idea"] - before["participation_idea"] == len(accepted)


def test_comments_reports_and_edits_keep_payloads_as_plain_text(signed_in, citizen, project, idea):
    own = services.idea_submit(
        project=project,
        author=citizen,
        title="Mit træ",
        description="Et træ.",
        latitude=RUNDDEL[0],
        longitude=RUNDDEL[1],
    )
    comment_url = reverse("participation:comment_create", kwargs={"pk": idea.pk})
    comments = reports = 0
    for payload in PAYLOADS:
        response = signed_in.post(comment_url, {"text": payload, "parent": payload})
        scan(response)
        response = signed_in.post(comment_url, {"text": payload})
        scan(response)
        if response.status_code == 302:
            comments += 1
            assert Comment.objects.latest("pk").text == payload.strip()
        detail = signed_in.get(f"{idea.get_absolute_url()}?svar={payload[:200]}")
        assert detail.status_code == 200
        if response.status_code == 302:
            assert visible(payload) in page_text(detail)
        else:
            scan(detail)

        response = signed_in.post(reverse("participation:idea_report", kwargs={"pk": idea.pk}), {"reason": payload})
        scan(response)
        reports += response.status_code == 302
        # Reporting the same idea twice is refused politely; start again for the next payload.
        Report.objects.filter(reporter=citizen).delete()

        response = signed_in.post(
            reverse("participation:idea_edit", kwargs={"pk": own.pk}), {"title": payload, "description": payload}
        )
        scan(response)
        if response.status_code == 302:
            own.refresh_from_db()
            assert own.title == payload.strip()
            assert visible(payload) in page_text(signed_in.get(own.get_absolute_url()))
    assert comments == len([p for p in PAYLOADS if "\x00" not in p and len(p) <= 2000])
    assert reports == len([p for p in PAYLOADS if "\x00" not in p and len(p) <= 1000])
    assert Idea.objects.count() == 2


def test_search_lists_filters_and_query_strings_stay_inert(client, signed_in, project, idea, open_round):
    """The search box, the list filters and page numbers of every listing, the address search and the language
    switch; none of them fails, and none echoes markup."""
    before = table_counts()
    index = project.get_parent().specific
    for payload in PAYLOADS:
        q = payload[:1000]
        for path, params in [
            (reverse("search"), {"q": q, "side": q}),
            (project.url, {"bydel": q, "kategori": q, "svar": q, "sorter": q, "ide-side": q}),
            (index.url, {"bydel": q, "fase": q, "side": q, "q": q}),
            (reverse("budgeting:proposal_list", kwargs={"round_id": open_round.pk}), {"bydel": q, "vurdering": q}),
            (reverse("budgeting:proposal_list", kwargs={"round_id": open_round.pk}), {"sorter": q}),
            (reverse("budgeting:what_happened"), {"bydel": q, "runde": q, "side": q}),
            (reverse("participation:address_search"), {"q": q}),
            (reverse("participation:address_reverse"), {"lat": q, "lon": q}),
            (reverse("participation:notifications"), {"side": q}),
        ]:
            scan(client.get(path, params))
            scan(signed_in.get(path, params))
        response = client.post(reverse("set_language"), {"language": q, "next": q})
        assert response.status_code < 500
        location = response.get("Location", "")
        assert not location.lower().startswith("javascript:"), location
    assert table_counts() == before


def test_the_json_api_refuses_payloads_with_a_4xx(client, project, idea):
    for payload in PAYLOADS:
        q = payload[:1000]
        for params in [
            {"project": q, "zoom": 12},
            {"project": project.pk, "zoom": q},
            {"project": project.pk, "zoom": 17, "bbox": q},
            {"project": project.pk, "zoom": 17, "district": q},
            {"project": project.pk, "zoom": 17, "category": q},
            {"project": project.pk, "zoom": 17, "status": q},
            {"project": project.pk, "zoom": 17, "lang": q},
        ]:
            response = client.get(reverse("api:ideas_geojson"), params)
            assert response.status_code in {200, 404, 422}, (params, response.status_code)
            body = json.loads(response.content)
            if response.status_code == 200:
                assert body["type"] == "FeatureCollection"
            else:
                assert body["detail"]


@pytest.fixture
def census_round(open_round):
    BudgetRound.objects.filter(pk=open_round.pk).update(eligibility="census")
    open_round.refresh_from_db()
    return open_round


def test_eligibility_ballot_receipt_and_survey_stay_inert(client, citizen, open_round, norrebro):
    """Self-declared district and age, the ballot's draft (as the page's script sends it, and as a plain form), the
    receipt check and the question after voting: payloads are refused with a 4xx or ignored, and no voter, ballot or
    answer is made of them."""
    client.force_login(citizen)
    eligibility = reverse("budgeting:eligibility", kwargs={"round_id": open_round.pk})
    ballot = reverse("budgeting:ballot", kwargs={"round_id": open_round.pk})
    for payload in PAYLOADS:
        response = client.post(eligibility, {"district": payload, "confirm": payload, "birth_date": payload})
        assert response.status_code == 400
        scan(response)
    assert not Voter.objects.exists()

    budget_services.voter_for(round=open_round, user=citizen, district=norrebro)
    for payload in PAYLOADS:
        fetched = client.post(ballot, {"proposal": [payload]}, HTTP_X_REQUESTED_WITH="fetch")
        assert fetched.status_code == 400
        assert json.loads(fetched.content)["errors"]
        response = client.post(ballot, {"proposal": [payload], "action": payload})
        assert response.status_code == 400
        scan(response)
        response = client.post(
            reverse("budgeting:receipt_check", kwargs={"round_id": open_round.pk}), {"code": payload}
        )
        scan(response)
        assert response.status_code in {200, 400}
        response = client.post(
            reverse("budgeting:survey", kwargs={"round_id": open_round.pk}),
            {"age_band": payload, "first_time": payload, "action": payload},
        )
        scan(response)
    voter = Voter.objects.get()
    assert not voter.draft_selections() and not Ballot.objects.exists()


def test_the_census_number_stays_inert(client, citizen, census_round):
    client.force_login(citizen)
    eligibility = reverse("budgeting:eligibility", kwargs={"round_id": census_round.pk})
    for payload in PAYLOADS:
        response = client.post(eligibility, {"action": "check", "number": payload})
        assert response.status_code == 400
        scan(response)
        cache.clear()  # the census check is slow on purpose; its limit is not what this test is about
    assert not Voter.objects.filter(census_hash__gt="").exists()


def test_account_pages_stay_inert(client, citizen):
    """Sign-in, sign-up, password reset and account deletion, with `next` payloads too: no markup echoed, no
    redirect to a javascript: URL, no account made of a payload, the citizen's account intact."""
    EmailAddress.objects.create(user=citizen, email=citizen.email, verified=True, primary=True)
    users_before = type(citizen).objects.count()
    for payload in PAYLOADS:
        q = payload[:1000]
        for path, data in [
            ("/da/konto/login/", {"login": payload, "password": payload}),
            ("/da/konto/signup/", {"email": payload, "password1": payload, "password2": payload}),
            ("/da/konto/password/reset/", {"email": payload}),
        ]:
            scan(client.get(path, {"next": q}))
            response = client.post(f"{path}?next={q}", data)
            scan(response)
            assert not response.get("Location", "").lower().startswith("javascript:")
        client.force_login(citizen)
        response = client.post(reverse("accounts:account_delete"), {"contributions": payload, "password": payload})
        assert response.status_code == 400
        scan(response)
        scan(client.get(reverse("accounts:personal_data")))
        client.logout()
    assert type(citizen).objects.count() == users_before
    assert type(citizen).objects.filter(pk=citizen.pk).exists()


def test_a_stored_payload_stays_inert_on_every_page_that_shows_it(client, signed_in, citizen, project, idea):
    """Ideas and comments written with payloads, then every page that lists or shows them: the project page, the
    idea, the search results, the API (JSON-escaped, never HTML), the person's notifications and "My data"."""
    for payload in SHORT_PAYLOADS:
        stored = services.idea_submit(
            project=project,
            author=citizen,
            title=payload,
            description=payload,
            latitude=RUNDDEL[0] + 0.0001,
            longitude=RUNDDEL[1],
        )
        services.comment_create(idea=idea, author=citizen, text=payload)
        assert visible(payload) in page_text(client.get(stored.get_absolute_url()))
    cache.clear()
    for response in [
        client.get(project.url),
        client.get(idea.get_absolute_url()),
        client.get(reverse("search"), {"q": "alert"}),
        signed_in.get(reverse("participation:notifications")),
        signed_in.get(reverse("accounts:personal_data")),
        signed_in.get(reverse("accounts:personal_data_json")),
    ]:
        scan(response)
    geojson = client.get(reverse("api:ideas_geojson"), {"project": project.pk, "zoom": 18})
    assert geojson.status_code == 200 and geojson["Content-Type"].startswith("application/geo+json")
    titles = {feature["properties"]["title"] for feature in json.loads(geojson.content)["features"]}
    assert set(SHORT_PAYLOADS) <= titles
