"""The participation app in Wagtail admin: one "Participation" menu with the work queue, ideas, comments
and citizens' reports.

The work queue and the actions on an idea or a comment (`admin_views.py`) are decided by
`participation.rules.can`; the plain lists here by Wagtail's model permissions ("view" and "delete"
of idea, comment and report, given to groups in Settings › Groups). An idea's or a comment's admin
page opens for either. Ideas, comments and reports are written by citizens, so there is no add or
edit form: case officers change them only through the actions, which go through the services.
"""

from __future__ import annotations

import django_filters
from django.contrib.admin.utils import quote
from django.contrib.auth import get_permission_codename
from django.db.models import Q
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.models import Locale

from . import admin_views, selectors
from .admin_views import (
    COMMENTS,
    IDEAS,
    QUEUE,
    REPORTS,
    ModerationStateColumn,
    age_in_days,
    comment_actions,
    idea_actions,
    refuse,
)
from .models import AnswerStatus, Comment, Idea, Report, Visibility
from .rules import can

# The admin pages of one idea or comment ----------------------------------------------------------


class RulesOrModelPermissionInspectView(InspectView):
    """Opens for Wagtail's model permissions, or for those who may moderate the object by the rules."""

    any_permission_required = None
    model_permissions = ("add", "change", "delete", "view")

    def dispatch(self, request, *args, **kwargs):
        if not (self.user_has_any_permission(self.model_permissions) or can(request.user, "moderate", self.object)):
            return refuse(
                request, _("Only the case officers of the administration that owns the project can see this.")
            )
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        found = self.load(pk=self.pk)
        if found is None:
            raise Http404
        return found

    @cached_property
    def may_list(self) -> bool:
        return self.user_has_any_permission(self.model_permissions)

    def get_edit_url(self):
        return None

    def get_fields_context(self):
        return []  # the templates lay the object out themselves

    # Approve and answer are the everyday actions: they get buttons; the rest go in the "more" menu.
    header_actions = ("approve", "answer")
    action_icons = {"approve": "check", "answer": "comment", "hide": "no-view", "merge": "resubmit"}

    def action_buttons(self, actions) -> tuple[list, list]:
        header, more = [], []
        for index, (name, label, url) in enumerate(actions):
            if name in self.header_actions:
                header.append(HeaderButton(label, url=url, icon_name=self.action_icons[name]))
            else:
                more.append(Button(label, url=url, icon_name=self.action_icons[name], priority=index))
        return header, more


class IdeaInspectView(RulesOrModelPermissionInspectView):
    """An idea's admin page: what it says, where, its state and answer, its reports and comments, and the actions."""

    template_name = "participation/admin/idea_inspect.html"

    def load(self, pk):
        return selectors.idea_for_admin(pk=pk)

    def get_page_title(self):
        return _("Idea")

    def get_page_subtitle(self):
        return self.object.title

    def get_breadcrumbs_items(self):
        items = [{"url": reverse(f"{IDEAS}:index"), "label": _("Ideas")}] if self.may_list else []
        if selectors.is_case_officer(user=self.request.user):
            items.append({"url": reverse(f"{QUEUE}:index"), "label": _("Work queue")})
        return self.breadcrumbs_items + items + [{"url": "", "label": self.object.title}]

    @cached_property
    def actions(self):
        return idea_actions(self.request.user, self.object)

    @cached_property
    def header_buttons(self):
        return self.action_buttons(self.actions)[0]

    @cached_property
    def header_more_buttons(self):
        buttons = self.action_buttons(self.actions)[1]
        if self.object.visibility == Visibility.PUBLISHED and self.object.merged_into_id is None:
            buttons.append(
                Button(_("View on the site"), url=self.object.get_absolute_url(), icon_name="view", priority=50)
            )
        if delete_url := self.get_delete_url():
            buttons.append(Button(_("Delete"), url=delete_url, icon_name="bin", priority=60))
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        idea, now, user = self.object, timezone.now(), self.request.user
        deadline = selectors.answer_deadline(idea)
        comments = list(selectors.admin_comments().filter(idea=idea).order_by("created_at", "pk"))
        context.update(
            idea=idea,
            deadline=deadline,
            deadline_breached=not idea.is_answered and deadline < now,
            age_in_days=age_in_days(idea, now),
            open_reports=list(idea.reports.filter(resolved_at__isnull=True).order_by("created_at")),
            merged_ideas=list(idea.merged_ideas.order_by("created_at")),
            comments=[(comment, comment_actions(user, comment, next_url=self.request.path)) for comment in comments],
        )
        return context


