"""Writing areas: importing district and local-committee outlines and population figures."""

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from django.db import transaction
from django.utils.text import slugify

from . import geometry
from .models import Area, District, LocalCommittee

Kind = Literal["district", "committee"]
KINDS: tuple[Kind, ...] = ("district", "committee")
Progress = Callable[[str], None]

DEMO_DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_FILES: dict[Kind, Path] = {
    "district": DEMO_DATA_DIR / "bydele.geojson",
    "committee": DEMO_DATA_DIR / "lokaludvalg.geojson",
}
DEMO_POPULATION_FILE = DEMO_DATA_DIR / "population_2026.csv"

# Property names seen in the city's files and WFS layers (k101:bydel, k101:lokaludvalgsgraense), first match wins.
DISTRICT_NUMBER_KEYS = ("bydel_nr", "bydelsnr", "bydel_nummer", "bydelsnummer")
NUMBER_KEYS: dict[Kind, tuple[str, ...]] = {
    "district": (*DISTRICT_NUMBER_KEYS, "nr", "nummer"),
    "committee": ("lokaludvalg_nr", "lokaludvalgsnr", "lokaludvalg_nummer", "lokaludvalgsnummer", "nr", "nummer"),
}
NAME_KEYS: dict[Kind, tuple[str, ...]] = {
    "district": ("navn", "bydel_navn", "bydelsnavn", "name"),
    "committee": ("navn", "lokaludvalg_navn", "lokaludvalgsnavn", "lokaludvalg", "name"),
}
LABELS: dict[Kind, str] = {"district": "district", "committee": "local committee"}

# Django's slugify drops letters without an ASCII decomposition, which would turn "Østerbro" into "sterbro".
DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})

# What an import writes on an existing area; an area whose values are all unchanged is not saved again.
IMPORTED_FIELDS = ("name", "outline", "min_lon", "min_lat", "max_lon", "max_lat", "label_lon", "label_lat")

# The city's statistics code areas as 1000 + district number and 2000 + committee number.
POPULATION_CODE_BASES: dict[int, type[Area]] = {1000: District, 2000: LocalCommittee}


class AreaImportError(Exception):
    """An area or population file that cannot be imported; the message says why, for the person importing."""


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    skipped: int = 0


@dataclass(frozen=True)
class AreaFeature:
    """One area read from a GeoJSON file, its outline already cleaned."""

    code: int
    name: str
    outline: dict
    district_code: int | None = None
    repaired: str = ""


def area_slug(name: str) -> str:
    """An ASCII slug for an area name: "Østerbro" → "osterbro", "Brønshøj-Husum" → "bronshoj-husum"."""
    return slugify(name.translate(DANISH_LETTERS))


def read_area_file(*, path: str | Path, kind: Kind, simplify_tolerance: float = 0.0) -> list[AreaFeature]:
    """The areas in a GeoJSON FeatureCollection, validated and cleaned; writes nothing."""
    if kind not in KINDS:
        raise AreaImportError(f"Unknown kind of area {kind!r}: use one of {', '.join(KINDS)}.")
    path = Path(path)
    data = _read_json(path)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        found = data.get("type") if isinstance(data, dict) else type(data).__name__
        raise AreaImportError(f"{path.name} is not a GeoJSON FeatureCollection (its type is {found!r}).")
    raw_features = data.get("features")
    if not isinstance(raw_features, list) or not raw_features:
        raise AreaImportError(f"{path.name} contains no features.")

    features: list[AreaFeature] = []
    first_index_of_code: dict[int, int] = {}
    for index, raw in enumerate(raw_features, start=1):
        feature = _read_feature(raw, index=index, kind=kind, path=path, simplify_tolerance=simplify_tolerance)
        if feature.code in first_index_of_code:
            raise AreaImportError(
                f"Features {first_index_of_code[feature.code]} and {index} in {path.name} both have "
                f"{LABELS[kind]} number {feature.code}."
            )
        first_index_of_code[feature.code] = index
        features.append(feature)
    return sorted(features, key=lambda feature: feature.code)


