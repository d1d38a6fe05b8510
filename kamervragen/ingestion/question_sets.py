"""A document's questions and the question set they belong to.

A question document, an answer document and a postponement notice of one zaak share a set:
found by the zaak number or, for answer documents that lack it, by the questions they
reprint; whichever document is uploaded first makes the set.
"""

import datetime
import re
from collections import Counter
from collections.abc import Iterable

from django.db.models import Q
from django.db.models.fields.json import KT

from documents.models import Document, Passage
from documents.structure import DocumentStructure
from documents.text_similarity import text_similarity
from documents.titles import derived_title, questions_subject
from kamervragen.deadlines import due_date
from kamervragen.ingestion.locks import question_set_lock_take
from kamervragen.linking.answer_runs import answer_run_sets, answer_runs_naming
from kamervragen.linking.candidates import linkable, questions_worded_like
from kamervragen.linking.config import DEFAULT
from kamervragen.linking.replies import declared_question_sets, replying_documents
from kamervragen.models import Question, QuestionFootnote, QuestionSet, SetDocument
from kamervragen.selectors import document_question_set

QUESTION_KINDS = {Document.Kind.QUESTIONS, Document.Kind.ANSWERS, Document.Kind.NOTICE}

# Finding the set an answer document reprints (`_set_by_reprinted_questions`):
COMPARED_QUESTIONS = 8  # the first questions tell the set; more only costs queries
MIN_COMPARED_WORDS = 8  # shorter questions ("Waarom?") are too common to tell a set
QUERY_WORD_LENGTH = 4  # words shorter than this say little about the question
CANDIDATES_PER_QUESTION = 20
REPRINT_SIMILARITY = 0.8  # a reprint may differ in punctuation and a word or two
SPECIFIC_QUESTION_WORDS = 15  # a question this long is specific: its reprint counts double
MIN_VOTES = 2  # one stock question ("Kunt u deze vragen … beantwoorden?") proves nothing


def questions_store(*, document: Document, structure: DocumentStructure) -> None:
    """Puts the document in its question set and stores its questions with their footnotes.

    The question document's wording wins; an answer document's reprint of a question only
    fills a gap (it may word the question slightly differently). Runs inside the store
    transaction, which holds the question set lock from here to its commit.
    """
    # The footnotes were stored afresh; which question carries each is decided again below.
    QuestionFootnote.objects.filter(footnote__document=document).delete()
    if document.kind not in QUESTION_KINDS:
        return
    question_set_lock_take()
    previous = document_question_set(document)
    question_set = _question_set_for(document, structure, previous)
    SetDocument.objects.update_or_create(document=document, defaults={"question_set": question_set})
    if previous and previous.pk != question_set.pk:
        _move_questions(document, previous.pk, question_set)
    for item in structure.questions:
        values = {
            "text": item.text,
            "paragraph_starts": item.paragraph_starts,
            "document": document,
            "lemmas": item.lemmas,
        }
        if document.kind == Document.Kind.QUESTIONS:
            question, _ = Question.objects.update_or_create(
                question_set=question_set, number=item.number, defaults=values
            )
        else:
            question, _ = Question.objects.get_or_create(
                question_set=question_set, number=item.number, defaults=values
            )
        for marker in item.footnote_markers:
            question.footnotes.add(
                *document.footnotes.filter(marker=marker, questions__isnull=True, superseded=False)
            )
    question_set_status_refresh([question_set.pk, *([previous.pk] if previous else [])])


