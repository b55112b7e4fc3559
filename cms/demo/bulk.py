"""Helpers for inserting demo data in bulk (`city.py`): plain rows straight into a table, timed stages that report
their progress, random points inside district outlines, random ids and receipt codes."""

from __future__ import annotations

import os
import random
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np
import shapely
from django.db import connection, models, reset_queries

from maps.models import District, LocalCommittee

CHUNK = 10_000  # rows built in memory at a time

Progress = Callable[[str], None]


class Stage:
    """Times one stage and tells `progress` how far it is: a line every ~quarter for long stages, one at the end."""

    def __init__(self, say: Progress, name: str, total: int) -> None:
        self.say, self.name, self.total = say, name, total
        self.done = 0
        self.started = time.monotonic()
        self._next_report = max(50_000, total // 4)

    def add(self, rows: int) -> None:
        self.done += rows
        reset_queries()  # with DEBUG on, Django would keep every (big) statement of the stage
        if self.done >= self._next_report and self.done < self.total:
            self.say(f"    {self.name}: {self.done:,} of {self.total:,} ({self._rate()})")
            self._next_report += max(50_000, self.total // 4)

    def _rate(self) -> str:
        seconds = time.monotonic() - self.started
        return f"{self.done / seconds:,.0f}/s" if seconds > 0 else "-"

    def finish(self, detail: str = "") -> None:
        seconds = time.monotonic() - self.started
        extra = f"; {detail}" if detail else ""
        self.say(f"  {self.name}: {self.done:,} in {seconds:.1f} s ({self._rate()}){extra}")


@contextmanager
def own_dates(*model_fields: models.Field) -> Iterator[None]:
    """Let the given auto_now/auto_now_add fields take the values set on the objects, for a bulk insert."""
    saved = [(model_field, model_field.auto_now, model_field.auto_now_add) for model_field in model_fields]
    for model_field, _now, _add in saved:
        model_field.auto_now = model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field, auto_now, auto_now_add in saved:
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add


@contextmanager
def sqlite_cache(kibibytes: int = 256 * 1024) -> Iterator[None]:
    """A bigger page cache for this SQLite connection while seeding: ballots have random ids, so their inserts
    land all over the table and its indexes, and SQLite's default 2 MB cache would send most of them to disk."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{int(kibibytes)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class RandomPlaces:
    """Random points inside district outlines (the ones the project ships), with the local committee of each."""

    def __init__(self, districts: list[District], committees: list[LocalCommittee], np_rng) -> None:
        self.np_rng = np_rng
        self.codes = {district.pk: district.code for district in districts}
        self.shapes = {district.pk: shapely.geometry.shape(district.outline) for district in districts}
        self.weights = {district.pk: district.population or 1 for district in districts}
        self.committees: dict[int, list[tuple[int, object]]] = defaultdict(list)
        for committee in committees:
            self.committees[committee.district_id].append((committee.pk, shapely.geometry.shape(committee.outline)))
        for shape in (*self.shapes.values(), *(s for group in self.committees.values() for _pk, s in group)):
            shapely.prepare(shape)

    def points(self, district_ids: list[int], count: int) -> list[tuple[int, int | None, float, float]]:
        """`count` points spread over the districts by population: (district pk, committee pk, lat, lon)."""
        weights = np.array([self.weights[pk] for pk in district_ids], dtype=float)
        per_district = self.np_rng.multinomial(count, weights / weights.sum())
        found = []
        for district_id, wanted in zip(district_ids, per_district, strict=True):
            found.extend(self._inside(district_id, int(wanted)))
        order = self.np_rng.permutation(len(found))
        return [found[at] for at in order]

    def _inside(self, district_id: int, wanted: int) -> list[tuple[int, int | None, float, float]]:
        shape = self.shapes[district_id]
        min_lon, min_lat, max_lon, max_lat = shape.bounds
        lons, lats = np.empty(0), np.empty(0)
        while len(lons) < wanted:
            size = max(64, (wanted - len(lons)) * 3)
            x = np.round(self.np_rng.uniform(min_lon, max_lon, size), 6)
            y = np.round(self.np_rng.uniform(min_lat, max_lat, size), 6)
            keep = shapely.contains_xy(shape, x, y)
            lons, lats = np.concatenate([lons, x[keep]]), np.concatenate([lats, y[keep]])
        lons, lats = lons[:wanted], lats[:wanted]
        committees = np.zeros(wanted, dtype=np.int64)
        for committee_id, committee_shape in self.committees.get(district_id, []):
            inside = shapely.contains_xy(committee_shape, lons, lats) & (committees == 0)
            committees[inside] = committee_id
        return [
            (district_id, int(committee) or None, float(lat), float(lon))
            for committee, lat, lon in zip(committees, lats, lons, strict=True)
        ]


def _converter(model_field: models.Field) -> Callable | None:
    """How a Python value of the field becomes a query parameter: None where the driver takes it as it is."""
    target = model_field.target_field if model_field.is_relation else model_field
    if isinstance(target, models.UUIDField):
        # `random_ids` gives UUIDs for PostgreSQL and the 32 hex digits Django stores for SQLite.
        return None
    if isinstance(target, models.IntegerField | models.CharField | models.TextField | models.BooleanField):
        return None
    return lambda value: model_field.get_db_prep_save(value, connection)


def insert_rows(model: type[models.Model], names: tuple[str, ...], rows: list[tuple]) -> int:
    """Insert plain rows into the model's table, many per statement: no model instances, no `save()`, no signals.

    The other columns get their field's default (None for a nullable field); a field whose default is made
    per row (a random code, a uuid) must be given. Used for the tables with hundreds of thousands of rows,
    where building a model instance per row would take most of the time.
    """
    if not rows:
        return 0
    given = [model._meta.get_field(name) for name in names]
    rest = [
        model_field
        for model_field in model._meta.concrete_fields
        if model_field not in given and not (model_field.primary_key and isinstance(model_field, models.AutoField))
    ]
    for model_field in rest:
        if model_field.has_default() and callable(model_field.default) and model_field.default is not dict:
            raise ValueError(f"{model.__name__}.{model_field.name} needs a value per row.")
        if not model_field.null and not model_field.has_default():
            raise ValueError(f"{model.__name__}.{model_field.name} needs a value.")
    constants = tuple(model_field.get_db_prep_save(model_field.get_default(), connection) for model_field in rest)
    converters = [_converter(model_field) for model_field in given]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model_field.column) for model_field in (*given, *rest))
    width = len(given) + len(rest)
    prepared = [
        tuple(value if convert is None else convert(value) for convert, value in zip(converters, row, strict=True))
        + constants
        for row in rows
    ]
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # One prepared statement, run for every row: SQLite is in-process, so this is its fastest way.
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * width)})", prepared)  # noqa: S608
        else:
            # PostgreSQL's COPY: the fastest way in, and psycopg sends the rows without parsing a statement each time.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in prepared:
                    copy.write_row(row)
    reset_queries()  # with DEBUG on, Django keeps every statement; these are big
    return len(prepared)


def accumulate(values: list[float]) -> Iterator[float]:
    total = 0.0
    for value in values:
        total += value
        yield total


def random_ids() -> Callable[[], object]:
    """A maker of random 128-bit ids (the models' ids are random so as not to give away the order of voting),
    drawn from the system's randomness in bulk, in the form the database driver takes for a UUID column."""
    pool: list[str] = []

    def new_id():
        if not pool:
            data = os.urandom(16 * CHUNK).hex()
            pool.extend(data[at : at + 32] for at in range(0, len(data), 32))
        value = pool.pop()
        return uuid.UUID(hex=value) if connection.vendor == "postgresql" else value

    return new_id


def receipt_codes(count: int) -> list[str]:
    """`count` distinct receipt codes (random, like `new_receipt_code`)."""
    from budgeting.models.voting import RECEIPT_ALPHABET, RECEIPT_LENGTH

    system = random.SystemRandom()
    codes: set[str] = set()
    while len(codes) < count:
        codes.update("".join(system.choices(RECEIPT_ALPHABET, k=RECEIPT_LENGTH)) for _code in range(count - len(codes)))
    return list(codes)
