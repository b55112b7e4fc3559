"""Polygon helpers over shapely for area outlines.

An outline is a GeoJSON *geometry* dict (Polygon or MultiPolygon) in longitude/latitude (EPSG:4326),
as stored in `Area.outline`. Everything here takes and returns plain dicts and floats so that callers
never need to touch shapely themselves.
"""

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import shapely
import shapely.affinity
from shapely.geometry import MultiPolygon, Point, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry

PRECISION = 6  # decimals: about 0.1 m, far below what a map or a pin can show
POLYGONAL_TYPES = ("Polygon", "MultiPolygon")
METRES_PER_DEGREE = 111_320


class Bbox(NamedTuple):
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


class LonLat(NamedTuple):
    lon: float
    lat: float


@dataclass(frozen=True)
class CleanOutline:
    outline: dict
    # Why the input was invalid and had to be repaired; empty when it was valid as given.
    repaired: str = ""


def parse_geometry(data: dict | str) -> BaseGeometry:
    """A shapely geometry from a GeoJSON geometry dict (or its JSON text), without Z coordinates."""
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as error:
            raise ValueError(f"The outline is not valid JSON: {error}") from error
    if not isinstance(data, dict) or "type" not in data:
        raise ValueError("The outline is not a GeoJSON geometry (an object with a 'type').")
    if data["type"] == "Feature":
        raise ValueError("Expected a GeoJSON geometry, got a Feature: pass its 'geometry'.")
    try:
        geometry = shape(data)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, shapely.errors.ShapelyError) as error:
        raise ValueError(f"The outline is not a readable GeoJSON {data['type']}: {error}") from error
    return shapely.force_2d(geometry)


def clean_outline(data: dict | str, *, simplify_tolerance: float = 0.0, precision: int = PRECISION) -> CleanOutline:
    """Validate, repair, simplify and round an outline.

    Refuses (ValueError) anything that does not describe an area in lon/lat: empty geometries,
    points and lines, and projected coordinates such as the city's default UTM (EPSG:25832).
    `simplify_tolerance` is in degrees (0.0001 is about 7 m here); 0 keeps every vertex.
    """
    geometry = parse_geometry(data)
    if geometry.is_empty:
        raise ValueError("The outline is empty.")
    if geometry.geom_type not in POLYGONAL_TYPES and geometry.geom_type != "GeometryCollection":
        raise ValueError(f"The outline must be a Polygon or MultiPolygon, not a {geometry.geom_type}.")
    _check_lon_lat(geometry)

    repaired = ""
    if not geometry.is_valid:
        repaired = shapely.is_valid_reason(geometry)
        geometry = shapely.make_valid(geometry)
    geometry = _polygonal_part(geometry)

    if simplify_tolerance > 0:
        geometry = _polygonal_part(_valid(geometry.simplify(simplify_tolerance, preserve_topology=True)))
    # Snapping to the grid keeps the result valid, unlike rounding each coordinate on its own.
    geometry = _polygonal_part(shapely.set_precision(geometry, 10**-precision))
    geometry = shapely.orient_polygons(geometry)  # RFC 7946: exterior rings counter-clockwise
    return CleanOutline(outline=to_geojson(geometry, precision=precision), repaired=repaired)


def to_geojson(geometry: BaseGeometry, *, precision: int = PRECISION) -> dict:
    """A GeoJSON geometry dict with coordinates rounded to `precision` decimals."""
    return _round_coordinates(mapping(geometry), precision)


def bbox(outline: dict) -> Bbox:
    return Bbox(*_prepared(_cache_key(outline)).bounds)


def label_point(outline: dict) -> LonLat:
    """A point guaranteed to lie inside the outline (unlike the centroid of a crescent or a harbour)."""
    point = _prepared(_cache_key(outline)).representative_point()
    return LonLat(round(point.x, PRECISION), round(point.y, PRECISION))


def contains(outline: dict, lat: float, lon: float) -> bool:
    """Whether the point lies inside the outline or on its border. Note the order: lat, lon."""
    return _prepared(_cache_key(outline)).intersects(Point(lon, lat))


def distance_m(outline: dict, lat: float, lon: float) -> float:
    """Roughly how far (in metres) the point lies outside the outline; 0 inside. Good to a few per cent here."""
    geometry = _prepared(_cache_key(outline))
    scale = math.cos(math.radians(lat))
    # Compare in a local frame where a degree of longitude is as long as it is at this latitude.
    point = Point(lon * scale, lat)
    scaled = shapely.affinity.scale(geometry, xfact=scale, yfact=1.0, origin=(0, 0))
    return scaled.distance(point) * METRES_PER_DEGREE


def _cache_key(outline: dict) -> str:
    return json.dumps(outline, sort_keys=True, separators=(",", ":"))


@lru_cache(maxsize=128)
def _prepared(key: str) -> BaseGeometry:
    # Keyed by the outline's JSON so an edited outline never hits a stale entry; 128 covers the
    # 22 areas with room for old versions while an import runs.
    geometry = parse_geometry(key)
    shapely.prepare(geometry)
    return geometry


def _check_lon_lat(geometry: BaseGeometry) -> None:
    min_x, min_y, max_x, max_y = geometry.bounds
    if min_x < -180 or max_x > 180 or min_y < -90 or max_y > 90:
        raise ValueError(
            "The outline's coordinates are not longitude/latitude (EPSG:4326); "
            "fetch it with SRSNAME=EPSG:4326 or reproject it first."
        )


def _valid(geometry: BaseGeometry) -> BaseGeometry:
    return geometry if geometry.is_valid else shapely.make_valid(geometry)


def _polygonal_part(geometry: BaseGeometry) -> Polygon | MultiPolygon:
    """The areas of a geometry, dropping the lines and points that repairing may leave behind."""
    if geometry.geom_type in POLYGONAL_TYPES and not geometry.is_empty:
        return geometry
    polygons = [part for part in _flatten(geometry) if isinstance(part, Polygon) and not part.is_empty]
    if not polygons:
        raise ValueError("The outline has no area: it collapses to lines or points.")
    return shapely.union_all(polygons)


def _flatten(geometry: BaseGeometry) -> list[BaseGeometry]:
    if geometry.geom_type in ("GeometryCollection", "MultiPolygon", "MultiLineString", "MultiPoint"):
        return [leaf for part in shapely.get_parts(geometry) for leaf in _flatten(part)]
    return [geometry]


def _round_coordinates(value: Any, precision: int) -> Any:
    if isinstance(value, float):
        return round(value, precision)
    if isinstance(value, list | tuple):
        return [_round_coordinates(item, precision) for item in value]
    if isinstance(value, dict):
        return {key: _round_coordinates(item, precision) for key, item in value.items()}
    return value
