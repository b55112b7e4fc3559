from django.core.management.base import BaseCommand, CommandError

from budgeting.pabulib import PabulibError, read_pabulib
from budgeting.tally import RULES, tally


class Command(BaseCommand):
    help = (
        "Tally a pabulib .pb file and print the selected project ids, one per line, sorted as strings. "
        "The rules equal pabutools 1.2.3: greedy, mes (method of equal shares) and mes-add1 "
        "(equal shares with add-one completion, then greedy, as pabulib's equalshares/add1)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a pabulib file with approval, choose-1 or cumulative ballots")
        parser.add_argument("--rule", choices=RULES, required=True, help="the rule to apply")

    def handle(self, *args, path, rule, **options):
        try:
            election = read_pabulib(path).election
        except FileNotFoundError:
            raise CommandError(f"No such file: {path}") from None
        except IsADirectoryError:
            raise CommandError(f"{path} is a directory, not a pabulib file") from None
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}") from None
        except PabulibError as error:
            raise CommandError(f"{path} is not a usable pabulib file: {error}") from None
        for project_id in tally(election, rule):
            self.stdout.write(project_id)
