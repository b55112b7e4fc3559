"""A person's notifications and e-mail settings, following and unfollowing, and the unsubscribe link of e-mails."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import notifications, selectors
from ..models import Follow, NotificationPreference

PER_PAGE = 20


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = [
            "email_enabled",
            "email_answers",
            "email_moderation",
            "email_phases",
            "email_proposals",
            "email_frequency",
            "language",
        ]
        widgets = {
            "language": forms.Select(attrs={"class": "form-select"}),
            "email_frequency": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form sent without the choice (an old page, say) keeps the person's current one.
        self.fields["email_frequency"].required = False

    def clean_email_frequency(self) -> str:
        return self.cleaned_data.get("email_frequency") or self.instance.email_frequency


def _back(request, fallback: str) -> str:
    """Where to return after a follow button: the form's `next`, else the page it was on, if that is ours."""
    for candidate in (request.POST.get("next"), request.headers.get("referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return fallback


def _project_or_404(pk: int):
    # The project page model, reached through the relation so that this app does not import `cms`.
    project_model = Follow._meta.get_field("project").related_model
    return get_object_or_404(project_model.objects.live(), pk=pk)


def _idea_or_404(request, pk: int):
    idea = selectors.visible_ideas(user=request.user).select_related("project").filter(pk=pk).first()
    if idea is None:
        raise Http404
    return idea


def _change_follow(request, *, project=None, idea=None, on: bool) -> HttpResponseRedirect:
    target = project if project is not None else idea
    if project is not None:
        fallback = project.get_url()
    else:
        fallback = reverse("participation:idea_detail", kwargs={"pk": idea.pk})
    back = _back(request, fallback or "/")
    if not request.user.is_authenticated:
        # Back to the page with the button after signing in; the person presses it again there.
        return redirect_to_login(back)
    title = target.title
    if on:
        notifications.follow(user=request.user, project=project, idea=idea, language=get_language())
        message = _("You now follow “%(title)s”. We will tell you when something happens.")
        messages.success(request, message % {"title": title})
    elif notifications.unfollow(user=request.user, project=project, idea=idea):
        messages.info(request, _("You no longer follow “%(title)s”.") % {"title": title})
    return HttpResponseRedirect(back)


@require_POST
def follow_project(request, pk: int):
    """Follow a project (signed in, by POST), and go back to where the button was."""
    return _change_follow(request, project=_project_or_404(pk), on=True)


@require_POST
def unfollow_project(request, pk: int):
    """Stop following a project (in all its languages), and go back to where the button was."""
    return _change_follow(request, project=_project_or_404(pk), on=False)


@require_POST
def follow_idea(request, pk: int):
    """Follow an idea the person can see, and go back to where the button was."""
    return _change_follow(request, idea=_idea_or_404(request, pk), on=True)


@require_POST
def unfollow_idea(request, pk: int):
    """Stop following an idea, and go back to where the button was."""
    return _change_follow(request, idea=_idea_or_404(request, pk), on=False)


@require_GET
@login_required
def notification_list(request):
    """The person's notifications, newest first; the ones shown are marked read (and stay marked "new" this once)."""
    page_obj = Paginator(notifications.notifications_for(user=request.user), PER_PAGE).get_page(request.GET.get("side"))
    shown = list(page_obj.object_list)
    unread = {notification.pk for notification in shown if notification.read_at is None}
    notifications.mark_read(user=request.user, ids=list(unread))
    return render(
        request,
        "participation/notifications/list.html",
        {"notifications": shown, "unread": unread, "page_obj": page_obj},
    )


@require_http_methods(["GET", "POST"])
@login_required
def notification_settings(request):
    """Which notification e-mails the person gets, and in which language."""
    preference = notifications.preference_for(user=request.user)
    form = NotificationPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your e-mail settings have been saved."))
        return redirect("participation:notification_settings")
    status = 400 if form.errors else 200
    return render(request, "participation/notifications/settings.html", {"form": form}, status=status)


def _masked(email: str) -> str:
    name, _at, domain = email.partition("@")
    return f"{name[:1]}•••@{domain}" if domain else "•••"


# RFC 8058 one-click unsubscribe: mail clients POST to the link in the List-Unsubscribe header with
# no session and no CSRF token, so this one view is exempt from CSRF. The signed token in the URL is
# what authorises the change, and all it can do is turn notification e-mails off.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET shows what the link will do; POST (a click on the page, or a mail client's one-click) does it.

    Works without signing in. A tampered, unknown or expired token gets a page that says so (status 400).
    """
    try:
        user = notifications.user_for_unsubscribe_token(token)
    except signing.SignatureExpired:
        state, user = "expired", None
    except signing.BadSignature:
        state, user = "invalid", None
    else:
        state = "confirm"
    if user is not None and request.method == "POST":
        notifications.unsubscribe(user=user)
        state = "done"
    response = render(
        request,
        "participation/notifications/unsubscribe.html",
        {"state": state, "email": _masked(user.email) if user else ""},
        status=400 if user is None else 200,
    )
    # The token must not travel to other sites in a Referer header.
    response["Referrer-Policy"] = "no-referrer"
    return response
