"""Uploads are checked by their content and served so that no browser runs them.

Idea photos: a page, an SVG or a script named `.jpg` is refused with a clear message; a photo is written afresh
(no EXIF) under a random name whose extension is the format it really is. Wagtail images: the same disguises are
refused, SVG is not an image type here. Wagtail documents: only the listed types, and every download comes as an
attachment with its type, `nosniff` and a CSP that forbids everything.
"""

from __future__ import annotations

import io
import mimetypes

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from participation.models import Idea
from tests.participation.conftest import RUNDDEL, areas, citizen, project, tmf
from tests.participation.test_submit import gps_exif, image_file

__all__ = ["areas", "citizen", "project", "tmf"]

pytestmark = pytest.mark.django_db

REFUSED_PHOTO = "Filen er ikke et foto, vi kan bruge. Vælg et JPEG-, PNG- eller WebP-billede."
DISGUISES = {
    "page.jpg": b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
    "drawing.jpg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>',
    "shell.jpg": b"<?php system($_GET['c']); ?>",
    "script.jpeg": b"#!/bin/sh\nrm -rf /\n",
    # A GIF header with a script after it: a real image type, but not one we accept.
    "animation.jpg": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;<script>alert(1)</script>",
    # A JPEG's first bytes with HTML after them: no decodable image.
    "truncated.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00<html><script>alert(1)</script>",
}


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen)
    return client


def send_idea(client, project, photo):
    url = reverse("participation:idea_submit", kwargs={"project_id": project.pk})
    data = {"title": "Et træ", "description": "Et træ mere.", "latitude": RUNDDEL[0], "longitude": RUNDDEL[1]}
    return client.post(url, {**data, "photo": photo})


@pytest.mark.parametrize("name", DISGUISES)
def test_a_disguised_file_is_refused_as_an_idea_photo(signed_in, project, name):
    response = send_idea(signed_in, project, SimpleUploadedFile(name, DISGUISES[name], content_type="image/jpeg"))
    assert response.status_code == 400
    assert REFUSED_PHOTO in response.content.decode()
    assert not Idea.objects.exists()


@pytest.mark.parametrize(
    ("name", "image_format", "served_as"),
    [
        ("IMG_0001.jpg", "JPEG", "image/jpeg"),
        ("photo.html", "JPEG", "image/jpeg"),
        ("screenshot.svg", "PNG", "image/png"),
        ("picture.webp", "WEBP", "image/webp"),
    ],
)
def test_an_accepted_photo_is_written_afresh_under_the_type_it_really_is(
    signed_in, project, name, image_format, served_as
):
    """Whatever the name says, the stored file's extension (and so its Content-Type from any server or bucket) is
    the format Pillow decoded; the name is random and the metadata is gone."""
    photo = image_file(name, image_format=image_format, exif=gps_exif() if image_format == "JPEG" else None)
    response = send_idea(signed_in, project, photo)
    assert response.status_code == 302
    stored = Idea.objects.get().photo
    assert mimetypes.guess_type(stored.name)[0] == served_as
    assert name.rsplit(".", 1)[0] not in stored.name
    with default_storage.open(stored.name) as handle, Image.open(io.BytesIO(handle.read())) as image:
        assert image.format == image_format
        assert not image.getexif()
        assert "exif" not in image.info and "xmp" not in image.info


@pytest.fixture
def admin_client_signed_in(client, django_user_model):
    admin = django_user_model.objects.create_superuser(email="admin@kk.dk", password="pw")
    client.force_login(admin)
    return client


@pytest.mark.parametrize("name", ["page.jpg", "drawing.jpg", "shell.jpg"])
def test_wagtail_refuses_a_disguised_image(admin_client_signed_in, name):
    upload = SimpleUploadedFile(name, DISGUISES[name], content_type="image/jpeg")
    response = admin_client_signed_in.post(reverse("wagtailimages:add"), {"title": "Forsøg", "file": upload})
    assert response.status_code == 200  # the form again, with its error
    assert response.context["form"].errors["file"]
    assert not get_image_model().objects.exists()


def test_wagtail_refuses_svg_images_and_html_documents(admin_client_signed_in):
    svg = SimpleUploadedFile("drawing.svg", DISGUISES["drawing.jpg"], content_type="image/svg+xml")
    response = admin_client_signed_in.post(reverse("wagtailimages:add"), {"title": "SVG", "file": svg})
    assert response.context["form"].errors["file"]
    for name in ("page.html", "page.htm", "drawing.svg", "script.js"):
        upload = SimpleUploadedFile(name, DISGUISES["page.jpg"], content_type="text/html")
        response = admin_client_signed_in.post(reverse("wagtaildocs:add"), {"title": name, "file": upload})
        assert response.context["form"].errors["file"], name
    assert not get_image_model().objects.exists() and not get_document_model().objects.exists()


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("budget.pdf", "application/pdf"),
        ("notes.txt", "text/plain"),
        ("proposals.csv", "text/csv"),
        ("plan.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_documents_are_downloaded_as_attachments_that_cannot_run(client, settings, tmp_path, name, content_type):
    """Even a text file full of markup: its own type, an attachment, `nosniff`, and a CSP that allows nothing."""
    # Files on disk, as production keeps them by default (tests otherwise keep them in memory).
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    document = get_document_model().objects.create(title=name, file=ContentFile(DISGUISES["page.jpg"], name=name))
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
