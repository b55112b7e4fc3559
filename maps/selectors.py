from collections.abc import Iterable

from django.conf import settings

from . import geometry
from .models import Area, District, LocalCommittee


def districts_feature_collection() -> dict:
    """All districts as one GeoJSON FeatureCollection (one query), crediting the outlines' source."""
    districts = District.objects.only("code", "name", "slug", "outline").order_by("code")
    return {
        "type": "FeatureCollection",
        # A foreign member (RFC 7946 §6.1): the map shows it in its attribution control.
        "attribution": settings.MAP_OUTLINES_ATTRIBUTION,
        "features": [
            {
                "type": "Feature",
                "id": district.slug,
                "properties": {"code": district.code, "name": district.name, "slug": district.slug},
                "geometry": district.outline,
            }
            for district in districts
        ],
    }


# Simplified outlines leave slivers of a few metres between neighbours; a pin that close to an
# area is taken as inside it.
BORDER_TOLERANCE_M = 30.0


def district_at(lat: float, lon: float, *, among: Iterable[District] | None = None) -> District | None:
    """The district containing the point (or within a few metres of it), among the given ones or all ten."""
    return _area_at(lat, lon, list(among) if among is not None else list(District.objects.all()))


def committee_at(lat: float, lon: float, *, district: District | None = None) -> LocalCommittee | None:
    """The local committee containing the point, looked for first inside the given district."""
    committees = LocalCommittee.objects.all()
    if district is not None:
        found = _area_at(lat, lon, list(committees.filter(district=district)))
        if found is not None:
            return found
    return _area_at(lat, lon, list(committees))


def _area_at(lat: float, lon: float, areas: list) -> Area | None:
    candidates = [area for area in areas if _near_bbox(area, lat, lon)]
    for area in candidates:
        if geometry.contains(area.outline, lat, lon):
            return area
    nearest = min(candidates, key=lambda area: geometry.distance_m(area.outline, lat, lon), default=None)
    if nearest is not None and geometry.distance_m(nearest.outline, lat, lon) <= BORDER_TOLERANCE_M:
        return nearest
    return None


def _near_bbox(area: Area, lat: float, lon: float, margin: float = 0.001) -> bool:
    within_lat = area.min_lat - margin <= lat <= area.max_lat + margin
    return within_lat and area.min_lon - margin <= lon <= area.max_lon + margin
