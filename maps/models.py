"""Copenhagen's districts (bydele) and local-committee areas (lokaludvalg).

Outlines are GeoJSON geometries (EPSG:4326, lon/lat) in a JSON column, validated and simplified with
shapely when imported. A bounding box and a representative point are stored beside each outline so
lists and maps need no geometry work per request.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    code = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    outline = models.JSONField(_("outline (GeoJSON geometry)"))
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    # Derived from the outline on import.
    min_lon = models.FloatField(editable=False, default=0)
    min_lat = models.FloatField(editable=False, default=0)
    max_lon = models.FloatField(editable=False, default=0)
    max_lat = models.FloatField(editable=False, default=0)
    label_lon = models.FloatField(editable=False, default=0)
    label_lat = models.FloatField(editable=False, default=0)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class District(Area):
    """One of the 10 administrative districts (bydele)."""

    class Meta(Area.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class LocalCommittee(Area):
    """One of the 12 local committees (lokaludvalg), each inside one district."""

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="local_committees"
    )

    class Meta(Area.Meta):
        verbose_name = _("local committee")
        verbose_name_plural = _("local committees")
