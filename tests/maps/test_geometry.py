import json
from pathlib import Path

import pytest
from django.conf import settings
from shapely.geometry import Point, shape

from maps import geometry

SQUARE = {"type": "Polygon", "coordinates": [[[12.5, 55.6], [12.6, 55.6], [12.6, 55.7], [12.5, 55.7], [12.5, 55.6]]]}
# A bow tie: the ring crosses itself in the middle.
BOW_TIE = {"type": "Polygon", "coordinates": [[[12.5, 55.6], [12.6, 55.7], [12.6, 55.6], [12.5, 55.7], [12.5, 55.6]]]}


@pytest.fixture
def bydele() -> dict[str, dict]:
    path = Path(settings.BASE_DIR).parent / "shared" / "data" / "copenhagen" / "bydele.geojson"
    assert path.exists(), f"The shared reference data is missing: {path}"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {feature["properties"]["navn"]: feature["geometry"] for feature in features}


def test_valid_outline_is_kept():
    """A valid polygon comes back as the same polygon."""
    cleaned = geometry.clean_outline(SQUARE)

    assert cleaned.repaired == ""
    assert shape(cleaned.outline).equals(shape(SQUARE))


def test_self_intersecting_outline_is_repaired_and_says_why():
    """A self-intersecting ring is repaired into a valid area, with the reason given."""
    cleaned = geometry.clean_outline(BOW_TIE)

    repaired = shape(cleaned.outline)
    assert repaired.is_valid
    assert repaired.area == pytest.approx(0.005)  # both triangles of the bow tie
    assert "Self-intersection" in cleaned.repaired


def test_z_coordinates_are_dropped():
    """Outlines with heights are stored flat, as lon/lat pairs."""
    with_z = {"type": "Polygon", "coordinates": [[[*point, 12.0] for point in SQUARE["coordinates"][0]]]}

    outline = geometry.clean_outline(with_z).outline

    assert all(len(point) == 2 for point in outline["coordinates"][0])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"type": "Polygon", "coordinates": []}, "empty"),
        ({"type": "LineString", "coordinates": [[12.5, 55.6], [12.6, 55.7]]}, "Polygon or MultiPolygon"),
        ({"type": "Point", "coordinates": [12.5, 55.6]}, "Polygon or MultiPolygon"),
        ({"type": "Polygon", "coordinates": "nonsense"}, "not a readable GeoJSON Polygon"),
        ({"coordinates": []}, "not a GeoJSON geometry"),
        ({"type": "Feature", "geometry": SQUARE}, "Feature"),
        (
            {
                "type": "Polygon",
                "coordinates": [[[720000, 6170000], [730000, 6170000], [730000, 6180000], [720000, 6170000]]],
            },
            "EPSG:4326",
        ),
    ],
)
def test_unusable_outlines_are_refused_with_a_reason(data, message):
    """Empty, non-area, malformed and projected outlines are refused with a message saying what is wrong."""
    with pytest.raises(ValueError, match=message):
        geometry.clean_outline(data)


def test_simplifying_keeps_a_valid_outline_with_fewer_points(bydele):
    """Simplifying a district keeps it valid and close to the original with far fewer points."""
    original = shape(bydele["Østerbro"])

    simplified = shape(geometry.clean_outline(bydele["Østerbro"], simplify_tolerance=0.0002).outline)

    assert simplified.is_valid
    assert _count_points(simplified) < _count_points(original) / 3
    assert simplified.symmetric_difference(original).area < original.area * 0.01


def test_coordinates_are_rounded_to_six_decimals(bydele):
    """Stored coordinates have at most six decimals (about 0.1 m), which keeps outlines small."""
    outline = geometry.clean_outline(bydele["Valby"]).outline

    ring = outline["coordinates"][0] if outline["type"] == "Polygon" else outline["coordinates"][0][0]
    assert all(round(value, 6) == value for point in ring for value in point)


def test_bbox_and_label_point_describe_the_outline():
    """The bounding box encloses the outline and the label point lies inside it."""
    crescent = {
        "type": "Polygon",
        "coordinates": [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 3], [3, 3], [3, 1], [0, 1], [0, 0]]],
    }

    assert geometry.bbox(SQUARE) == (12.5, 55.6, 12.6, 55.7)
    point = geometry.label_point(crescent)
    assert shape(crescent).contains(Point(point.lon, point.lat))


def test_contains_finds_norrebro_station_in_norrebro(bydele):
    """The area around Nørrebro Station (55.7007 N, 12.5377 E) lies in Nørrebro and in no other district."""
    holding = [name for name, outline in bydele.items() if geometry.contains(outline, 55.7007, 12.5377)]

    assert holding == ["Nørrebro"]


def test_repeated_lookups_reuse_the_prepared_outline(bydele):
    """Checking many points against one outline prepares it only once."""
    geometry.contains(bydele["Nørrebro"], 55.7007, 12.5377)
    hits_before = geometry._prepared.cache_info().hits

    for step in range(10):
        geometry.contains(bydele["Nørrebro"], 55.69 + step / 1000, 12.54)

    assert geometry._prepared.cache_info().hits == hits_before + 10


def _count_points(polygonal) -> int:
    polygons = polygonal.geoms if polygonal.geom_type == "MultiPolygon" else [polygonal]
    return sum(
        len(polygon.exterior.coords) + sum(len(ring.coords) for ring in polygon.interiors) for polygon in polygons
    )
