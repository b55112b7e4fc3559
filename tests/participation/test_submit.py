"""Submitting an idea through the form: phases, the area check, address look-up, categories, the draft that
survives signing in or up, photos, and the address endpoints with their rate limit."""

import datetime
import io
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import override as translation_override
from PIL import ExifTags, Image
from wagtail.models import Locale

from maps import selectors as map_selectors
from participation import geocoding, photos
from participation.geocoding import DawaGeocoder, OfflineGazetteer, Place
from participation.models import Category, Idea, LocationMode, ModerationMode, PhaseType, Visibility
from participation.views.submit import SESSION_KEY
from tests.cms.factories import create_project
from tests.participation.conftest import KONGENS_NYTORV, MALMO, RUNDDEL, days

pytestmark = pytest.mark.django_db

PASSWORD = "en-lang-og-sikker-adgangskode-42"
BLAAGAARDS_PLADS = (55.6873, 12.5546)


@pytest.fixture(autouse=True)
def offline(settings):
    """The offline gazetteer, whatever the environment says, fresh rate-limit counters, and English pages (the
    language the assertions are written in; the Danish texts come from the catalogue)."""
    settings.PARTICIPATION_GEOCODER = "participation.geocoding.OfflineGazetteer"
    cache.clear()
    with translation_override("en"):
        yield
    cache.clear()


def form_url(project) -> str:
    return reverse("participation:idea_submit", kwargs={"project_id": project.pk})


def finish_url(project) -> str:
    return reverse("participation:idea_submit_finish", kwargs={"project_id": project.pk})


def idea_data(**fields) -> dict:
    data = {
        "title": "Flere træer ved Runddelen",
        "description": "Plant træer langs cykelstien.\nOg sæt bænke op.",
        "address": "",
        "latitude": str(RUNDDEL[0]),
        "longitude": str(RUNDDEL[1]),
    }
    data.update(fields)
    return data


