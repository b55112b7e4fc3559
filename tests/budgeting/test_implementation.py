"""What became of the funded proposals: the implementation services and rules, the case officers' screens,
"Hvad skete der?" / "What happened?", and the implementation on the proposal and project pages."""

import datetime
import io
import json
import re
import threading
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from PIL import ExifTags, Image

from budgeting import rules
from budgeting.models import (
    BudgetRound,
    CommitteeDecision,
    DecisionKind,
    Implementation,
    ImplementationStatus,
    ImplementationUpdate,
    ProposalFollow,
    Tally,
    TallyResult,
)
from budgeting.services import implementation as services
from maps.models import LocalCommittee
from participation.models import Notification, NotificationKind, PhaseType
from tests.budgeting.conftest import BISPEBJERG, RUNDDEL, days, make_proposal
from tests.budgeting.factories import BudgetRoundFactory, ProposalFactory
from tests.cms.factories import create_project

pytestmark = pytest.mark.django_db

ADMIN = "/admin/budgeting/implementations"


@pytest.fixture(autouse=True)
def _english():
    """These tests read the services' messages in English, the source language."""
    with translation.override("en"):
        yield


def fund(budget_round: BudgetRound, winners, losers=()) -> BudgetRound:
    """The round counted, with `winners` selected and `losers` not."""
    now = timezone.now()
    tally = Tally.objects.create(round=budget_round, rule=budget_round.winner_rule, computed_at=now)
    TallyResult.objects.bulk_create(
        [TallyResult(tally=tally, proposal=p, votes_online=5, selected=True) for p in winners]
        + [TallyResult(tally=tally, proposal=p, votes_online=1, selected=False) for p in losers]
    )
    BudgetRound.objects.filter(pk=budget_round.pk).update(tallied_at=now)
    budget_round.refresh_from_db()
    return budget_round


def decide(proposal, kind=DecisionKind.APPROVE, *, confirmed=True):
    committee = LocalCommittee.objects.filter(district=proposal.district).first() or LocalCommittee.objects.first()
    return CommitteeDecision.objects.create(
        proposal=proposal,
        committee=committee,
        kind=kind,
        changes="Færre bænke." if kind == DecisionKind.APPROVE_WITH_CHANGES else "",
        reason="Udvalget støtter forslaget.",
        recorded_at=timezone.now(),
        confirmed_at=timezone.now() if confirmed else None,
    )


def what_happened_url(language="en", **params) -> str:
    with translation.override(language):
        path = reverse("budgeting:what_happened")
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{path}?{query}" if query else path


def detail_url(proposal, language="en") -> str:
    with translation.override(language):
        return reverse("budgeting:proposal_detail", kwargs={"pk": proposal.pk})


def browser(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def image_file(name="photo.jpg", *, size=(2400, 1200), exif=None) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 120, 60)).save(buffer, format="JPEG", **({"exif": exif} if exif else {}))
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (55.0, 41.0, 40.0)
    return exif


def rows_of(html: str) -> dict[str, str]:
    """The table rows of "What happened?" by proposal title."""
    rows = re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", html, re.S)
    return {re.search(r'<a href="[^"]+">(.*?)</a>', row).group(1): re.sub(r"\s+", " ", row) for row in rows}


@pytest.fixture
def past_project(project_index, tmf, norrebro, bispebjerg):
    """Owned by TMF, in Nørrebro and Bispebjerg; voting closed three weeks ago."""
    return create_project(
        project_index,
        title="Borgerbudget 2026",
        slug="borgerbudget-2026",
        administration=tmf,
        districts=[norrebro, bispebjerg],
        phases=[
            (PhaseType.IDEAS, days(-90), days(-61)),
            (PhaseType.REVIEW, days(-60), days(-31)),
            (PhaseType.VOTING, days(-30), days(-20)),
            (PhaseType.REALISATION, days(-19), days(300)),
        ],
    )


