from django.core.management.base import BaseCommand, CommandError

from maps import services


class Command(BaseCommand):
    help = (
        "Set the population of Copenhagen's districts and local committees from a CSV with a 'code' column "
        "(the city's statistics codes: 1001-1010 for the bydele, 2001-2012 for the lokaludvalg) and a "
        "'population…' column, such as ../shared/data/copenhagen/population_2026.csv. Import the areas first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the CSV file")

    def handle(self, *args, path, **options):
        progress = self.stdout.write if options["verbosity"] >= 1 else None
        try:
            result = services.import_population(path=path, progress=progress)
        except services.AreaImportError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Population set for {result.updated} areas; {result.skipped} rows skipped "
                "(the whole city, or areas not imported)."
            )
        )
