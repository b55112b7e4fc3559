"""Population of the districts and local committees: `manage.py import_population`, and the figures shipped for
the demo."""

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from maps import services
from maps.models import District, LocalCommittee

pytestmark = pytest.mark.django_db

SHARED = Path(settings.BASE_DIR).parent / "shared" / "data" / "copenhagen" / "population_2026.csv"


def shared_figures() -> dict[int, int]:
    with SHARED.open(encoding="utf-8") as file:
        return {int(row["code"]): int(row["population_2026_01_01"]) for row in csv.DictReader(file)}


def run(*args) -> str:
    out = StringIO()
    call_command("import_population", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


@pytest.fixture
def areas(db):
    """The outlines shipped for the demo, without their populations."""
    services.import_areas(path=services.DEMO_FILES["district"], kind="district")
    services.import_areas(path=services.DEMO_FILES["committee"], kind="committee")


def test_the_city_statistics_set_every_district_and_committee(areas):
    """Bydel codes 1001-1010 are districts 1-10 and lokaludvalg codes 2001-2012 committees 1-12; the city as a
    whole and the area outside the districts are skipped. Each change is reported."""
    output = run(SHARED)

    figures = shared_figures()
    assert {d.code: d.population for d in District.objects.all()} == {n: figures[1000 + n] for n in range(1, 11)}
    assert {c.code: c.population for c in LocalCommittee.objects.all()} == {n: figures[2000 + n] for n in range(1, 13)}
    assert District.objects.get(name="Nørrebro").population == 79_895
    assert LocalCommittee.objects.get(name="Christianshavn").population == 13_478
    assert "Population of district 3 Nørrebro: 79,895" in output
    assert "Population of local committee 2 Christianshavn: 13,478" in output
    assert "Population set for 22 areas; 2 rows skipped" in output


def test_importing_again_changes_nothing(areas):
    """A second import finds every figure in place: it saves nothing and reports no change."""
    run(SHARED)
    output = run(SHARED)
    assert "Population of" not in output
    assert "Population set for 22 areas" in output


def test_a_new_figure_replaces_the_old_one(areas, tmp_path):
    """A later year's figure replaces the stored one, and the change names both."""
    run(SHARED)
    path = tmp_path / "population_2027.csv"
    path.write_text("level,code,name,population_2027_01_01\nbydel,1003,Nørrebro,80100\n", encoding="utf-8")
    output = run(path)
    assert District.objects.get(code=3).population == 80_100
    assert "Population of district 3 Nørrebro: 80,100 (was 79,895)" in output


def test_a_bad_row_changes_nothing(areas, tmp_path):
    """A file with a bad figure is refused before anything is saved."""
    path = tmp_path / "bad.csv"
    path.write_text("code,population\n1003,79895\n1008,many\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Line 3 of bad.csv: the population 'many' is not a whole number"):
        run(path)
    assert District.objects.get(code=3).population is None
    with pytest.raises(CommandError, match="File not found"):
        run(tmp_path / "missing.csv")


def test_the_demo_loads_the_shipped_figures(db):
    """load_demo_areas sets the 22 populations shipped in maps/data, which are the city's figures."""
    services.load_demo_areas()

    figures = shared_figures()
    assert sorted(d.population for d in District.objects.all()) == sorted(figures[1000 + n] for n in range(1, 11))
    assert not LocalCommittee.objects.filter(population=None).exists()
    with services.DEMO_POPULATION_FILE.open(encoding="utf-8") as file:
        shipped = {int(row["code"]): int(row["population_2026_01_01"]) for row in csv.DictReader(file)}
    assert shipped == {code: n for code, n in figures.items() if 1001 <= code <= 1010 or 2001 <= code <= 2012}