@pytest.fixture
def counted(past_project):
    """A counted round: Træer (Nørrebro) and Bænke (Bispebjerg) funded, Lys (no place) not."""
    budget_round = BudgetRoundFactory(project=past_project, title="Borgerbudget 2026")
    trees = make_proposal(budget_round, title="Træer", cost=900_000, point=RUNDDEL, at=days(-40))
    benches = make_proposal(budget_round, title="Bænke", cost=800_000, point=BISPEBJERG, at=days(-40))
    lights = make_proposal(budget_round, title="Lys", cost=600_000, point=None, at=days(-40))
    return fund(budget_round, [trees, benches], [lights])


def proposal(budget_round, title):
    return budget_round.proposals.get(title=title)


@pytest.fixture
def trees(counted):
    return proposal(counted, "Træer")


@pytest.fixture
def implementation(trees):
    decide(trees)
    return services.implementation_ensure(proposal=trees)


# Services ------------------------------------------------------------------------------------------------


class TestEnsure:
    def test_opens_a_planned_implementation_under_the_proposals_administration_once(self, trees, tmf):
        """The chair's confirmation opens it as planned at 0 %, under the administration that owns the proposal; asking
        again returns the same implementation."""
        first = services.implementation_ensure(proposal=trees)
        again = services.implementation_ensure(proposal=trees)
        assert first.pk == again.pk and Implementation.objects.count() == 1
        assert (first.status, first.progress, first.administration) == (ImplementationStatus.PLANNED, 0, tmf)

    def test_a_caller_that_loses_the_race_gets_the_winners_implementation(self, trees):
        """When another request created it between the look-up and the insert, the unique key refuses the second and
        the existing one is returned, inside the caller's transaction."""
        winner = Implementation.objects.create(proposal=trees, administration=trees.administration)
        real_filter = Implementation.objects.filter
        missed = {"done": False}

        def filter_missing_once(*args, **kwargs):
            if not missed["done"]:
                missed["done"] = True
                return real_filter(pk=-1)
            return real_filter(*args, **kwargs)

        with transaction.atomic(), mock.patch.object(Implementation.objects, "filter", filter_missing_once):
            found = services.implementation_ensure(proposal=trees)
            assert Implementation.objects.count() == 1  # the transaction is still usable
        assert found.pk == winner.pk


