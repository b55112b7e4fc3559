"""Case officers, demo citizens, idea categories and the ideas of the demo (`seed_demo`, after pages and logins).

Every administration gets a case-officer group ("Sagsbehandlere – TMF"), set as its `moderators` in every
language; the demo case officer joins TMF's. Ideas are made the way people make them, through the
participation services: sent with `idea_submit` at a moment inside the project's ideas phase, then
commented, supported, reported, moderated and answered (`idea_answer(at=...)` dates the answer). Afterwards
the creation times of ideas, comments and reports are moved back to the moments the data gives them
(`created_at` is set on save), so project pages show a realistic median answer time and the work queues
show waiting ideas, some past their deadline.

E-mail: answering or hiding an idea notifies its author and followers on the site and, once the seed's
transaction commits, by e-mail (the django-tasks task; the console in `make run`). The demo citizens who
cannot sign in are unsubscribed from e-mail when they are made (`notifications.unsubscribe`), so a first
run e-mails only the printed demo citizen, about her one answered idea; a second run sends nothing.

An idea is looked up by project and title before it is made, so running the seed again creates nothing.
"""

import datetime
import functools
from collections import Counter
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils import timezone, translation
from wagtail.models import Locale

from participation import notifications, services
from participation.models import Category, Comment, Feature, Idea, Report, Visibility

from ..models import Administration, ProjectPage
from . import content
from .ideas import (
    CASE_OFFICER_ADMINISTRATION,
    CASE_OFFICER_GROUP,
    CATEGORIES,
    CITIZENS,
    DEMO_CITIZEN,
    IDEAS,
    SUPPORTERS,
    IdeaSpec,
)
from .translate import translate

Say = Callable[[str], None]

# What a case officer needs in Wagtail: the admin itself, and the participation lists (if registered).
CASE_OFFICER_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    *(
        ("participation", f"{action}_{model}")
        for model in ("idea", "comment", "report")
        for action in ("view", "change")
    ),
]


def seed_ideas(
    *,
    projects: list[ProjectPage],
    administrations: dict[str, Administration],
    en: Locale,
    say: Say,
    created: Say,
    warnings: list[str],
    now: datetime.datetime | None = None,
) -> None:
    """Case-officer groups, the demo citizens, the categories of ideas and the ideas of the Danish `projects`.

    `created` is told of everything made (and reports it); `say` of the rest.
    """
    now = now or timezone.now()
    groups = _ensure_case_officer_groups(administrations, created=created)
    _join(_account("case officer").email, groups[CASE_OFFICER_ADMINISTRATION])
    citizens = _ensure_citizens(created=created)
    pages = {page.slug: ProjectPage.objects.get(pk=page.pk) for page in projects}
    for slug in pages.keys() & CATEGORIES.keys():
        pages[slug] = _ensure_categories(pages[slug], en=en, created=created, warnings=warnings)
    say("Ideas:")
    _IdeaSeeder(pages, citizens=citizens, now=now, say=say, created=created).run()


def _account(role: str) -> content.AccountSpec:
    return next(account for account in content.DEMO_ACCOUNTS if account.role == role)


# Case officers and citizens -----------------------------------------------------------------------


def _ensure_case_officer_groups(administrations: dict[str, Administration], *, created: Say) -> dict[str, Group]:
    """A case-officer group per administration, set as its moderators in every language where none is set."""
    wanted = functools.reduce(
        Q.__or__, (Q(content_type__app_label=app, codename=codename) for app, codename in CASE_OFFICER_PERMISSIONS)
    )
    groups = {}
    for abbreviation, administration in administrations.items():
        name = CASE_OFFICER_GROUP.format(abbreviation=abbreviation)
        group, new = Group.objects.get_or_create(name=name)
        if new:
            group.permissions.add(*Permission.objects.filter(wanted))
            created(f"group {name} (case officers of {administration.name})")
        # An administration whose moderators an editor has chosen keeps them; its translations get the same group.
        danish = Administration.objects.get(pk=administration.pk)
        if danish.moderators_id is None:
            danish.moderators = group
            danish.save(update_fields=["moderators"])
        Administration.objects.filter(translation_key=danish.translation_key, moderators__isnull=True).update(
            moderators_id=danish.moderators_id
        )
        groups[abbreviation] = group
    return groups


def _join(email: str, group: Group) -> None:
    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is not None and not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)


