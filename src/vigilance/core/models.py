"""Reference data every app shares (regions and departments, the taxonomy of offences), and the
copies of the documents the platform signed."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Bilingual(models.Model):
    """A row named in French and English; ``name`` answers in the active language."""

    name_fr = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_in(get_language())

    def name_in(self, language: str | None) -> str:
        return self.name_en if (language or "fr").startswith("en") else self.name_fr


class Region(Bilingual):
    code = models.CharField(max_length=4, primary_key=True)
    capital = models.CharField(max_length=100)

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("region")


class Department(Bilingual):
    code = models.CharField(max_length=40, primary_key=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departments")

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("department")


class OffenceGroup(Bilingual):
    code = models.CharField(max_length=40, primary_key=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]


class OffenceCategory(Bilingual):
    """One category of the bilingual taxonomy; ``code`` is stable and used in the API."""

    code = models.CharField(max_length=60, primary_key=True)
    group = models.ForeignKey(OffenceGroup, on_delete=models.PROTECT, related_name="categories")
    hint_fr = models.CharField(max_length=400, blank=True)
    hint_en = models.CharField(max_length=400, blank=True)
    severity = models.PositiveSmallIntegerField(help_text="1 (low) to 5 (critical), for triage.")
    rsit = models.CharField(
        max_length=60, help_text="Closest class of the Reference Security Incident Taxonomy."
    )
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("offence category")
        verbose_name_plural = _("offence categories")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(severity__gte=1, severity__lte=5),
                name="category_severity_1_to_5",
            )
        ]

    @property
    def hint(self) -> str:
        return self.hint_en if (get_language() or "fr").startswith("en") else self.hint_fr


class IssuedDocument(models.Model):
    """A signed document as first issued (a report's receipt), kept to be served again as is.

    ``content`` is encrypted by the app that issues the document when it holds personal data;
    ``fingerprint`` names what the document shows, so a copy whose facts changed is replaced.
    """

    name = models.CharField(max_length=120, unique=True)
    fingerprint = models.CharField(max_length=64)
    content = models.BinaryField()
    issued_at = models.DateTimeField()


class YearlyCounter(models.Model):
    """The last number given in a series (``CAS``, ``REQ``...) in a year: numbers restart at 1
    each year. ``core.numbering.next_number`` is the only writer."""

    series = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="yearly_counter_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.series}-{self.year}: {self.last_number}"
