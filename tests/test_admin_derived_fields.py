"""What processing derives from a text (offsets into it, its lemmas) is shown in the admin
but not edited there: an edit would not match the text it was derived from."""

import pytest
from django.urls import reverse

from documents.models import Document, Passage
from kamervragen.models import Question, QuestionSet

pytestmark = pytest.mark.django_db


def _document() -> Document:
    return Document.objects.create(filename="brief.txt", sha256="a" * 64, kind="letter")


def _passage() -> Passage:
    return Passage.objects.create(
        document=_document(),
        order=0,
        text="Eerste alinea. Tweede alinea.",
        paragraph_starts=[15],
        sentence_starts=[0, 15],
        lemmas="eerst alinea tweede alinea",
    )


def test_a_passages_offsets_and_lemmas_are_read_only(admin_client):
    passage = _passage()
    url = reverse("admin:documents_passage_change", args=[passage.pk])
    html = admin_client.get(url).content.decode()
    for field in ("paragraph_starts", "sentence_starts", "lemmas"):
        assert f'name="{field}"' not in html, field
    assert "eerst alinea tweede alinea" in html  # shown, to read

    response = admin_client.post(
        url,
        {
            "document": passage.document_id,
            "order": 0,
            "heading": "",
            "text": passage.text,
            "role": "body",
            "answer_numbers": "",
            "refers_to_numbers": "",
            "answer_run": 0,
            "paragraph_starts": "3",
            "sentence_starts": "3",
            "lemmas": "anders",
        },
    )
    assert response.status_code == 302
    passage.refresh_from_db()
    assert (passage.paragraph_starts, passage.sentence_starts, passage.lemmas) == (
        [15],
        [0, 15],
        "eerst alinea tweede alinea",
    )


def test_a_questions_lemmas_are_read_only(admin_client):
    question_set = QuestionSet.objects.create(zaak_number="2023Z11786")
    question = Question.objects.create(
        question_set=question_set, document=_document(), number=1, text="Vraag?", lemmas="vraag"
    )
    html = admin_client.get(reverse("admin:kamervragen_question_change", args=[question.pk]))
    assert 'name="lemmas"' not in html.content.decode()


def test_a_passage_edited_in_the_admin_drops_offsets_into_its_old_text(admin_client):
    passage = _passage()
    url = reverse("admin:documents_passage_change", args=[passage.pk])
    form = {
        "document": passage.document_id,
        "order": 0,
        "heading": "",
        "role": "body",
        "answer_numbers": "",
        "refers_to_numbers": "",
        "answer_run": 0,
    }
    assert admin_client.post(url, {**form, "text": passage.text}).status_code == 302
    passage.refresh_from_db()
    assert passage.paragraph_starts == [15]  # unchanged text, offsets kept

    assert admin_client.post(url, {**form, "text": "Een nieuwe tekst."}).status_code == 302
    passage.refresh_from_db()
    assert (passage.paragraph_starts, passage.sentence_starts) == ([], [])
    assert passage.paragraphs == ["Een nieuwe tekst."]


def test_a_question_edited_in_the_admin_drops_offsets_into_its_old_text(admin_client):
    question_set = QuestionSet.objects.create(zaak_number="2024Z00001", title="Windmolens")
    question = Question.objects.create(
        question_set=question_set,
        document=_document(),
        number=1,
        text="Kent u het bericht? Wat vindt u ervan?",
        paragraph_starts=[20],
    )
    response = admin_client.post(
        reverse("admin:kamervragen_question_change", args=[question.pk]),
        {
            "question_set": question_set.pk,
            "document": question.document_id,
            "number": 1,
            "text": "Kent u het bericht?",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.paragraph_starts == []


def test_the_question_list_shows_the_text_and_finds_a_set_by_its_zaak(admin_client):
    """The list showed "2023Z11786 vraag 1" and its number again: no words, no way to a set."""
    question_set = QuestionSet.objects.create(zaak_number="2024Z00001", title="Windmolens")
    Question.objects.create(
        question_set=question_set, document=_document(), number=1, text="Hoeveel windmolens " * 20
    )
    url = reverse("admin:kamervragen_question_changelist")
    html = admin_client.get(url, {"q": "2024Z00001"}).content.decode()
    assert "Hoeveel windmolens" in html
    assert "Hoeveel windmolens " * 10 not in html  # cut, not the whole text
    assert "2024Z00001" in html
    assert "Hoeveel" not in admin_client.get(url, {"q": "2024Z99999"}).content.decode()