def _ensure_citizens(*, created: Say) -> dict:
    """The demo citizens by key: the printed demo citizen (a demo login) and the others, who cannot sign in."""
    from allauth.account.models import EmailAddress

    user_model = get_user_model()
    citizens = {DEMO_CITIZEN: user_model.objects.get(email__iexact=_account("citizen").email)}
    for key, citizen in CITIZENS.items():
        user = user_model.objects.filter(email__iexact=citizen.email).first()
        if user is None:
            user = user_model.objects.create_user(
                email=citizen.email, password=None, first_name=citizen.first_name, last_name=citizen.last_name
            )
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            notifications.unsubscribe(user=user)
            created(f"user {user.email} (demo citizen without a password)")
        citizens[key] = user
    return citizens


# Categories ---------------------------------------------------------------------------------------


def _ensure_categories(page: ProjectPage, *, en: Locale, created: Say, warnings: list[str]) -> ProjectPage:
    """The project's categories, published with the page, and their English names on its translation.

    A project that already has categories keeps them. The English names go through wagtail-localize like
    the rest of the page: the English page, with English categories under the Danish categories' translation
    keys, is the twin that `translate` reads the new strings from. Returns the Danish page as saved.
    """
    names = CATEGORIES[page.slug]
    if not page.idea_categories.exists():
        if page.has_unpublished_changes:
            warnings.append(f"“{page.title}” has a draft: its idea categories were not added, so as not to publish it.")
            return page
        # The page itself, as it has no unpublished changes; it is read again once published.
        draft = page.get_latest_revision_as_object()
        draft.idea_categories = [Category(name=name.da, sort_order=order) for order, name in enumerate(names)]
        draft.save_revision().publish()
        page = ProjectPage.objects.get(pk=page.pk)
        created(f"{len(names)} idea categories on “{page.title}”")
    english = page.get_translation_or_none(en)
    danish_categories = list(page.idea_categories.all())
    if english is None or {category.translation_key for category in danish_categories} <= set(
        english.idea_categories.values_list("translation_key", flat=True)
    ):
        return page
    english_names = {name.da: name.en for name in names}
    twin = english.get_latest_revision_as_object()
    twin.idea_categories = [
        Category(name=english_names[category.name], translation_key=category.translation_key, sort_order=order)
        for order, category in enumerate(danish_categories)
        if category.name in english_names
    ]
    translate(page, twin=twin, locale=en, warnings=warnings)
    english = ProjectPage.objects.get(pk=english.pk)
    english.get_latest_revision().publish()
    created(f"English idea categories on “{english.title}” (en)")
    return page


# Ideas --------------------------------------------------------------------------------------------


