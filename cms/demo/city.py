"""City-scale demo data (`manage.py seed_demo --scale city`), on top of the demo site, for load tests.

At factor 1.0: 30 projects, 20,000 ideas pinned inside Copenhagen's districts, 100,000 supports, 50,000
comments, and one citizens' budget with 100 proposals whose vote is open and 200,000 submitted ballots;
`factor` multiplies every count (with small floors, so a tiny factor still builds every kind of thing).

The 30 project pages go through Wagtail (a page tree cannot be bulk-inserted) and the 100 proposals through
the budgeting services; everything else is inserted in bulk: ideas and comments with `bulk_create` in
batches, and the tables of hundreds of thousands of rows (accounts, e-mail addresses, supports, ballots,
their choices, voters) as plain rows (`bulk.insert_rows`: `executemany` on SQLite, `COPY` on PostgreSQL),
which skips building a model instance per row. No per-row `save()`, so no signals, no notifications and
no e-mails. The models keep no counters (support and comment counts are annotated by the selectors), the round's
proposal counter is kept by the budgeting services that make the 100 proposals, and the new pages are
put in the search index at the end. Creation dates are set by hand (`own_dates`), so ideas fall inside
their project's ideas phase, answers, comments and supports come after them, and ballots were cast on
the days of the vote.

The citizens are ordinary accounts (`byborger000001@example.dk`, …) with a verified e-mail address and one
shared demo password hashed once. The first `ballots` of them have voted; the rest (about 5 % more) have
not, so a load test can sign them in and vote.

Everything runs in one transaction: a failed run leaves nothing behind. A second run finds the city's
budget project and builds nothing (`CityReport.skipped`).
"""

from __future__ import annotations

import datetime
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone
from wagtail.models import Locale
from wagtail.search.index import insert_or_update_object

from budgeting import services as budget_services
from budgeting.models import (
    Ballot,
    BallotChoice,
    BallotType,
    BudgetRound,
    Channel,
    Eligibility,
    Proposal,
    Voter,
    WinnerRule,
)
from maps.models import District, LocalCommittee
from maps.services import area_slug
from participation.models import AnswerStatus, Comment, Idea, Phase, PhaseType, Support, Visibility

from ..models import Administration, ProjectIndexPage, ProjectPage
from .bulk import (
    CHUNK,
    RandomPlaces,
    Stage,
    accumulate,
    chunks,
    insert_rows,
    own_dates,
    random_ids,
    receipt_codes,
    sqlite_cache,
)
from .city_content import (
    ANSWER_WEIGHTS,
    ANSWERS,
    COMMENTS,
    COMMON_TEXTS,
    DISTRICT_IN,
    FIRST_NAMES,
    HIDDEN_REASONS,
    LAST_NAMES,
    PLACES,
    REASONS,
    REPLIES,
    SCHEDULE_IDEAS,
    SCHEDULE_REALISATION,
    SCHEDULE_REVIEW,
    SCHEDULE_VOTE,
    THEMES,
    WISHES,
    Schedule,
)

Progress = Callable[[str], None]

# What factor 1.0 builds.
CITY_COUNTS = {
    "projects": 30,
    "ideas": 20_000,
    "supports": 100_000,
    "comments": 50_000,
    "proposals": 100,
    "ballots": 200_000,
}
# The least of each, whatever the factor: the budget project and two others, a ballot with a choice.
MINIMUM_COUNTS = {"projects": 3, "ideas": 10, "supports": 10, "comments": 10, "proposals": 5, "ballots": 10}
# Citizens who have an account but have not voted yet, as a share of the voters.
NOT_VOTED_SHARE = 0.05
MINIMUM_NOT_VOTED = 10

CITIZEN_EMAIL = "byborger{number:06d}@example.dk"
# Demo only, like the other demo logins: shared by every city citizen, hashed once.
CITIZEN_PASSWORD = "byen-demo-2027"  # noqa: S105

ROUND_PROJECT_TITLE = "Borgerbudget København 2027"
ROUND_TITLE = "Borgerbudget København 2027"
ROUND_BUDGET = 30_000_000
ROUND_ADMINISTRATION = "TMF"
COPENHAGEN = (55.6761, 12.5683)

BATCH = 2_000  # rows per INSERT statement of `bulk_create` (Django splits further where SQLite allows fewer)
RANDOM_SEED = 2027


