"""The demo's implementation of funded proposals (`seed_demo`, after the local committees): what "Hvad skete der?"
and the proposal pages show.

The closed round's winners that a local committee has approved (with or without changes, confirmed by the chair)
are found by querying, not by name; each has an implementation (opened by the chair's confirmation, or here through
`implementation_ensure`). In the order of the proposals' numbers they are taken forward to different points:

- the first is in progress at 40 %, with three dated updates;
- the second is done, with three dated updates, the last with a photo (drawn with Pillow, nothing downloaded);
- a third, if there is one, stays planned, with one update.

A winner the demo committee member approves later opens as planned, so the demo shows that status too.

The proposals belong to Økonomiforvaltningen; the work is handed to Teknik- og Miljøforvaltningen, which builds in
the city's streets and parks, so the demo case officer (a TMF case officer) can write the next update in Wagtail admin.

Everything goes through `budgeting.services.implementation` as a case officer would do it in Wagtail admin, so
those who follow the proposals are told. The updates are dated after the committee's decision and never after
today. An implementation that has updates already is left alone, so running the seed again creates nothing.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from PIL import Image, ImageDraw

from budgeting.models import BudgetRound, CommitteeDecision, DecisionKind, ImplementationStatus, Proposal, TallyResult
from budgeting.services import implementation as services
from participation import photos

from ..models import Administration
from . import closed_round, content

Say = Callable[[str], None]


@dataclass(frozen=True)
class Step:
    """An update, `days` after the committee's decision, written once the status and progress are as given."""

    days: int
    status: str
    progress: int
    text: str
    photo_alt: str = ""


PLAN = [
    # In progress, 40 %.
    [
        Step(
            20,
            ImplementationStatus.PLANNED,
            0,
            "Forvaltningen har gennemgået forslaget med lokaludvalget og indhentet tilbud fra tre leverandører.",
        ),
        Step(
            90,
            ImplementationStatus.IN_PROGRESS,
            15,
            "Leverandøren er valgt, og arbejdet på stedet er gået i gang. Området er delvist afspærret imens.",
        ),
        Step(
            200,
            ImplementationStatus.IN_PROGRESS,
            40,
            "Det første store stykke arbejde er gjort, og resten er bestilt. Vi forventer at være færdige til sommer.",
        ),
    ],
    # Done.
    [
        Step(
            20,
            ImplementationStatus.PLANNED,
            0,
            "Forvaltningen har aftalt placeringen med lokaludvalget og naboerne og bestilt det, der skal bruges.",
        ),
        Step(
            60,
            ImplementationStatus.IN_PROGRESS,
            60,
            "Arbejdet på stedet er i gang. Det meste af det, der skal etableres, er på plads.",
        ),
        Step(
            150,
            ImplementationStatus.DONE,
            100,
            "Arbejdet er færdigt, og stedet er taget i brug. Tak til alle, der stemte på forslaget.",
            photo_alt="Det færdige område en sommerdag: græs med gule, hvide og blå blomster foran en række træer",
        ),
    ],
    # Planned.
    [
        Step(
            20,
            ImplementationStatus.PLANNED,
            0,
            "Forvaltningen er i gang med at planlægge arbejdet. Vi skriver her, når der er nyt.",
        ),
    ],
]
# The administration that carries the work out.
RESPONSIBLE = "TMF"
EXPECTED_COMPLETION_DAYS = {ImplementationStatus.IN_PROGRESS: 420, ImplementationStatus.PLANNED: 540}


