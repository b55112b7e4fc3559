"""Reads for ideas. Query shape is decided here and nowhere else."""

import datetime
import math
import statistics
from dataclasses import dataclass

from django.db.models import Avg, Count, F, FloatField, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Floor
from django.urls import reverse
from wagtail.models import Locale

from .models import AnswerStatus, Comment, Idea, Report, Visibility


def visible_ideas(*, user=None) -> QuerySet[Idea]:
    """Ideas anyone may see (published, not merged), plus the person's own pending or hidden ones."""
    visible = Q(visibility=Visibility.PUBLISHED, merged_into__isnull=True)
    if user is not None and user.is_authenticated:
        visible |= Q(author=user)
    return Idea.objects.filter(visible)


def idea_for_page(*, pk: int, user=None) -> Idea | None:
    """One idea with what its page shows, or None when the person may not see it.

    With it come the proposals of citizens' budgets it is part of (`idea.proposals`, those on live projects, by
    number): the budgeting app's reverse relation, named here without importing that app.
    """
    proposal_model = Idea._meta.get_field("proposals").related_model
    proposals = proposal_model.objects.filter(round__project__live=True).only("pk", "title").order_by("pk")
    return (
        visible_ideas(user=user)
        .select_related("project", "district", "local_committee", "category", "answer_administration", "merged_into")
        .prefetch_related(Prefetch("proposals", queryset=proposals))
        .annotate(support_count=Count("supports", distinct=True))
        .filter(pk=pk)
        .first()
    )


IDEA_SORTS = {
    "nyeste": ("-created_at", "-pk"),
    "mest-stoettet": ("-support_count", "-created_at", "-pk"),
    "mest-debatteret": ("-comment_count", "-created_at", "-pk"),
}


def project_ideas(
    *,
    project,
    user=None,
    district=None,
    category=None,
    status: str | None = None,
    sort: str = "nyeste",
) -> QuerySet[Idea]:
    """A project's ideas for its list, with support and comment counts, filtered and sorted."""
    ideas = visible_ideas(user=user).filter(project__translation_key=project.translation_key)
    if district is not None:
        ideas = ideas.filter(district=district)
    if category is not None:
        ideas = ideas.filter(category=category)
    if status == "unanswered":
        ideas = ideas.filter(Q(answer_status="") | Q(answer_status=AnswerStatus.RECEIVED))
    elif status:
        ideas = ideas.filter(answer_status=status)
    return (
        ideas.select_related("district", "category")
        .annotate(
            support_count=Count("supports", distinct=True),
            comment_count=Count("comments", filter=Q(comments__visibility=Visibility.PUBLISHED), distinct=True),
        )
        .order_by(*IDEA_SORTS.get(sort, IDEA_SORTS["nyeste"]))
    )


@dataclass(frozen=True)
class AnswerStats:
    ideas: int
    answered: int
    median_days: float | None


def answer_stats(*, project) -> AnswerStats:
    """How many of the project's public ideas have an answer, and the median days to the first answer."""
    rows = list(
        visible_ideas()
        .filter(project__translation_key=project.translation_key)
        .values_list("created_at", "first_answered_at")
    )
    durations = [(answered - created).total_seconds() / 86400 for created, answered in rows if answered is not None]
    return AnswerStats(
        ideas=len(rows),
        answered=len(durations),
        median_days=round(statistics.median(durations), 1) if durations else None,
    )


def idea_comments(*, idea: Idea, user=None) -> list[Comment]:
    """Top-level comments with their replies, oldest first: published ones, and the person's own."""
    visible = Q(visibility=Visibility.PUBLISHED)
    if user is not None and user.is_authenticated:
        visible |= Q(author=user)
    replies = Comment.objects.filter(visible).select_related("author").order_by("created_at", "pk")
    return list(
        Comment.objects.filter(visible, idea=idea, parent__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "pk")
    )


