"""Rate limits for every write a citizen can make, per account and per IP address."""

from django.conf import settings
from django_ratelimit.core import is_ratelimited


def too_many(request, action: str) -> bool:
    """Count this request against the action's limit; True when the person or the address is over it."""
    rate = settings.PARTICIPATION_RATE_LIMITS[action]
    group = f"participation.{action}"
    over_ip = is_ratelimited(request, group=group, key="ip", rate=rate, increment=True)
    over_user = request.user.is_authenticated and is_ratelimited(
        request, group=group, key="user", rate=rate, increment=True
    )
    return over_ip or over_user