@pytest.mark.postgresql  # SQLite has one writer at a time
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_confirmations_open_one_implementation(project_index, tmf, norrebro):
    """Eight requests at once open one implementation, and every one of them gets it."""
    project = create_project(project_index, title="Samtidig", slug="samtidig", administration=tmf)
    budget_round = BudgetRoundFactory(project=project)
    funded = ProposalFactory(round=budget_round, district=norrebro)
    barrier, results = threading.Barrier(8), []

    def confirm():
        try:
            barrier.wait()
            results.append(services.implementation_ensure(proposal=funded).pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Implementation.objects.filter(proposal=funded).count() == 1
    assert len(results) == 8 and len(set(results)) == 1


class TestUpdate:
    def change(self, implementation, by=None, **fields):
        values = {
            "status": implementation.status,
            "progress": implementation.progress,
            "expected_completion": implementation.expected_completion,
            "administration": implementation.administration,
            "cancel_reason": "",
            **fields,
        }
        return services.implementation_update(implementation=implementation, by=by, **values)

    def test_status_progress_completion_and_administration_are_set(self, implementation, kff, case_officer):
        changed = self.change(
            implementation,
            by=case_officer,
            status=ImplementationStatus.IN_PROGRESS,
            progress=40,
            expected_completion=days(90),
            administration=kff,
        )
        changed.refresh_from_db()
        assert (changed.status, changed.progress, changed.expected_completion, changed.administration) == (
            ImplementationStatus.IN_PROGRESS,
            40,
            days(90),
            kff,
        )

    def test_done_is_always_100_percent(self, implementation):
        changed = self.change(implementation, status=ImplementationStatus.DONE, progress=70)
        assert changed.progress == 100

    def test_cancelled_needs_a_public_reason_which_goes_when_it_is_resumed(self, implementation):
        with pytest.raises(ValidationError) as refused:
            self.change(implementation, status=ImplementationStatus.CANCELLED, cancel_reason="  ")
        assert refused.value.message_dict == {"cancel_reason": ["Say why it was cancelled: the reason is public."]}
        cancelled = self.change(
            implementation, status=ImplementationStatus.CANCELLED, cancel_reason="Grunden er solgt."
        )
        assert cancelled.cancel_reason == "Grunden er solgt."
        resumed = self.change(cancelled, status=ImplementationStatus.IN_PROGRESS, cancel_reason="Grunden er solgt.")
        assert resumed.cancel_reason == ""

    @pytest.mark.parametrize("progress", [-1, 101])
    def test_progress_is_a_percentage(self, implementation, progress):
        with pytest.raises(ValidationError) as refused:
            self.change(implementation, progress=progress)
        assert "progress" in refused.value.message_dict

    def test_the_database_refuses_what_the_services_never_write(self, implementation):
        """Done below 100 %, cancelled without a reason, a photo without a description."""
        for fields in ({"status": "done", "progress": 40}, {"status": "cancelled", "cancel_reason": ""}):
            with pytest.raises(IntegrityError), transaction.atomic():
                Implementation.objects.filter(pk=implementation.pk).update(**fields)
        with pytest.raises(IntegrityError), transaction.atomic():
            ImplementationUpdate.objects.create(
                implementation=implementation, date=days(0), text="Nyt", photo="x.jpg", status="planned"
            )

    def test_followers_hear_of_a_new_status_once_it_is_committed(
        self, implementation, citizen, other_citizen, case_officer, django_capture_on_commit_callbacks
    ):
        """The followers of the proposal are told "In progress" (stored in English, shown translated); the case officer
        who changed it is not; a save that keeps the status tells nobody."""
        for user in (citizen, other_citizen, case_officer):
            ProposalFollow.objects.create(user=user, proposal=implementation.proposal)
        with django_capture_on_commit_callbacks(execute=True):
            changed = self.change(implementation, by=case_officer, status=ImplementationStatus.IN_PROGRESS, progress=10)
        told = Notification.objects.filter(kind=NotificationKind.IMPLEMENTATION_STATUS)
        assert sorted(told.values_list("user__email", flat=True)) == [citizen.email, other_citizen.email]
        assert set(told.values_list("detail", flat=True)) == {"In progress"}
        with django_capture_on_commit_callbacks(execute=True):
            self.change(changed, by=case_officer, progress=20)
        assert told.count() == 2

    def test_nobody_is_told_when_the_change_rolls_back(
        self, implementation, citizen, django_capture_on_commit_callbacks
    ):
        ProposalFollow.objects.create(user=citizen, proposal=implementation.proposal)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            try:
                with transaction.atomic():
                    self.change(implementation, status=ImplementationStatus.DONE, progress=100)
                    raise RuntimeError
            except RuntimeError:
                pass
        assert callbacks == [] and not Notification.objects.exists()


class TestAddUpdate:
    def test_an_update_keeps_the_status_it_was_written_at_and_is_announced(
        self, implementation, citizen, case_officer, django_capture_on_commit_callbacks
    ):
        ProposalFollow.objects.create(user=citizen, proposal=implementation.proposal)
        Implementation.objects.filter(pk=implementation.pk).update(status="in_progress", progress=40)
        with django_capture_on_commit_callbacks(execute=True):
            update = services.implementation_add_update(
                implementation=implementation, by=case_officer, date=days(-1), text="  Træerne er bestilt.  "
            )
        update.refresh_from_db()
        assert (update.text, update.status, update.progress, update.author) == (
            "Træerne er bestilt.",
            "in_progress",
            40,
            case_officer,
        )
        assert Notification.objects.filter(user=citizen, kind=NotificationKind.IMPLEMENTATION_UPDATE).count() == 1

    @pytest.mark.parametrize(
        ("fields", "field"),
        [({"text": " "}, "text"), ({"date": days(1)}, "date"), ({"photo_alt": ""}, "photo_alt")],
    )
    def test_refused_without_text_in_the_future_or_with_an_undescribed_photo(self, implementation, fields, field):
        values = {"date": days(0), "text": "Nyt", "photo": image_file(), "photo_alt": "Et træ", **fields}
        with pytest.raises(ValidationError) as refused:
            services.implementation_add_update(implementation=implementation, by=None, **values)
        assert list(refused.value.message_dict) == [field]
        assert not ImplementationUpdate.objects.exists()

    def test_the_photo_is_cleaned_like_an_idea_photo(self, implementation):
        """Checked by its content, without EXIF or GPS, at most 1,600 px; a file that is no photo is refused."""
        upload = image_file(exif=gps_exif())
        assert Image.open(upload).getexif().get_ifd(ExifTags.IFD.GPSInfo)
        upload.seek(0)
        update = services.implementation_add_update(
            implementation=implementation, by=None, date=days(0), text="Plantet.", photo=upload, photo_alt="Nye træer"
        )
        with default_storage.open(update.photo.name, "rb") as stored:
            image = Image.open(stored)
            image.load()
        assert image.size == (1600, 800) and len(image.getexif()) == 0 and "exif" not in image.info
        assert update.photo.name.startswith("implementation/") and update.photo_alt == "Nye træer"
        fake = SimpleUploadedFile("x.jpg", b"<svg></svg>", content_type="image/jpeg")
        with pytest.raises(ValidationError) as refused:
            services.implementation_add_update(
                implementation=implementation, by=None, date=days(0), text="Nyt", photo=fake, photo_alt="x"
            )
        assert "photo" in refused.value.message_dict


# Rules -----------------------------------------------------------------------------------------------------


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(email="admin@kk.dk", password="pw")


class TestRules:
    @pytest.mark.parametrize(
        ("who", "allowed"),
        [
            ("anonymous", False),
            ("citizen", False),
            ("case_officer", True),  # of TMF, the responsible administration
            ("other_case_officer", False),  # of KFF
            ("editor", True),
            ("superuser", True),
            ("inactive_case_officer", False),
        ],
    )
    @pytest.mark.parametrize("action", ["edit_implementation", "write_implementation_update"])
    def test_who_may_change_an_implementation(self, request, implementation, who, allowed, action):
        from django.contrib.auth.models import AnonymousUser

        if who == "anonymous":
            user = AnonymousUser()
        elif who == "inactive_case_officer":
            user = request.getfixturevalue("case_officer")
            user.is_active = False
        else:
            user = request.getfixturevalue(who)
        assert rules.can(user, action, implementation) is allowed

    def test_handing_it_to_another_administration_hands_over_the_work(
        self, implementation, kff, case_officer, other_case_officer
    ):
        Implementation.objects.filter(pk=implementation.pk).update(administration=kff)
        implementation.refresh_from_db()
        assert rules.can(other_case_officer, "edit_implementation", implementation)
        assert not rules.can(case_officer, "edit_implementation", implementation)

    def test_the_target_must_be_an_implementation(self, trees, editor):
        with pytest.raises(TypeError):
            rules.can(editor, "edit_implementation", trees)


# The case officers' screens ----------------------------------------------------------------------------------


@pytest.fixture
def _officers_may_open_the_admin(officers_may_open_the_admin):
    """Case-officer groups have access to Wagtail admin, and no model permissions."""


@pytest.mark.usefixtures("_officers_may_open_the_admin")
class TestAdmin:
    def test_case_officers_list_their_administrations_implementations_and_editors_all(
        self, implementation, counted, kff, case_officer, other_case_officer, editor, citizen
    ):
        benches = proposal(counted, "Bænke")
        decide(benches)
        other = services.implementation_ensure(proposal=benches)
        Implementation.objects.filter(pk=other.pk).update(administration=kff)
        assert "Træer" in (html := browser(case_officer).get(f"{ADMIN}/").content.decode()) and "Bænke" not in html
        assert (
            "Bænke" in (html := browser(other_case_officer).get(f"{ADMIN}/").content.decode()) and "Træer" not in html
        )
        html = browser(editor).get(f"{ADMIN}/").content.decode()
        assert "Træer" in html and "Bænke" in html
        assert browser(citizen).get(f"{ADMIN}/").status_code == 302

    def test_a_case_officer_sets_the_status_and_an_error_keeps_what_was_typed(self, implementation, case_officer, tmf):
        client = browser(case_officer)
        url = f"{ADMIN}/edit/{implementation.pk}/"
        assert client.get(url).status_code == 200
        form = {"status": "cancelled", "progress": "35", "expected_completion": "", "administration": tmf.pk}
        response = client.post(url, {**form, "cancel_reason": ""})
        html = response.content.decode()
        assert response.status_code == 200 and "Say why it was cancelled: the reason is public." in html
        assert 'value="35"' in html and Implementation.objects.get().status == "planned"
        response = client.post(url, {**form, "status": "in_progress", "expected_completion": "2027-06-30"})
        assert response.status_code == 302
        stored = Implementation.objects.get()
        assert (stored.status, stored.progress, stored.expected_completion) == (
            "in_progress",
            35,
            datetime.date(2027, 6, 30),
        )

    def test_another_administration_is_refused_with_a_reason(self, implementation, other_case_officer):
        client = browser(other_case_officer)
        for url in (
            f"{ADMIN}/edit/{implementation.pk}/",
            f"{ADMIN}/update/{implementation.pk}/",
            f"{ADMIN}/history/{implementation.pk}/",
        ):
            response = client.get(url)
            assert response.status_code == 403
            assert "the case officers of the responsible administration" in response.content.decode()

    def test_the_responsible_case_officer_reads_the_history(self, implementation, case_officer):
        assert browser(case_officer).get(f"{ADMIN}/history/{implementation.pk}/").status_code == 200

    def test_an_update_with_a_photo_keeps_the_photo_while_the_description_is_added(self, implementation, case_officer):
        """Sent without a description, the update is refused with the text kept and the photo kept aside; sent again
        with the description, it is published with that photo."""
        client = browser(case_officer)
        url = f"{ADMIN}/update/{implementation.pk}/"
        form = {"date": days(0).isoformat(), "text": "Træerne er plantet.", "photo_alt": ""}
        response = client.post(url, {**form, "photo": image_file(exif=gps_exif())})
        html = response.content.decode()
        assert response.status_code == 200 and "Describe the photo for those who cannot see it." in html
        assert "Træerne er plantet." in html and "The photo you chose is kept" in html
        kept = re.search(r'name="kept_photo" value="([^"]+)"', html).group(1)
        response = client.post(url, {**form, "photo_alt": "Fem nye lindetræer", "kept_photo": kept})
        assert response.status_code == 302
        update = ImplementationUpdate.objects.get()
        assert update.photo and update.photo_alt == "Fem nye lindetræer" and update.author == case_officer
        assert not default_storage.exists(kept)


# "Hvad skete der?" --------------------------------------------------------------------------------------------


class TestWhatHappened:
    def test_every_funded_proposal_with_round_district_cost_decision_and_status(self, client, counted, implementation):
        """Funded proposals only (Lys was not selected); Træer approved and planned, Bænke awaiting the committee."""
        Implementation.objects.filter(pk=implementation.pk).update(status="in_progress", progress=40)
        response = client.get(what_happened_url())
        assert response.status_code == 200
        rows = rows_of(response.content.decode())
        assert list(rows) == ["Træer", "Bænke"]
        assert "Borgerbudget 2026" in rows["Træer"] and "Nørrebro" in rows["Træer"] and "900,000" in rows["Træer"]
        assert "Approved" in rows["Træer"] and "In progress" in rows["Træer"] and "40 %" in rows["Træer"]
        assert "Awaiting decision" in rows["Bænke"] and "Awaiting the local committee" in rows["Bænke"]
        assert "not started" in rows["Bænke"]

    def test_the_danish_address_and_the_main_menu(self, client, counted):
        assert what_happened_url("da") == "/da/hvad-skete-der/" and what_happened_url("en") == "/en/what-happened/"
        html = client.get(what_happened_url("da")).content.decode()
        assert 'href="/da/hvad-skete-der/" aria-current="page"' in html and "Træer" in html

    @pytest.mark.parametrize(
        ("params", "titles"),
        [
            ({"bydel": "norrebro"}, ["Træer"]),
            ({"bydel": "bispebjerg"}, ["Bænke"]),
            ({"status": "planned"}, ["Træer"]),
            ({"status": "awaiting"}, ["Bænke"]),
            ({"status": "done"}, []),
            ({"bydel": "atlantis", "status": "nonsense"}, ["Træer", "Bænke"]),
        ],
    )
    def test_filters_by_district_and_status_and_ignores_bad_values(self, client, implementation, params, titles):
        assert list(rows_of(client.get(what_happened_url(**params)).content.decode())) == titles

    def test_filter_by_round_and_by_referral(self, client, counted, project_index, tmf, norrebro):
        later = BudgetRoundFactory(
            project=create_project(project_index, title="Borgerbudget 2027", slug="bb-2027", administration=tmf),
            title="Borgerbudget 2027",
        )
        bench = ProposalFactory(round=later, title="Cykelstativ", district=norrebro)
        fund(later, [bench])
        decide(bench, DecisionKind.REFER_BACK)
        assert list(rows_of(client.get(what_happened_url(runde=later.pk)).content.decode())) == ["Cykelstativ"]
        html = client.get(what_happened_url(status="referred_back")).content.decode()
        assert list(rows_of(html)) == ["Cykelstativ"] and "Referred back" in html

    def test_a_draft_decision_is_not_public(self, client, trees):
        decide(trees, DecisionKind.REFER_BACK, confirmed=False)
        assert "Awaiting decision" in rows_of(client.get(what_happened_url()).content.decode())["Træer"]

    def test_proposals_of_unpublished_projects_are_left_out(self, client, counted, past_project):
        past_project.unpublish()
        html = client.get(what_happened_url()).content.decode()
        assert rows_of(html) == {} and "No proposals have been funded yet." in html

    def test_the_map_has_a_marker_per_placed_proposal_labelled_by_its_status(self, client, counted, implementation):
        html = client.get(what_happened_url()).content.decode()
        data = json.loads(
            re.search(r'<script id="what-happened-map-data" type="application/json">(.*?)</script>', html).group(1)
        )
        markers = {marker["title"]: marker for marker in data["markers"]}
        assert (markers["Træer"]["phase"], markers["Træer"]["phaseLabel"]) == ("impl-planned", "Planned")
        assert markers["Bænke"]["phaseLabel"] == "Awaiting the local committee"
        assert markers["Træer"]["url"] == detail_url(implementation.proposal)
        assert data["cluster"] is False

    def test_a_long_list_is_paged_and_the_filters_are_kept(self, client, past_project, norrebro):
        budget_round = BudgetRoundFactory(project=past_project, total_budget=100_000_000)
        fund(budget_round, [ProposalFactory(round=budget_round, district=norrebro) for _ in range(25)])
        first = client.get(what_happened_url(bydel="norrebro")).content.decode()
        assert len(rows_of(first)) == 20 and "?bydel=norrebro&amp;side=2" in first
        assert len(rows_of(client.get(what_happened_url(bydel="norrebro", side=2)).content.decode())) == 5

    def test_queries_do_not_grow_with_funded_proposals(self, client, past_project, norrebro):
        budget_round = BudgetRoundFactory(project=past_project, total_budget=100_000_000)
        tally = Tally.objects.create(round=budget_round, rule=budget_round.winner_rule, computed_at=timezone.now())
        BudgetRound.objects.filter(pk=budget_round.pk).update(tallied_at=timezone.now())

        def add(count: int) -> None:
            for _ in range(count):
                funded = ProposalFactory(
                    round=budget_round, district=norrebro, latitude=RUNDDEL[0], longitude=RUNDDEL[1]
                )
                TallyResult.objects.create(tally=tally, proposal=funded, selected=True)
                decide(funded)
                implementation = services.implementation_ensure(proposal=funded)
                ImplementationUpdate.objects.create(
                    implementation=implementation, date=days(0), text="Nyt", status="planned"
                )

        def count() -> int:
            client.get(what_happened_url())
            with CaptureQueriesContext(connection) as queries:
                response = client.get(what_happened_url(bydel="norrebro"))
            assert response.status_code == 200
            return len(queries)

        add(1)
        with_one = count()
        add(49)
        assert len(rows_of(client.get(what_happened_url(side=3)).content.decode())) == 10
        assert count() == with_one


# The proposal and project pages ---------------------------------------------------------------------------------


class TestPages:
    def test_the_proposal_page_shows_status_progress_completion_administration_and_updates(
        self, client, implementation, kff
    ):
        Implementation.objects.filter(pk=implementation.pk).update(
            status="in_progress", progress=40, expected_completion=datetime.date(2027, 6, 30), administration=kff
        )
        services.implementation_add_update(
            implementation=implementation, by=None, date=days(-30), text="Bestilt.", photo=None
        )
        services.implementation_add_update(
            implementation=implementation,
            by=None,
            date=days(-2),
            text="Plantet.",
            photo=image_file(),
            photo_alt="Fem nye lindetræer",
        )
        html = client.get(detail_url(implementation.proposal)).content.decode()
        section = re.search(r'<section class="implementation".*?</section>', html, re.S).group(0)
        assert "How far has it come?" in section and "In progress" in section and "40 %" in section
        assert "30 June 2027" in section and "Kultur- og Fritidsforvaltningen" in section
        assert section.index("Plantet.") < section.index("Bestilt.")  # newest first
        assert 'alt="Fem nye lindetræer"' in section
        assert 'class="impl-progress__track" aria-hidden="true"' in section

    def test_a_cancelled_project_says_why(self, client, implementation):
        Implementation.objects.filter(pk=implementation.pk).update(
            status="cancelled", cancel_reason="Grunden er solgt."
        )
        html = client.get(detail_url(implementation.proposal)).content.decode()
        assert "Why it was cancelled" in html and "Grunden er solgt." in html and "Cancelled" in html

    def test_no_section_before_the_implementation_is_opened(self, client, trees):
        assert 'class="implementation"' not in client.get(detail_url(trees)).content.decode()

    def test_the_proposal_page_costs_the_same_with_1_and_20_updates(self, client, implementation):
        def count() -> int:
            client.get(detail_url(implementation.proposal))
            with CaptureQueriesContext(connection) as queries:
                client.get(detail_url(implementation.proposal))
            return len(queries)

        services.implementation_add_update(implementation=implementation, by=None, date=days(0), text="1")
        with_one = count()
        for number in range(19):
            services.implementation_add_update(implementation=implementation, by=None, date=days(0), text=str(number))
        assert count() == with_one

    def test_the_project_page_lists_the_funded_proposals_with_their_status(self, client, counted, implementation):
        Implementation.objects.filter(pk=implementation.pk).update(status="done", progress=100)
        html = client.get(counted.project.url).content.decode()
        section = re.search(r'<section class="project-implementation".*?</section>', html, re.S).group(0)
        assert detail_url(implementation.proposal, "da") in section and "100 %" in section
        assert "Bænke" in section and "Lys" not in section
        assert f"?runde={counted.pk}" in section

    def test_the_project_page_has_no_list_before_the_count(self, client, budget_round):
        make_proposal(budget_round)
        assert "project-implementation" not in client.get(budget_round.project.url).content.decode()


def test_the_admin_menu_offers_implementation_to_case_officers(officers_may_open_the_admin, case_officer):
    html = browser(case_officer).get("/admin/").content.decode()
    assert f'"url": "{ADMIN}/"' in html  # the sidebar is drawn from JSON
