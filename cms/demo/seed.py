"""Filling a fresh site with the demo content (`manage.py seed_demo`).

Translations are made the way an editor makes them: through wagtail-localize. For each Danish page
and administration we extract its strings (`TranslationSource`), store the English text of every
string as a manual `StringTranslation`, and let wagtail-localize build the English page or snippet
from them (`TranslationSource.create_or_update_translation`). So an editor opening an English page
gets wagtail-localize's translation editor with every string filled in, and "Sync translated pages"
keeps working. We chose this over `copy_for_translation` plus hand-set English fields, because a
page copied that way has no wagtail-localize `Translation`: editors would get the plain page editor
for it, and changes to the Danish page could never be synced to it.

A project's phases and updates are translatable child objects of its page, so their titles and
texts are strings of the page's translation like any field: the English twin of a project carries
English phases and updates under the translation keys of the Danish ones.

The wagtail-localize plumbing is in `translate.py`, the texts in `content.py`.

Everything is looked up before it is created, so running the seed again creates nothing and changes
nothing it made before (the district outlines are read again, and saved only if the shipped files changed).
"""

import datetime
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import dateformat, timezone, translation
from wagtail.models import Locale, Page, Site
from wagtail.search.index import insert_or_update_object

from maps.models import District
from participation.models import Phase

from ..models import Administration, HomePage, ProjectIndexPage, ProjectPage, ProjectUpdate, SiteLinks, StandardPage
from . import content
from .budgets import BudgetHint, seed_budgets
from .closed_round import seed_closed_round
from .committees import seed_committees
from .content import AdministrationSpec, DemoContentError, PageSpec, ProjectSpec, T
from .implementation import seed_implementation
from .reach import seed_reach
from .seed_ideas import seed_ideas
from .translate import translate

Progress = Callable[[str], None]

SOURCE_LANGUAGE = "da"
TARGET_LANGUAGE = "en"
DATE_FORMATS = {"da": "j. F Y", "en": "j F Y"}
# Deterministic StreamField block ids: the Danish page and its English twin must share them, because
# wagtail-localize addresses every string by a path made of block ids.
BLOCK_ID_NAMESPACE = uuid.UUID("5d0f3c9e-2b1a-4c55-9f43-8f1e6a2b7c10")


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    # None when the account already existed and its password is no longer the demo password.
    password: str | None


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    logins: list[DemoLogin] = field(default_factory=list)
    hints: list[BudgetHint] = field(default_factory=list)


@dataclass(frozen=True)
class _Scheduled:
    """A phase spec with its dates fixed relative to the seeding day."""

    spec: content.PhaseSpec
    start: datetime.date
    end: datetime.date


class _Seeder:
    def __init__(self, *, progress: Progress | None, today: datetime.date) -> None:
        self.progress = progress
        self.today = today
        self.report = SeedReport()
        self.new_pages: list[Page] = []

    def say(self, message: str) -> None:
        if self.progress is not None:
            self.progress(message)

    def created(self, message: str) -> None:
        self.report.created.append(message)
        self.say(f"  created {message}")


