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


@pytest.mark.parametrize(("name", "value"), [("member_detail", "a\x00b"), ("party_detail", "\x00")])
def test_a_nul_in_a_name_in_the_page_address_is_a_bad_request(
    client_for, policy_staff, question, name, value
):
    """'/leden/%00/' was a server error: the name went to PostgreSQL as it was."""
    response = client_for(policy_staff).get(reverse(name, args=[value]))
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


def test_a_nul_in_a_page_address_gets_the_sites_own_error_page(client_for, policy_staff):
    """'/zoeken/?q=a%00b' answered a bare line of text: no header, no menu, no way back but
    the browser's."""
    response = client_for(policy_staff).get(reverse("search"), {"q": "a\x00b"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "ongeldig teken (NUL)" in html
    assert "Naar het overzicht" in html
    assert 'aria-label="Hoofdmenu"' in html  # the logged-in user's menu, as on every page
    assert response["X-Frame-Options"] == "DENY"


def test_the_api_keeps_a_plain_answer_to_a_nul(client_for, policy_staff):
    response = client_for(policy_staff).get("/api/v1/question-sets", {"q": "a\x00b"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
