from django.conf import settings

from .models import District


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
