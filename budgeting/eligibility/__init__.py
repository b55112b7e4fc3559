"""Who may vote in a round: one provider per way of checking (`BudgetRound.eligibility`), one set of rules.

Each provider turns its evidence into a `Person` (what is known of their age, residence and district) and
asks `rules.decide`, so the three share one path:

- self-declared (`SelfDeclaredProvider`): the person's word, and the district they choose;
- OpenID Connect (`OidcProvider`): birth date, municipality and postcode claims from a MitID broker;
- census list (`CensusProvider`): the salted hash of the identity number is on the list staff uploaded.

The answer is a `Decision`: eligible, with the district whose sub-budget the person votes in (or districts
to choose from), or not, with a reason they can read. Providers write nothing but a round's salt, made the
first time it is needed; `services.voter_verify` records an eligible decision on the person's voter row.
"""

from __future__ import annotations

from ..models import BudgetRound, Eligibility
from .census import CensusProvider
from .oidc import OidcProvider
from .rules import Code, Decision, Person, age_on, decide, place, reason, refused
from .self_declared import SelfDeclaredProvider

PROVIDERS = {
    Eligibility.SELF_DECLARED: SelfDeclaredProvider(),
    Eligibility.OIDC: OidcProvider(),
    Eligibility.CENSUS: CensusProvider(),
}


def provider_for(round: BudgetRound):
    """The provider that checks eligibility in the round."""
    return PROVIDERS[round.eligibility]


__all__ = [
    "PROVIDERS",
    "CensusProvider",
    "Code",
    "Decision",
    "OidcProvider",
    "Person",
    "SelfDeclaredProvider",
    "age_on",
    "decide",
    "place",
    "provider_for",
    "reason",
    "refused",
]
