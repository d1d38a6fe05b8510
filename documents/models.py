from datetime import timedelta

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.expressions import CombinedExpression
from django.db.models.fields.json import KT
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.structure import paragraphs_of

# The fields a clerk corrects (and detection fills): their every change is kept in
# `DocumentSnapshot`, an append-only table written by a database trigger.
DOCUMENT_AUDITED_FIELDS = [
    "filename", "kind", "kind_set_by_user", "title", "identifiers", "date", "overrides",
]  # fmt: skip


# The labels of the events `pghistory.track` records (InsertEvent, UpdateEvent, DeleteEvent),
# as the admin's history pages name them.
EVENT_LABELS = {"insert": _("aangemaakt"), "update": _("gewijzigd"), "delete": _("verwijderd")}


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    fields=DOCUMENT_AUDITED_FIELDS,
    model_name="DocumentSnapshot",
    meta={"verbose_name": _("documentversie"), "verbose_name_plural": _("documentgeschiedenis")},
)
class Document(models.Model):
    """An uploaded file and what ingestion made of it."""

    # The stages of processing a document, in order, shown from `stage` while it runs.
    STAGES = (
        ("read", _("bestand lezen")),
        ("structure", _("structuur")),
        ("store", _("opslaan")),
        ("link", _("koppelen")),
    )
    # The stage of a queued document whose ingestion lost its database and will be retried.
    RETRY_STAGE = "retry"
    # Queued with this stage: stored whole, waiting in the linking queue; processing with
    # it: being linked. Queued with LINK_RETRY_STAGE: its linking lost the database and
    # will be retried.
    LINK_STAGE = "link"
    LINK_RETRY_STAGE = "link-retry"

    class Kind(models.TextChoices):
        QUESTIONS = "questions", _("Kamervragen")
        ANSWERS = "answers", _("Antwoorden")
        LETTER = "letter", _("Kamerbrief")
        NOTICE = "notice", _("Uitstelbericht")
        OTHER = "other", _("Overig")

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        PROCESSING = "processing", _("Wordt verwerkt")
        DONE = "done", _("Verwerkt")
        FAILED = "failed", _("Mislukt")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        HTML = "html", "HTML"
        XML = "xml", "XML"
        DOCX = "docx", "Word"
        TEXT = "text", _("Tekst")
        UNKNOWN = "unknown", _("Onbekend")

    file = models.FileField(_("bestand"), upload_to="documents/%Y/%m/")
    filename = models.CharField(_("bestandsnaam"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    format = models.CharField(
        _("formaat"), max_length=10, choices=Format.choices, default=Format.UNKNOWN
    )
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    kind_set_by_user = models.BooleanField(
        _("soort gekozen door gebruiker"),
        default=False,
        help_text=_("Een griffier heeft de soort vastgezet; detectie wijzigt haar niet."),
    )
    title = models.TextField(_("titel"), blank=True)
    identifiers = models.JSONField(
        _("kenmerken"), default=dict, blank=True, help_text=_("Zaaknummer, Kamerstuknummer, …")
    )
    date = models.DateField(_("datum"), null=True, blank=True)
    overrides = models.JSONField(
        _("vastgezette gegevens"),
        default=dict,
        blank=True,
        help_text=_(
            "Titel, datum en kenmerken die een griffier heeft vastgezet; detectie wijzigt ze niet."
        ),
    )
    metadata = models.JSONField(
        _("gegevens"),
        default=dict,
        blank=True,
        help_text=_("Indieners, beantwoorder, datum van ontvangst, nader antwoord, …"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    stage = models.CharField(_("stap"), max_length=32, blank=True)
    error = models.TextField(_("foutmelding"), blank=True)
    retry_helps = models.BooleanField(
        _("opnieuw proberen helpt"),
        default=True,
        help_text=_(
            "Uit bij een mislukking die in het bestand zelf zit (een scan zonder tekst, een "
            "beschadigd bestand): opnieuw verwerken geeft dezelfde uitkomst."
        ),
    )
    page_count = models.PositiveIntegerField(_("pagina's"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("geüpload door"),
    )
    created_at = models.DateTimeField(_("geüpload"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)
    processed_at = models.DateTimeField(_("verwerkt"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The document list and search, newest first (read in order, never sorted
            # whole), and search's Kamerstuk hits.
            models.Index(
                "kind", F("date").desc(nulls_last=True), F("id").desc(), name="document_kind_date"
            ),
            models.Index(F("date").desc(nulls_last=True), F("id").desc(), name="document_date"),
            # The latest added (the default order; the dashboard's recent documents): read
            # in order, not every document sorted (107 ms at 96,000 documents).
            models.Index(F("created_at").desc(), name="document_created_at"),
            models.Index(
                KT("identifiers__kamerstuk_dossier"),
                KT("identifiers__kamerstuk_number"),
                name="document_kamerstuk",
            ),
        ]
        verbose_name = _("document")
        verbose_name_plural = _("documenten")

    def __str__(self) -> str:
        return self.title or self.filename

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def can_retry(self) -> bool:
        """Failed for a reason another run may not meet (a crash, a lost connection), or stuck."""
        return (self.status == self.Status.FAILED and self.retry_helps) or self.is_stuck

    @property
    def is_retry_pending(self) -> bool:
        """Queued again automatically after a fault; neither failed nor to be retried by hand."""
        return self.status == self.Status.QUEUED and self.stage in {
            self.RETRY_STAGE,
            self.LINK_RETRY_STAGE,
        }

    @property
    def is_waiting_for_linking(self) -> bool:
        """Stored by the extraction, its linking not yet begun (`kamervragen.ingestion`)."""
        return self.status == self.Status.QUEUED and self.is_stored_for_linking

    @property
    def is_stored_for_linking(self) -> bool:
        """Stored whole by the extraction: waiting for its linking or being linked."""
        return self.stage in {self.LINK_STAGE, self.LINK_RETRY_STAGE}

    @property
    def is_stuck(self) -> bool:
        """Queued or processing, and unchanged for longer than an ingestion stage takes."""
        if self.is_finished or self.updated_at is None:
            return False
        limit = timedelta(minutes=settings.DOCUMENT_STUCK_AFTER_MINUTES)
        return timezone.now() - self.updated_at > limit

    @property
    def stage_progress(self) -> tuple[int, int, str] | None:
        """(step, of, label) while processing, e.g. (2, 4, "structuur")."""
        names = [name for name, _label in self.STAGES]
        if self.status != self.Status.PROCESSING or self.stage not in names:
            return None
        step = names.index(self.stage)
        return step + 1, len(names), str(self.STAGES[step][1])


def _searchable(vector: SearchVector | CombinedExpression) -> models.GeneratedField:
    """A search vector the database computes on every write (so an edit anywhere, the admin
    included, is searchable at once); NULL for a superseded row, out of reach of search."""
    return models.GeneratedField(
        expression=Case(
            When(superseded=False, then=vector),
            default=Value(None),
            output_field=SearchVectorField(),
        ),
        output_field=SearchVectorField(),
        db_persist=True,
        null=True,
        verbose_name=_("zoekindex"),
    )


def _superseded_field() -> models.BooleanField:
    """A passage or footnote gone from its document after reprocessing, kept because a
    person's decision (a curated link) still points at it."""
    return models.BooleanField(
        _("vervallen"),
        default=False,
        help_text=_(
            "Na opnieuw verwerken niet meer in het document; bewaard omdat een curator "
            "er een koppeling op beoordeelde."
        ),
    )


class Passage(models.Model):
    class Role(models.TextChoices):
        BODY = "body", _("Tekst")
        INTRODUCTION = "introduction", _("Inleiding")
        ANSWER = "answer", _("Antwoord")
        SIGNATURE = "signature", _("Ondertekening")

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="passages", verbose_name=_("document")
    )
    order = models.PositiveIntegerField(
        _("volgorde"),
    )
    heading = models.TextField(_("kop"), blank=True)
    text = models.TextField(_("tekst"))
    page = models.PositiveIntegerField(_("pagina"), null=True, blank=True)
    role = models.CharField(_("rol"), max_length=16, choices=Role.choices, default=Role.BODY)
    answer_numbers = ArrayField(
        models.PositiveIntegerField(),
        default=list,
        blank=True,
        verbose_name=_("beantwoordt vragen"),
    )
    refers_to_numbers = ArrayField(
        models.PositiveIntegerField(),
        default=list,
        blank=True,
        help_text=_("Antwoorden waarnaar deze passage verwijst (“Zie het antwoord op vraag 3”)."),
        verbose_name=_("verwijst naar vragen"),
    )
    lemmas = models.TextField(
        _("lemma's"), blank=True, help_text=_("Lemma's van de tekst, voor het zoeken.")
    )
    sentence_starts = ArrayField(
        models.PositiveIntegerField(),
        default=list,
        blank=True,
        help_text=_("Beginposities van de zinnen in de tekst."),
        verbose_name=_("zinsbegins"),
    )
    # The text stays one whitespace-collapsed line (search, linking, sentence starts and the
    # exports read it); the pages show its paragraphs from these offsets.
    paragraph_starts = ArrayField(
        models.PositiveIntegerField(),
        default=list,
        db_default=[],  # a row written without it (raw SQL, COPY) is one paragraph
        blank=True,
        help_text=_("Beginposities in de tekst van de alinea's na de eerste."),
        verbose_name=_("alineabegins"),
    )
    is_further_answer = models.BooleanField(
        _("nader antwoord"),
        default=False,
        help_text=_("Een nader antwoord, gegeven na een eerder antwoord op dezelfde vraag."),
    )
    answer_run = models.PositiveSmallIntegerField(
        _("antwoordreeks"),
        default=0,
        help_text=_(
            "In een document dat de vragen van meer vragensets beantwoordt: bij welke set de "
            "nummering van dit antwoord hoort (1: de eerste; 0: een document van één set)."
        ),
    )
    superseded = _superseded_field()
    # The `dutch` words of heading and text, and the lemmas as they are (linking queries them).
    search_vector = _searchable(
        SearchVector("heading", weight="A", config="dutch")
        + SearchVector("text", weight="B", config="dutch")
        + SearchVector("lemmas", weight="C", config="simple"),
    )

    class Meta:
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="passage_order_unique")
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="passage_search_gin"),
            # The few answers of a later set in a document that answers several.
            models.Index(
                fields=["answer_run"], condition=Q(answer_run__gt=0), name="passage_answer_run"
            ),
        ]
        verbose_name = _("passage")
        verbose_name_plural = _("passages")

    def __str__(self) -> str:
        return f"{self.document} §{self.order}"

    @property
    def paragraphs(self) -> list[str]:
        """The text in its paragraphs, as the document has them."""
        return paragraphs_of(self.text, self.paragraph_starts)


class Footnote(models.Model):
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="footnotes", verbose_name=_("document")
    )
    order = models.PositiveIntegerField(
        _("volgorde"),
    )
    marker = models.CharField(_("nummer"), max_length=16)
    text = models.TextField(_("tekst"))
    urls = ArrayField(models.TextField(), default=list, blank=True, verbose_name=_("URL's"))
    page = models.PositiveIntegerField(_("pagina"), null=True, blank=True)
    passage = models.ForeignKey(
        Passage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="footnotes",
        verbose_name=_("passage"),
    )
    superseded = _superseded_field()
    search_vector = _searchable(SearchVector("text", config="dutch"))

    class Meta:
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="footnote_order_unique")
        ]
        indexes = [GinIndex(fields=["search_vector"], name="footnote_search_gin")]
        verbose_name = _("voetnoot")
        verbose_name_plural = _("voetnoten")

    def __str__(self) -> str:
        return f"{self.marker} {self.text[:60]}"


class Reference(models.Model):
    """A parliamentary paper, answer, motion, letter or web page a text refers to."""

    class Kind(models.TextChoices):
        KAMERSTUK = "kamerstuk", _("Kamerstuk")
        MOTION = "motie", _("Motie")
        AANHANGSEL = "aanhangsel", _("Aanhangsel Handelingen")
        LETTER = "brief", _("Brief")
        URL = "url", _("Webadres")
        ZAAK = "zaak", _("Zaaknummer")

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="references", verbose_name=_("document")
    )
    passage = models.ForeignKey(
        Passage,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="references",
        verbose_name=_("passage"),
    )
    footnote = models.ForeignKey(
        Footnote,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="references",
        verbose_name=_("voetnoot"),
    )
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("tekst"))
    dossier = models.CharField(_("dossier"), max_length=32, blank=True)
    numbers = ArrayField(
        models.PositiveIntegerField(), default=list, blank=True, verbose_name=_("nummers")
    )
    session = models.CharField(_("vergaderjaar"), max_length=16, blank=True)
    date = models.DateField(_("datum"), null=True, blank=True)
    url = models.TextField(_("webadres"), blank=True)
    resolved_document = models.ForeignKey(
        Document,
        verbose_name=_("verwijst naar document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cited_by",
        help_text=_("Het document in de database waarnaar deze verwijzing wijst, als het er is."),
    )

    class Meta:
        ordering = ["document", "id"]
        indexes = [models.Index(fields=["kind", "dossier"], name="reference_kind_dossier")]
        verbose_name = _("verwijzing")
        verbose_name_plural = _("verwijzingen")

    def __str__(self) -> str:
        return self.text