def question_set_status_refresh(question_set_ids: Iterable[int]) -> None:
    """Recomputes what a set's status and deadline are read from (`QuestionSet.answered`,
    `answered_on`, `postponed`, `due`, `questions_missing`): the one place they are written;
    and its `ministries`.

    Answered: an answer document or a reply letter is in, or a document answering several
    sets answers it in one of its runs (`run_answers`); on the earliest date one of them
    gives (an answer document's "ontvangen" date, else its date; a letter's date).
    """
    sets = QuestionSet.objects.filter(pk__in=set(question_set_ids))
    for question_set in sets.prefetch_related("reply_letters", "run_answers"):
        documents = Document.objects.filter(question_sets=question_set).annotate(
            received=KT("metadata__received")
        )
        kinds = {d.kind: d for d in documents}
        answer_dates = [
            _date(d.received) or d.date for d in documents if d.kind == Document.Kind.ANSWERS
        ]
        answer_dates += [letter.date for letter in question_set.reply_letters.all()]
        answer_dates += [
            _date((d.metadata or {}).get("received")) or d.date
            for d in question_set.run_answers.all()
        ]
        question_set.answered = bool(answer_dates)
        question_set.answered_on = min((d for d in answer_dates if d), default=None)
        question_set.postponed = Document.Kind.NOTICE in kinds
        # the term a Kamervraag page gives ("Beantwoordingstermijn"), the questions' first
        official = next(
            (
                due
                for d in sorted(documents, key=lambda d: d.kind != Document.Kind.QUESTIONS)
                if (due := _date((d.metadata or {}).get("due")))
            ),
            None,
        )
        question_set.due = due_date(
            submitted=question_set.submitted, postponed=question_set.postponed, official=official
        )
        question_set.questions_missing = not question_set.questions.exists()
        # `save` fills the ministries from the addressees: also those of sets written
        # without it (COPY, `update`), and after a change of `kamervragen.ministries`.
        question_set.save(
            update_fields=[
                "answered",
                "answered_on",
                "postponed",
                "due",
                "questions_missing",
                "ministries",
            ]
        )


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def reply_letters_refresh(document: Document) -> None:
    """Records which sets a newly linked document answers as a reply letter: the sets a
    letter declares, or for a question document, the letters that declare its set. A
    document no longer a letter (a clerk corrected its kind) is no reply letter any more:
    answers belong to their set as its documents, and were listed twice."""
    if document.kind in {Document.Kind.LETTER, Document.Kind.OTHER}:
        opening = linkable(document.passages.all()).order_by("order")
        passages = list(opening[: DEFAULT.declaration_passages])
        reply_letters_record(document, declared_question_sets(passages))
        return
    if document.answered_question_sets.exists():
        reply_letters_record(document, [])
    if document.kind == Document.Kind.QUESTIONS:
        question_set = document_question_set(document)
        if question_set is None:
            return
        question_set.reply_letters.add(*replying_documents(question_set))
        question_set_status_refresh([question_set.pk])


def reply_letters_record(document: Document, question_set_ids: Iterable[int]) -> None:
    """The sets this letter declares it answers (`kamervragen.linking.replies`) are these,
    and their statuses follow; sets it no longer declares lose it."""
    wanted = set(question_set_ids)
    before = set(document.answered_question_sets.values_list("pk", flat=True))
    document.answered_question_sets.set(wanted)
    question_set_status_refresh(wanted | before)


def answer_runs_refresh(document: Document) -> None:
    """Records which sets a newly linked document answers in its runs, when it answers
    several sets each numbered anew; for a document of a set (its questions, uploaded
    before or after the answers), the runs that may be this set's are read again
    (`answer_runs_naming`), as the set may be new or now say who asked it and about what."""
    if (document.metadata or {}).get("answer_runs") or (
        document.run_answered_question_sets.exists()  # reprocessed, it answers one set now
    ):
        answer_runs_record(document)
    question_set = document_question_set(document)
    if question_set is None:
        return
    for other in answer_runs_naming(question_set):
        if other.pk != document.pk:
            answer_runs_record(other, refresh_all=False)


