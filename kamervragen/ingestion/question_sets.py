"""A document's questions and the question set they belong to.

A question document, an answer document and a postponement notice of one zaak share a set:
found by the zaak number or, for answer documents that lack it, by the questions they
reprint; whichever document is uploaded first makes the set.
"""

import re
from collections import Counter

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F

from documents.models import Document
from documents.structure import DocumentStructure
from documents.text_similarity import text_similarity
from kamervragen.ingestion.locks import question_set_lock_take
from kamervragen.models import Question, QuestionFootnote, QuestionSet, SetDocument
from kamervragen.selectors import document_question_set

QUESTION_KINDS = {Document.Kind.QUESTIONS, Document.Kind.ANSWERS, Document.Kind.NOTICE}

# Finding the set an answer document reprints (`_set_by_reprinted_questions`):
COMPARED_QUESTIONS = 8  # the first questions tell the set; more only costs queries
MIN_COMPARED_WORDS = 8  # shorter questions ("Waarom?") are too common to tell a set
QUERY_WORD_LENGTH = 4  # words shorter than this say little about the question
QUERY_WORDS = 10  # the longest words, OR-ed, find reprints that differ in a word or two
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
        values = {"text": item.text, "document": document, "lemmas": item.lemmas}
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
    defaults = {
        "title": structure.title,
        "submitted": structure.date if document.kind == Document.Kind.QUESTIONS else None,
        "submitters": structure.metadata.get("submitters", []),
        "addressed_to": structure.metadata.get("addressed_to", []),
    }
    question_set = QuestionSet.objects.filter(zaak_number=zaak).first() if zaak else None
    if question_set is None and previous and previous.zaak_number in (None, zaak):
        question_set = previous
    if question_set is None:
        question_set = _set_by_reprinted_questions(document, structure, zaak)
    if question_set is None:
        return QuestionSet.objects.create(zaak_number=zaak or None, **defaults)
    if zaak and not question_set.zaak_number:
        question_set.zaak_number = zaak
    for field, value in defaults.items():
        if value and (document.kind == Document.Kind.QUESTIONS or not getattr(question_set, field)):
            setattr(question_set, field, value)
    question_set.save()
    return question_set


def _set_by_reprinted_questions(
    document: Document, structure: DocumentStructure, zaak: str | None
) -> QuestionSet | None:
    """The set whose questions this document repeats near-identically (same numbers), if
    the reprints add up to MIN_VOTES; a set with another zaak number is never it."""
    compared = [
        item
        for item in structure.questions[:COMPARED_QUESTIONS]
        if len(item.text.split()) >= MIN_COMPARED_WORDS
    ]
    votes: Counter = Counter()
    for item in compared:
        words = set(re.findall(rf"\w{{{QUERY_WORD_LENGTH},}}", item.text.lower()))
        longest = sorted(words, key=len)[-QUERY_WORDS:]
        query = SearchQuery(" | ".join(longest), search_type="raw", config="dutch")
        candidates = (
            Question.objects.filter(number=item.number, search_vector=query)
            .exclude(document=document)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank")
            .select_related("question_set")[:CANDIDATES_PER_QUESTION]
        )
        for candidate in candidates:
            other_zaak = candidate.question_set.zaak_number
            if zaak and other_zaak and other_zaak != zaak:
                continue
            if text_similarity(candidate.text, item.text) >= REPRINT_SIMILARITY:
                specific = len(item.text.split()) >= SPECIFIC_QUESTION_WORDS
                votes[candidate.question_set_id] += 2 if specific else 1
    best = votes.most_common(1)
    if best and best[0][1] >= MIN_VOTES:
        return QuestionSet.objects.get(pk=best[0][0])
    return None
