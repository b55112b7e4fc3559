"""Proposals and their feasibility: written and assessed until voting opens, frozen after."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from maps import selectors as map_selectors
from participation import notifications
from participation.models import Visibility

from ..models import BudgetRound, Feasibility, Proposal
from .common import FROZEN_PROPOSAL_FIELDS, Moment, lock_round, voting_started


def _frozen_error() -> ValidationError:
    return ValidationError(_("Voting has opened: the proposal is frozen and can no longer be changed."), code="frozen")


def _locate(*, round: BudgetRound, latitude: float | None, longitude: float | None, district=None):
    """The district of the proposal: from its point (inside the project's districts, or the
    municipality), or the one given when there is no point. Refuses a point outside the area."""
    if latitude is None or longitude is None:
        if (latitude is None) != (longitude is None):
            raise ValidationError(_("A place needs both a latitude and a longitude."), code="location")
        return district
    project_districts = list(round.project.districts.all())
    found = map_selectors.district_at(latitude, longitude, among=project_districts or None)
    if found is None:
        if project_districts:
            raise ValidationError(
                _("The place is outside the project's area (%(area)s)."),
                code="outside_area",
                params={"area": ", ".join(d.name for d in project_districts)},
            )
        raise ValidationError(
            _("The place is outside %(area)s."), code="outside_area", params={"area": "Københavns Kommune"}
        )
    return found


def _check_sub_budget_district(round: BudgetRound, district) -> None:
    """With sub-budgets, a proposal must be in one of their districts, or no voter would see it."""
    districts = {sub.district_id: sub.district for sub in round.sub_budgets.select_related("district")}
    if districts and (district is None or district.pk not in districts):
        raise ValidationError(
            _("The round has budgets per district: place the proposal in one of them (%(districts)s)."),
            code="district",
            params={"districts": ", ".join(d.name for d in districts.values())},
        )


def _check_ideas(round: BudgetRound, ideas: list) -> None:
    """A proposal grows from ideas of its own project (any language), or from public ideas placed in one of
    the project's districts: a citizens' budget takes up what people asked for in their district's other
    dialogues. The same rule decides which ideas the admin offers (`selectors.round_ideas`)."""
    if not ideas:
        return
    key = round.project.translation_key
    districts = list(round.project.districts.all())
    district_ids = {district.pk for district in districts}
    # Read afresh: an idea may have been hidden or merged since the caller loaded it.
    idea_model = Proposal._meta.get_field("ideas").related_model
    rows = idea_model.objects.filter(pk__in=[idea.pk for idea in ideas]).values_list(
        "project__translation_key", "visibility", "merged_into_id", "district_id"
    )

    def allowed(project_key, visibility, merged_into_id, district_id) -> bool:
        if project_key == key:
            return True
        public = visibility == Visibility.PUBLISHED and merged_into_id is None
        return public and district_id is not None and district_id in district_ids

    rows = list(rows)
    if len(rows) == len({idea.pk for idea in ideas}) and all(allowed(*row) for row in rows):
        return
    if not districts:
        raise ValidationError(_("A proposal can only grow from ideas of the same project."), code="ideas")
    raise ValidationError(
        _("A proposal can only grow from ideas of its project or public ideas placed in %(districts)s."),
        code="ideas",
        params={"districts": ", ".join(district.name for district in districts)},
    )


def _tell_idea_authors(proposal: Proposal, ideas: list, by=None) -> None:
    """Tell the authors of the ideas that a proposal grew from them (in the site, and by e-mail if they want
    it), each author once and never `by`, who made the proposal. Runs once the proposal is committed.

    Participation knows nothing of proposals: it gets the title and the page's address in each language.
    """
    urls = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            urls[language] = reverse("budgeting:proposal_detail", kwargs={"pk": proposal.pk})
    notifications.notify_proposal_made(ideas=ideas, proposal_title=proposal.title, proposal_urls=urls, by=by)


@transaction.atomic
def proposal_create(
    *,
    round: BudgetRound,
    title: str,
    description: str,
    cost: int,
    administration,
    latitude: float | None = None,
    longitude: float | None = None,
    district=None,
    ideas: Iterable = (),
    by=None,
    at: Moment = None,
) -> Proposal:
    """A new proposal, numbered next in its round, with its district derived from its point.

    `district` is used only for a proposal without a point (one that concerns a whole district).
    Refused once voting has opened. The authors of `ideas` are told once the proposal is committed
    (not `by`, the person who made it).
    """
    round = lock_round(round.pk)
    if voting_started(round, at=at):
        raise ValidationError(_("Voting has opened: no more proposals can be added."), code="frozen")
    ideas = list(ideas)
    _check_ideas(round, ideas)
    district = _locate(round=round, latitude=latitude, longitude=longitude, district=district)
    _check_sub_budget_district(round, district)
    round.proposal_counter += 1
    round.save(update_fields=["proposal_counter"])
    proposal = Proposal(
        round=round,
        code=str(round.proposal_counter),
        title=title.strip(),
        description=description.strip(),
        cost=cost,
        administration=administration,
        latitude=latitude,
        longitude=longitude,
        district=district,
    )
    proposal.full_clean(exclude=["round", "district", "administration", "ideas"])
    proposal.save()
    if ideas:
        proposal.ideas.set(ideas)
        transaction.on_commit(partial(_tell_idea_authors, proposal, ideas, by=by))
    return proposal


def proposal_from_ideas(
    *,
    round: BudgetRound,
    ideas: Iterable,
    cost: int,
    administration,
    title: str | None = None,
    description: str | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    by=None,
    at: Moment = None,
) -> Proposal:
    """A proposal grown from one or more ideas (see `_check_ideas` for which), which then link to it; their
    authors are told once it is committed (not `by`, the person who made it).

    Title, text and place default to those of the first idea (the first with a place, for the place).
    """
    ideas = list(ideas)
    if not ideas:
        raise ValidationError(_("Choose at least one idea."), code="ideas")
    if latitude is None and longitude is None:
        located = next((idea for idea in ideas if idea.latitude is not None), None)
        if located is not None:
            latitude, longitude = located.latitude, located.longitude
    return proposal_create(
        round=round,
        title=title if title is not None else ideas[0].title,
        description=description if description is not None else ideas[0].description,
        cost=cost,
        administration=administration,
        latitude=latitude,
        longitude=longitude,
        ideas=ideas,
        by=by,
        at=at,
    )


_UNCHANGED = object()


@transaction.atomic
def proposal_update(
    *,
    proposal: Proposal,
    title: str = _UNCHANGED,
    description: str = _UNCHANGED,
    cost: int = _UNCHANGED,
    latitude: float | None = _UNCHANGED,
    longitude: float | None = _UNCHANGED,
    district=_UNCHANGED,
    administration=_UNCHANGED,
    ideas: Iterable = _UNCHANGED,
    by=None,
    at: Moment = None,
) -> Proposal:
    """Change a proposal. What voters see (text, cost, place) is refused once voting has opened;
    the owning administration and the linked ideas can still change. Arguments left out stay as they are.

    `district` counts only for a proposal without a point: with a point, the point decides.
    """
    stored = Proposal.objects.select_for_update(of=("self",)).select_related("round__project").get(pk=proposal.pk)
    round = stored.round
    changes = {
        "title": title.strip() if isinstance(title, str) else title,
        "description": description.strip() if isinstance(description, str) else description,
        "cost": cost,
        "latitude": latitude,
        "longitude": longitude,
    }
    changes = {name: value for name, value in changes.items() if value is not _UNCHANGED}
    new_latitude = changes.get("latitude", stored.latitude)
    new_longitude = changes.get("longitude", stored.longitude)
    if "latitude" in changes or "longitude" in changes or district is not _UNCHANGED:
        given = stored.district if district is _UNCHANGED else district
        changes["district"] = _locate(round=round, latitude=new_latitude, longitude=new_longitude, district=given)
    changed = {name for name, value in changes.items() if getattr(stored, name) != value}
    if changed & set(FROZEN_PROPOSAL_FIELDS) and voting_started(round, at=at):
        raise _frozen_error()
    if "district" in changed:
        _check_sub_budget_district(round, changes["district"])
    for name, value in changes.items():
        setattr(stored, name, value)
    if administration is not _UNCHANGED:
        stored.administration = administration
    stored.full_clean(exclude=["round", "district", "administration", "ideas"])
    stored.save()
    if ideas is not _UNCHANGED:
        ideas = list(ideas)
        _check_ideas(round, ideas)
        linked = set(stored.ideas.values_list("pk", flat=True))
        new_ideas = [idea for idea in ideas if idea.pk not in linked]
        stored.ideas.set(ideas)
        if new_ideas:
            transaction.on_commit(partial(_tell_idea_authors, stored, new_ideas, by=by))
    return stored


@transaction.atomic
def proposal_delete(*, proposal: Proposal, at: Moment = None) -> None:
    """Delete a proposal; refused once voting has opened."""
    stored = Proposal.objects.select_for_update(of=("self",)).select_related("round__project").get(pk=proposal.pk)
    if voting_started(stored.round, at=at):
        raise _frozen_error()
    stored.delete()


@transaction.atomic
def feasibility_assess(*, proposal: Proposal, feasible: bool, reason: str = "", by=None, at: Moment = None) -> Proposal:
    """The owning administration's verdict: feasible, or not feasible with a public reason.

    Refused once voting has opened. The assessment is written to Wagtail's log with `by`.
    """
    reason = (reason or "").strip()
    if not feasible and not reason:
        raise ValidationError(
            {
                "feasibility_reason": ValidationError(
                    _("Say why the proposal is not feasible: the reason is public."), code="reason"
                )
            }
        )
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("round__project").get(pk=proposal.pk)
    if voting_started(proposal.round, at=at):
        raise _frozen_error()
    proposal.feasibility = Feasibility.FEASIBLE if feasible else Feasibility.NOT_FEASIBLE
    proposal.feasibility_reason = reason
    proposal.assessed_at = timezone.now()
    proposal.save(update_fields=["feasibility", "feasibility_reason", "assessed_at", "updated_at"])
    log(instance=proposal, action="budgeting.assess", user=by, data={"feasibility": proposal.feasibility})
    return proposal
