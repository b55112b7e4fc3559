import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from shapely.geometry import shape

from maps import geometry, services
from maps.models import District, LocalCommittee

DISTRICT_NAMES = {
    1: "Indre By",
    2: "Østerbro",
    3: "Nørrebro",
    4: "Vesterbro-Kongens Enghave",
    5: "Valby",
    6: "Vanløse",
    7: "Brønshøj-Husum",
    8: "Bispebjerg",
    9: "Amager Øst",
    10: "Amager Vest",
}
# Nørrebro Station sits within a metre of the Bispebjerg border, so simplified outlines are checked with a
# point well inside Nørrebro: Nørrebros Runddel.
RUNDDEL = (55.6945, 12.5480)
SQUARE = {"type": "Polygon", "coordinates": [[[12.5, 55.6], [12.6, 55.6], [12.6, 55.7], [12.5, 55.7], [12.5, 55.6]]]}
BOW_TIE = {"type": "Polygon", "coordinates": [[[12.5, 55.6], [12.6, 55.7], [12.6, 55.6], [12.5, 55.7], [12.5, 55.6]]]}


@pytest.fixture
def shared_data() -> Path:
    path = Path(settings.BASE_DIR).parent / "shared" / "data" / "copenhagen"
    assert path.is_dir(), f"The shared reference data is missing: {path}"
    return path


@pytest.fixture
def districts(db, shared_data):
    services.import_areas(path=shared_data / "bydele.geojson", kind="district")