# Counts and report -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CityCounts:
    projects: int
    ideas: int
    supports: int
    comments: int
    proposals: int
    ballots: int
    citizens: int

    @classmethod
    def scaled(cls, factor: float) -> CityCounts:
        if not factor > 0:
            raise ValueError("The city factor must be more than 0.")
        counts = {name: max(MINIMUM_COUNTS[name], round(count * factor)) for name, count in CITY_COUNTS.items()}
        citizens = counts["ballots"] + max(MINIMUM_NOT_VOTED, round(counts["ballots"] * NOT_VOTED_SHARE))
        return cls(**counts, citizens=citizens)


@dataclass
class CityReport:
    counts: CityCounts
    skipped: bool = False
    seconds: float = 0.0
    made: dict[str, int] = field(default_factory=dict)
    round_id: int | None = None
    first_citizen: str = ""
    last_voter: str = ""
    first_not_voted: str = ""
    last_citizen: str = ""
    password: str = CITIZEN_PASSWORD


def _field(model: type[models.Model], name: str) -> models.Field:
    return model._meta.get_field(name)


def city_exists() -> bool:
    """Whether the city-scale data is there (its budget project is)."""
    return ProjectPage.objects.filter(slug=area_slug(ROUND_PROJECT_TITLE)).exists()


# Seeding -----------------------------------------------------------------------------------------


def seed_city(
    *, factor: float = 1.0, progress: Progress | None = None, now: datetime.datetime | None = None
) -> CityReport:
    """Build the city-scale data on top of the demo site (`seed_demo` must have run), in one transaction.

    See the module docstring. The time reported includes the commit, which on PostgreSQL is where the
    (deferred) foreign keys of every new row are checked: a minute or more at factor 1.
    """
    say = progress or (lambda message: None)
    report = CityReport(counts=CityCounts.scaled(factor))
    started = time.monotonic()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if city_exists():
            say("City-scale data is already there: nothing was added (start from a fresh database to build it again).")
            report.skipped = True
            return report
        seeder = _CitySeeder(report=report, say=say, now=now or timezone.now())
        with sqlite_cache():
            seeder.run()
        if outermost:
            say("  committing: the database checks the references of every new row …")
        committing = time.monotonic()
    if outermost:
        say(f"  committed in {time.monotonic() - committing:.1f} s")
    report.seconds = time.monotonic() - started
    say(f"City-scale data built in {report.seconds:.1f} s.")
    return report


@dataclass
class _Project:
    page: ProjectPage
    districts: list[int]  # district pks where its ideas lie
    ideas_from: datetime.datetime
    ideas_until: datetime.datetime
    answered_share: float


@dataclass
class _IdeaRow:
    pk: int
    author: int
    created: datetime.datetime
    published: bool


