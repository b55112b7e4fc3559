"""Census lists: staff upload who may vote as a CSV file in Wagtail admin, kept only as salted hashes; a citizen
types their CPR number on the eligibility page and is found on the list (or told why not)."""

import datetime
import io

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from budgeting import services
from budgeting.eligibility.identity import round_identity_hash
from budgeting.models import BudgetRound, CensusEntry, CensusList, Channel, Voter
from tests.budgeting.conftest import days

pytestmark = pytest.mark.django_db

ADMIN = "/admin/budgeting/census"
NUMBERS = ["010203-1234", "1112131415", "2021222324", "3031323334"]


def url(name: str, budget_round, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"budgeting:{name}", kwargs={"round_id": budget_round.pk})


def admin_client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def csv_file(text: str, name: str = "census.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


def turning(age: int, *, on: datetime.date) -> str:
    """The birth date of someone who turns `age` on the day."""
    return on.replace(year=on.year - age).isoformat()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def census_round(open_round):
    """The open knapsack round (voting from 5 days ago to 5 days ahead), checked against a census list."""
    BudgetRound.objects.filter(pk=open_round.pk).update(eligibility="census")
    open_round.refresh_from_db()
    return open_round


@pytest.fixture
def uploaded(census_round, editor):
    """Four people on the list; the first lives in Nørrebro."""
    rows = ["number;district", f"{NUMBERS[0]};3", *NUMBERS[1:]]
    services.census_list_import(round=census_round, data="\n".join(rows).encode(), uploaded_by=editor)
    return census_round


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen)
    return client


