import re

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import get_language
from wagtail.models import Locale, Page


def search(request):
    """Full-text search over the live pages in the visitor's language."""
    # SQLite's full-text syntax fails on a double quote or NUL (Wagtail #13227); they carry no meaning here.
    query = re.sub(r'["\x00]', " ", request.GET.get("q", "")).strip()[:200]
    results = Page.objects.none()
    if query:
        locale = Locale.objects.filter(language_code=get_language()).first()
        pages = Page.objects.live().public().specific()
        if locale is not None:
            pages = pages.filter(locale=locale)
        results = pages.search(query)
    page_obj = Paginator(results, 10).get_page(request.GET.get("side"))
    return render(request, "cms/search.html", {"query": query, "page_obj": page_obj})