def verified_user(django_user_model, email="amira@example.dk"):
    user = django_user_model.objects.create_user(email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def image_file(
    name="photo.jpg", *, image_format="JPEG", size=(2400, 1200), exif=None, mode="RGB"
) -> SimpleUploadedFile:
    image = Image.new(mode, size, (40, 120, 60) if mode == "RGB" else (40, 120, 60, 128))
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=image_format, **options)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[image_format]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def gps_exif() -> Image.Exif:
    """EXIF as a phone writes it: camera make, orientation "rotate 90° clockwise" and a GPS position."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.Base.Orientation] = 6
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (55.0, 41.0, 40.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (12.0, 32.0, 55.0)
    return exif


def html_of(response) -> str:
    return response.content.decode()


class TestForm:
    def test_everyone_sees_the_form_while_ideas_are_collected(self, client, project, citizen):
        """The form is shown to visitors (who are told they will sign in when sending) and to citizens."""
        anonymous = client.get(form_url(project))
        assert anonymous.status_code == 200
        html = html_of(anonymous)
        assert 'name="title"' in html and 'name="address"' in html and 'type="file"' in html
        assert 'id="pin-map"' in html and 'id="pin-map-data"' in html
        assert "sign in or create an account" in html
        client.force_login(citizen)
        html = html_of(client.get(form_url(project)))
        assert "sign in or create an account" not in html

    def test_closed_phase_shows_when_ideas_can_be_sent(self, client, project_index, tmf, citizen):
        """Before the ideas phase the page says from when to when ideas can be sent, and sending is refused."""
        later = create_project(
            project_index,
            title="Et senere projekt",
            administration=tmf,
            phases=[(PhaseType.INFORMATION, days(-5), days(5)), (PhaseType.IDEAS, days(6), days(20))],
        )
        response = client.get(form_url(later))
        html = html_of(response)
        assert response.status_code == 200
        assert 'name="title"' not in html
        assert "from" in html and later.phases.get(phase_type=PhaseType.IDEAS).start.strftime("%Y") in html

        client.force_login(citizen)
        response = client.post(form_url(later), idea_data(title="Min tekst", description="Som jeg ikke vil miste."))
        assert not Idea.objects.exists()
        html = html_of(response)
        assert "Min tekst" in html and "Som jeg ikke vil miste." in html

    def test_after_the_phase_the_page_says_it_has_ended(self, client, project_index, tmf):
        """After the ideas phase the page says until when ideas were collected."""
        ended = create_project(
            project_index,
            administration=tmf,
            phases=[(PhaseType.IDEAS, days(-20), days(-5)), (PhaseType.REVIEW, days(-4), days(10))],
        )
        html = html_of(client.get(form_url(ended)))
        assert "collected ideas until" in html

    def test_the_form_follows_the_language_to_the_projects_translation(self, client, project):
        """Opened in English for the Danish project, the form moves to the English translation of the project."""
        english = Locale.objects.get_or_create(language_code="en")[0]
        translation = project.copy_for_translation(english, copy_parents=True, alias=False)
        translation.title = "A greener Nørrebro"
        translation.save_revision().publish()
        with translation_override("en"):
            danish_form_in_english = form_url(project)
            english_form = form_url(translation)
        response = client.get(danish_form_in_english)
        assert response.status_code == 302 and response["Location"] == english_form
        assert "A greener Nørrebro" in html_of(client.get(english_form))

    def test_an_unknown_project_is_not_found(self, client, project):
        """A project id that is no live project page answers 404."""
        assert client.get(reverse("participation:idea_submit", kwargs={"project_id": 99999})).status_code == 404


class TestSubmitting:
    def test_a_citizen_submits_with_the_pin(self, client, project, citizen):
        """A valid idea is created with the district derived on the server, and the page goes to the idea."""
        client.force_login(citizen)
        response = client.post(form_url(project), idea_data(district="999"))
        idea = Idea.objects.get()
        assert response.status_code == 302
        assert response["Location"] == idea.get_absolute_url()
        assert idea.author == citizen
        assert idea.district.name == "Nørrebro"
        assert idea.description == "Plant træer langs cykelstien.\nOg sæt bænke op."
        follow = client.get(response["Location"])
        assert "published" in " ".join(str(m) for m in follow.context["messages"])

    def test_line_breaks_count_as_one_character(self, client, project, citizen):
        """A description of 3,000 characters typed with line breaks (sent as CR LF) is accepted and kept."""
        client.force_login(citizen)
        text = ("a" * 99 + "\r\n") * 30
        assert len(text.replace("\r\n", "\n")) == 3000
        assert client.post(form_url(project), idea_data(description=text)).status_code == 302
        assert Idea.objects.get().description.count("\n") == 29  # the trailing one is stripped

    def test_pre_moderation_says_the_idea_waits_for_approval(self, client, project, citizen):
        """Under pre-moderation the idea waits, and the message says so."""
        project.moderation_mode = ModerationMode.PRE
        project.save()
        client.force_login(citizen)
        response = client.post(form_url(project), idea_data(), follow=True)
        assert Idea.objects.get().visibility == Visibility.PENDING
        assert "approved" in " ".join(str(m) for m in response.context["messages"])

    def test_outside_the_area_is_refused_and_keeps_everything_typed(self, client, project, citizen):
        """A pin in Indre By on a Nørrebro project: the error names Nørrebro, and title, text, address and pin stay."""
        client.force_login(citizen)
        data = idea_data(
            title="Bænke på Kongens Nytorv",
            description="Flere bænke.\nTak.",
            address="Kongens Nytorv",
            latitude=str(KONGENS_NYTORV[0]),
            longitude=str(KONGENS_NYTORV[1]),
        )
        response = client.post(form_url(project), data)
        html = html_of(response)
        assert response.status_code == 400
        assert not Idea.objects.exists()
        errors = response.context["form"].errors["address"]
        assert any("Nørrebro" in error for error in errors)
        assert 'id="id_address_error"' in html and "error-summary" in html
        assert 'value="Bænke på Kongens Nytorv"' in html
        assert "Flere bænke.\nTak.</textarea>" in html
        assert 'value="Kongens Nytorv"' in html
        assert f'value="{KONGENS_NYTORV[0]}"' in html and f'value="{KONGENS_NYTORV[1]}"' in html

    def test_an_address_alone_is_looked_up_and_placed(self, client, project, citizen):
        """Without a pin, the typed address is found by the geocoder and the idea is placed there."""
        client.force_login(citizen)
        response = client.post(form_url(project), idea_data(address="blågårds plads", latitude="", longitude=""))
        assert response.status_code == 302
        idea = Idea.objects.get()
        assert (idea.latitude, idea.longitude) == BLAAGAARDS_PLADS
        assert idea.district.name == "Nørrebro"

    def test_an_address_that_is_not_found_says_so_and_keeps_it(self, client, project, citizen):
        """An address the geocoder does not know is an error on the address field, with the text kept."""
        client.force_login(citizen)
        response = client.post(form_url(project), idea_data(address="Ingenvej 999", latitude="", longitude=""))
        assert response.status_code == 400
        assert "Ingenvej 999" in response.context["form"].errors["address"][0]
        assert 'value="Ingenvej 999"' in html_of(response)

    def test_the_pin_wins_over_the_address(self, client, project, citizen):
        """With both a pin and an address, the pin is where the idea is."""
        client.force_login(citizen)
        client.post(form_url(project), idea_data(address="Blågårds Plads"))
        idea = Idea.objects.get()
        assert (idea.latitude, idea.longitude) == RUNDDEL

    def test_a_required_location_must_be_given(self, client, project, citizen):
        """When the project requires a place, sending neither pin nor address is refused on the address field."""
        project.location_mode = LocationMode.REQUIRED
        project.save()
        client.force_login(citizen)
        response = client.post(form_url(project), idea_data(latitude="", longitude=""))
        assert response.status_code == 400
        assert "address" in response.context["form"].errors
        assert not Idea.objects.exists()

    def test_an_optional_location_may_be_left_out(self, client, project, citizen):
        """Without pin or address an idea is accepted when the place is optional."""
        client.force_login(citizen)
        assert client.post(form_url(project), idea_data(latitude="", longitude="")).status_code == 302
        assert Idea.objects.get().district is None

    def test_no_location_asked_hides_the_map(self, client, project, citizen):
        """When the project asks no place, the form has no map or address, and a sent pin is ignored."""
        project.location_mode = LocationMode.NONE
        project.save()
        client.force_login(citizen)
        html = html_of(client.get(form_url(project)))
        assert 'name="address"' not in html and "pin-map-data" not in html
        client.post(form_url(project), idea_data())
        assert Idea.objects.get().latitude is None

    def test_a_tampered_pin_counts_as_no_pin(self, client, project, citizen):
        """Hidden inputs that are not a point on Earth are ignored rather than stored."""
        client.force_login(citizen)
        client.post(form_url(project), idea_data(latitude="nan", longitude="1e400"))
        assert Idea.objects.get().latitude is None

    def test_the_category_must_be_one_of_the_projects(self, client, project, project_index, tmf, citizen):
        """A category of another project is refused; one of the project's own is stored."""
        own = Category.objects.create(project=project, name="Grønne områder")
        other_project = create_project(project_index, administration=tmf)
        foreign = Category.objects.create(project=other_project, name="Trafik")
        client.force_login(citizen)

        response = client.post(form_url(project), idea_data(category=str(foreign.pk)))
        assert response.status_code == 400
        assert "category" in response.context["form"].errors
        assert not Idea.objects.exists()

        client.post(form_url(project), idea_data(category=str(own.pk)))
        assert Idea.objects.get().category == own

    def test_the_category_list_shows_only_the_projects_categories(self, client, project, project_index, tmf):
        """The form offers the project's categories, and no category field when it has none."""
        assert 'name="category"' not in html_of(client.get(form_url(project)))
        Category.objects.create(project=project, name="Grønne områder")
        Category.objects.create(project=create_project(project_index, administration=tmf), name="Trafik")
        html = html_of(client.get(form_url(project)))
        assert "Grønne områder" in html and "Trafik" not in html

    def test_too_many_ideas_are_slowed_down_keeping_the_text(self, client, project, citizen, settings):
        """Past the submit rate limit the form comes back (429) with the text still in it."""
        settings.PARTICIPATION_RATE_LIMITS = {**settings.PARTICIPATION_RATE_LIMITS, "submit": "1/h"}
        client.force_login(citizen)
        assert client.post(form_url(project), idea_data()).status_code == 302
        response = client.post(form_url(project), idea_data(title="Endnu en idé"))
        assert response.status_code == 429
        assert 'value="Endnu en idé"' in html_of(response)
        assert Idea.objects.count() == 1


