"""Listing pages run a fixed number of queries, however many projects they show."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from maps.models import District
from participation.models import PhaseType
from tests.cms.factories import AdministrationFactory, create_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def norrebro(db):
    return District.objects.create(
        code=3, name="Nørrebro", slug="norrebro", outline={"type": "Polygon", "coordinates": []},
        label_lat=55.69, label_lon=12.55,
    )  # fmt: skip


def add_projects(index, district, count: int):
    """Projects with their own image, district, administration and two phases (one running)."""
    today = timezone.localdate()
    for _ in range(count):
        image = get_image_model().objects.create(title="Foto", file=get_test_image_file())
        create_project(
            index,
            image=image,
            administration=AdministrationFactory(),
            districts=[district],
            phases=[
                (PhaseType.INFORMATION, today - datetime.timedelta(days=40), today - datetime.timedelta(days=11)),
                (PhaseType.IDEAS, today - datetime.timedelta(days=10), today + datetime.timedelta(days=10)),
            ],
        )


def count_queries(client, url: str) -> tuple[int, str]:
    client.get(url)  # warm what is made once: image renditions, site root paths
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("url_of", ["home", "index"])
def test_query_count_does_not_grow_from_1_to_50_projects(client, home_page, project_index, norrebro, url_of):
    """The home page and the project index cost the same number of queries with 1 and with 50 projects."""
    url = home_page.url if url_of == "home" else project_index.url
    add_projects(project_index, norrebro, 1)
    with_one, html = count_queries(client, url)
    assert html.count('class="project-card"') == 1
    assert html.count("<img") >= 1
    add_projects(project_index, norrebro, 49)
    with_fifty, html = count_queries(client, url)
    assert html.count('class="project-card"') == 12
    assert with_fifty == with_one, f"{with_one} queries with 1 project, {with_fifty} with 50"


def test_home_lists_open_projects_closing_soonest_first(client, project_index):
    """The front page's open dialogues are ordered by the day their current phase ends."""
    today = timezone.localdate()
    for title, days_left in (("Lukker sidst", 30), ("Lukker først", 2), ("Lukker midt", 10)):
        create_project(
            project_index, title=title, phases=[(PhaseType.IDEAS, today, today + datetime.timedelta(days=days_left))]
        )
    create_project(project_index, title="Kun information", phases=[(PhaseType.INFORMATION, today, today)])
    html = client.get(project_index.get_parent().url).content.decode()
    assert html.index("Lukker først") < html.index("Lukker midt") < html.index("Lukker sidst")
    assert "Kun information</a>" not in html.split("Åbne dialoger på kortet")[0]


def test_project_index_filters_by_district_administration_and_phase(client, home_page, project_index):
    """Filtering the index by district, administration and current phase narrows the list; bad values are ignored."""
    today = timezone.localdate()
    norrebro = District.objects.create(code=3, name="Nørrebro", slug="norrebro", outline={})
    valby = District.objects.create(code=5, name="Valby", slug="valby", outline={})
    tmf = AdministrationFactory(name="Teknik- og Miljøforvaltningen")
    kff = AdministrationFactory(name="Kultur- og Fritidsforvaltningen")
    create_project(project_index, title="Grønt Nørrebro", administration=tmf, districts=[norrebro])
    create_project(
        project_index,
        title="Idrætshal i Valby",
        administration=kff,
        districts=[valby],
        phases=[(PhaseType.VOTING, today, today + datetime.timedelta(days=5))],
    )

    def titles(query: str) -> set[str]:
        html = client.get(f"{project_index.url}?{query}").content.decode()
        return {title for title in ("Grønt Nørrebro", "Idrætshal i Valby") if f">{title}</a>" in html}

    assert titles("") == {"Grønt Nørrebro", "Idrætshal i Valby"}
    assert titles("bydel=valby") == {"Idrætshal i Valby"}
    assert titles(f"forvaltning={tmf.pk}") == {"Grønt Nørrebro"}
    assert titles("fase=voting") == {"Idrætshal i Valby"}
    assert titles("fase=ideas&bydel=valby") == set()
    assert titles("bydel=findes-ikke&side=abc") == {"Grønt Nørrebro", "Idrætshal i Valby"}
    assert titles("bydel=valby&fase=zzz&forvaltning=abc&side=-1") == {"Idrætshal i Valby"}


def test_project_index_is_paginated(client, home_page, project_index):
    """Past twelve projects the index shows pages, and the second page holds the rest."""
    for _ in range(14):
        create_project(project_index)
    first = client.get(project_index.url).content.decode()
    second = client.get(f"{project_index.url}?side=2").content.decode()
    assert first.count('class="project-card"') == 12
    assert second.count('class="project-card"') == 2
    assert 'aria-label="Sider"' in first
