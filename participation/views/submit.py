"""Submitting an idea: the form with its pin map, the finish step after signing in, and address look-ups.

Anyone may write an idea while a project collects them. A visitor who is not signed in is sent to sign
in (or sign up) when they press "send"; what they wrote waits in their session (`Drafts`), with a photo
already cleaned and kept under `drafts/` in the default storage, and the finish step
(`idea_submit_finish`) submits it as soon as they are signed in. allauth carries `next` through
sign-in, and through sign-up plus e-mail confirmation in the same browser; `_finish_after_sign_in`
covers a sign-in that lost it (say, started from the header after confirming the address elsewhere).
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from allauth.account.signals import user_logged_in
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit
from wagtail.models import Locale

from maps import selectors as map_selectors

from .. import geocoding, photos, services
from ..forms import IdeaForm
from ..models import Feature, Idea, LocationMode, Visibility, local_date
from ..rules import can
from ..throttle import too_many

SESSION_KEY = "participation.idea_drafts"
# A draft waiting for its author to sign in is submitted on sign-in only while this fresh (seconds).
WAITING_MAX_AGE = 24 * 60 * 60
DRAFT_FIELDS = ("title", "description", "category", "address", "latitude", "longitude")


class Drafts:
    """A visitor's unsent ideas, one per project, in the session: what they typed and the kept photo.

    A draft is {"data": {field: typed text}, "photo": draft file name, "photo_name": the file's own name,
    "waiting": True while it waits for its author to sign in, "saved": when it was stored}.
    """

    def __init__(self, request):
        self.session = request.session

    def _all(self) -> dict:
        drafts = self.session.get(SESSION_KEY)
        return drafts if isinstance(drafts, dict) else {}

    def get(self, project_id: int) -> dict:
        draft = self._all().get(str(project_id))
        return dict(draft) if isinstance(draft, dict) else {}

    def put(self, project_id: int, draft: dict) -> None:
        drafts = dict(self._all())
        drafts[str(project_id)] = {**draft, "saved": time.time()}
        self.session[SESSION_KEY] = drafts

    def drop(self, project_id: int) -> None:
        drafts = dict(self._all())
        draft = drafts.pop(str(project_id), None) or {}
        photos.delete_draft(draft.get("photo", ""))
        self.session[SESSION_KEY] = drafts

    def waiting(self) -> int | None:
        """The project of the most recent draft waiting for its author to sign in, if it is fresh."""
        fresh = [
            (draft.get("saved", 0), int(project_id))
            for project_id, draft in self._all().items()
            if isinstance(draft, dict)
            and draft.get("waiting")
            and time.time() - draft.get("saved", 0) < WAITING_MAX_AGE
        ]
        return max(fresh)[1] if fresh else None


def _project_or_404(project_id: int):
    # The project page model by its relation, so that this app never imports `cms`.
    project_model = Idea._meta.get_field("project").related_model
    return get_object_or_404(project_model.objects.live().select_related("locale"), pk=project_id)


def _translation_in_current_language(project):
    """The live translation of the project in the language of the request, when the project is in another."""
    language = get_language()
    if project.locale.language_code == language:
        return None
    locale = Locale.objects.filter(language_code=language).first()
    translation = project.get_translation_or_none(locale) if locale else None
    return translation if translation is not None and translation.live else None


def _ideas_phase(project):
    """The project's ideas phase that is running, else the next one, else the last one (or None)."""
    phases = [phase for phase in project.ordered_phases() if Feature.SUBMIT in phase.features]
    today = local_date()
    return (
        next((phase for phase in phases if phase.contains(today)), None)
        or next((phase for phase in phases if phase.start > today), None)
        or (phases[-1] if phases else None)
    )


def _closed(request, project, *, typed: dict | None = None) -> TemplateResponse:
    """The page saying when ideas can be sent; shows back what was typed so that nothing is lost."""
    phase = _ideas_phase(project)
    today = local_date()
    typed = {key: (typed or {}).get(key, "") for key in ("title", "description")}
    context = {
        "project": project,
        "phase": phase,
        "upcoming": phase is not None and phase.start > today,
        "typed": typed if any(typed.values()) else None,
    }
    return TemplateResponse(request, "participation/idea_submit_closed.html", context)


def _area_name(project) -> str:
    districts = list(project.districts.order_by("code"))
    return ", ".join(district.name for district in districts) if districts else "Københavns Kommune"


