"""A NUL character, which PostgreSQL cannot store or compare, never ends in a server error."""

import pytest
from django.urls import reverse

from documents.models import Document
from documents.services import document_create
from kamervragen.ingestion.recipe import document_ingest
from kamervragen.models import Question, QuestionSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(db):
    document = Document.objects.create(filename="v.pdf", sha256="v" * 64, kind="questions")
    question_set = QuestionSet.objects.create(zaak_number="2023Z11786", title="Scanners")
    return Question.objects.create(
        question_set=question_set, document=document, number=1, text="Gebruikt de Douane scanners?"
    )


@pytest.mark.parametrize(
    ("name", "args", "params"),
    [
        ("question_set_list", [], {"q": "\x00"}),
        ("question_set_list", [], {"ministry": "\x00"}),
        ("question_set_list_export", ["csv"], {"q": "\x00"}),
        ("question_set_list_export", ["json"], {"ministry": "\x00"}),
        ("review_queue", [], {"q": "\x00"}),
        ("link_search", ["question"], {"q": "\x00"}),
        ("overdue_by_ministry", [], {"ministry": "a\x00b"}),
        ("dashboard", [], {"\x00": "x"}),
    ],
)
def test_a_nul_in_a_query_parameter_is_a_bad_request(
    client_for, curator, question, name, args, params
):
    args = [question.pk if arg == "question" else arg for arg in args]
    response = client_for(curator).get(reverse(name, args=args), params)
    assert response.status_code == 400
    assert "ongeldig teken" in response.content.decode()


def test_a_nul_in_a_posted_field_is_a_bad_request(client_for, curator, question):
    response = client_for(curator).post(
        reverse("link_create", args=[question.pk]), {"passage": "1\x00"}
    )
    assert response.status_code == 400


def test_a_nul_in_an_html_upload_is_dropped(db):
    html = (
        b"<html><head><title>Brief\x00</title></head><body>"
        b"<p>De Douane gebruikt\x00 scanners.</p></body></html>"
    )
    document = document_create(filename="brief.html", data=html).document

    document = document_ingest(document_id=document.pk)

    assert document.status == Document.Status.DONE, document.error
    assert "De Douane gebruikt scanners." in [p.text for p in document.passages.all()]
