"""Participation spread unevenly across the city, for the reach report and "You said, we did" (`seed_demo`, last).

The demo's other parts give Nørrebro many ideas and the closed round ("Borgerbudget Nørrebro og Bispebjerg 2026")
its 500 votes. This adds, in bulk and the same on every machine (a seeded random generator):

- 80 demo participants who cannot sign in and get no e-mails ("deltager01@example.dk", …);
- 24 ideas on the closed round's project sent during its ideas phase, 18 placed in Nørrebro and 6 in Bispebjerg,
  20 of them answered by its administration a few days to a few weeks later, with comments and support (most on
  the Nørrebro ones), so that its page has a "You said, we did" with an answer time;
- more comments and support on the ideas of "Et grønnere Nørrebro", so that Bispebjerg, and the districts where no
  project runs, fall more than 30 % below the city average and are flagged for outreach;
- answers to the anonymous end-of-vote question from about 60 % of the closed round's online voters (another
  tenth skipped it), younger in Nørrebro than in Bispebjerg.

Rows are written with `bulk_create` (no notifications, no e-mails), as a real round's data would have been made
over the months. Once the participants exist the ideas part is left alone, and once the round has answers the
question part is: running the seed again creates nothing.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from budgeting.models import BudgetRound, Channel, FirstTime, SurveyAnswer, Voter
from maps.models import District
from maps.selectors import committee_at, district_at
from participation.models import AnswerStatus, Comment, Feature, Idea, NotificationPreference, Support, Visibility

from ..models import ProjectPage
from . import closed_round
from .ideas import NB

Say = Callable[[str], None]

SEED = 4711
PARTICIPANTS = 80
PARTICIPANT_EMAIL = "deltager{number:02d}@example.dk"
NORREBRO, BISPEBJERG = 3, 8
NORREBRO_COMMENTS, NORREBRO_SUPPORTS = 36, 140
CLOSED_IDEA_COMMENTS, CLOSED_IDEA_SUPPORTS = 40, 110
# Of the closed round's online voters: who answered the question, who skipped it (the rest were not asked: the
# question came later, or they closed the page).
ANSWERED, SKIPPED = 0.6, 0.1

# fmt: off
# (district number, title, description): most from Nørrebro, a few from Bispebjerg.
CLOSED_IDEAS: list[tuple[int, str, str]] = [
    (3, "Flere bænke på Blågårds Plads", "Der er for få steder at sidde, når solen skinner på pladsen."),
    (3, "Drikkevand i Nørrebroparken", "Man kan ikke få vand nogen steder i parken."),
    (3, "Legeplads til de mindste", "De små børn har ingen steder at lege i Hans Tavsens Park."),
    (3, "Lys på Superkilen", "Den sorte plads er helt mørk om vinteren, og det føles utrygt."),
    (3, "Træer i Sjællandsgade", "Gaden er varm og grå om sommeren; den trænger til skygge."),
    (3, "Udendørs træning for ældre", "Redskaber, der også passer til os over 70."),
    (3, "Bytteskab ved biblioteket", "Et skab, hvor vi kan give ting videre til naboerne."),
    (3, "Skaterampe til de unge", "De unge mangler et sted at mødes og køre."),
    (3, "Fællesgrill i parken", "En grill, som alle må bruge, så man kan mødes om sommeren."),
    (3, "Blomster til bierne", "Rabatterne kunne blive til blomsterenge."),
    (3, "Bedre belysning i Mjølnerparken", "Det er mørkt mellem husene om aftenen."),
    (3, "Flere skraldespande i parken", "Der flyder med affald efter varme dage."),
    (3, "Vandleg i Hans Tavsens Park", "Børnene vil gerne lege med vand, når det er varmt."),
    (3, "Sikker cykelsti på Nørrebrogade", "Det er farligt at cykle der i myldretiden."),
    (3, "Borde til skak og spil", "Faste borde med skakbræt, hvor man kan mødes."),
    (3, "Kunst på gavlene", "De grå gavle kunne blive smukke med vægmalerier."),
    (3, "Insekthoteller i skolehaverne", "Børnene kan lære om insekterne."),
    (3, "Toiletter i Nørrebroparken", "Der er langt til et toilet på en varm dag."),
    (8, "Shelter ved Utterslev Mose", "Et sted at overnatte i det fri med børnene."),
    (8, "Hundeskov i Emdrup", "Et indhegnet område, hvor hundene må løbe frit."),
    (8, "Petanquebane ved stationen", "Et sted at spille, som ikke kræver meget plads."),
    (8, "Læhegn ved legepladsen", "Det blæser meget, og de små fryser."),
    (8, "Sauna ved mosen", "Vinterbadning er populært, men der er ingen sauna."),
    (8, "Cykelparkering ved biblioteket", "Cyklerne står i regn hele dagen på Rentemestervej."),
]
ANSWERS: list[tuple[str, str]] = [
    (AnswerStatus.PROPOSAL, "Tak for idéen. Den er blevet til et forslag på stemmesedlen."),
    (AnswerStatus.PLANNED, "Det er allerede planlagt og bliver gjort i løbet af året."),
    (AnswerStatus.CONSIDERING, "Vi undersøger, om det kan lade sig gøre, og vender tilbage."),
    (AnswerStatus.NOT_POSSIBLE, "Det kan desværre ikke lade sig gøre: området er fredet."),
]
COMMENTS = ["Godt forslag!", "Enig, det mangler.", "Det ville gøre en stor forskel.", "Ja tak.", "Helt enig."]
# Age bands of those who answered, by where they live: young in Nørrebro, older elsewhere.
AGE_WEIGHTS = {
    NORREBRO: {"15-17": 2, "18-24": 14, "25-34": 30, "35-49": 28, "50-64": 14, "65+": 6},
    None: {"15-17": 1, "18-24": 5, "25-34": 12, "35-49": 22, "50-64": 30, "65+": 30},
}
# fmt: on


def seed_reach(*, projects: list[ProjectPage], say: Say, created: Say, warnings: list[str]) -> None:
    """The participants, their ideas, comments and support, and the answers to the end-of-vote question."""
    say("Participation for the reach report:")
    rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
    pages = {page.slug: page for page in projects}
    participants = _ensure_participants(created=created, say=say)
    if participants is not None:
        closed = pages.get(closed_round.PROJECT)
        if closed is None:
            warnings.append(
                f"The project {closed_round.PROJECT!r} is missing: its ideas for the reach report were not made."
            )
        else:
            _closed_project_ideas(closed, participants, rng, created=created, warnings=warnings)
        norrebro = pages.get(NB)
        if norrebro is not None:
            _norrebro_voices(norrebro, participants, rng, created=created)
    _survey_answers(rng, say=say, created=created, warnings=warnings)


def _ensure_participants(*, created: Say, say: Say) -> list | None:
    """The 80 participants, made now; None when they were there already (the rest of the ideas part is done)."""
    user_model = get_user_model()
    emails = [PARTICIPANT_EMAIL.format(number=number) for number in range(1, PARTICIPANTS + 1)]
    if user_model.objects.filter(email__in=emails).exists():
        say("  the participants of the reach report were there already")
        return None
    unusable = make_password(None)
    users = user_model.objects.bulk_create([user_model(email=email, password=unusable) for email in emails])
    # They cannot read e-mail: none is sent to them.
    NotificationPreference.objects.bulk_create(
        [NotificationPreference(user=user, email_enabled=False) for user in users]
    )
    created(f"{len(users)} demo participants without a password (deltager01…{PARTICIPANTS:02d}@example.dk)")
    return users


def _aware(day: datetime.date, hour: float) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time())) + datetime.timedelta(hours=hour)


def _places(districts: dict[int, District]) -> dict[int, list[tuple[float, float]]]:
    """Points near the closed round's proposals, by district number, each checked against its district's outline."""
    points: dict[int, list[tuple[float, float]]] = {code: [] for code in districts}
    for spec in closed_round.PROPOSALS:
        district = districts.get(spec.district)
        if district is None:
            continue
        latitude, longitude = spec.place
        for d_lat, d_lon in ((0.0, 0.0), (0.0006, -0.0006), (-0.0005, 0.0007)):
            point = (round(latitude + d_lat, 6), round(longitude + d_lon, 6))
            if district_at(*point, among=[district]) is not None:
                points[spec.district].append(point)
    return points


def _closed_project_ideas(page: ProjectPage, participants: list, rng: random.Random, *, created: Say, warnings) -> None:
    """24 ideas sent in the closed round's ideas phase, most answered, with comments and support."""
    phase = next((phase for phase in page.ordered_phases() if Feature.SUBMIT in phase.features), None)
    districts = {district.code: district for district in page.districts.all()}
    places = _places(districts)
    specs = [spec for spec in CLOSED_IDEAS if places.get(spec[0])]
    if phase is None or not specs:
        warnings.append(f"“{page.title}” has no ideas phase or no districts: no ideas for the reach report.")
        return
    committees = {}
    authors = {NORREBRO: participants[:15], BISPEBJERG: participants[15:19]}
    length = (phase.end - phase.start).days
    now = timezone.now()
    ideas = []
    for number, (code, title, description) in enumerate(specs):
        latitude, longitude = places[code][number % len(places[code])]
        if (latitude, longitude) not in committees:
            committees[(latitude, longitude)] = committee_at(latitude, longitude, district=districts[code])
        writers = authors.get(code) or participants[:15]
        sent = _aware(phase.start + datetime.timedelta(days=rng.randint(0, length)), rng.uniform(8, 21))
        idea = Idea(
            project=page,
            author=writers[number % len(writers)],
            title=title,
            description=description,
            latitude=latitude,
            longitude=longitude,
            district=districts[code],
            local_committee=committees[(latitude, longitude)],
        )
        if number % 6 != 5:  # 20 of the 24 are answered
            status, text = ANSWERS[number % len(ANSWERS)]
            answered = min(sent + datetime.timedelta(days=rng.uniform(2, 30)), now - datetime.timedelta(minutes=1))
            idea.answer_status, idea.answer_text = status, text
            idea.answer_administration = page.administration
            idea.answered_at = idea.first_answered_at = answered
        ideas.append((idea, sent))
    Idea.objects.bulk_create([idea for idea, _sent in ideas])
    for idea, sent in ideas:  # `created_at` is set on insert: back to the moment the idea was sent
        Idea.objects.filter(pk=idea.pk).update(created_at=sent, updated_at=sent)
    # Nørrebro's ideas get four times the comments and support of Bispebjerg's.
    weighted = [pair for pair in ideas for _ in range(4 if pair[0].district.code == NORREBRO else 1)]
    comments, supports = _voices(
        weighted, participants[20:], rng, comments=CLOSED_IDEA_COMMENTS, supports=CLOSED_IDEA_SUPPORTS
    )
    answered = sum(1 for idea, _sent in ideas if idea.first_answered_at)
    created(
        f"{len(ideas)} ideas on “{page.title}” for the reach report: {answered} answered, {comments} comments, "
        f"{supports} supports"
    )


