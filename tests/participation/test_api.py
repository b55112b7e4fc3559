"""The ideas map's GeoJSON endpoint: points, server-side clusters, visibility, validation, query budget.

The cluster tests assert cells worked out by hand, so running them on SQLite and on PostgreSQL (CI
does both) shows that the two databases put every idea in the same cell.
"""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from maps import selectors as map_selectors
from maps.models import District
from participation import selectors
from participation.models import AnswerStatus, Category, Idea, Support, Visibility
from tests.cms.factories import create_project

pytestmark = pytest.mark.django_db

URL = "/api/ideas.geojson"

# At zoom 14 a cell is 90 / 2**14 = 0.0054931640625 degrees. Row 10139 starts at latitude
# 10139 * cell = 55.6951904296875 and column 2284 at longitude 2284 * cell = 12.54638671875 (both
# exact in binary), a grid corner 110 m north-west of Nørrebros Runddel.
CELL_14 = 0.0054931640625
ROW, COLUMN = 10139, 2284
CORNER_LAT, CORNER_LON = 55.6951904296875, 12.54638671875
TINY = 1e-7  # about a centimetre
STEP = 0.002  # about 150 m

# Ideas placed around that corner; the comment is the (column, row) worked out by hand at zoom 14.
LAYOUT = {
    "on the corner": (CORNER_LAT, CORNER_LON),  # (2284, 10139): a border belongs to the cell above it
    "north-east": (CORNER_LAT + STEP, CORNER_LON + STEP),  # (2284, 10139)
    "just south": (CORNER_LAT - TINY, CORNER_LON + STEP),  # (2284, 10138)
    "just south-west": (CORNER_LAT - TINY, CORNER_LON - TINY),  # (2283, 10138)
    "just west": (CORNER_LAT + STEP, CORNER_LON - TINY),  # (2283, 10139)
    "north-west": (CORNER_LAT + STEP, CORNER_LON - STEP),  # (2283, 10139)
    "north-west, nearer": (CORNER_LAT + STEP / 2, CORNER_LON - STEP / 2),  # (2283, 10139)
}


@pytest.fixture
def norrebro(areas):
    return District.objects.get(slug="norrebro")


def place(project, lat, lon, title="Idé", **fields):
    """An idea at a chosen point, created directly (no phase or area checks)."""
    return Idea.objects.create(
        project=project, title=title, description="Beskrivelse.", latitude=lat, longitude=lon, **fields
    )


@pytest.fixture
def layout(project, norrebro):
    return {name: place(project, lat, lon, title=name, district=norrebro) for name, (lat, lon) in LAYOUT.items()}


def get(client, **params):
    return client.get(URL, params)


