import re
from typing import Any

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorCombinable, SearchVectorField
from django.db import models
from django.db.models import F, Func, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from documents.models import Document, Footnote
from documents.structure import paragraphs_of
from kamervragen.deadlines import Deadline
from kamervragen.ministries import ministries_of
from kamervragen.templatetags.display import title_cut

ZAAK_NUMBER = re.compile(r"[0-9]{4}[Zz][0-9]{4,6}")  # "2023Z11786"; also in the set URLs


class JsonStringsSearchVector(SearchVectorCombinable, Func):
    """The string values of a JSON column as a `dutch` search vector (not its keys):
    PostgreSQL's immutable to_tsvector(regconfig, jsonb), weighted."""

    template = "setweight(to_tsvector('dutch'::regconfig, %(expressions)s), '%(weight)s')"
    output_field = SearchVectorField()


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    fields=["zaak_number", "title", "submitted", "submitters", "addressed_to"],
    model_name="QuestionSetSnapshot",
    meta={"verbose_name": _("vragensetversie"), "verbose_name_plural": _("vragensetgeschiedenis")},
)
class QuestionSet(models.Model):
    """One set of written questions (one zaak), whatever documents it arrived in."""

    zaak_number = models.CharField(
        _("zaaknummer"), max_length=32, unique=True, null=True, blank=True
    )
    title = models.TextField(_("titel"), blank=True)
    submitted = models.DateField(_("ingezonden"), null=True, blank=True)
    submitters = models.JSONField(
        _("indieners"), default=list, blank=True, help_text=_('[{"name": …, "party": …}]')
    )
    addressed_to = models.JSONField(_("gericht aan"), default=list, blank=True)
    # The distinct ministries of `addressed_to` (`kamervragen.ministries.ministries_of`), kept
    # by `save` and `question_set_status_refresh`: the statistics group by them.
    ministries = ArrayField(
        models.TextField(), verbose_name=_("ministeries"), default=list, blank=True, editable=False
    )
    documents: "models.ManyToManyField[Document, SetDocument]" = models.ManyToManyField(
        "documents.Document",
        through="SetDocument",
        related_name="question_sets",
        blank=True,
        verbose_name=_("documenten"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    # Kept by the database: title, zaak number, submitters' names and parties. All `dutch`,
    # as search queries are: "Brekelmans" must meet the stem the query makes of it.
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config="dutch")
        + SearchVector("zaak_number", weight="A", config="dutch")
        + JsonStringsSearchVector("submitters", weight="B"),
        output_field=SearchVectorField(),
        db_persist=True,
        verbose_name=_("zoekindex"),
    )
    # Letters that declare they answer this set (`kamervragen.linking.replies`); a letter may
    # answer several sets, so this is not `documents` (a document belongs to one set).
    reply_letters: "models.ManyToManyField[Document, Any]" = models.ManyToManyField(
        "documents.Document",
        related_name="answered_question_sets",
        blank=True,
        verbose_name=_("antwoordbrieven"),
    )
    # Documents answering several sets, each numbered anew, that answer this set in a run
    # other than that of the set they belong to (`kamervragen.linking.answer_runs`: the run's
    # set when certain); kept by `kamervragen.ingestion.question_sets.answer_runs_record`.
    # Derived, never edited: a document still belongs to one set (`documents`).
    run_answers: "models.ManyToManyField[Document, Any]" = models.ManyToManyField(
        "documents.Document",
        related_name="run_answered_question_sets",
        blank=True,
        editable=False,
        verbose_name=_("beantwoord in een verzameld antwoord"),
    )
    # What the status and the deadline are computed from, kept by
    # `kamervragen.ingestion.question_sets.question_set_status_refresh` (never edit by hand):
    # the list, the dashboard and the overdue page filter and sort on them through indexes.
    answered = models.BooleanField(_("beantwoord"), default=False, editable=False)
    answered_on = models.DateField(_("beantwoord op"), null=True, blank=True, editable=False)
    postponed = models.BooleanField(_("uitgesteld"), default=False, editable=False)
    due = models.DateField(_("uiterlijk"), null=True, blank=True, editable=False)
    questions_missing = models.BooleanField(
        _("vragen nog niet geüpload"), default=False, editable=False
    )

    # Annotation of `kamervragen.selectors.question_sets_overview()`, not a column.
    answer_status: str

    class Meta:
        ordering = ["-submitted", "-created_at"]
        indexes = [
            GinIndex(fields=["search_vector"], name="question_set_search_gin"),
            # the pages per member and party: `submitters @> [{"name": …}]`
            GinIndex(
                fields=["submitters"],
                name="questionset_submitters_gin",
                opclasses=["jsonb_path_ops"],
            ),
            GinIndex(fields=["addressed_to"], name="question_set_addressed_to_gin"),
            # Newest first, as search sorts by date: read in order, never sorted whole.
            models.Index(
                F("submitted").desc(nulls_last=True), F("id").desc(), name="question_set_submitted"
            ),
            # The list's order; with the id, a page far down is read from the index alone.
            models.Index(
                F("submitted").desc(), F("created_at").desc(), F("id"), name="set_submitted_idx"
            ),
            models.Index(
                fields=["due"], condition=Q(answered=False), name="set_unanswered_due_idx"
            ),
            # The overdue page groups the open sets by addressees from the index alone.
            models.Index(
                fields=["due", "id"],
                include=["addressed_to"],
                condition=Q(answered=False),
                name="set_open_due_addressees_idx",
            ),
        ]
        verbose_name = _("vragenset")
        verbose_name_plural = _("vragensets")

    def __str__(self) -> str:
        return self.zaak_number or title_cut(self.title, 80) or f"#{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.ministries = ministries_of(self.addressed_to)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "addressed_to" in update_fields:
            kwargs["update_fields"] = {*update_fields, "ministries"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("question_set_by_key", args=[self.url_key])

    @property
    def url_key(self) -> str:
        """What its permalink names it by: the zaak number, or the id when it has none (or
        one not of the form 2023Z11786)."""
        zaak = self.zaak_number or ""
        return zaak if ZAAK_NUMBER.fullmatch(zaak) else str(self.pk)

    @property
    def deadline(self) -> Deadline:
        """Needs the annotation of `kamervragen.selectors.question_sets_overview()`."""
        return Deadline.of(
            status=self.answer_status,
            due=self.due,
            submitted=self.submitted,
            answered_on=self.answered_on,
            today=timezone.localdate(),
        )


class SetDocument(models.Model):
    """A document that belongs to a question set: its questions, answers or a notice."""

    # One-to-one: a document belongs to one set at most.
    document = models.OneToOneField(
        "documents.Document",
        on_delete=models.CASCADE,
        related_name="set_membership",
        verbose_name=_("document"),
    )
    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.CASCADE, verbose_name=_("vragenset")
    )

    class Meta:
        verbose_name = _("document van een vragenset")
        verbose_name_plural = _("documenten van vragensets")

    def __str__(self) -> str:
        return f"{self.question_set}: {self.document}"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    fields=["question_set", "document", "number", "text"],
    model_name="QuestionSnapshot",
    meta={"verbose_name": _("vraagversie"), "verbose_name_plural": _("vraaggeschiedenis")},
)
class Question(models.Model):
    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.CASCADE, related_name="questions", verbose_name=_("vragenset")
    )
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("document"),
    )
    number = models.PositiveIntegerField(_("nummer"))
    text = models.TextField(_("tekst"))
    # The text stays one whitespace-collapsed line (search, linking and the exports read
    # it); the pages show its paragraphs and list items from these offsets. The database
    # default lets rows written without the column (COPY, raw inserts) through.
    paragraph_starts = ArrayField(
        models.PositiveIntegerField(),
        default=list,
        db_default=[],
        blank=True,
        help_text=_("Beginposities in de tekst van de alinea's na de eerste."),
        verbose_name=_("alineabegins"),
    )
    lemmas = models.TextField(_("lemma's"), blank=True)
    # Kept by the database, so a text edited anywhere (the admin too) is searchable at once.
    search_vector = models.GeneratedField(
        expression=SearchVector("text", config="dutch"),
        output_field=SearchVectorField(),
        db_persist=True,
        verbose_name=_("zoekindex"),
    )
    footnotes: "models.ManyToManyField[Footnote, QuestionFootnote]" = models.ManyToManyField(
        "documents.Footnote",
        through="QuestionFootnote",
        related_name="questions",
        blank=True,
        verbose_name=_("voetnoten"),
    )

    class Meta:
        ordering = ["question_set", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["question_set", "number"], name="question_number_unique"
            )
        ]
        indexes = [GinIndex(fields=["search_vector"], name="question_search_gin")]
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")

    def __str__(self) -> str:
        return f"{self.question_set} vraag {self.number}"

    @property
    def paragraphs(self) -> list[str]:
        """The text in its paragraphs (a list item one of its own), as the document has it."""
        return paragraphs_of(self.text, self.paragraph_starts)


