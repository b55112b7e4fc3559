"""The site's URLs plus two bare views for the benchmark's baseline: one indexed read and one indexed write."""

import random

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from budgeting.models import Proposal, Voter
from config.urls import urlpatterns as site_urlpatterns


def bare_read(request, pk: int):
    """One read by primary key."""
    title = Proposal.objects.filter(pk=pk).values_list("title", flat=True).first()
    return HttpResponse(title or "", content_type="text/plain")


@csrf_exempt
@require_POST
def bare_write(request, pk: int):
    """One write by primary key."""
    Voter.objects.filter(pk=pk).update(draft={"1": random.randint(1, 9)})  # noqa: S311 - not security
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/read/<int:pk>/", bare_read),
    path("bench/write/<int:pk>/", bare_write),
    *site_urlpatterns,
]
