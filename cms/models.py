"""Wagtail pages, the administrations snippet and site settings."""

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from maps.models import District
from participation import cache as page_cache
from participation import notifications
from participation import selectors as idea_selectors
from participation.forms import IdeaFilterForm
from participation.models import Feature, Process, local_date

from .blocks import BodyBlock, StepBlock
from .forms import ProjectFilterForm, ProjectPageForm


class Administration(TranslatableMixin, models.Model):
    """One of the seven administrations (forvaltninger) of Københavns Kommune."""

    name = models.CharField(_("name"), max_length=120)
    abbreviation = models.CharField(_("abbreviation"), max_length=10)
    website = models.URLField(_("website"), blank=True)
    moderators = models.ForeignKey(
        "auth.Group",
        verbose_name=_("case officers"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The group whose members moderate and answer ideas in this administration's projects."),
    )

    panels = [FieldPanel("name"), FieldPanel("abbreviation"), FieldPanel("website"), FieldPanel("moderators")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("administration")
        verbose_name_plural = _("administrations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class HomePage(Page):
    intro = models.TextField(_("introduction"), max_length=500)
    how_to_heading = models.CharField(_("heading for how to take part"), max_length=120, blank=True)
    how_to_steps = StreamField([("step", StepBlock())], verbose_name=_("how taking part works"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("how_to_heading"),
        FieldPanel("how_to_steps"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.ProjectIndexPage", "cms.StandardPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context["open_projects"] = selectors.open_projects(locale=self.locale)
        context["project_index"] = ProjectIndexPage.objects.live().filter(locale=self.locale).first()
        context["map_data"] = selectors.project_map_data(context["open_projects"], request=request)
        return context


class ProjectIndexPage(Page):
    intro = models.TextField(_("introduction"), max_length=500, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ProjectPage"]
    max_count_per_parent = 1
    page_size = 12

    class Meta:
        verbose_name = _("project index")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        form = ProjectFilterForm(request.GET or None, locale=self.locale)
        # A bad value in one filter is ignored; the valid ones still apply (clean() maps errors to None).
        form.is_valid()
        filters = form.cleaned_data if form.is_bound else {}
        projects = selectors.project_list(parent=self, **filters)
        paginator = Paginator(projects, self.page_size)
        page_obj = paginator.get_page(request.GET.get("side"))
        context.update(
            filter_form=form,
            page_obj=page_obj,
            projects=page_obj.object_list,
            map_data=selectors.project_map_data(page_obj.object_list, request=request),
            querystring=selectors.querystring_without_page(request.GET),
        )
        return context


class ProjectPage(Process, Page):
    """A dialogue about one plan or budget, owned by one administration."""

    administration = models.ForeignKey(
        Administration,
        verbose_name=_("owner administration"),
        on_delete=models.PROTECT,
        related_name="projects",
        null=True,
    )
    districts = ParentalManyToManyField(
        District,
        verbose_name=_("districts"),
        blank=True,
        related_name="projects",
        help_text=_("Leave empty if the project concerns the whole city."),
    )
    summary = models.TextField(_("summary"), max_length=300)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    # The "clear dialogue" panel: every field is required.
    purpose = models.TextField(_("purpose"), help_text=_("Why the project exists and what it should achieve."))
    already_decided = models.TextField(_("what is already decided"))
    can_influence = models.TextField(_("what citizens can influence"))
    input_use = models.TextField(_("how input will be used"))
    decision_timing = models.TextField(_("when decisions are made"))
    contact = models.TextField(_("contact"), help_text=_("Name of the team, e-mail and phone."))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("administration"),
        FieldPanel("districts", widget=forms.CheckboxSelectMultiple),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                HelpPanel(
                    content=_(
                        "Citizens must be able to see at a glance what they can and cannot change. "
                        "All six fields are required."
                    )
                ),
                FieldPanel("purpose"),
                FieldPanel("already_decided"),
                FieldPanel("can_influence"),
                FieldPanel("input_use"),
                FieldPanel("decision_timing"),
                FieldPanel("contact"),
            ],
            heading=_("Clear dialogue"),
        ),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading=_("Map position (optional)")),
    ]
    phase_panels = [InlinePanel("phases", label=_("Phases"), heading=_("Phases"), min_num=1)]
    update_panels = [InlinePanel("updates", label=_("Updates"), heading=_("Updates"))]
    participation_panels = [
        FieldPanel("moderation_mode"),
        FieldPanel("location_mode"),
        FieldPanel("answer_deadline_days"),
        InlinePanel("idea_categories", label=_("Idea categories"), heading=_("Idea categories")),
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(phase_panels, heading=_("Phases")),
            ObjectList(update_panels, heading=_("Updates")),
            ObjectList(participation_panels, heading=_("Participation")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
        ]
    )
    base_form_class = ProjectPageForm

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("purpose"),
        index.SearchField("can_influence"),
        index.SearchField("body"),
        index.FilterField("administration"),
    ]

    parent_page_types = ["cms.ProjectIndexPage"]
    subpage_types: list[str] = []
    ideas_page_size = 10

    class Meta:
        verbose_name = _("project page")

    def sorted_updates(self):
        return sorted(self.updates.all(), key=lambda update: update.date, reverse=True)

    def serve(self, request, *args, **kwargs):
        # Anonymous visitors get the page from the cache until the project or the site changes.
        page_cache.cache_response(request, project_id=self.pk, params=(*IdeaFilterForm.base_fields, "ide-side"))
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from budgeting import selectors as budgeting_selectors

        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        today = local_date()
        districts = list(self.districts.order_by("code"))
        context.update(
            budget_round=budgeting_selectors.round_for_project(project=self),
            current_phase=self.current_phase(today),
            next_phase=self.next_phase(today),
            timeline=[(phase, phase.status(today)) for phase in self.ordered_phases()],
            updates=self.sorted_updates(),
            districts=districts,
            map_data=selectors.project_map_data([self], request=request, districts=districts),
            **self.idea_context(request),
        )
        return context

    def idea_context(self, request) -> dict:
        """The project's ideas as a filtered, sorted, paginated list, and how well they are answered."""
        from . import selectors

        form = IdeaFilterForm(request.GET or None, project=self)
        form.is_valid()
        filters = form.cleaned_data if form.is_bound else {}
        ideas = idea_selectors.project_ideas(project=self, user=request.user, **filters)
        ideas_page = Paginator(ideas, self.ideas_page_size).get_page(request.GET.get("ide-side"))
        return {
            "idea_filter_form": form,
            "ideas_page": ideas_page,
            "ideas_querystring": selectors.querystring_without_page(request.GET, page_param="ide-side"),
            "answer_stats": idea_selectors.answer_stats(project=self),
            "accepts_ideas": self.allows(Feature.SUBMIT),
            "following_project": notifications.is_following(user=request.user, project=self),
        }


class ProjectUpdate(TranslatableMixin, models.Model):
    """Dated news from a project; shown newest first.

    Translatable like `participation.Phase`: wagtail-localize translates `title` and `text` with the
    page and copies `date` from the source page on every sync.
    """

    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=160)
    text = models.TextField(_("text"))

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("title")]), FieldPanel("text")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title


class StandardPage(Page):
    """A plain page: "Om platformen", the accessibility statement, and the like."""

    intro = models.TextField(_("introduction"), max_length=500, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="cog")
class SiteLinks(BaseSiteSetting):
    """Pages linked from every footer."""

    about_page = models.ForeignKey(
        Page, verbose_name=_("about the platform"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accessibility_statement = models.ForeignKey(
        Page,
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    panels = [FieldPanel("about_page"), FieldPanel("accessibility_statement"), FieldPanel("contact_email")]

    class Meta:
        verbose_name = _("site links")