class QuestionFootnote(models.Model):
    """A footnote that belongs to the question whose text carries its marker."""

    # One-to-one: a footnote belongs to one question at most.
    footnote = models.OneToOneField(
        "documents.Footnote",
        on_delete=models.CASCADE,
        related_name="question_membership",
        verbose_name=_("voetnoot"),
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, verbose_name=_("vraag"))

    class Meta:
        verbose_name = _("voetnoot bij een vraag")
        verbose_name_plural = _("voetnoten bij vragen")

    def __str__(self) -> str:
        return f"{self.question}: {self.footnote}"


class LinkQuerySet(models.QuerySet):
    def curated(self) -> "LinkQuerySet":
        return self.filter(curated_by__isnull=False)

    def visible(self) -> "LinkQuerySet":
        return self.exclude(status=Link.Status.REJECTED)

    def touched_by_curator(self) -> "LinkQuerySet":
        """Links a person decided on or once handled: the machine never drops them."""
        return self.filter(
            Q(curated_by__isnull=False)
            | Q(method=Link.Method.MANUAL)
            | ~Q(status=Link.Status.SUGGESTED)
            | Q(events__actor__isnull=False)
        ).distinct()

    def carrying_decision(self) -> "LinkQuerySet":
        """Links that hold a curator's decision now: confirmed, rejected, added by hand or
        promoted from "Mogelijk ook relevant". Undoing it ("Terugzetten") leaves none; unlike
        `touched_by_curator`, which also keeps what a curator once handled."""
        return self.filter(
            Q(curated_by__isnull=False)
            | ~Q(status=Link.Status.SUGGESTED)
            | Q(method=Link.Method.MANUAL)
            | Q(events__action=LinkEvent.Action.PROMOTED)
        ).distinct()