@transaction.atomic
def seed_demo(*, progress: Progress | None = None, today: datetime.date | None = None) -> SeedReport:
    """Fill the site with the demo: locales, districts, administrations, pages in Danish and English, logins.

    Safe to run again: existing objects are found (by language, slug, abbreviation, e-mail) and left
    as they are. Phase dates are set relative to `today` when a project is first created, so a fresh
    demo always has a project collecting ideas, one in a vote, one not yet open and one being built.
    """
    seeder = _Seeder(progress=progress, today=today or timezone.localdate())
    da, en = _ensure_locales(seeder)

    seeder.say("Districts and local committees:")
    from maps.services import load_demo_areas

    load_demo_areas(progress=lambda message: seeder.say(f"  {message}"))
    districts = {district.code: district for district in District.objects.all()}

    seeder.say("Administrations:")
    administrations = {
        spec.abbreviation: _ensure_administration(seeder, spec, da=da, en=en) for spec in content.ADMINISTRATIONS
    }

    seeder.say("Danish pages:")
    home = _ensure_home(seeder, locale=da)
    site = _ensure_default_site(seeder, home)
    _delete_placeholder_pages(seeder, keep=home)
    index = _ensure_page(seeder, parent=home, model=ProjectIndexPage, spec=content.PROJECT_INDEX)
    about = _ensure_page(seeder, parent=home, model=StandardPage, spec=content.ABOUT)
    statement = _ensure_page(seeder, parent=home, model=StandardPage, spec=content.ACCESSIBILITY_STATEMENT)
    projects = [
        _ensure_project(seeder, parent=index, spec=spec, administrations=administrations, districts=districts)
        for spec in content.PROJECTS
    ]

    seeder.say("English translations:")
    _ensure_english_page(seeder, home, twin=HomePage(locale=da, **_home_fields(TARGET_LANGUAGE, seeder)), en=en)
    for page, spec in (
        (index, content.PROJECT_INDEX),
        (about, content.ABOUT),
        (statement, content.ACCESSIBILITY_STATEMENT),
    ):
        twin = type(page)(locale=da, **_page_fields(spec, TARGET_LANGUAGE, seeder, model=type(page)))
        _ensure_english_page(seeder, page, twin=twin, en=en)
    for page, spec in zip(projects, content.PROJECTS, strict=True):
        _ensure_english_page(seeder, page, twin=_english_project(seeder, page, spec=spec), en=en)

    _ensure_site_links(seeder, site, about=about, statement=statement)

    seeder.say("Accounts:")
    seeder.report.logins = _ensure_logins(seeder)
    seed_ideas(
        projects=projects,
        administrations=administrations,
        en=en,
        say=seeder.say,
        created=seeder.created,
        warnings=seeder.report.warnings,
    )
    seeder.report.hints = seed_budgets(
        projects=projects,
        administrations=administrations,
        say=seeder.say,
        created=seeder.created,
        warnings=seeder.report.warnings,
    )
    seeder.report.hints += seed_closed_round(
        projects=projects,
        administrations=administrations,
        say=seeder.say,
        created=seeder.created,
        warnings=seeder.report.warnings,
    )
    seeder.report.logins += seed_committees(say=seeder.say, created=seeder.created, warnings=seeder.report.warnings)
    seed_implementation(say=seeder.say, created=seeder.created, warnings=seeder.report.warnings)
    seed_reach(projects=projects, say=seeder.say, created=seeder.created, warnings=seeder.report.warnings)

    _index_for_search(seeder)
    return seeder.report


# Locales ------------------------------------------------------------------------------------------


def _ensure_locales(seeder: _Seeder) -> tuple[Locale, Locale]:
    locales = []
    for language_code in (SOURCE_LANGUAGE, TARGET_LANGUAGE):
        locale, created = Locale.objects.get_or_create(language_code=language_code)
        if created:
            seeder.created(f"locale {language_code}")
        locales.append(locale)
    seeder.say(f"Locales: {', '.join(locale.language_code for locale in locales)}")
    return locales[0], locales[1]


# Texts --------------------------------------------------------------------------------------------


def _format_day(day: datetime.date, language: str) -> str:
    with translation.override(language):
        return dateformat.format(day, DATE_FORMATS[language])


def _pick(value: Any, language: str, dates: dict[str, str]) -> Any:
    """The value with every `T` replaced by its text in `language`, dates filled in."""
    if isinstance(value, T):
        text = getattr(value, language)
        try:
            return text.format_map(dates) if "{" in text else text
        except KeyError as error:
            raise DemoContentError(f"The text {text[:60]!r}… names the date {error}, which is not known.") from None
    if isinstance(value, dict):
        return {key: _pick(item, language, dates) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_pick(item, language, dates) for item in value]
    return value


def _block_id(*parts: object) -> str:
    return str(uuid.uuid5(BLOCK_ID_NAMESPACE, "/".join(str(part) for part in parts)))


