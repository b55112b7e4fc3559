"""The ideas map's GeoJSON endpoint: points at street level, clusters counted by the database below it.

Mounted by `config.api` at `/api/`; the schema is at `/api/openapi.json`.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import AfterValidator, field_validator

from . import cache as page_cache
from . import selectors
from .models import AnswerStatus, Idea

router = Router(tags=["ideas"])

GEOJSON = "application/geo+json"
CACHE_CONTROL = "public, max-age=60"
STATUS_FILTERS = (*AnswerStatus.values, selectors.UNANSWERED)
MAX_ID = 2**63 - 1  # the largest id either database stores; a larger one could not even be looked up


def parse_bbox(value: str) -> selectors.BBox:
    """`min_lon,min_lat,max_lon,max_lat` in degrees: four finite numbers, in range, each minimum below its maximum."""
    parts = value.split(",")
    if len(parts) != 4:
        raise ValueError("bbox must be four comma-separated numbers: min_lon,min_lat,max_lon,max_lat")
    try:
        min_lon, min_lat, max_lon, max_lat = (float(part) for part in parts)
    except ValueError:
        raise ValueError("bbox must be four comma-separated numbers: min_lon,min_lat,max_lon,max_lat") from None
    if not all(math.isfinite(number) for number in (min_lon, min_lat, max_lon, max_lat)):
        raise ValueError("bbox must be four finite numbers")
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
        raise ValueError("bbox longitudes must be between -180 and 180")
    if not (-90 <= min_lat <= 90 and -90 <= max_lat <= 90):
        raise ValueError("bbox latitudes must be between -90 and 90")
    if not (min_lon < max_lon and min_lat < max_lat):
        raise ValueError("bbox must have min_lon < max_lon and min_lat < max_lat")
    return (min_lon, min_lat, max_lon, max_lat)


def _language_choices(schema: dict) -> None:
    """The site's languages as the schema's enum, read when the schema is built (not at import)."""
    schema["enum"] = list(dict(settings.LANGUAGES))


class IdeaMapParams(Schema):
    project: int = Field(..., ge=1, le=MAX_ID, description="Id of the project page whose ideas are shown.")
    zoom: int = Field(
        ...,
        ge=0,
        le=22,
        description="The map's zoom level. Below PARTICIPATION_CLUSTER_MAX_ZOOM (default 15) ideas come clustered.",
    )
    bbox: Annotated[str, AfterValidator(parse_bbox)] | None = Field(
        None,
        description="The visible area, `min_lon,min_lat,max_lon,max_lat` in degrees (WGS 84); default: everywhere.",
        examples=["12.53,55.68,12.57,55.71"],
    )
    district: str | None = Field(
        None,
        max_length=100,
        pattern=r"^[-\w]+$",
        description="Only ideas in this district (its slug, e.g. `norrebro`).",
    )
    category: int | None = Field(None, ge=1, le=MAX_ID, description="Only ideas of this category (its id).")
    status: Literal[STATUS_FILTERS] | None = Field(  # type: ignore[valid-type]
        None, description='Only ideas with this answer status; "unanswered": no answer yet, or only "received".'
    )
    lang: Annotated[str, Field(json_schema_extra=_language_choices)] | None = Field(
        None,
        description="Language of the links and labels (`da`, `en`). Default: the request's language, else Danish.",
    )

    @field_validator("lang")
    @classmethod
    def known_language(cls, value: str | None) -> str | None:
        if value is not None and value not in dict(settings.LANGUAGES):
            raise ValueError(f"lang must be one of: {', '.join(dict(settings.LANGUAGES))}")
        return value


class PointGeometry(Schema):
    type: Literal["Point"] = "Point"
    coordinates: tuple[float, float] = Field(..., description="Longitude, latitude.")


class IdeaProperties(Schema):
    cluster: Literal[False] = False
    id: int
    title: str
    url: str = Field(..., description="The idea's page, in the response's language.")
    category: str | None = Field(None, description="The category's name.")
    status: str | None = Field(None, description="The answer status; null while the idea has none.")
    status_label: str | None = Field(None, description="The answer status in the response's language.")
    support_count: int


class ClusterProperties(Schema):
    cluster: Literal[True] = True
    count: int = Field(..., description="How many ideas the cell holds.")
    bbox: tuple[float, float, float, float] = Field(
        ..., description="The grid cell, `min_lon,min_lat,max_lon,max_lat`: zoom to it to see its ideas."
    )


class IdeaFeature(Schema):
    type: Literal["Feature"] = "Feature"
    id: str = Field(..., description='"idea-<id>" for an idea, "cell-<zoom>-<column>-<row>" for a cluster.')
    geometry: PointGeometry
    properties: Annotated[IdeaProperties | ClusterProperties, Field(discriminator="cluster")]


class IdeaFeatureCollection(Schema):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[IdeaFeature]


class Refusal(Schema):
    detail: str = Field(..., description="What was refused and why, in words.")


class ParameterProblem(Schema):
    loc: list[str | int] = Field(..., description='Where: `["query", "<parameter>"]`.')
    msg: str = Field(..., description="What is wrong with it.")
    type: str = Field(..., description="The kind of problem (pydantic's error type).")


class ParameterProblems(Schema):
    detail: list[ParameterProblem]


def _idea_feature(idea: Idea) -> dict:
    status = idea.answer_status or None
    return {
        "type": "Feature",
        "id": f"idea-{idea.pk}",
        "geometry": {"type": "Point", "coordinates": (idea.longitude, idea.latitude)},
        "properties": {
            "cluster": False,
            "id": idea.pk,
            "title": idea.title,
            "url": reverse("participation:idea_detail", kwargs={"pk": idea.pk}),
            "category": idea.category.name if idea.category else None,
            "status": status,
            "status_label": str(AnswerStatus(status).label) if status else None,
            "support_count": idea.support_count,
        },
    }


def _cluster_feature(cluster: selectors.Cluster, zoom: int) -> dict:
    return {
        "type": "Feature",
        "id": f"cell-{zoom}-{cluster.column}-{cluster.row}",
        "geometry": {"type": "Point", "coordinates": (cluster.longitude, cluster.latitude)},
        "properties": {"cluster": True, "count": cluster.count, "bbox": cluster.bbox},
    }


@router.get(
    "/ideas.geojson",
    response={200: IdeaFeatureCollection, 404: Refusal, 422: ParameterProblems},
    url_name="ideas_geojson",
    summary="A project's ideas on the map",
    openapi_extra={
        "responses": {
            200: {
                "description": "A GeoJSON FeatureCollection (RFC 7946), served as application/geo+json.",
                "content": {GEOJSON: {"schema": {"$ref": "#/components/schemas/IdeaFeatureCollection"}}},
            },
            404: {"description": "No published, public project with this id."},
            422: {"description": "A parameter is missing or invalid; `detail` says which and why."},
        }
    },
)
def ideas_geojson(request: HttpRequest, response: HttpResponse, params: Query[IdeaMapParams]):
    """The project's public ideas that have a location, as a GeoJSON FeatureCollection.

    Only published, unmerged ideas of a published, public project. At zoom >=
    `PARTICIPATION_CLUSTER_MAX_ZOOM` (default 15) every idea inside `bbox` is a point feature
    (`cluster: false`) with its title, page URL, category, answer status and label, and support count.
    Below it the database groups the ideas on a square grid of 90 / 2**zoom degrees (64 pixels of a
    256-pixel tile): each non-empty cell the box touches is one feature at the average position of its
    ideas, with `cluster: true`, the `count` and the cell's `bbox`; a cell holding one idea is that
    idea's point feature instead. Cells are counted whole, also beyond the box's edge. The number of
    database queries does not depend on the number of ideas.
    """
    page_cache.cache_response(
        request, project_id=params.project, params=IdeaMapParams.model_fields
    )  # anonymous visitors: participation/cache.py
    if not selectors.map_project_exists(project_id=params.project):
        raise HttpError(404, f"No published project with id {params.project}.")
    filters = {"district": params.district, "category": params.category, "status": params.status}
    language = params.lang or getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        if params.zoom >= settings.PARTICIPATION_CLUSTER_MAX_ZOOM:
            ideas = selectors.ideas_in_bbox(project_id=params.project, bbox=params.bbox, **filters)
            features = [_idea_feature(idea) for idea in ideas]
        else:
            clusters = selectors.idea_clusters(project_id=params.project, zoom=params.zoom, bbox=params.bbox, **filters)
            features = [
                _idea_feature(cluster.idea) if cluster.idea is not None else _cluster_feature(cluster, params.zoom)
                for cluster in clusters
            ]
    response["Content-Type"] = GEOJSON
    response["Cache-Control"] = CACHE_CONTROL
    if params.lang is None:
        # The language then comes from the cookie or Accept-Language: caches must keep the versions apart.
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
    response["Content-Language"] = language
    return {"type": "FeatureCollection", "features": features}
