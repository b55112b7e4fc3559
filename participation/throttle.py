"""Rate limits for every write a citizen can make: per person, and a far higher ceiling per IP address.

Many people share one address (a library, a school, a voting station with a few laptops), so a signed-in person
is counted by their account at the action's rate (`PARTICIPATION_RATE_LIMITS`), and the address only against its
ceiling (`PARTICIPATION_RATE_LIMITS_PER_IP`), which stops one machine from acting for many accounts. An anonymous
request has nothing but its address, which is then counted at the action's rate as well. An action without a
ceiling of its own has the action's rate as its ceiling: never looser than one person's allowance.
"""

from django.conf import settings
from django_ratelimit.core import is_ratelimited


def too_many(request, action: str) -> bool:
    """Count this request against the action's limits; True when the person or the address is over theirs."""
    group = f"participation.{action}"
    rate = settings.PARTICIPATION_RATE_LIMITS[action]
    ceiling = settings.PARTICIPATION_RATE_LIMITS_PER_IP.get(action, rate)
    person = "user" if request.user.is_authenticated else "ip"
    # Both are counted, whichever is over: a refused request still counts against the other limit.
    over_person = is_ratelimited(request, group=group, key=person, rate=rate, increment=True)
    over_address = is_ratelimited(request, group=f"{group}.address", key="ip", rate=ceiling, increment=True)
    return over_person or over_address