def _pin_map_data(project) -> dict:
    return {
        "districtsUrl": reverse("maps:districts_geojson"),
        "searchUrl": reverse("participation:address_search"),
        "reverseUrl": reverse("participation:address_reverse"),
        "districts": list(project.districts.order_by("code").values_list("slug", flat=True)),
        "area": _area_name(project),
        "inputs": {"latitude": "id_latitude", "longitude": "id_longitude", "address": "id_address"},
        "strings": {
            "pinPlacedNear": _("Pin placed near %(place)s."),
            "pinPlaced": _("Pin placed."),
            "pinNone": _("No pin placed yet."),
            "pinRemoved": _("The pin has been removed."),
            "centreNear": _("Centre of the map: near %(place)s. Press Enter to place the pin here."),
            "outside": _("This is outside the project's area (%(area)s). Move the pin into it."),
            "searching": _("Searching…"),
            "foundOne": _("1 place found. Press Tab to go to it, and Enter to choose it."),
            "foundMany": _("%(count)s places found. Press Tab to go through them, and Enter to choose one."),
            "foundNone": _("No places found. Check the spelling, or place the pin on the map."),
            "searchFailed": _("The address search is not available right now. Place the pin on the map instead."),
            "zoomIn": _("Zoom in"),
            "zoomOut": _("Zoom out"),
            "outlinesCredit": _("District outlines: Københavns Kommune, CC BY 4.0"),
        },
    }


def _form_page(request, project, form, draft: dict, *, status: int = 200, restored: bool = False):
    context = {
        "project": project,
        "form": form,
        "phase": _ideas_phase(project),
        "area": _area_name(project),
        "location_required": project.location_mode == LocationMode.REQUIRED,
        "kept_photo": draft.get("photo_name") if photos.is_draft_name(draft.get("photo", "")) else "",
        "restored": restored,
        "pin_map_data": _pin_map_data(project) if form.asks_location else None,
    }
    return TemplateResponse(request, "participation/idea_form.html", context, status=status)


def _typed(form) -> dict:
    """What the person typed, as text, to bind the form to again later."""
    return {name: str(form.data.get(name, "")) for name in DRAFT_FIELDS if name in form.fields}


def _keep_photo(request, drafts: Drafts, project, form, draft: dict) -> dict:
    """Keep a newly chosen photo (or drop the kept one) in the draft, so that an error never loses it."""
    new = form.cleaned_data.get("photo") if "photo" not in form.errors else None
    if new is not None:
        if is_ratelimited(
            request,
            group="participation.photo_draft",
            key="ip",
            rate=settings.PARTICIPATION_RATE_PHOTO_DRAFTS,
            increment=True,
        ):
            form.add_error("photo", _("You have uploaded many photos in a short while. Try again later."))
            return draft
        photos.delete_draft(draft.get("photo", ""))
        upload = form.files.get("photo")
        draft = {**draft, "photo": photos.save_draft(new), "photo_name": getattr(upload, "name", "")[:100]}
    elif form.cleaned_data.get("remove_photo") and draft.get("photo"):
        photos.delete_draft(draft["photo"])
        draft = {key: value for key, value in draft.items() if key not in ("photo", "photo_name")}
    else:
        return draft
    drafts.put(project.pk, draft)
    return draft


def _add_service_error(form, error: ValidationError) -> None:
    field = {"outside_area": "address", "location_required": "address", "category": "category"}.get(
        getattr(error, "code", None)
    )
    if field not in form.fields:
        field = None
    try:
        form.add_error(field, error)
    except (ValueError, TypeError):
        form.add_error(None, error.messages)


def _submit(request, project, form, drafts: Drafts, draft: dict):
    """Submit a valid form as the signed-in person and go to the new idea; on a refusal, back to the form."""
    if too_many(request, "submit"):
        form.add_error(None, _("You have sent many ideas in a short while. Wait a little and try again."))
        draft = _keep_photo(request, drafts, project, form, draft)
        return _form_page(request, project, form, draft, status=429)
    data = form.cleaned_data
    photo = data.get("photo")
    if photo is None and not data.get("remove_photo"):
        photo = photos.load_draft(draft.get("photo", ""))
    try:
        with transaction.atomic():
            idea = services.idea_submit(
                project=project,
                author=request.user,
                title=data["title"],
                description=data["description"],
                category=data.get("category"),
                latitude=data.get("latitude"),
                longitude=data.get("longitude"),
            )
            if photo is not None:
                photos.attach(idea=idea, photo=photo)
    except ValidationError as error:
        _add_service_error(form, error)
        draft = _keep_photo(request, drafts, project, form, {**draft, "waiting": False})
        return _form_page(request, project, form, draft, status=400)
    drafts.drop(project.pk)
    if idea.visibility == Visibility.PENDING:
        messages.success(
            request,
            _("Thank you! Your idea has been received. It will be published when a moderator has approved it."),
        )
    else:
        messages.success(request, _("Thank you! Your idea has been published."))
    return redirect(idea.get_absolute_url())


