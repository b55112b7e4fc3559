"""Wagtail admin views for case officers: the work queue, and approving, hiding, answering and merging.

Who may act on an idea or a comment is decided by `participation.rules.can` ("moderate", "answer",
"merge": the case officers of the administration that owns the project, and superusers); what happens
is done by `participation.services`, whose `ValidationError`s come back on the form. A refusal is a
403 page that says why. `viewsets.py` registers these views, with the admin pages of one idea or
comment and the plain lists, which follow Wagtail's model permissions.
"""

from __future__ import annotations

import django_filters
from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import ButtonsColumnMixin, Column, TitleColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button, ButtonWithDropdown, HeaderButton, ListingButton
from wagtail.log_actions import log

from . import selectors, services
from .admin_forms import AnswerForm, ConfirmForm, HideForm, MergeForm, add_service_errors
from .models import AnswerStatus, Comment, Idea, Visibility
from .rules import can

# URL namespaces of the viewsets (`viewsets.py` registers them under /admin/participation/…).
QUEUE = "participation_queue"
IDEAS = "participation_ideas"
COMMENTS = "participation_comments"
REPORTS = "participation_reports"

# What the action views write to Wagtail's audit log (Reports › Site history); registered in wagtail_hooks.
LOG_ACTIONS = (
    ("participation.approve", gettext_lazy("Approve"), gettext_lazy("Approved and published")),
    ("participation.hide", gettext_lazy("Hide"), gettext_lazy("Hidden, with a reason for the author")),
    ("participation.answer", gettext_lazy("Answer"), gettext_lazy("Answered")),
    ("participation.merge", gettext_lazy("Merge"), gettext_lazy("Merged into another idea")),
)


def refuse(request, message: str) -> TemplateResponse:
    """The 403 page of these views, in the admin's frame, saying why."""
    context = {"page_title": _("Not allowed"), "header_icon": "warning", "message": message}
    context["header_title"] = context["page_title"]
    return TemplateResponse(request, "participation/admin/refused.html", context, status=403)


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


# What a case officer can do to an idea -----------------------------------------------------------


def approve_label(target: Idea | Comment) -> str:
    if target.visibility == Visibility.PENDING:
        return _("Approve")
    if target.visibility == Visibility.HIDDEN:
        return _("Publish again")
    return _("Keep published")


def idea_actions(user, idea: Idea, *, next_url: str = "") -> list[tuple[str, str, str]]:
    """The actions the user may take on the idea now, as (name, label, URL), the most common first.

    Approve shows for an idea that waits for approval, is hidden, or has open reports (approving a
    published idea keeps it and closes its reports). A merged idea can no longer be answered or merged.
    """
    actions = []
    may_moderate = can(user, "moderate", idea)
    open_reports = getattr(idea, "open_reports", 0)
    if may_moderate and (idea.visibility != Visibility.PUBLISHED or open_reports):
        actions.append(("approve", approve_label(idea)))
    if idea.merged_into_id is None and can(user, "answer", idea):
        actions.append(("answer", _("Answer")))
    if may_moderate and idea.visibility != Visibility.HIDDEN:
        actions.append(("hide", _("Hide")))
    if idea.merged_into_id is None and can(user, "merge", idea):
        actions.append(("merge", _("Merge duplicate")))
    return [
        (name, label, _with_next(reverse(f"{IDEAS}:{name}", args=[quote(idea.pk)]), next_url))
        for name, label in actions
    ]


def comment_actions(user, comment: Comment, *, next_url: str = "") -> list[tuple[str, str, str]]:
    """Approve (or publish again, or keep and close the reports) and hide, when the user may moderate."""
    if not can(user, "moderate", comment):
        return []
    actions = []
    if comment.visibility != Visibility.PUBLISHED or getattr(comment, "open_reports", 0):
        actions.append(("approve", approve_label(comment)))
    if comment.visibility != Visibility.HIDDEN:
        actions.append(("hide", _("Hide")))
    return [
        (name, label, _with_next(reverse(f"{COMMENTS}:{name}", args=[quote(comment.pk)]), next_url))
        for name, label in actions
    ]


def _aria(label: str, title: str) -> dict[str, str]:
    return {"aria-label": _("%(action)s: %(title)s") % {"action": label, "title": title}}


# The work queue ----------------------------------------------------------------------------------


