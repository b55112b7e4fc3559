import datetime
import time

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale

from budgeting import services
from budgeting.models import BudgetRound, WinnerRule
from budgeting.pabulib import PabulibError, read_pabulib
from participation.models import Phase, PhaseType

RULES = {"greedy": WinnerRule.GREEDY, "mes": WinnerRule.MES, "mes-add1": WinnerRule.MES_ADD1}
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")


def _day(text: str | None) -> datetime.date | None:
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime((text or "").strip(), date_format).date()  # noqa: DTZ007 - a day
        except ValueError:
            continue
    return None


def election_title(meta: dict[str, str]) -> str:
    """The election's name from its META: the description, with the instance when it adds something."""
    description = meta.get("description", "").strip()
    instance = meta.get("instance", "").strip()
    if not description:
        return " ".join(part for part in (meta.get("unit", "").strip(), instance) if part) or "pabulib"
    return description if not instance or instance in description else f"{description} {instance}"


def voting_days(meta: dict[str, str], today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The file's voting days when they are given and over; else the two days before today."""
    begin, end = _day(meta.get("date_begin")), _day(meta.get("date_end"))
    if begin and end and begin <= end < today:
        return begin, end
    return today - datetime.timedelta(days=2), today - datetime.timedelta(days=1)


class Command(BaseCommand):
    help = (
        "Load a pabulib .pb election as a closed, counted budget round with its results page: a project page "
        "under the project index (or the page given), the round, its proposals (numbered by the pabulib project "
        "ids) and the anonymous ballots (each with a fresh receipt code). The rule is the file's when it is "
        "greedy, equalshares or equalshares/add1, else MES + add1."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a pabulib file with approval, choose-1 or cumulative ballots")
        parser.add_argument(
            "--project-page", type=int, metavar="ID", help="put the round on this page (its voting must be over)"
        )
        parser.add_argument("--rule", choices=RULES, help="count with this rule instead of the file's")

    def handle(self, *args, path, project_page=None, rule=None, **options):
        started = time.perf_counter()
        say = self.stdout.write if options["verbosity"] >= 1 else (lambda message: None)
        try:
            parsed = read_pabulib(path)
        except FileNotFoundError:
            raise CommandError(f"No such file: {path}") from None
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}") from None
        except PabulibError as error:
            raise CommandError(f"{path} is not a usable pabulib file: {error}") from None
        election = parsed.election
        title = election_title(parsed.meta)
        say(
            f"Read {path}: {len(election.projects)} projects, {election.num_voters:,} voters "
            f"({election.vote_type}), budget {election.budget}, in {time.perf_counter() - started:.1f} s"
        )
        try:
            with transaction.atomic():
                project = self._project(project_page, title=title, meta=parsed.meta, say=say)
                budget_round = services.round_import(
                    project=project, parsed=parsed, title=title, rule=RULES.get(rule), progress=say
                )
        except (services.ImportRefused, ValidationError) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise CommandError(f"Not imported: {' '.join(messages)}") from None
        winners = budget_round.tally.results.filter(selected=True).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported round {budget_round.pk} on “{project.title}” in {time.perf_counter() - started:.1f} s: "
                f"{winners} proposals selected. Results: /da/afstemning/{budget_round.pk}/resultat/"
            )
        )

    def _project(self, page_id, *, title, meta, say):
        """The project page given (its voting must be over), or a new one under the project index."""
        project_model = BudgetRound._meta.get_field("project").related_model
        if page_id is not None:
            project = project_model.objects.filter(pk=page_id).first()
            if project is None:
                raise CommandError(f"There is no project page with id {page_id}.")
            return project
        index_model = apps.get_model("cms", "ProjectIndexPage")
        index = index_model.objects.filter(locale=Locale.get_default()).first()
        if index is None:
            raise CommandError("There is no project index page to put the project under: run seed_demo first.")
        administration_model = project_model._meta.get_field("administration").related_model
        administrations = administration_model.objects.filter(locale=index.locale).order_by("pk")
        # The Finance Administration runs the citizens' budgets; any administration will do where it is missing.
        administration = administrations.filter(abbreviation="ØKF").first() or administrations.first()
        if administration is None:
            raise CommandError("There is no administration to own the project: run seed_demo first.")
        today = timezone.localdate()
        begin, end = voting_days(meta, today)
        slug = base = slugify(title)[:70] or "pabulib"
        siblings = set(index.get_children().values_list("slug", flat=True))
        number = 1
        while slug in siblings:
            number += 1
            slug = f"{base}-{number}"
        source = f"{meta.get('description', '')} ({meta.get('country', '')}, {meta.get('unit', '')})".strip()
        facts = f"{meta.get('num_projects', '?')} forslag og {meta.get('num_votes', '?')} stemmesedler"
        currency = meta.get("currency", "").strip()
        page = project_model(
            administration=administration,
            title=title[:255],
            slug=slug,
            summary=(f"Et rigtigt borgerbudget fra pabulib.org: {source}, med {facts}.")[:300],
            purpose="Resultatet af et rigtigt borgerbudget, indlæst fra pabulib.org, så det kan tælles op igen.",
            already_decided=(
                "Afstemningen er slut, og stemmerne er talt."
                + (f" Beløbene er i {currency}, ikke i kroner." if currency and currency != "DKK" else "")
            ),
            can_influence="Intet: afstemningen er slut. Du kan hente stemmesedlerne og tælle dem op selv.",
            input_use="Stemmerne er talt med den regel, der står på resultatsiden.",
            decision_timing=f"Afstemningen fandt sted fra {begin:%d.%m.%Y} til {end:%d.%m.%Y}.",
            contact="pabulib.org",
        )
        page.phases = [
            Phase(phase_type=PhaseType.VOTING, title="Afstemning", start=begin, end=end, sort_order=0),
            Phase(
                phase_type=PhaseType.REALISATION,
                title="Gennemførelse",
                start=end + datetime.timedelta(days=1),
                end=today + datetime.timedelta(days=365),
                sort_order=1,
            ),
        ]
        index.add_child(instance=page)
        page.save_revision().publish()
        say(f"Created project page {page.pk} “{page.title}” ({page.url_path})")
        return page