class CommentInspectView(RulesOrModelPermissionInspectView):
    """A comment's admin page: the text, its idea, its state and open reports; approve and hide in the header."""

    template_name = "participation/admin/comment_inspect.html"

    def load(self, pk):
        return selectors.comment_for_admin(pk=pk)

    def get_page_title(self):
        return pgettext("noun", "Comment")

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        items = [{"url": reverse(f"{COMMENTS}:index"), "label": _("Comments")}] if self.may_list else []
        return self.breadcrumbs_items + items + [{"url": "", "label": str(self.object)}]

    @cached_property
    def actions(self):
        return comment_actions(self.request.user, self.object)

    @cached_property
    def header_buttons(self):
        return self.action_buttons(self.actions)[0]

    @cached_property
    def header_more_buttons(self):
        buttons = self.action_buttons(self.actions)[1]
        if delete_url := self.get_delete_url():
            buttons.append(Button(_("Delete"), url=delete_url, icon_name="bin", priority=60))
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comment = self.object
        context.update(
            comment=comment,
            idea_url=reverse(f"{IDEAS}:inspect", args=[quote(comment.idea_id)]),
            open_reports=list(comment.reports.filter(resolved_at__isnull=True).order_by("created_at")),
        )
        return context


# The plain lists ----------------------------------------------------------------------------------


class TranslationsFilter(django_filters.ModelChoiceFilter):
    """A choice in the default language (a project, an administration) that matches its translations too."""

    def filter(self, queryset, value):
        if value is None:
            return queryset
        return queryset.filter(**{f"{self.field_name}__translation_key": value.translation_key})


def _projects():
    # Project pages in the default language; a filter on one includes the ideas on its translations.
    return Idea._meta.get_field("project").related_model.objects.filter(locale=Locale.get_default()).order_by("title")


class IdeaFilterSet(WagtailFilterSet):
    project = TranslationsFilter(label=gettext_lazy("Project"), field_name="project", queryset=None)
    administration = TranslationsFilter(
        label=gettext_lazy("Administration"), field_name="project__administration", queryset=None
    )
    visibility = django_filters.ChoiceFilter(label=gettext_lazy("Visibility"), choices=Visibility.choices)
    answer_status = django_filters.ChoiceFilter(
        label=gettext_lazy("Answer status"),
        choices=[(selectors.UNANSWERED, gettext_lazy("Not answered yet")), *AnswerStatus.choices],
        method="filter_answer_status",
    )

    class Meta:
        model = Idea
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["project"].queryset = _projects()
        self.filters["administration"].queryset = selectors.answering_administrations()

    def filter_answer_status(self, queryset, name, value):
        if value == selectors.UNANSWERED:
            return queryset.filter(Q(answer_status="") | Q(answer_status=AnswerStatus.RECEIVED))
        return queryset.filter(answer_status=value)


class IdeaIndexView(IndexView):
    """Every idea, newest first, filtered by project, administration, visibility and answer status."""

    default_ordering = "-created_at"

    def get_base_queryset(self):
        return selectors.admin_ideas()

    @cached_property
    def columns(self):
        return [
            self._get_title_column("title"),
            ModerationStateColumn("state", label=_("Moderation"), accessor=lambda idea: idea, received=False),
            Column("project", label=_("Project"), accessor="project.title"),
            Column("district", label=_("District"), accessor="district.name"),
            Column("answer_status", label=_("Answer status"), accessor="get_answer_status_display"),
            DateColumn("created_at", label=_("Received"), sort_key="created_at"),
        ]

    def get_list_more_buttons(self, instance):
        buttons = [
            Button(label, url=url, priority=index)
            for index, (_name, label, url) in enumerate(
                idea_actions(self.request.user, instance, next_url=self.index_url)
            )
        ]
        return buttons + super().get_list_more_buttons(instance)


class CommentFilterSet(WagtailFilterSet):
    project = TranslationsFilter(label=gettext_lazy("Project"), field_name="idea__project", queryset=None)
    visibility = django_filters.ChoiceFilter(label=gettext_lazy("Visibility"), choices=Visibility.choices)

    class Meta:
        model = Comment
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["project"].queryset = _projects()


class CommentIndexView(IndexView):
    """Every comment, newest first, with its idea, visibility and open reports."""

    default_ordering = "-created_at"

    def get_base_queryset(self):
        return selectors.admin_comments()

    @cached_property
    def columns(self):
        return [
            self._get_title_column("text"),
            ModerationStateColumn("state", label=_("Moderation"), accessor=lambda comment: comment),
            Column("idea", label=_("Idea"), accessor="idea.title"),
            DateColumn("created_at", label=_("Written"), sort_key="created_at"),
        ]

    def get_list_more_buttons(self, instance):
        buttons = [
            Button(label, url=url, priority=index)
            for index, (_name, label, url) in enumerate(
                comment_actions(self.request.user, instance, next_url=self.index_url)
            )
        ]
        return buttons + super().get_list_more_buttons(instance)


class ReportFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=[("open", gettext_lazy("Open")), ("resolved", gettext_lazy("Resolved"))],
        method="filter_status",
    )

    class Meta:
        model = Report
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.filter(resolved_at__isnull=value == "open")


class ReportTargetColumn(TitleColumn):
    """The reported idea or comment, linked to its admin page."""

    def get_value(self, instance):
        if instance.idea_id:
            return _("Idea: %(title)s") % {"title": instance.idea.title}
        return _("Comment on “%(title)s”: %(text)s") % {"title": instance.comment.idea.title, "text": instance.comment}

    def get_link_url(self, instance, parent_context):
        if instance.idea_id:
            return reverse(f"{IDEAS}:inspect", args=[quote(instance.idea_id)])
        return reverse(f"{COMMENTS}:inspect", args=[quote(instance.comment_id)])


class ReportIndexView(IndexView):
    """Every report, open ones first, each linked to the idea or comment it is about."""

    page_title = gettext_lazy("Citizens' reports")

    def get_base_queryset(self):
        return selectors.admin_reports()

    def order_queryset(self, queryset):
        return queryset  # the selector's order: open first

    @cached_property
    def columns(self):
        return [
            ReportTargetColumn("target", label=_("Reported"), width="35%"),
            Column("reason", label=_("Reason")),
            Column(
                "status",
                label=_("Status"),
                accessor=lambda report: _("Open") if report.resolved_at is None else _("Resolved"),
            ),
            DateColumn("created_at", label=_("Reported on")),
        ]


# The viewsets -------------------------------------------------------------------------------------


class WorkQueueViewSet(ViewSet):
    """The work queue: shown in the menu to case officers (and superusers) only."""

    name = QUEUE
    url_prefix = "participation/queue"
    icon = "tasks"
    menu_label = gettext_lazy("Work queue")

    def get_urlpatterns(self):
        return [
            path("", admin_views.WorkQueueView.as_view(), name="index"),
            path("results/", admin_views.WorkQueueView.as_view(results_only=True), name="index_results"),
        ]

    @cached_property
    def menu_item_class(self):
        class WorkQueueMenuItem(MenuItem):
            def is_shown(self, request):
                return selectors.is_case_officer(user=request.user)

        return WorkQueueMenuItem


class CitizenContentViewSet(ModelViewSet):
    """A list, an admin page and (with the permission) deletion; no add, edit, copy, history or usage views."""

    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_per_page = 50

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("delete/<int:pk>/", self.delete_view, name="delete"),
        ]

    def get_permissions_to_register(self):
        """Only what these views use: "view" (the list and admin pages) and "delete"."""
        unused = [get_permission_codename(action, self.model_opts) for action in ("add", "change")]
        return super().get_permissions_to_register().exclude(codename__in=unused)


class IdeaViewSet(CitizenContentViewSet):
    model = Idea
    url_prefix = "participation/ideas"
    url_namespace = IDEAS
    icon = "thumbtack"  # ideas are pinned on the map
    menu_label = gettext_lazy("Ideas")
    index_view_class = IdeaIndexView
    inspect_view_class = IdeaInspectView
    filterset_class = IdeaFilterSet
    search_fields = ["title"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("approve/<int:pk>/", admin_views.IdeaApproveView.as_view(), name="approve"),
            path("hide/<int:pk>/", admin_views.IdeaHideView.as_view(), name="hide"),
            path("answer/<int:pk>/", admin_views.IdeaAnswerView.as_view(), name="answer"),
            path("merge/<int:pk>/", admin_views.IdeaMergeView.as_view(), name="merge"),
        ]


class CommentViewSet(CitizenContentViewSet):
    model = Comment
    url_prefix = "participation/comments"
    url_namespace = COMMENTS
    icon = "comment"
    menu_label = gettext_lazy("Comments")
    index_view_class = CommentIndexView
    inspect_view_class = CommentInspectView
    filterset_class = CommentFilterSet
    search_fields = ["text"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("approve/<int:pk>/", admin_views.CommentApproveView.as_view(), name="approve"),
            path("hide/<int:pk>/", admin_views.CommentHideView.as_view(), name="hide"),
        ]


class ReportViewSet(CitizenContentViewSet):
    model = Report
    url_prefix = "participation/reports"
    url_namespace = REPORTS
    inspect_view_fields = ["idea", "comment", "reason", "created_at", "resolved_at"]  # not who reported
    icon = "warning"
    menu_label = gettext_lazy("Citizens' reports")
    index_view_class = ReportIndexView
    filterset_class = ReportFilterSet
    search_fields = ["reason"]


class ParticipationViewSetGroup(ViewSetGroup):
    menu_label = pgettext_lazy("admin menu", "Participation")
    menu_icon = "group"
    menu_order = 200
    items = (WorkQueueViewSet, IdeaViewSet, CommentViewSet, ReportViewSet)