class WorkQueueFilterSet(WagtailFilterSet):
    administration = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Administration"), queryset=None, method="keep", empty_label=gettext_lazy("All")
    )
    visibility = django_filters.ChoiceFilter(
        label=gettext_lazy("Moderation"),
        choices=[
            (Visibility.PENDING, gettext_lazy("Waiting for approval")),
            (Visibility.PUBLISHED, gettext_lazy("Published")),
            (Visibility.HIDDEN, gettext_lazy("Hidden after reports")),
        ],
        method="keep",
        empty_label=gettext_lazy("All"),
    )

    class Meta:
        model = Idea
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["administration"].queryset = selectors.moderated_administrations(user=request.user)

    def keep(self, queryset, name, value):
        # The selector applies the filters (see WorkQueueView.get_base_queryset); the set only checks them.
        return queryset


class QueueTitleColumn(ButtonsColumnMixin, TitleColumn):
    def __init__(self, *args, get_buttons, **kwargs):
        super().__init__(*args, **kwargs)
        self._get_buttons = get_buttons

    def get_buttons(self, instance, parent_context):
        return self._get_buttons(instance)


class DeadlineColumn(Column):
    """The date the answer is due, and "Deadline passed" in words when it has."""

    cell_template_name = "participation/admin/cells/deadline.html"

    def __init__(self, *args, now, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        deadline = selectors.answer_deadline(instance)
        context.update(deadline=deadline, breached=deadline < self.now)
        return context


def moderation_tags(target: Idea | Comment, *, received: bool = True) -> list[tuple[str, bool]]:
    """What a case officer should see at a glance, as (label, stands out): only what needs attention.

    `received=False` leaves out "Received", for lists that show the answer status in a column of its own.
    """
    tags = []
    if target.visibility == Visibility.PENDING:
        tags.append((_("Waiting for approval"), True))
    elif target.visibility == Visibility.HIDDEN:
        tags.append((_("Hidden"), False))
    if open_reports := getattr(target, "open_reports", 0):
        label = ngettext("%(count)s open report", "%(count)s open reports", open_reports) % {"count": open_reports}
        tags.append((label, False))
    if getattr(target, "merged_into_id", None):
        tags.append((_("Merged"), False))
    elif received and getattr(target, "answer_status", "") == AnswerStatus.RECEIVED:
        tags.append((_("Received"), False))
    return tags


class ModerationStateColumn(Column):
    """Waiting for approval, hidden, open reports, merged or "Received", in words."""

    cell_template_name = "participation/admin/cells/moderation_state.html"

    def __init__(self, *args, received: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.received = received

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["tags"] = moderation_tags(instance, received=self.received)
        return context


def age_in_days(idea: Idea, now) -> int:
    return (timezone.localdate(now) - timezone.localdate(idea.created_at)).days


class WorkQueueView(BaseListingView):
    """The ideas the signed-in case officer's administrations have not answered, oldest first."""

    template_name = "participation/admin/work_queue.html"
    results_template_name = "participation/admin/work_queue_results.html"
    page_title = gettext_lazy("Work queue")
    header_icon = "tasks"
    paginate_by = 50
    is_searchable = True
    search_fields = ["title"]
    filterset_class = WorkQueueFilterSet
    index_url_name = f"{QUEUE}:index"
    index_results_url_name = f"{QUEUE}:index_results"
    verbose_name_plural = gettext_lazy("ideas")

    def dispatch(self, request, *args, **kwargs):
        if not selectors.is_case_officer(user=request.user):
            return refuse(
                request,
                _(
                    "The work queue is for case officers. Ask an administrator to add you to your "
                    "administration's case-officer group."
                ),
            )
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def now(self):
        return timezone.now()

    def get_base_queryset(self):
        filters = self.filters.form.cleaned_data if self.filters and self.filters.is_valid() else {}
        return selectors.work_queue(
            user=self.request.user,
            administration=filters.get("administration"),
            visibility=filters.get("visibility") or None,
        )

    @cached_property
    def next_url(self) -> str:
        """This page with its filters, search and page number, for the action views to come back to."""
        query = self.request.GET.copy()
        query.pop("_w_filter_fragment", None)
        return f"{self.index_url}?{query.urlencode()}" if query else self.index_url

    def get_row_buttons(self, idea: Idea) -> list:
        actions = idea_actions(self.request.user, idea, next_url=self.next_url)
        shown = [
            ListingButton(label, url=url, attrs=_aria(label, idea.title), priority=index)
            for index, (name, label, url) in enumerate(actions)
            if name in ("approve", "answer")
        ]
        more = [
            Button(label, url=url, priority=index)
            for index, (name, label, url) in enumerate(actions)
            if name not in ("approve", "answer")
        ]
        if more:
            more.append(Button(_("Open the idea's admin page"), url=self.get_idea_url(idea), priority=99))
            shown.append(
                ButtonWithDropdown(
                    buttons=more,
                    icon_name="dots-horizontal",
                    attrs={"aria-label": _("More actions for “%(title)s”") % {"title": idea.title}},
                    priority=100,
                )
            )
        return shown

    def get_idea_url(self, idea: Idea) -> str:
        return reverse(f"{IDEAS}:inspect", args=[quote(idea.pk)])

    @cached_property
    def columns(self):
        return [
            QueueTitleColumn(
                "title",
                label=_("Idea"),
                get_url=self.get_idea_url,
                get_buttons=self.get_row_buttons,
                width="30%",
            ),
            ModerationStateColumn("state", label=_("Moderation"), accessor=lambda idea: idea),
            Column("project", label=_("Project"), accessor="project.title"),
            Column("district", label=_("District"), accessor="district.name"),
            Column("age", label=_("Age (days)"), accessor=lambda idea: age_in_days(idea, self.now)),
            DeadlineColumn("deadline", label=_("Answer due"), now=self.now),
        ]

    def get_table_kwargs(self):
        kwargs = super().get_table_kwargs()
        kwargs["caption"] = _("Ideas waiting for an answer, oldest first")
        return kwargs


# Actions on an idea or a comment -----------------------------------------------------------------


class ActionView(WagtailAdminTemplateMixin, FormView):
    """A form that asks `rules.can` first, calls a service, and shows the service's errors on the form."""

    template_name = "participation/admin/action.html"
    header_icon = "tasks"
    form_class = ConfirmForm
    rule = "moderate"
    log_action = ""
    submit_label = gettext_lazy("Save")
    submit_active_label = gettext_lazy("Saving…")
    # Service error code → form field (None: a message for the whole form).
    error_fields: dict[str | None, str | None] = {None: None}

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = self.get_object()
        if self.object is None:
            raise Http404
        self.next_url = get_valid_next_url_from_request(request)

    def get_object(self):
        raise NotImplementedError

    @cached_property
    def header_buttons(self):
        return [HeaderButton(_("Cancel"), url=self.next_url or self.get_object_url(), icon_name="arrow-left")]

    def dispatch(self, request, *args, **kwargs):
        if not can(request.user, self.rule, self.object):
            return refuse(request, self.refusal_message())
        return super().dispatch(request, *args, **kwargs)

    def refusal_message(self) -> str:
        return _("Only the case officers of the administration that owns the project can do this.")

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.perform(form)
        except ValidationError as error:
            add_service_errors(form, error, fields=self.error_fields)
            return self.form_invalid(form)
        log(instance=self.object, action=self.log_action, user=self.request.user, data=self.log_data(form))
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        messages.error(self.request, _("Nothing was saved. Correct the errors below."))
        return super().form_invalid(form)

    def log_data(self, form) -> dict:
        return {}

    def get_success_message(self) -> str:
        raise NotImplementedError

    def get_object_url(self) -> str:
        raise NotImplementedError

    def get_success_url(self) -> str:
        return self.next_url or self.get_object_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            action_url=self.request.get_full_path(),
            submit_button_label=self.submit_label,
            submit_button_active_label=self.submit_active_label,
            next=self.next_url,
        )
        return context


class IdeaActionView(ActionView):
    summary_template = "participation/admin/includes/idea_summary.html"

    def get_object(self):
        return selectors.idea_for_admin(pk=self.kwargs["pk"])

    def get_object_url(self) -> str:
        return reverse(f"{IDEAS}:inspect", args=[quote(self.object.pk)])

    def get_header_title(self):
        return f"{self.get_page_title()}: {self.object.title}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{QUEUE}:index"), "label": _("Work queue")},
            {"url": self.get_object_url(), "label": self.object.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        deadline = selectors.answer_deadline(self.object)
        context.update(
            idea=self.object,
            summary_template=self.summary_template,
            deadline=deadline,
            deadline_breached=not self.object.is_answered and deadline < now,
            age_in_days=age_in_days(self.object, now),
        )
        return context


class ApproveMixin:
    """Publish the idea or comment (waiting for approval, or hidden) and close its open reports."""

    log_action = "participation.approve"

    def get_page_title(self):
        return approve_label(self.object)

    @property
    def submit_label(self):
        return approve_label(self.object)

    def perform(self, form):
        services.moderate(target=self.object, visibility=Visibility.PUBLISHED, by=self.request.user)


class HideMixin:
    """Hide the idea or comment with a reason that its author sees."""

    form_class = HideForm
    log_action = "participation.hide"
    submit_label = gettext_lazy("Hide")
    error_fields = {"reason": "reason", None: None}

    def perform(self, form):
        services.moderate(
            target=self.object, visibility=Visibility.HIDDEN, reason=form.cleaned_data["reason"], by=self.request.user
        )

    def log_data(self, form):
        return {"reason": form.cleaned_data["reason"].strip()}


class IdeaApproveView(ApproveMixin, IdeaActionView):
    """Publish an idea that waits for approval (or was hidden), closing its open reports."""

    def get_success_message(self):
        return _("“%(title)s” is published.") % {"title": self.object.title}


class IdeaHideView(HideMixin, IdeaActionView):
    """Hide an idea with a reason that its author sees."""

    page_title = gettext_lazy("Hide the idea")

    def get_success_message(self):
        return _("“%(title)s” is hidden. Its author sees the reason.") % {"title": self.object.title}


class IdeaAnswerView(IdeaActionView):
    """The administration's public answer: status, text and the administration that signs it."""

    form_class = AnswerForm
    rule = "answer"
    log_action = "participation.answer"
    page_title = gettext_lazy("Answer the idea")
    submit_label = gettext_lazy("Publish the answer")
    submit_active_label = gettext_lazy("Publishing…")
    error_fields = {"reason": "text", None: None}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "idea": self.object}

    def get_initial(self):
        if self.object.answer_status:
            return {"status": self.object.answer_status, "text": self.object.answer_text}
        return {}

    def perform(self, form):
        data = form.cleaned_data
        self.object = services.idea_answer(
            idea=self.object,
            status=data["status"],
            text=data["text"],
            administration=data["administration"],
            by=self.request.user,
        )

    def log_data(self, form):
        return {"status": form.cleaned_data["status"]}

    def get_success_message(self):
        return _("The answer to “%(title)s” is published.") % {"title": self.object.title}