def features(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    return data["features"]


def danish_label(status):
    with translation.override("da"):
        return str(status.label)


def titles(found):
    return sorted(feature["properties"]["title"] for feature in found if not feature["properties"]["cluster"])


def test_the_layout_lies_in_norrebro(norrebro):
    """Every point the cluster tests use is inside Nørrebro district."""
    for lat, lon in LAYOUT.values():
        assert map_selectors.district_at(lat, lon) == norrebro


class TestPoints:
    def test_points_at_high_zoom_carry_what_the_map_shows(self, client, project, citizen, other_citizen, norrebro):
        """From zoom 15 each idea is a point with id, title, Danish page link, category, status, label and supports."""
        trees = Category.objects.create(project=project, name="Træer", locale=project.locale)
        idea = place(project, 55.6945, 12.548, title="Flere træer", category=trees, district=norrebro)
        idea.answer_status, idea.answer_text = AnswerStatus.CONSIDERING, "Vi ser på det."
        idea.save()
        Support.objects.create(idea=idea, user=citizen)
        Support.objects.create(idea=idea, user=other_citizen)

        (feature,) = features(get(client, project=project.pk, zoom=15))

        assert feature["geometry"] == {"type": "Point", "coordinates": [12.548, 55.6945]}
        assert feature["id"] == f"idea-{idea.pk}"
        assert feature["properties"] == {
            "cluster": False,
            "id": idea.pk,
            "title": "Flere træer",
            "url": f"/da/ideer/{idea.pk}/",
            "category": "Træer",
            "status": "considering",
            "status_label": danish_label(AnswerStatus.CONSIDERING),
            "support_count": 2,
        }

    def test_an_unanswered_idea_has_no_status(self, client, project):
        """An idea without an answer has status and label null, no category, and zero supports."""
        place(project, 55.6945, 12.548)
        (feature,) = features(get(client, project=project.pk, zoom=18))
        assert feature["properties"]["status"] is None
        assert feature["properties"]["status_label"] is None
        assert feature["properties"]["category"] is None
        assert feature["properties"]["support_count"] == 0

    def test_language_from_the_lang_parameter_or_the_request(self, client, project):
        """`lang=en` gives English links and labels; so does an English browser; Danish is the default."""
        idea = place(project, 55.6945, 12.548, answer_status=AnswerStatus.RECEIVED)
        english = features(get(client, project=project.pk, zoom=16, lang="en"))[0]["properties"]
        assert english["url"] == f"/en/ideer/{idea.pk}/"
        assert english["status_label"] == "Received"
        danish = features(get(client, project=project.pk, zoom=16))[0]["properties"]
        assert (danish["url"], danish["status_label"]) == (f"/da/ideer/{idea.pk}/", "Modtaget")
        browser = client.get(URL, {"project": project.pk, "zoom": 16}, headers={"accept-language": "en"})
        assert features(browser)[0]["properties"]["url"] == f"/en/ideer/{idea.pk}/"
        assert "Accept-Language" in browser["Vary"]

    def test_only_ideas_inside_the_bbox_edges_included(self, client, project, layout):
        """Points are the ideas inside the box, those on its edge included."""
        bbox = f"{CORNER_LON},{CORNER_LAT},{CORNER_LON + STEP},{CORNER_LAT + STEP}"
        found = features(get(client, project=project.pk, zoom=15, bbox=bbox))
        assert titles(found) == ["north-east", "on the corner"]

    def test_filters_of_the_list(self, client, project, norrebro):
        """District (slug), category (id) and answer status, "unanswered" included, narrow the points."""
        trees = Category.objects.create(project=project, name="Træer", locale=project.locale)
        place(project, 55.6945, 12.548, title="træ", category=trees, district=norrebro)
        place(project, 55.6946, 12.548, title="besvaret", answer_status=AnswerStatus.PLANNED, answer_text="Ja")
        place(project, 55.6947, 12.548, title="modtaget", answer_status=AnswerStatus.RECEIVED)

        def found(**params):
            return titles(features(get(client, project=project.pk, zoom=15, **params)))

        assert found(district="norrebro") == ["træ"]
        assert found(district="indre-by") == []
        assert found(category=trees.pk) == ["træ"]
        assert found(status="planned") == ["besvaret"]
        assert found(status="unanswered") == ["modtaget", "træ"]

    def test_headers(self, client, project):
        """The answer is GeoJSON with a short public cache lifetime."""
        response = get(client, project=project.pk, zoom=15)
        assert response["Content-Type"] == "application/geo+json"
        assert response["Cache-Control"] == "public, max-age=60"


class TestClusters:
    def test_cells_at_zoom_14_are_those_worked_out_by_hand(self, client, project, layout):
        """Below zoom 15 the ideas come grouped by cell; a cell with one idea is that idea's point."""
        found = features(get(client, project=project.pk, zoom=14))

        assert [feature["id"] for feature in found] == [
            f"idea-{layout['just south-west'].pk}",  # (2283, 10138)
            f"idea-{layout['just south'].pk}",  # (2284, 10138)
            "cell-14-2283-10139",
            "cell-14-2284-10139",
        ]
        west, east = found[2]["properties"], found[3]["properties"]
        assert (west["cluster"], west["count"], east["cluster"], east["count"]) == (True, 3, True, 2)
        assert west["bbox"] == [CORNER_LON - CELL_14, CORNER_LAT, CORNER_LON, CORNER_LAT + CELL_14]
        assert east["bbox"] == [12.54638671875, 55.6951904296875, 12.5518798828125, 55.7006835937500]
        # A cluster sits at the average position of its ideas.
        lon, lat = found[3]["geometry"]["coordinates"]
        assert lat == pytest.approx(CORNER_LAT + STEP / 2, abs=1e-9)
        assert lon == pytest.approx(CORNER_LON + STEP / 2, abs=1e-9)
        lon, lat = found[2]["geometry"]["coordinates"]
        assert lat == pytest.approx(CORNER_LAT + (STEP + STEP + STEP / 2) / 3, abs=1e-9)
        assert lon == pytest.approx(CORNER_LON - (TINY + STEP + STEP / 2) / 3, abs=1e-9)
        assert found[0]["properties"]["title"] == "just south-west"
        assert found[0]["properties"]["cluster"] is False

    def test_cells_at_zoom_13(self, client, project, layout):
        """At zoom 13 the row border is gone and only the column border splits the ideas: 4 west, 3 east."""
        found = features(get(client, project=project.pk, zoom=13))
        assert [(feature["id"], feature["properties"]["count"]) for feature in found] == [
            ("cell-13-1141-5069", 4),
            ("cell-13-1142-5069", 3),
        ]

    def test_a_cell_is_counted_whole_when_the_bbox_touches_it(self, client, project, layout):
        """A box over a corner of a cell returns the whole cell, ideas just outside the box included."""
        bbox = f"{CORNER_LON},{CORNER_LAT},{CORNER_LON + 0.0005},{CORNER_LAT + 0.0005}"
        found = features(get(client, project=project.pk, zoom=14, bbox=bbox))
        assert [(feature["id"], feature["properties"]["count"]) for feature in found] == [("cell-14-2284-10139", 2)]

    def test_a_bbox_ending_on_a_border_touches_the_cell_beyond(self, client, project, layout):
        """A box whose north edge is the row border takes in the row above it too, as floor() says."""
        bbox = f"{CORNER_LON + 0.001},{CORNER_LAT - 0.001},{CORNER_LON + 0.0011},{CORNER_LAT}"
        found = features(get(client, project=project.pk, zoom=14, bbox=bbox))
        assert [feature["id"] for feature in found] == [f"idea-{layout['just south'].pk}", "cell-14-2284-10139"]

    def test_negative_coordinates_floor_towards_minus_infinity(self, project):
        """Points a centimetre either side of the equator and of Greenwich land in cells -1 and 0 on every database."""
        for lat, lon in [(-TINY, -TINY), (-TINY, -TINY), (TINY, TINY), (TINY, TINY), (-TINY, TINY), (-TINY, TINY)]:
            place(project, lat, lon)
        clusters = selectors.idea_clusters(project_id=project.pk, zoom=14)
        assert [(c.column, c.row, c.count) for c in clusters] == [(-1, -1, 2), (0, -1, 2), (0, 0, 2)]
        assert clusters[0].bbox == (-CELL_14, -CELL_14, 0.0, 0.0)

    def test_the_zoom_where_points_begin_is_a_setting(self, client, project, layout):
        """PARTICIPATION_CLUSTER_MAX_ZOOM moves the switch from clusters to points."""
        assert len(features(get(client, project=project.pk, zoom=15))) == len(LAYOUT)
        with override_settings(PARTICIPATION_CLUSTER_MAX_ZOOM=16):
            assert len(features(get(client, project=project.pk, zoom=15))) == 4
        with override_settings(PARTICIPATION_CLUSTER_MAX_ZOOM=10):
            assert len(features(get(client, project=project.pk, zoom=14))) == len(LAYOUT)


class TestVisibility:
    @pytest.mark.parametrize("zoom", [12, 16])
    def test_only_public_located_ideas_of_the_project(self, client, project, project_index, tmf, zoom):
        """Pending, hidden, merged, unlocated and other projects' ideas never appear, as points or in counts."""
        lat, lon = 55.6945, 12.548
        kept = place(project, lat, lon, title="synlig")
        place(project, lat, lon, title="afventer", visibility=Visibility.PENDING)
        place(project, lat, lon, title="skjult", visibility=Visibility.HIDDEN, hidden_reason="Spam")
        place(project, lat, lon, title="flettet", merged_into=kept)
        place(project, None, None, title="uden sted")
        other = create_project(project_index, title="Andet projekt", administration=tmf)
        place(other, lat, lon, title="andet projekt")

        found = features(get(client, project=project.pk, zoom=zoom))

        assert len(found) == 1
        assert found[0]["properties"]["title"] == "synlig"

    def test_unpublished_project_is_not_found(self, client, project):
        """A project page that is not published gives 404, with a message, whatever its ideas."""
        place(project, 55.6945, 12.548)
        project.unpublish()
        response = get(client, project=project.pk, zoom=15)
        assert response.status_code == 404
        assert "No published project" in response.json()["detail"]


class TestValidation:
    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"bbox": "12.5,55.6,12.6"}, "four comma-separated numbers"),
            ({"bbox": "a,b,c,d"}, "four comma-separated numbers"),
            ({"bbox": "12.5,55.6,12.6,55.7,1"}, "four comma-separated numbers"),
            ({"bbox": ""}, "four comma-separated numbers"),
            ({"bbox": "nan,55.6,12.6,55.7"}, "finite"),
            ({"bbox": "12.5,55.6,inf,55.7"}, "finite"),
            ({"bbox": "-181,55.6,12.6,55.7"}, "longitudes"),
            ({"bbox": "12.5,55.6,12.6,91"}, "latitudes"),
            ({"bbox": "12.6,55.6,12.5,55.7"}, "min_lon < max_lon"),
            ({"bbox": "12.5,55.7,12.6,55.7"}, "min_lat < max_lat"),
            ({"zoom": "-1"}, "greater than or equal to 0"),
            ({"zoom": "23"}, "less than or equal to 22"),
            ({"zoom": "abc"}, "valid integer"),
            ({"zoom": "14.5"}, "integer"),
            ({"zoom": None}, "zoom"),
            ({"project": None}, "project"),
            ({"project": "abc"}, "valid integer"),
            ({"project": "0"}, "greater than or equal to 1"),
            ({"status": "maybe"}, "unanswered"),
            ({"category": "trees"}, "valid integer"),
            ({"lang": "sv"}, "lang must be one of: da, en"),
        ],
    )
    def test_bad_parameters_are_a_422_with_a_message(self, client, project, params, message):
        """A missing or malformed parameter is answered 422 with a message naming the problem, never a 500."""
        query = {"project": project.pk, "zoom": 14, **params}
        response = client.get(URL, {key: value for key, value in query.items() if value is not None})
        assert response.status_code == 422
        assert message in response.content.decode()

    @pytest.mark.parametrize("project_id", ["999999", "3000000000"])
    def test_unknown_project_is_a_404(self, client, project, project_id):
        """An id that is no project, even one too large for a 32-bit column, is a 404 with a message."""
        response = client.get(URL, {"project": project_id, "zoom": 14})
        assert response.status_code == 404
        assert project_id in response.json()["detail"]

    @pytest.mark.parametrize("name", ["project", "category"])
    def test_an_id_beyond_64_bits_is_a_422(self, client, project, name):
        """An id no database could hold is refused before any query, not left to overflow into a 500."""
        query = {"project": project.pk, "zoom": 14, name: "99999999999999999999"}
        response = client.get(URL, query)
        assert response.status_code == 422
        assert "less than or equal to 9223372036854775807" in response.content.decode()


