"""Translating a demo object through wagtail-localize, with the English texts read from an unsaved twin.

The twin is an instance of the same model holding the English texts where the source holds the
Danish ones (child objects under the same translation keys, StreamField blocks under the same ids),
so that wagtail-localize gives its strings the same paths as the source's.
"""

from collections import defaultdict
from typing import Any

from django.db import models
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from .content import DemoContentError


def translate(instance: models.Model, *, twin: models.Model, locale: Locale, warnings: list[str]) -> Any:
    """Translate `instance` into `locale` through wagtail-localize, with the texts of `twin` as manual translations.

    Pages are saved as drafts (publishing them is left to the caller); snippets are saved directly.
    A string with no English text in `twin` is left in the source language and named in `warnings`.
    """
    source, _ = TranslationSource.update_or_create_from_instance(instance)
    english = _english_strings(instance, twin)
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        data = english.get((segment.context.path, segment.string.data))
        if data is None:
            warnings.append(f"“{instance}”: {segment.context.path} left in Danish: no English text for it.")
            continue
        StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": data, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
        )
    Translation.objects.get_or_create(source=source, target_locale=locale)
    translated, _ = source.create_or_update_translation(
        locale, publish=not isinstance(instance, Page), copy_parent_pages=True, fallback=True
    )
    return translated


def _english_strings(instance: models.Model, twin: models.Model) -> dict[tuple[str, str], str]:
    """English text for each (path, Danish text) of `instance`, read from its English `twin`.

    Strings are paired within each path (a field or block) in order; a path whose Danish and English
    strings differ in number (the page was edited, or the content is mis-shaped) gets no English text.
    """
    danish_by_path, english_by_path = _strings_by_path(instance), _strings_by_path(twin)
    strings: dict[tuple[str, str], str] = {}
    for path, danish in danish_by_path.items():
        english = english_by_path.get(path, [])
        if len(english) != len(danish):
            continue
        for danish_text, english_text in zip(danish, english, strict=True):
            if strings.setdefault((path, danish_text), english_text) != english_text:
                raise DemoContentError(f"“{instance}” has {danish_text!r} twice in {path} with different English.")
    return strings


def _strings_by_path(instance: models.Model) -> dict[str, list[str]]:
    strings: dict[str, list[str]] = defaultdict(list)
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue):
            strings[segment.path].append(segment.string.data)
    return strings
