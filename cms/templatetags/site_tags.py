from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page

register = template.Library()


@register.inclusion_tag("includes/language_switch.html", takes_context=True)
def language_switch(context):
    """Links to this page in the other languages: its translation where one is live, else that language's home."""
    request = context["request"]
    page = context.get("page")
    current = get_language()
    links = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        url = None
        if isinstance(page, Page):
            locale = Locale.objects.filter(language_code=code).first()
            translation = page.get_translation_or_none(locale) if locale else None
            if translation is not None and translation.live:
                url = translation.get_url(request)
            elif locale is not None:
                home = Page.objects.live().filter(depth=2, locale=locale).first()
                url = home.get_url(request) if home else None
        if url is None:
            url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url})
    return {"links": links}


@register.simple_tag(takes_context=True)
def home_page(context):
    """The live home page in the current language (the site root's translation)."""
    locale = Locale.objects.filter(language_code=get_language()).first()
    return Page.objects.live().filter(depth=2, locale=locale).first() if locale else None


@register.filter
def localized_page(page):
    """The page's translation in the active language, if it exists (for links chosen in settings)."""
    if page is None:
        return None
    return page.localized


@register.simple_tag(takes_context=True)
def notification_count(context) -> int:
    """How many unread notifications the signed-in person has (one query)."""
    from participation.notifications import unread_count

    return unread_count(user=context["request"].user)
