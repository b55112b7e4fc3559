"""Reads for the CMS pages. Query shape lives here, so templates never cause a query per item."""

import datetime

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import QueryDict
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Locale

from maps.models import District
from participation.models import OPEN_PHASE_TYPES, Phase, local_date

from .models import Administration, ProjectPage

CARD_RENDITION = "fill-640x360"


def _with_card_data(projects: QuerySet[ProjectPage]) -> QuerySet[ProjectPage]:
    # CARD_RENDITION must match the filter spec in templates/cms/includes/project_card.html.
    images = get_image_model().objects.prefetch_renditions(CARD_RENDITION)
    return projects.select_related("administration").prefetch_related(
        Prefetch("image", queryset=images),
        Prefetch("phases", queryset=Phase.objects.order_by("start", "sort_order")),
        Prefetch("districts", queryset=District.objects.order_by("code")),
    )


def project_list(
    *,
    parent=None,
    locale: Locale | None = None,
    district: District | None = None,
    administration: Administration | None = None,
    phase_type: str | None = None,
    today: datetime.date | None = None,
) -> QuerySet[ProjectPage]:
    """Live projects, newest first, filtered by district, administration and current phase."""
    projects = ProjectPage.objects.live()
    if parent is not None:
        projects = projects.child_of(parent)
    if locale is not None:
        projects = projects.filter(locale=locale)
    if district is not None:
        projects = projects.filter(districts=district)
    if administration is not None:
        projects = projects.filter(administration=administration)
    if phase_type:
        day = local_date(today)
        running = Phase.objects.filter(phase_type=phase_type, start__lte=day, end__gte=day)
        projects = projects.filter(pk__in=running.values("project_id"))
    return _with_card_data(projects.order_by("-first_published_at", "-pk"))


def open_projects(*, locale: Locale, today: datetime.date | None = None, limit: int = 12) -> list[ProjectPage]:
    """Projects in a phase where citizens can take part now, the ones closing soonest first."""
    day = local_date(today)
    running = Phase.objects.filter(
        project=OuterRef("pk"), phase_type__in=OPEN_PHASE_TYPES, start__lte=day, end__gte=day
    )
    projects = (
        ProjectPage.objects.live()
        .filter(locale=locale)
        .annotate(open_until=Subquery(running.order_by("end").values("end")[:1]))
        .filter(open_until__isnull=False)
        .order_by("open_until", "pk")
    )
    return list(_with_card_data(projects)[:limit])


def project_map_data(projects, *, request=None, districts=None) -> dict:
    """What the map needs: project markers and the district outlines, as plain data for json_script.

    With `districts` the map is one project's own (its page): its districts are highlighted and, instead of
    a marker leading to the page itself, the map shows the project's ideas from the ideas GeoJSON endpoint
    (`ideasUrl`; `project` is the page's id), filtered like the page's list of ideas.
    """
    data = {"markers": [], "districtsUrl": reverse("maps:districts_geojson"), "highlight": []}
    if districts is not None:
        project = next(iter(projects), None)
        data["highlight"] = [district.slug for district in districts]
        if project is not None:
            data.update(ideasUrl=reverse("api:ideas_geojson"), project=project.pk)
        return data
    for project in projects:
        point = project_point(project)
        if point is None:
            continue
        phase = project.current_phase()
        data["markers"].append(
            {
                "title": project.title,
                "url": project.get_url(request),
                "lat": point[0],
                "lon": point[1],
                "phase": phase.phase_type if phase else "",
                "phaseLabel": str(phase.get_phase_type_display()) if phase else "",
            }
        )
    return data


def project_point(project: ProjectPage) -> tuple[float, float] | None:
    """The project's own position, else the label point of its first district."""
    if project.latitude is not None and project.longitude is not None:
        return (project.latitude, project.longitude)
    districts = list(project.districts.all())
    if districts:
        return (districts[0].label_lat, districts[0].label_lon)
    return None


def querystring_without_page(params: QueryDict, *, page_param: str = "side") -> str:
    """The current filters as a query string, without the page number, for pagination links."""
    params = params.copy()
    params.pop(page_param, None)
    return params.urlencode()