def run(*args) -> str:
    out = StringIO()
    call_command("import_areas", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


def write_collection(path: Path, features: list[dict]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def feature(properties: dict, geometry_: dict | None = SQUARE) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry_}


@pytest.mark.django_db
def test_importing_bydele_gives_the_ten_districts(shared_data):
    """Importing the city's bydele file creates the 10 districts with their numbers, names and valid outlines."""
    output = run(shared_data / "bydele.geojson", "--kind", "district")

    districts = list(District.objects.order_by("code"))
    assert {district.code: district.name for district in districts} == DISTRICT_NAMES
    assert all(shape(district.outline).is_valid for district in districts)
    assert "Created district 3 Nørrebro" in output
    assert "Imported 10 districts: 10 created, 0 updated." in output


@pytest.mark.django_db
def test_imported_districts_know_where_they_are(shared_data):
    """A point near Nørrebro Station falls in Nørrebro, and each district's label point lies in its own box."""
    services.import_areas(path=shared_data / "bydele.geojson", kind="district")

    holding = [d.name for d in District.objects.all() if geometry.contains(d.outline, 55.7007, 12.5377)]
    assert holding == ["Nørrebro"]
    for district in District.objects.all():
        assert district.min_lon <= district.label_lon <= district.max_lon
        assert district.min_lat <= district.label_lat <= district.max_lat
        assert geometry.contains(district.outline, district.label_lat, district.label_lon)


@pytest.mark.django_db
def test_district_slugs_are_ascii(shared_data):
    """District slugs spell the Danish letters in ASCII, e.g. Østerbro → osterbro."""
    services.import_areas(path=shared_data / "bydele.geojson", kind="district")

    slugs = dict(District.objects.values_list("name", "slug"))
    assert slugs["Østerbro"] == "osterbro"
    assert slugs["Nørrebro"] == "norrebro"
    assert slugs["Brønshøj-Husum"] == "bronshoj-husum"
    assert slugs["Amager Øst"] == "amager-ost"
    assert all(slug.isascii() for slug in slugs.values())


def test_importing_lokaludvalg_puts_each_committee_in_its_district(districts, shared_data):
    """The 12 local committees are imported, each in its district (Christianshavn in Indre By)."""
    output = run(shared_data / "lokaludvalg.geojson", "--kind", "committee")

    committees = {committee.name: committee for committee in LocalCommittee.objects.select_related("district")}
    assert len(committees) == 12
    assert committees["Christianshavn"].district.name == "Indre By"
    assert committees["Kongens Enghave"].district.name == "Vesterbro-Kongens Enghave"
    assert committees["Vesterbro"].district.name == "Vesterbro-Kongens Enghave"
    assert committees["Nørrebro"].district.name == "Nørrebro"
    assert all(shape(committee.outline).is_valid for committee in committees.values())
    assert "Created local committee 2 Christianshavn (in Indre By)" in output


def test_committees_without_district_numbers_are_placed_by_their_outline(districts, shared_data, tmp_path):
    """A committee file without bydel_nr (like the city's WFS layer) still puts each committee in its district."""
    collection = json.loads((shared_data / "lokaludvalg.geojson").read_text(encoding="utf-8"))
    for item in collection["features"]:
        properties = item["properties"]
        item["properties"] = {"lokaludvalgsnr": properties["lokaludvalg_nr"], "name": properties["navn"]}
    path = write_collection(tmp_path / "lokaludvalgsgraense.geojson", collection["features"])

    services.import_areas(path=path, kind="committee")

    placed = dict(LocalCommittee.objects.values_list("name", "district__name"))
    assert placed["Christianshavn"] == "Indre By"
    assert placed["Kongens Enghave"] == "Vesterbro-Kongens Enghave"
    assert placed["Amager Vest"] == "Amager Vest"


@pytest.mark.django_db
def test_wfs_style_property_names_are_understood(tmp_path):
    """Districts in files with the WFS's other property names (bydelsnr, bydel_navn) import the same way."""
    path = write_collection(tmp_path / "bydel.geojson", [feature({"BYDELSNR": "3", "bydel_navn": "Nørrebro"})])

    services.import_areas(path=path, kind="district")

    assert District.objects.get().name == "Nørrebro"
    assert District.objects.get().code == 3


def test_importing_twice_updates_instead_of_duplicating(districts, shared_data):
    """Running the same imports again updates the areas and creates no duplicates."""
    services.import_areas(path=shared_data / "lokaludvalg.geojson", kind="committee")
    slugs = list(District.objects.values_list("slug", flat=True))

    district_result = services.import_areas(path=shared_data / "bydele.geojson", kind="district")
    committee_result = services.import_areas(path=shared_data / "lokaludvalg.geojson", kind="committee")

    assert district_result == services.ImportResult(created=0, updated=10)
    assert committee_result == services.ImportResult(created=0, updated=12)
    assert District.objects.count() == 10
    assert LocalCommittee.objects.count() == 12
    assert list(District.objects.values_list("slug", flat=True)) == slugs


def test_slugs_stay_when_a_name_changes(districts, tmp_path):
    """Renaming an area in a later import keeps its slug, so links to it keep working."""
    path = write_collection(tmp_path / "renamed.geojson", [feature({"bydel_nr": 2, "navn": "Østerbro-Nord"})])

    services.import_areas(path=path, kind="district")

    district = District.objects.get(code=2)
    assert (district.name, district.slug) == ("Østerbro-Nord", "osterbro")


def test_simplifying_on_import_makes_smaller_outlines(db, shared_data):
    """--simplify stores lighter outlines that still hold the same places."""
    run(shared_data / "bydele.geojson", "--kind", "district", "--simplify", "0.0002")

    norrebro = District.objects.get(code=3)
    assert len(json.dumps(norrebro.outline)) < 5000
    assert geometry.contains(norrebro.outline, *RUNDDEL)


@pytest.mark.django_db
def test_committees_before_districts_are_refused(shared_data):
    """Importing committees before any district says to import the districts first."""
    with pytest.raises(CommandError, match="Import the districts"):
        run(shared_data / "lokaludvalg.geojson", "--kind", "committee")
    assert not LocalCommittee.objects.exists()


@pytest.mark.django_db
def test_missing_file_is_reported():
    """A path that does not exist gives a 'File not found' message."""
    with pytest.raises(CommandError, match="File not found: .*nowhere.geojson"):
        run("nowhere.geojson", "--kind", "district")


@pytest.mark.django_db
def test_broken_json_is_reported_with_its_position(tmp_path):
    """A file that is not JSON is refused with the line and column of the error."""
    path = tmp_path / "broken.geojson"
    path.write_text('{"type": "FeatureCollection",\n "features": [}', encoding="utf-8")

    with pytest.raises(CommandError, match=r"broken.geojson is not valid JSON \(line 2, column 15\)"):
        run(path, "--kind", "district")


@pytest.mark.django_db
def test_feature_without_a_number_is_reported_with_the_properties_found(tmp_path):
    """A feature without the number property names the properties expected and those it has."""
    path = write_collection(tmp_path / "nonumber.geojson", [feature({"navn": "Nørrebro", "areal_m2": 1})])

    with pytest.raises(CommandError) as error:
        run(path, "--kind", "district")

    assert "Feature 1 in nonumber.geojson has no district number" in str(error.value)
    assert "bydel_nr" in str(error.value)
    assert "navn, areal_m2" in str(error.value)


@pytest.mark.django_db
def test_district_file_imported_as_committees_gets_a_hint(shared_data, districts):
    """Importing the bydele file as committees points at the --kind mix-up."""
    with pytest.raises(CommandError, match="looks like a district file"):
        run(shared_data / "bydele.geojson", "--kind", "committee")


@pytest.mark.django_db
def test_self_intersecting_outline_is_repaired_and_reported(tmp_path):
    """A self-intersecting outline is repaired, imported, and the output says it was repaired."""
    path = write_collection(tmp_path / "bowtie.geojson", [feature({"bydel_nr": 1, "navn": "Indre By"}, BOW_TIE)])

    output = run(path, "--kind", "district")

    assert "Created district 1 Indre By; outline repaired: Self-intersection" in output
    assert shape(District.objects.get().outline).is_valid


@pytest.mark.django_db
def test_unusable_outline_is_refused_and_nothing_is_saved(tmp_path):
    """One feature with an unusable outline stops the import, names the feature, and saves no area."""
    path = write_collection(
        tmp_path / "mixed.geojson",
        [
            feature({"bydel_nr": 1, "navn": "Indre By"}),
            feature({"bydel_nr": 2, "navn": "Østerbro"}, {"type": "LineString", "coordinates": [[12, 55], [13, 56]]}),
        ],
    )

    with pytest.raises(CommandError, match=r"Feature 2 in mixed.geojson \(Østerbro\): .*Polygon or MultiPolygon"):
        run(path, "--kind", "district")
    assert not District.objects.exists()


@pytest.mark.django_db
def test_duplicate_numbers_are_refused(tmp_path):
    """Two features with the same number are refused rather than one overwriting the other."""
    path = write_collection(
        tmp_path / "twice.geojson",
        [feature({"bydel_nr": 1, "navn": "Indre By"}), feature({"bydel_nr": 1, "navn": "Christianshavn"})],
    )

    with pytest.raises(CommandError, match="Features 1 and 2 in twice.geojson both have district number 1"):
        run(path, "--kind", "district")


def test_command_errors_print_a_message_not_a_traceback(tmp_path):
    """Run from the shell, a bad file ends with a one-line error and exit status 1, not a traceback."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
    }
    completed = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "import_areas", str(tmp_path / "missing.geojson"), "--kind", "district"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 1
    assert "File not found" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_population_is_set_from_the_city_statistics(districts, shared_data):
    """Importing population_2026.csv gives each district and committee its population."""
    services.import_areas(path=shared_data / "lokaludvalg.geojson", kind="committee")

    output = run("--population", shared_data / "population_2026.csv")

    assert District.objects.get(name="Nørrebro").population == 79895
    assert LocalCommittee.objects.get(name="Christianshavn").population == 13478
    assert not District.objects.filter(population=None).exists()
    assert "Population set for 22 areas; 2 rows skipped" in output


@pytest.mark.django_db
def test_population_file_without_the_columns_is_refused(tmp_path):
    """A CSV without code and population columns is refused with the columns it has."""
    path = tmp_path / "people.csv"
    path.write_text("area,inhabitants\nNørrebro,79895\n", encoding="utf-8")

    with pytest.raises(CommandError, match="needs a 'code' column and a 'population' column; it has area, inhabitants"):
        run("--population", path)


@pytest.mark.django_db
def test_demo_areas_load_from_the_shipped_files():
    """load_demo_areas loads the 10 districts and 12 committees shipped with the project, and can run again."""
    first = services.load_demo_areas()
    again = services.load_demo_areas()

    assert first == (services.ImportResult(created=10), services.ImportResult(created=12))
    assert again == (services.ImportResult(updated=10), services.ImportResult(updated=12))
    assert LocalCommittee.objects.get(name="Christianshavn").district.name == "Indre By"
    assert [d.name for d in District.objects.all() if geometry.contains(d.outline, *RUNDDEL)] == ["Nørrebro"]


def test_shipped_demo_files_are_small():
    """The shipped outlines stay small enough to keep in the repository and serve to browsers."""
    for path in services.DEMO_FILES.values():
        assert path.stat().st_size < 60_000


@pytest.mark.django_db
def test_demo_option_loads_the_shipped_areas():
    """`import_areas --demo` loads the shipped districts and committees."""
    output = run("--demo")

    assert (District.objects.count(), LocalCommittee.objects.count()) == (10, 12)
    assert "Imported 12 local committees: 12 created, 0 updated." in output


def test_write_simplified_writes_a_file_the_import_reads_back(shared_data, tmp_path, db):
    """--write-simplified writes a small outline file without touching the database, and it imports cleanly."""
    out = tmp_path / "bydele.geojson"

    output = run(
        shared_data / "bydele.geojson", "--kind", "district", "--simplify", "0.0001", "--write-simplified", out
    )

    assert "Wrote 10 districts" in output
    assert not District.objects.exists()
    assert out.stat().st_size < (shared_data / "bydele.geojson").stat().st_size / 5
    assert services.import_areas(path=out, kind="district") == services.ImportResult(created=10)