class _CitySeeder:
    def __init__(self, *, report: CityReport, say: Progress, now: datetime.datetime) -> None:
        self.report, self.say, self.now = report, say, now
        self.counts = report.counts
        self.today = timezone.localdate(now)
        self.rng = random.Random(RANDOM_SEED)  # noqa: S311 (demo data, reproducible; receipt codes use SystemRandom)
        self.np_rng = np.random.default_rng(RANDOM_SEED)
        self.districts = list(District.objects.order_by("code"))
        if not self.districts:
            raise RuntimeError("The districts are not loaded: run `manage.py seed_demo` without --scale first.")
        self.places = RandomPlaces(self.districts, list(LocalCommittee.objects.all()), self.np_rng)
        self.user_ids: list[int] = []
        self.ideas: list[_IdeaRow] = []
        self.round_ideas: list[tuple[int, str, float, float]] = []  # (pk, title, lat, lon) to become proposals

    def run(self) -> None:
        counts = self.counts
        self.say(
            f"City-scale data: {counts.projects} projects, {counts.ideas:,} ideas, {counts.supports:,} supports, "
            f"{counts.comments:,} comments, {counts.proposals} proposals, {counts.ballots:,} ballots, "
            f"{counts.citizens:,} citizens."
        )
        projects = self._projects()
        self._citizens()
        self._ideas(projects)
        self._supports()
        self._comments()
        budget_round, proposals = self._round(projects[0])
        self._ballots(budget_round, proposals, projects[0])
        self._index([project.page for project in projects])

    # Projects ------------------------------------------------------------------------------------

    def _projects(self) -> list[_Project]:
        """The budget project first, then the themes in every district: Wagtail pages, made one by one."""
        stage = Stage(self.say, "project pages", self.counts.projects)
        da = Locale.objects.get(language_code="da")
        index = ProjectIndexPage.objects.filter(locale=da).first()
        if index is None:
            raise RuntimeError("The Danish project index is missing: run `manage.py seed_demo` without --scale first.")
        administrations = {
            admin.abbreviation: admin for admin in Administration.objects.filter(locale=da).order_by("pk")
        }
        projects = [
            self._project(
                index,
                title=ROUND_PROJECT_TITLE,
                administration=administrations[ROUND_ADMINISTRATION],
                districts=[],
                schedule=SCHEDULE_VOTE,
                texts={
                    "summary": "Københavnerne bestemmer, hvad 30 mio. kr. skal bruges til i byen. Stem nu!",
                    "purpose": "Borgerne stemmer om, hvilke forslag fra idéfasen kommunen skal gennemføre.",
                    "can_influence": "Hvilke af de gennemførlige forslag der bliver til virkelighed.",
                },
                answered_share=0.95,
            )
        ]
        stage.add(1)
        schedules = (SCHEDULE_IDEAS, SCHEDULE_IDEAS, SCHEDULE_REVIEW, SCHEDULE_IDEAS, SCHEDULE_REALISATION)
        for number in range(self.counts.projects - 1):
            theme = THEMES[(number // len(self.districts)) % len(THEMES)]
            district = self.districts[number % len(self.districts)]
            words = {"district": district.name, "district_in": DISTRICT_IN.get(district.code, f"i {district.name}")}
            schedule = schedules[number % len(schedules)]
            title = theme.title.format(**words)
            if number >= len(self.districts) * len(THEMES):
                title = f"{title} {2026 + number // (len(self.districts) * len(THEMES))}"
            projects.append(
                self._project(
                    index,
                    title=title,
                    administration=administrations.get(theme.administration) or administrations[ROUND_ADMINISTRATION],
                    districts=[district],
                    schedule=schedule,
                    texts={
                        "summary": theme.summary.format(**words),
                        "purpose": theme.purpose.format(**words),
                        "can_influence": theme.can_influence.format(**words),
                    },
                    answered_share={SCHEDULE_IDEAS: 0.45, SCHEDULE_REVIEW: 0.85}.get(schedule, 0.97),
                )
            )
            stage.add(1)
        stage.finish("published, in Danish")
        self.report.made["projects"] = len(projects)
        return projects

    def _project(
        self,
        index: ProjectIndexPage,
        *,
        title: str,
        administration: Administration,
        districts: list[District],
        schedule: Schedule,
        texts: dict[str, str],
        answered_share: float,
    ) -> _Project:
        if districts:
            latitude, longitude = districts[0].label_lat, districts[0].label_lon
        else:
            latitude, longitude = COPENHAGEN
        page = ProjectPage(
            title=title,
            slug=area_slug(title),
            administration=administration,
            latitude=latitude,
            longitude=longitude,
            **texts,
            **COMMON_TEXTS,
        )
        page.districts = districts
        page.phases = [
            Phase(
                phase_type=phase_type,
                title=phase_title,
                start=self.today + datetime.timedelta(days=first),
                end=self.today + datetime.timedelta(days=last),
                sort_order=order,
            )
            for order, (phase_type, phase_title, first, last) in enumerate(schedule)
        ]
        index.add_child(instance=page)
        page.save_revision().publish()
        ideas_phase = next(phase for phase in schedule if phase[0] == PhaseType.IDEAS)
        ideas_from = _midnight(self.today + datetime.timedelta(days=ideas_phase[2]))
        ideas_until = min(_midnight(self.today + datetime.timedelta(days=ideas_phase[3] + 1)), self.now)
        return _Project(
            page=page,
            districts=[district.pk for district in districts] or [district.pk for district in self.districts],
            ideas_from=ideas_from,
            ideas_until=ideas_until - datetime.timedelta(hours=1),
            answered_share=answered_share,
        )

    # Citizens ------------------------------------------------------------------------------------

    def _citizens(self) -> None:
        """Accounts with one shared demo password (hashed once) and a verified address, so they can sign in."""
        from allauth.account.models import EmailAddress

        user_model = get_user_model()
        total = self.counts.citizens
        stage = Stage(self.say, "citizens", total)
        password = make_password(CITIZEN_PASSWORD)
        joined = self.now - datetime.timedelta(days=500)  # before the oldest ideas (420 days)
        rng = self.rng
        for numbers in chunks(list(range(1, total + 1))):
            emails = [CITIZEN_EMAIL.format(number=number) for number in numbers]
            insert_rows(
                user_model,
                ("email", "password", "first_name", "last_name", "date_joined", "is_active"),
                [(email, password, rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), joined, True) for email in emails],
            )
            pks = dict(user_model.objects.filter(email__in=emails).values_list("email", "pk"))
            ids = [pks[email] for email in emails]
            insert_rows(
                EmailAddress,
                ("user", "email", "verified", "primary"),
                [(pk, email, True, True) for pk, email in zip(ids, emails, strict=True)],
            )
            self.user_ids.extend(ids)
            stage.add(len(ids))
        stage.finish("with verified e-mail addresses")
        self.report.made["citizens"] = total
        voters = self.counts.ballots
        self.report.first_citizen = CITIZEN_EMAIL.format(number=1)
        self.report.last_voter = CITIZEN_EMAIL.format(number=voters)
        self.report.first_not_voted = CITIZEN_EMAIL.format(number=voters + 1)
        self.report.last_citizen = CITIZEN_EMAIL.format(number=total)

    # Ideas ---------------------------------------------------------------------------------------

    def _ideas(self, projects: list[_Project]) -> None:
        rng = self.rng
        total = self.counts.ideas
        stage = Stage(self.say, "ideas", total)
        weights = [rng.uniform(0.5, 1.5) for _project in projects]
        # The budget project's first ideas become its proposals: published, with distinct titles.
        proposals = min(self.counts.proposals, total)
        per_project = Counter(rng.choices(range(len(projects)), weights=weights, k=total - proposals))
        per_project[0] += proposals
        hidden = answered = 0
        rows: list[Idea] = []
        with own_dates(_field(Idea, "created_at"), _field(Idea, "updated_at")):
            for index, project in enumerate(projects):
                count = per_project[index]
                points = self.places.points(project.districts, count)
                span = (project.ideas_until - project.ideas_from).total_seconds()
                titles_taken: set[str] = set()
                for number, (district_id, committee_id, latitude, longitude) in enumerate(points):
                    becomes_proposal = index == 0 and number < self.counts.proposals
                    title = self._idea_title(district_id, taken=titles_taken if becomes_proposal else None)
                    created = project.ideas_from + datetime.timedelta(seconds=rng.uniform(0, span))
                    idea = Idea(
                        project_id=project.page.pk,
                        author_id=rng.choice(self.user_ids),
                        title=title,
                        description=f"{title} {rng.choice(REASONS)}",
                        latitude=latitude,
                        longitude=longitude,
                        district_id=district_id,
                        local_committee_id=committee_id,
                        created_at=created,
                        updated_at=created,
                    )
                    if becomes_proposal:
                        self._answer(idea, project, AnswerStatus.PROPOSAL)
                        self.round_ideas.append((len(rows), title, latitude, longitude))
                    elif rng.random() < project.answered_share:
                        status = rng.choices(list(ANSWER_WEIGHTS), weights=list(ANSWER_WEIGHTS.values()))[0]
                        self._answer(idea, project, status)
                    if not becomes_proposal and rng.random() < 0.03:
                        idea.visibility = Visibility.HIDDEN
                        idea.hidden_reason = rng.choice(HIDDEN_REASONS)
                    hidden += idea.visibility == Visibility.HIDDEN
                    answered += bool(idea.answer_status)
                    rows.append(idea)
            for batch in chunks(rows):
                Idea.objects.bulk_create(batch, batch_size=BATCH)
                stage.add(len(batch))
        self.ideas = [
            _IdeaRow(idea.pk, idea.author_id, idea.created_at, idea.visibility == Visibility.PUBLISHED) for idea in rows
        ]
        self.round_ideas = [(rows[at].pk, title, lat, lon) for at, title, lat, lon in self.round_ideas]
        stage.finish(f"{answered:,} answered, {hidden:,} hidden by moderation, all inside their districts")
        self.report.made["ideas"] = len(rows)

    def _idea_title(self, district_id: int, *, taken: set[str] | None) -> str:
        code = self.places.codes[district_id]
        places = PLACES.get(code) or (DISTRICT_IN.get(code, ""),)
        for _attempt in range(50):
            wish = self.rng.choice(WISHES)
            title = f"{wish} {self.rng.choice(places)}".strip()
            if taken is None or title not in taken:
                break
        else:
            title = f"{title} ({len(taken) + 1})"
        if taken is not None:
            taken.add(title)
        return title

    def _answer(self, idea: Idea, project: _Project, status: str) -> None:
        after = datetime.timedelta(days=self.rng.uniform(1, 45))
        answered = min(idea.created_at + after, self.now - datetime.timedelta(minutes=1))
        idea.answer_status = status
        idea.answer_text = ANSWERS[status]
        idea.answer_administration_id = project.page.administration_id
        idea.answered_at = idea.first_answered_at = max(answered, idea.created_at)
        idea.updated_at = idea.answered_at

    # Supports and comments -----------------------------------------------------------------------

    def _spread(self, total: int) -> Counter[int]:
        """How many of `total` each published idea gets (indexes into self.ideas): a few popular, most a handful."""
        published = [number for number, idea in enumerate(self.ideas) if idea.published]
        weights = [min(self.rng.paretovariate(1.3), 60.0) for _idea in published]
        return Counter(self.rng.choices(published, weights=weights, k=total))

    def _later(self, moment: datetime.datetime, *, most_days: float) -> datetime.datetime:
        later = moment + datetime.timedelta(days=self.rng.uniform(0.01, most_days))
        return max(moment, min(later, self.now - datetime.timedelta(minutes=1)))

    def _supports(self) -> None:
        """Distinct (idea, person) pairs: each idea's supporters are a sample of the citizens without its author."""
        total = self.counts.supports
        stage = Stage(self.say, "supports", total)
        people = len(self.user_ids)
        batch: list[tuple] = []
        made = 0
        for number, wanted in sorted(self._spread(total).items()):
            idea = self.ideas[number]
            chosen = self.rng.sample(range(people), min(wanted + 1, people))
            supporters = [self.user_ids[at] for at in chosen if self.user_ids[at] != idea.author][:wanted]
            batch.extend((idea.pk, user, self._later(idea.created, most_days=20)) for user in supporters)
            if len(batch) >= CHUNK:
                made += insert_rows(Support, ("idea", "user", "created_at"), batch)
                stage.add(len(batch))
                batch = []
        made += insert_rows(Support, ("idea", "user", "created_at"), batch)
        stage.add(len(batch))
        stage.finish("one per person per idea")
        self.report.made["supports"] = made

    def _comments(self) -> None:
        """Comments on published ideas; about one in five replies to an earlier comment on the same idea."""
        total = self.counts.comments
        stage = Stage(self.say, "comments", total)
        rng = self.rng
        spread = self._spread(total)
        tops: list[Comment] = []
        replies: list[int] = []  # for each reply, the index in `tops` of the comment it answers
        for number, count in sorted(spread.items()):
            idea = self.ideas[number]
            first = len(tops)
            top_count = max(1, round(count * 0.8))
            for _comment in range(top_count):
                tops.append(self._comment(idea.pk, rng.choice(COMMENTS), self._later(idea.created, most_days=30)))
            for _reply in range(count - top_count):
                replies.append(rng.randrange(first, len(tops)))
        fields_with_dates = (_field(Comment, "created_at"), _field(Comment, "updated_at"))
        with own_dates(*fields_with_dates):
            for batch in chunks(tops):
                Comment.objects.bulk_create(batch, batch_size=BATCH)
                stage.add(len(batch))
            answers = []
            for parent_at in replies:
                parent = tops[parent_at]
                reply = self._comment(parent.idea_id, rng.choice(REPLIES), self._later(parent.created_at, most_days=3))
                reply.parent_id = parent.pk
                answers.append(reply)
            for batch in chunks(answers):
                Comment.objects.bulk_create(batch, batch_size=BATCH)
                stage.add(len(batch))
        hidden = sum(comment.visibility == Visibility.HIDDEN for comment in tops + answers)
        stage.finish(f"{len(answers):,} of them replies, {hidden:,} hidden by moderation")
        self.report.made["comments"] = len(tops) + len(answers)

    def _comment(self, idea_id: int, text: str, at: datetime.datetime) -> Comment:
        comment = Comment(
            idea_id=idea_id, author_id=self.rng.choice(self.user_ids), text=text, created_at=at, updated_at=at
        )
        if self.rng.random() < 0.02:
            comment.visibility = Visibility.HIDDEN
            comment.hidden_reason = HIDDEN_REASONS[1]
        return comment

    # The budget round ----------------------------------------------------------------------------

    def _round(self, project: _Project) -> tuple[BudgetRound, list[Proposal]]:
        """The round and its proposals, through the budgeting services (numbered, located, assessed feasible)
        the day before voting opened; each proposal grows from one of the budget project's ideas."""
        stage = Stage(self.say, "proposals", self.counts.proposals)
        page = project.page
        voting = next(phase for phase in page.ordered_phases() if phase.phase_type == PhaseType.VOTING)
        before_voting = voting.start - datetime.timedelta(days=1)
        budget_round = budget_services.round_create(
            project=page,
            title=ROUND_TITLE,
            total_budget=ROUND_BUDGET,
            ballot_type=BallotType.KNAPSACK,
            winner_rule=WinnerRule.MES_ADD1,
            eligibility=Eligibility.SELF_DECLARED,
            minimum_age=15,
        )
        administration = page.administration
        proposals = []
        links = []
        for idea_pk, title, latitude, longitude in self.round_ideas:
            cost = self.rng.randrange(15, 300) * 10_000
            proposal = budget_services.proposal_create(
                round=budget_round,
                title=title,
                description=f"{title}. Forslaget bygger på en idé fra en borger og koster {_kroner(cost)} kr.",
                cost=cost,
                administration=administration,
                latitude=latitude,
                longitude=longitude,
                at=before_voting,
            )
            proposal = budget_services.feasibility_assess(proposal=proposal, feasible=True, at=before_voting)
            links.append(Proposal.ideas.through(proposal_id=proposal.pk, idea_id=idea_pk))
            proposals.append(proposal)
            stage.add(1)
        Proposal.ideas.through.objects.bulk_create(links, batch_size=BATCH)
        stage.finish(f"all on the ballot of “{budget_round.title}”, each grown from an idea")
        self.report.made["proposals"] = len(proposals)
        self.report.round_id = budget_round.pk
        return budget_round, proposals

    def _ballots(self, budget_round: BudgetRound, proposals: list[Proposal], project: _Project) -> None:
        """Submitted ballots within the budget, each with its voter (one per person) on a day of the vote.

        Voters choose up to seven proposals, the popular ones more often, and skip what no longer fits.
        """
        rng = self.rng
        total = self.counts.ballots
        stage = Stage(self.say, "ballots", total)
        voting = next(phase for phase in project.page.ordered_phases() if phase.phase_type == PhaseType.VOTING)
        days = [voting.start + datetime.timedelta(days=n) for n in range((self.today - voting.start).days + 1)]
        popularity = [rng.uniform(0.2, 3.0) for _proposal in proposals]
        cum_weights = list(accumulate(popularity))
        costs = [proposal.cost for proposal in proposals]
        district_ids = [district.pk for district in self.districts]
        district_cum_weights = list(accumulate([district.population or 1 for district in self.districts]))
        codes = receipt_codes(total)
        new_id = random_ids()
        choices_made = 0
        for start in range(0, total, CHUNK):
            ballots, choices, voters = [], [], []
            for number in range(start, min(start + CHUNK, total)):
                day = rng.choice(days)
                ballot = new_id()
                ballots.append((ballot, budget_round.pk, Channel.ONLINE, codes[number], day))
                wanted = rng.randint(1, 7)
                spent, picked = 0, []
                for at in rng.choices(range(len(proposals)), cum_weights=cum_weights, k=wanted * 2):
                    if at not in picked and spent + costs[at] <= ROUND_BUDGET:
                        picked.append(at)
                        spent += costs[at]
                        if len(picked) == wanted:
                            break
                if not picked:
                    picked = [min(range(len(costs)), key=costs.__getitem__)]
                choices.extend((new_id(), ballot, proposals[at].pk, 1) for at in picked)
                district = rng.choices(district_ids, cum_weights=district_cum_weights)[0]
                voters.append((budget_round.pk, self.user_ids[number], district, ballot, True, Channel.ONLINE, day))
            insert_rows(Ballot, ("id", "round", "channel", "receipt_code", "submitted_on"), ballots)
            insert_rows(BallotChoice, ("id", "ballot", "proposal", "points"), choices)
            insert_rows(Voter, ("round", "user", "district", "ballot", "voted", "channel", "created_on"), voters)
            choices_made += len(choices)
            stage.add(len(ballots))
        stage.finish(f"{choices_made:,} choices, every ballot within {_kroner(ROUND_BUDGET)} kr.")
        self.report.made["ballots"] = total
        self.report.made["ballot choices"] = choices_made

    def _index(self, pages: Iterable[ProjectPage]) -> None:
        stage = Stage(self.say, "search index", 0)
        for page in pages:
            insert_or_update_object(page.specific)
            stage.done += 1
        stage.finish("project pages")


# Helpers -----------------------------------------------------------------------------------------


def _kroner(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


__all__ = ["CITIZEN_PASSWORD", "CITY_COUNTS", "CityCounts", "CityReport", "city_exists", "seed_city"]
