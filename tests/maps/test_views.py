import json
import re
from html import unescape

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from leaflet import app_settings as leaflet_settings

from maps import services
from maps.models import District

MAP_INCLUDE = Template('{% include "maps/map.html" with map_id="home-map" map_data=map_data label=label %}')
MAP_DATA = {
    "markers": [
        {
            "title": "Ny legeplads i Nørrebroparken",
            "url": "/da/projekter/legeplads/",
            "lat": 55.6985,
            "lon": 12.5434,
            "phase": "ideas",
        },
    ],
    "districtsUrl": "/kort/bydele.geojson",
    "highlight": ["norrebro"],
}


def render_map(map_data=MAP_DATA, label="", language="en") -> str:
    with translation.override(language):
        return MAP_INCLUDE.render(Context({"map_data": map_data, "label": label}))


def create_districts(count: int) -> None:
    square = {"type": "Polygon", "coordinates": [[[12.5, 55.6], [12.6, 55.6], [12.6, 55.7], [12.5, 55.6]]]}
    District.objects.bulk_create(
        District(code=code, name=f"District {code}", slug=f"district-{code}", outline=square)
        for code in range(1, count + 1)
    )


@pytest.mark.django_db
def test_districts_geojson_is_a_feature_collection_with_attribution(client):
    """The district endpoint serves every district as GeoJSON, credited to Københavns Kommune."""
    services.load_demo_areas()

    response = client.get(reverse("maps:districts_geojson"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    assert collection["attribution"] == settings.MAP_OUTLINES_ATTRIBUTION
    assert "Københavns Kommune, CC BY 4.0" in collection["attribution"]
    features = {feature["id"]: feature for feature in collection["features"]}
    assert len(features) == 10
    assert features["norrebro"]["properties"] == {"code": 3, "name": "Nørrebro", "slug": "norrebro"}
    assert features["norrebro"]["geometry"]["type"] in {"Polygon", "MultiPolygon"}


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 50])
def test_districts_geojson_takes_one_query_however_many_districts(client, django_assert_num_queries, count):
    """The district endpoint needs one database query at 1 district and at 50."""
    create_districts(count)

    with django_assert_num_queries(1):
        response = client.get("/kort/bydele.geojson")

    assert len(response.json()["features"]) == count


@pytest.mark.django_db
def test_districts_geojson_only_answers_get(client):
    """Writing to the district endpoint is refused."""
    assert client.post("/kort/bydele.geojson").status_code == 405


def test_map_uses_the_bundled_leaflet_and_nothing_from_the_internet():
    """The map loads Leaflet from django-leaflet's static files and no script or style from another site."""
    html = render_map()

    assert f'src="{settings.STATIC_URL}leaflet/leaflet' in html
    assert f'href="{settings.STATIC_URL}leaflet/leaflet.css"' in html
    assert f"{settings.STATIC_URL}vendor/leaflet.markercluster/leaflet.markercluster.js" in html
    assert f'<script type="module" src="{settings.STATIC_URL}js/map.js"></script>' in html
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_map_passes_its_data_as_json():
    """Markers, the districts URL and the highlighted districts reach the script as JSON."""
    html = render_map()

    match = re.search(r'<script id="home-map-data" type="application/json">(.*?)</script>', html, re.S)
    assert match
    assert json.loads(match.group(1)) == MAP_DATA
    assert 'data-map-data="home-map-data"' in html


def test_marker_titles_cannot_break_out_of_the_data_script():
    """A project title containing HTML stays data and cannot inject a script."""
    html = render_map({"markers": [{"title": "</script><script>alert(1)</script>", "lat": 55.7, "lon": 12.5}]})

    assert "<script>alert(1)" not in html


def test_map_is_a_labelled_focusable_region():
    """The map is a keyboard-focusable region with a name and instructions for keyboard users."""
    html = render_map(label="Projects on the map")

    assert 'role="region"' in html
    assert 'tabindex="0"' in html
    assert 'aria-label="Projects on the map"' in html
    assert 'aria-describedby="home-map-help"' in html
    assert 'id="home-map-help"' in html
    assert "arrow keys" in html


def test_map_has_a_default_name_and_labelled_zoom_buttons():
    """Without a label the map is called "Map of Copenhagen"; the zoom buttons get translatable labels."""
    html = render_map()

    assert 'aria-label="Map of Copenhagen"' in html
    assert 'data-zoom-in="Zoom in"' in html
    assert 'data-zoom-out="Zoom out"' in html
    assert 'data-cluster-label="%(count)s projects here. Select to zoom in."' in html


def test_map_speaks_danish_on_danish_pages():
    """On Danish pages the map's name, zoom buttons and keyboard help are in Danish."""
    html = render_map(language="da")

    assert 'aria-label="Kort over København"' in html
    assert 'data-zoom-in="Zoom ind"' in html
    assert 'data-cluster-label="%(count)s projekter her. Vælg for at zoome ind."' in html
    assert "piletasterne" in html


def test_map_without_tiles_still_draws_districts():
    """With no tile server configured (tests, offline), the map has no tile layer but still loads the outlines."""
    html = render_map()

    assert leaflet_settings["TILES"] == []
    djoptions = _djoptions(html)
    assert djoptions["layers"] == []
    assert "tile.openstreetmap.org" not in html
    assert '"districtsUrl": "/kort/bydele.geojson"' in html


def test_map_with_tiles_credits_the_tile_source(monkeypatch):
    """With OpenStreetMap tiles configured (development), the map uses them and credits OpenStreetMap."""
    tiles = [("OpenStreetMap", "https://tile.openstreetmap.org/{z}/{x}/{y}.png", {"attribution": "© OpenStreetMap"})]
    monkeypatch.setitem(leaflet_settings, "TILES", tiles)

    djoptions = _djoptions(render_map())

    assert djoptions["layers"] == [["OpenStreetMap", tiles[0][1], {"attribution": "© OpenStreetMap"}]]


def _djoptions(html: str) -> dict:
    """django-leaflet's map options, which travel in a data attribute (no inline script: templates/leaflet/)."""
    match = re.search(r'data-djoptions="([^"]*)"', html)
    assert match, "django-leaflet's map setup is missing"
    return json.loads(unescape(match.group(1)))
