"""AKE's visits to the region's libraries (plan §3.1)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ake.fields import TextLanguageField

__all__ = ["LibraryVisit"]


class LibraryVisit(models.Model):
    """A visit by AKE to a library; staff of nearby libraries may join it there."""

    class Kind(models.TextChoices):
        INFORMATICIANS = "informaticians", _("AKE informaticians' visit")
        DIRECTOR_AVI = "director_avi", _("library services director with AVI")

    date = models.DateField(_("date"))
    place = models.ForeignKey(
        "networks.Library",
        verbose_name=_("library visited"),
        on_delete=models.PROTECT,
        related_name="visits_hosted",
    )
    participating_libraries = models.ManyToManyField(
        "networks.Library",
        verbose_name=_("other libraries taking part"),
        blank=True,
        related_name="visits_joined",
        help_text=_("Libraries whose staff came to the meeting, e.g. a partner library."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INFORMATICIANS)
    ake_participants = models.ManyToManyField(
        "networks.User", verbose_name=_("AKE participants"), blank=True, related_name="ake_visits"
    )
    summary = models.TextField(
        _("summary for the libraries"), blank=True, help_text=_("Shown to library staff on the site.")
    )
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Only AKE sees these; never shown on the site.")
    )
    # The summary is AKE's own text, read as written in every language of the site.
    text_language = TextLanguageField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    written_in = {"summary": "text_language", "internal_notes": "text_language"}

    class Meta:
        verbose_name = _("library visit")
        verbose_name_plural = _("library visits")
        ordering = ["-date"]
        indexes = [models.Index(fields=["date"], name="libraryvisit_date_idx")]

    def __str__(self):
        return f"{self.place} {self.date:%d.%m.%Y}"