def idea_map_data(*, idea: Idea) -> dict | None:
    """What the idea page's map needs (see templates/maps/map.html): the idea's pin, not a link since the
    page is the idea's own, over the district outlines with its district highlighted. None without a point."""
    if idea.latitude is None or idea.longitude is None:
        return None
    district = idea.district
    return {
        "markers": [
            {
                "title": idea.title,
                "lat": idea.latitude,
                "lon": idea.longitude,
                "phase": "idea",
                "phaseLabel": district.name if district else "",
            }
        ],
        "districtsUrl": reverse("maps:districts_geojson"),
        "highlight": [district.slug] if district else [],
    }


def supports(*, idea: Idea, user) -> bool:
    return user.is_authenticated and idea.supports.filter(user=user).exists()


# The map: points and server-side clusters -------------------------------------------------------

BBox = tuple[float, float, float, float]
"""A bounding box in degrees, in GeoJSON's order: min longitude, min latitude, max longitude, max latitude."""

UNANSWERED = "unanswered"
"""The status filter for ideas without an answer yet: no status, or only "Received"."""

# A web map's tile is 256 pixels wide and covers 360 / 2**zoom degrees of longitude; a cluster cell
# is 64 pixels of that, so the cell is 90 / 2**zoom degrees: exact in binary floating point.
TILE_PX = 256
CLUSTER_CELL_PX = 64


def _map_filter(
    ideas: QuerySet[Idea], *, district: str | None = None, category: int | None = None, status: str | None = None
) -> QuerySet[Idea]:
    """Narrow ideas by the list's filters (as `project_ideas` does), with the district given by its slug."""
    if district:
        ideas = ideas.filter(district__slug=district)
    if category is not None:
        ideas = ideas.filter(category_id=category)
    if status == UNANSWERED:
        ideas = ideas.filter(answer_status__in=["", AnswerStatus.RECEIVED])
    elif status:
        ideas = ideas.filter(answer_status=status)
    return ideas


def _same_project(project_id: int) -> QuerySet:
    """The translation key of a project page: ideas sent from its Danish and English pages belong together."""
    project_model = Idea._meta.get_field("project").related_model  # cms.ProjectPage, without importing cms
    return project_model.objects.filter(pk=project_id).values("translation_key")


def map_project_exists(*, project_id: int) -> bool:
    """Whether the project page is published and open to everyone, so that its ideas may be on a public map."""
    project_model = Idea._meta.get_field("project").related_model  # cms.ProjectPage, without importing cms
    return project_model.objects.live().public().filter(pk=project_id).exists()


def mapped_ideas(
    *, project_id: int, district: str | None = None, category: int | None = None, status: str | None = None
) -> QuerySet[Idea]:
    """The project's ideas that anyone may see (published, not merged) and that have a location, filtered."""
    ideas = visible_ideas().filter(
        project__translation_key__in=_same_project(project_id), latitude__isnull=False, longitude__isnull=False
    )
    return _map_filter(ideas, district=district, category=category, status=status)


def _with_point_details(ideas: QuerySet[Idea]) -> QuerySet[Idea]:
    """What a map point shows, in the same query: its category and its support count."""
    return (
        ideas.select_related("category")
        .only("pk", "title", "latitude", "longitude", "answer_status", "category__name")
        .annotate(support_count=Count("supports"))
        .order_by("pk")
    )


def ideas_in_bbox(*, project_id: int, bbox: BBox | None = None, **filters) -> QuerySet[Idea]:
    """The project's public, located ideas inside the box (edges included; the whole project without a box).

    Each idea has its category joined and `support_count` annotated, so a map of any size is one query.
    `filters` are those of `mapped_ideas`.
    """
    ideas = mapped_ideas(project_id=project_id, **filters)
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = bbox
        ideas = ideas.filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon))
    return _with_point_details(ideas)


def cluster_cell_size(zoom: int) -> float:
    """The side of a cluster cell in degrees at this zoom: 64 pixels of a 256-pixel web-map tile."""
    return CLUSTER_CELL_PX * 360 / (TILE_PX * 2**zoom)