# A link's every change, its deletion included, is kept in `LinkSnapshot` (append-only, by a
# database trigger) beside the curators' story in `LinkEvent`. Re-scoring alone is not kept.
LINK_AUDITED_FIELDS = [
    "question", "passage", "footnote", "method", "status", "curated_by", "curated_at", "version",
]  # fmt: skip


# What placed a link a reply letter's order alignment gave (`evidence["reply"]`, the reason
# of `kamervragen.linking.replies.reply_alignment`): its method is "lexical", but the letter's
# order or fit decided, not shared terms (it may share none).
REPLY_METHODS = {
    "order": _("Volgorde van de brief"),
    "combined": _("Volgorde van de brief"),
    "fit": _("Best passende vraag van de brief"),
}


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    fields=LINK_AUDITED_FIELDS,
    model_name="LinkSnapshot",
    meta={"verbose_name": _("koppelingsversie"), "verbose_name_plural": _("koppelingsversies")},
)
class Link(models.Model):
    """A question addressed by a passage or a footnoted source, with the evidence."""

    class Method(models.TextChoices):
        EXPLICIT = "explicit", _("Expliciet antwoord")
        LEXICAL = "lexical", _("Overeenkomende termen")
        REFERENCE = "reference", _("Gedeelde verwijzing")
        SOURCE = "source", _("Bron in voetnoot")
        MANUAL = "manual", _("Handmatig")

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Voorgesteld")
        CONFIRMED = "confirmed", _("Bevestigd")
        REJECTED = "rejected", _("Afgewezen")

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="links", verbose_name=_("vraag")
    )
    passage = models.ForeignKey(
        "documents.Passage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="links",
        verbose_name=_("passage"),
    )
    footnote = models.ForeignKey(
        "documents.Footnote",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="links",
        verbose_name=_("voetnoot"),
    )
    score = models.FloatField(_("score"), default=0.0)
    method = models.CharField(_("methode"), max_length=12, choices=Method.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUGGESTED
    )
    evidence = models.JSONField(
        _("onderbouwing"), default=dict, blank=True, help_text=_("Gevonden termen, verwijzing, …")
    )
    curated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="curated_links",
        verbose_name=_("beoordeeld door"),
    )
    curated_at = models.DateTimeField(_("beoordeeld"), null=True, blank=True)
    # Optimistic locking: every curation raises it; a curator's form carries the version it
    # showed, and a change made on a stale version is refused (`curation.LinkConflict`).
    version = models.PositiveIntegerField(_("versie"), default=1)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    objects = LinkQuerySet.as_manager()

    class Meta:
        ordering = ["question", "-score"]
        constraints = [
            models.CheckConstraint(
                condition=Q(passage__isnull=False, footnote__isnull=True)
                | Q(passage__isnull=True, footnote__isnull=False),
                name="link_has_one_target",
                # Said in the admin's form (Django's own names the constraint).
                violation_error_message=_(
                    "Kies een passage of een voetnoot: een koppeling wijst naar precies één "
                    "van de twee."
                ),
            ),
            models.UniqueConstraint(
                fields=["question", "passage"],
                condition=Q(passage__isnull=False),
                name="link_question_passage_unique",
                violation_error_message=_("Deze vraag is al aan deze passage gekoppeld."),
            ),
            models.UniqueConstraint(
                fields=["question", "footnote"],
                condition=Q(footnote__isnull=False),
                name="link_question_footnote_unique",
                violation_error_message=_("Deze vraag is al aan deze voetnoot gekoppeld."),
            ),
        ]
        indexes = [
            # The review queue (`selectors.links_review_queue`): its count and its order
            # from the links a curator should look at only, not a scan of every link.
            models.Index(
                F("score").desc(),
                "id",
                condition=Q(status="suggested") & ~Q(method__in=["explicit", "source"]),
                name="link_review_queue_idx",
            ),
        ]
        verbose_name = _("koppeling")
        verbose_name_plural = _("koppelingen")

    def __str__(self) -> str:
        return f"{self.question} → {self.passage or self.footnote}"

    @property
    def is_curated(self) -> bool:
        return self.curated_by_id is not None

    @property
    def method_label(self) -> str:
        """What made the link, as the pages and the CSV name it: the method's name, or for a
        link a reply letter's alignment placed, that ("Volgorde van de brief")."""
        reply = (self.evidence or {}).get("reply") if self.method == self.Method.LEXICAL else None
        if isinstance(reply, str) and reply in REPLY_METHODS:
            return str(REPLY_METHODS[reply])
        return self.get_method_display()

    @property
    def added_event(self) -> "LinkEvent | None":
        """Who added this link by hand, and when (from the prefetched history, if any)."""
        return next((e for e in self.events.all() if e.action == LinkEvent.Action.ADDED), None)