class TestAnonymousDraft:
    def send_as_visitor(self, client, project, **fields):
        response = client.post(form_url(project), idea_data(**fields))
        assert response.status_code == 302
        location = urlsplit(response["Location"])
        assert location.path == reverse("account_login")
        assert parse_qs(location.query)["next"] == [finish_url(project)]
        assert not Idea.objects.exists()
        return response

    def test_a_visitor_is_sent_to_sign_in_and_the_idea_is_sent_after(self, client, project, django_user_model):
        """A visitor's idea waits in the session; signing in (with next) sends it and shows it."""
        self.send_as_visitor(client, project, title="Amiras idé", address="Nørrebros Runddel")
        user = verified_user(django_user_model)
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": PASSWORD, "next": finish_url(project)}
        )
        assert response["Location"] == finish_url(project)
        response = client.get(response["Location"])
        idea = Idea.objects.get()
        assert response["Location"] == idea.get_absolute_url()
        assert (idea.title, idea.author, idea.district.name) == ("Amiras idé", user, "Nørrebro")
        assert not client.session[SESSION_KEY]

    def test_the_idea_survives_sign_up_and_e_mail_confirmation(self, client, project, django_user_model):
        """Sign-up carries `next` through the confirmation link: confirming signs in and sends the idea."""
        photo = image_file(exif=gps_exif())
        self.send_as_visitor(client, project, title="Amiras idé", photo=photo)
        signup = reverse("account_signup")
        response = client.post(
            signup,
            {"email": "amira@example.dk", "password1": PASSWORD, "password2": PASSWORD, "next": finish_url(project)},
        )
        assert response.status_code == 302
        assert not Idea.objects.exists()
        link = re.search(r"https?://[^/\s]+(/\S*/konto/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
        response = client.post(link)
        assert response.status_code == 302
        assert response["Location"] == finish_url(project)
        response = client.get(response["Location"])
        idea = Idea.objects.get()
        assert response["Location"] == idea.get_absolute_url()
        assert idea.author.email == "amira@example.dk"
        assert idea.title == "Amiras idé" and idea.photo
        assert default_storage.listdir(photos.DRAFTS_DIR)[1] == []

    def test_a_sign_in_that_lost_next_still_sends_the_idea(self, client, project, django_user_model):
        """Signing in from the header (no `next` to the finish step) still goes on to send the waiting idea."""
        self.send_as_visitor(client, project)
        user = verified_user(django_user_model)
        response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
        assert response["Location"] == finish_url(project)
        client.get(response["Location"])
        assert Idea.objects.get().author == user

    def test_without_a_waiting_idea_sign_in_goes_where_it_was_going(self, client, project, django_user_model):
        """Nothing waiting: signing in is not redirected to the finish step."""
        user = verified_user(django_user_model)
        response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
        assert response["Location"] == "/en/"

    def test_the_form_shows_the_waiting_idea_again(self, client, project):
        """Coming back to the form before signing in, the visitor finds what they wrote."""
        self.send_as_visitor(client, project, title="Ikke glemt")
        html = html_of(client.get(form_url(project)))
        assert 'value="Ikke glemt"' in html
        assert f'value="{RUNDDEL[0]}"' in html

    def test_the_finish_step_without_a_draft_goes_to_the_form(self, client, project, citizen):
        """The finish step with nothing waiting sends a signed-in citizen to the form."""
        client.force_login(citizen)
        response = client.get(finish_url(project))
        assert response["Location"] == form_url(project)

    def test_the_finish_step_asks_a_visitor_to_sign_in(self, client, project):
        """The finish step is only for signed-in people."""
        response = client.get(finish_url(project))
        assert response.status_code == 302 and reverse("account_login") in response["Location"]

    def test_an_idea_refused_at_the_finish_step_is_shown_with_its_text(self, client, project, citizen):
        """If the project closed for ideas meanwhile, the finish step shows the text instead of losing it."""
        self.send_as_visitor(client, project, title="Sent for sent", description="Min tekst.")
        phase = project.phases.get(phase_type=PhaseType.IDEAS)
        phase.end = days(-1)
        phase.start = days(-10)
        phase.save()
        client.force_login(citizen)
        response = client.get(finish_url(project))
        html = html_of(response)
        assert not Idea.objects.exists()
        assert "Sent for sent" in html and "Min tekst." in html

    def test_an_invalid_visitor_form_is_shown_again_without_sign_in(self, client, project):
        """Errors are shown before asking a visitor to sign in, so they do not sign up for nothing."""
        response = client.post(
            form_url(project), idea_data(latitude=str(KONGENS_NYTORV[0]), longitude=str(KONGENS_NYTORV[1]))
        )
        assert response.status_code == 400
        assert "address" in response.context["form"].errors


class TestPhotos:
    def test_gps_and_other_exif_are_removed_and_the_photo_turned_upright(self, client, project, citizen):
        """A phone photo with GPS EXIF is stored without any EXIF, turned by its orientation and resized."""
        upload = image_file(exif=gps_exif())
        source = Image.open(io.BytesIO(upload.read()))
        assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        upload.seek(0)
        client.force_login(citizen)
        assert client.post(form_url(project), {**idea_data(), "photo": upload}).status_code == 302

        idea = Idea.objects.get()
        with idea.photo.open("rb") as stored:
            image = Image.open(io.BytesIO(stored.read()))
        assert image.format == "JPEG"
        assert len(image.getexif()) == 0 and "exif" not in image.info
        # 2400 × 1200 lying on its side (orientation 6) is 1200 × 2400 upright, shrunk to 1600 px high.
        assert image.size == (800, 1600)
        assert idea.photo.name.startswith("ideas/") and "photo" not in idea.photo.name
        with default_storage.open(photos.thumbnail_name(idea.photo.name), "rb") as stored:
            thumbnail = Image.open(io.BytesIO(stored.read()))
        assert thumbnail.size == (200, 400) and len(thumbnail.getexif()) == 0

    @pytest.mark.parametrize(("image_format", "mode"), [("PNG", "RGBA"), ("WEBP", "RGB")])
    def test_png_and_webp_are_accepted_in_their_own_format(self, client, project, citizen, image_format, mode):
        """PNG (with transparency) and WebP photos are kept in their format, at most 1600 px."""
        client.force_login(citizen)
        upload = image_file(f"photo.{image_format.lower()}", image_format=image_format, size=(2000, 500), mode=mode)
        assert client.post(form_url(project), {**idea_data(), "photo": upload}).status_code == 302
        with Idea.objects.get().photo.open("rb") as stored:
            image = Image.open(io.BytesIO(stored.read()))
        assert image.format == image_format and image.size == (1600, 400)

    def test_a_phone_jpeg_with_extra_images_is_taken_as_a_jpeg(self, client, project, citizen):
        """A JPEG carrying a second image (MPO, as phones write for depth or HDR) is stored as a plain JPEG."""
        buffer = io.BytesIO()
        first, second = Image.new("RGB", (1000, 800), "red"), Image.new("RGB", (1000, 800), "blue")
        first.save(buffer, format="MPO", save_all=True, append_images=[second], exif=gps_exif())
        assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"
        client.force_login(citizen)
        upload = SimpleUploadedFile("IMG_0001.JPG", buffer.getvalue(), content_type="image/jpeg")
        assert client.post(form_url(project), {**idea_data(), "photo": upload}).status_code == 302
        with Idea.objects.get().photo.open("rb") as stored:
            image = Image.open(io.BytesIO(stored.read()))
        assert image.format == "JPEG" and image.size == (800, 1000) and len(image.getexif()) == 0
        assert image.getpixel((400, 500))[0] > 200  # the first image, the red one

    def test_a_text_file_named_jpg_is_refused(self, client, project, citizen):
        """A text file called .jpg and sent as image/jpeg is refused by its content, keeping the rest."""
        client.force_login(citizen)
        fake = SimpleUploadedFile("photo.jpg", b"This is not a photo, just text.", content_type="image/jpeg")
        response = client.post(form_url(project), {**idea_data(), "photo": fake})
        assert response.status_code == 400
        assert "JPEG, PNG or WebP" in response.context["form"].errors["photo"][0]
        assert not Idea.objects.exists()

    def test_another_image_format_is_refused(self, client, project, citizen):
        """A real image in a format we do not take (GIF) is refused like any other file."""
        client.force_login(citizen)
        response = client.post(form_url(project), {**idea_data(), "photo": image_file("a.jpg", image_format="JPEG")})
        assert response.status_code == 302
        buffer = io.BytesIO()
        Image.new("RGB", (10, 10)).save(buffer, format="GIF")
        gif = SimpleUploadedFile("b.jpg", buffer.getvalue(), content_type="image/jpeg")
        response = client.post(form_url(project), {**idea_data(), "photo": gif})
        assert "photo" in response.context["form"].errors

    def test_a_photo_over_10_mb_is_refused_naming_the_limit(self, client, project, citizen):
        """An upload over 10 MB is refused with a message that names the limit."""
        client.force_login(citizen)
        big = SimpleUploadedFile("big.jpg", b"\xff" * (photos.MAX_UPLOAD_BYTES + 1), content_type="image/jpeg")
        response = client.post(form_url(project), {**idea_data(), "photo": big})
        assert response.status_code == 400
        assert "10 MB" in response.context["form"].errors["photo"][0]

    def test_a_photo_is_kept_when_another_field_has_an_error(self, client, project, citizen):
        """A good photo sent with an empty title is kept (cleaned) and goes with the idea on the next try."""
        client.force_login(citizen)
        response = client.post(
            form_url(project), {**idea_data(title=""), "photo": image_file("haven.jpg", exif=gps_exif())}
        )
        assert response.status_code == 400
        assert "haven.jpg" in html_of(response)
        client.post(form_url(project), idea_data())
        idea = Idea.objects.get()
        assert idea.photo
        with idea.photo.open("rb") as stored:
            assert len(Image.open(io.BytesIO(stored.read())).getexif()) == 0

    def test_a_kept_photo_can_be_removed(self, client, project, citizen):
        """Ticking "remove the photo" sends the idea without the kept photo."""
        client.force_login(citizen)
        client.post(form_url(project), {**idea_data(title=""), "photo": image_file()})
        client.post(form_url(project), idea_data(remove_photo="on"))
        assert not Idea.objects.get().photo

    def test_kept_photos_of_ideas_never_sent_are_deleted_later(self, client, project):
        """Photos kept for drafts are removed once old; fresh ones stay."""
        client.post(form_url(project), {**idea_data(title=""), "photo": image_file()})
        assert len(default_storage.listdir(photos.DRAFTS_DIR)[1]) == 1
        assert photos.delete_old_drafts(older_than=datetime.timedelta(hours=1)) == 0
        assert photos.delete_old_drafts(older_than=datetime.timedelta(seconds=-1)) == 1
        assert default_storage.listdir(photos.DRAFTS_DIR)[1] == []

    def test_thumbnails_are_made_on_demand(self, client, project, citizen):
        """A stored photo without a thumbnail gets one, under a name derived from the photo's."""
        client.force_login(citizen)
        client.post(form_url(project), {**idea_data(), "photo": image_file()})
        idea = Idea.objects.get()
        default_storage.delete(photos.thumbnail_name(idea.photo.name))
        assert photos.thumbnail_url(idea.photo).endswith("_thumb.jpg")
        assert default_storage.exists(photos.thumbnail_name(idea.photo.name))


class TestGazetteer:
    def test_matching_ignores_case_and_accents_and_takes_word_starts(self):
        """Typed without Danish letters, in capitals or only word starts, a place is still found."""
        gazetteer = OfflineGazetteer()
        assert gazetteer.geocode("norrebrogade")[0].label.startswith("Nørrebrogade")
        assert gazetteer.geocode("NØRREBROS RUNDDEL")[0].label.startswith("Nørrebros Runddel")
        assert gazetteer.geocode("blagards pl")[0].label.startswith("Blågårds Plads")
        assert gazetteer.geocode("noerrebro st")[0].label.startswith("Nørrebro Station")
        assert gazetteer.geocode("Nørrebrogade 20")[0].label == "Nørrebrogade 20, 2200 København N"
        assert gazetteer.geocode("zzz") == []

    def test_reverse_names_the_nearest_address_or_else_the_district(self, areas):
        """Near an entry (≤ 300 m) its label; elsewhere in the city the district; outside, nothing."""
        gazetteer = OfflineGazetteer()
        assert gazetteer.reverse(55.6875, 12.5548) == "Blågårds Plads, 2200 København N"
        assert gazetteer.reverse(55.6200, 12.5600) == "Amager Vest"
        assert gazetteer.reverse(*MALMO) is None

    def test_every_place_lies_in_the_district_it_names(self, areas):
        """The shipped gazetteer is checked against the city's district outlines."""
        data = json.loads(geocoding.GAZETTEER_PATH.read_text(encoding="utf-8"))
        assert len(data["places"]) >= 40
        wrong = []
        for place in data["places"]:
            district = map_selectors.district_at(place["lat"], place["lon"])
            if district is None or district.name != place["district"]:
                wrong.append((place["label"], district and district.name))
        assert not wrong
        assert {place["district"] for place in data["places"]} >= {"Nørrebro", "Valby", "Bispebjerg", "Amager Øst"}


class TestDawa:
    def test_urls_ask_for_access_addresses_in_copenhagen(self):
        """Autocomplete and reverse URLs are built for DAWA, limited to Københavns Kommune."""
        dawa = DawaGeocoder("https://dawa.example/")
        url = urlsplit(dawa.autocomplete_url("Nørrebrogade 2", limit=8))
        assert (url.scheme, url.netloc, url.path) == ("https", "dawa.example", "/adgangsadresser/autocomplete")
        assert parse_qs(url.query) == {"q": ["Nørrebrogade 2"], "per_side": ["8"], "kommunekode": ["0101"]}
        url = urlsplit(dawa.reverse_url(55.6879, 12.5607))
        assert url.path == "/adgangsadresser/reverse"
        assert parse_qs(url.query) == {"x": ["12.560700"], "y": ["55.687900"], "struktur": ["mini"]}

    def test_only_https_is_allowed(self):
        """A plain-http base URL is refused."""
        with pytest.raises(ValueError):
            DawaGeocoder("http://dawa.example")

    def test_autocomplete_answers_are_parsed(self):
        """Each suggestion becomes a place; x is the longitude, y the latitude; broken items are skipped."""
        payload = json.loads(
            """[
              {"tekst": "Nørrebrogade 20, 2200 København N",
               "adgangsadresse": {"id": "0a3f507a-b2e6-32b8-e044-0003ba298018", "vejnavn": "Nørrebrogade",
                                  "husnr": "20", "postnr": "2200", "postnrnavn": "København N",
                                  "x": 12.5607, "y": 55.6879}},
              {"tekst": "Nørrebrogade 22, 2200 København N", "adresse": {"x": "12.5605", "y": "55.6880"}},
              {"tekst": "Uden koordinater", "adgangsadresse": {}},
              "not an object"
            ]"""
        )
        assert DawaGeocoder.parse_autocomplete(payload) == [
            Place("Nørrebrogade 20, 2200 København N", 55.6879, 12.5607),
            Place("Nørrebrogade 22, 2200 København N", 55.6880, 12.5605),
        ]
        assert DawaGeocoder.parse_autocomplete({"type": "error"}) == []

    def test_reverse_answers_are_parsed(self):
        """The mini structure's "betegnelse" is the label; street and number are the fallback."""
        mini = json.loads(
            '{"id": "x", "vejnavn": "Blågårds Plads", "husnr": "1", "postnr": "2200", "postnrnavn": "København N",'
            ' "betegnelse": "Blågårds Plads 1, 2200 København N", "x": 12.5546, "y": 55.6873}'
        )
        assert DawaGeocoder.parse_reverse(mini) == "Blågårds Plads 1, 2200 København N"
        assert DawaGeocoder.parse_reverse({"vejnavn": "Jagtvej", "husnr": "69"}) == "Jagtvej 69"
        assert DawaGeocoder.parse_reverse({"adressebetegnelse": "Jagtvej 69, 2200 København N"}) == (
            "Jagtvej 69, 2200 København N"
        )
        assert DawaGeocoder.parse_reverse([]) is None


class TestAddressEndpoints:
    def test_search_returns_up_to_eight_places(self, client):
        """The search answers JSON places for the type-ahead; too short a query gives none."""
        response = client.get(reverse("participation:address_search"), {"q": "nørrebro"})
        places = response.json()["places"]
        assert response.status_code == 200
        assert 1 <= len(places) <= 8
        assert {"label", "lat", "lon"} <= set(places[0])
        assert client.get(reverse("participation:address_search"), {"q": "n"}).json() == {"places": []}

    def test_the_place_at_a_point_is_an_address_or_a_district(self, client, areas):
        """Near a known address, its label and district; elsewhere the district's name; outside, nothing."""
        url = reverse("participation:address_reverse")
        near = client.get(url, {"lat": "55.6875", "lon": "12.5548"}).json()
        assert near == {
            "label": "Blågårds Plads, 2200 København N",
            "district": {"name": "Nørrebro", "slug": "norrebro"},
        }
        assert client.get(url, {"lat": "55.62", "lon": "12.56"}).json()["label"] == "Amager Vest"
        assert client.get(url, {"lat": str(MALMO[0]), "lon": str(MALMO[1])}).json() == {"label": None, "district": None}

    def test_the_place_needs_numbers(self, client):
        """Missing or bad coordinates answer 400 with a message."""
        url = reverse("participation:address_reverse")
        for params in ({}, {"lat": "x", "lon": "12"}, {"lat": "91", "lon": "12"}):
            response = client.get(url, params)
            assert response.status_code == 400 and response.json()["error"]

    def test_look_ups_are_rate_limited_with_a_message(self, client, settings):
        """Past the limit the endpoints answer 429 with a message and Retry-After, not 403."""
        settings.PARTICIPATION_RATE_GEOCODE = "2/h"
        url = reverse("participation:address_search")
        assert client.get(url, {"q": "jagtvej"}).status_code == 200
        assert client.get(url, {"q": "jagtvej"}).status_code == 200
        response = client.get(url, {"q": "jagtvej"})
        assert response.status_code == 429
        assert response.json()["error"] and response["Retry-After"] == "60"
        reverse_url = reverse("participation:address_reverse")
        for _ in range(2):
            client.get(reverse_url, {"lat": "55.69", "lon": "12.55"})
        assert client.get(reverse_url, {"lat": "55.69", "lon": "12.55"}).status_code == 429