def test_openapi_schema_documents_the_endpoint(client):
    """/api/openapi.json is served and describes /api/ideas.geojson with its parameters and GeoJSON answer."""
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Sammen om byen API"
    operation = schema["paths"]["/api/ideas.geojson"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert set(parameters) == {"project", "bbox", "zoom", "district", "category", "status", "lang"}
    assert parameters["project"]["required"] and parameters["zoom"]["required"]
    assert "application/geo+json" in operation["responses"]["200"]["content"]
    assert "cluster" in operation["description"]


def test_no_docs_page_loading_scripts_from_a_cdn(client):
    """The interactive docs page is off, since it would load Swagger UI from a CDN."""
    assert client.get("/api/docs", follow=True).status_code == 404


def count_queries(client, **params) -> tuple[int, list]:
    get(client, **params)
    with CaptureQueriesContext(connection) as queries:
        found = features(get(client, **params))
    return len(queries), found


def add_ideas(project, count: int, users, category, start: int = 0):
    """Ideas spread over several cells at zoom 13, each with a category and some supports."""
    for number in range(start, start + count):
        idea = place(
            project, 55.690 + (number % 10) * 0.002, 12.540 + (number // 10) * 0.003, title=f"Idé {number}",
            category=category, answer_status=AnswerStatus.RECEIVED,
        )  # fmt: skip
        for user in users[: number % 3]:
            Support.objects.create(idea=idea, user=user)


@pytest.mark.parametrize("zoom", [13, 16])
def test_query_count_does_not_grow_from_1_to_50_ideas(client, project, citizen, other_citizen, zoom):
    """Points and clusters cost the same number of queries with 1 and with 50 ideas."""
    category = Category.objects.create(project=project, name="Træer", locale=project.locale)
    users = [citizen, other_citizen]
    add_ideas(project, 1, users, category)
    with_one, found = count_queries(client, project=project.pk, zoom=zoom)
    assert len(found) == 1
    add_ideas(project, 49, users, category, start=1)
    with_fifty, found = count_queries(client, project=project.pk, zoom=zoom)
    if zoom == 16:
        assert len(found) == 50
    else:
        counts = [f["properties"]["count"] if f["properties"]["cluster"] else 1 for f in found]
        assert sum(counts) == 50
        assert any(f["properties"]["cluster"] for f in found)
    assert with_one == with_fifty <= 4
