"""People and places for the personal-data tests: participation's and budgeting's fixtures, and a project that
collects ideas today."""

import pytest

from maps.models import District
from participation.models import PhaseType
from tests.budgeting.conftest import bispebjerg, norrebro, open_round
from tests.cms.factories import create_project
from tests.participation.conftest import areas, case_officer, citizen, days, other_citizen, tmf

__all__ = ["areas", "bispebjerg", "case_officer", "citizen", "norrebro", "open_round", "other_citizen", "tmf"]


@pytest.fixture
def ideas_project(project_index, areas, tmf):
    """A Nørrebro project owned by TMF, collecting ideas today."""
    return create_project(
        project_index,
        title="Et grønnere Nørrebro",
        slug="et-groennere-noerrebro",
        administration=tmf,
        districts=[District.objects.get(code=3)],
        phases=[(PhaseType.IDEAS, days(-10), days(10)), (PhaseType.REVIEW, days(11), days(30))],
    )