class LinkEvent(models.Model):
    """The audit trail of a link: who changed what, when. Rows are only ever added."""

    class Action(models.TextChoices):
        SUGGESTED = "suggested", _("Voorgesteld door het systeem")
        RESCORED = "rescored", _("Score bijgewerkt door het systeem")
        CONFIRMED = "confirmed", _("Bevestigd")
        REJECTED = "rejected", _("Afgewezen")
        ADDED = "added", _("Handmatig toegevoegd")
        PROMOTED = "promoted", _("Overgenomen uit ‘Mogelijk ook relevant’")
        REOPENED = "reopened", _("Teruggezet naar voorstel")
        DEMOTED = "demoted", _("Teruggezet naar ‘Mogelijk ook relevant’")
        WITHDRAWN = "withdrawn", _("Handmatige koppeling ingetrokken")
        MOVED = "moved", _("Verplaatst naar de passage na opnieuw verwerken")
        KEPT = "kept", _("Passage vervallen bij opnieuw verwerken; oude tekst bewaard")

    # A deleted link leaves its history: `link` becomes empty, the *_ref copies say which link
    # it was (its id, question and passage or footnote, as numbers that outlive the rows).
    link = models.ForeignKey(
        Link,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("koppeling"),
    )
    link_ref = models.BigIntegerField(_("koppeling (nummer)"), null=True, editable=False)
    question_ref = models.BigIntegerField(_("vraag (nummer)"), null=True, editable=False)
    passage_ref = models.BigIntegerField(_("passage (nummer)"), null=True, editable=False)
    footnote_ref = models.BigIntegerField(_("voetnoot (nummer)"), null=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("door"),
    )
    action = models.CharField(_("actie"), max_length=12, choices=Action.choices)
    from_status = models.CharField(
        _("van status"), max_length=12, blank=True, choices=Link.Status.choices
    )
    # Blank when the curator withdrew the link (demoted, withdrawn): there is no link after.
    to_status = models.CharField(
        _("naar status"), max_length=12, blank=True, choices=Link.Status.choices
    )
    note = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(_("tijdstip"), auto_now_add=True)

    class Meta:
        ordering = ["link", "created_at", "pk"]
        verbose_name = _("koppelingsgebeurtenis")
        verbose_name_plural = _("koppelingsgeschiedenis")
        # Append-only in the database too: no row is deleted, and the only change allowed is
        # the one deleting its link makes (link set to NULL).
        triggers = [
            pgtrigger.Protect(name="link_event_no_delete", operation=pgtrigger.Delete),
            pgtrigger.Protect(
                name="link_event_no_edit",
                operation=pgtrigger.Update,
                condition=pgtrigger.Condition(
                    "NEW.link_id IS NOT NULL"
                    " OR to_jsonb(NEW) - 'link_id' IS DISTINCT FROM to_jsonb(OLD) - 'link_id'"
                ),
            ),
        ]

    def __str__(self) -> str:
        # As the site writes a moment ("4 december 2026 10:51", local time), not in UTC.
        moment = formats.date_format(timezone.localtime(self.created_at), "DATETIME_FORMAT")
        return f"{self.get_action_display()} {moment}"

    def save(self, *args, **kwargs) -> None:
        if self._state.adding and self.link is not None:
            self.link_ref = self.link.pk
            self.question_ref = self.link.question_id
            self.passage_ref = self.link.passage_id
            self.footnote_ref = self.link.footnote_id
        super().save(*args, **kwargs)

    @property
    def says_who(self) -> bool:
        """The action's label names who did it already ("… door het systeem")."""
        return self.action in (self.Action.SUGGESTED, self.Action.RESCORED)


