import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from maps import services as map_services
from maps.models import District
from participation.models import PhaseType
from tests.cms.factories import AdministrationFactory, create_project

RUNDDEL = (55.6945, 12.5480)  # Nørrebros Runddel, in Nørrebro
KONGENS_NYTORV = (55.6797, 12.5857)  # Indre By
MALMO = (55.6050, 13.0038)  # across the Sound, outside the municipality


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def areas(db):
    map_services.load_demo_areas()


@pytest.fixture
def tmf(db):
    """Teknik- og Miljøforvaltningen with its case officers' group."""
    return AdministrationFactory(name="Teknik- og Miljøforvaltningen", moderators=Group.objects.create(name="TMF"))


@pytest.fixture
def kff(db):
    return AdministrationFactory(name="Kultur- og Fritidsforvaltningen", moderators=Group.objects.create(name="KFF"))


@pytest.fixture
def project(project_index, areas, tmf):
    """A Nørrebro project owned by TMF, with its ideas phase running today and a review phase after it."""
    return create_project(
        project_index,
        title="Et grønnere Nørrebro",
        administration=tmf,
        districts=[District.objects.get(code=3)],
        phases=[(PhaseType.IDEAS, days(-10), days(10)), (PhaseType.REVIEW, days(11), days(30))],
    )


@pytest.fixture
def citizen(django_user_model):
    return django_user_model.objects.create_user(email="amira@example.dk", password="pw")


@pytest.fixture
def other_citizen(django_user_model):
    return django_user_model.objects.create_user(email="jens@example.dk", password="pw")


@pytest.fixture
def case_officer(django_user_model, tmf):
    user = django_user_model.objects.create_user(email="sofie@kk.dk", password="pw")
    user.groups.add(tmf.moderators)
    return user


@pytest.fixture
def other_case_officer(django_user_model, kff):
    user = django_user_model.objects.create_user(email="mads@kk.dk", password="pw")
    user.groups.add(kff.moderators)
    return user
