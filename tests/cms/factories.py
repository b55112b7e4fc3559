"""Factories for the CMS pages. Pages are created in the tree with `parent.add_child`."""

import datetime

import factory
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from cms.models import Administration, HomePage, ProjectIndexPage, ProjectPage, StandardPage
from participation.models import Phase, PhaseType


class AdministrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Administration

    name = factory.Sequence(lambda n: f"Forvaltning {n}")
    abbreviation = factory.Sequence(lambda n: f"F{n}")
    locale = factory.LazyFunction(Locale.get_default)


def create_home_page(**kwargs) -> HomePage:
    """A live Danish home page that is the default site's root (Wagtail's welcome page is removed)."""
    root = Page.get_first_root_node()
    defaults = {"title": "Sammen om byen", "slug": "forside", "intro": "Vær med til at forme København."}
    defaults.update(kwargs)
    home = root.add_child(instance=HomePage(**defaults))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).exclude(locale__language_code="en").filter(
        content_type__model="page"
    ).delete()
    return home


def create_project_index(home: HomePage, **kwargs) -> ProjectIndexPage:
    defaults = {"title": "Projekter", "slug": "projekter", "intro": "Alle projekter.", "show_in_menus": True}
    defaults.update(kwargs)
    return home.add_child(instance=ProjectIndexPage(**defaults))


def create_standard_page(parent: Page, **kwargs) -> StandardPage:
    defaults = {"title": "Om platformen", "slug": "om-platformen", "intro": "Sådan virker platformen."}
    defaults.update(kwargs)
    return parent.add_child(instance=StandardPage(**defaults))


def create_project(
    index: ProjectIndexPage,
    *,
    phases: list[tuple[str, datetime.date, datetime.date]] | None = None,
    districts=(),
    **kwargs,
) -> ProjectPage:
    """A live project page with the clear-dialogue fields filled and, by default, an ideas phase running today."""
    today = timezone.localdate()
    number = ProjectPage.objects.count() + 1
    defaults = {
        "title": f"Projekt {number}",
        "slug": f"projekt-{number}",
        "summary": "Et projekt om byens rum.",
        "purpose": "Formålet er at gøre byen grønnere.",
        "already_decided": "Budgettet er besluttet.",
        "can_influence": "Du kan påvirke, hvor træerne plantes.",
        "input_use": "Forvaltningen samler idéerne i et forslag.",
        "decision_timing": "Teknik- og Miljøudvalget beslutter i juni.",
        "contact": "Team Byrum, byrum@kk.dk",
        "administration": kwargs.pop("administration", None) or AdministrationFactory(),
    }
    defaults.update(kwargs)
    project = index.add_child(instance=ProjectPage(**defaults))
    if phases is None:
        phases = [(PhaseType.IDEAS, today - datetime.timedelta(days=5), today + datetime.timedelta(days=20))]
    for order, (phase_type, start, end) in enumerate(phases):
        Phase.objects.create(
            project=project,
            phase_type=phase_type,
            title=str(PhaseType(phase_type).label),
            start=start,
            end=end,
            sort_order=order,
        )
    if districts:
        # A ParentalManyToManyField is kept in memory until the page is saved.
        project.districts.set(districts)
        project.save()
    return project