def _stream(blocks: Iterable[tuple[str, Any]], *, language: str, dates: dict[str, str], key: str) -> list[dict]:
    """StreamField data (JSON form) with stable block ids; lists inside a block become ListBlock items."""
    stream = []
    for index, (block_type, value) in enumerate(blocks):
        picked = _pick(value, language, dates)
        if isinstance(picked, dict):
            picked = {
                name: (
                    [
                        {"type": "item", "value": item, "id": _block_id(key, index, name, number)}
                        for number, item in enumerate(child)
                    ]
                    if isinstance(child, list)
                    else child
                )
                for name, child in picked.items()
            }
        stream.append({"type": block_type, "value": picked, "id": _block_id(key, index)})
    return stream


def _dates(seeder: _Seeder, language: str, schedule: Iterable[_Scheduled] = ()) -> dict[str, str]:
    dates = {"today": _format_day(seeder.today, language)}
    for phase in schedule:
        dates[f"{phase.spec.phase_type}_start"] = _format_day(phase.start, language)
        dates[f"{phase.spec.phase_type}_end"] = _format_day(phase.end, language)
    return dates


def _home_fields(language: str, seeder: _Seeder) -> dict[str, Any]:
    dates = _dates(seeder, language)
    home = content.HOME
    steps = [("step", step) for step in home["how_to_steps"]]
    return {
        "title": _pick(home["title"], language, dates),
        "slug": _pick(home["slug"], language, dates),
        "intro": _pick(home["intro"], language, dates),
        "how_to_heading": _pick(home["how_to_heading"], language, dates),
        "how_to_steps": _stream(steps, language=language, dates=dates, key=f"{home['slug'].da}/how_to_steps"),
    }


def _page_fields(spec: PageSpec, language: str, seeder: _Seeder, *, model: type[Page]) -> dict[str, Any]:
    dates = _dates(seeder, language)
    fields = {
        "title": _pick(spec.title, language, dates),
        "slug": _pick(spec.slug, language, dates),
        "intro": _pick(spec.intro, language, dates),
        "show_in_menus": spec.show_in_menus,
    }
    if model is StandardPage:
        fields["body"] = _stream(spec.body, language=language, dates=dates, key=f"{spec.slug.da}/body")
    return fields


def _project_fields(spec: ProjectSpec, language: str, seeder: _Seeder, schedule: list[_Scheduled]) -> dict[str, Any]:
    dates = _dates(seeder, language, schedule)
    texts = ("title", "slug", "summary", "purpose", "already_decided", "can_influence", "input_use", "decision_timing")
    fields = {name: _pick(getattr(spec, name), language, dates) for name in (*texts, "contact")}
    fields.update(
        body=_stream(spec.body, language=language, dates=dates, key=f"{spec.slug.da}/body"),
        latitude=spec.latitude,
        longitude=spec.longitude,
        answer_deadline_days=spec.answer_deadline_days,
    )
    return fields


def _new_schedule(spec: ProjectSpec, today: datetime.date) -> list[_Scheduled]:
    """The phases of a new project, dated relative to `today`."""
    return [
        _Scheduled(phase, today + datetime.timedelta(days=phase.start), today + datetime.timedelta(days=phase.end))
        for phase in spec.phases
    ]


def _saved_schedule(spec: ProjectSpec, page: ProjectPage) -> list[_Scheduled]:
    """The phases of an existing project with the dates it was given, so its English texts name the same days."""
    saved = page.ordered_phases()
    if [phase.phase_type for phase in saved] != [phase.phase_type for phase in spec.phases]:
        raise DemoContentError(f"The phases of “{page.title}” were edited; delete the page to seed it again.")
    return [
        _Scheduled(phase_spec, phase.start, phase.end) for phase_spec, phase in zip(spec.phases, saved, strict=True)
    ]


# Administrations ----------------------------------------------------------------------------------


def _ensure_administration(seeder: _Seeder, spec: AdministrationSpec, *, da: Locale, en: Locale) -> Administration:
    administration = Administration.objects.filter(locale=da, abbreviation=spec.abbreviation).first()
    if administration is None:
        administration = Administration.objects.create(
            locale=da, name=spec.name.da, abbreviation=spec.abbreviation, website=spec.website
        )
        seeder.created(f"administration {administration.name} ({spec.abbreviation})")
    if not administration.has_translation(en):
        twin = Administration(locale=da, name=spec.name.en, abbreviation=spec.abbreviation, website=spec.website)
        english = translate(administration, twin=twin, locale=en, warnings=seeder.report.warnings)
        seeder.created(f"administration {english.name} ({spec.abbreviation}, en)")
    return administration


