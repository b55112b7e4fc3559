import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from budgeting import selectors, services
from budgeting.models import BudgetRound


class Command(BaseCommand):
    help = (
        "Count the votes of a budget round whose voting has closed: run its winner rule on each sub-budget "
        "(or on the whole round), store the result, publish it, and drop every link between people and ballots. "
        "A round is counted once."
    )

    def add_arguments(self, parser):
        parser.add_argument("round_id", type=int, help="the id of the budget round")

    def handle(self, *args, round_id, **options):
        budget_round = BudgetRound.objects.select_related("project").filter(pk=round_id).first()
        if budget_round is None:
            raise CommandError(f"There is no budget round with id {round_id}.")
        progress = self.stdout.write if options["verbosity"] >= 1 else None
        self.stdout.write(
            f"Counting “{budget_round.title}” ({budget_round.get_ballot_type_display()} ballots, "
            f"{budget_round.get_winner_rule_display()})"
        )
        started = time.perf_counter()
        try:
            stored = services.round_tally(round=budget_round, progress=progress)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        seconds = time.perf_counter() - started
        winners = [result for result in selectors.tally_results(round=budget_round) if result.selected]
        self.stdout.write(
            self.style.SUCCESS(
                f"Counted in {seconds:.2f} s: {len(winners)} proposals selected "
                f"(tally {stored.pk}). The results are public."
            )
        )
