"""The question set and document pages: what they show, in a bounded number of queries."""

import csv
import io

import pytest
from django.urls import reverse

from documents.models import Document
from kamervragen.models import Link, Question, QuestionSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def question_set(db):
    questions_doc = Document.objects.create(filename="v.pdf", sha256="v" * 64, kind="questions")
    letter = Document.objects.create(filename="b.pdf", sha256="b" * 64, kind="letter")
    question_set = QuestionSet.objects.create(
        zaak_number="2023Z11786", title="Scanners", submitters=[{"name": "A", "party": "VVD"}]
    )
    question_set.documents.add(questions_doc)
    for number in range(1, 8):
        question = Question.objects.create(
            question_set=question_set,
            document=questions_doc,
            number=number,
            text=f"Gebruikt de Douane scanners {number}?",
        )
        question.footnotes.add(
            questions_doc.footnotes.create(
                order=number, marker=str(number), text="https://example.org"
            )
        )
        for order in range(3):
            passage = letter.passages.create(
                order=number * 10 + order,
                heading="Scanners",
                text=f"De Douane gebruikt scanners, passage {order}.",
                page=order + 1,
            )
            Link.objects.create(
                question=question,
                passage=passage,
                method="lexical",
                score=0.1 * order,
                evidence={"terms": ["douan", "scanner"]},
            )
    return question_set


def test_the_set_page_shows_questions_sources_and_highlighted_passages(
    client_for, policy_staff, question_set, django_assert_max_num_queries
):
    client = client_for(policy_staff)
    with django_assert_max_num_queries(14):  # one: whether the user follows the set
        response = client.get(reverse("question_set_detail", args=[question_set.pk]))
    html = response.content.decode()
    assert html.count('class="question"') == 7
    assert "<mark>Douane</mark> gebruikt <mark>scanners</mark>" in html
    assert 'href="https://example.org"' in html
    assert "Overeenkomende termen" in html


def test_the_document_page_shows_the_questions_each_passage_addresses(
    client_for, policy_staff, question_set, django_assert_max_num_queries
):
    letter = Document.objects.get(kind="letter")
    client = client_for(policy_staff)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("documents:detail", args=[letter.pk]))
    html = response.content.decode()
    assert html.count('class="passage-questions"') == 21
    assert f"/vragen/{question_set.pk}/#vraag-7" in html


def test_a_set_exports_with_its_links(client_for, policy_staff, question_set):
    client = client_for(policy_staff)
    data = client.get(reverse("question_set_export", args=[question_set.pk, "json"])).json()
    assert data["zaak"] == "2023Z11786"
    assert len(data["questions"]) == 7
    assert data["questions"][0]["links"][0]["terms"] == ["douan", "scanner"]
    assert data["questions"][0]["footnotes"][0]["urls"] == []
    response = client.get(reverse("question_set_export", args=[question_set.pk, "csv"]))
    assert response["Content-Disposition"] == 'attachment; filename="2023Z11786.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 21
    assert rows[0]["Termen"] == "Douane scanners"  # words, not the stems "douan scanner"


@pytest.mark.parametrize(
    "name", ["dashboard", "question_set_list", "search", "documents:list", "statistics"]
)
def test_pages_answer_head_as_get(client_for, policy_staff, name):
    """HEAD, which every server must answer as GET without the body, was 405 on each page."""
    response = client_for(policy_staff).head(reverse(name))
    assert response.status_code == 200
    assert response.content == b""


def test_a_finished_document_row_names_its_kind_once(client_for, clerk):
    Document.objects.create(
        filename="brief-uitstel.pdf", sha256="u" * 64, kind="notice", status="done"
    )
    html = client_for(clerk).get(reverse("dashboard")).content.decode()
    row = html[html.index("brief-uitstel.pdf") :]
    row = row[: row.index("</tr>")]
    assert row.count("Uitstelbericht") == 1  # in the kind column, not again beside the status


def test_changing_ones_password_is_a_page_of_the_site_linked_from_the_account_page(
    client_for, policy_staff
):
    """Not the admin's page (its header and its 'Voorpagina' lead to /admin/, closed to
    policy staff): the site's own, reached from the account page, in Dutch."""
    from tests.conftest import PASSWORD

    client = client_for(policy_staff)
    account = client.get(reverse("api_tokens")).content.decode()
    assert f'href="{reverse("password_change")}"' in account
    page = client.get(reverse("password_change")).content.decode()
    assert "Django" not in page and reverse("admin:index") not in page
    assert f'href="{reverse("question_set_list")}"' in page  # the site's menu
    assert "Wachtwoord wijzigen" in page
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Zeer-geheim-2026", "new_password2": "x"},
    )
    assert response.status_code == 200 and "Django" not in response.content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Zeer-geheim-2026",
            "new_password2": "Zeer-geheim-2026",
        },
        follow=True,
    )
    done = response.content.decode()
    assert "Django" not in done and "Uw wachtwoord is gewijzigd" in done
    policy_staff.refresh_from_db()
    assert policy_staff.check_password("Zeer-geheim-2026")


def test_an_empty_dashboard_says_what_to_do_and_claims_no_answers(client_for, clerk, policy_staff):
    """Before anything was uploaded the dashboard said 'Alle vragen hebben een gekoppelde
    passage.' (there were no questions) and 'Geen vragensets gevonden.' (nothing was
    sought): now where sets come from, and for a clerk the way to upload."""
    html = client_for(clerk).get(reverse("dashboard")).content.decode()
    assert "Alle vragen hebben een gekoppelde passage." not in html
    assert "Geen vragensets gevonden." not in html
    assert "Nog geen vragensets." in html
    assert f'<a href="{reverse("documents:upload")}">Documenten uploaden</a>' in html
    staff = client_for(policy_staff).get(reverse("dashboard")).content.decode()
    assert "Nog geen vragensets." in staff and "een griffier" in staff
    assert reverse("documents:upload") not in staff