def _voices(
    ideas: list[tuple[Idea, datetime.datetime]], people: list, rng: random.Random, *, comments: int, supports: int
):
    """Comments (a few hours to days after each idea) and supports (one per person and idea) from `people`."""
    now = timezone.now()
    made = []
    for _number in range(comments):
        idea, sent = rng.choice(ideas)
        at = min(sent + datetime.timedelta(hours=rng.uniform(2, 120)), now - datetime.timedelta(minutes=1))
        made.append((Comment(idea=idea, author=rng.choice(people), text=rng.choice(COMMENTS)), at))
    Comment.objects.bulk_create([comment for comment, _at in made])
    for comment, at in made:
        Comment.objects.filter(pk=comment.pk).update(created_at=at, updated_at=at)
    # Support: one per person and idea (an idea listed more than once is more likely to get it).
    pairs: set[tuple[int, int]] = set()
    wanted = min(supports, len({idea.pk for idea, _sent in ideas}) * len(people))
    while len(pairs) < wanted:
        idea, _sent = rng.choice(ideas)
        pairs.add((idea.pk, rng.randrange(len(people))))
    Support.objects.bulk_create([Support(idea_id=idea, user=people[person]) for idea, person in sorted(pairs)])
    # Support is given while the idea is fresh: a day or two after it was sent.
    for idea, sent in {idea.pk: (idea, sent) for idea, sent in ideas}.values():
        at = min(sent + datetime.timedelta(hours=rng.uniform(6, 48)), now - datetime.timedelta(minutes=1))
        Support.objects.filter(idea=idea, user__in=people, created_at__gt=at).update(created_at=at)
    return len(made), len(pairs)