@dataclass(frozen=True)
class Cluster:
    """The public ideas in one grid cell: how many, where they are on average, and the cell's box.

    `column` and `row` are floor(longitude / cell) and floor(latitude / cell). When the cell holds a
    single idea, `idea` is that idea (with its category and support count) so it can be shown as a point.
    """

    column: int
    row: int
    count: int
    latitude: float
    longitude: float
    bbox: BBox
    idea: Idea | None = None


def idea_clusters(*, project_id: int, zoom: int, bbox: BBox | None = None, **filters) -> list[Cluster]:
    """The project's public, located ideas grouped on a grid in SQL, one `Cluster` per non-empty cell.

    The grid depends on the zoom only (see `cluster_cell_size`), so clusters stay put when the map
    pans. Every cell the box touches is counted whole, ideas just outside the box included. The cell
    of a point is computed by the database with FLOOR on a float division, which rounds towards minus
    infinity on SQLite and PostgreSQL alike, so both give the same cells. Cells come ordered by row,
    then column. Two queries, whatever the number of ideas. `filters` are those of `mapped_ideas`.
    """
    cell = cluster_cell_size(zoom)
    cell_value = Value(cell, output_field=FloatField())
    ideas = mapped_ideas(project_id=project_id, **filters).annotate(
        column=Floor(F("longitude") / cell_value), row=Floor(F("latitude") / cell_value)
    )
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = bbox
        first_column, last_column = math.floor(min_lon / cell), math.floor(max_lon / cell)
        first_row, last_row = math.floor(min_lat / cell), math.floor(max_lat / cell)
        # The plain range (one cell wider on each side) lets the database use the point index; the
        # cell numbers then decide, so that a point on a cell border is never counted twice or lost.
        ideas = ideas.filter(
            latitude__range=((first_row - 1) * cell, (last_row + 2) * cell),
            longitude__range=((first_column - 1) * cell, (last_column + 2) * cell),
            row__range=(first_row, last_row),
            column__range=(first_column, last_column),
        )
    cells = (
        ideas.order_by()
        .values("row", "column")
        .annotate(count=Count("pk"), latitude=Avg("latitude"), longitude=Avg("longitude"), first=Min("pk"))
        .order_by("row", "column")
    )
    singles = Idea.objects.filter(pk__in=cells.filter(count=1).values("first"))
    lone_ideas = {idea.pk: idea for idea in _with_point_details(singles)}
    clusters = []
    for found in cells:
        column, row = int(found["column"]), int(found["row"])
        clusters.append(
            Cluster(
                column=column,
                row=row,
                count=found["count"],
                latitude=found["latitude"],
                longitude=found["longitude"],
                bbox=(column * cell, row * cell, (column + 1) * cell, (row + 1) * cell),
                idea=lone_ideas.get(found["first"]) if found["count"] == 1 else None,
            )
        )
    return clusters


# The Wagtail admin: the work queue and the moderators' lists -------------------------------------


def _administration_model():
    # `cms.Administration`, reached through the relation so that this app does not import `cms`.
    return Idea._meta.get_field("answer_administration").related_model


def _open_report_count(target: str) -> Coalesce:
    """The number of reports on the row's idea (`target="idea"`) or comment that nobody has dealt with yet."""
    reports = (
        Report.objects.filter(**{target: OuterRef("pk")}, resolved_at__isnull=True)
        .order_by()
        .values(target)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(reports), 0)


def answering_administrations() -> QuerySet:
    """The administrations, in the default language, by name: those an answer can be signed by."""
    return _administration_model().objects.filter(locale=Locale.get_default()).order_by("name")


def moderated_administrations(*, user) -> QuerySet:
    """The administrations (in the default language) whose case-officer group the user is in; all for a superuser."""
    administrations = answering_administrations()
    if user.is_superuser:
        return administrations
    if not user.is_authenticated or not user.is_active:
        return administrations.none()
    return administrations.filter(moderators__in=user.groups.all())