def answer_runs_record(document: Document, *, refresh_all: bool = True) -> None:
    """The sets this document answers in its runs (`answer_run_sets`: each run's set when
    certain), other than the one it belongs to, are these, and their statuses follow;
    sets it no longer answers lose it. `refresh_all=False`: only the statuses of the sets
    it was added to or removed from are recomputed (its dates are unchanged)."""
    own = document_question_set(document)
    wanted = answer_run_sets(document) - ({own.pk} if own else set())
    before = set(document.run_answered_question_sets.values_list("pk", flat=True))
    if wanted != before:
        document.run_answered_question_sets.set(wanted)
    question_set_status_refresh(wanted | before if refresh_all else wanted ^ before)


def _move_questions(document: Document, previous_set_id: int, question_set: QuestionSet) -> None:
    """Re-processing put the document in another set (a corrected zaak number): its questions
    follow with their links where the new set has no question of that number yet."""
    if document.kind == Document.Kind.QUESTIONS:
        taken = Question.objects.filter(question_set=question_set).values("number")
        Question.objects.filter(document=document, question_set_id=previous_set_id).exclude(
            number__in=taken
        ).update(question_set=question_set)
    QuestionSet.objects.filter(
        pk=previous_set_id, questions__isnull=True, documents__isnull=True
    ).delete()


def _question_set_for(
    document: Document, structure: DocumentStructure, previous: QuestionSet | None
) -> QuestionSet:
    """The set this document belongs to: by zaak number, else the set it is in already
    (processed again) unless the zaak says otherwise, else by the questions it repeats,
    else a new one. The set takes the question document's title, date and submitters."""
    zaak = structure.identifiers.get("zaak")
    submitted = structure.metadata.get("submitted")
    if document.kind == Document.Kind.QUESTIONS:
        submitted = structure.date or submitted
    title = structure.title or derived_title(structure)
    defaults = {
        # a notice without a heading of its own: what it says it is about, not no subject
        "title": title if document.kind == Document.Kind.QUESTIONS else questions_subject(title),
        "submitted": submitted,
        "submitters": structure.metadata.get("submitters", []),
        "addressed_to": structure.metadata.get("addressed_to", []),
    }
    question_set = QuestionSet.objects.filter(zaak_number=zaak).first() if zaak else None
    if question_set is None and previous and previous.zaak_number in (None, zaak):
        question_set = previous
    if question_set is None:
        question_set = _set_of_the_same_list(document, structure)
    if question_set is None:
        question_set = _set_by_reprinted_questions(document, structure, zaak)
    if question_set is None and document.kind == Document.Kind.ANSWERS and not structure.questions:
        question_set = _set_declared(structure, zaak)  # reprinted questions would have told
    if question_set is None:
        question_set = _set_by_title(document, structure.title, zaak, submitted)
    if question_set is None:
        return QuestionSet.objects.create(zaak_number=zaak or None, **defaults)
    if zaak and not question_set.zaak_number:
        question_set.zaak_number = zaak
    for field, value in defaults.items():
        if value and (document.kind == Document.Kind.QUESTIONS or not getattr(question_set, field)):
            setattr(question_set, field, value)
    question_set.save()
    return question_set


def _title_core(title: str) -> str:
    """What a title is about: "Uitstelbrief op kamervragen van Leijten over de …" and "De …"
    both say "de …"."""
    core = re.sub(r"\s+", " ", title).strip(" .?").lower()
    return re.sub(r"^.*?\b(?:kamer)?vragen\b.*?\bover\s+", "", core)


def _set_by_title(
    document: Document, title: str, zaak: str | None, submitted: str | None
) -> QuestionSet | None:
    """For a postponement notice, the one set without a notice that is about what its title
    says; for a question document, the one set of a notice still waiting for its questions.
    A set with another zaak number or submission date is never it. (Answer documents reprint
    the questions, which tell their set far better than a title.)"""
    core = _title_core(title)
    if len(core.split()) < 3:  # "Vragen", "Uitstel": says nothing about which set
        return None
    candidates = QuestionSet.objects.filter(
        Q(title__iexact=core) | Q(title__iendswith=f" over {core}")
    ).exclude(documents=document)
    if document.kind == Document.Kind.NOTICE:
        candidates = candidates.exclude(documents__kind=Document.Kind.NOTICE)
    elif document.kind == Document.Kind.QUESTIONS:
        candidates = candidates.filter(questions__isnull=True)
    else:
        return None
    if zaak:
        candidates = candidates.filter(Q(zaak_number__isnull=True) | Q(zaak_number=zaak))
    if submitted:
        candidates = candidates.filter(Q(submitted__isnull=True) | Q(submitted=submitted))
    found = [c for c in candidates.distinct()[:20] if _title_core(c.title) == core]
    return found[0] if len(found) == 1 else None


