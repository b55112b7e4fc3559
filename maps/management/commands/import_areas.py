from django.core.management.base import BaseCommand, CommandError

from maps import services

PLURALS = {"district": "districts", "committee": "local committees"}


class Command(BaseCommand):
    help = (
        "Import Copenhagen's district (bydel) or local-committee (lokaludvalg) outlines from GeoJSON, "
        "population figures from CSV, or the simplified demo outlines shipped in maps/data. "
        "Areas are matched by number, so importing again updates them."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="a GeoJSON FeatureCollection in lon/lat (EPSG:4326)")
        parser.add_argument("--kind", choices=services.KINDS, help="what the file holds")
        parser.add_argument(
            "--simplify",
            type=float,
            default=0.0,
            metavar="DEGREES",
            help="simplify outlines with this tolerance in degrees (0.0001 is about 7 m); default: keep every point",
        )
        parser.add_argument(
            "--write-simplified",
            metavar="OUT",
            help="write the cleaned (and simplified) outlines to this GeoJSON file instead of importing them",
        )
        parser.add_argument("--population", metavar="CSV", help="set populations from a CSV with code and population")
        parser.add_argument("--demo", action="store_true", help="load the simplified outlines shipped in maps/data")

    def handle(
        self, *args, path=None, kind=None, simplify=0.0, write_simplified=None, population=None, demo=False, **options
    ):
        if not (path or population or demo):
            raise CommandError("Give a GeoJSON file with --kind, a --population CSV, or --demo.")
        if path and not kind:
            raise CommandError("Say what the file holds: --kind district or --kind committee.")
        if simplify < 0:
            raise CommandError("--simplify must be 0 or a positive number of degrees.")
        if write_simplified and not path:
            raise CommandError("--write-simplified needs the GeoJSON file to read.")
        progress = self.stdout.write if options["verbosity"] >= 1 else None

        try:
            if demo:
                districts, committees = services.load_demo_areas(progress=progress)
                self._summary("district", districts)
                self._summary("committee", committees)
            if path and write_simplified:
                features = services.read_area_file(path=path, kind=kind, simplify_tolerance=simplify)
                size = services.write_area_file(features=features, path=write_simplified, kind=kind)
                self.stdout.write(
                    self.style.SUCCESS(f"Wrote {len(features)} {PLURALS[kind]} to {write_simplified} ({size:,} bytes).")
                )
            elif path:
                result = services.import_areas(path=path, kind=kind, simplify_tolerance=simplify, progress=progress)
                self._summary(kind, result)
            if population:
                result = services.import_population(path=population)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Population set for {result.updated} areas; {result.skipped} rows skipped "
                        "(the whole city, or areas not imported)."
                    )
                )
        except services.AreaImportError as error:
            raise CommandError(str(error)) from error

    def _summary(self, kind, result):
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.created + result.updated} {PLURALS[kind]}: "
                f"{result.created} created, {result.updated} updated."
            )
        )