def is_case_officer(*, user) -> bool:
    """Whether the user moderates for at least one administration (superusers do for all).

    Asked by the menu and the views of one request alike, so the answer is kept on the user object.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = user.__dict__.get("_participation_case_officer")
    if cached is None:
        cached = _administration_model().objects.filter(moderators__in=user.groups.all()).exists()
        user.__dict__["_participation_case_officer"] = cached
    return cached


def work_queue(*, user, administration=None, visibility: str | None = None) -> QuerySet[Idea]:
    """The ideas waiting for the user's administrations, oldest first.

    Waiting means: no answer yet, or only "Received"; not merged into another idea; and public, waiting
    for approval, or hidden after reports that no moderator has looked at. Only the projects owned by
    an administration whose case-officer group the user is in (every project for a superuser) — the
    same test as `rules.is_moderator`. `administration` narrows to one administration in any language.
    Project, its administration and the district are joined and open reports counted in the same
    query, so a page of 1 or 50 ideas costs the same.
    """
    ideas = Idea.objects.filter(
        Q(answer_status="") | Q(answer_status=AnswerStatus.RECEIVED), merged_into__isnull=True
    ).annotate(open_reports=_open_report_count("idea"))
    ideas = ideas.filter(Q(visibility__in=[Visibility.PENDING, Visibility.PUBLISHED]) | Q(open_reports__gt=0))
    if not user.is_superuser:
        if not user.is_authenticated or not user.is_active:
            return ideas.none()
        ideas = ideas.filter(project__administration__moderators__in=user.groups.all())
    if administration is not None:
        ideas = ideas.filter(project__administration__translation_key=administration.translation_key)
    if visibility:
        ideas = ideas.filter(visibility=visibility)
    return ideas.select_related("project", "project__administration", "district").order_by("created_at", "pk")


def answer_deadline(idea: Idea) -> datetime.datetime:
    """When the idea must be answered: its creation plus the project's answer deadline in days."""
    return idea.created_at + datetime.timedelta(days=idea.project.answer_deadline_days)


def admin_ideas() -> QuerySet[Idea]:
    """Every idea, for the admin's list: project (with its administration, for the rules), district, merge target."""
    return Idea.objects.select_related("project", "project__administration", "district", "merged_into").annotate(
        open_reports=_open_report_count("idea")
    )


def idea_for_admin(*, pk: int) -> Idea | None:
    """One idea with everything its admin page and the moderators' forms show, or None."""
    return (
        Idea.objects.select_related(
            "project",
            "project__administration",
            "district",
            "local_committee",
            "category",
            "author",
            "answer_administration",
            "merged_into",
        )
        .annotate(support_count=Count("supports"), open_reports=_open_report_count("idea"))
        .filter(pk=pk)
        .first()
    )


def merge_candidates(*, idea: Idea) -> QuerySet[Idea]:
    """The ideas a duplicate may be merged into: the same project's other ideas, not hidden and not merged."""
    return (
        Idea.objects.filter(project__translation_key__in=_same_project(idea.project_id), merged_into__isnull=True)
        .exclude(pk=idea.pk)
        .exclude(visibility=Visibility.HIDDEN)
        .order_by("created_at", "pk")
    )


def admin_comments() -> QuerySet[Comment]:
    """Every comment, for the admin's list, with its idea's project and administration (for the rules)."""
    return Comment.objects.select_related("idea", "idea__project", "idea__project__administration").annotate(
        open_reports=_open_report_count("comment")
    )


def comment_for_admin(*, pk: int) -> Comment | None:
    return admin_comments().select_related("author", "parent").filter(pk=pk).first()


def admin_reports() -> QuerySet[Report]:
    """Every report, open ones first (oldest first), then the resolved ones, most recently resolved first."""
    return Report.objects.select_related("idea", "comment", "comment__idea").order_by(
        F("resolved_at").desc(nulls_first=True), "created_at", "pk"
    )
