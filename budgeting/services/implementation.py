"""What became of a funded proposal: its implementation, kept up to date by case officers.

`implementation_ensure` opens the implementation of an approved proposal (the committee workflow calls
it when the chair confirms an approval); `implementation_update` changes its status, progress, expected
completion and responsible administration; `implementation_add_update` writes a dated update with an
optional photo. Followers hear of status changes and updates once the change is committed.

Permission is checked by the caller through `budgeting.rules.can`.
"""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from participation import photos

from ..models import Implementation, ImplementationStatus, ImplementationUpdate, Proposal
from .announce import announce_proposal_event


@transaction.atomic
def implementation_ensure(*, proposal: Proposal, by=None) -> Implementation:
    """The implementation of `proposal`, opened as planned under the proposal's administration if there is none.

    Idempotent, also when two requests ask at the same time: the one-to-one key decides, the loser reads.
    """
    existing = Implementation.objects.filter(proposal_id=proposal.pk).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            implementation = Implementation.objects.create(
                proposal_id=proposal.pk,
                status=ImplementationStatus.PLANNED,
                progress=0,
                administration_id=proposal.administration_id,
            )
    except IntegrityError:
        return Implementation.objects.get(proposal_id=proposal.pk)
    log(instance=implementation, action="budgeting.implementation_open", user=by)
    return implementation


def _source_label(status: str) -> str:
    """The English source text of a status's label: notifications translate it when they are shown."""
    with translation.override(None):
        return str(ImplementationStatus(status).label)


@transaction.atomic
def implementation_update(
    *,
    implementation: Implementation,
    by,
    status: str,
    progress: int,
    expected_completion: datetime.date | None,
    administration,
    cancel_reason: str = "",
) -> Implementation:
    """Set the implementation's status, progress, expected completion and responsible administration.

    Done means 100 %; cancelled needs a public reason (kept only while cancelled). When the status changes,
    everyone concerned with the proposal is told once the change is committed (not `by`).
    """
    stored = Implementation.objects.select_for_update(of=("self",)).select_related("proposal").get(pk=implementation.pk)
    status = ImplementationStatus(status)
    cancel_reason = (cancel_reason or "").strip()
    errors = {}
    if progress is None or not 0 <= progress <= 100:
        errors["progress"] = ValidationError(_("Progress is a percentage from 0 to 100."), code="progress")
    if status == ImplementationStatus.CANCELLED and not cancel_reason:
        errors["cancel_reason"] = ValidationError(
            _("Say why it was cancelled: the reason is public."), code="cancel_reason"
        )
    if errors:
        raise ValidationError(errors)
    if status == ImplementationStatus.DONE:
        progress = 100
    if status != ImplementationStatus.CANCELLED:
        cancel_reason = ""
    status_changed = stored.status != status
    stored.status = status
    stored.progress = progress
    stored.expected_completion = expected_completion
    stored.administration = administration
    stored.cancel_reason = cancel_reason
    stored.save()
    log(
        instance=stored,
        action="budgeting.implementation_update",
        user=by,
        data={"status": str(status), "progress": progress},
    )
    if status_changed:
        announce_proposal_event(proposal=stored.proposal, kind="impl_status", detail=_source_label(status), by=by)
    return stored


@transaction.atomic
def implementation_add_update(
    *,
    implementation: Implementation,
    by,
    date: datetime.date,
    text: str,
    photo=None,
    photo_alt: str = "",
) -> ImplementationUpdate:
    """A dated, public update on the implementation, with an optional photo described for those who cannot see it.

    The photo is checked by its content, stripped of its metadata and resized like an idea's photo
    (`participation.photos`); `photo` is an uploaded file or an already processed photo. The update keeps the
    status and progress it was written at. Everyone concerned is told once it is committed (not `by`).
    """
    stored = Implementation.objects.select_for_update(of=("self",)).select_related("proposal").get(pk=implementation.pk)
    text = (text or "").strip()
    photo_alt = (photo_alt or "").strip()
    errors = {}
    if not text:
        errors["text"] = ValidationError(_("Write the update."), code="text")
    if date is None:
        errors["date"] = ValidationError(_("Give the date of the update."), code="date")
    elif date > timezone.localdate():
        errors["date"] = ValidationError(_("The date of an update cannot be in the future."), code="date")
    if photo is not None and not photo_alt:
        errors["photo_alt"] = ValidationError(_("Describe the photo for those who cannot see it."), code="photo_alt")
    processed = None
    if photo is not None:
        try:
            processed = photo if isinstance(photo, photos.ProcessedPhoto) else photos.process_upload(photo)
        except ValidationError as error:
            errors["photo"] = error
    if errors:
        raise ValidationError(errors)
    update = ImplementationUpdate(
        implementation=stored,
        date=date,
        text=text,
        photo_alt=photo_alt if processed is not None else "",
        status=stored.status,
        progress=stored.progress,
        author=by,
    )
    update.full_clean(exclude=["implementation", "author", "photo"])
    if processed is not None:
        update.photo.save(f"{uuid.uuid4().hex}.{processed.extension}", ContentFile(processed.content), save=False)
    update.save()
    log(instance=stored, action="budgeting.implementation_add_update", user=by, data={"update": update.pk})
    announce_proposal_event(proposal=stored.proposal, kind="impl_update", detail="", by=by)
    return update