class _IdeaSeeder:
    def __init__(
        self, pages: dict[str, ProjectPage], *, citizens: dict, now: datetime.datetime, say: Say, created: Say
    ) -> None:
        self.pages = pages
        self.citizens = citizens
        self.now = now
        self.say = say
        self.created = created
        self.counts: Counter[str] = Counter()
        self._translations: dict[tuple[str, str], ProjectPage | None] = {}
        self._categories: dict[tuple[int, str], Category | None] = {}

    def run(self) -> None:
        for number, spec in enumerate(IDEAS):
            page = self._page(spec)
            if page is None:
                self.counts["no project"] += 1
            elif Idea.objects.filter(project=page, title=spec.title).exists():
                self.counts["there"] += 1
            elif (window := self._ideas_phase(page)) is None:
                self.counts["no phase"] += 1
            else:
                self._idea(spec, page, window, number)
        counts = self.counts
        if counts["ideas"]:
            self.created(
                f"{counts['ideas']} ideas: {counts['answered']} with an answer, {counts['comments']} comments, "
                f"{counts['supports']} supports, {counts['reports']} reports, {counts['hidden']} hidden"
            )
        if counts["there"]:
            self.say(f"  {counts['there']} ideas were there already")
        if counts["no project"] or counts["no phase"]:
            self.say(
                f"  {counts['no project'] + counts['no phase']} ideas left out: their project is missing "
                "or its ideas phase has not begun"
            )

    def _page(self, spec: IdeaSpec) -> ProjectPage | None:
        """The project page in the idea's language."""
        key = (spec.project, spec.language)
        if key not in self._translations:
            page = self.pages.get(spec.project)
            if page is not None and page.locale.language_code != spec.language:
                page = page.get_translation_or_none(Locale.objects.filter(language_code=spec.language).first())
            self._translations[key] = page
        return self._translations[key]

    def _ideas_phase(self, page: ProjectPage) -> tuple[datetime.datetime, datetime.datetime] | None:
        """From when until when an idea could have been sent: the latest ideas phase that has begun, up to now."""
        today = timezone.localdate(self.now)
        phases = [phase for phase in page.ordered_phases() if Feature.SUBMIT in phase.features and phase.start <= today]
        if not phases:
            return None
        start = _midnight(phases[-1].start)
        end = min(_midnight(phases[-1].end + datetime.timedelta(days=1)), self.now) - datetime.timedelta(hours=1)
        return start, max(start, end)

    def _category(self, spec: IdeaSpec, page: ProjectPage) -> Category | None:
        """The project's category of the spec's Danish name, in the language of `page`."""
        if spec.category is None:
            return None
        key = (page.pk, spec.category)
        if key not in self._categories:
            category = self.pages[spec.project].idea_categories.filter(name=spec.category).first()
            if category is not None and category.project_id != page.pk:
                category = page.idea_categories.filter(translation_key=category.translation_key).first()
            self._categories[key] = category
        return self._categories[key]

    def _moment(
        self, start: datetime.datetime, *, days: float = 0, hours: float = 0, margin: int = 1
    ) -> datetime.datetime:
        """A moment after `start`, but at least `margin` minutes before now."""
        moment = start + datetime.timedelta(days=days, hours=hours)
        return max(start, min(moment, self.now - datetime.timedelta(minutes=margin)))

    def _others(self, spec_author: str, number: int) -> list:
        """The demo citizens other than the author, in an order that shifts from idea to idea."""
        keys = [key for key in SUPPORTERS if key != spec_author]
        shift = (number * 5) % len(keys)
        return [self.citizens[key] for key in keys[shift:] + keys[:shift]]

    def _idea(self, spec: IdeaSpec, page: ProjectPage, window: tuple, number: int) -> None:
        start, end = window
        sent = max(start, min(start + datetime.timedelta(days=spec.day), end))
        latitude, longitude = spec.place or (None, None)
        with translation.override(spec.language):
            idea = services.idea_submit(
                project=page,
                author=self.citizens[spec.by],
                title=spec.title,
                description=spec.description,
                category=self._category(spec, page),
                latitude=latitude,
                longitude=longitude,
                at=sent,
            )
        Idea.objects.filter(pk=idea.pk).update(created_at=sent, updated_at=sent)
        idea.created_at = sent
        self.counts["ideas"] += 1
        self._comments(spec, idea, sent)
        others = self._others(spec.by, number)
        for user in others[: spec.supporters]:
            services.support_toggle(idea=idea, user=user)
            self.counts["supports"] += 1
        for order, answer in enumerate(spec.answers):
            at = self._moment(sent, days=answer.after, margin=len(spec.answers) - order)
            services.idea_answer(
                idea=idea, status=answer.status, text=answer.text, administration=page.administration, at=at
            )
        self.counts["answered"] += bool(spec.answers)
        self._reports(spec, idea, sent, reporters=others[::-1])
        if spec.hidden:
            services.moderate(target=idea, visibility=Visibility.HIDDEN, reason=spec.hidden)
        elif spec.approved:
            services.moderate(target=idea, visibility=Visibility.PUBLISHED)
        self.counts["hidden"] += Idea.objects.filter(pk=idea.pk, visibility=Visibility.HIDDEN).exists()

    def _comments(self, spec: IdeaSpec, idea: Idea, sent: datetime.datetime) -> None:
        made: list[Comment] = []
        for order, said in enumerate(spec.comments):
            parent = made[said.reply_to] if said.reply_to is not None else None
            comment = services.comment_create(idea=idea, author=self.citizens[said.by], text=said.text, parent=parent)
            at = self._moment(sent, hours=4 + 9 * order)
            Comment.objects.filter(pk=comment.pk).update(created_at=at, updated_at=at)
            made.append(comment)
            self.counts["comments"] += 1
            for reason, reporter in zip(said.reports, self._others(said.by, order), strict=False):
                self._report(self._moment(at, hours=3), reporter=reporter, reason=reason, comment=comment)

    def _reports(self, spec: IdeaSpec, idea: Idea, sent: datetime.datetime, *, reporters: list) -> None:
        if not spec.reports:
            return
        wanted = len(spec.reports)
        if spec.hide_by_reports:
            wanted = max(wanted, settings.PARTICIPATION_AUTO_HIDE_REPORTS)
        for order, reporter in enumerate(reporters[:wanted]):
            reason = spec.reports[order % len(spec.reports)]
            self._report(self._moment(sent, hours=2 + 5 * order), reporter=reporter, reason=reason, idea=idea)

    def _report(self, at: datetime.datetime, **fields) -> None:
        report = services.report_create(**fields)
        Report.objects.filter(pk=report.pk).update(created_at=at)
        self.counts["reports"] += 1


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