def _norrebro_voices(page: ProjectPage, participants: list, rng: random.Random, *, created: Say) -> None:
    """More comments and support on the public ideas of "Et grønnere Nørrebro" (its Danish and English pages)."""
    ideas = list(
        Idea.objects.filter(project__translation_key=page.translation_key, author__isnull=False, merged_into=None)
        .exclude(visibility=Visibility.HIDDEN)
        .order_by("pk")
    )
    if not ideas:
        return
    comments, supports = _voices(
        [(idea, idea.created_at) for idea in ideas],
        participants[10:70],
        rng,
        comments=NORREBRO_COMMENTS,
        supports=NORREBRO_SUPPORTS,
    )
    created(f"{comments} comments and {supports} supports on “{page.title}” for the reach report")


def _survey_answers(rng: random.Random, *, say: Say, created: Say, warnings: list[str]) -> None:
    """Answers to the end-of-vote question from the closed round's online voters, on days of its vote."""
    budget_round = BudgetRound.objects.filter(title=closed_round.ROUND_TITLE).select_related("project").first()
    if budget_round is None:
        warnings.append("The closed budget round is missing: no answers to the end-of-vote question were made.")
        return
    if SurveyAnswer.objects.filter(round=budget_round).exists():
        say(f"  the answers to the end-of-vote question in “{budget_round.title}” were there already")
        return
    phases = budget_round.voting_phases()
    first, last = (phases[0].start, phases[-1].end) if phases else (timezone.localdate(), timezone.localdate())
    codes = dict(District.objects.values_list("pk", "code"))
    voters = Voter.objects.filter(round=budget_round, channel=Channel.ONLINE, surveyed=False).order_by("pk")
    asked, answers = [], []
    for voter_id, district_id in voters.values_list("pk", "district_id"):
        draw = rng.random()
        if draw >= ANSWERED + SKIPPED:
            continue
        asked.append(voter_id)
        if draw >= ANSWERED:
            continue
        weights = AGE_WEIGHTS.get(codes.get(district_id), AGE_WEIGHTS[None])
        age_band = "" if rng.random() < 0.05 else rng.choices(list(weights), weights=list(weights.values()))[0]
        first_time = "" if rng.random() < 0.08 else (FirstTime.YES if rng.random() < 0.62 else FirstTime.NO)
        answered_on = first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))
        answers.append(
            SurveyAnswer(
                round=budget_round,
                district_id=district_id,
                age_band=age_band,
                first_time=first_time,
                answered_on=answered_on,
            )
        )
    SurveyAnswer.objects.bulk_create(answers)
    Voter.objects.filter(pk__in=asked).update(surveyed=True)
    created(
        f"{len(answers)} answers to the end-of-vote question in “{budget_round.title}” "
        f"({len(asked) - len(answers)} voters skipped it)"
    )
