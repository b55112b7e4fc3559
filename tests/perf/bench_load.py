"""Load benchmark: the site under Gunicorn with production settings on PostgreSQL and Redis (a script, not a test).

    .venv/bin/python tests/perf/bench_load.py [--seconds 15] [--clients 8] [--workers 4] [--threads 1]
        [--database-url URL] [--scale city|demo] [--city-factor F] [--keep-database] [--redis-db 7]

It makes a fresh database (BENCH_DATABASE_URL, `sob_bench` by default), migrates it, seeds it with
`seed_demo --scale city` (30 projects, 20,000 ideas, 100,000 supports, 50,000 comments, a round with 100
proposals and 200,000 ballots; `--city-factor` scales every count), collects the static files, and starts
Gunicorn with `config.settings.production` (plus the two bare views of tests/perf/bench_urls.py): Redis
cache, secret key, allowed hosts and raised per-IP rate ceilings from the environment, as behind the
reverse proxy (the client sends `X-Forwarded-Proto: https`). This process then drives it on loopback from
threads with keep-alive connections, one scenario after another, each for a fixed time:

- bare read / bare write: one indexed read, one indexed write (the baselines);
- project pages: anonymous visitors on several of the city's projects, in Danish and English;
- idea lists: the same pages filtered, sorted and on later pages;
- map viewports: the ideas map's GeoJSON (`/api/ideas.geojson`) at zooms 11 to 17 on fixed viewports;
- ballot: signed-in voters (made here) open the ballot, save a draft in the background and submit.

The anonymous scenarios run twice, with the page cache off (`DJANGO_PAGE_CACHE_SECONDS=0`) and on, each time
on a freshly started server with an empty Redis database. For each scenario it prints requests per second,
p50/p95/p99, errors (not 2xx/3xx, or no answer) and the ratio of its requests per second to the bare read
(reads) or the bare write (writes) of the same server. It fails nothing; progress goes to standard error.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.perf.client import HEADER, Client, Scenario, drive, table_row  # noqa: E402
from tests.perf.server import Gunicorn, database_name, fresh_database, log, manage, say  # noqa: E402

SETTINGS = "tests.perf.bench_production_settings"
HUGE = "1000000/m"
# Every write limit, per account and per address: the whole load comes from one address and a few hundred accounts.
RATE_VARIABLES = [
    f"PARTICIPATION_RATE_{action}{suffix}"
    for action in ("SUBMIT", "COMMENT", "SUPPORT", "REPORT", "BALLOT", "RECEIPT_CHECK", "CENSUS_CHECK", "SURVEY")
    for suffix in ("", "_PER_IP")
] + ["PARTICIPATION_RATE_FOLLOW", "PARTICIPATION_RATE_FOLLOW_PER_IP"]
# The ideas map's viewports: zoom → its width and height in degrees on a 1280 × 720 screen (256-pixel tiles).
ZOOMS = (11, 13, 15, 17)
CENTRES = ((12.5683, 55.6761), (12.5480, 55.6930), (12.5200, 55.6600))  # Rådhuspladsen, Nørrebro, Valby
CACHE_ON_SECONDS = 300
LOG_FILE = ROOT / "var" / "bench-load-server.log"  # the server's logs: production's, a JSON line per request


def viewport(zoom: int, lon: float, lat: float) -> str:
    width = 1280 * 360 / (256 * 2**zoom)
    height = 720 * 360 / (256 * 2**zoom) * 0.57  # a degree of latitude is longer than one of longitude here
    return f"{lon - width / 2:.5f},{lat - height / 2:.5f},{lon + width / 2:.5f},{lat + height / 2:.5f}"


@dataclass
class Targets:
    """What the scenarios ask for, read from the seeded database."""

    bare_ids: list[int]
    voter_ids: list[int]
    pages: list[str] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)
    maps: list[str] = field(default_factory=list)
    round_id: int = 0
    round_title: str = ""
    round_ballots: int = 0
    voters: list[tuple[int, str, str, list[int]]] = field(default_factory=list)  # voter, session, csrf, choices
    cookie_names: tuple[str, str] = ("sessionid", "csrftoken")
    summary: str = ""


def _projects(count: int, translated: int = 2):
    """The `count` Danish project pages with the most ideas on the map, with their English translations if any.

    The city-scale projects are Danish only; then the `translated` projects with the most ideas that do have an
    English version (the demo's) come too, so that both languages are asked for.
    """
    from django.db.models import Count, Exists, OuterRef, Q

    from cms.models import ProjectPage

    english_pages = ProjectPage.objects.live().filter(
        translation_key=OuterRef("translation_key"), locale__language_code="en"
    )
    pages = (
        ProjectPage.objects.live()
        .public()
        .filter(locale__language_code="da")
        .annotate(idea_count=Count("ideas", filter=Q(ideas__latitude__isnull=False)), has_english=Exists(english_pages))
        .order_by("-idea_count", "pk")
    )
    chosen = list(pages[:count])
    if not any(page.has_english for page in chosen):
        chosen += list(pages.filter(has_english=True)[:translated])
    return [
        (page, page.get_translations().live().filter(locale__language_code="en").first() if page.has_english else None)
        for page in chosen
    ]


def _path(page) -> str:
    return page.get_url_parts()[2]


def _valid_choices(budget_round, district, rng: random.Random, count: int) -> list[list[int]]:
    """`count` different valid ballots for a voter of this district, found by asking the ballot rules."""
    from budgeting import selectors, services

    sub_budget = budget_round.sub_budgets.filter(district=district).first() if district is not None else None
    proposals = [proposal.pk for proposal in selectors.ballot_proposals(round=budget_round, district=district)]
    found: list[list[int]] = []
    for _attempt in range(count * 3):
        rng.shuffle(proposals)
        chosen: dict[int, int] = {}
        for pk in proposals[:12]:
            trial = {**chosen, pk: 1}
            if not services.ballot_validate(round=budget_round, sub_budget=sub_budget, selections=trial):
                chosen = trial
        if chosen and sorted(chosen) not in found:
            found.append(sorted(chosen))
        if len(found) >= count:
            break
    return found


def _round_for_voting():
    """The open round with the most ballots (the city's, when seeded)."""
    from django.db.models import Count

    from budgeting.models import BudgetRound

    rounds = BudgetRound.objects.annotate(ballot_count=Count("ballots")).order_by("-ballot_count", "pk")
    return next((budget_round for budget_round in rounds if budget_round.voting_open()), None)


def set_up(voter_count: int) -> Targets:
    """Read the targets from the seeded database and make signed-in voters for the open round."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.utils.module_loading import import_module

    from budgeting.models import Ballot, Proposal, Voter
    from cms.models import ProjectPage
    from participation.models import Idea

    rng = random.Random(2027)  # noqa: S311 - a reproducible load, not a secret
    budget_round = _round_for_voting()
    if budget_round is None:
        raise SystemExit("No budget round is open for voting in the seeded data.")
    targets = Targets(
        bare_ids=list(Proposal.objects.order_by("pk").values_list("pk", flat=True)[:200]),
        voter_ids=[],
        round_id=budget_round.pk,
        round_title=budget_round.title,
        round_ballots=Ballot.objects.filter(round=budget_round).count(),
        cookie_names=(settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME),
    )

    projects = _projects(6)
    for page, english in projects:
        for version in filter(None, (page, english)):
            path = _path(version)
            targets.pages.append(path)
            districts = list(page.districts.values_list("slug", flat=True)[:2])
            variants = [
                {"sorter": "mest-stoettet"},
                {"ide-side": "2"},
                {"ide-side": "5"},
                {"svar": "unanswered"},
                {"sorter": "mest-debatteret", "ide-side": "3"},
                *({"bydel": slug} for slug in districts),
            ]
            targets.lists += [f"{path}?{urlencode(variant)}" for variant in variants]
        for language in ("da", "en") if english else ("da",):
            for zoom in ZOOMS:
                for lon, lat in CENTRES:
                    query = {"project": page.pk, "zoom": zoom, "bbox": viewport(zoom, lon, lat), "lang": language}
                    targets.maps.append(f"/api/ideas.geojson?{urlencode(query)}")

    # Voters of our own, each with a session (in whatever store the settings use) and ballots that fit.
    User = get_user_model()
    run = secrets.token_hex(3)
    users = User.objects.bulk_create(User(email=f"bench-{run}-{n}@example.dk") for n in range(voter_count))
    sub_budgets = list(budget_round.sub_budgets.select_related("district"))
    districts = [sub.district for sub in sub_budgets] or [None]
    voters = Voter.objects.bulk_create(
        Voter(round=budget_round, user=user, district=districts[n % len(districts)]) for n, user in enumerate(users)
    )
    choices = {district: _valid_choices(budget_round, district, rng, 20) for district in districts}
    store = import_module(settings.SESSION_ENGINE).SessionStore
    backend = settings.AUTHENTICATION_BACKENDS[0]
    for user, voter in zip(users, voters, strict=True):
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        targets.voters.append((voter.pk, session.session_key, secrets.token_hex(16), choices[voter.district]))
    targets.voter_ids = [voter.pk for voter in voters]

    targets.summary = (
        f"{ProjectPage.objects.live().count()} live pages of projects, {Idea.objects.count():,} ideas; "
        f"round “{budget_round.title}”: {Proposal.objects.filter(round=budget_round).count()} proposals, "
        f"{targets.round_ballots:,} ballots before the load; anonymous scenarios on {len(projects)} projects "
        f"({len(projects)} Danish and {sum(1 for _page, english in projects if english)} English pages)"
    )
    return targets


class Bench:
    """The scenarios against one running server."""

    def __init__(self, server: Gunicorn, targets: Targets, clients: int, seconds: float) -> None:
        self.server, self.targets, self.clients, self.seconds = server, targets, clients, seconds
        self.host = f"127.0.0.1:{server.port}"
        # As behind the reverse proxy: the request came in over HTTPS.
        self.headers = {"X-Forwarded-Proto": "https", "Accept-Language": "da"}
        self.origin = {"Origin": f"https://{self.host}"}

    def anonymous(self, name: str, paths: list[str], kind: str = "read") -> Scenario:
        scenario = Scenario(name, kind=kind)
        log(f"  → {name}: {len(paths)} addresses, {self.seconds:.0f} s")

        def make_step(number: int):
            client = Client(self.server.port, headers=self.headers)
            rng = random.Random(number)  # noqa: S311

            def step() -> None:
                scenario.timed(lambda: client.get(rng.choice(paths)))

            return step

        drive([scenario], self.clients, self.seconds, make_step)
        return scenario

    def bare_write(self) -> Scenario:
        scenario = Scenario("bare write (1 indexed write)", kind="write")
        log(f"  → {scenario.name}: {self.seconds:.0f} s")
        ids = self.targets.voter_ids

        def make_step(number: int):
            client = Client(self.server.port, headers=self.headers)
            rng = random.Random(number)  # noqa: S311

            def step() -> None:
                scenario.timed(lambda: client.post(f"/bench/write/{rng.choice(ids)}/", headers=self.origin))

            return step

        drive([scenario], self.clients, self.seconds, make_step)
        return scenario

    def ballot(self) -> list[Scenario]:
        page = Scenario("ballot: open the ballot (signed in)", kind="read")
        draft = Scenario("ballot: save the draft", kind="write")
        submit = Scenario("ballot: submit", kind="write")
        log(f"  → ballot (open, save the draft, submit): {len(self.targets.voters)} voters, {self.seconds:.0f} s")
        ballot_url = f"/da/afstemning/{self.targets.round_id}/"
        review_url = f"/da/afstemning/{self.targets.round_id}/gennemse/"
        session_cookie, csrf_cookie = self.targets.cookie_names

        def make_step(number: int):
            mine = self.targets.voters[number :: self.clients]
            rng = random.Random(number)  # noqa: S311
            clients = [
                Client(
                    self.server.port,
                    cookies={session_cookie: key, csrf_cookie: token},
                    headers={**self.headers, **self.origin, "X-CSRFToken": token},
                )
                for _voter, key, token, _choices in mine
            ]

            def step() -> None:
                index = rng.randrange(len(mine))
                client, choices = clients[index], rng.choice(mine[index][3])
                page.timed(lambda: client.get(ballot_url))
                saved = draft.timed(
                    lambda: client.post(
                        ballot_url, form={"action": "save", "proposal": choices}, headers={"X-Requested-With": "fetch"}
                    ),
                    ok=lambda response: response.status == 204,
                )
                if saved.status == 204:
                    submit.timed(
                        lambda: client.post(review_url),
                        ok=lambda response: response.status == 302 and "kvittering" in response.header("Location"),
                    )

            return step

        drive([page, draft, submit], self.clients, self.seconds, make_step)
        return [page, draft, submit]


def probe(server: Gunicorn, targets: Targets, headers: dict[str, str]) -> None:
    """Ask every anonymous address once and say which do not answer 200 (they count as errors in the load)."""
    client = Client(server.port, headers=headers)
    bad = []
    for path in [*targets.pages, *targets.lists, *targets.maps]:
        response = client.get(path)
        if response.status != 200:
            bad.append(f"{response.status} {path}")
    client.close()
    if bad:
        log(f"  ! {len(bad)} addresses do not answer 200, e.g. " + "; ".join(bad[:5]))


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def print_table(title: str, scenarios: list[Scenario], bare: dict[str, Scenario]) -> None:
    say()
    say(title)
    say(HEADER)
    for scenario in scenarios:
        baseline = None if scenario.name.startswith("bare") else bare.get(scenario.kind)
        say(table_row(scenario, baseline))
        if scenario.statuses:
            say(f"{'':<4}errors by status (0 = no answer): {dict(sorted(scenario.statuses.items()))}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sob_bench")
    )
    parser.add_argument("--seconds", type=float, default=15.0, help="per scenario (default 15)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent connections (default 8)")
    parser.add_argument("--workers", type=int, default=4, help="Gunicorn worker processes (default 4)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker; > 1 uses gthread (default 1)")
    parser.add_argument("--voters", type=int, default=400, help="signed-in voters made for the ballot scenario")
    parser.add_argument("--scale", choices=("city", "demo"), default="city", help="seed_demo's scale (default city)")
    parser.add_argument("--city-factor", type=float, default=None, help="seed_demo --city-factor, e.g. 0.05")
    parser.add_argument("--keep-database", action="store_true", help="reuse the database (seed_demo is idempotent)")
    parser.add_argument("--redis-db", type=int, default=7, help="the Redis database number for the cache (flushed)")
    args = parser.parse_args(argv)

    redis_url = f"redis://127.0.0.1:6379/{args.redis_db}"
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=args.database_url,
        DATABASE_CONN_MAX_AGE="60",
        REDIS_URL=redis_url,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_PAGE_CACHE_SECONDS="0",
        MAP_TILES_URL="",
        **dict.fromkeys(RATE_VARIABLES, HUGE),
    )
    os.environ.update(env)
    started = time.monotonic()
    name = database_name(args.database_url)
    if not args.keep_database:
        log(f"→ fresh database {name}")
        fresh_database(args.database_url)
    log("→ migrating")
    manage("migrate", "--no-input", "-v", "0", env=env)
    seed = ["seed_demo", "-v", "0"]
    if args.scale == "city":
        seed += ["--scale", "city"] + (["--city-factor", str(args.city_factor)] if args.city_factor else [])
    log(f"→ {' '.join(seed)} (city scale takes minutes)")
    seeding = time.monotonic()
    manage(*seed, env=env)
    seeded_in = time.monotonic() - seeding
    log(f"  seeded in {seeded_in:.0f} s; collecting static files")
    manage("collectstatic", "--no-input", "-v", "0", env=env)
    log(f"→ reading the targets; {args.voters} signed-in voters")
    targets = set_up(args.voters)
    log(f"  {targets.summary}")

    LOG_FILE.unlink(missing_ok=True)
    log(f"  the server's logs go to {LOG_FILE.relative_to(ROOT)}")
    runs = []
    for cache_seconds in (0, CACHE_ON_SECONDS):
        flush_redis(redis_url)
        env["DJANGO_PAGE_CACHE_SECONDS"] = str(cache_seconds)
        server = Gunicorn(env=env, workers=args.workers, threads=args.threads, log_file=LOG_FILE)
        label = f"page cache {'on (' + str(cache_seconds) + ' s)' if cache_seconds else 'off'}"
        log(f"→ Gunicorn, {label}, on {server.base_url}")
        with server:
            bench = Bench(server, targets, args.clients, args.seconds)
            server.wait_until_ready(f"/bench/read/{targets.bare_ids[0]}/", headers=bench.headers)
            probe(server, targets, bench.headers)
            read = bench.anonymous("bare read (1 indexed read)", [f"/bench/read/{pk}/" for pk in targets.bare_ids])
            scenarios = [read]
            bare = {"read": read}
            if not cache_seconds:
                bare["write"] = bench.bare_write()
                scenarios.append(bare["write"])
            scenarios.append(bench.anonymous("project pages (anonymous)", targets.pages))
            scenarios.append(bench.anonymous("idea lists (filters, pages)", targets.lists))
            scenarios.append(bench.anonymous("map viewports (GeoJSON)", targets.maps))
            if not cache_seconds:
                scenarios += bench.ballot()
        runs.append((label, scenarios, bare))

    from budgeting.models import Ballot

    ballots_after = Ballot.objects.filter(round_id=targets.round_id).count()
    say(
        f"Load benchmark: Gunicorn {args.workers} {'gthread' if args.threads > 1 else 'sync'} workers"
        f"{f' × {args.threads} threads' if args.threads > 1 else ''}, production settings, PostgreSQL ({name}), "
        f"Redis cache; {args.clients} client connections from one process on loopback; {args.seconds:.0f} s "
        f"per scenario; {os.cpu_count()} cores shared by server, client and database"
    )
    say(f"Data: seed_demo --scale {args.scale}" + (f" --city-factor {args.city_factor}" if args.city_factor else ""))
    say(f"  {targets.summary}; seeding took {seeded_in:.0f} s")
    say("ratio: requests per second of the scenario ÷ those of the bare read (reads) or bare write (writes)")
    for label, scenarios, bare in runs:
        print_table(label, scenarios, bare)
    say()
    say("page cache effect (requests per second, on ÷ off):")
    off, on = ({s.name: s for s in run[1]} for run in runs)
    for scenario_name in ("project pages (anonymous)", "idea lists (filters, pages)", "map viewports (GeoJSON)"):
        before, after = off[scenario_name], on[scenario_name]
        factor = f"{after.rate / before.rate:.2f}×" if before.rate else "-"
        say(f"  {scenario_name:<32} {before.rate:>8.1f} → {after.rate:>8.1f}  {factor}")
    say(f"ballots in the round: {targets.round_ballots:,} before, {ballots_after:,} after (one per voter)")
    log(f"→ done in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
