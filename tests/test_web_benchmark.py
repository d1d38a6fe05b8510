"""`benchmark-web` on a small generated archive: every page it measures answers 200."""

import io

import pytest
from django.core.management import call_command

from documents.models import Document, Footnote, Passage
from evaluation.web_benchmark import pages_measure, pages_to_measure
from evaluation.web_corpus import web_corpus_generate
from kamervragen.models import Link, QuestionSet


@pytest.mark.django_db
def test_the_generated_archive_has_what_the_pages_show():
    corpus = web_corpus_generate(question_sets=60, letters=3, seed=7)
    assert corpus.question_sets == QuestionSet.objects.count() == 60
    assert 0 < corpus.answer_documents < 60  # recent sets are still open
    assert Document.objects.filter(kind=Document.Kind.NOTICE).exists()
    assert Link.objects.filter(method=Link.Method.EXPLICIT).count() >= corpus.answer_documents
    assert Passage.objects.filter(document__kind=Document.Kind.LETTER).count() >= 3 * 8
    assert Footnote.objects.exists()
    assert all(s.zaak_number[4] == "Z" for s in QuestionSet.objects.all())
    # the stored statuses, as ingestion keeps them
    assert QuestionSet.objects.filter(answered=True).count() == corpus.answer_documents
    assert not QuestionSet.objects.filter(submitted__isnull=False, due__isnull=True).exists()


@pytest.mark.django_db
def test_every_measured_page_answers():
    web_corpus_generate(question_sets=40, letters=2, seed=3)
    timings = pages_measure(pages_to_measure(common_word="mensen", rare_word="haven"), repeat=1)
    assert len(timings) >= 10
    assert {t.label: t.status for t in timings} == {t.label: 200 for t in timings}
    assert all(t.queries > 0 for t in timings)


@pytest.mark.django_db
def test_the_command_prints_a_row_per_page():
    out = io.StringIO()
    call_command("benchmark-web", question_sets=20, letters=1, repeat=1, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Generated 20 question sets")
    assert any(line.startswith("set list, first page") for line in lines)
    assert "HTTP" not in out.getvalue()