class TestUpload:
    def test_an_editor_uploads_a_list_and_sees_what_was_imported_and_skipped(self, census_round, editor, norrebro):
        """Semicolons, a byte-order mark, a birth date and a district column; each skipped line is named by number
        and why, never by its identity number."""
        today = timezone.localdate()
        text = "\n".join(
            [
                "CPR;Fødselsdato;Bydel",
                f"{NUMBERS[0]};1990-01-01;3",  # line 2
                ";1990-01-01;3",  # 3: no number
                f"{NUMBERS[1]};31-02-1990;3",  # 4: not a date
                f"{NUMBERS[2]};1990-01-01;Frederiksberg",  # 5: no such district
                f"{NUMBERS[0]};1990-01-01;3",  # 6: the same number as line 2
                f"{NUMBERS[3]};{turning(15, on=today + datetime.timedelta(days=2))};Nørrebro",  # 15 during the vote
                f"0405060708;{turning(15, on=today + datetime.timedelta(days=30))};3",  # 8: 15 after voting closes
                "",
                "1213141516;;",  # 10: neither birth date nor district
            ]
        )
        client = admin_client(editor)
        assert client.get(f"{ADMIN}/upload/").status_code == 200
        response = client.post(f"{ADMIN}/upload/", {"round": census_round.pk, "file": csv_file(text)})
        html = response.content.decode()
        assert response.status_code == 200
        assert (
            "3 people imported, 5 lines skipped: line 3 has no number; "
            "line 4: the birth date is not a date (write it as 2008-05-31); "
            "line 5: there is no district “Frederiksberg” (write its number or its name); "
            "line 6: the same number as line 2; line 8: turns 15 only after voting closes"
        ) in html
        for number in NUMBERS:
            assert number not in html and number.replace("-", "") not in html

        census_list = CensusList.objects.get(round=census_round)
        assert (census_list.entry_count, census_list.uploaded_by, census_list.minimum_age) == (3, editor, 15)
        entries = {entry.census_hash: entry for entry in CensusEntry.objects.filter(round=census_round)}
        first = entries[round_identity_hash(census_round, "0102031234")]
        assert (first.district, first.eligible_from) == (norrebro, None)
        young = entries[round_identity_hash(census_round, NUMBERS[3].replace("-", ""))]
        assert young.eligible_from == today + datetime.timedelta(days=2)
        last = entries[round_identity_hash(census_round, "1213141516")]
        assert (last.district, last.eligible_from) == (None, None)
        log = ModelLogEntry.objects.get(action="budgeting.census_upload")
        assert log.data == {"imported": 3, "skipped": 5}

    def test_no_raw_number_is_stored_anywhere(self, census_round, editor, signed_in):
        """After an upload and a citizen's check, the numbers appear in no table of the database and no session."""
        text = "number\n" + "\n".join(NUMBERS)
        admin_client(editor).post(f"{ADMIN}/upload/", {"round": census_round.pk, "file": csv_file(text)})
        signed_in.post(url("eligibility", census_round), {"action": "check", "number": NUMBERS[1]})
        assert Voter.objects.filter(census_hash__isnull=False).count() == 1

        dump = io.StringIO()
        call_command("dumpdata", stdout=dump)
        sessions = str([session.get_decoded() for session in Session.objects.all()])
        for text in (dump.getvalue(), sessions):
            for number in NUMBERS:
                assert number not in text
                assert number.replace("-", "") not in text

    def test_the_file_never_touches_the_disk(self, census_round, editor, monkeypatch):
        """A file over Django's 2.5 MB in-memory limit is still read in memory, never spooled to a temporary file."""

        def refuse_temporary_files(*args, **kwargs):
            raise AssertionError("A census file was written to a temporary file")

        monkeypatch.setattr(TemporaryUploadedFile, "__init__", refuse_temporary_files)
        lines = ["number,comment"] + [f"{index:010d},{'x' * 100}" for index in range(1, 30_001)]
        data = "\n".join(lines)
        assert len(data) > 2_621_440
        response = admin_client(editor).post(f"{ADMIN}/upload/", {"round": census_round.pk, "file": csv_file(data)})
        assert response.status_code == 200
        assert "30,000 people imported" in response.content.decode()
        assert CensusEntry.objects.filter(round=census_round).count() == 30_000

    def test_uploading_again_replaces_the_list_and_keeps_the_salt(self, uploaded, editor, citizen):
        """People already taking part stay recognised: the same number hashes the same."""
        salt = CensusList.objects.get(round=uploaded).salt
        services.census_list_import(round=uploaded, data=b"number\n5556667778\n1112131415", uploaded_by=editor)
        assert CensusList.objects.get(round=uploaded).salt == salt
        assert CensusEntry.objects.filter(round=uploaded).count() == 2
        assert CensusEntry.objects.filter(census_hash=round_identity_hash(uploaded, "1112131415")).exists()

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("name;street\nAmira;Nørrebrogade", "The first line must name the columns, one of them “number”"),
            ("number\n\n;\n", "Nobody in the file could be imported, so the list was not changed."),
        ],
    )
    def test_a_file_that_yields_nobody_changes_nothing(self, uploaded, editor, text, message):
        response = admin_client(editor).post(f"{ADMIN}/upload/", {"round": uploaded.pk, "file": csv_file(text)})
        assert response.status_code == 200
        assert message in response.content.decode()
        assert CensusEntry.objects.filter(round=uploaded).count() == 4

    def test_a_broken_file_or_a_birth_date_in_the_future_gets_a_message_not_an_error(self, census_round, editor):
        """A stray quote that makes the rest of the file one field is refused with a message; a birth year
        like 9999 is a line skipped, not a crash."""
        broken = ('number\n0102031234\n"0203041234\n' + "x" * 200_000).encode()
        with pytest.raises(ValidationError) as refused:
            services.census_list_import(round=census_round, data=broken, uploaded_by=editor)
        assert "den er ikke en gyldig CSV-fil" in refused.value.messages[0]
        data = b"number;birthdate\n0102031234;9999-12-31\n0203041234;1990-01-01\n"
        result = services.census_list_import(round=census_round, data=data, uploaded_by=editor)
        assert result.imported == 1
        assert "fødselsdatoen er ikke en dato" in result.skipped[0][1]

    def test_a_windows_spreadsheet_with_commas_is_read(self, census_round, editor):
        data = "Personnummer,Bydel\r\n0102031234,Nørrebro\r\n".encode("cp1252")
        result = services.census_list_import(round=census_round, data=data, uploaded_by=editor)
        assert result.imported == 1 and CensusEntry.objects.get().district.code == 3


class TestAdminScreens:
    @pytest.fixture(autouse=True)
    def _officers_may_open_the_admin(self, officers_may_open_the_admin):
        """Case-officer groups have access to Wagtail admin."""

    def test_editors_see_the_lists_as_counts(self, uploaded, editor):
        html = admin_client(editor).get(f"{ADMIN}/").content.decode()
        assert uploaded.title in html and "Upload a census list" in html
        for number in NUMBERS:
            assert number.replace("-", "") not in html

    def test_case_officers_and_citizens_are_refused(self, uploaded, case_officer, citizen):
        officer = admin_client(case_officer)
        assert officer.get(f"{ADMIN}/").status_code == 302  # Wagtail's "no permission"
        assert officer.get(f"{ADMIN}/upload/").status_code == 403
        person = admin_client(citizen)
        assert person.get(f"{ADMIN}/").status_code == 302
        assert person.get(f"{ADMIN}/upload/").status_code == 302
        assert person.post(f"{ADMIN}/upload/", {"round": uploaded.pk, "file": csv_file("number\n9998887776")})[
            "Location"
        ].startswith("/en/konto/login/")  # Wagtail's sign-in is the site's (WAGTAILADMIN_LOGIN_URL)
        assert CensusEntry.objects.filter(round=uploaded).count() == 4


