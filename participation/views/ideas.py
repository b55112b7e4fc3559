"""The idea page and what a citizen does there: support, comment, reply and report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import cache as page_cache
from .. import notifications, selectors, services
from ..forms import CommentForm, IdeaEditForm, ReportForm
from ..models import Comment, Visibility
from ..rules import can
from ..throttle import too_many


def _slow_down(request) -> HttpResponse:
    response = render(request, "participation/too_many.html", status=429)
    response["Retry-After"] = "3600"
    return response


def _idea_or_404(request, pk: int):
    idea = selectors.idea_for_page(pk=pk, user=request.user)
    if idea is None:
        raise Http404
    return idea


def _reply_to(comments, value) -> object | None:
    """The published top-level comment a reply answers, from the page's `svar` link or the form's `parent`."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return next((c for c in comments if c.pk == pk and c.visibility == Visibility.PUBLISHED), None)


def _idea_page(request, idea, *, comment_form=None, status=200) -> TemplateResponse:
    """The idea page. A reply is written in the one comment form, opened by a comment's Reply link
    (`?svar=<id>#kommenter`), so replying works without JavaScript."""
    user = request.user
    comments = selectors.idea_comments(idea=idea, user=user)
    if comment_form is None:
        reply_to = _reply_to(comments, request.GET.get("svar"))
        comment_form = CommentForm(initial={"parent": reply_to.pk if reply_to else None})
    else:
        reply_to = _reply_to(comments, comment_form.data.get("parent"))
    context = {
        "idea": idea,
        "project": idea.project,
        "comments": comments,
        "map_data": selectors.idea_map_data(idea=idea),
        "comment_form": comment_form,
        "reply_to": reply_to,
        "supported": selectors.supports(idea=idea, user=user),
        "following": notifications.is_following(user=user, idea=idea),
        "may": {action: can(user, action, idea) for action in ("support", "comment", "report", "edit")},
    }
    return TemplateResponse(request, "participation/idea_detail.html", context, status=status)


def idea_detail(request, pk: int):
    """An idea's own page: where it is, the text and photo, the administration's answer, the comments."""
    page_cache.cache_response(request, idea_id=pk, params=("svar",))  # before the idea is read (participation/cache.py)
    idea = _idea_or_404(request, pk)
    if idea.merged_into_id and idea.author_id != getattr(request.user, "pk", None):
        return redirect("participation:idea_detail", pk=idea.merged_into_id)
    return _idea_page(request, idea)


@require_POST
@login_required
def idea_support(request, pk: int):
    """Support the idea, or take the support back."""
    idea = _idea_or_404(request, pk)
    if not can(request.user, "support", idea):
        raise PermissionDenied
    if too_many(request, "support"):
        return _slow_down(request)
    if services.support_toggle(idea=idea, user=request.user):
        messages.success(request, _("Thank you for your support."))
    else:
        messages.info(request, _("Your support has been taken back."))
    return redirect("participation:idea_detail", pk=idea.pk)


@require_POST
@login_required
def comment_create(request, pk: int):
    """A comment or a reply. On an error the page comes back with what was typed."""
    idea = _idea_or_404(request, pk)
    if not can(request.user, "comment", idea):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _idea_page(request, idea, comment_form=form, status=400)
    parent = Comment.objects.filter(
        pk=form.cleaned_data.get("parent") or 0, idea=idea, visibility=Visibility.PUBLISHED
    ).first()
    if too_many(request, "comment"):
        return _slow_down(request)
    try:
        comment = services.comment_create(idea=idea, author=request.user, text=form.cleaned_data["text"], parent=parent)
    except ValidationError as error:
        form.add_error("text", error)
        return _idea_page(request, idea, comment_form=form, status=400)
    if comment.visibility == Visibility.PENDING:
        messages.info(request, _("Thank you. Your comment will be shown when a moderator has approved it."))
    else:
        messages.success(request, _("Your comment has been published."))
    return redirect(f"{idea.get_absolute_url()}#kommentar-{comment.pk}")


@login_required
def report(request, pk: int, kind: str = "idea"):
    """Report an idea or a comment, with a reason."""
    if kind == "comment":
        target = get_object_or_404(Comment.objects.select_related("idea__project"), pk=pk)
        idea = _idea_or_404(request, target.idea_id)
    else:
        target = idea = _idea_or_404(request, pk)
    if not can(request.user, "report", target):
        raise PermissionDenied
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if too_many(request, "report"):
            return _slow_down(request)
        try:
            services.report_create(
                reporter=request.user,
                reason=form.cleaned_data["reason"],
                idea=idea if kind == "idea" else None,
                comment=target if kind == "comment" else None,
            )
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(request, _("Thank you. A moderator will look at your report."))
            return redirect("participation:idea_detail", pk=idea.pk)
    return render(
        request, "participation/report_form.html", {"form": form, "idea": idea, "target": target, "kind": kind}
    )


@login_required
def idea_edit(request, pk: int):
    """The author corrects the idea until the administration has answered; the earlier text is kept."""
    idea = _idea_or_404(request, pk)
    if not can(request.user, "edit", idea):
        raise PermissionDenied
    form = IdeaEditForm(request.POST or None, initial={"title": idea.title, "description": idea.description})
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_edit(
                idea=idea, title=form.cleaned_data["title"], description=form.cleaned_data["description"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your idea has been updated."))
            return redirect("participation:idea_detail", pk=idea.pk)
    return render(request, "participation/idea_edit.html", {"form": form, "idea": idea})
