"""Photos attached to ideas: checked by their content, cleaned of metadata, and resized.

An upload is accepted only if Pillow decodes it as JPEG, PNG or WebP (whatever its name or content
type claims) and it is at most `MAX_UPLOAD_BYTES`. The pixels are then turned upright by their EXIF
orientation and written into a new file, so no EXIF, GPS, XMP or text metadata survives; only the
colour profile is kept, so that phone photos keep their colours. Two renditions are written: the
display version (at most `DISPLAY_SIZE` px on its longer side) in `Idea.photo`, and a thumbnail
(`THUMBNAIL_SIZE` px) beside it under a name derived from the display version's (`thumbnail_name`).

A photo chosen before the form could be sent (an error elsewhere, or a visitor who still has to sign
in) is kept, already cleaned, under `drafts/` in the default storage until the idea is submitted.
"""

from __future__ import annotations

import datetime
import io
import posixpath
import re
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_MB = MAX_UPLOAD_BYTES // (1024 * 1024)
# More pixels than any phone camera makes; refused before decoding, so a tiny file cannot expand into gigabytes.
MAX_PIXELS = 60_000_000
DISPLAY_SIZE = 1600
THUMBNAIL_SIZE = 400
DRAFTS_DIR = "drafts"

# The only decoders Pillow may try on an upload.
OPENERS = ["JPEG", "PNG", "WEBP"]
# Format the decoder found → format written. Phones write JPEGs with extra images in them (depth maps, HDR gain
# maps), which Pillow's JPEG decoder opens as MPO; their first image is the photo.
DECODERS: dict[str, str] = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
# Format written → (file extension, save options). No `exif`, `xmp` or `pnginfo` is passed on.
FORMATS: dict[str, tuple[str, dict]] = {
    "JPEG": ("jpg", {"quality": 85, "optimize": True, "progressive": True}),
    "PNG": ("png", {"optimize": True}),
    "WEBP": ("webp", {"quality": 85, "method": 4}),
}
_DRAFT_NAME = re.compile(rf"^{DRAFTS_DIR}/[0-9a-f]{{32}}\.(jpg|png|webp)$")


@dataclass(frozen=True)
class ProcessedPhoto:
    """A cleaned display version of an uploaded photo, ready to store."""

    content: bytes
    format: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        return FORMATS[self.format][0]


def not_an_image_error() -> ValidationError:
    return ValidationError(
        _("The file is not a photo we can use. Choose a JPEG, PNG or WebP image."), code="photo_format"
    )


def process_upload(upload) -> ProcessedPhoto:
    """Check an uploaded file by its content and return its cleaned display version; refuse anything else."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The photo is too large. It can be at most %(limit)s MB."),
            code="photo_size",
            params={"limit": MAX_UPLOAD_MB},
        )
    try:
        upload.seek(0)
        with Image.open(upload, formats=OPENERS) as probe:
            decoder = probe.format
            width, height = probe.size
            if decoder not in DECODERS or width * height > MAX_PIXELS:
                raise not_an_image_error()
            probe.verify()
        # verify() leaves the image unusable; decode it again from the start.
        upload.seek(0)
        with Image.open(upload, formats=[DECODERS[decoder]]) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            icc_profile = image.info.get("icc_profile")
            return _render(upright, DECODERS[decoder], DISPLAY_SIZE, icc_profile=icc_profile)
    except ValidationError:
        raise
    except Exception as error:  # a broken or hostile file can make a decoder raise almost anything
        raise not_an_image_error() from error


def _render(image: Image.Image, image_format: str, max_side: int, *, icc_profile: bytes | None) -> ProcessedPhoto:
    """The pixels alone, at most `max_side` px on the longer side, written afresh in `image_format`."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    mode = "RGBA" if has_alpha and image_format != "JPEG" else "RGB"
    image = image.convert(mode)
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    # A new image from the raw pixels carries no `info` (EXIF, XMP, comments, text chunks) at all.
    clean = Image.frombytes(mode, image.size, image.tobytes())
    options = dict(FORMATS[image_format][1])
    if icc_profile:
        options["icc_profile"] = icc_profile
    buffer = io.BytesIO()
    clean.save(buffer, format=image_format, **options)
    return ProcessedPhoto(content=buffer.getvalue(), format=image_format, width=clean.width, height=clean.height)


def thumbnail_name(name: str) -> str:
    """The storage name of a stored photo's thumbnail: "ideas/2026/11/ab12.jpg" → "ideas/2026/11/ab12_thumb.jpg"."""
    stem, extension = posixpath.splitext(name)
    return f"{stem}_thumb{extension}"


def _write_thumbnail(name: str, content: bytes) -> str:
    with Image.open(io.BytesIO(content), formats=OPENERS) as image:
        image.load()
        thumbnail = _render(image, DECODERS[image.format], THUMBNAIL_SIZE, icc_profile=image.info.get("icc_profile"))
    target = thumbnail_name(name)
    if default_storage.exists(target):
        default_storage.delete(target)
    return default_storage.save(target, ContentFile(thumbnail.content))


def thumbnail_url(photo) -> str:
    """The URL of an idea photo's thumbnail (the `ImageFieldFile`), made from the display version if missing."""
    if not photo:
        return ""
    target = thumbnail_name(photo.name)
    if not photo.storage.exists(target):
        with photo.storage.open(photo.name, "rb") as stored:
            _write_thumbnail(photo.name, stored.read())
    return photo.storage.url(target)


def attach(*, idea, photo: ProcessedPhoto) -> None:
    """Store the display version in `idea.photo` (a fresh random name) and write its thumbnail beside it."""
    idea.photo.save(f"{uuid.uuid4().hex}.{photo.extension}", ContentFile(photo.content), save=False)
    idea.save(update_fields=["photo", "updated_at"])
    _write_thumbnail(idea.photo.name, photo.content)


def save_draft(photo: ProcessedPhoto) -> str:
    """Keep a cleaned photo until its idea is submitted; returns its storage name under `drafts/`."""
    return default_storage.save(f"{DRAFTS_DIR}/{uuid.uuid4().hex}.{photo.extension}", ContentFile(photo.content))


def is_draft_name(name: str) -> bool:
    return bool(name) and bool(_DRAFT_NAME.match(name))


def load_draft(name: str) -> ProcessedPhoto | None:
    """A kept photo by its draft name, or None if the name is not a draft's or the file is gone."""
    if not is_draft_name(name) or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as stored:
        content = stored.read()
    try:
        with Image.open(io.BytesIO(content), formats=OPENERS) as image:
            image_format = DECODERS[image.format]
            return ProcessedPhoto(content=content, format=image_format, width=image.width, height=image.height)
    except (UnidentifiedImageError, OSError, KeyError):
        return None


def delete_draft(name: str) -> None:
    if is_draft_name(name) and default_storage.exists(name):
        default_storage.delete(name)


def delete_old_drafts(*, older_than: datetime.timedelta = datetime.timedelta(days=2)) -> int:
    """Delete kept photos of ideas never sent (older than `older_than`); returns how many. For a periodic task."""
    try:
        _, names = default_storage.listdir(DRAFTS_DIR)
    except FileNotFoundError:
        return 0
    cutoff = timezone.now() - older_than
    deleted = 0
    for name in names:
        path = f"{DRAFTS_DIR}/{name}"
        if is_draft_name(path) and default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            deleted += 1
    return deleted