class TestCitizenCheck:
    def test_a_person_on_the_list_goes_to_the_ballot(self, signed_in, uploaded, citizen, norrebro):
        html = signed_in.get(url("eligibility", uploaded)).content.decode()
        assert '<label class="form-label" for="id_number">Your CPR number</label>' in html
        assert 'autocomplete="off"' in html and 'inputmode="numeric"' in html
        response = signed_in.post(url("eligibility", uploaded), {"action": "check", "number": " 010203-1234 "})
        assert response.status_code == 302 and response["Location"] == url("ballot", uploaded)
        voter = Voter.objects.get(user=citizen)
        assert (voter.district, voter.census_hash) == (norrebro, round_identity_hash(uploaded, "0102031234"))
        html = signed_in.get(url("eligibility", uploaded)).content.decode()
        assert "You are on the list of people who may vote." in html and "You vote in Nørrebro." in html

    def test_a_number_not_on_the_list_is_refused_and_not_written_back(self, signed_in, uploaded):
        response = signed_in.post(url("eligibility", uploaded), {"action": "check", "number": "9998887776"})
        html = response.content.decode()
        assert response.status_code == 400
        assert "The number is not on the list of people who may vote in this round." in html
        assert "9998887776" not in html
        assert not Voter.objects.exists()

    def test_a_person_without_a_district_on_the_list_chooses_it(self, signed_in, uploaded, citizen, bispebjerg):
        response = signed_in.post(url("eligibility", uploaded), {"action": "check", "number": NUMBERS[1]})
        assert response.status_code == 302 and response["Location"] == url("eligibility", uploaded)
        html = signed_in.get(url("eligibility", uploaded)).content.decode()
        assert "We could not tell which district you live in" in html
        response = signed_in.post(url("eligibility", uploaded), {"action": "district", "district": bispebjerg.pk})
        assert response["Location"] == url("ballot", uploaded)
        assert Voter.objects.get(user=citizen).district == bispebjerg

    def test_a_district_without_a_sub_budget_is_refused(self, signed_in, uploaded, bispebjerg):
        """With sub-budgets for Bispebjerg only, the Nørrebro resident on the list may not vote."""
        services.sub_budget_set(round=uploaded, district=bispebjerg, amount=1_000_000, at=days(-10))
        response = signed_in.post(url("eligibility", uploaded), {"action": "check", "number": NUMBERS[0]})
        assert "You must live in Bispebjerg to vote in this district budget." in response.content.decode()
        assert not Voter.objects.exists()

    def test_someone_who_comes_of_age_during_the_vote_waits_for_the_day(self, signed_in, census_round, editor):
        later = timezone.localdate() + datetime.timedelta(days=2)
        data = f"number;birthdate\n{NUMBERS[0]};{turning(15, on=later)}".encode()
        services.census_list_import(round=census_round, data=data, uploaded_by=editor)
        response = signed_in.post(url("eligibility", census_round), {"action": "check", "number": NUMBERS[0]})
        assert "You must be at least 15 years old to vote." in response.content.decode()

    def test_a_number_used_by_another_account_or_on_paper_is_refused(self, client, uploaded, citizen, other_citizen):
        signed = admin_client(citizen)
        signed.post(url("eligibility", uploaded), {"action": "check", "number": NUMBERS[0]})
        other = admin_client(other_citizen)
        response = other.post(url("eligibility", uploaded), {"action": "check", "number": NUMBERS[0]})
        assert "Someone has already taken part in this vote with this identity" in response.content.decode()

        Voter.objects.create(
            round=uploaded, census_hash=round_identity_hash(uploaded, "1112131415"), channel=Channel.PAPER, voted=True
        )
        response = other.post(url("eligibility", uploaded), {"action": "check", "number": NUMBERS[1]})
        assert "Someone has already taken part in this vote with this identity" in response.content.decode()
        assert not Voter.objects.filter(user=other_citizen).exists()

    def test_checks_are_rate_limited(self, signed_in, uploaded, settings):
        """Numbers are guessable: after the limit the page answers 429 and looks nothing up."""
        settings.PARTICIPATION_RATE_LIMITS = {**settings.PARTICIPATION_RATE_LIMITS, "census_check": "2/h"}
        for _attempt in range(2):
            assert (
                signed_in.post(url("eligibility", uploaded), {"action": "check", "number": "9998887776"}).status_code
                == 400
            )
        response = signed_in.post(url("eligibility", uploaded), {"action": "check", "number": NUMBERS[0]})
        assert response.status_code == 429
        assert not Voter.objects.exists()
