""" "Hvad skete der?" / "What happened?" and a proposal's implementation in Chromium: axe-core finds nothing in Danish
and English and at 320 px, the map's markers say where each proposal stands, and the filters work by keyboard."""

import io
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image, ImageDraw

from budgeting.models import (
    BallotType,
    BudgetRound,
    CommitteeDecision,
    DecisionKind,
    Proposal,
    Tally,
    TallyResult,
    WinnerRule,
)
from budgeting.services import implementation as services
from budgeting.services import proposals as proposal_services
from budgeting.services import rounds as round_services
from maps import services as map_services
from maps.models import District, LocalCommittee
from participation import photos
from participation.models import PhaseType
from tests.budgeting.conftest import days
from tests.cms.factories import create_home_page, create_project, create_project_index
from tests.e2e.conftest import assert_no_axe_violations, e2e, open_page

pytestmark = e2e

NARROW = {"width": 320, "height": 640}
# title: (place, cost, district slug, decision, (status, progress) or None)
FUNDED = {
    "Træer i Nørrebroparken": ((55.6925, 12.5430), 800_000, DecisionKind.APPROVE, ("in_progress", 40)),
    "Bænke på Blågårds Plads": ((55.6873, 12.5546), 300_000, DecisionKind.APPROVE_WITH_CHANGES, ("done", 100)),
    "Cykelparkering ved Bispebjerg Station": ((55.7090, 12.5420), 400_000, None, None),
    "Lys på Bispebjerg Bakke": ((55.7060, 12.5380), 250_000, DecisionKind.REFER_BACK, None),
}


@dataclass
class Site:
    round: BudgetRound

    def url(self, language: str = "en", **params) -> str:
        with translation.override(language):
            path = reverse("budgeting:what_happened")
        return path + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")

    def proposal_url(self, title: str, language: str = "en") -> str:
        with translation.override(language):
            return reverse("budgeting:proposal_detail", kwargs={"pk": self.round.proposals.get(title=title).pk})


def _photo() -> photos.ProcessedPhoto:
    """A made-up photo of young trees: green crowns on brown trunks over grass, drawn with Pillow."""
    image = Image.new("RGB", (800, 500), (170, 210, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 360, 800, 500), fill=(90, 160, 70))
    for x in (150, 400, 650):
        draw.rectangle((x - 8, 250, x + 8, 380), fill=(110, 80, 50))
        draw.ellipse((x - 70, 130, x + 70, 280), fill=(40, 120, 60))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    buffer.seek(0)
    buffer.size = len(buffer.getvalue())
    return photos.process_upload(buffer)


@pytest.fixture
def site(transactional_db) -> Site:
    """A counted Nørrebro and Bispebjerg round whose four funded proposals stand in four different places."""
    map_services.load_demo_areas()
    districts = list(District.objects.filter(slug__in=["norrebro", "bispebjerg"]))
    project = create_project(
        create_project_index(create_home_page()),
        title="Borgerbudget Nørrebro og Bispebjerg",
        slug="borgerbudget-noerrebro-bispebjerg",
        districts=districts,
        phases=[(PhaseType.REVIEW, days(-90), days(-31)), (PhaseType.VOTING, days(-30), days(-20))],
    )
    budget_round = round_services.round_create(
        project=project,
        title="Borgerbudget 2026",
        total_budget=2_000_000,
        ballot_type=BallotType.KNAPSACK,
        winner_rule=WinnerRule.GREEDY,
    )
    now = timezone.now()
    tally = Tally.objects.create(round=budget_round, rule=budget_round.winner_rule, computed_at=now)
    BudgetRound.objects.filter(pk=budget_round.pk).update(tallied_at=now)
    for title, ((lat, lon), cost, decision, state) in FUNDED.items():
        proposal = proposal_services.proposal_create(
            round=budget_round,
            title=title,
            description="Et forslag fra borgerne.",
            cost=cost,
            administration=project.administration,
            latitude=lat,
            longitude=lon,
            at=days(-40),
        )
        Proposal.objects.filter(pk=proposal.pk).update(feasibility="feasible")
        TallyResult.objects.create(tally=tally, proposal=proposal, votes_online=10, selected=True)
        if decision is not None:
            CommitteeDecision.objects.create(
                proposal=proposal,
                committee=LocalCommittee.objects.filter(district=proposal.district).first(),
                kind=decision,
                changes="Færre bænke." if decision == DecisionKind.APPROVE_WITH_CHANGES else "",
                reason="Udvalget har drøftet forslaget.",
                recorded_at=now,
                confirmed_at=now,
            )
        if state is not None:
            implementation = services.implementation_ensure(proposal=proposal)
            status, progress = state
            services.implementation_add_update(
                implementation=implementation, by=None, date=days(-15), text="Arbejdet er planlagt."
            )
            implementation = services.implementation_update(
                implementation=implementation,
                by=None,
                status=status,
                progress=progress,
                expected_completion=days(120),
                administration=project.administration,
            )
            services.implementation_add_update(
                implementation=implementation,
                by=None,
                date=days(-2),
                text="De første træer er plantet.",
                photo=_photo(),
                photo_alt="Tre unge træer på en græsplæne",
            )
    budget_round.refresh_from_db()
    cache.clear()
    return Site(round=budget_round)


@pytest.mark.parametrize("language", ["da", "en"])
def test_what_happened_has_no_axe_violations(page, site, language):
    """The summary, the map with a marker per proposal in its state's style and the table, in either language."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_page(page, site.url(language))
    assert page.locator(".impl-table tbody tr").count() == 4
    for token in ("in-progress", "done", "awaiting", "referred-back"):
        assert page.locator(f".sob-map .sob-map__marker--impl-{token}").count() == 1, token
    assert_no_axe_violations(page)
    assert not errors


def test_what_happened_fits_a_320_px_screen(page, site):
    """At 320 px only the table scrolls sideways (a focusable region), not the page."""
    page.set_viewport_size(NARROW)
    open_page(page, site.url("da"))
    assert page.evaluate("document.scrollingElement.scrollWidth") <= NARROW["width"]
    assert_no_axe_violations(page)


def test_a_proposal_with_implementation_updates_has_no_axe_violations(page, site):
    """Status, progress in words beside its bar, expected completion, and the updates with a described photo."""
    open_page(page, site.proposal_url("Træer i Nørrebroparken"))
    section = page.locator("section.implementation")
    assert "In progress" in section.inner_text() and "40 %" in section.inner_text()
    assert section.get_by_role("img", name="Tre unge træer på en græsplæne").count() == 1
    assert_no_axe_violations(page)
    open_page(page, site.proposal_url("Træer i Nørrebroparken", "da"))
    assert_no_axe_violations(page)


def test_the_filters_work_by_keyboard(page, site):
    """Tab to the district filter, type to choose Bispebjerg, Tab on to the status, choose "Referred back", Tab to the
    button and press Enter: the table shows the one Bispebjerg proposal that was referred back."""
    open_page(page, site.url())
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_bydel":
            break
    else:
        raise AssertionError("Tab never reached the district filter")
    page.keyboard.type("Bisp")  # a closed select chooses the option whose label starts with what is typed
    assert page.get_by_label("District").input_value() == "bispebjerg"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_status"
    page.keyboard.type("Ref")
    assert page.get_by_label("Status").input_value() == "referred_back"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Show proposals"
    page.keyboard.press("Enter")
    page.wait_for_url("**status=referred_back**")
    rows = page.locator(".impl-table tbody tr")
    assert rows.count() == 1 and "Lys på Bispebjerg Bakke" in rows.first.inner_text()
    assert_no_axe_violations(page)