# Pages --------------------------------------------------------------------------------------------


def _publish_new_page(seeder: _Seeder, parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    seeder.new_pages.append(page)
    seeder.created(f"{page._meta.verbose_name} “{page.title}” ({page.url_path})")
    return page


def _ensure_home(seeder: _Seeder, *, locale: Locale) -> HomePage:
    home = HomePage.objects.filter(depth=2, locale=locale).first()
    if home is None:
        home = _publish_new_page(seeder, Page.get_first_root_node(), HomePage(**_home_fields(SOURCE_LANGUAGE, seeder)))
    return home


def _ensure_default_site(seeder: _Seeder, home: HomePage) -> Site:
    wanted = {"hostname": "localhost", "port": 80, "root_page_id": home.pk, "site_name": content.HOME["title"].da}
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    changed = [name for name, value in wanted.items() if getattr(site, name) != value]
    if changed:
        for name in changed:
            setattr(site, name, wanted[name])
        site.save()
        seeder.say(f"  default site now {site.hostname}:{site.port} → “{home.title}”")
    return site


def _delete_placeholder_pages(seeder: _Seeder, *, keep: Page) -> None:
    """Delete Wagtail's "Welcome to your new Wagtail site!" page (a plain Page at the top of the tree)."""
    placeholders = Page.objects.filter(depth=2, content_type=ContentType.objects.get_for_model(Page)).exclude(
        pk=keep.pk
    )
    for page in placeholders:
        if page.numchild == 0 and not Site.objects.filter(root_page=page).exists():
            title = page.title
            page.delete()
            seeder.say(f"  deleted Wagtail's placeholder page “{title}”")


def _child(parent: Page, model: type[Page], slug: str) -> Page | None:
    return model.objects.child_of(parent).filter(slug=slug).first()


def _ensure_page(seeder: _Seeder, *, parent: Page, model: type[Page], spec: PageSpec) -> Page:
    page = _child(parent, model, spec.slug.da)
    if page is None:
        page = _publish_new_page(seeder, parent, model(**_page_fields(spec, SOURCE_LANGUAGE, seeder, model=model)))
    return page


def _ensure_project(
    seeder: _Seeder,
    *,
    parent: ProjectIndexPage,
    spec: ProjectSpec,
    administrations: dict[str, Administration],
    districts: dict[int, District],
) -> ProjectPage:
    page = _child(parent, ProjectPage, spec.slug.da)
    if page is not None:
        return page
    missing = [code for code in spec.district_codes if code not in districts]
    if missing:
        raise DemoContentError(f"Districts {missing} are not loaded; the project {spec.title.da!r} needs them.")
    schedule = _new_schedule(spec, seeder.today)
    page = ProjectPage(
        administration=administrations[spec.administration], **_project_fields(spec, SOURCE_LANGUAGE, seeder, schedule)
    )
    page.districts = [districts[code] for code in spec.district_codes]
    page.phases = [_phase(phase, SOURCE_LANGUAGE, seeder, schedule, order) for order, phase in enumerate(schedule)]
    page.updates = [_update(update, SOURCE_LANGUAGE, seeder, schedule) for update in spec.updates]
    return _publish_new_page(seeder, parent, page)


def _phase(phase: _Scheduled, language: str, seeder: _Seeder, schedule: list[_Scheduled], order: int) -> Phase:
    dates = _dates(seeder, language, schedule)
    return Phase(
        phase_type=phase.spec.phase_type,
        title=_pick(phase.spec.title, language, dates),
        description=_pick(phase.spec.description, language, dates),
        start=phase.start,
        end=phase.end,
        sort_order=order,
    )


def _update(update: content.UpdateSpec, language: str, seeder: _Seeder, schedule: list[_Scheduled]) -> ProjectUpdate:
    dates = _dates(seeder, language, schedule)
    return ProjectUpdate(
        date=seeder.today + datetime.timedelta(days=update.days),
        title=_pick(update.title, language, dates),
        text=_pick(update.text, language, dates),
    )


def _english_project(seeder: _Seeder, page: ProjectPage, *, spec: ProjectSpec) -> ProjectPage:
    """An unsaved English twin of the Danish project `page`, for `translate` to read the English texts from.

    Its phases and updates carry the translation keys of the Danish ones, so that their strings have
    the same paths (`phases.<translation key>.title`). Phases pair with the spec in date order (checked
    by `_saved_schedule`), updates by date; updates that no longer match the spec get no twin, so the
    seed warns that they were left in Danish.
    """
    schedule = _saved_schedule(spec, page)
    twin = ProjectPage(
        locale=page.locale,
        administration=page.administration,
        **_project_fields(spec, TARGET_LANGUAGE, seeder, schedule),
    )
    phases = []
    for order, (phase, scheduled) in enumerate(zip(page.ordered_phases(), schedule, strict=True)):
        english = _phase(scheduled, TARGET_LANGUAGE, seeder, schedule, order)
        english.translation_key = phase.translation_key
        phases.append(english)
    twin.phases = phases
    updates = sorted(page.updates.all(), key=lambda update: (update.date, update.pk))
    update_specs = sorted(spec.updates, key=lambda update: update.days)
    if len(updates) == len(update_specs):
        english_updates = []
        for update, update_spec in zip(updates, update_specs, strict=True):
            english = _update(update_spec, TARGET_LANGUAGE, seeder, schedule)
            english.translation_key = update.translation_key
            english_updates.append(english)
        twin.updates = english_updates
    return twin


def _ensure_english_page(seeder: _Seeder, page: Page, *, twin: Page, en: Locale) -> Page:
    """The live English translation of `page`, made by wagtail-localize from the texts of `twin`."""
    english = page.get_translation_or_none(en)
    if english is not None:
        return english
    english = translate(page, twin=twin, locale=en, warnings=seeder.report.warnings)
    english.get_latest_revision().publish()
    english.refresh_from_db()
    seeder.new_pages.append(english)
    seeder.created(f"{english._meta.verbose_name} “{english.title}” ({english.url_path}, en)")
    return english


# Site settings and accounts ---------------------------------------------------------------------


def _ensure_site_links(seeder: _Seeder, site: Site, *, about: Page, statement: Page) -> None:
    links = SiteLinks.for_site(site)
    wanted = {"about_page": about, "accessibility_statement": statement, "contact_email": content.CONTACT_EMAIL}
    missing = [name for name in wanted if not getattr(links, name)]
    if missing:
        for name in missing:
            setattr(links, name, wanted[name])
        links.save()
        seeder.say(f"  site links set: {', '.join(missing)}")


def _ensure_logins(seeder: _Seeder) -> list[DemoLogin]:
    from allauth.account.models import EmailAddress

    editors, created = Group.objects.get_or_create(name="Editors")
    if created:
        editors.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
        seeder.created("group Editors")

    logins = []
    for account in content.DEMO_ACCOUNTS:
        user_model = get_user_model()
        user = user_model.objects.filter(email__iexact=account.email).first()
        if user is None:
            create = user_model.objects.create_superuser if account.superuser else user_model.objects.create_user
            user = create(
                email=account.email,
                password=account.password,
                first_name=account.first_name,
                last_name=account.last_name,
            )
            seeder.created(f"user {account.email} ({account.role})")
        if account.in_editors_group and not user.groups.filter(pk=editors.pk).exists():
            user.groups.add(editors)
        address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
        if address is None:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        elif not (address.verified and address.primary):
            address.verified = address.primary = True
            address.save(update_fields=["verified", "primary"])
        password = account.password if user.check_password(account.password) else None
        logins.append(DemoLogin(role=account.role, email=user.email, password=password))
    return logins


def _index_for_search(seeder: _Seeder) -> None:
    """Index the new pages now, even where indexing runs as a queued task (as it does in production)."""
    for page in seeder.new_pages:
        insert_or_update_object(page.specific)
    locale = Locale.objects.get(language_code=SOURCE_LANGUAGE)
    found = ProjectPage.objects.live().filter(locale=locale).search("Nørrebro")
    seeder.say(f"Search: {len(found)} Danish project page(s) found for “Nørrebro”.")
