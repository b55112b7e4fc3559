from django.http import JsonResponse
from django.views.decorators.http import require_safe

from . import selectors


@require_safe
def districts_geojson(request):
    """The district outlines as a GeoJSON FeatureCollection."""
    response = JsonResponse(
        selectors.districts_feature_collection(),
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response