def write_area_file(*, features: Iterable[AreaFeature], path: str | Path, kind: Kind) -> int:
    """Write areas as a compact FeatureCollection that `read_area_file` reads back; returns its size in bytes."""
    number_key = NUMBER_KEYS[kind][0]
    lines = [
        json.dumps(
            {
                "type": "Feature",
                "properties": {
                    number_key: feature.code,
                    "navn": feature.name,
                    **({"bydel_nr": feature.district_code} if feature.district_code is not None else {}),
                },
                "geometry": feature.outline,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for feature in features
    ]
    # One feature per line keeps diffs of the shipped files readable.
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    Path(path).write_text(text, encoding="utf-8")
    return len(text.encode())


@transaction.atomic
def import_areas(
    *, path: str | Path, kind: Kind, simplify_tolerance: float = 0.0, progress: Progress | None = None
) -> ImportResult:
    """Create or update the areas in a GeoJSON file, matched by number; nothing is saved if any area is bad.

    Local committees need their districts: by the file's bydel_nr, or else the district holding the
    committee's label point.
    """
    features = read_area_file(path=path, kind=kind, simplify_tolerance=simplify_tolerance)
    return _save_areas(features, kind=kind, progress=progress)


@transaction.atomic
def import_population(*, path: str | Path, progress: Progress | None = None) -> ImportResult:
    """Set the population of each area from a CSV with a `code` column (1001-1010, 2001-2012) and a
    `population…` column. Rows for the city as a whole or for unknown areas are counted as skipped.

    The city's statistics codes are 1000 + district number (bydel) and 2000 + committee number (lokaludvalg).
    Every row is checked before anything is saved; an area whose population is unchanged is not saved again.
    """
    path = Path(path)
    rows = [
        (
            *_population_area(row["code"], line=line, path=path),
            _population_value(row["population"], line=line, path=path),
        )
        for line, row in _read_csv(path)
    ]
    areas = {
        model: {area.code: area for area in model.objects.select_for_update()}
        for model in POPULATION_CODE_BASES.values()
    }
    updated = skipped = 0
    for model, code, population in rows:
        area = areas[model].get(code) if model is not None else None
        if area is None:
            skipped += 1
            continue
        updated += 1
        if area.population != population:
            before = area.population
            area.population = population
            area.save(update_fields=["population"])
            if progress:
                label = LABELS["district" if model is District else "committee"]
                was = f" (was {before:,})" if before is not None else ""
                progress(f"Population of {label} {code} {area.name}: {population:,}{was}")
    return ImportResult(updated=updated, skipped=skipped)


@transaction.atomic
def load_demo_areas(progress: Progress | None = None) -> tuple[ImportResult, ImportResult]:
    """Load the simplified outlines shipped in maps/data: 10 districts, then 12 local committees, then their
    populations on 1 January 2026.

    Safe to run again: areas are matched by number and updated.
    """
    districts = import_areas(path=DEMO_FILES["district"], kind="district", progress=progress)
    committees = import_areas(path=DEMO_FILES["committee"], kind="committee", progress=progress)
    import_population(path=DEMO_POPULATION_FILE, progress=progress)
    return districts, committees


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")  # RFC 7946: GeoJSON is UTF-8
    except FileNotFoundError as error:
        raise AreaImportError(f"File not found: {path}") from error
    except UnicodeDecodeError as error:
        raise AreaImportError(f"{path.name} is not UTF-8 text, so it is not GeoJSON.") from error
    except OSError as error:
        raise AreaImportError(f"Cannot read {path}: {error.strerror}.") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise AreaImportError(
            f"{path.name} is not valid JSON (line {error.lineno}, column {error.colno}): {error.msg}."
        ) from error


def _read_feature(raw: Any, *, index: int, kind: Kind, path: Path, simplify_tolerance: float) -> AreaFeature:
    where = f"Feature {index} in {path.name}"
    if not isinstance(raw, dict) or raw.get("type") != "Feature":
        raise AreaImportError(f"{where} is not a GeoJSON Feature.")
    properties = {str(key).lower(): value for key, value in (raw.get("properties") or {}).items()}
    label = LABELS[kind]

    number_key = _first_key(properties, NUMBER_KEYS[kind])
    if number_key is None:
        hint = ""
        if kind == "committee" and _first_key(properties, DISTRICT_NUMBER_KEYS):
            hint = " It looks like a district file: import it as kind 'district'."
        raise AreaImportError(
            f"{where} has no {label} number: expected one of the properties "
            f"{', '.join(NUMBER_KEYS[kind])}, but it has {', '.join(properties) or 'none'}.{hint}"
        )
    code = _positive_int(properties[number_key], what=f"{label} number ({number_key})", where=where)

    name_key = _first_key(properties, NAME_KEYS[kind])
    name = str(properties[name_key]).strip() if name_key else ""
    if not name:
        raise AreaImportError(f"{where} has no name: expected one of the properties {', '.join(NAME_KEYS[kind])}.")
    if len(name) > 100:
        raise AreaImportError(f"{where} has a name longer than 100 characters.")

    district_code = None
    if kind == "committee":
        district_key = _first_key(properties, DISTRICT_NUMBER_KEYS)
        if district_key:
            district_code = _positive_int(
                properties[district_key], what=f"district number ({district_key})", where=where
            )

    if raw.get("geometry") is None:
        raise AreaImportError(f"{where} ({name}) has no geometry.")
    try:
        cleaned = geometry.clean_outline(raw["geometry"], simplify_tolerance=simplify_tolerance)
    except ValueError as error:
        raise AreaImportError(f"{where} ({name}): {error}") from error
    return AreaFeature(
        code=code, name=name, outline=cleaned.outline, district_code=district_code, repaired=cleaned.repaired
    )


def _first_key(properties: dict, keys: Iterable[str]) -> str | None:
    return next((key for key in keys if properties.get(key) not in (None, "")), None)


def _positive_int(value: Any, *, what: str, where: str) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = 0.5
    if not number.is_integer() or not 0 < number < 32768:
        raise AreaImportError(f"{where} has {what} {value!r}; expected a whole number from 1.")
    return int(number)


def _save_areas(features: list[AreaFeature], *, kind: Kind, progress: Progress | None) -> ImportResult:
    model: type[Area] = District if kind == "district" else LocalCommittee
    districts: dict[int, District] = {}
    if kind == "committee":
        districts = {district.code: district for district in District.objects.all()}
        if not districts:
            raise AreaImportError("Import the districts (bydele) first: local committees belong to districts.")

    existing = {area.code: area for area in model.objects.select_for_update()}
    taken_slugs = {area.slug for area in existing.values()}
    created = updated = 0
    fields = (*IMPORTED_FIELDS, "district_id") if kind == "committee" else IMPORTED_FIELDS
    for feature in features:
        area = existing.get(feature.code)
        is_new = area is None
        before = None if is_new else [getattr(area, name) for name in fields]
        if is_new:
            area = model(code=feature.code)
            # Kept on later imports, so links and highlight lists that use the slug keep working.
            area.slug = _unique_slug(feature, taken_slugs)
            taken_slugs.add(area.slug)
        area.name = feature.name
        area.outline = feature.outline
        area.min_lon, area.min_lat, area.max_lon, area.max_lat = geometry.bbox(feature.outline)
        area.label_lon, area.label_lat = geometry.label_point(feature.outline)
        detail = ""
        if kind == "committee":
            area.district = _district_of(feature, districts)
            detail = f" (in {area.district.name})"
        created += is_new
        # An unchanged area still counts as updated (matched and up to date), but is neither saved nor reported.
        updated += not is_new
        if before == [getattr(area, name) for name in fields]:
            continue
        area.save()
        if progress:
            repaired = f"; outline repaired: {feature.repaired}" if feature.repaired else ""
            verb = "Created" if is_new else "Updated"
            progress(f"{verb} {LABELS[kind]} {feature.code} {feature.name}{detail}{repaired}")
    return ImportResult(created=created, updated=updated)


def _unique_slug(feature: AreaFeature, taken: set[str]) -> str:
    slug = area_slug(feature.name) or f"area-{feature.code}"
    return f"{slug}-{feature.code}" if slug in taken else slug


def _district_of(feature: AreaFeature, districts: dict[int, District]) -> District:
    if feature.district_code is not None:
        try:
            return districts[feature.district_code]
        except KeyError:
            raise AreaImportError(
                f"Local committee {feature.code} {feature.name} belongs to district {feature.district_code}, "
                "which has not been imported: import the districts first."
            ) from None
    point = geometry.label_point(feature.outline)
    holding = [district for district in districts.values() if geometry.contains(district.outline, point.lat, point.lon)]
    if len(holding) != 1:
        raise AreaImportError(
            f"Cannot tell which district local committee {feature.code} {feature.name} lies in: "
            "the file has no bydel_nr property and its outline does not fall in exactly one imported district."
        )
    return holding[0]


def _read_csv(path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            reader = csv.DictReader(file)
            columns = [column.strip().lower() for column in reader.fieldnames or []]
            population_column = next((column for column in columns if column.startswith("population")), None)
            if "code" not in columns or population_column is None:
                found = ", ".join(columns) or "none"
                raise AreaImportError(f"{path.name} needs a 'code' column and a 'population' column; it has {found}.")
            reader.fieldnames = columns
            return [
                (line, {"code": row["code"], "population": row[population_column]})
                for line, row in enumerate(reader, start=2)
            ]
    except FileNotFoundError as error:
        raise AreaImportError(f"File not found: {path}") from error
    except UnicodeDecodeError as error:
        raise AreaImportError(f"{path.name} is not UTF-8 text.") from error
    except csv.Error as error:
        raise AreaImportError(f"{path.name} is not a readable CSV file: {error}.") from error


def _population_area(value: str | None, *, line: int, path: Path) -> tuple[type[Area] | None, int]:
    try:
        code = int((value or "").strip())
    except ValueError:
        raise AreaImportError(f"Line {line} of {path.name}: the code {value!r} is not a number.") from None
    base, number = divmod(code, 1000)
    model = POPULATION_CODE_BASES.get(base * 1000)
    return (model, number) if number else (None, 0)


def _population_value(value: str | None, *, line: int, path: Path) -> int:
    try:
        population = int((value or "").strip())
    except ValueError:
        population = -1
    if population < 0:
        raise AreaImportError(f"Line {line} of {path.name}: the population {value!r} is not a whole number.")
    return population