class IdeaMergeView(IdeaActionView):
    """Merge a duplicate into another idea of the same project; its supports move there."""

    form_class = MergeForm
    rule = "merge"
    log_action = "participation.merge"
    page_title = gettext_lazy("Merge a duplicate")
    submit_label = gettext_lazy("Merge")
    error_fields = {None: "keep"}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "idea": self.object}

    def perform(self, form):
        self.kept = form.cleaned_data["keep"]
        if not can(self.request.user, "merge", self.kept):
            raise ValidationError(self.refusal_message())
        services.idea_merge(duplicate=self.object, keep=self.kept, by=self.request.user)

    def log_data(self, form):
        return {"kept": self.kept.pk}

    def get_success_message(self):
        return _("“%(duplicate)s” is merged into “%(kept)s”.") % {
            "duplicate": self.object.title,
            "kept": self.kept.title,
        }


class CommentActionView(ActionView):
    summary_template = "participation/admin/includes/comment_summary.html"

    def get_object(self):
        return selectors.comment_for_admin(pk=self.kwargs["pk"])

    def get_object_url(self) -> str:
        return reverse(f"{COMMENTS}:inspect", args=[quote(self.object.pk)])

    def get_header_title(self):
        return f"{self.get_page_title()}: {self.object}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{COMMENTS}:index"), "label": _("Comments")},
            {"url": self.get_object_url(), "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(comment=self.object, summary_template=self.summary_template)
        return context


class CommentApproveView(ApproveMixin, CommentActionView):
    """Publish a comment that waits for approval (or was hidden), closing its open reports."""

    def get_success_message(self):
        return _("The comment is published.")


class CommentHideView(HideMixin, CommentActionView):
    """Hide a comment with a reason that its author sees."""

    page_title = gettext_lazy("Hide the comment")

    def get_success_message(self):
        return _("The comment is hidden. Its author sees the reason.")