def seed_implementation(*, say: Say, created: Say, warnings: list[str]) -> None:
    """Implementations and dated updates on the closed round's approved winners."""
    say("Implementation of the funded proposals:")
    budget_round = BudgetRound.objects.filter(title=closed_round.ROUND_TITLE, tallied_at__isnull=False).first()
    if budget_round is None:
        warnings.append(f"“{closed_round.ROUND_TITLE}” is not counted: no implementations were made.")
        return
    approved = _approved_winners(budget_round)
    if not approved:
        warnings.append(f"No winner of “{budget_round.title}” is approved by a local committee: nothing to implement.")
        return
    officer = get_user_model().objects.filter(email__iexact=_account("case officer").email).first()
    builder = Administration.objects.filter(
        abbreviation=RESPONSIBLE, locale__language_code=settings.LANGUAGE_CODE
    ).first()
    today = timezone.localdate()
    for proposal, steps in zip(approved, PLAN, strict=False):
        implementation = services.implementation_ensure(proposal=proposal, by=officer)
        if implementation.updates.exists():
            say(f"  “{proposal.title}” has updates already")
            continue
        decided = timezone.localdate(proposal.decided_at)
        try:
            if builder is not None and implementation.administration_id != builder.pk:
                implementation = services.implementation_update(
                    implementation=implementation,
                    by=officer,
                    status=implementation.status,
                    progress=implementation.progress,
                    expected_completion=implementation.expected_completion,
                    administration=builder,
                )
            _carry_out(implementation, steps, decided=decided, today=today, by=officer)
        except ValidationError as error:
            warnings.append(f"The implementation of “{proposal.title}” was not seeded: {' '.join(error.messages)}")
            continue
        implementation.refresh_from_db()
        created(
            f"implementation of “{proposal.title}”: {implementation.get_status_display().lower()}, "
            f"{implementation.progress} %, {len(steps)} update(s)"
        )


def _approved_winners(budget_round: BudgetRound) -> list[Proposal]:
    """The round's winners whose latest confirmed decision is an approval, by number, with the day it was confirmed."""
    latest = CommitteeDecision.objects.filter(proposal=OuterRef("pk"), confirmed_at__isnull=False).order_by(
        "-confirmed_at", "-pk"
    )
    selected = TallyResult.objects.filter(proposal=OuterRef("pk"), tally__round=budget_round, selected=True)
    proposals = (
        Proposal.objects.filter(Exists(selected))
        .annotate(decision=Subquery(latest.values("kind")[:1]), decided_at=Subquery(latest.values("confirmed_at")[:1]))
        .filter(decision__in=[DecisionKind.APPROVE, DecisionKind.APPROVE_WITH_CHANGES])
        .select_related("administration")
        .order_by("pk")
    )
    return list(proposals)


def _carry_out(implementation, steps: list[Step], *, decided: datetime.date, today: datetime.date, by) -> None:
    for step in steps:
        day = min(decided + datetime.timedelta(days=step.days), today)
        if (implementation.status, implementation.progress) != (step.status, step.progress):
            completion = EXPECTED_COMPLETION_DAYS.get(step.status)
            implementation = services.implementation_update(
                implementation=implementation,
                by=by,
                status=step.status,
                progress=step.progress,
                expected_completion=decided + datetime.timedelta(days=completion) if completion else day,
                administration=implementation.administration,
            )
        services.implementation_add_update(
            implementation=implementation,
            by=by,
            date=day,
            text=step.text,
            photo=_meadow() if step.photo_alt else None,
            photo_alt=step.photo_alt,
        )
    if len(steps) == 1:
        # A planned implementation still gets its expected completion.
        services.implementation_update(
            implementation=implementation,
            by=by,
            status=implementation.status,
            progress=implementation.progress,
            expected_completion=decided + datetime.timedelta(days=EXPECTED_COMPLETION_DAYS[implementation.status]),
            administration=implementation.administration,
        )


def _meadow() -> photos.ProcessedPhoto:
    """A drawn photo of a flower meadow in front of trees, cleaned like any uploaded photo."""
    image = Image.new("RGB", (1200, 800), (176, 214, 240))
    draw = ImageDraw.Draw(image)
    for x in range(-40, 1240, 110):
        draw.ellipse((x, 220, x + 180, 460), fill=(46, 110, 58))
    draw.rectangle((0, 420, 1200, 800), fill=(98, 158, 72))
    colours = [(246, 208, 60), (255, 255, 255), (86, 120, 214), (226, 96, 140)]
    for number in range(900):
        # A fixed pattern, the same on every machine.
        x, y = (number * 367) % 1200, 440 + (number * 211) % 350
        radius = 4 + number % 5
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colours[number % len(colours)])
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    buffer.size = buffer.tell()
    buffer.seek(0)
    return photos.process_upload(buffer)


def _account(role: str) -> content.AccountSpec:
    return next(account for account in content.DEMO_ACCOUNTS if account.role == role)