def _set_declared(structure: DocumentStructure, zaak: str | None) -> QuestionSet | None:
    """The one set an answer document that neither gives its zaak number nor reprints the
    questions says it answers in its opening ("Hierbij beantwoord ik de vragen van het lid X
    over …", the date they were submitted), as a reply letter declares its sets
    (`declared_question_sets`); None when it names none or several."""
    opening = [
        Passage(text=item.text, role=item.role)
        for item in structure.passages[: DEFAULT.declaration_passages]
    ]
    declared = list(declared_question_sets(opening))
    if len(declared) != 1:
        return None
    question_set = QuestionSet.objects.get(pk=declared[0])
    return None if zaak and question_set.zaak_number not in (None, zaak) else question_set


def _set_of_the_same_list(document: Document, structure: DocumentStructure) -> QuestionSet | None:
    """A list of questions has no zaak number: the set of another copy of the same list
    (the same Kamerstuk, as PDF and as text) is its set."""
    kamerstuk = structure.identifiers.get("kamerstuk")
    if not kamerstuk or not structure.metadata.get("list_of_questions"):
        return None
    return (
        QuestionSet.objects.filter(
            documents__identifiers__kamerstuk=kamerstuk,
            documents__metadata__list_of_questions=True,
        )
        .exclude(documents=document)
        .order_by("pk")
        .first()
    )


def _of_another_kamerstuk(question_set_id: int, structure: DocumentStructure) -> bool:
    """The set holds a document that is another Kamerstuk than this one (both numbered)."""
    kamerstuk = structure.identifiers.get("kamerstuk")
    if not kamerstuk:
        return False
    return (
        Document.objects.filter(question_sets=question_set_id, identifiers__has_key="kamerstuk")
        .exclude(identifiers__kamerstuk=kamerstuk)
        .exists()
    )


def _set_by_reprinted_questions(
    document: Document, structure: DocumentStructure, zaak: str | None
) -> QuestionSet | None:
    """The set whose questions this document repeats near-identically (same numbers), if
    the reprints add up to MIN_VOTES; a set with another zaak number is never it, nor a set
    of another Kamerstuk (a list of questions repeating last year's list is a list of its
    own)."""
    compared = [
        item
        for item in structure.questions[:COMPARED_QUESTIONS]
        if len(item.text.split()) >= MIN_COMPARED_WORDS
    ]
    votes: Counter = Counter()
    for item in compared:
        words = set(re.findall(rf"\w{{{QUERY_WORD_LENGTH},}}", item.text.lower()))
        candidates = questions_worded_like(
            words, item.number, excluding=document, count=CANDIDATES_PER_QUESTION
        )
        for candidate in candidates:
            other_zaak = candidate.question_set.zaak_number
            if zaak and other_zaak and other_zaak != zaak:
                continue
            if _of_another_kamerstuk(candidate.question_set_id, structure):
                continue
            if text_similarity(candidate.text, item.text) >= REPRINT_SIMILARITY:
                specific = len(item.text.split()) >= SPECIFIC_QUESTION_WORDS
                votes[candidate.question_set_id] += 2 if specific else 1
    best = votes.most_common(1)
    if best and best[0][1] >= MIN_VOTES:
        return QuestionSet.objects.get(pk=best[0][0])
    return None