class LinkCandidate(models.Model):
    """A passage that may also address a question: among the machine's next best, below the
    suggestion threshold ("Mogelijk ook relevant"). Not a link: no status, no curation; a
    curator who finds it right promotes it to a link (`curation.candidate_promote`).
    Recomputed whenever the question or the passage's document is linked again."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("vraag")
    )
    passage = models.ForeignKey(
        "documents.Passage",
        on_delete=models.CASCADE,
        related_name="link_candidates",
        verbose_name=_("passage"),
    )
    probability = models.FloatField(
        _("kans"), help_text=_("Geschatte kans dat de passage de vraag beantwoordt.")
    )
    rank = models.PositiveSmallIntegerField(
        _("plaats"),
        default=1,
        help_text=_("Plaats onder de mogelijke koppelingen van de vraag in dit document."),
    )
    evidence = models.JSONField(_("onderbouwing"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    class Meta:
        ordering = ["question", "rank", "-probability", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "passage"], name="link_candidate_question_passage_unique"
            )
        ]
        verbose_name = _("mogelijke koppeling")
        verbose_name_plural = _("mogelijke koppelingen")

    def __str__(self) -> str:
        return f"{self.question} ~ {self.passage} ({self.probability:.2f})"


class IngestionOutbox(models.Model):
    """A document's ingestion waiting to be sent to the broker (the transactional outbox).

    Written in the transaction that queues the document, sent after it commits; `sent_at`
    stays empty while the broker cannot be reached, and a beat job sends those rows again
    (`kamervragen.ingestion.outbox`). One row per document, reused when it is queued again.
    """

    document = models.OneToOneField(
        "documents.Document",
        on_delete=models.CASCADE,
        related_name="ingestion_outbox",
        verbose_name=_("document"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("aangevraagd door"),
    )
    queued_at = models.DateTimeField(_("in de wachtrij"), default=timezone.now)
    sent_at = models.DateTimeField(_("verzonden"), null=True, blank=True)
    send_attempts = models.PositiveIntegerField(_("verzendpogingen"), default=0)
    last_error = models.TextField(_("laatste fout"), blank=True)
    # How often an ingestion of it was cut off (its worker died) since it was last queued by
    # a person; a document that kills its worker every time is failed after a few.
    interruptions = models.PositiveIntegerField(_("onderbrekingen"), default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["queued_at"], condition=Q(sent_at__isnull=True), name="outbox_unsent"
            )
        ]
        verbose_name = _("verwerkingsopdracht")
        verbose_name_plural = _("verwerkingsopdrachten")

    def __str__(self) -> str:
        sent = _("verzonden") if self.sent_at else _("nog niet verzonden")
        return f"document {self.document_id} ({sent})"


class ApiToken(models.Model):
    """A user's key to the read API. Only a hash of the key is kept: it is shown once, when
    made. A token acts as its user (the same roles), and a revoked one is refused."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("gebruiker"),
    )
    name = models.CharField(_("naam"), max_length=100)
    key_hash = models.CharField(
        _("hash van de sleutel"), max_length=64, unique=True, editable=False
    )
    prefix = models.CharField(_("begin van de sleutel"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
