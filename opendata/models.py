from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedDocument(models.Model):
    """A document fetched from the Tweede Kamer's open data, by its identifier there: the
    same identifier is never fetched twice, however often it is changed upstream."""

    tk_id = models.CharField(_("id in het Gegevensmagazijn"), max_length=64, unique=True)
    document = models.ForeignKey(
        "documents.Document",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("document"),
    )
    soort = models.CharField(_("soort"), max_length=100)
    document_number = models.CharField(_("documentnummer"), max_length=32, blank=True)
    zaak_numbers = models.JSONField(_("zaaknummers"), default=list, blank=True)
    changed_at = models.DateTimeField(_("gewijzigd in het Gegevensmagazijn"))
    imported_at = models.DateTimeField(_("geïmporteerd"), auto_now_add=True)

    class Meta:
        verbose_name = _("geïmporteerd document")
        verbose_name_plural = _("geïmporteerde documenten")

    def __str__(self) -> str:
        return self.document_number or self.tk_id


class ImportRun(models.Model):
    """One run of the import: what it asked for and what came of it."""

    since = models.DateTimeField(_("gewijzigd sinds"))
    started_at = models.DateTimeField(_("begonnen"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar"), null=True, blank=True)
    last_changed_at = models.DateTimeField(
        _("laatste wijziging"),
        null=True,
        blank=True,
        help_text=_("De laatste wijziging die deze run zag."),
    )
    seen = models.PositiveIntegerField(_("gezien"), default=0)
    created = models.PositiveIntegerField(_("nieuw"), default=0)
    skipped = models.PositiveIntegerField(_("overgeslagen"), default=0)
    failed = models.PositiveIntegerField(_("mislukt"), default=0)
    error = models.TextField(_("fout"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("importrun")
        verbose_name_plural = _("importruns")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} (sinds {self.since:%Y-%m-%d})"
