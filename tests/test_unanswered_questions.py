"""Questions without an answer: the dashboard shows the newest twenty and says how many
there are; a page lists them all."""

import pytest
from django.urls import reverse

from documents.models import Document
from kamervragen.models import Link, Question, QuestionSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(db):
    document = Document.objects.create(filename="v.pdf", sha256="v" * 64, kind="questions")
    letter = Document.objects.create(filename="b.pdf", sha256="b" * 64, kind="letter")
    question_set = QuestionSet.objects.create(zaak_number="2024Z00001", title="Havens")
    made = [
        Question.objects.create(
            question_set=question_set, document=document, number=n, text=f"Vraag over {n}?"
        )
        for n in range(1, 25)
    ]
    Link.objects.create(
        question=made[0],
        passage=letter.passages.create(order=1, text="Antwoord."),
        method=Link.Method.LEXICAL,
        score=0.5,
    )
    return made


def test_the_dashboard_says_how_many_and_links_to_them_all(questions, client_for, policy_staff):
    html = client_for(policy_staff).get(reverse("dashboard")).content.decode()
    assert html.count("· vraag ") == 20
    assert f'href="{reverse("unanswered_questions")}"' in html
    assert "Alle 23 vragen zonder antwoord" in html


def test_the_page_lists_every_unanswered_question_page_by_page(questions, client_for, policy_staff):
    client = client_for(policy_staff)
    first = client.get(reverse("unanswered_questions")).content.decode()
    second = client.get(reverse("unanswered_questions"), {"page": 2}).content.decode()
    assert "23 vragen zonder antwoord" in first
    shown = [
        q
        for q in questions
        if f'href="{reverse("question_detail", args=["2024Z00001", q.number])}"' in first + second
    ]
    assert shown == questions[1:]  # the linked one is answered


def test_the_dashboard_counts_a_large_backlog_only_up_to_a_bound(
    questions, client_for, policy_staff, monkeypatch
):
    """Counting every unanswered question of a large archive cost the dashboard up to a
    second; past the bound it says "more than"."""
    from kamervragen import views

    monkeypatch.setattr(views, "UNANSWERED_COUNTED", 10)
    html = client_for(policy_staff).get(reverse("dashboard")).content.decode()
    assert "Meer dan 10 vragen zonder antwoord" in html
    assert "Alle 23" not in html


def test_with_no_questions_at_all_the_page_does_not_say_every_question_is_answered(
    client_for, policy_staff
):
    """Before anything was uploaded it said '0 vragen zonder antwoord: aan geen ervan …'
    and 'Alle vragen hebben een gekoppelde passage.'."""
    html = client_for(policy_staff).get(reverse("unanswered_questions")).content.decode()
    assert "Alle vragen hebben een gekoppelde passage." not in html
    assert "0 vragen zonder antwoord" not in html
    assert "Nog geen vragen." in html