@require_http_methods(["GET", "POST"])
def idea_submit(request, project_id: int):
    """The idea form. Shown to everyone while the project collects ideas; sending it needs an account."""
    project = _project_or_404(project_id)
    if request.method == "GET" and (translation := _translation_in_current_language(project)) is not None:
        return redirect("participation:idea_submit", project_id=translation.pk)
    user = request.user
    if not project.allows(Feature.SUBMIT) or (user.is_authenticated and not can(user, "submit", project)):
        return _closed(request, project, typed=request.POST if request.method == "POST" else None)
    drafts = Drafts(request)
    draft = drafts.get(project.pk)
    if request.method == "GET":
        form = IdeaForm(initial=draft.get("data") or None, project=project)
        return _form_page(request, project, form, draft, restored=bool(draft.get("data")))

    form = IdeaForm(request.POST, request.FILES, project=project)
    if not form.is_valid():
        draft = _keep_photo(request, drafts, project, form, draft)
        return _form_page(request, project, form, draft, status=400)
    if not user.is_authenticated:
        draft = _keep_photo(request, drafts, project, form, draft)
        if form.errors:  # the photo could not be kept
            return _form_page(request, project, form, draft, status=429)
        drafts.put(project.pk, {**draft, "data": _typed(form), "waiting": True})
        messages.info(
            request,
            _("Your idea is saved. Sign in, or create an account, and it will be sent straight away."),
        )
        finish = reverse("participation:idea_submit_finish", kwargs={"project_id": project.pk})
        return redirect(f"{reverse('account_login')}?{urlencode({'next': finish})}")
    return _submit(request, project, form, drafts, draft)


@require_GET
def idea_submit_finish(request, project_id: int):
    """After signing in: submit the idea written before, then show it. Without a draft, back to the form.

    A GET, because it is where signing in returns to; it only ever sends the person's own draft, which
    they asked to send when they pressed the button.
    """
    project = _project_or_404(project_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    drafts = Drafts(request)
    draft = drafts.get(project.pk)
    if not draft.get("data"):
        return redirect("participation:idea_submit", project_id=project.pk)
    if not can(request.user, "submit", project):
        return _closed(request, project, typed=draft["data"])
    drafts.put(project.pk, {**draft, "waiting": False})
    form = IdeaForm(draft["data"], project=project)
    if not form.is_valid():
        return _form_page(request, project, form, draft, status=400)
    return _submit(request, project, form, drafts, draft)


@receiver(user_logged_in, dispatch_uid="participation.finish_idea_after_sign_in")
def _finish_after_sign_in(sender, request=None, response=None, **kwargs):
    """After any sign-in, go on to send the idea the person wrote before signing in, if one is waiting."""
    if request is None or response is None or response.status_code not in (301, 302, 303):
        return
    project_id = Drafts(request).waiting()
    if project_id is None:
        return
    response["Location"] = reverse("participation:idea_submit_finish", kwargs={"project_id": project_id})


def _geocode_rate(group, request) -> str:
    return settings.PARTICIPATION_RATE_GEOCODE


def _too_many_lookups() -> JsonResponse:
    response = JsonResponse(
        {"error": _("Too many address look-ups in a short time. Wait a minute and try again.")}, status=429
    )
    response["Retry-After"] = "60"
    return response


@require_GET
@ratelimit(key="ip", rate=_geocode_rate, block=False)
def address_search(request):
    """Up to 8 places matching `q`, for the form's address search: {"places": [{label, lat, lon}]}."""
    if getattr(request, "limited", False):
        return _too_many_lookups()
    query = " ".join(request.GET.get("q", "").split())[:100]
    places = geocoding.geocode(query, limit=geocoding.MAX_RESULTS) if len(query) >= 2 else []
    return JsonResponse({"places": [place.as_dict() for place in places]})


@require_GET
@ratelimit(key="ip", rate=_geocode_rate, block=False)
def address_reverse(request):
    """What is at `lat`/`lon`, for reading out the pin's place: {"label": address or district, "district": …}."""
    if getattr(request, "limited", False):
        return _too_many_lookups()
    try:
        lat, lon = float(request.GET["lat"]), float(request.GET["lon"])
    except (KeyError, ValueError):
        return JsonResponse({"error": _("Give the place as lat and lon in degrees.")}, status=400)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return JsonResponse({"error": _("Give the place as lat and lon in degrees.")}, status=400)
    district = map_selectors.district_at(lat, lon)
    label = geocoding.reverse(lat, lon) or (district.name if district else None)
    return JsonResponse(
        {"label": label, "district": {"name": district.name, "slug": district.slug} if district else None}
    )
