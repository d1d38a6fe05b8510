"""`benchmark-linking` generates a corpus, links a letter against it, and leaves no trace."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from documents.models import Document, Passage
from kamervragen.models import Link, Question, QuestionSet
from tests.conftest import SEED_LETTER_PDF, SEED_QUESTIONS_PDF

pytestmark = pytest.mark.django_db


def test_benchmark_links_the_letter_against_the_generated_sets_and_rolls_back():
    out = io.StringIO()
    call_command("benchmark-linking", str(SEED_LETTER_PDF), question_sets=300, stdout=out)
    text = out.getvalue()
    assert "corpus: 300 question sets, 1800 generated questions" in text
    assert "linking alone (measured):" in text and "rolled back" in text
    assert "stages: rules" in text and "candidates" in text and "store" in text
    assert not QuestionSet.objects.exists()
    assert not Question.objects.exists()
    assert not Document.objects.exists()
    assert not Link.objects.exists()


def test_benchmark_keeps_the_corpus_when_asked_and_reuses_it():
    out = io.StringIO()
    call_command("benchmark-linking", str(SEED_LETTER_PDF), question_sets=50, keep=True, stdout=out)
    assert QuestionSet.objects.count() == 50
    assert Question.objects.filter(search_vector__isnull=False).count() == 300
    assert not Document.objects.exclude(kind=Document.Kind.QUESTIONS).exists()  # not the letter
    with connection.cursor() as cursor:  # the GIN indexes dropped for the writes are back
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%search_gin'")
        assert {"question_search_gin", "question_set_search_gin"} <= {r[0] for r in cursor}
    out = io.StringIO()
    call_command("benchmark-linking", str(SEED_LETTER_PDF), reuse=True, stdout=out)
    assert "corpus (reused): 50 question sets, 300 questions" in out.getvalue()
    assert "linking again" in out.getvalue()
    assert QuestionSet.objects.count() == 50


def test_benchmark_refuses_a_letter_already_in_the_database():
    call_command("ingest", str(SEED_LETTER_PDF), sync=True)
    with pytest.raises(CommandError, match="already in this database"):
        call_command(
            "benchmark-linking", str(SEED_LETTER_PDF), question_sets=5, stdout=io.StringIO()
        )
    assert Document.objects.count() == 1
    assert not QuestionSet.objects.exists()  # the generated corpus was rolled back


def test_the_other_direction_links_a_question_document_against_generated_letters():
    out = io.StringIO()
    call_command(
        "benchmark-linking",
        str(SEED_QUESTIONS_PDF),
        letters=40,
        passages_per_letter=5,
        stdout=out,
    )
    text = out.getvalue()
    assert "corpus: 40 letters, 200 generated passages" in text
    assert "linking its questions (measured):" in text and "rolled back" in text
    assert "stages: rules" in text
    assert not Document.objects.exists()
    assert not Passage.objects.exists()


def test_a_letter_is_scored_against_the_questions_of_a_bounded_number_of_sets():
    """Each set is scored whole, so the sets bound what linking reads: in a large corpus a
    letter's best questions each fall in a set of their own."""
    from dataclasses import replace

    from evaluation.linking_benchmark import corpus_generate
    from kamervragen.linking.candidates import document_passages, document_weights, questions_for
    from kamervragen.linking.config import DEFAULT

    corpus_generate(question_sets=3_000, questions_per_set=6)
    call_command("ingest", str(SEED_LETTER_PDF), sync=True)
    letter = Document.objects.get(filename=SEED_LETTER_PDF.name)
    weights = document_weights(document_passages(letter).order_by("order"))
    unbounded = questions_for(weights, replace(DEFAULT, sets_per_document=1_000))
    sets = list(dict.fromkeys(q.question_set_id for q in unbounded))
    assert len(sets) > 5
    bounded = questions_for(weights, replace(DEFAULT, sets_per_document=5))
    assert bounded == [q for q in unbounded if q.question_set_id in sets[:5]]
